/**
 * KYC files: a customer's profile, beneficial owners, documents (sealed in the vault), consents and
 * linked wallet addresses; screening on every change; a risk assessment on every change (new
 * document, screening hit, resolution, list update, profile change, approval); and the review
 * decisions. Status moves: pending review → information requested / approved / rejected; any
 * change of an approved profile sends it back to pending review.
 *
 * Approval is refused while hits are open, without a document, with an expired ID document, or
 * with a confirmed sanctions match; enhanced due diligence (high risk, PEP, high-risk country)
 * needs a compliance officer and records the sources of funds and of wealth.
 */
import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { connectionCache, type ReadableDB, type WritableDB } from '../db/database';
import {
  addressesOf,
  allActiveOwners,
  allCustomerAddresses,
  allScreeningSubjects,
  consentsOf,
  customerFlows,
  deleteAddress,
  destinationAddresses,
  findCustomer,
  findDocument,
  findRiskConfig,
  insertAddress,
  insertAssessment,
  insertConsent,
  insertCustomer,
  insertDocument,
  insertEvent,
  insertOwner,
  insertRiskConfig,
  lastStatusEvent,
  latestAssessment,
  openHitCount,
  ownersOf,
  removeOwner,
  updateCustomer,
  type AssessmentRow,
  type CustomerRow,
  type DocumentRow,
  type KycStatus,
  type OwnerRow,
} from '../db/kyc.repository';
import { findHit, findList, hitsOfCustomer, updateHit, type HitRow } from '../db/screening.repository';
import type { SessionOperator } from '../services/sessions.service';
import type { FailureSink, VaultService } from '../vault/vault.service';
import { normaliseForScreening } from '../screening/address-screening';
import { canonicalJson } from '../../src-shared/canonical';
import { checkDocumentSignature, checkDocumentSize, checkDocumentType } from './documents';
import { checkProfile, customerQuery, documentExpiry, ownerQuery, riskCountries, type KycProfile } from './profile';
import { assessRisk, type PepStatus, type RiskResult, type SanctionsStatus } from './risk';
import { assessBehaviour, VOLUME_WINDOW_DAYS, type Behaviour, type Flow } from './behaviour';
import type { LoadedRiskConfig } from './risk-config';
import { queryDigest, type AddressSubject, type ImportResult, type LoadedList, type PersonSubject, type ScreeningService } from './screening.service';

export type Source = { readonly kind: 'console' } | { readonly kind: 'bundle'; readonly ref: string };
const sourceLabel = (s: Source): string => (s.kind === 'console' ? 'console' : `bundle:${s.ref}`);

export interface NewDocument {
  readonly kind: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly description?: string | undefined;
  /** The whole content, or a stream of it with its size and first bytes known in advance. */
  readonly content: Uint8Array | { readonly size: number; readonly head: Uint8Array; readonly chunks: AsyncIterable<Uint8Array> };
}

export interface Gate {
  readonly withdrawalsAllowed: boolean;
  readonly detail: string;
}

const STATUS_WORDS: Readonly<Record<KycStatus, string>> = {
  pending_review: 'pending review',
  information_requested: 'waiting for information from the customer',
  approved: 'approved',
  rejected: 'rejected',
};

const DAY = 86_400_000;

/** `chain:normalised` or `customer:chain:normalised`: one subject per customer and address. */
export function addressSubjectId(customerId: string | null, chain: 'bitcoin' | 'ethereum', address: string): string {
  const key = `${chain}:${normaliseForScreening(chain, address)}`;
  return customerId ? `${customerId}:${key}` : key;
}

export class KycService {
  constructor(
    private readonly clock: Clock,
    private readonly vault: VaultService,
    readonly screening: ScreeningService,
    readonly risk: LoadedRiskConfig,
  ) {}

  require(db: ReadableDB, id: string): CustomerRow {
    const row = findCustomer(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `Customer ${id} has no KYC file.`);
    return row;
  }

  /** The customer's profile as it stands (columns, owners, addresses). */
  profileOf(db: ReadableDB, row: CustomerRow): KycProfile {
    const owners = ownersOf(db, row.id);
    const wallets = addressesOf(db, row.id);
    const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
    return {
      type: row.type,
      legalName: row.legalName,
      ...(row.dateOfBirth ? { dateOfBirth: row.dateOfBirth } : {}),
      ...(row.nationality ? { nationality: row.nationality } : {}),
      ...(row.residence ? { residence: row.residence } : {}),
      ...(row.idDocumentType && row.idDocumentNumber && row.idDocumentCountry && row.idDocumentExpiresOn
        ? { idDocument: { type: row.idDocumentType as 'passport', number: row.idDocumentNumber, issuingCountry: row.idDocumentCountry, expiresOn: row.idDocumentExpiresOn } }
        : {}),
      ...(row.registrationNumber ? { registrationNumber: row.registrationNumber } : {}),
      ...(row.jurisdiction ? { jurisdiction: row.jurisdiction } : {}),
      ...(row.incorporatedOn ? { incorporatedOn: row.incorporatedOn } : {}),
      address: { line: row.addressLine, city: row.addressCity, ...(opt(row.addressPostalCode) ? { postalCode: row.addressPostalCode! } : {}), country: row.addressCountry },
      expectedProducts: JSON.parse(row.expectedProducts) as string[],
      expectedMonthlyVolumeUsd: row.expectedMonthlyVolumeUsd,
      sourceOfFunds: row.sourceOfFunds,
      pepDeclared: row.pepDeclared,
      ...(owners.length > 0 ? { beneficialOwners: owners.map((o) => ({ legalName: o.legalName, dateOfBirth: o.dateOfBirth, nationality: o.nationality, residence: o.residence, ownershipPercent: o.ownershipPercent, control: o.control })) } : {}),
      ...(wallets.length > 0 ? { walletAddresses: wallets.map((w) => ({ chain: w.chain, address: w.address, ...(w.label ? { label: w.label } : {}) })) } : {}),
    };
  }

