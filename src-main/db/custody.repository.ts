/** SQL for custody: wallets and their addresses and coins, prices, policies, allow-list, breakers, withdrawals. */
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { accountNonces, allowlist, circuitBreakers, marketPrices, policyApprovals, quorumPolicies, walletAddresses, wallets, walletUtxos, withdrawalApprovals, withdrawals } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

export type WalletRow = typeof wallets.$inferSelect;
export type AddressRow = typeof walletAddresses.$inferSelect;
export type UtxoRow = typeof walletUtxos.$inferSelect;
export type PolicyRow = typeof quorumPolicies.$inferSelect;
export type AllowlistRow = typeof allowlist.$inferSelect;
export type BreakerRow = typeof circuitBreakers.$inferSelect;
export type WithdrawalRow = typeof withdrawals.$inferSelect;
export type ApprovalRow = typeof withdrawalApprovals.$inferSelect;
export type WithdrawalState = WithdrawalRow['state'];

/**
 * The lookups the signing path makes for every signature, prepared once per connection (as
 * ledger.repository's getAsset): drizzle otherwise rebuilds each statement's SQL on every call.
 */
const statements = perConnection((db) => {
  const id = sql.placeholder('id');
  return {
    wallet: db.orm.select().from(wallets).where(eq(wallets.id, id)).prepare(),
    address: db.orm.select().from(walletAddresses).where(eq(walletAddresses.address, sql.placeholder('address'))).prepare(),
    change: db.orm
      .select()
      .from(walletAddresses)
      .where(and(eq(walletAddresses.walletId, id), eq(walletAddresses.purpose, 'change')))
      .orderBy(asc(walletAddresses.purpose), asc(walletAddresses.index))
      .prepare(),
    policy: db.orm.select().from(quorumPolicies).where(eq(quorumPolicies.version, sql.placeholder('version'))).prepare(),
    withdrawal: db.orm.select().from(withdrawals).where(eq(withdrawals.id, id)).prepare(),
    approvals: db.orm.select().from(withdrawalApprovals).where(eq(withdrawalApprovals.withdrawalId, id)).orderBy(asc(withdrawalApprovals.approvedAt)).prepare(),
  };
});

// wallets
export const insertWallet = (db: WritableDB, row: WalletRow): void => void db.orm.insert(wallets).values(row).run();
export const findWallet = (db: ReadableDB, id: string): WalletRow | undefined => statements(db).wallet.get({ id });
export const listWallets = (db: ReadableDB): WalletRow[] => db.orm.select().from(wallets).orderBy(asc(wallets.assetId), asc(wallets.role), asc(wallets.createdAt)).all();
export const walletFor = (db: ReadableDB, assetId: string, role: 'hot' | 'cold'): WalletRow | undefined =>
  db.orm.select().from(wallets).where(and(eq(wallets.assetId, assetId), eq(wallets.role, role))).orderBy(asc(wallets.createdAt)).limit(1).get();
export const bumpWalletIndex = (db: WritableDB, id: string, next: number): void => void db.orm.update(wallets).set({ nextIndex: next }).where(eq(wallets.id, id)).run();

export const insertAddress = (db: WritableDB, row: AddressRow): void => void db.orm.insert(walletAddresses).values(row).run();
export const findAddress = (db: ReadableDB, address: string): AddressRow | undefined => statements(db).address.get({ address });
export const addressesOf = (db: ReadableDB, walletId: string, purpose?: 'deposit' | 'change'): AddressRow[] =>
  purpose === 'change'
    ? statements(db).change.all({ id: walletId })
    : db.orm
        .select()
        .from(walletAddresses)
        .where(purpose ? and(eq(walletAddresses.walletId, walletId), eq(walletAddresses.purpose, purpose)) : eq(walletAddresses.walletId, walletId))
        .orderBy(asc(walletAddresses.purpose), asc(walletAddresses.index))
        .all();
export const unexportedAddresses = (db: ReadableDB, walletId: string): AddressRow[] =>
  db.orm.select().from(walletAddresses).where(and(eq(walletAddresses.walletId, walletId), isNull(walletAddresses.exportedAt))).orderBy(asc(walletAddresses.index)).all();
export const markExported = (db: WritableDB, addresses: readonly string[], at: string): void => {
  if (addresses.length > 0) db.orm.update(walletAddresses).set({ exportedAt: at }).where(inArray(walletAddresses.address, [...addresses])).run();
};

// coins
export const upsertUtxo = (db: WritableDB, row: UtxoRow): void =>
  void db.orm.insert(walletUtxos).values(row).onConflictDoNothing().run();
