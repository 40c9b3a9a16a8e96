import { asc, desc, eq } from 'drizzle-orm';
import { auditCheckpoints, auditLog } from './schema';
import type { ReadableDB, WritableDB } from './database';

export type CheckpointRow = typeof auditCheckpoints.$inferSelect;

export function lastCheckpoint(db: ReadableDB): CheckpointRow | undefined {
  return db.orm.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1).get();
}

export function insertCheckpoint(db: WritableDB, row: CheckpointRow): void {
  db.orm.insert(auditCheckpoints).values(row).run();
}

export function listCheckpoints(db: ReadableDB): CheckpointRow[] {
  return db.orm.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq)).all();
}

/** The first checkpoint at or after `seq`. */
export function checkpointCovering(db: ReadableDB, seq: number): CheckpointRow | undefined {
  return db.sqlite
    .prepare<[number], CheckpointRow>('SELECT seq, head_hash AS headHash, at, message, signature, key_fingerprint AS keyFingerprint FROM audit_checkpoints WHERE seq >= ? ORDER BY seq LIMIT 1')
    .get(seq);
}

export function auditEntryAt(db: ReadableDB, seq: number): { seq: number; hash: string; at: string } | undefined {
  return db.orm.select({ seq: auditLog.seq, hash: auditLog.hash, at: auditLog.at }).from(auditLog).where(eq(auditLog.seq, seq)).get();
}