  private columns(p: KycProfile): Omit<CustomerRow, 'id' | 'status' | 'eddSourceOfFunds' | 'eddSourceOfWealth' | 'profileVersion' | 'riskScore' | 'riskLevel' | 'cddLevel' | 'nextReviewAt' | 'reviewReason' | 'approvedAt' | 'approvedBy' | 'source' | 'createdAt' | 'createdBy' | 'updatedAt'> {
    return {
      type: p.type,
      legalName: p.legalName,
      dateOfBirth: p.dateOfBirth ?? null,
      nationality: p.nationality ?? null,
      residence: p.residence ?? null,
      idDocumentType: p.idDocument?.type ?? null,
      idDocumentNumber: p.idDocument?.number ?? null,
      idDocumentCountry: p.idDocument?.issuingCountry ?? null,
      idDocumentExpiresOn: p.idDocument?.expiresOn ?? null,
      registrationNumber: p.registrationNumber ?? null,
      jurisdiction: p.jurisdiction ?? null,
      incorporatedOn: p.incorporatedOn ?? null,
      addressLine: p.address.line,
      addressCity: p.address.city,
      addressPostalCode: p.address.postalCode ?? null,
      addressCountry: p.address.country,
      expectedProducts: JSON.stringify(p.expectedProducts),
      expectedMonthlyVolumeUsd: p.expectedMonthlyVolumeUsd,
      sourceOfFunds: p.sourceOfFunds,
      pepDeclared: p.pepDeclared,
      profileDigest: queryDigest(customerQuery(p)),
    };
  }

  private event(db: WritableDB, customerId: string, by: string, kind: string, detail: Record<string, unknown>, statusBefore: KycStatus | null = null, statusAfter: KycStatus | null = null): void {
    insertEvent(db, { customerId, at: this.clock.now().toISOString(), actor: by, kind, statusBefore, statusAfter, detail: canonicalJson(detail) });
  }

  // ─── profile ───────────────────────────────────────────────────────────────────────────────

  /** Open a file: checked, stored, screened, scored; pending review. */
  async create(db: WritableDB, customerId: string, profile: KycProfile, by: string, source: Source, documents: readonly NewDocument[] = []): Promise<CustomerRow> {
    if (findCustomer(db, customerId)) throw new VaultlineError('CONFLICT', `Customer ${customerId} already has a KYC file; update it instead. Nothing was changed.`);
    const now = this.clock.now();
    checkProfile(profile, this.risk.config, now);
    const at = now.toISOString();
    insertCustomer(db, {
      id: customerId,
      status: 'pending_review',
      ...this.columns(profile),
      eddSourceOfFunds: null,
      eddSourceOfWealth: null,
      profileVersion: 1,
      riskScore: null,
      riskLevel: null,
      cddLevel: null,
      nextReviewAt: null,
      reviewReason: null,
      approvedAt: null,
      approvedBy: null,
      source: source.kind,
      createdAt: at,
      createdBy: by,
      updatedAt: at,
    });
    this.writeOwners(db, customerId, profile, at);
    this.writeAddresses(db, customerId, profile, at);
    this.writeConsents(db, customerId, profile, source, at);
    this.event(db, customerId, by, 'created', { source: sourceLabel(source), type: profile.type }, null, 'pending_review');
    for (const [i, doc] of documents.entries()) {
      try {
        await this.storeDocument(db, customerId, doc, by, source);
      } catch (error) {
        if (error instanceof VaultlineError && error.code === 'VALIDATION') throw new VaultlineError('VALIDATION', `documents.${i} (${doc.fileName}): ${error.message}`, { issues: (error.issues ?? []).map((x) => ({ ...x, path: `documents.${i}.${x.path}` })) });
        throw error;
      }
    }
    this.screenCustomer(db, customerId, by);
    this.rescore(db, customerId, 'created', by);
    return this.require(db, customerId);
  }

