/**
 * How KYC files read on screen: statuses and the queue's tabs, risk levels and factor names, the
 * risk factors as chart rows, screening scores and their evidence, review dates, the profile as
 * the "extracted data" beside a document, and what a document can be shown as. Pure functions (no
 * React, no DOM) so that each is unit-tested.
 */
import type { CommandOutput } from '../../api';

export type CustomerSummary = CommandOutput<'kyc.customers.list'>['customers'][number];
export type CustomerDetail = CommandOutput<'kyc.customers.get'>;
export type CustomerFile = CustomerDetail['customer'];
export type Profile = CustomerFile['profile'];
export type HitView = CustomerDetail['hits'][number];
export type MatchFeature = HitView['agreed'][number];
export type Assessment = NonNullable<CustomerDetail['risk']>;
export type Factor = Assessment['factors'][number];
export type DocumentView = CustomerDetail['documents'][number];
export type ReviewDue = CommandOutput<'kyc.reviews.due'>['reviews'][number];
export type KycStatus = CustomerSummary['status'];
export type RiskLevel = NonNullable<CustomerSummary['riskLevel']>;
export type CddLevel = NonNullable<CustomerSummary['cddLevel']>;
export type CustomerType = CustomerSummary['type'];

export const STATUS_LABELS: Readonly<Record<KycStatus, string>> = {
  pending_review: 'Pending review',
  information_requested: 'Information requested',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const STATUS_COLORS: Readonly<Record<KycStatus, string>> = {
  pending_review: 'yellow',
  information_requested: 'orange',
  approved: 'teal',
  rejected: 'gray',
};

export const RISK_COLORS: Readonly<Record<RiskLevel, string>> = { low: 'teal', medium: 'yellow', high: 'red' };
export const RISK_LABELS: Readonly<Record<RiskLevel, string>> = { low: 'Low', medium: 'Medium', high: 'High' };
export const CDD_LABELS: Readonly<Record<CddLevel, string>> = { simplified: 'Simplified', standard: 'Standard', enhanced: 'Enhanced (EDD)' };

export type QueueTab = 'pending' | 'information' | 'approved' | 'rejected' | 'reviews';

/** The queue's tabs: the four statuses in the order work flows, then the periodic reviews that fall due. */
export const QUEUE_TABS: readonly { readonly key: QueueTab; readonly label: string; readonly status: KycStatus | null }[] = [
  { key: 'pending', label: 'Pending review', status: 'pending_review' },
  { key: 'information', label: 'Information requested', status: 'information_requested' },
  { key: 'approved', label: 'Approved', status: 'approved' },
  { key: 'rejected', label: 'Rejected', status: 'rejected' },
  { key: 'reviews', label: 'Reviews due', status: null },
];

export function queueTabOf(value: string | null | undefined): QueueTab {
  return QUEUE_TABS.find((t) => t.key === value)?.key ?? 'pending';
}

/** The tab a customer in `status` is listed under. */
export function tabOfStatus(status: KycStatus): QueueTab {
  return QUEUE_TABS.find((t) => t.status === status)!.key;
}

export interface QueueFilters {
  readonly risk: RiskLevel | null;
  readonly type: CustomerType | null;
}

export function riskLevelOf(value: string | null | undefined): RiskLevel | null {
  return value === 'low' || value === 'medium' || value === 'high' ? value : null;
}

export function customerTypeOf(value: string | null | undefined): CustomerType | null {
  return value === 'individual' || value === 'entity' ? value : null;
}

/** Rows that pass the risk and type filters (a customer not yet scored passes no risk filter). */
export function filterCustomers<T extends Pick<CustomerSummary, 'riskLevel' | 'type'>>(rows: readonly T[], filters: QueueFilters): readonly T[] {
  if (!filters.risk && !filters.type) return rows;
  return rows.filter((c) => (!filters.risk || c.riskLevel === filters.risk) && (!filters.type || c.type === filters.type));
}

/**
 * The id of the row `step` away from `current` (j/k). With nothing selected, j picks the first
 * row and k the last; at either end the selection stays.
 */
export function stepSelection(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return step === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))]!;
}

