/**
 * The online node's encryption keys (migration 0015) and the sealed envelopes of outbound items
 * (bundle_items.sealed_*, bundle_item_sealed_chunks). Used by src-main/bundles/node-encryption-keys.ts.
 */
import { and, eq } from 'drizzle-orm';
import { CHUNK_BYTES } from './bundles.repository';
import { perConnection, type ReadableDB, type WritableDB } from './database';
import { bundleItems, nodeEncryptionKeys } from './schema';

export type NodeEncryptionKeyRow = typeof nodeEncryptionKeys.$inferSelect;

export function currentEncryptionKey(db: ReadableDB): NodeEncryptionKeyRow | undefined {
  return db.orm.select().from(nodeEncryptionKeys).where(eq(nodeEncryptionKeys.status, 'current')).get();
}

export function findEncryptionKey(db: ReadableDB, fingerprint: string): NodeEncryptionKeyRow | undefined {
  return db.orm.select().from(nodeEncryptionKeys).where(eq(nodeEncryptionKeys.fingerprint, fingerprint)).get();
}

export function listEncryptionKeys(db: ReadableDB): NodeEncryptionKeyRow[] {
  return db.orm.select().from(nodeEncryptionKeys).all();
}

export function replaceEncryptionKey(db: WritableDB, id: string, at: string): void {
  db.orm.update(nodeEncryptionKeys).set({ status: 'replaced', replacedAt: at }).where(eq(nodeEncryptionKeys.id, id)).run();
}

export function insertEncryptionKey(db: WritableDB, row: NodeEncryptionKeyRow): void {
  db.orm.insert(nodeEncryptionKeys).values(row).run();
}

const sealedStatements = perConnection((db) => ({
  insert: db.sqlite.prepare<[number, number, Buffer]>('INSERT INTO bundle_item_sealed_chunks (item_row, chunk, data) VALUES (?, ?, ?)'),
  chunks: db.sqlite.prepare<[number], { data: Buffer }>('SELECT data FROM bundle_item_sealed_chunks WHERE item_row = ? ORDER BY chunk'),
}));

/** Record a queued item's sealed envelope (once: a trigger keeps it as it was). */
export function storeSealed(db: WritableDB, itemRow: number, fingerprint: string, envelope: Buffer, sha256: string): void {
  const s = sealedStatements(db);
  const count = Math.max(1, Math.ceil(envelope.length / CHUNK_BYTES));
  for (let n = 0; n < count; n++) s.insert.run(itemRow, n, envelope.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES));
  const r = db.orm
    .update(bundleItems)
    .set({ sealedTo: fingerprint, sealedSize: envelope.length, sealedSha256: sha256 })
    .where(and(eq(bundleItems.id, itemRow), eq(bundleItems.status, 'queued')))
    .run();
  if (r.changes !== 1) throw new Error(`bundle item row ${itemRow} is not queued`);
}

/** A sealed item's envelope chunks, in order (all(): see itemChunks). */
export function sealedChunks(db: ReadableDB, itemRow: number): Buffer[] {
  return sealedStatements(db)
    .chunks.all(itemRow)
    .map((r) => r.data);
}