  /** Replace the profile. A file that changes goes back to pending review (re-verification). */
  update(db: WritableDB, customerId: string, profile: KycProfile, reason: string, by: string, source: Source): CustomerRow {
    const before = this.require(db, customerId);
    if (before.type !== profile.type) throw new VaultlineError('CONFLICT', `Customer ${customerId} is an ${before.type}; a file cannot change type (open a new one). Nothing was changed.`, { issues: [{ path: 'profile.type', message: `must stay ${before.type}` }] });
    const now = this.clock.now();
    checkProfile(profile, this.risk.config, now);
    const at = now.toISOString();
    const old = this.profileOf(db, before);
    const fields = (Object.keys({ ...old, ...profile }) as (keyof KycProfile)[]).filter((k) => k !== 'consents' && canonicalJson(old[k] ?? null) !== canonicalJson(profile[k] ?? null));
    const newConsents = this.writeConsents(db, customerId, profile, source, at);
    if (fields.length === 0) {
      if (newConsents > 0) this.event(db, customerId, by, 'consents_recorded', { count: newConsents, source: sourceLabel(source) });
      return before;
    }
    const status: KycStatus = 'pending_review';
    updateCustomer(db, customerId, { ...this.columns(profile), status, profileVersion: before.profileVersion + 1, updatedAt: at });
    this.writeOwners(db, customerId, profile, at);
    this.writeAddresses(db, customerId, profile, at);
    this.event(db, customerId, by, 'profile_updated', { fields, reason, source: sourceLabel(source), profileVersion: before.profileVersion + 1 }, before.status, status);
    this.screenCustomer(db, customerId, by);
    this.rescore(db, customerId, 'profile_updated', by);
    return this.require(db, customerId);
  }

  /** Owners are matched by name and date of birth: the same person keeps their id (and their hits). */
  private writeOwners(db: WritableDB, customerId: string, p: KycProfile, at: string): void {
    const current = ownersOf(db, customerId);
    const key = (o: { legalName: string; dateOfBirth: string }) => `${o.legalName.toLowerCase()}\u0000${o.dateOfBirth}`;
    const wanted = new Map((p.beneficialOwners ?? []).map((o) => [key(o), o]));
    for (const o of current) {
      const w = wanted.get(key(o));
      if (w && w.nationality === o.nationality && w.residence === o.residence && w.ownershipPercent === o.ownershipPercent && w.control === o.control) {
        wanted.delete(key(o));
        continue;
      }
      removeOwner(db, o.id, at);
    }
    for (const o of wanted.values()) insertOwner(db, { id: `bo_${randomBytes(8).toString('hex')}`, customerId, legalName: o.legalName, dateOfBirth: o.dateOfBirth, nationality: o.nationality, residence: o.residence, ownershipPercent: o.ownershipPercent, control: o.control, addedAt: at, removedAt: null });
  }

  private writeAddresses(db: WritableDB, customerId: string, p: KycProfile, at: string): void {
    const wanted = new Map((p.walletAddresses ?? []).map((w) => [`${w.chain}:${normaliseForScreening(w.chain, w.address)}`, w]));
    for (const a of addressesOf(db, customerId)) {
      if (wanted.has(`${a.chain}:${a.normalised}`)) wanted.delete(`${a.chain}:${a.normalised}`);
      else deleteAddress(db, customerId, a.chain, a.normalised);
    }
    for (const w of wanted.values()) insertAddress(db, { customerId, chain: w.chain, address: w.address, normalised: normaliseForScreening(w.chain, w.address), label: w.label ?? null, addedAt: at });
  }

  /** Consents are records: a new one is written only when it differs from the latest of its kind. */
  private writeConsents(db: WritableDB, customerId: string, p: KycProfile, source: Source, at: string): number {
    const latest = new Map(consentsOf(db, customerId).map((c) => [c.kind, c]));
    let n = 0;
    for (const c of p.consents ?? []) {
      const last = latest.get(c.kind);
      if (last && last.granted === c.granted && last.givenAt === c.givenAt && last.textVersion === c.textVersion) continue;
      insertConsent(db, { customerId, kind: c.kind, granted: c.granted, givenAt: c.givenAt, textVersion: c.textVersion, source: sourceLabel(source), recordedAt: at });
      n++;
    }
    return n;
  }

  // ─── documents ─────────────────────────────────────────────────────────────────────────────

  /** Add a document; the file is scored again (a new document is a change). */
  async addDocument(db: WritableDB, customerId: string, doc: NewDocument, by: string, source: Source): Promise<DocumentRow> {
    const row = await this.storeDocument(db, customerId, doc, by, source);
    this.rescore(db, customerId, 'document_added', by);
    return row;
  }

  private async storeDocument(db: WritableDB, customerId: string, doc: NewDocument, by: string, source: Source): Promise<DocumentRow> {
    const customer = this.require(db, customerId);
    const type = checkDocumentType(doc.contentType);
    const whole = doc.content instanceof Uint8Array ? doc.content : undefined;
    const size = whole ? whole.length : (doc.content as { size: number }).size;
    checkDocumentSize(size);
    checkDocumentSignature(type, whole ? whole.subarray(0, 16) : (doc.content as { head: Uint8Array }).head);
    const record = await this.vault.put(
      db,
      { type: 'kyc', subjectType: 'customer', subjectId: customerId, title: `${doc.kind.replace(/_/g, ' ')} — ${customer.legalName}`, contentType: type, terms: { names: [customer.legalName] } },
      whole ?? (doc.content as { chunks: AsyncIterable<Uint8Array> }).chunks,
      by,
    );
    const row: DocumentRow = {
      id: `doc_${randomBytes(8).toString('hex')}`,
      customerId,
      recordId: record.id,
      kind: doc.kind,
      fileName: doc.fileName,
      contentType: type,
      size: record.size,
      sha256: record.sha256,
      description: doc.description ?? null,
      source: sourceLabel(source),
      addedAt: this.clock.now().toISOString(),
      addedBy: by,
    };
    insertDocument(db, row);
    // The customer answered a request for information: back to the review queue.
    const status: KycStatus = customer.status === 'information_requested' ? 'pending_review' : customer.status;
    if (status !== customer.status) updateCustomer(db, customerId, { status, updatedAt: row.addedAt });
    this.event(db, customerId, by, 'document_added', { documentId: row.id, kind: row.kind, fileName: row.fileName, size: row.size, sha256: row.sha256, recordId: row.recordId }, customer.status, status);
    return row;
  }