/**
 * The coin selection query. Its WHERE and ORDER BY are exactly the columns of the `wallet_utxos_selection` index
 * (migration 0013), the amount expression included, so SQLite walks the index and stops after `limit` rows instead of
 * sorting every available coin of the wallet; change one and the other together (the plan is pinned in
 * test/integration/custody-coin-selection.test.ts).
 */
const availableUtxosQuery = (db: ReadableDB, walletId: string, limit: number, offset: number) =>
  db.orm
    .select()
    .from(walletUtxos)
    .where(and(eq(walletUtxos.walletId, walletId), eq(walletUtxos.status, 'available')))
    .orderBy(desc(sql`CAST(${walletUtxos.amount} AS INTEGER)`), asc(walletUtxos.txid), asc(walletUtxos.vout))
    .limit(limit)
    .offset(offset);
/** A wallet's spendable coins, largest first; `limit`/`offset` page through them (a signature needs a few, not all). */
export const availableUtxos = (db: ReadableDB, walletId: string, limit = -1, offset = 0): UtxoRow[] => availableUtxosQuery(db, walletId, limit, offset).all();
/** The SQL and parameters `availableUtxos` runs, for the test that pins its query plan. */
export const availableUtxosSql = (db: ReadableDB, walletId: string, limit = -1, offset = 0): { sql: string; params: unknown[] } => availableUtxosQuery(db, walletId, limit, offset).toSQL();
export const setUtxoStatus = (db: WritableDB, txid: string, vout: number, status: UtxoRow['status'], reservedBy: string | null): void =>
  void db.orm.update(walletUtxos).set({ status, reservedBy }).where(and(eq(walletUtxos.txid, txid), eq(walletUtxos.vout, vout))).run();

export const getNonce = (db: ReadableDB, address: string): number | undefined => db.orm.select().from(accountNonces).where(eq(accountNonces.address, address)).get()?.nextNonce;
export const setNonce = (db: WritableDB, address: string, next: number, at: string): void =>
  void db.orm.insert(accountNonces).values({ address, nextNonce: next, updatedAt: at }).onConflictDoUpdate({ target: accountNonces.address, set: { nextNonce: next, updatedAt: at } }).run();

// prices
export const getPrice = (db: ReadableDB, assetId: string) => db.orm.select().from(marketPrices).where(eq(marketPrices.assetId, assetId)).get();
/**
 * Record a price as the asset's latest, unless the one held is newer (a late bundle or an old
 * quote never replaces a fresher price). A held price dated after `notAfter` (the latest date the
 * console clock accepts) is not "newer", it is wrong: any price replaces it, so a far-future price
 * cannot pin the asset. `asOf` values are ISO-8601 in one format (`…T…sss Z`), so text order is time
 * order. Returns the price held afterwards.
 */
export const setPrice = (db: WritableDB, row: typeof marketPrices.$inferSelect, notAfter: string): typeof marketPrices.$inferSelect => {
  db.orm
    .insert(marketPrices)
    .values(row)
    .onConflictDoUpdate({
      target: marketPrices.assetId,
      set: { usdCentsPerUnit: row.usdCentsPerUnit, asOf: row.asOf, source: row.source },
      setWhere: sql`excluded.as_of >= ${marketPrices.asOf} OR ${marketPrices.asOf} > ${notAfter}`,
    })
    .run();
  return getPrice(db, row.assetId)!;
};

// policies
export const activePolicyRow = (db: ReadableDB): PolicyRow | undefined => db.orm.select().from(quorumPolicies).where(eq(quorumPolicies.status, 'active')).get();
export const findPolicy = (db: ReadableDB, version: number): PolicyRow | undefined => statements(db).policy.get({ version });
export const listPolicies = (db: ReadableDB): PolicyRow[] => db.orm.select().from(quorumPolicies).orderBy(desc(quorumPolicies.version)).all();
export const insertPolicy = (db: WritableDB, row: PolicyRow): void => void db.orm.insert(quorumPolicies).values(row).run();
export const setPolicyStatus = (db: WritableDB, version: number, status: PolicyRow['status'], activatedAt: string | null, activationSignature: string | null): void =>
  void db.orm.update(quorumPolicies).set({ status, activatedAt, activationSignature }).where(eq(quorumPolicies.version, version)).run();
export type PolicyApprovalRow = typeof policyApprovals.$inferSelect;
export const insertPolicyApproval = (db: WritableDB, row: PolicyApprovalRow): void => void db.orm.insert(policyApprovals).values(row).run();
export const policyApprovalsOf = (db: ReadableDB, version: number): PolicyApprovalRow[] =>
  db.orm.select().from(policyApprovals).where(eq(policyApprovals.version, version)).orderBy(asc(policyApprovals.approvedAt)).all();

