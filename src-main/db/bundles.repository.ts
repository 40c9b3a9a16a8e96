/**
 * SQL for bundles: the pinned online-node keys and their rotations, the history of every bundle in
 * and out, and the items with their bytes (in chunks). The import path (one row per item, one per
 * chunk) uses prepared statements: a bundle may hold 100 000 items.
 */
import type Database from 'better-sqlite3';
import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { bundleItems, bundles, nodeKeyRotationApprovals, nodeKeyRotations, nodeKeys } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

export type NodeKeyRow = typeof nodeKeys.$inferSelect;
export type BundleRow = typeof bundles.$inferSelect;
export type BundleItemRow = typeof bundleItems.$inferSelect;
export type RotationRow = typeof nodeKeyRotations.$inferSelect;
export type ApprovalRow = typeof nodeKeyRotationApprovals.$inferSelect;
export type BundleDirectionColumn = BundleRow['direction'];
export type ItemStatus = BundleItemRow['status'];

export const CHUNK_BYTES = 1024 * 1024;

// ─── online-node keys ────────────────────────────────────────────────────────────────────────

export function listNodeKeys(db: ReadableDB): NodeKeyRow[] {
  return db.orm.select().from(nodeKeys).orderBy(asc(nodeKeys.activatedAt)).all();
}

export function activeNodeKey(db: ReadableDB): NodeKeyRow | undefined {
  return db.orm.select().from(nodeKeys).where(eq(nodeKeys.status, 'active')).get();
}

export function findNodeKey(db: ReadableDB, id: string): NodeKeyRow | undefined {
  return db.orm.select().from(nodeKeys).where(eq(nodeKeys.id, id)).get();
}

export function findNodeKeyByFingerprint(db: ReadableDB, fingerprint: string): NodeKeyRow | undefined {
  return db.orm.select().from(nodeKeys).where(eq(nodeKeys.fingerprint, fingerprint)).get();
}

export function insertNodeKey(db: WritableDB, row: NodeKeyRow): void {
  db.orm.insert(nodeKeys).values(row).run();
}

export function endNodeKey(db: WritableDB, id: string, status: 'retired' | 'revoked', at: string, by: string, reason: string): void {
  db.orm.update(nodeKeys).set({ status, endedAt: at, endedBy: by, endReason: reason }).where(eq(nodeKeys.id, id)).run();
}

// ─── bundles ─────────────────────────────────────────────────────────────────────────────────

export function lastBundle(db: ReadableDB, direction: BundleDirectionColumn): BundleRow | undefined {
  return db.orm.select().from(bundles).where(eq(bundles.direction, direction)).orderBy(desc(bundles.sequence)).limit(1).get();
}

export function bundleKnown(db: ReadableDB, bundleHash: string, bundleId: string): boolean {
  return db.sqlite.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM bundles WHERE bundle_hash = ? OR id = ?').get(bundleHash, bundleId)!.n > 0;
}

export function findBundle(db: ReadableDB, id: string): BundleRow | undefined {
  return db.orm.select().from(bundles).where(eq(bundles.id, id)).get();
}

export function insertBundle(db: WritableDB, row: BundleRow): void {
  db.orm.insert(bundles).values(row).run();
}

export function listBundles(db: ReadableDB, direction: BundleDirectionColumn | undefined, limit: number, beforeRecordedAt?: string): BundleRow[] {
  const parts = [direction ? eq(bundles.direction, direction) : undefined, beforeRecordedAt ? lt(bundles.recordedAt, beforeRecordedAt) : undefined].filter((p) => p !== undefined);
  return db.orm
    .select()
    .from(bundles)
    .where(parts.length > 0 ? and(...parts) : undefined)
    .orderBy(desc(bundles.recordedAt), desc(bundles.sequence))
    .limit(limit)
    .all();
}

// ─── items ───────────────────────────────────────────────────────────────────────────────────

interface Statements {
  readonly insertItem: Database.Statement<[string | null, string, string, string, string, number, string, string, string, string | null, string]>;
  readonly insertChunk: Database.Statement<[number, number, Buffer]>;
  readonly chunks: Database.Statement<[number], { data: Buffer }>;
}