  /** A document's bytes for the viewer; the vault logs the read with its purpose (and checks it). */
  readDocument(db: WritableDB, documentId: string, reader: { operatorId: string; username: string; purpose: string }, onFailure: FailureSink): { document: DocumentRow; content: Buffer } {
    const document = findDocument(db, documentId);
    if (!document) throw new VaultlineError('NOT_FOUND', `No KYC document ${documentId}.`);
    return { document, content: this.vault.readAll(db, document.recordId, { ...reader, kind: 'content' }, onFailure) };
  }

  // ─── screening and risk ────────────────────────────────────────────────────────────────────

  /** Screen the customer, its owners and its addresses against every active list; raise new hits. */
  screenCustomer(db: WritableDB, customerId: string, by: string): HitRow[] {
    const row = this.require(db, customerId);
    const profile = this.profileOf(db, row);
    const people: PersonSubject[] = [{ subjectType: 'customer', subjectId: customerId, customerId, query: customerQuery(profile), digest: row.profileDigest }];
    for (const o of ownersOf(db, customerId)) {
      const query = ownerQuery(o);
      people.push({ subjectType: 'owner', subjectId: o.id, customerId, query, digest: queryDigest(query) });
    }
    const addresses: AddressSubject[] = addressesOf(db, customerId).map((a) => ({ subjectId: addressSubjectId(customerId, a.chain, a.address), customerId, chain: a.chain, address: a.address }));
    const book = this.screening.subjectBook(db, [...people.map((p) => ({ subjectType: p.subjectType, subjectId: p.subjectId })), ...addresses.map((a) => ({ subjectType: 'address' as const, subjectId: a.subjectId }))]);
    const outcome = this.screening.screen(db, this.screening.active(db), people, addresses, book, by);
    for (const hit of outcome.raised) this.event(db, customerId, by, 'hit_raised', { hitId: hit.id, listId: hit.listId, entryId: hit.entryId, score: hit.score, subject: hit.subjectName });
    return outcome.raised;
  }

  /** Score the customer again from its profile and its live hits, and record the assessment. */
  rescore(db: WritableDB, customerId: string, trigger: string, by: string): AssessmentRow {
    const row = this.require(db, customerId);
    const now = this.clock.now();
    const base = row.status === 'approved' && row.approvedAt ? new Date(row.approvedAt) : now;
    return this.record(db, row, this.assess(db, row, base), trigger, by);
  }

  /** The risk of a customer as it stands, with the review clock starting at `base` (nothing written). */
  private assess(db: ReadableDB, row: CustomerRow, base: Date): { result: RiskResult; profile: KycProfile } {
    const profile = this.profileOf(db, row);
    const kinds = new Map<string, 'sanctions' | 'pep'>();
    const kindOf = (listId: string) => {
      let k = kinds.get(listId);
      if (!k) kinds.set(listId, (k = findList(db, listId)?.kind ?? 'sanctions'));
      return k;
    };
    const live = hitsOfCustomer(db, row.id).filter((h) => h.delistedAt === null && h.status !== 'false_positive');
    const has = (kind: 'sanctions' | 'pep', status: 'open' | 'true_match', subject?: 'address') => live.some((h) => kindOf(h.listId) === kind && h.status === status && (subject === undefined || h.subjectType === subject));
    const sanctions: SanctionsStatus = has('sanctions', 'true_match') ? 'confirmed' : has('sanctions', 'open') ? 'possible' : 'none';
    const pep: PepStatus = has('pep', 'true_match') ? 'confirmed' : row.pepDeclared ? 'declared' : has('pep', 'open') ? 'possible' : 'none';
    const behaviour = this.behaviourOf(db, row, live.filter((h) => h.subjectType === 'address' && kindOf(h.listId) === 'sanctions'), profile.walletAddresses?.length ?? 0);
    const result = assessRisk(
      {
        customerType: row.type,
        countries: riskCountries(profile),
        products: profile.expectedProducts,
        expectedMonthlyVolumeUsd: row.expectedMonthlyVolumeUsd,
        pep,
        sanctions,
        sourceOfFunds: row.sourceOfFunds,
        walletBehaviour: behaviour.behaviour,
        behaviourDetail: behaviour.detail,
        observedVolumeUsd: behaviour.observedUsd,
        observedWindow: behaviour.window,
      },
      this.risk.config,
      this.risk.fatf,
      base,
    );
    return { result, profile };
  }

