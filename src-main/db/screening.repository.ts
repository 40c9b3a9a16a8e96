/**
 * SQL for screening lists, their versions and entries, and the hits raised against them. A full
 * re-screen reads every current entry and every hit of a list once (prepared statements, `all()`),
 * never row by row.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { screeningEntries, screeningHits, screeningListVersions, screeningLists } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

export type ListRow = typeof screeningLists.$inferSelect;
export type ListVersionRow = typeof screeningListVersions.$inferSelect;
export type EntryRow = typeof screeningEntries.$inferSelect;
export type HitRow = typeof screeningHits.$inferSelect;
export type HitStatus = HitRow['status'];

// lists
export const findList = (db: ReadableDB, id: string): ListRow | undefined => db.orm.select().from(screeningLists).where(eq(screeningLists.id, id)).get();
export const insertList = (db: WritableDB, row: ListRow): void => void db.orm.insert(screeningLists).values(row).run();
export const allLists = (db: ReadableDB): ListRow[] => db.orm.select().from(screeningLists).orderBy(asc(screeningLists.id)).all();

// versions
export const activeVersion = (db: ReadableDB, listId: string): ListVersionRow | undefined =>
  db.orm.select().from(screeningListVersions).where(and(eq(screeningListVersions.listId, listId), eq(screeningListVersions.active, true))).get();
export const activeVersions = (db: ReadableDB): ListVersionRow[] => db.orm.select().from(screeningListVersions).where(eq(screeningListVersions.active, true)).orderBy(asc(screeningListVersions.listId)).all();
export const findVersion = (db: ReadableDB, id: number): ListVersionRow | undefined => db.orm.select().from(screeningListVersions).where(eq(screeningListVersions.id, id)).get();
export const findVersionByName = (db: ReadableDB, listId: string, version: string): ListVersionRow | undefined =>
  db.orm.select().from(screeningListVersions).where(and(eq(screeningListVersions.listId, listId), eq(screeningListVersions.version, version))).get();
export const versionsOf = (db: ReadableDB, listId: string, limit: number): ListVersionRow[] =>
  db.orm.select().from(screeningListVersions).where(eq(screeningListVersions.listId, listId)).orderBy(desc(screeningListVersions.id)).limit(limit).all();
export function insertVersion(db: WritableDB, row: Omit<ListVersionRow, 'id'>): number {
  return Number(db.orm.insert(screeningListVersions).values(row).run().lastInsertRowid);
}
export const deactivateVersion = (db: WritableDB, id: number): void => void db.orm.update(screeningListVersions).set({ active: false }).where(eq(screeningListVersions.id, id)).run();
export const setVersionCounts = (db: WritableDB, id: number, counts: { added: number; changed: number; removed: number }): void =>
  void db.orm.update(screeningListVersions).set(counts).where(eq(screeningListVersions.id, id)).run();

// entries
export interface CurrentEntry {
  readonly row: number;
  readonly entryId: string;
  readonly digest: string;
  readonly data: string;
}

export function currentEntries(db: ReadableDB, listId: string): CurrentEntry[] {
  return db.sqlite.prepare<[string], CurrentEntry>('SELECT id AS row, entry_id AS entryId, digest, data FROM screening_entries WHERE list_id = ? AND to_version IS NULL ORDER BY entry_id').all(listId);
}

export const countCurrentEntries = (db: ReadableDB, listId: string): number =>
  db.orm.select({ n: sql<number>`count(*)` }).from(screeningEntries).where(and(eq(screeningEntries.listId, listId), isNull(screeningEntries.toVersion))).get()?.n ?? 0;

export const findEntryRow = (db: ReadableDB, row: number): EntryRow | undefined => db.orm.select().from(screeningEntries).where(eq(screeningEntries.id, row)).get();

const entryHot = perConnection((db) => ({
  insert: db.sqlite.prepare('INSERT INTO screening_entries (list_id, entry_id, digest, kind, primary_name, data, from_version, to_version) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)'),
  close: db.sqlite.prepare('UPDATE screening_entries SET to_version = ? WHERE id = ? AND to_version IS NULL'),
}));

export function insertEntry(db: WritableDB, e: { listId: string; entryId: string; digest: string; kind: string; primaryName: string; data: string; fromVersion: number }): number {
  return Number(entryHot(db).insert.run(e.listId, e.entryId, e.digest, e.kind, e.primaryName, e.data, e.fromVersion).lastInsertRowid);
}

export function closeEntry(db: WritableDB, row: number, versionId: number): void {
  entryHot(db).close.run(versionId, row);
}

// hits
export const insertHit = (db: WritableDB, row: HitRow): void => void db.orm.insert(screeningHits).values(row).run();
export const findHit = (db: ReadableDB, id: string): HitRow | undefined => db.orm.select().from(screeningHits).where(eq(screeningHits.id, id)).get();
export const updateHit = (db: WritableDB, id: string, patch: Partial<Omit<HitRow, 'id'>>): void => void db.orm.update(screeningHits).set(patch).where(eq(screeningHits.id, id)).run();
export const hitsOfCustomer = (db: ReadableDB, customerId: string): HitRow[] =>
  db.orm.select().from(screeningHits).where(eq(screeningHits.customerId, customerId)).orderBy(desc(screeningHits.raisedAt), desc(sql`rowid`)).all();
export const hitsOfSubject = (db: ReadableDB, subjectType: HitRow['subjectType'], subjectId: string): HitRow[] =>
  db.orm.select().from(screeningHits).where(and(eq(screeningHits.subjectType, subjectType), eq(screeningHits.subjectId, subjectId))).orderBy(asc(screeningHits.raisedAt), asc(sql`rowid`)).all();

/** The facts a re-screen needs to decide whether a match is new: one row per hit of the list. */
export interface HitKeyRow {
  readonly id: string;
  readonly subjectType: HitRow['subjectType'];
  readonly subjectId: string;
  readonly entryId: string;
  readonly status: HitStatus;
  readonly entryDigest: string;
  readonly subjectDigest: string;
  readonly resolvedEntryDigest: string | null;
  readonly resolvedSubjectDigest: string | null;
  readonly delistedAt: string | null;
}