// allow-list
export const allowlisted = (db: ReadableDB, chain: string, network: string, address: string): AllowlistRow | undefined =>
  db.orm.select().from(allowlist).where(and(eq(allowlist.chain, chain), eq(allowlist.network, network), eq(allowlist.address, address), isNull(allowlist.removedAt))).get();
export const listAllowlist = (db: ReadableDB): AllowlistRow[] => db.orm.select().from(allowlist).where(isNull(allowlist.removedAt)).orderBy(asc(allowlist.label)).all();
export const insertAllowlist = (db: WritableDB, row: AllowlistRow): void => void db.orm.insert(allowlist).values(row).run();
export const removeAllowlist = (db: WritableDB, id: string, at: string): void => void db.orm.update(allowlist).set({ removedAt: at }).where(eq(allowlist.id, id)).run();

// circuit breakers
export const breakers = (db: ReadableDB): BreakerRow[] => db.orm.select().from(circuitBreakers).all();
export const setBreaker = (db: WritableDB, row: BreakerRow): void =>
  void db.orm.insert(circuitBreakers).values(row).onConflictDoUpdate({ target: circuitBreakers.scope, set: { halted: row.halted, reason: row.reason, changedBy: row.changedBy, changedAt: row.changedAt } }).run();

// withdrawals
export const insertWithdrawal = (db: WritableDB, row: WithdrawalRow): void => void db.orm.insert(withdrawals).values(row).run();
export const findWithdrawal = (db: ReadableDB, id: string): WithdrawalRow | undefined => statements(db).withdrawal.get({ id });
export const findWithdrawalByRequest = (db: ReadableDB, source: 'bundle' | 'console', ref: string): WithdrawalRow | undefined =>
  db.orm.select().from(withdrawals).where(and(eq(withdrawals.source, source), eq(withdrawals.requestRef, ref))).get();
export const updateWithdrawal = (db: WritableDB, id: string, changes: Partial<Omit<WithdrawalRow, 'id'>>): void => void db.orm.update(withdrawals).set(changes).where(eq(withdrawals.id, id)).run();
export interface WithdrawalFilter {
  readonly states?: readonly WithdrawalState[] | undefined;
  readonly assetId?: string | undefined;
  readonly customerId?: string | undefined;
  readonly walletId?: string | undefined;
}

const withdrawalWhere = (f: WithdrawalFilter, withStates: boolean) =>
  and(
    withStates && f.states && f.states.length > 0 ? inArray(withdrawals.state, [...f.states]) : undefined,
    f.assetId ? eq(withdrawals.assetId, f.assetId) : undefined,
    f.customerId ? eq(withdrawals.customerId, f.customerId) : undefined,
    f.walletId ? eq(withdrawals.walletId, f.walletId) : undefined,
  );

/**
 * One page of withdrawals, newest first (created at, then id, both descending); `after` is the
 * last row of the previous page (keyset paging: a page costs the same however deep it is).
 */
export const withdrawalsPage = (db: ReadableDB, f: WithdrawalFilter, limit: number, after?: { createdAt: string; id: string }): WithdrawalRow[] =>
  db.orm
    .select()
    .from(withdrawals)
    .where(
      and(
        withdrawalWhere(f, true),
        after ? or(lt(withdrawals.createdAt, after.createdAt), and(eq(withdrawals.createdAt, after.createdAt), lt(withdrawals.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(withdrawals.createdAt), desc(withdrawals.id))
    .limit(limit)
    .all();

/** How many withdrawals are in each state, under the filter's asset, customer and wallet (not its states). */
export const withdrawalCounts = (db: ReadableDB, f: WithdrawalFilter): { state: WithdrawalState; count: number }[] =>
  db.orm
    .select({ state: withdrawals.state, count: sql<number>`count(*)` })
    .from(withdrawals)
    .where(withdrawalWhere(f, false))
    .groupBy(withdrawals.state)
    .all();

/** Withdrawals since a time that still count toward limits (anything not rejected, blocked or expired). */
export const withdrawalsSince = (db: ReadableDB, since: string): WithdrawalRow[] =>
  db.orm
    .select()
    .from(withdrawals)
    .where(and(gte(withdrawals.createdAt, since), ne(withdrawals.state, 'rejected'), ne(withdrawals.state, 'blocked'), ne(withdrawals.state, 'expired')))
    .all();
export const dueToExpire = (db: ReadableDB, now: string): WithdrawalRow[] =>
  db.orm.select().from(withdrawals).where(and(inArray(withdrawals.state, ['pending_approval', 'approved']), lte(withdrawals.expiresAt, now))).all();

export const insertApproval = (db: WritableDB, row: ApprovalRow): void => void db.orm.insert(withdrawalApprovals).values(row).run();
export const approvalsOf = (db: ReadableDB, withdrawalId: string): ApprovalRow[] => statements(db).approvals.all({ id: withdrawalId });