  /** What the console saw the customer's money do (behaviour.ts): deposits, withdrawals and their destinations, address hits. */
  private behaviourOf(db: ReadableDB, row: CustomerRow, addressHits: readonly HitRow[], linkedWallets: number): Behaviour {
    const now = this.clock.now();
    const since = new Date(now.getTime() - VOLUME_WINDOW_DAYS * 86_400_000).toISOString();
    const rows = customerFlows(db, row.id, since);
    const listedDestinations: { address: string; list: string }[] = [];
    const seen = new Set<string>();
    for (const f of rows) {
      if (f.kind !== 'withdrawal' || !f.destination || seen.has(f.destination)) continue;
      seen.add(f.destination);
      const { hit } = this.screening.screenDestination(db, f.chain, f.destination);
      if (hit) listedDestinations.push({ address: f.destination, list: `${hit.list} (${hit.asset}, issue of ${hit.issued})` });
    }
    const flows: Flow[] = rows.map((f) => ({
      kind: f.kind,
      usdCents: f.kind === 'withdrawal' ? BigInt(f.usdCents ?? '0') : f.usdCentsPerUnit === null ? null : (BigInt(f.amount) * BigInt(f.usdCentsPerUnit)) / 10n ** BigInt(f.decimals),
      at: f.at,
      moved: f.kind === 'deposit' || !['blocked', 'rejected', 'expired'].includes(f.state),
      destination: f.destination,
    }));
    return assessBehaviour({ linkedWallets, addressHits: { open: addressHits.filter((h) => h.status === 'open').length, confirmed: addressHits.filter((h) => h.status === 'true_match').length }, listedDestinations, flows, expectedMonthlyVolumeUsd: row.expectedMonthlyVolumeUsd, now });
  }

  /**
   * Score again only when what the score reads has changed since the last assessment (behaviour:
   * a deposit, a withdrawal, a volume crossing a band): the factors or the level differ. Returns
   * the new assessment, or undefined when nothing changed.
   */
  rescoreIfChanged(db: WritableDB, customerId: string, trigger: string, by: string): AssessmentRow | undefined {
    const row = findCustomer(db, customerId);
    if (!row) return undefined;
    const base = row.status === 'approved' && row.approvedAt ? new Date(row.approvedAt) : this.clock.now();
    const assessed = this.assess(db, row, base);
    const last = latestAssessment(db, customerId);
    if (last && last.factors === canonicalJson(assessed.result.factors) && last.level === assessed.result.level && last.forcedBy === assessed.result.forcedBy) return undefined;
    return this.record(db, row, assessed, trigger, by);
  }

  /**
   * A deposit recorded for a customer (DepositsService listener, in the deposit's transaction): its
   * sender, when the online node knows it, is screened as one of the customer's addresses against
   * the lists in force (a listed sender raises a hit, which flags the wallet behaviour).
   */
  screenDepositSender(db: WritableDB, customerId: string, chain: 'bitcoin' | 'ethereum', sender: string, by: string): HitRow[] {
    if (!findCustomer(db, customerId)) return [];
    const subject: AddressSubject = { subjectId: addressSubjectId(customerId, chain, sender), customerId, chain, address: sender };
    const book = this.screening.subjectBook(db, [{ subjectType: 'address', subjectId: subject.subjectId }]);
    const outcome = this.screening.screen(db, this.screening.active(db).filter((l) => l.addresses.size > 0), [], [subject], book, by);
    for (const hit of outcome.raised) this.event(db, customerId, by, 'hit_raised', { hitId: hit.id, listId: hit.listId, entryId: hit.entryId, score: hit.score, subject: `deposit sender ${hit.subjectName}` });
    return outcome.raised;
  }

  /** Record an assessment and carry its outcome (and the review date) onto the customer. */
  private record(db: WritableDB, row: CustomerRow, { result, profile }: { result: RiskResult; profile: KycProfile }, trigger: string, by: string): AssessmentRow {
    const assessment: Omit<AssessmentRow, 'id'> = {
      customerId: row.id,
      configVersion: this.configVersion(db),
      score: result.score,
      level: result.level,
      factors: canonicalJson(result.factors),
      forcedBy: result.forcedBy,
      cddLevel: result.cddLevel,
      eddReasons: canonicalJson(result.eddReasons),
      reviewMonths: result.reviewMonths,
      nextReviewAt: result.nextReviewAt,
      trigger,
      assessedAt: this.clock.now().toISOString(),
      assessedBy: by,
    };
    const id = insertAssessment(db, assessment);
    // The review comes sooner when the identity document expires first.
    const expiry = row.type === 'individual' ? documentExpiry(profile) : undefined;
    const byDocument = expiry !== undefined && expiry.toISOString() < result.nextReviewAt;
    const nextReviewAt = byDocument ? expiry.toISOString() : result.nextReviewAt;
    const reviewReason = byDocument ? `the ${profile.idDocument!.type.replace('_', ' ')} expires on ${profile.idDocument!.expiresOn}` : `periodic review (${result.level} risk: every ${result.reviewMonths} months)`;
    if (row.riskLevel !== null && row.riskLevel !== result.level) this.event(db, row.id, by, 'risk_level_changed', { from: row.riskLevel, to: result.level, score: result.score, assessmentId: id, trigger });
    // A file in its periodic review keeps the date the review was due: the approval ending it sets the next one.
    const reviewing = this.underReview(db, row);
    updateCustomer(db, row.id, { riskScore: result.score, riskLevel: result.level, cddLevel: result.cddLevel, ...(reviewing ? {} : { nextReviewAt, reviewReason }) });
    return { id, ...assessment };
  }

