/** SQL for the record vault: records, their sealed chunks, search terms, access log, alerts. */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { integrityAlerts, recordAccess, recordChunks, records, recordTerms, relationshipEnds, RECORD_SUBJECTS, RECORD_TYPES } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

export type RecordRow = typeof records.$inferSelect;
export type RecordType = (typeof RECORD_TYPES)[number];
export type RecordSubject = (typeof RECORD_SUBJECTS)[number];
export type AccessRow = typeof recordAccess.$inferSelect;
export type AlertRow = typeof integrityAlerts.$inferSelect;
export type TermKind = 'name' | 'address' | 'txhash';
export { RECORD_SUBJECTS, RECORD_TYPES };

/** Prepared once per connection: appends are the vault's hot path. */
const hot = perConnection((db) => ({
  insertRecord: db.sqlite.prepare(
    `INSERT INTO records (id, type, subject_type, subject_id, title, content_type, size, sha256, chunk_size, chunk_count, wrapped_key, key_id, nonce_prefix,
                          jurisdiction, retention_basis, retention_years, retention_until, legal_hold, legal_hold_reason, legal_hold_by, legal_hold_at,
                          created_at, created_by, shredded_at, shredded_by)
     VALUES (@id, @type, @subjectType, @subjectId, @title, @contentType, @size, @sha256, @chunkSize, @chunkCount, @wrappedKey, @keyId, @noncePrefix,
             @jurisdiction, @retentionBasis, @retentionYears, @retentionUntil, @legalHold, @legalHoldReason, @legalHoldBy, @legalHoldAt,
             @createdAt, @createdBy, @shreddedAt, @shreddedBy)`,
  ),
  complete: db.sqlite.prepare('UPDATE records SET size = ?, sha256 = ?, chunk_count = ? WHERE id = ?'),
  chunk: db.sqlite.prepare('INSERT INTO record_chunks (record_id, idx, ciphertext) VALUES (?, ?, ?)'),
  term: db.sqlite.prepare('INSERT INTO record_terms (record_id, kind, value) VALUES (?, ?, ?)'),
}));

export function insertRecord(db: WritableDB, row: RecordRow): void {
  hot(db).insertRecord.run({ ...row, legalHold: row.legalHold ? 1 : 0 });
}

/** After the content is sealed: its size, checksum and chunk count. */
export function completeRecord(db: WritableDB, id: string, size: number, sha256: string, chunkCount: number): void {
  hot(db).complete.run(size, sha256, chunkCount, id);
}

export function insertChunk(db: WritableDB, recordId: string, idx: number, ciphertext: Buffer): void {
  hot(db).chunk.run(recordId, idx, ciphertext);
}

export function readChunk(db: ReadableDB, recordId: string, idx: number): Buffer | undefined {
  const row = db.sqlite.prepare<[string, number], { ciphertext: Buffer }>('SELECT ciphertext FROM record_chunks WHERE record_id = ? AND idx = ?').get(recordId, idx);
  return row?.ciphertext;
}

export function countChunks(db: ReadableDB, recordId: string): number {
  return db.sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM record_chunks WHERE record_id = ?').get(recordId)?.n ?? 0;
}

export function findRecord(db: ReadableDB, id: string): RecordRow | undefined {
  return db.orm.select().from(records).where(eq(records.id, id)).get();
}

export interface RecordFilter {
  readonly subjectType?: RecordSubject | undefined;
  readonly subjectId?: string | undefined;
  readonly type?: RecordType | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly ids?: readonly string[] | undefined;
  readonly excludeTypes?: readonly RecordType[] | undefined;
  readonly afterId?: string | undefined;
}

function recordWhere(f: RecordFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.subjectType) parts.push(eq(records.subjectType, f.subjectType));
  if (f.subjectId) parts.push(eq(records.subjectId, f.subjectId));
  if (f.type) parts.push(eq(records.type, f.type));
  if (f.from) parts.push(gte(records.createdAt, f.from));
  if (f.to) parts.push(lte(records.createdAt, f.to));
  if (f.ids) parts.push(inArray(records.id, [...f.ids]));
  if (f.excludeTypes && f.excludeTypes.length > 0) parts.push(sql`${records.type} NOT IN (${sql.join(f.excludeTypes.map((t) => sql`${t}`), sql`, `)})`);
  if (f.afterId) parts.push(sql`${records.id} > ${f.afterId}`);
  return parts.length > 0 ? and(...parts) : undefined;
}

export function listRecords(db: ReadableDB, filter: RecordFilter, limit: number): RecordRow[] {
  return db.orm.select().from(records).where(recordWhere(filter)).orderBy(asc(records.createdAt), asc(records.id)).limit(limit).all();
}

export function countRecords(db: ReadableDB, filter: RecordFilter): number {
  return db.orm.select({ n: sql<number>`count(*)` }).from(records).where(recordWhere(filter)).get()?.n ?? 0;
}

export function insertTerms(db: WritableDB, recordId: string, terms: readonly { kind: TermKind; value: string }[]): void {
  for (const t of terms) hot(db).term.run(recordId, t.kind, t.value);
}