/** The risk engine's factors (src-main/kyc/risk-config.ts) in words. */
const FACTOR_LABELS: Readonly<Record<string, string>> = {
  country: 'Country',
  product: 'Products',
  volume: 'Expected volume',
  pep: 'PEP status',
  sanctions: 'Sanctions',
  customerType: 'Customer type',
  sourceOfFunds: 'Source of funds',
  walletBehaviour: 'Wallet behaviour',
};

export function factorLabel(factor: string): string {
  return FACTOR_LABELS[factor] ?? factor.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export interface FactorBar {
  readonly factor: string;
  readonly label: string;
  /** Points this factor adds to the score (0–100 scale, one decimal). */
  readonly contribution: number;
  /** The factor's own score, 0–100, before its weight. */
  readonly score: number;
  /** The configured weight as a whole percentage: `30 %`. */
  readonly weight: string;
  readonly input: string;
}

/**
 * The factors as chart rows, largest contribution first. Weight-0 factors stay in the list (the
 * configuration keeps them visible without letting them move the score), after the others.
 */
export function factorBars(factors: readonly Factor[]): readonly FactorBar[] {
  return factors
    .map((f, i) => ({ f, i }))
    .sort((a, b) => b.f.contribution - a.f.contribution || b.f.weight - a.f.weight || a.i - b.i)
    .map(({ f }) => ({ factor: f.factor, label: factorLabel(f.factor), contribution: f.contribution, score: f.score, weight: `${Math.round(f.weight * 100)} %`, input: f.input }));
}

/** Round ticks for the factor chart's axis: 0 to at least 10 points, in steps of 5 (or 10 past 30). */
export function axisTicks(maxContribution: number): readonly number[] {
  const step = maxContribution > 30 ? 10 : 5;
  const top = Math.max(10, Math.ceil(maxContribution / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return ticks;
}

/** A risk score or contribution with one decimal: `63.5`, `0.0`. */
export function formatScore(score: number): string {
  return (Math.round(score * 10) / 10).toFixed(1);
}

/** A screening match score (0–1) with two decimals, as the thresholds are written: `0.87`. */
export function formatMatchScore(score: number): string {
  return score.toFixed(2);
}

/** A feature's additive effect on the match score, signed: `+0.04`, `−0.12` (a true minus sign). */
export function formatEffect(effect: number): string {
  const fixed = Math.abs(effect).toFixed(2);
  if (fixed === '0.00') return '±0.00';
  return `${effect < 0 ? '−' : '+'}${fixed}`;
}

const FEATURE_LABELS: Readonly<Record<string, string>> = {
  tokens: 'Name tokens',
  phonetic: 'Phonetics',
  initials: 'Initials',
  typo: 'Typo',
  transliteration: 'Transliteration',
  birthDate: 'Date of birth',
  country: 'Country',
  kind: 'Kind',
  weakAlias: 'Weak alias',
  order: 'Word order',
};

export function featureLabel(feature: string): string {
  return FEATURE_LABELS[feature] ?? feature.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export const HIT_STATUS_LABELS: Readonly<Record<HitView['status'], string>> = { open: 'Open', true_match: 'True match', false_positive: 'False positive' };
export const HIT_STATUS_COLORS: Readonly<Record<HitView['status'], string>> = { open: 'red', true_match: 'grape', false_positive: 'teal' };

/** Whose name or address was matched: the customer, one of its owners, or one of its wallets. */
export function hitSubjectText(hit: Pick<HitView, 'subjectType' | 'subjectName'>): string {
  switch (hit.subjectType) {
    case 'customer':
      return hit.subjectName;
    case 'owner':
      return `${hit.subjectName} (beneficial owner)`;
    case 'address':
      return `wallet ${hit.subjectName}`;
    default: {
      const unknown: never = hit.subjectType;
      return unknown;
    }
  }
}

/** Open hits first (they need a person), then by score, highest first. */
export function sortHits(hits: readonly HitView[]): readonly HitView[] {
  return [...hits].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.score - a.score || a.id.localeCompare(b.id));
}

const DAY_MS = 86_400_000;

/** Whole calendar days (UTC) from `now` to `iso`: negative when past. */
export function daysUntil(iso: string, now: number): number {
  const day = (ms: number): number => Math.floor(ms / DAY_MS);
  return day(Date.parse(iso)) - day(now);
}

/** A review date in words beside the date: `in 12 days`, `today`, `overdue by 3 days`. */
export function reviewDueText(iso: string | null, now: number): { text: string; overdue: boolean; soon: boolean } {
  if (!iso) return { text: 'not scheduled', overdue: false, soon: false };
  const days = daysUntil(iso, now);
  const plural = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;
  if (days < 0) return { text: `overdue by ${plural(-days)}`, overdue: true, soon: false };
  if (days === 0) return { text: 'due today', overdue: false, soon: true };
  return { text: `in ${plural(days)}`, overdue: false, soon: days <= 30 };
}

/** `2026-03-14T10:00:00.000Z` → `2026-03-14`. */
export function isoDay(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

const usd = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/** Whole US dollars: `$12,000`. */
export function formatUsd(amount: number): string {
  return `$${usd.format(amount)}`;
}

/** `AT` → `AT (Austria)`; the code alone where the platform has no name for it. */
export function countryText(code: string | null | undefined): string {
  if (!code) return '—';
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${code} (${name})` : code;
}

/** `source_of_funds` → `Source of funds`; `custody,trading` codes as words. */
export function codeText(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DOCUMENT_KIND_LABELS: Readonly<Record<string, string>> = {
  passport: 'Passport',
  id_card: 'Identity card',
  driving_licence: 'Driving licence',
  residence_permit: 'Residence permit',
  proof_of_address: 'Proof of address',
  selfie: 'Selfie',
  company_registration: 'Company registration',
  ownership_chart: 'Ownership chart',
  source_of_funds: 'Source of funds',
  other: 'Other',
};

export function documentKindLabel(kind: string): string {
  return DOCUMENT_KIND_LABELS[kind] ?? codeText(kind);
}

export type ViewerKind = 'image' | 'pdf' | 'unsupported';

/** How the viewer shows a document's bytes: images as they are, PDFs drawn page by page. */
export function viewerKind(contentType: string): ViewerKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/png' || type === 'image/jpeg') return 'image';
  if (type === 'application/pdf') return 'pdf';
  return 'unsupported';
}

/** Why a document is opened: the vault logs the purpose with the read (kyc.documents.read). */
export const READ_PURPOSES: readonly string[] = [
  'KYC review: identity checked against the submitted profile',
  'Periodic re-verification of the customer',
  'Screening hit investigation',
  'Request from a regulator or auditor',
];

export interface ExtractedField {
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

/** Profile fields, by key, that a document of this kind evidences (highlighted beside it). */
const EVIDENCED: Readonly<Record<string, readonly string[]>> = {
  passport: ['legalName', 'dateOfBirth', 'nationality', 'idDocument'],
  id_card: ['legalName', 'dateOfBirth', 'nationality', 'idDocument'],
  driving_licence: ['legalName', 'dateOfBirth', 'idDocument'],
  residence_permit: ['legalName', 'dateOfBirth', 'residence', 'idDocument'],
  proof_of_address: ['legalName', 'address', 'residence'],
  selfie: ['legalName'],
  company_registration: ['legalName', 'registrationNumber', 'jurisdiction', 'incorporatedOn', 'address'],
  ownership_chart: ['legalName', 'beneficialOwners'],
  source_of_funds: ['legalName', 'sourceOfFunds', 'expectedMonthlyVolumeUsd'],
};

export function evidencedBy(kind: string | null | undefined): ReadonlySet<string> {
  return new Set(kind ? (EVIDENCED[kind] ?? []) : []);
}

/**
 * The submitted profile as the data to compare with a document: every field the customer gave,
 * in the order a reviewer reads an identity document. Absent optional fields are left out.
 */
export function extractedFields(profile: Profile): readonly ExtractedField[] {
  const out: ExtractedField[] = [];
  const add = (key: string, label: string, value: string | undefined | null): void => {
    if (value !== undefined && value !== null && value !== '') out.push({ key, label, value });
  };
  add('legalName', 'Legal name', profile.legalName);
  add('type', 'Customer type', profile.type === 'entity' ? 'Entity' : 'Individual');
  if (profile.type === 'individual') {
    add('dateOfBirth', 'Date of birth', profile.dateOfBirth);
    add('nationality', 'Nationality', profile.nationality ? countryText(profile.nationality) : undefined);
    add('residence', 'Residence', profile.residence ? countryText(profile.residence) : undefined);
    if (profile.idDocument) {
      const d = profile.idDocument;
      add('idDocument', 'ID document', `${documentKindLabel(d.type)} ${d.number}, issued by ${d.issuingCountry}, expires ${d.expiresOn}`);
    }
  } else {
    add('registrationNumber', 'Registration', profile.registrationNumber);
    add('jurisdiction', 'Jurisdiction', profile.jurisdiction ? countryText(profile.jurisdiction) : undefined);
    add('incorporatedOn', 'Incorporated', profile.incorporatedOn);
  }
  const a = profile.address;
  add('address', 'Address', [a.line, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].join(', '));
  add('expectedProducts', 'Expected products', profile.expectedProducts.map(codeText).join(', '));
  add('expectedMonthlyVolumeUsd', 'Expected monthly volume', formatUsd(profile.expectedMonthlyVolumeUsd));
  add('sourceOfFunds', 'Source of funds', codeText(profile.sourceOfFunds));
  add('pepDeclared', 'Declared PEP', profile.pepDeclared ? 'Yes' : 'No');
  if (profile.walletAddresses && profile.walletAddresses.length > 0) {
    add('walletAddresses', 'Wallet addresses', profile.walletAddresses.map((w) => `${w.chain} ${w.address}`).join('; '));
  }
  return out;
}

/** Who did it, as people say it: the core writes operators as `operator:<username>`. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '?';
  return actor.startsWith('operator:') ? actor.slice('operator:'.length) : actor;
}

/** Rows whose id or legal name contains `query` (case- and accent-insensitive). */
export function searchCustomers<T extends Pick<CustomerSummary, 'id' | 'legalName'>>(rows: readonly T[], query: string | null): readonly T[] {
  const fold = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const q = fold((query ?? '').trim());
  if (q === '') return rows;
  return rows.filter((c) => fold(c.id).includes(q) || fold(c.legalName).includes(q));
}

export const REASON_MIN = 10;

/** A reason field's own check, before the bus says the same (kyc.commands.ts: ≥ 10 characters). */
export function reasonProblem(text: string, what = 'the reason'): string | undefined {
  const n = text.trim().length;
  if (n === 0) return `Give ${what}.`;
  if (n < REASON_MIN) return `Give ${what} in at least ${REASON_MIN} characters (${n} so far).`;
  return undefined;
}

/**
 * What approval needs for this file: who may approve and what must be recorded. The core decides
 * (it re-scores before approving); this only keeps the form honest about what it will ask.
 */
export function approvalNeeds(detail: Pick<CustomerDetail, 'edd' | 'hits'>, isOfficer: boolean): { openHits: number; edd: boolean; officerOnly: boolean; blockedForMe: boolean } {
  const openHits = detail.hits.filter((h) => h.status === 'open').length;
  const officerOnly = detail.edd.required && detail.edd.requiresOfficer;
  return { openHits, edd: detail.edd.required, officerOnly, blockedForMe: officerOnly && !isOfficer };
}