  /** The risk config version in use, recorded in the database the first time it is used. */
  configVersion(db: WritableDB): number {
    const { config, document, sha256 } = this.risk;
    const cache = connectionCache<true>(db, 'kyc-risk-config');
    if (cache.has(sha256)) return config.version;
    const known = findRiskConfig(db, config.version);
    if (!known) insertRiskConfig(db, { version: config.version, document, sha256, registeredAt: this.clock.now().toISOString() });
    else if (known.sha256 !== sha256) throw new VaultlineError('INTERNAL', `resources/risk-config.json version ${config.version} differs from the version ${config.version} already used: a changed configuration needs a new version number.`);
    cache.set(sha256, true);
    return config.version;
  }

  // ─── hits ──────────────────────────────────────────────────────────────────────────────────

  /** True match or false positive, with the reason; remembered against the entry and subject as they are now. */
  resolveHit(db: WritableDB, hitId: string, resolution: 'true_match' | 'false_positive', reason: string, by: string): HitRow {
    const hit = findHit(db, hitId);
    if (!hit) throw new VaultlineError('NOT_FOUND', `No screening hit ${hitId}.`);
    if (hit.status !== 'open') throw new VaultlineError('CONFLICT', `Hit ${hitId} was already resolved as ${hit.status.replace('_', ' ')} by ${hit.resolvedBy ?? '?'} on ${hit.resolvedAt ?? '?'}.`);
    const at = this.clock.now().toISOString();
    updateHit(db, hitId, { status: resolution, resolvedAt: at, resolvedBy: by, resolutionReason: reason, resolvedEntryDigest: hit.entryDigest, resolvedSubjectDigest: hit.subjectDigest });
    if (hit.customerId && findCustomer(db, hit.customerId)) {
      this.event(db, hit.customerId, by, 'hit_resolved', { hitId, resolution, reason, listId: hit.listId, entryId: hit.entryId, subject: hit.subjectName });
      this.rescore(db, hit.customerId, 'hit_resolved', by);
    }
    return findHit(db, hitId)!;
  }

  // ─── decisions ─────────────────────────────────────────────────────────────────────────────

  /** What approving would need: EDD reasons (from a fresh assessment) and whether an officer must approve. */
  eddOf(db: ReadableDB, customerId: string): { required: boolean; reasons: string[]; requiresOfficer: boolean } {
    const a = latestAssessment(db, customerId);
    const reasons = a ? (JSON.parse(a.eddReasons) as string[]) : [];
    return { required: a?.cddLevel === 'enhanced', reasons, requiresOfficer: a?.cddLevel === 'enhanced' };
  }

  approve(db: WritableDB, customerId: string, operator: SessionOperator, note: string | undefined, edd: { sourceOfFunds: string; sourceOfWealth: string } | undefined): CustomerRow {
    const before = this.require(db, customerId);
    const by = `operator:${operator.username}`;
    if (before.status === 'rejected') throw new VaultlineError('CONFLICT', `Customer ${customerId} was rejected; update the file (it then returns to review) before approving it.`);
    const open = openHitCount(db, customerId);
    if (open > 0) throw new VaultlineError('CONFLICT', `Customer ${customerId} has ${open} open screening hit${open === 1 ? '' : 's'}: resolve ${open === 1 ? 'it' : 'them'} (true match or false positive) before approving.`);
    const confirmed = hitsOfCustomer(db, customerId).find((h) => h.status === 'true_match' && h.delistedAt === null && findList(db, h.listId)?.kind === 'sanctions');
    if (confirmed) throw new VaultlineError('CONFLICT', `Customer ${customerId} is a confirmed match on the sanctions list ${confirmed.listId} (entry ${confirmed.entryId}): the file cannot be approved.`);
    const profile = this.profileOf(db, before);
    const now = this.clock.now();
    if (profile.idDocument && calendarExpired(profile.idDocument.expiresOn, now)) throw new VaultlineError('CONFLICT', `The customer's ${profile.idDocument.type.replace('_', ' ')} expired on ${profile.idDocument.expiresOn}: ask for a current one before approving.`);
    const docs = db.sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM kyc_documents WHERE customer_id = ?').get(customerId)!.n;
    if (docs === 0) throw new VaultlineError('CONFLICT', `Customer ${customerId}'s file holds no document: add the identity (or registration) documents before approving.`);
    // Judge EDD on a fresh assessment (hits and lists may have changed since the last one), with
    // the review clock starting now: it is recorded with the approval.
    const assessed = this.assess(db, before, now);
    const reasons = [...assessed.result.eddReasons];
    const enhanced = assessed.result.cddLevel === 'enhanced';
    if (enhanced) {
      if (!operator.roles.includes('compliance_officer')) {
        throw new VaultlineError('FORBIDDEN', `Enhanced due diligence applies (${reasons.join('; ')}): only a compliance officer may approve this customer.`);
      }
      if (!edd) {
        throw new VaultlineError('VALIDATION', `Enhanced due diligence applies (${reasons.join('; ')}): record the source of funds and the source of wealth with the approval.`, {
          issues: [
            { path: 'edd.sourceOfFunds', message: 'required for enhanced due diligence' },
            { path: 'edd.sourceOfWealth', message: 'required for enhanced due diligence' },
          ],
        });
      }
    }
    const at = now.toISOString();
    updateCustomer(db, customerId, {
      status: 'approved',
      approvedAt: at,
      approvedBy: by,
      updatedAt: at,
      ...(enhanced && edd ? { eddSourceOfFunds: edd.sourceOfFunds, eddSourceOfWealth: edd.sourceOfWealth } : {}),
    });
    const scored = this.record(db, this.require(db, customerId), assessed, 'approval', by);
    this.event(db, customerId, by, 'approved', { note: note ?? null, cddLevel: scored.cddLevel, riskLevel: scored.level, score: scored.score, eddReasons: reasons, edd: enhanced ? edd : null, assessmentId: scored.id }, before.status, 'approved');
    return this.require(db, customerId);
  }