export function hitKeysOfList(db: ReadableDB, listId: string): HitKeyRow[] {
  return db.sqlite
    .prepare<[string], HitKeyRow>(
      `SELECT id, subject_type AS subjectType, subject_id AS subjectId, entry_id AS entryId, status, entry_digest AS entryDigest, subject_digest AS subjectDigest,
              resolved_entry_digest AS resolvedEntryDigest, resolved_subject_digest AS resolvedSubjectDigest, delisted_at AS delistedAt
         FROM screening_hits WHERE list_id = ? ORDER BY raised_at, rowid`,
    )
    .all(listId);
}

/** Hits on entries a new version dropped: they keep their history and say when the entry left the list. */
export function markDelisted(db: WritableDB, listId: string, entryIds: readonly string[], at: string): number {
  let n = 0;
  const stmt = db.sqlite.prepare('UPDATE screening_hits SET delisted_at = ? WHERE list_id = ? AND entry_id = ? AND delisted_at IS NULL');
  for (const id of entryIds) n += stmt.run(at, listId, id).changes;
  return n;
}

/** Customers with a hit on any of these entries (to re-score them after a delisting). */
export function customersWithHitsOn(db: ReadableDB, listId: string, entryIds: readonly string[]): string[] {
  if (entryIds.length === 0) return [];
  const out = new Set<string>();
  for (let i = 0; i < entryIds.length; i += 500) {
    const rows = db.orm
      .selectDistinct({ customerId: screeningHits.customerId })
      .from(screeningHits)
      .where(and(eq(screeningHits.listId, listId), inArray(screeningHits.entryId, entryIds.slice(i, i + 500))))
      .all();
    for (const r of rows) if (r.customerId) out.add(r.customerId);
  }
  return [...out];
}

/** Entries current now that a version from `versionId` on brought in (added or changed): what a re-screen after it searches. */
export function entriesChangedSince(db: ReadableDB, listId: string, versionId: number): string[] {
  return db.sqlite.prepare<[string, number], { entryId: string }>('SELECT entry_id AS entryId FROM screening_entries WHERE list_id = ? AND to_version IS NULL AND from_version >= ? ORDER BY entry_id').all(listId, versionId).map((r) => r.entryId);
}