const statements = perConnection((db): Statements => {
  const q = db.sqlite;
  return {
    insertItem: q.prepare(
      `INSERT INTO bundle_items (bundle_id, direction, item_id, type, content_type, size, sha256, status, module, note, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertChunk: q.prepare('INSERT INTO bundle_item_chunks (item_row, chunk, data) VALUES (?, ?, ?)'),
    chunks: q.prepare('SELECT data FROM bundle_item_chunks WHERE item_row = ? ORDER BY chunk'),
  };
});

export interface NewItem {
  readonly bundleId: string | null;
  readonly direction: BundleDirectionColumn;
  readonly itemId: string;
  readonly type: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly status: ItemStatus;
  readonly module: string;
  readonly note: string | null;
  readonly createdAt: string;
}

/** Insert an item row; returns its row id (the key of its chunks). */
export function insertItem(db: WritableDB, item: NewItem): number {
  const r = statements(db).insertItem.run(item.bundleId, item.direction, item.itemId, item.type, item.contentType, item.size, item.sha256, item.status, item.module, item.note, item.createdAt);
  return Number(r.lastInsertRowid);
}

export function insertChunk(db: WritableDB, itemRow: number, chunk: number, data: Buffer): void {
  statements(db).insertChunk.run(itemRow, chunk, data);
}

/** Store bytes as chunks of at most CHUNK_BYTES. */
export function insertBytes(db: WritableDB, itemRow: number, bytes: Buffer): void {
  const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  for (let n = 0; n < count; n++) insertChunk(db, itemRow, n, bytes.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES));
}

/**
 * An item's chunks, in order. Read with all() rather than iterate(): a streaming reader of the
 * ZIP may interleave other statements, and an open iterator would keep the connection busy.
 */
export function itemChunks(db: ReadableDB, itemRow: number): Buffer[] {
  return statements(db).chunks.all(itemRow).map((row) => row.data);
}

export function itemBytes(db: ReadableDB, itemRow: number): Buffer {
  return Buffer.concat(itemChunks(db, itemRow));
}

export function findItem(db: ReadableDB, bundleId: string, itemId: string): BundleItemRow | undefined {
  return db.orm
    .select()
    .from(bundleItems)
    .where(and(eq(bundleItems.bundleId, bundleId), eq(bundleItems.itemId, itemId)))
    .get();
}

export function listItems(db: ReadableDB, bundleId: string, limit: number, afterItemId?: string): BundleItemRow[] {
  return db.orm
    .select()
    .from(bundleItems)
    .where(and(eq(bundleItems.bundleId, bundleId), afterItemId ? sql`${bundleItems.itemId} > ${afterItemId}` : undefined))
    .orderBy(asc(bundleItems.itemId))
    .limit(limit)
    .all();
}

/** Outbound items waiting for the next export, oldest first. */
export function queuedItems(db: ReadableDB): BundleItemRow[] {
  return db.orm
    .select()
    .from(bundleItems)
    .where(and(isNull(bundleItems.bundleId), eq(bundleItems.status, 'queued')))
    .orderBy(asc(bundleItems.id))
    .all();
}

export function markSent(db: WritableDB, rowIds: readonly number[], bundleId: string): void {
  const stmt = db.sqlite.prepare("UPDATE bundle_items SET bundle_id = ?, status = 'sent' WHERE id = ? AND status = 'queued'");
  for (const id of rowIds) stmt.run(bundleId, id);
}

/** How many items of each type and status one bundle holds. */
export function typeCountsOf(db: ReadableDB, bundleId: string): { type: string; status: string; count: number }[] {
  return db.sqlite
    .prepare<[string], { type: string; status: string; count: number }>('SELECT type, status, count(*) AS count FROM bundle_items WHERE bundle_id = ? GROUP BY type, status ORDER BY type, status')
    .all(bundleId);
}

export function countByStatus(db: ReadableDB, direction: BundleDirectionColumn): { type: string; status: ItemStatus; n: number }[] {
  return db.sqlite
    .prepare<[string], { type: string; status: ItemStatus; n: number }>('SELECT type, status, count(*) AS n FROM bundle_items WHERE direction = ? GROUP BY type, status ORDER BY type, status')
    .all(direction);
}

// ─── key rotations ───────────────────────────────────────────────────────────────────────────

export function insertRotation(db: WritableDB, row: RotationRow): void {
  db.orm.insert(nodeKeyRotations).values(row).run();
}

export function findRotation(db: ReadableDB, id: string): RotationRow | undefined {
  return db.orm.select().from(nodeKeyRotations).where(eq(nodeKeyRotations.id, id)).get();
}

export function listRotations(db: ReadableDB, limit: number): RotationRow[] {
  return db.orm.select().from(nodeKeyRotations).orderBy(desc(nodeKeyRotations.createdAt)).limit(limit).all();
}

export function pendingRotations(db: ReadableDB): RotationRow[] {
  return db.orm.select().from(nodeKeyRotations).where(eq(nodeKeyRotations.status, 'pending')).all();
}

export function decideRotation(db: WritableDB, id: string, status: 'approved' | 'rejected' | 'superseded', at: string, by: string | null, note: string | null): void {
  db.orm.update(nodeKeyRotations).set({ status, decidedAt: at, decidedBy: by, decisionNote: note }).where(eq(nodeKeyRotations.id, id)).run();
}

export function insertApproval(db: WritableDB, row: ApprovalRow): void {
  db.orm.insert(nodeKeyRotationApprovals).values(row).run();
}

export function approvalsOf(db: ReadableDB, rotationId: string): ApprovalRow[] {
  return db.orm.select().from(nodeKeyRotationApprovals).where(eq(nodeKeyRotationApprovals.rotationId, rotationId)).orderBy(asc(nodeKeyRotationApprovals.signedAt)).all();
}