  reject(db: WritableDB, customerId: string, reason: string, by: string): CustomerRow {
    return this.decide(db, customerId, 'rejected', reason, by);
  }

  requestInformation(db: WritableDB, customerId: string, reason: string, by: string): CustomerRow {
    return this.decide(db, customerId, 'information_requested', reason, by);
  }

  private decide(db: WritableDB, customerId: string, status: 'rejected' | 'information_requested', reason: string, by: string): CustomerRow {
    const before = this.require(db, customerId);
    if (before.status === status) throw new VaultlineError('CONFLICT', `Customer ${customerId} is already ${STATUS_WORDS[status]}.`);
    if (before.status === 'rejected') throw new VaultlineError('CONFLICT', `Customer ${customerId} was rejected; update the file first.`);
    updateCustomer(db, customerId, { status, updatedAt: this.clock.now().toISOString() });
    this.event(db, customerId, by, status === 'rejected' ? 'rejected' : 'information_requested', { reason }, before.status, status);
    return this.require(db, customerId);
  }

  /** A file approved before and now in its periodic review (kyc.customers.reverify), not changed since. */
  underReview(db: ReadableDB, row: CustomerRow): boolean {
    return row.status === 'pending_review' && row.approvedAt !== null && lastStatusEvent(db, row.id)?.kind === 'review_started';
  }

  /**
   * Re-verification of an approved file (the "reviews due" list drives it): the file goes back to
   * the review queue with the reason, is screened against the active lists (new hits only) and
   * scored again with what the console has seen since (behaviour). Its history stays; the due date
   * stays too, so withdrawals go on until the review is overdue past the grace period, and the
   * approval that ends the review starts the clock again.
   */
  startReview(db: WritableDB, customerId: string, reason: string, by: string): CustomerRow {
    const before = this.require(db, customerId);
    if (before.status !== 'approved') throw new VaultlineError('CONFLICT', `Customer ${customerId}'s file is ${STATUS_WORDS[before.status]}: only an approved file is re-verified (the others are in the queue already). Nothing was changed.`);
    const at = this.clock.now().toISOString();
    updateCustomer(db, customerId, { status: 'pending_review', updatedAt: at });
    this.event(db, customerId, by, 'review_started', { reason, dueAt: before.nextReviewAt, dueBecause: before.reviewReason, approvedAt: before.approvedAt, approvedBy: before.approvedBy }, 'approved', 'pending_review');
    this.screenCustomer(db, customerId, by);
    this.rescore(db, customerId, 'periodic_review', by);
    return this.require(db, customerId);
  }

  // ─── the withdrawal gate ───────────────────────────────────────────────────────────────────

  /**
   * May this customer's withdrawals be approved? Not without an approved file, not with an open or
   * confirmed sanctions hit, and not once the review is overdue beyond the grace period. A
   * withdrawal without a customer (treasury) passes.
   */
  gate(db: ReadableDB, customerId: string | null, now: Date): Gate {
    if (customerId === null) return { withdrawalsAllowed: true, detail: 'a treasury withdrawal: no customer KYC applies' };
    const c = findCustomer(db, customerId);
    if (!c) return { withdrawalsAllowed: false, detail: `customer ${customerId} has no KYC file` };
    if (c.status === 'rejected') return { withdrawalsAllowed: false, detail: `customer ${customerId}'s KYC file was rejected: no withdrawals` };
    const reviewing = this.underReview(db, c);
    if (c.status !== 'approved' && !reviewing) return { withdrawalsAllowed: false, detail: `customer ${customerId}'s KYC file is ${STATUS_WORDS[c.status]}: withdrawals wait for its approval` };
    const sanctioned = hitsOfCustomer(db, customerId).find((h) => h.delistedAt === null && h.status !== 'false_positive' && findList(db, h.listId)?.kind === 'sanctions');
    if (sanctioned) return { withdrawalsAllowed: false, detail: `customer ${customerId} has ${sanctioned.status === 'open' ? 'an unresolved' : 'a confirmed'} sanctions hit (${sanctioned.listId}, entry ${sanctioned.entryId})` };
    const grace = this.risk.config.review.graceDays;
    if (c.nextReviewAt) {
      const due = new Date(c.nextReviewAt);
      const end = new Date(due.getTime() + grace * DAY);
      if (now > end) return { withdrawalsAllowed: false, detail: `customer ${customerId}'s KYC review was due on ${c.nextReviewAt.slice(0, 10)} (${c.reviewReason ?? 'periodic review'}); the ${grace}-day grace period ended on ${end.toISOString().slice(0, 10)}` };
      if (now > due) return { withdrawalsAllowed: true, detail: `KYC approved; review overdue since ${c.nextReviewAt.slice(0, 10)}, within the ${grace}-day grace period (until ${end.toISOString().slice(0, 10)})` };
    }
    if (reviewing) return { withdrawalsAllowed: true, detail: `KYC approved; periodic review in progress (due ${c.nextReviewAt?.slice(0, 10) ?? 'now'})` };
    return { withdrawalsAllowed: true, detail: `KYC approved (${c.riskLevel ?? 'unscored'} risk, next review ${c.nextReviewAt?.slice(0, 10) ?? 'not set'})` };
  }

