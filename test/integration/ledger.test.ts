/**
 * The ledger through the bus on a real encrypted database: each operation, each invariant, and
 * the reconciliation flow with four-eyes adjustments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, CUSTODY, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';
import { checkBook } from '../helpers/ledger-invariants';
import { ManualClock } from '../../src-main/platform/clock';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

const tx = (n: number): string => n.toString(16).padStart(64, '0');
const BTC_ADDR = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';

describe('ledger', () => {
  let dir: string;
  let core: Core;
  let clock: ManualClock;
  let custody: CallerContext;
  let custody2: CallerContext;
  let analyst: CallerContext;
  let auditor: CallerContext;

  const count = () => checkBook(core.console.requireDb().sqlite);
  const balance = async (kind: string, assetId: string, customerId?: string) => {
    const { accounts } = await ok(core, 'ledger.accounts.list', { kind: kind as never, assetId, ...(customerId ? { customerId } : {}) }, auditor);
    return accounts[0];
  };
  const deposit = (n: number, customerId: string, amount: string, confirmations = 3, assetId = 'BTC') =>
    call(core, 'ledger.deposits.record', { assetId, txid: tx(n), outputIndex: 0, address: BTC_ADDR, customerId, amount, confirmations }, custody);

  beforeAll(async () => {
    const tokens = ['cora', 'cole', 'ana', 'aud'].map((u) => ({ label: `t-${u}`, pin: `${u}-pin-1` }));
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, ...tokens]);
    clock = new ManualClock('2026-02-01T10:00:00.000Z');
    core = newCore(dir, { clock });
    await ok(core, 'console.init', { consoleName: 'Ledger test', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    const admin = await unlockAndLogin(core);
    custody = await enrol(core, admin, { username: 'cora', roles: ['custody_officer'], token: tokens[0]! });
    custody2 = await enrol(core, admin, { username: 'cole', roles: ['custody_officer'], token: tokens[1]! });
    analyst = await enrol(core, admin, { username: 'ana', roles: ['compliance_analyst'], token: tokens[2]! });
    auditor = await enrol(core, admin, { username: 'aud', roles: ['auditor'], token: tokens[3]! });
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
  });

  it('credits a BTC deposit only at 3 confirmations, once', async () => {
    expect(await deposit(1, 'C-1', '0.5', 1)).toMatchObject({ ok: true, value: { deposit: { status: 'pending' } } });
    expect(count().entries).toBe(0);
    expect(await deposit(1, 'C-1', '0.5', 3)).toMatchObject({ ok: true, value: { deposit: { status: 'credited' } } });
    expect(await deposit(1, 'C-1', '0.5', 6)).toMatchObject({ ok: true, value: { deposit: { status: 'credited' } } });
    expect(count().entries).toBe(1);
    expect(await balance('customer', 'BTC', 'C-1')).toMatchObject({ total: '50000000', held: '0', available: '50000000' });
    expect(await balance('wallet_hot', 'BTC')).toMatchObject({ total: '50000000' });
  });

  it('credits ETH only once finalized, with wei precision beyond 64 bits', async () => {
    const eth = (finalized: boolean) =>
      call(core, 'ledger.deposits.record', { assetId: 'ETH', txid: `0x${tx(2)}`, outputIndex: 0, address: '0x52908400098527886E0F7030069857D2E4169EE7', customerId: 'C-2', amount: '25.000000000000000001', confirmations: 90, finalized }, custody);
    expect(await eth(false)).toMatchObject({ ok: true, value: { deposit: { status: 'pending' } } });
    expect(await eth(true)).toMatchObject({ ok: true, value: { deposit: { status: 'credited' } } });
    expect(await balance('customer', 'ETH', 'C-2')).toMatchObject({ total: '25000000000000000001' });
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const before = count();
    expect(await deposit(3, 'C-1', '0.000000001')).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'amount' }] } });
    expect(await call(core, 'ledger.deposits.record', { assetId: 'DOGE', txid: tx(3), outputIndex: 0, address: BTC_ADDR, customerId: 'C-1', amount: '1', confirmations: 3 }, custody)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await deposit(1, 'C-1', '0.6')).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
    expect(await call(core, 'ledger.fees.post', { customerId: 'C-1', assetId: 'BTC', amount: '9', description: 'custody fee', idempotencyKey: 'fee-big' }, custody)).toMatchObject({
      ok: false,
      error: { code: 'INSUFFICIENT_FUNDS' },
    });
    expect(await call(core, 'ledger.entries.get', { entryId: `je_${'0'.repeat(20)}` }, auditor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await deposit(4, 'C-1', '1', 3)).toMatchObject({ ok: true });
    expect(await call(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(5), outputIndex: 0, address: BTC_ADDR, customerId: 'C-1', amount: '1', confirmations: 3 }, analyst)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const after = count();
    expect(after.entries).toBe(before.entries + 1);
    expect(after.problems).toEqual([]);
  });

  it('applies an idempotency key at most once and refuses it for different content', async () => {
    const fee = (amount: string) => call(core, 'ledger.fees.post', { customerId: 'C-1', assetId: 'BTC', amount, description: 'monthly custody fee', idempotencyKey: 'fee-2026-02' }, custody);
    const first = await fee('0.001');
    const again = await fee('0.001');
    expect(first).toMatchObject({ ok: true, value: { replayed: false } });
    expect(again).toMatchObject({ ok: true, value: { replayed: true } });
    if (first.ok && again.ok) expect(again.value.entryId).toBe(first.value.entryId);
    expect(await fee('0.002')).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
  });

  it('holds, settles on a receipt within the fee cap, releases, and never overdraws', async () => {
    const customer = 'C-1';
    const start = BigInt((await balance('customer', 'BTC', customer))!.available);
    const expiresAt = new Date(clock.now().getTime() + 3600_000).toISOString();
    await ok(core, 'ledger.holds.place', { withdrawalId: 'W-1', customerId: customer, assetId: 'BTC', amount: '0.2', feeCap: '0.0001', expiresAt }, custody);
    expect(BigInt((await balance('customer', 'BTC', customer))!.available)).toBe(start - 20_010_000n);
    expect(await call(core, 'ledger.holds.place', { withdrawalId: 'W-2', customerId: customer, assetId: 'BTC', amount: '100', feeCap: '0', expiresAt }, custody)).toMatchObject({
      ok: false,
      error: { code: 'INSUFFICIENT_FUNDS' },
    });
    expect(await call(core, 'ledger.holds.settle', { withdrawalId: 'W-1', txid: tx(10), amount: '0.2', networkFee: '0.0002' }, custody)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call(core, 'ledger.holds.settle', { withdrawalId: 'W-1', txid: tx(10), amount: '0.3', networkFee: '0.00005' }, custody)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await ok(core, 'ledger.holds.settle', { withdrawalId: 'W-1', txid: tx(10), amount: '0.2', networkFee: '0.00005' }, custody);
    const after = (await balance('customer', 'BTC', customer))!;
    expect(after).toMatchObject({ held: '0', available: (start - 20_005_000n).toString() });
    await ok(core, 'ledger.holds.place', { withdrawalId: 'W-3', customerId: customer, assetId: 'BTC', amount: '0.1', feeCap: '0.0001', expiresAt }, custody);
    expect(await call(core, 'ledger.holds.release', { withdrawalId: 'W-3', reason: 'short' }, custody)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await ok(core, 'ledger.holds.release', { withdrawalId: 'W-3', reason: 'rejected by the quorum: destination not allowed' }, custody);
    await ok(core, 'ledger.holds.place', { withdrawalId: 'W-4', customerId: customer, assetId: 'BTC', amount: '0.1', feeCap: '0', expiresAt }, custody);
    clock.advance(2 * 3600_000);
    const expired = await ok(core, 'ledger.holds.expire', {}, custody);
    expect(expired.expired.map((h) => h.withdrawalId)).toEqual(['W-4']);
    expect((await balance('customer', 'BTC', customer))!.held).toBe('0');
    expect(count().problems).toEqual([]);
  });

  it('moves hot → cold with the network fee as an expense', async () => {
    const hot = BigInt((await balance('wallet_hot', 'BTC'))!.total);
    await ok(core, 'ledger.transfers.internal', { assetId: 'BTC', from: 'wallet_hot', to: 'wallet_cold', amount: '1', networkFee: '0.0001', txid: tx(20), idempotencyKey: 'sweep-1' }, custody);
    expect(BigInt((await balance('wallet_hot', 'BTC'))!.total)).toBe(hot - 100_010_000n);
    expect((await balance('wallet_cold', 'BTC'))!.total).toBe('100000000');
    expect((await balance('fees', 'BTC'))!.total).toBe('10000');
  });

  it('imports trade settlements all or nothing', async () => {
    const trade = (key: string, customerId: string, btc: string) => ({
      idempotencyKey: key,
      tradeId: key,
      customerId,
      counterparty: 'OTC-DESK',
      legs: [
        { assetId: 'BTC', side: 'deliver' as const, amount: btc },
        { assetId: 'ETH', side: 'receive' as const, amount: '3' },
      ],
    });
    const before = count();
    const bad = await call(core, 'ledger.trades.import', { settlements: [trade('T-1', 'C-1', '0.1'), trade('T-2', 'C-9', '0.1')] }, custody);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
    expect(count().entries).toBe(before.entries);
    expect(await ok(core, 'ledger.trades.import', { settlements: [trade('T-1', 'C-1', '0.1'), trade('T-3', 'C-1', '0.05')] }, custody)).toMatchObject({ posted: 2, replayed: 0 });
    expect(await ok(core, 'ledger.trades.import', { settlements: [trade('T-1', 'C-1', '0.1')] }, custody)).toMatchObject({ posted: 0, replayed: 1 });
    expect((await balance('customer', 'ETH', 'C-1'))!.total).toBe('6000000000000000000');
    expect((await balance('counterparty', 'ETH'))!.total).toBe('-6000000000000000000');
    // The desk settles on chain: what it owed arrives in the hot wallet.
    const hotEth = BigInt((await balance('wallet_hot', 'ETH'))?.total ?? '0');
    await ok(core, 'ledger.transfers.counterparty', { counterparty: 'OTC-DESK', assetId: 'ETH', direction: 'receive', amount: '6', txid: `0x${tx(77)}`, idempotencyKey: 'otc-eth-1' }, custody);
    expect((await balance('counterparty', 'ETH'))!.total).toBe('0');
    expect(BigInt((await balance('wallet_hot', 'ETH'))!.total)).toBe(hotEth + 6_000_000_000_000_000_000n);
    expect(await call(core, 'ledger.transfers.counterparty', { counterparty: 'OTC-DESK', assetId: 'ETH', direction: 'receive', amount: '1', networkFee: '0.001', txid: `0x${tx(78)}`, idempotencyKey: 'otc-eth-2' }, custody)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'networkFee' }] },
    });
  });

  it('reverses a reorged deposit with a linked entry, routing what the customer already spent to suspense', async () => {
    await deposit(30, 'C-7', '0.3', 3);
    await ok(core, 'ledger.fees.post', { customerId: 'C-7', assetId: 'BTC', amount: '0.1', description: 'service fee', idempotencyKey: 'fee-c7' }, custody);
    const reorg = await ok(core, 'ledger.deposits.reorg', { assetId: 'BTC', txid: tx(30), outputIndex: 0, reason: 'block 840001 orphaned by a 2-block reorg' }, custody);
    expect(reorg).toMatchObject({ deposit: { status: 'reversed' }, shortfall: '10000000' });
    expect((await balance('customer', 'BTC', 'C-7'))!.total).toBe('0');
    expect((await balance('suspense', 'BTC'))!.total).toBe('10000000');
    const reversals = await ok(core, 'ledger.entries.list', { type: 'deposit_reversal', limit: 5 }, auditor);
    const detail = await ok(core, 'ledger.entries.get', { entryId: reversals.entries[0]!.id }, auditor);
    expect(detail.reverses).not.toBeNull();
    const original = await ok(core, 'ledger.entries.get', { entryId: (await ok(core, 'ledger.entries.list', { type: 'deposit', limit: 100 }, auditor)).entries.find((e) => e.seq === detail.reverses!.seq)!.id }, auditor);
    expect(original.reversedBy?.id).toBe(detail.entry.id);
    const exceptions = await ok(core, 'reconciliation.exceptions.list', { status: 'open' }, auditor);
    expect(exceptions.exceptions.some((e) => e.kind === 'reorg_shortfall' && e.difference === '10000000')).toBe(true);
    expect(await call(core, 'ledger.deposits.reorg', { assetId: 'BTC', txid: tx(30), outputIndex: 0, reason: 'the same reorg reported twice' }, custody)).toMatchObject({ ok: true, value: { shortfall: '0' } });
  });

  it('answers a balance as of any past time', async () => {
    clock.advance(3600_000);
    await deposit(40, 'C-40', '1', 3);
    const t1 = clock.now().toISOString();
    clock.advance(3600_000);
    await deposit(41, 'C-40', '2', 3);
    const account = (await balance('customer', 'BTC', 'C-40'))!;
    const asOf = await ok(core, 'ledger.accounts.get', { accountId: account.id, asOf: t1 }, auditor);
    expect(asOf.asOf?.total).toBe('100000000');
    expect(asOf.account.total).toBe('300000000');
    expect((await ok(core, 'ledger.accounts.get', { accountId: account.id, asOf: '2020-01-01T00:00:00.000Z' }, auditor)).asOf?.total).toBe('0');
  });

  it('gives a customer statement with running balances, and as CSV', async () => {
    const st = await ok(core, 'ledger.statement', { customerId: 'C-40', assetId: 'BTC' }, auditor);
    expect(st.lines.map((l) => [l.change, l.balance])).toEqual([
      ['100000000', '100000000'],
      ['200000000', '300000000'],
    ]);
    const csv = await ok(core, 'ledger.statement.csv', { customerId: 'C-40' }, auditor);
    expect(csv.lines).toBe(2);
    expect(csv.csv.split('\r\n')[0]).toBe('posted_at,entry_id,type,description,asset,credit,debit,balance');
    expect(csv.csv).toContain(',BTC,2,,3\r\n');
  });

  it('never edits or deletes posted entries', () => {
    const sqlite = core.console.requireDb().sqlite;
    expect(() => sqlite.prepare("UPDATE postings SET amount = '1' WHERE id = 1").run()).toThrow(/immutable/);
    expect(() => sqlite.prepare('DELETE FROM journal_entries WHERE seq = 1').run()).toThrow(/immutable/);
  });

  it('reconciles: a matching snapshot is quiet; a difference opens an exception that needs four eyes to adjust', async () => {
    const hot = (await balance('wallet_hot', 'BTC'))!;
    const asOf = clock.now().toISOString();
    const match = await ok(core, 'reconciliation.snapshots.import', { snapshotId: 'S-1', assetId: 'BTC', wallet: 'wallet_hot', chainBalance: (Number(hot.total) / 1e8).toFixed(8).replace(/0+$/, '').replace(/\.$/, ''), asOf, blockHeight: 840_100, source: 'online-node' }, custody);
    expect(match).toMatchObject({ difference: '0', exceptionId: null });
    const chain = BigInt(hot.total) - 1_000n;
    const chainText = `${chain / 100_000_000n}.${(chain % 100_000_000n).toString().padStart(8, '0')}`;
    const badUtxos = await call(core, 'reconciliation.snapshots.import', { snapshotId: 'S-2', assetId: 'BTC', wallet: 'wallet_hot', chainBalance: chainText, asOf, source: 'online-node', utxos: [{ txid: tx(99), vout: 0, amount: '0.1' }] }, custody);
    expect(badUtxos).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'utxos' }] } });
    const mismatch = await ok(core, 'reconciliation.snapshots.import', { snapshotId: 'S-2', assetId: 'BTC', wallet: 'wallet_hot', chainBalance: chainText, asOf, blockHeight: 840_101, source: 'online-node' }, custody);
    expect(mismatch.difference).toBe('-1000');
    const exceptionId = mismatch.exceptionId!;
    const detail = await ok(core, 'reconciliation.exceptions.get', { id: exceptionId }, auditor);
    expect(detail.exception.evidence).toMatchObject({ chainBalance: chain.toString(), ledgerBalance: hot.total, blockHeight: 840_101 });
    expect(await call(core, 'reconciliation.exceptions.explain', { id: exceptionId, note: 'dust' }, custody)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'note' }] } });
    const proposed = await ok(core, 'reconciliation.adjustments.propose', { exceptionId, amount: '-0.00001', note: 'fee underestimated on sweep tx' }, custody);
    expect(proposed.adjustment).toMatchObject({ proposedByUsername: 'cora', status: 'proposed' });
    expect((await ok(core, 'reconciliation.exceptions.list', { status: 'open' }, auditor)).exceptions.find((e) => e.id === exceptionId)).toMatchObject({ pendingAdjustment: true });
    expect(await call(core, 'reconciliation.adjustments.approve', { adjustmentId: proposed.adjustment.id }, custody)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const approved = await ok(core, 'reconciliation.adjustments.approve', { adjustmentId: proposed.adjustment.id, note: 'checked against the block explorer export' }, custody2);
    expect(approved.exception).toMatchObject({ status: 'resolved', resolution: 'adjusted', resolvedByUsername: 'cole', pendingAdjustment: false });
    expect(approved.adjustment).toMatchObject({ decidedByUsername: 'cole' });
    expect((await ok(core, 'ledger.entries.list', { type: 'adjustment', limit: 1 }, auditor)).entries[0]).toMatchObject({ createdBy: 'operator:cole' });
    expect((await balance('wallet_hot', 'BTC'))!.total).toBe(chain.toString());
    const again = await ok(core, 'reconciliation.snapshots.import', { snapshotId: 'S-3', assetId: 'BTC', wallet: 'wallet_hot', chainBalance: chainText, asOf: clock.now().toISOString(), source: 'online-node' }, custody);
    expect(again.exceptionId).toBeNull();
  });

  it('leaves every entry balanced and every balance equal to its postings', () => {
    const book = count();
    expect(book.entries).toBeGreaterThan(10);
    expect(book.problems).toEqual([]);
  });
});
