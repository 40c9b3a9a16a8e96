/**
 * SQL for the ledger. The posting path uses prepared statements directly (it is the hot path:
 * millions of postings); listings use drizzle.
 */
import type Database from 'better-sqlite3';
import { and, asc, desc, eq, gt, gte, inArray, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { accountBalances, accounts, assets, journalEntries, postings, ACCOUNT_KINDS } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

export type AssetRow = typeof assets.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type EntryRow = typeof journalEntries.$inferSelect;
export type PostingRow = typeof postings.$inferSelect;
export type BalanceRow = typeof accountBalances.$inferSelect;
export { ACCOUNT_KINDS };

interface Statements {
  readonly entryByKey: Database.Statement<[string], { seq: number; id: string; contentHash: string; postedAt: string }>;
  readonly entryBySeq: Database.Statement<[number], EntryRow>;
  readonly lastPostedAt: Database.Statement<[], { postedAt: string } | undefined>;
  readonly insertEntry: Database.Statement<[string, string, string | null, string, string, string | null, string | null, number | null, string, string]>;
  readonly balance: Database.Statement<[string], { balance: string; held: string; lastEntrySeq: number | null }>;
  readonly updateBalance: Database.Statement<[string, string, number | null, string, string]>;
  readonly insertPosting: Database.Statement<[number, string, string, string, string, string]>;
  readonly account: Database.Statement<[string], AccountRow>;
}

const statements = perConnection((db): Statements => {
  const q = db.sqlite;
  return {
    entryByKey: q.prepare('SELECT seq, id, content_hash AS contentHash, posted_at AS postedAt FROM journal_entries WHERE idempotency_key = ?'),
    entryBySeq: q.prepare(
      `SELECT seq, id, type, idempotency_key AS idempotencyKey, content_hash AS contentHash, description, source_type AS sourceType,
              source_ref AS sourceRef, reverses_seq AS reversesSeq, posted_at AS postedAt, created_by AS createdBy
         FROM journal_entries WHERE seq = ?`,
    ),
    lastPostedAt: q.prepare('SELECT posted_at AS postedAt FROM journal_entries ORDER BY seq DESC LIMIT 1'),
    insertEntry: q.prepare(
      `INSERT INTO journal_entries (id, type, idempotency_key, content_hash, description, source_type, source_ref, reverses_seq, posted_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    balance: q.prepare('SELECT balance, held, last_entry_seq AS lastEntrySeq FROM account_balances WHERE account_id = ?'),
    updateBalance: q.prepare('UPDATE account_balances SET balance = ?, held = ?, last_entry_seq = coalesce(?, last_entry_seq), updated_at = ? WHERE account_id = ?'),
    insertPosting: q.prepare('INSERT INTO postings (entry_seq, account_id, asset_id, amount, balance_after, posted_at) VALUES (?, ?, ?, ?, ?, ?)'),
    account: q.prepare(
      `SELECT id, code, kind, asset_id AS assetId, customer_id AS customerId, label, normal, allow_negative AS allowNegative, created_at AS createdAt
         FROM accounts WHERE id = ?`,
    ),
  };
});

// ─── posting path ────────────────────────────────────────────────────────────────────────────

export function findEntryByIdempotencyKey(db: ReadableDB, key: string): { seq: number; id: string; contentHash: string; postedAt: string } | undefined {
  return statements(db).entryByKey.get(key);
}

export function lastPostedAt(db: ReadableDB): string | undefined {
  return statements(db).lastPostedAt.get()?.postedAt;
}

export function insertEntry(
  db: WritableDB,
  e: { id: string; type: string; idempotencyKey: string | null; contentHash: string; description: string; sourceType: string | null; sourceRef: string | null; reversesSeq: number | null; postedAt: string; createdBy: string },
): number {
  const info = statements(db).insertEntry.run(e.id, e.type, e.idempotencyKey, e.contentHash, e.description, e.sourceType, e.sourceRef, e.reversesSeq, e.postedAt, e.createdBy);
  return Number(info.lastInsertRowid);
}

export function readBalance(db: ReadableDB, accountId: string): { balance: bigint; held: bigint; lastEntrySeq: number | null } {
  const row = statements(db).balance.get(accountId);
  if (!row) throw new Error(`account ${accountId} has no balance row`);
  return { balance: BigInt(row.balance), held: BigInt(row.held), lastEntrySeq: row.lastEntrySeq };
}

export function writeBalance(db: WritableDB, accountId: string, balance: bigint, held: bigint, entrySeq: number | null, at: string): void {
  statements(db).updateBalance.run(balance.toString(), held.toString(), entrySeq, at, accountId);
}

export function insertPosting(db: WritableDB, entrySeq: number, accountId: string, assetId: string, amount: bigint, balanceAfter: bigint, postedAt: string): void {
  statements(db).insertPosting.run(entrySeq, accountId, assetId, amount.toString(), balanceAfter.toString(), postedAt);
}

export function getAccount(db: ReadableDB, id: string): AccountRow | undefined {
  const row = statements(db).account.get(id);
  return row ? { ...row, allowNegative: Boolean(row.allowNegative) } : undefined;
}

export function getEntry(db: ReadableDB, seq: number): EntryRow | undefined {
  return statements(db).entryBySeq.get(seq);
}

// ─── assets and accounts ─────────────────────────────────────────────────────────────────────

export function listAssets(db: ReadableDB): AssetRow[] {
  return db.orm.select().from(assets).orderBy(asc(assets.id)).all();
}

const getAssetStatement = perConnection((db) => db.orm.select().from(assets).where(eq(assets.id, sql.placeholder('id'))).prepare());

/** Prepared once per connection (imports look an asset up for every amount they parse). */
export function getAsset(db: ReadableDB, id: string): AssetRow | undefined {
  return getAssetStatement(db).get({ id });
}

export function updateAssetPolicy(db: WritableDB, id: string, finality: 'confirmations' | 'finalized', confirmations: number | null, at: string): void {
  db.orm.update(assets).set({ finality, confirmations, updatedAt: at }).where(eq(assets.id, id)).run();
}

export function insertAccount(db: WritableDB, row: AccountRow): void {
  db.orm.insert(accounts).values(row).run();
  db.orm.insert(accountBalances).values({ accountId: row.id, balance: '0', held: '0', lastEntrySeq: null, updatedAt: row.createdAt }).run();
}

export function findAccountByCode(db: ReadableDB, code: string): AccountRow | undefined {
  return db.orm.select().from(accounts).where(eq(accounts.code, code)).get();
}

export interface AccountFilter {
  readonly kind?: AccountKind | undefined;
  readonly assetId?: string | undefined;
  readonly customerId?: string | undefined;
  readonly search?: string | undefined;
  readonly afterCode?: string | undefined;
}

export function listAccountsWithBalances(db: ReadableDB, filter: AccountFilter, limit: number): (AccountRow & { balance: string; held: string; lastEntrySeq: number | null })[] {
  const parts: SQL[] = [];
  if (filter.kind) parts.push(eq(accounts.kind, filter.kind));
  if (filter.assetId) parts.push(eq(accounts.assetId, filter.assetId));
  if (filter.customerId) parts.push(eq(accounts.customerId, filter.customerId));
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    parts.push(or(like(accounts.code, pattern), like(accounts.label, pattern))!);
  }
  if (filter.afterCode) parts.push(gt(accounts.code, filter.afterCode));
  return db.orm
    .select({
      id: accounts.id,
      code: accounts.code,
      kind: accounts.kind,
      assetId: accounts.assetId,
      customerId: accounts.customerId,
      label: accounts.label,
      normal: accounts.normal,
      allowNegative: accounts.allowNegative,
      createdAt: accounts.createdAt,
      balance: accountBalances.balance,
      held: accountBalances.held,
      lastEntrySeq: accountBalances.lastEntrySeq,
    })
    .from(accounts)
    .innerJoin(accountBalances, eq(accountBalances.accountId, accounts.id))
    .where(parts.length > 0 ? and(...parts) : undefined)
    .orderBy(asc(accounts.code))
    .limit(limit)
    .all();
}

// ─── journal reads ───────────────────────────────────────────────────────────────────────────

export interface EntryFilter {
  readonly accountId?: string | undefined;
  readonly assetId?: string | undefined;
  readonly type?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly beforeSeq?: number | undefined;
}

export function listEntries(db: ReadableDB, filter: EntryFilter, limit: number): EntryRow[] {
  const parts: SQL[] = [];
  if (filter.type) parts.push(eq(journalEntries.type, filter.type));
  if (filter.from) parts.push(gte(journalEntries.postedAt, filter.from));
  if (filter.to) parts.push(lte(journalEntries.postedAt, filter.to));
  if (filter.beforeSeq !== undefined) parts.push(lt(journalEntries.seq, filter.beforeSeq));
  if (filter.accountId || filter.assetId) {
    const inner = db.orm
      .selectDistinct({ seq: postings.entrySeq })
      .from(postings)
      .where(and(filter.accountId ? eq(postings.accountId, filter.accountId) : undefined, filter.assetId ? eq(postings.assetId, filter.assetId) : undefined));
    parts.push(inArray(journalEntries.seq, inner));
  }
  return db.orm
    .select()
    .from(journalEntries)
    .where(parts.length > 0 ? and(...parts) : undefined)
    .orderBy(desc(journalEntries.seq))
    .limit(limit)
    .all();
}

export function postingsOfEntry(db: ReadableDB, seq: number): PostingRow[] {
  return db.orm.select().from(postings).where(eq(postings.entrySeq, seq)).orderBy(asc(postings.id)).all();
}

export function postingsOfEntries(db: ReadableDB, seqs: readonly number[]): PostingRow[] {
  if (seqs.length === 0) return [];
  return db.orm.select().from(postings).where(inArray(postings.entrySeq, [...seqs])).orderBy(asc(postings.id)).all();
}

export function reversalOf(db: ReadableDB, seq: number): EntryRow | undefined {
  return db.orm.select().from(journalEntries).where(eq(journalEntries.reversesSeq, seq)).get();
}

export function findEntryById(db: ReadableDB, id: string): EntryRow | undefined {
  return db.orm.select().from(journalEntries).where(eq(journalEntries.id, id)).get();
}

/** The account's balance right after its last posting at or before `at`: one index seek. */
export function balanceAsOf(db: ReadableDB, accountId: string, at: string): bigint {
  const row = db.sqlite
    .prepare<[string, string], { balanceAfter: string }>(
      'SELECT balance_after AS balanceAfter FROM postings WHERE account_id = ? AND posted_at <= ? ORDER BY posted_at DESC, id DESC LIMIT 1',
    )
    .get(accountId, at);
  return row ? BigInt(row.balanceAfter) : 0n;
}

/** A page of an account's postings, oldest first, after a posting id (keyset pagination). */
export function statementPage(db: ReadableDB, accountId: string, options: { from?: string | undefined; to?: string | undefined; afterId?: number | undefined }, limit: number) {
  return db.sqlite
    .prepare<[string, number, string, string, number], PostingRow & { type: string; description: string; entryId: string }>(
      `SELECT p.id, p.entry_seq AS entrySeq, p.account_id AS accountId, p.asset_id AS assetId, p.amount, p.balance_after AS balanceAfter,
              p.posted_at AS postedAt, e.type, e.description, e.id AS entryId
         FROM postings p JOIN journal_entries e ON e.seq = p.entry_seq
        WHERE p.account_id = ? AND p.id > ? AND p.posted_at >= ? AND p.posted_at <= ?
        ORDER BY p.id LIMIT ?`,
    )
    .all(accountId, options.afterId ?? 0, options.from ?? '', options.to ?? '9999', limit);
}

export function customerAccounts(db: ReadableDB, customerId: string): AccountRow[] {
  return db.orm.select().from(accounts).where(and(eq(accounts.customerId, customerId), eq(accounts.kind, 'customer'))).orderBy(asc(accounts.assetId)).all();
}