  // ─── list updates ──────────────────────────────────────────────────────────────────────────

  /**
   * Everyone a list update is screened for: every customer, beneficial owner and known address
   * (linked wallets, custody destinations), each with a key that orders them (a re-screen job's
   * cursor: `p:customer:C-1`, `p:owner:bo_…`, `a:C-1:ethereum:0x…`).
   */
  rescreenSubjects(db: ReadableDB): { people: (PersonSubject & { key: string })[]; addresses: (AddressSubject & { key: string })[]; customers: number; owners: number } {
    const people: (PersonSubject & { key: string })[] = [];
    const subjects = allScreeningSubjects(db);
    for (const c of subjects) {
      const query = customerQuery({ type: c.type, legalName: c.legalName, dateOfBirth: c.dateOfBirth ?? undefined, nationality: c.nationality ?? undefined, residence: c.residence ?? undefined, jurisdiction: c.jurisdiction ?? undefined, address: { country: c.addressCountry } });
      people.push({ key: `p:customer:${c.id}`, subjectType: 'customer', subjectId: c.id, customerId: c.id, query, digest: c.profileDigest });
    }
    const owners: OwnerRow[] = allActiveOwners(db);
    for (const o of owners) {
      const query = ownerQuery(o);
      people.push({ key: `p:owner:${o.id}`, subjectType: 'owner', subjectId: o.id, customerId: o.customerId, query, digest: queryDigest(query) });
    }
    const addresses = new Map<string, AddressSubject & { key: string }>();
    for (const a of allCustomerAddresses(db)) {
      const subjectId = addressSubjectId(a.customerId, a.chain, a.address);
      addresses.set(subjectId, { key: `a:${subjectId}`, subjectId, customerId: a.customerId, chain: a.chain, address: a.address });
    }
    for (const d of destinationAddresses(db)) {
      const subjectId = addressSubjectId(d.customerId, d.chain, d.address);
      if (!addresses.has(subjectId)) addresses.set(subjectId, { key: `a:${subjectId}`, subjectId, customerId: d.customerId, chain: d.chain, address: d.address });
    }
    const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    return { people: people.sort(byKey), addresses: [...addresses.values()].sort(byKey), customers: subjects.length, owners: owners.length };
  }

  /**
   * Screen some subjects against (part of) a list version, raise only the new hits (each with a
   * `hit_raised` event) and re-score the customers that got one. Idempotent: screening the same
   * subjects again raises nothing more (HitBook), so an interrupted re-screen can simply run again.
   */
  screenSubjectsAgainst(db: WritableDB, loaded: LoadedList, people: readonly PersonSubject[], addresses: readonly AddressSubject[], by: string, trigger: string): { newHits: number; rescored: number } {
    const outcome = this.screening.screen(db, [loaded], people, addresses, this.screening.listBook(db), by);
    const affected = new Set<string>();
    for (const hit of outcome.raised) {
      if (!hit.customerId || !findCustomer(db, hit.customerId)) continue;
      affected.add(hit.customerId);
      this.event(db, hit.customerId, by, 'hit_raised', { hitId: hit.id, listId: hit.listId, entryId: hit.entryId, score: hit.score, subject: hit.subjectName, listVersion: loaded.version.version });
    }
    for (const id of affected) this.rescore(db, id, trigger, by);
    return { newHits: outcome.raised.length, rescored: affected.size };
  }

  /**
   * What a new list version changes at once, in the import's transaction: hits on entries it
   * dropped become history (`delisted_at`) and their customers are re-scored. The re-screen of
   * everyone runs after the import as a job (rescreen.job.ts).
   */
  applyDelistings(db: WritableDB, listId: string, result: ImportResult, by: string): { delistedHits: number; rescored: number } {
    const delisted = this.screening.delist(db, listId, result.removed);
    let rescored = 0;
    for (const id of delisted.customers) {
      if (!findCustomer(db, id)) continue;
      this.rescore(db, id, `list_update:${listId}@${result.version.version}`, by);
      rescored++;
    }
    return { delistedHits: delisted.hits, rescored };
  }
}

function calendarExpired(expiresOn: string, now: Date): boolean {
  return `${expiresOn}T23:59:59.999Z` < now.toISOString();
}
