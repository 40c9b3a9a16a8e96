/** SQL for KYC files: customers, beneficial owners, documents, history, consents, addresses, risk. */
import { and, asc, desc, eq, gt, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { assets, kycAddresses, kycBeneficialOwners, kycConsents, kycCustomers, kycDocuments, kycEvents, riskAssessments, riskConfigVersions, screeningHits, withdrawals } from './schema';
import type { ReadableDB, WritableDB } from './database';

export type CustomerRow = typeof kycCustomers.$inferSelect;
export type OwnerRow = typeof kycBeneficialOwners.$inferSelect;
export type DocumentRow = typeof kycDocuments.$inferSelect;
export type EventRow = typeof kycEvents.$inferSelect;
export type ConsentRow = typeof kycConsents.$inferSelect;
export type CustomerAddressRow = typeof kycAddresses.$inferSelect;
export type AssessmentRow = typeof riskAssessments.$inferSelect;
export type KycStatus = CustomerRow['status'];
export type RiskLevelColumn = NonNullable<CustomerRow['riskLevel']>;

// customers
export const insertCustomer = (db: WritableDB, row: CustomerRow): void => void db.orm.insert(kycCustomers).values(row).run();
export const findCustomer = (db: ReadableDB, id: string): CustomerRow | undefined => db.orm.select().from(kycCustomers).where(eq(kycCustomers.id, id)).get();
export const updateCustomer = (db: WritableDB, id: string, patch: Partial<Omit<CustomerRow, 'id'>>): void => void db.orm.update(kycCustomers).set(patch).where(eq(kycCustomers.id, id)).run();
export const customersByIds = (db: ReadableDB, ids: readonly string[]): CustomerRow[] => (ids.length === 0 ? [] : db.orm.select().from(kycCustomers).where(inArray(kycCustomers.id, [...ids])).all());

export interface CustomerFilter {
  readonly status?: readonly KycStatus[] | undefined;
  readonly riskLevel?: readonly RiskLevelColumn[] | undefined;
  /** Review due on or before this time. */
  readonly reviewBefore?: string | undefined;
  readonly search?: string | undefined;
}

function customerWhere(f: CustomerFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (f.status && f.status.length > 0) parts.push(inArray(kycCustomers.status, [...f.status]));
  if (f.riskLevel && f.riskLevel.length > 0) parts.push(inArray(kycCustomers.riskLevel, [...f.riskLevel]));
  if (f.reviewBefore) parts.push(lte(kycCustomers.nextReviewAt, f.reviewBefore));
  if (f.search) {
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(sql`${kycCustomers.id} LIKE ${pattern} ESCAPE '\\'`, like(kycCustomers.legalName, pattern)));
  }
  return parts.length > 0 ? and(...parts) : undefined;
}

export type CustomerListRow = CustomerRow & { openHits: number };

// Written out: drizzle renders columns unqualified inside a subquery, which would compare the hit's own id.
const openHits = sql<number>`(SELECT count(*) FROM screening_hits h WHERE h.customer_id = "kyc_customers"."id" AND h.status = 'open')`;

export function listCustomers(db: ReadableDB, f: CustomerFilter, afterId: string | undefined, limit: number): CustomerListRow[] {
  return db.orm
    .select({ customer: kycCustomers, openHits })
    .from(kycCustomers)
    .where(and(customerWhere(f), afterId ? gt(kycCustomers.id, afterId) : undefined))
    .orderBy(asc(kycCustomers.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.customer, openHits: r.openHits }));
}

export function countCustomers(db: ReadableDB, f: CustomerFilter): number {
  return db.orm.select({ n: sql<number>`count(*)` }).from(kycCustomers).where(customerWhere(f)).get()?.n ?? 0;
}

/** Approved customers whose review falls due by `before`, the most overdue first. */
export function reviewsDue(db: ReadableDB, before: string, limit: number): CustomerListRow[] {
  return db.orm
    .select({ customer: kycCustomers, openHits })
    .from(kycCustomers)
    .where(and(eq(kycCustomers.status, 'approved'), lte(kycCustomers.nextReviewAt, before)))
    .orderBy(asc(kycCustomers.nextReviewAt), asc(kycCustomers.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.customer, openHits: r.openHits }));
}

export const countReviewsDue = (db: ReadableDB, before: string): number =>
  db.orm.select({ n: sql<number>`count(*)` }).from(kycCustomers).where(and(eq(kycCustomers.status, 'approved'), lte(kycCustomers.nextReviewAt, before))).get()?.n ?? 0;

