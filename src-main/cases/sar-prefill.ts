/**
 * A SAR/STR draft prefilled from a case: the subjects from their KYC files (a person, or an entity
 * with its beneficial owners), the transactions behind the case's alerts, each alert's evidence
 * (rule, version, the conditions and the values they saw), and the narrative template
 * (src-main/reporting/sar.narrative.ts).
 *
 * The draft is the report's edge JSON (sar.model.ts `SarDraftInput`). What the console does not
 * know is left out rather than invented — an ID document's issue date (KYC keeps only the expiry),
 * an entity's line of business, the hash of a withdrawal never broadcast — and `sarProblems` lists
 * it, so the report cannot be approved until a person has filled it in.
 */
import { formatAmount, formatUsdCents } from '../../src-shared/money';
import type { FieldIssue } from '../../src-shared/errors';
import { fieldIssues } from '../../src-shared/errors';
import type { KycProfile } from '../kyc/profile';
import type { AlertRow, AssetRow, DepositRow, MonitoredTxRow, WithdrawalRow } from '../db/cases.repository';
import { sarDraftSchema, type SarKind, type SarReport } from '../reporting/sar.model';
import { narrativeTemplate } from '../reporting/sar.narrative';

type Json = Record<string, unknown>;

/** The placeholder prompts of the template; a report that still holds one is not finished. */
export const ANALYST_PROMPT = '[Analyst:';

export interface PrefillSources {
  readonly caseId: string;
  readonly kind: SarKind;
  readonly detectedAt: string;
  readonly today: string;
  readonly alerts: readonly AlertRow[];
  readonly transactions: readonly MonitoredTxRow[];
  readonly deposits: ReadonlyMap<string, DepositRow>;
  readonly withdrawals: ReadonlyMap<string, WithdrawalRow>;
  readonly assets: ReadonlyMap<string, AssetRow>;
  /** The wallet address a withdrawal left from, by wallet id. */
  readonly walletAddresses: ReadonlyMap<string, string>;
  /** KYC profiles by customer id (a customer without a file is absent). */
  readonly profiles: ReadonlyMap<string, KycProfile>;
  readonly reportingEntity: Json | null;
  readonly indicators: readonly string[];
}

/** Drop undefined members (JSON has no undefined; the canonical hash must not see them). */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** "Maren Sofia Lindqvist" → first "Maren Sofia", last "Lindqvist" (the analyst corrects names that do not split this way). */
function splitName(legalName: string): { firstName: string; lastName: string } {
  const parts = legalName.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: parts[0]!, lastName: parts[0]! };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}

function address(p: KycProfile): Json {
  // goAML's zip holds 10 characters; a longer postal code is left for the analyst.
  const postcode = p.address.postalCode && p.address.postalCode.length <= 10 ? p.address.postalCode : undefined;
  return { line: p.address.line, city: p.address.city, postcode, country: p.address.country };
}

function idDocument(doc: NonNullable<KycProfile['idDocument']>): Json {
  const type = doc.type === 'passport' ? 'passport' : doc.type === 'id_card' ? 'national_id' : doc.type === 'driving_licence' ? 'driving_licence' : 'other';
  // issueDate: KYC keeps only the expiry; left out so the analyst copies it from the document.
  return { type, description: type === 'other' ? doc.type.replace('_', ' ') : undefined, number: doc.number, issuingCountry: doc.issuingCountry, expiryDate: doc.expiresOn };
}

export function subjectOf(customerId: string, p: KycProfile | undefined): Json {
  if (!p) return { kind: 'person', customerId };
  if (p.type === 'entity') {
    return clean({
      kind: 'entity',
      customerId,
      name: p.legalName,
      incorporationNumber: p.registrationNumber,
      incorporationCountry: p.jurisdiction,
      incorporationDate: p.incorporatedOn,
      // business: what the entity does is not in the KYC file; the analyst writes it.
      addresses: [address(p)],
      beneficialOwners: (p.beneficialOwners ?? []).map((o) => ({ ...splitName(o.legalName), birthDate: o.dateOfBirth, nationality: o.nationality, ownershipPercent: Math.round(o.ownershipPercent) })),
    });
  }
  return clean({
    kind: 'person',
    customerId,
    ...splitName(p.legalName),
    gender: 'unknown',
    birthDate: p.dateOfBirth,
    nationalities: p.nationality ? [p.nationality] : [],
    residence: p.residence,
    idDocument: p.idDocument ? idDocument(p.idDocument) : undefined,
    addresses: [address(p)],
  });
}