/** Records having every one of the given terms (AND across terms). */
export function recordIdsWithTerms(db: ReadableDB, terms: readonly { kind: TermKind; value: string }[]): string[] {
  if (terms.length === 0) return [];
  const ors = terms.map((t) => sql`(${recordTerms.kind} = ${t.kind} AND ${recordTerms.value} = ${t.value})`);
  return db.orm
    .select({ id: recordTerms.recordId })
    .from(recordTerms)
    .where(sql.join(ors, sql` OR `))
    .groupBy(recordTerms.recordId)
    .having(sql`count(DISTINCT ${recordTerms.kind} || ':' || ${recordTerms.value}) = ${terms.length}`)
    .all()
    .map((r) => r.id);
}

export function termsOf(db: ReadableDB, recordId: string): { kind: TermKind; value: string }[] {
  return db.orm.select({ kind: recordTerms.kind, value: recordTerms.value }).from(recordTerms).where(eq(recordTerms.recordId, recordId)).all();
}

export function logAccess(db: WritableDB, row: Omit<AccessRow, 'id'>): void {
  db.orm.insert(recordAccess).values(row).run();
}

export function listAccess(db: ReadableDB, recordId: string | undefined, limit: number, excludeTypes: readonly RecordType[] = []): AccessRow[] {
  const hidden = excludeTypes.length > 0 ? sql`${recordAccess.recordId} NOT IN (SELECT ${records.id} FROM ${records} WHERE ${records.type} IN (${sql.join(excludeTypes.map((t) => sql`${t}`), sql`, `)}))` : undefined;
  return db.orm
    .select()
    .from(recordAccess)
    .where(and(recordId ? eq(recordAccess.recordId, recordId) : undefined, hidden))
    .orderBy(desc(recordAccess.id))
    .limit(limit)
    .all();
}

/** The types of these records (to hide what a reader may not know exists). */
export function recordTypes(db: ReadableDB, ids: readonly string[]): Map<string, RecordType> {
  if (ids.length === 0) return new Map();
  return new Map(db.orm.select({ id: records.id, type: records.type }).from(records).where(inArray(records.id, [...ids])).all().map((r) => [r.id, r.type]));
}

export function setLegalHold(db: WritableDB, id: string, hold: boolean, reason: string | null, by: string | null, at: string | null): void {
  db.orm.update(records).set({ legalHold: hold, legalHoldReason: reason, legalHoldBy: by, legalHoldAt: at }).where(eq(records.id, id)).run();
}

export function recordRelationshipEnd(db: WritableDB, customerId: string, endedAt: string, by: string): void {
  db.orm.insert(relationshipEnds).values({ customerId, endedAt, recordedBy: by }).onConflictDoUpdate({ target: relationshipEnds.customerId, set: { endedAt, recordedBy: by } }).run();
}

export function relationshipEnd(db: ReadableDB, customerId: string): string | undefined {
  return db.orm.select().from(relationshipEnds).where(eq(relationshipEnds.customerId, customerId)).get()?.endedAt;
}

export function setRetentionUntil(db: WritableDB, id: string, until: string): void {
  db.orm.update(records).set({ retentionUntil: until }).where(eq(records.id, id)).run();
}

/** Records past retention, not held, not yet shredded. */
export function dueForShredding(db: ReadableDB, now: string, limit: number): RecordRow[] {
  return db.orm
    .select()
    .from(records)
    .where(and(isNull(records.shreddedAt), eq(records.legalHold, false), lte(records.retentionUntil, now)))
    .orderBy(asc(records.retentionUntil))
    .limit(limit)
    .all();
}

/** Crypto-shred: forget the wrapped key (the content can never be decrypted again), then drop the chunks. */
export function shredRecord(db: WritableDB, id: string, at: string, by: string): void {
  db.orm.update(records).set({ shreddedAt: at, shreddedBy: by, wrappedKey: null }).where(eq(records.id, id)).run();
  db.orm.delete(recordChunks).where(eq(recordChunks.recordId, id)).run();
}

export function insertAlert(db: WritableDB, row: AlertRow): void {
  db.orm.insert(integrityAlerts).values(row).run();
}

export function listAlerts(db: ReadableDB, open: boolean | undefined, limit: number): AlertRow[] {
  return db.orm
    .select()
    .from(integrityAlerts)
    .where(open === undefined ? undefined : open ? isNull(integrityAlerts.acknowledgedAt) : sql`${integrityAlerts.acknowledgedAt} IS NOT NULL`)
    .orderBy(desc(integrityAlerts.raisedAt))
    .limit(limit)
    .all();
}

export function acknowledgeAlert(db: WritableDB, id: string, at: string, by: string): boolean {
  return db.orm.update(integrityAlerts).set({ acknowledgedAt: at, acknowledgedBy: by }).where(and(eq(integrityAlerts.id, id), isNull(integrityAlerts.acknowledgedAt))).run().changes > 0;
}