export const openHitCount = (db: ReadableDB, customerId: string): number =>
  db.orm.select({ n: sql<number>`count(*)` }).from(screeningHits).where(and(eq(screeningHits.customerId, customerId), eq(screeningHits.status, 'open'))).get()?.n ?? 0;

/** What a re-screen reads of every customer, in one query (100 000 rows must stay cheap). */
export interface ScreeningSubjectRow {
  readonly id: string;
  readonly type: 'individual' | 'entity';
  readonly legalName: string;
  readonly dateOfBirth: string | null;
  readonly nationality: string | null;
  readonly residence: string | null;
  readonly jurisdiction: string | null;
  readonly addressCountry: string;
  readonly profileDigest: string;
}

export function allScreeningSubjects(db: ReadableDB): ScreeningSubjectRow[] {
  return db.sqlite
    .prepare<[], ScreeningSubjectRow>(
      'SELECT id, type, legal_name AS legalName, date_of_birth AS dateOfBirth, nationality, residence, jurisdiction, address_country AS addressCountry, profile_digest AS profileDigest FROM kyc_customers ORDER BY id',
    )
    .all();
}

// beneficial owners
export const insertOwner = (db: WritableDB, row: OwnerRow): void => void db.orm.insert(kycBeneficialOwners).values(row).run();
export const ownersOf = (db: ReadableDB, customerId: string, includeRemoved = false): OwnerRow[] =>
  db.orm
    .select()
    .from(kycBeneficialOwners)
    .where(and(eq(kycBeneficialOwners.customerId, customerId), includeRemoved ? undefined : isNull(kycBeneficialOwners.removedAt)))
    .orderBy(asc(kycBeneficialOwners.addedAt), asc(sql`rowid`))
    .all();
export const removeOwner = (db: WritableDB, id: string, at: string): void => void db.orm.update(kycBeneficialOwners).set({ removedAt: at }).where(eq(kycBeneficialOwners.id, id)).run();
export const allActiveOwners = (db: ReadableDB): OwnerRow[] => db.orm.select().from(kycBeneficialOwners).where(isNull(kycBeneficialOwners.removedAt)).all();

// documents
export const insertDocument = (db: WritableDB, row: DocumentRow): void => void db.orm.insert(kycDocuments).values(row).run();
export const documentsOf = (db: ReadableDB, customerId: string): DocumentRow[] => db.orm.select().from(kycDocuments).where(eq(kycDocuments.customerId, customerId)).orderBy(asc(kycDocuments.addedAt), asc(sql`rowid`)).all();
export const findDocument = (db: ReadableDB, id: string): DocumentRow | undefined => db.orm.select().from(kycDocuments).where(eq(kycDocuments.id, id)).get();

// history
export const insertEvent = (db: WritableDB, row: Omit<EventRow, 'id'>): void => void db.orm.insert(kycEvents).values(row).run();
/** The latest event that moved the file's status (what put it where it is). */
export const lastStatusEvent = (db: ReadableDB, customerId: string): EventRow | undefined =>
  db.orm.select().from(kycEvents).where(and(eq(kycEvents.customerId, customerId), sql`${kycEvents.statusAfter} IS NOT NULL`)).orderBy(desc(kycEvents.id)).limit(1).get();
export const eventsOf = (db: ReadableDB, customerId: string, limit: number): EventRow[] => db.orm.select().from(kycEvents).where(eq(kycEvents.customerId, customerId)).orderBy(desc(kycEvents.id)).limit(limit).all();

// consents
export const insertConsent = (db: WritableDB, row: Omit<ConsentRow, 'id'>): void => void db.orm.insert(kycConsents).values(row).run();
export const consentsOf = (db: ReadableDB, customerId: string): ConsentRow[] => db.orm.select().from(kycConsents).where(eq(kycConsents.customerId, customerId)).orderBy(asc(kycConsents.id)).all();

// linked wallet addresses
export const addressesOf = (db: ReadableDB, customerId: string): CustomerAddressRow[] => db.orm.select().from(kycAddresses).where(eq(kycAddresses.customerId, customerId)).orderBy(asc(kycAddresses.addedAt), asc(kycAddresses.address)).all();
export const insertAddress = (db: WritableDB, row: CustomerAddressRow): void => void db.orm.insert(kycAddresses).values(row).onConflictDoNothing().run();
export const deleteAddress = (db: WritableDB, customerId: string, chain: CustomerAddressRow['chain'], normalised: string): void =>
  void db.orm.delete(kycAddresses).where(and(eq(kycAddresses.customerId, customerId), eq(kycAddresses.chain, chain), eq(kycAddresses.normalised, normalised))).run();
export const allCustomerAddresses = (db: ReadableDB): CustomerAddressRow[] => db.orm.select().from(kycAddresses).all();

