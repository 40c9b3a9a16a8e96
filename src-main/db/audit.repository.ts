import { and, count, desc, eq, gte, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import { auditLog } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';
import { chainHash, GENESIS_HASH, type AuditFields } from '../services/audit-chain';

export type AuditRow = typeof auditLog.$inferSelect;

export interface NewAuditEntry {
  readonly at: string;
  readonly operatorId: string | null;
  readonly operatorUsername: string | null;
  readonly command: string;
  readonly inputDigest: string;
  readonly outcome: 'ok' | 'refused' | 'error';
  readonly errorCode: string | null;
}

/** Prepared once per connection: every command appends an entry, and each append reads the head. */
const statements = perConnection((db) => ({
  head: db.orm.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare(),
  insert: db.orm
    .insert(auditLog)
    .values({
      seq: sql.placeholder('seq'),
      at: sql.placeholder('at'),
      operatorId: sql.placeholder('operatorId'),
      operatorUsername: sql.placeholder('operatorUsername'),
      command: sql.placeholder('command'),
      inputDigest: sql.placeholder('inputDigest'),
      outcome: sql.placeholder('outcome'),
      errorCode: sql.placeholder('errorCode'),
      prevHash: sql.placeholder('prevHash'),
      hash: sql.placeholder('hash'),
    })
    .prepare(),
}));

export function lastAuditEntry(db: ReadableDB): AuditRow | undefined {
  return statements(db).head.get();
}

/**
 * Append one entry, chained to the current head. Reading the head and inserting happen under one
 * write lock (the caller's IMMEDIATE transaction, or one opened here), so two processes on the same
 * data directory cannot both extend the chain from the same head.
 */
export function appendAudit(db: WritableDB, entry: NewAuditEntry): AuditRow {
  const append = (): AuditRow => {
    const head = lastAuditEntry(db);
    const fields: AuditFields = {
      seq: (head?.seq ?? 0) + 1,
      ...entry,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const row: AuditRow = { ...fields, hash: chainHash(fields) };
    statements(db).insert.run(row);
    return row;
  };
  return db.sqlite.inTransaction ? append() : db.sqlite.transaction(append).immediate();
}

export interface AuditFilter {
  readonly beforeSeq?: number | undefined;
  readonly command?: string | undefined;
  readonly operator?: string | undefined;
  readonly outcome?: 'ok' | 'refused' | 'error' | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Commands the reader may not know exist (SAR confidentiality: `sar.` for non-compliance roles). */
  readonly hideCommandPrefixes?: readonly string[] | undefined;
}

/** `command NOT LIKE 'prefix%'`, with LIKE's wildcards in the prefix taken literally. */
const notPrefixed = (prefix: string): SQL => sql`${auditLog.command} NOT LIKE ${`${prefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`;

function where(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.command) parts.push(like(auditLog.command, `${filter.command.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (filter.operator) parts.push(eq(auditLog.operatorUsername, filter.operator));
  if (filter.outcome) parts.push(eq(auditLog.outcome, filter.outcome));
  if (filter.from) parts.push(gte(auditLog.at, filter.from));
  if (filter.to) parts.push(lte(auditLog.at, filter.to));
  for (const prefix of filter.hideCommandPrefixes ?? []) parts.push(notPrefixed(prefix));
  return parts.length > 0 ? and(...parts) : undefined;
}

export function listAudit(db: ReadableDB, filter: AuditFilter, limit: number): { entries: AuditRow[]; total: number } {
  const base = where(filter);
  const page = filter.beforeSeq !== undefined ? and(base, lt(auditLog.seq, filter.beforeSeq)) : base;
  const entries = db.orm.select().from(auditLog).where(page).orderBy(desc(auditLog.seq)).limit(limit).all();
  const total = db.orm.select({ n: count() }).from(auditLog).where(base).get()?.n ?? 0;
  return { entries, total };
}

/** Every entry in chain order, streamed so that a long trail is never loaded whole. */
export function* iterateAudit(db: ReadableDB): Generator<AuditRow> {
  const stmt = db.sqlite.prepare(
    `SELECT seq, at, operator_id AS operatorId, operator_username AS operatorUsername, command,
            input_digest AS inputDigest, outcome, error_code AS errorCode, prev_hash AS prevHash, hash
       FROM audit_log ORDER BY seq`,
  );
  yield* stmt.iterate() as IterableIterator<AuditRow>;
}

/** Entries from `fromSeq` to `toSeq` inclusive, in chain order, streamed. */
export function* iterateAuditRange(db: ReadableDB, fromSeq: number, toSeq: number): Generator<AuditRow> {
  const stmt = db.sqlite.prepare<[number, number], AuditRow>(
    `SELECT seq, at, operator_id AS operatorId, operator_username AS operatorUsername, command,
            input_digest AS inputDigest, outcome, error_code AS errorCode, prev_hash AS prevHash, hash
       FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq`,
  );
  yield* stmt.iterate(fromSeq, toSeq);
}

/** The first entry at or after a time (the start of an evidence slice). */
export function firstSeqAtOrAfter(db: ReadableDB, at: string): number | undefined {
  return db.sqlite.prepare<[string], { seq: number }>('SELECT min(seq) AS seq FROM audit_log WHERE at >= ?').get(at)?.seq ?? undefined;
}