interface TxFacts {
  readonly json: Json;
  readonly template: SarReport['transactions'][number];
}

function transactionOf(m: MonitoredTxRow, s: PrefillSources): TxFacts {
  const asset = s.assets.get(m.assetId);
  const decimals = asset?.decimals ?? 0;
  let txHash: string | undefined;
  let ourAddress: string | undefined;
  let counterparty = m.counterpartyAddress ?? undefined;
  if (m.direction === 'deposit') {
    const d = s.deposits.get(m.id.replace(/^dep:/, ''));
    txHash = d?.txid;
    ourAddress = d?.address;
  } else {
    const w = s.withdrawals.get(m.id.replace(/^wd:/, ''));
    txHash = w?.txid ?? undefined;
    ourAddress = w ? s.walletAddresses.get(w.walletId) : undefined;
    counterparty ??= w?.destination;
  }
  const network = asset ? `${asset.chain} ${asset.network}` : m.assetId;
  const vasp = m.counterpartyVasp ? { name: m.counterpartyVasp, country: m.counterpartyCountry ?? undefined } : null;
  const amountMinor = BigInt(m.amount);
  const usdCents = BigInt(m.usdCents);
  const json = clean({
    id: m.id,
    customerId: m.customerId,
    at: m.at,
    direction: m.direction,
    asset: { symbol: asset?.symbol ?? m.assetId, decimals, network },
    amount: formatAmount(amountMinor, decimals),
    usdValue: formatUsdCents(usdCents),
    txHash,
    ourAddress,
    counterpartyAddress: counterparty,
    counterpartyVasp: vasp,
  });
  const template = {
    id: m.id,
    customerId: m.customerId,
    at: m.at,
    direction: m.direction,
    asset: { symbol: asset?.symbol ?? m.assetId, decimals, network },
    amountMinor,
    usdCents,
    txHash: txHash ?? '[not broadcast]',
    ourAddress: ourAddress ?? '[our address]',
    counterpartyAddress: counterparty ?? '[counterparty address]',
    counterpartyVasp: vasp ? { name: vasp.name, ...(vasp.country ? { country: vasp.country } : {}) } : null,
  } satisfies SarReport['transactions'][number];
  return { json, template };
}

/** One line, at most `max` characters (the model's limits for condition text and values). */
// eslint-disable-next-line no-control-regex -- control characters are what is replaced
const oneLine = (s: string, max: number): string => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, max);

/** { value: "12345.67" } → "12345.67"; several named values → "count = 5; sum = 9000.00". */
function valuesText(values: Record<string, string>): string {
  const entries = Object.entries(values);
  return entries.length === 1 && entries[0]![0] === 'value' ? entries[0]![1] : entries.map(([k, v]) => `${k} = ${v}`).join('; ');
}

type StoredConditions = { path: string; description: string; holds: boolean; values?: Record<string, string> }[];

function alertEvidence(a: AlertRow): Json {
  // Stored as { conditions, figures } (monitoring.service.ts StoredEvidence); a bare array is read too.
  const stored = JSON.parse(a.conditions) as StoredConditions | { conditions?: StoredConditions; figures?: Record<string, string> };
  const list = Array.isArray(stored) ? stored : (stored.conditions ?? []);
  const conditions = list.slice(0, 100).map((c) => ({
    text: oneLine(c.description || c.path, 500) || c.path,
    actual: oneLine(valuesText(c.values ?? {}), 500),
    held: c.holds,
  }));
  return { alertId: String(a.id), ruleId: a.ruleId, ruleName: a.ruleTitle, ruleVersion: a.ruleVersion, raisedAt: a.raisedAt, transactionIds: [a.txId], conditions };
}

function actionTakenOf(alerts: readonly AlertRow[]): string {
  const actions = new Set<string>();
  for (const a of alerts) for (const act of JSON.parse(a.actions) as { type: string }[]) if (act.type !== 'alert') actions.add(act.type.replace(/_/g, ' '));
  const rules = actions.size > 0 ? `Monitoring rules called for: ${[...actions].sort().join(', ')}. ` : '';
  return `${rules}${ANALYST_PROMPT} state what the firm did — blocked, froze, asked for the source of funds, exited the relationship.]`;
}