/** Every destination custody has sent (or tried to send) to, with its chain: known addresses for re-screening. */
export function destinationAddresses(db: ReadableDB): { chain: 'bitcoin' | 'ethereum'; address: string; customerId: string | null }[] {
  return db.orm
    .selectDistinct({ chain: assets.chain, address: withdrawals.destination, customerId: withdrawals.customerId })
    .from(withdrawals)
    .innerJoin(assets, eq(assets.id, withdrawals.assetId))
    .all();
}

// risk
export const findRiskConfig = (db: ReadableDB, version: number) => db.orm.select().from(riskConfigVersions).where(eq(riskConfigVersions.version, version)).get();
export const insertRiskConfig = (db: WritableDB, row: typeof riskConfigVersions.$inferSelect): void => void db.orm.insert(riskConfigVersions).values(row).run();
export function insertAssessment(db: WritableDB, row: Omit<AssessmentRow, 'id'>): number {
  return Number(db.orm.insert(riskAssessments).values(row).run().lastInsertRowid);
}
export const findAssessment = (db: ReadableDB, id: number): AssessmentRow | undefined => db.orm.select().from(riskAssessments).where(eq(riskAssessments.id, id)).get();
export const latestAssessment = (db: ReadableDB, customerId: string): AssessmentRow | undefined =>
  db.orm.select().from(riskAssessments).where(eq(riskAssessments.customerId, customerId)).orderBy(desc(riskAssessments.id)).limit(1).get();
export const assessmentsOf = (db: ReadableDB, customerId: string, limit: number): AssessmentRow[] =>
  db.orm.select().from(riskAssessments).where(eq(riskAssessments.customerId, customerId)).orderBy(desc(riskAssessments.id)).limit(limit).all();

// behaviour (what the console saw a customer's money do; kyc/behaviour.ts)
export interface FlowRow {
  readonly kind: 'deposit' | 'withdrawal';
  readonly assetId: string;
  readonly chain: 'bitcoin' | 'ethereum';
  readonly decimals: number;
  readonly amount: string;
  /** Withdrawals carry their USD value at creation; deposits are valued at the asset's current price. */
  readonly usdCents: string | null;
  readonly usdCentsPerUnit: string | null;
  readonly at: string;
  readonly state: string;
  readonly destination: string | null;
}

/** A customer's deposits since `since` and withdrawals (all of them: their destinations count whenever they were). */
export function customerFlows(db: ReadableDB, customerId: string, since: string): FlowRow[] {
  return db.sqlite
    .prepare<[string, string, string], FlowRow>(
      `SELECT 'deposit' AS kind, d.asset_id AS assetId, a.chain AS chain, a.decimals AS decimals, d.amount AS amount, NULL AS usdCents, p.usd_cents_per_unit AS usdCentsPerUnit, d.first_seen_at AS at, d.status AS state, NULL AS destination
         FROM deposits d JOIN assets a ON a.id = d.asset_id LEFT JOIN market_prices p ON p.asset_id = d.asset_id
        WHERE d.customer_id = ? AND d.first_seen_at >= ? AND d.status IN ('pending', 'credited')
       UNION ALL
       SELECT 'withdrawal', w.asset_id, a.chain, a.decimals, w.amount, w.usd_cents, NULL, w.created_at, w.state, w.destination
         FROM withdrawals w JOIN assets a ON a.id = w.asset_id
        WHERE w.customer_id = ?
        ORDER BY at`,
    )
    .all(customerId, since, customerId);
}

export const assetChain = (db: ReadableDB, assetId: string): 'bitcoin' | 'ethereum' | undefined => db.orm.select({ chain: assets.chain }).from(assets).where(eq(assets.id, assetId)).get()?.chain;

/** Customers of withdrawals created after `afterRowid` (rowid order is creation order), and the newest rowid. */
export function withdrawalCustomersSince(db: ReadableDB, afterRowid: number): { customers: string[]; lastRowid: number } {
  const rows = db.sqlite.prepare<[number], { rowid: number; customerId: string | null }>('SELECT rowid, customer_id AS customerId FROM withdrawals WHERE rowid > ? ORDER BY rowid').all(afterRowid);
  return { customers: [...new Set(rows.flatMap((r) => (r.customerId ? [r.customerId] : [])))], lastRowid: rows.length > 0 ? rows[rows.length - 1]!.rowid : afterRowid };
}

export const lastWithdrawalRowid = (db: ReadableDB): number => db.sqlite.prepare<[], { n: number | null }>('SELECT max(rowid) AS n FROM withdrawals').get()?.n ?? 0;