/** The prefilled draft (edge JSON, without approval). */
export function prefillDraft(s: PrefillSources): Json {
  const txs = [...s.transactions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1)).map((m) => transactionOf(m, s));
  const customers = [...new Set(txs.map((t) => t.template.customerId))].sort();
  const subjects = customers.map((id) => subjectOf(id, s.profiles.get(id)));
  const alerts = [...s.alerts].sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : a.id - b.id));
  const actionTaken = actionTakenOf(alerts);
  const draft: Json = clean({
    kind: s.kind,
    caseId: s.caseId,
    reportingEntity: s.reportingEntity ?? undefined,
    submissionDate: s.today,
    localCurrency: 'USD',
    subjects,
    transactions: txs.map((t) => t.json),
    alerts: alerts.map(alertEvidence),
    narrative: '',
    actionTaken,
    indicators: [...s.indicators],
    detectionDate: s.detectedAt.slice(0, 10),
  });
  draft.narrative = narrativeTemplate(templateReport(draft, txs.map((t) => t.template)));
  return draft;
}

/**
 * The narrative template reads a whole report; the draft may still miss fields, so the template
 * sees bracketed placeholders where the draft has nothing (they stay visible in the text).
 */
function templateReport(draft: Json, transactions: SarReport['transactions']): SarReport {
  const entity = (draft.reportingEntity as { name?: string } | undefined)?.name ?? '[reporting entity]';
  const subjects = (draft.subjects as Json[]).map((s) => {
    if (s.kind === 'entity') {
      return {
        kind: 'entity',
        customerId: s.customerId,
        name: s.name ?? '[name]',
        incorporationNumber: s.incorporationNumber ?? '[registration number]',
        incorporationCountry: s.incorporationCountry ?? '[country]',
        incorporationDate: s.incorporationDate ?? '[date]',
        business: '[business]',
        addresses: s.addresses ?? [],
        beneficialOwners: s.beneficialOwners ?? [],
      };
    }
    const doc = (s.idDocument as Json | undefined) ?? { type: 'other', description: '[identity document]', number: '[number]', issuingCountry: '[country]' };
    return {
      kind: 'person',
      customerId: s.customerId,
      firstName: s.firstName ?? '[name]',
      lastName: s.lastName ?? '',
      birthDate: s.birthDate ?? '[date of birth]',
      nationalities: (s.nationalities as string[] | undefined)?.length ? s.nationalities : ['[nationality]'],
      residence: s.residence ?? '[residence]',
      idDocument: doc,
      addresses: s.addresses ?? [],
    };
  });
  const alerts = (draft.alerts as Json[]).map((a) => ({ ...a, conditions: a.conditions }));
  return {
    kind: draft.kind,
    caseId: draft.caseId,
    reportingEntity: { name: entity },
    subjects,
    transactions,
    alerts,
    actionTaken: draft.actionTaken,
    detectionDate: draft.detectionDate,
  } as unknown as SarReport;
}

/**
 * A withdrawal not yet broadcast has no transaction hash, and nothing in the console can honestly
 * fill one in: the model's "expected string, received undefined" becomes what to do about it.
 */
function unbroadcastHash(draft: Json, issue: FieldIssue): FieldIssue {
  const m = /^transactions\.(\d+)\.txHash$/.exec(issue.path);
  if (!m || !Array.isArray(draft.transactions)) return issue;
  const tx = draft.transactions[Number(m[1])] as Json | undefined;
  if (!tx || tx.direction !== 'withdrawal' || (typeof tx.txHash === 'string' && tx.txHash !== '')) return issue;
  const id = typeof tx.id === 'string' ? tx.id.replace(/^wd:/, '') : '?';
  return {
    path: issue.path,
    message: `withdrawal ${id} has no transaction hash yet: it was not broadcast; file after its broadcast receipt, or remove it from the report`,
  };
}

/**
 * What stands between the draft and an approval: every field the report model refuses, an empty
 * narrative, and template prompts ("[Analyst: …]") still in the narrative or the action taken.
 */
export function sarProblems(draft: Json): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const parsed = sarDraftSchema.safeParse({ ...draft, approval: null });
  if (!parsed.success) issues.push(...fieldIssues(parsed.error).map((issue) => unbroadcastHash(draft, issue)));
  const narrative = typeof draft.narrative === 'string' ? draft.narrative : '';
  if (narrative.trim() === '') issues.push({ path: 'narrative', message: 'must not be empty: write the narrative' });
  else if (narrative.includes(ANALYST_PROMPT)) issues.push({ path: 'narrative', message: 'still holds the template’s "[Analyst: …]" prompts: replace each with what only you can write' });
  if (typeof draft.actionTaken === 'string' && draft.actionTaken.includes(ANALYST_PROMPT)) issues.push({ path: 'actionTaken', message: 'still holds the "[Analyst: …]" prompt: say what the firm did' });
  return issues;
}
