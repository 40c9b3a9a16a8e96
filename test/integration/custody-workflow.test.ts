/**
 * The withdrawal workflow around the signing module, on a real SoftHSM2 token and encrypted
 * database: the queue read a page at a time with filters and counts per state; treasury moves
 * from a named wallet that hold its funds on the ledger; valuations refused on a stale price (at
 * opening and at every approval); overdue withdrawals expired without the button (timer and
 * unlock), holds released and audited; and the initiator kept from signing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from '@bitcoinerlab/secp256k1';
import { call, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { passphraseOf, staffedConsole } from '../helpers/operators';
import { ManualClock } from '../../src-main/platform/clock';
import { fakePrevTx } from '../../src-main/chains/bitcoin/bitcoin.testkit';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

bitcoin.initEccLib(ecc);
const OUTSIDE_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const OTHER_BTC = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';

describe('custody workflow: queue paging, treasury holds, stale prices, expiry, separation of duties', () => {
  let dir: string;
  let core: Core;
  let clock: ManualClock;
  const who: Record<string, CallerContext> = {};
  const pins: Record<string, string> = {};
  let hot: string;
  let cold: string;
  const as = (name: string) => who[name]!;
  const relogin = async () => {
    for (const name of Object.keys(pins)) who[name] = await unlockAndLogin(core, { username: name, passphrase: passphraseOf(name), tokenPin: pins[name]! });
  };
  const price = (usdPerUnit = '60000', asOf = clock.now().toISOString()) => ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit, asOf, source: 'test feed' }, as('carl'));
  const move = (amount: string, extra: Record<string, unknown> = {}) =>
    call(core, 'custody.withdrawals.create', { assetId: 'BTC', amount, destination: OUTSIDE_BTC, feeCap: '0.0002', walletId: hot, ...extra }, as('ivan'));
  const created = async (amount: string, extra: Record<string, unknown> = {}) => {
    const r = await move(amount, extra);
    if (!r.ok) throw new Error(`create refused: ${r.error.code} ${r.error.message}`);
    return r.value.withdrawal;
  };
  const approve = (id: string, name: string) => call(core, 'custody.withdrawals.approve', { id, tokenPin: pins[name]! }, as(name));
  const hotAccount = async () => (await ok(core, 'ledger.accounts.list', { kind: 'wallet_hot', assetId: 'BTC' }, as('aud'))).accounts[0]!;

  beforeAll(async () => {
    clock = new ManualClock('2026-05-04T09:00:00.000Z');
    // The expiry timer runs every 200 ms of real time; the idle lock's timer never fires in the test.
    const staffed = await staffedConsole('Custody workflow test', [
      ['carl', ['custody_officer'], true],
      ['cora', ['custody_officer'], false],
      ['ivan', ['custody_officer'], false],
      ['mia', ['compliance_officer'], false],
      ['aud', ['auditor'], false],
    ], { clock, idleCheckMs: 3_600_000, withdrawalExpiryCheckMs: 200 });
    ({ dir, core } = staffed);
    who.admin = staffed.admin;
    Object.assign(who, staffed.who);
    Object.assign(pins, staffed.pins);
    await price();
    hot = (await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'BTC hot' }, as('carl'))).wallet.id;
    cold = (await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'cold', scheme: 'bip32', label: 'BTC cold' }, as('carl'))).wallet.id;
    const deposit = (await ok(core, 'custody.addresses.new', { walletId: hot, count: 1, customerId: 'C-7' }, as('carl'))).addresses[0]!.address;
    // 1 BTC on the hot wallet (the ledger's wallet_hot account) and on chain.
    await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: '77'.repeat(32), outputIndex: 0, address: deposit, customerId: 'C-7', amount: '1', confirmations: 6 }, as('carl'));
    const prev = fakePrevTx([{ amount: 100_000_000n, script: bitcoin.address.toOutputScript(deposit, bitcoin.networks.bitcoin) }], 'workflow-funding');
    await ok(core, 'custody.utxos.import', { utxos: [{ txid: bitcoin.Transaction.fromBuffer(Buffer.from(prev)).getId(), vout: 0, address: deposit, amount: '1', prevTxHex: Buffer.from(prev).toString('hex') }] }, as('carl'));
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
  });

  it('opens a treasury move from the wallet it names and holds that wallet’s funds: a second move against the same funds is blocked', async () => {
    expect(await move('0.1', { walletId: 'wal_0123456789abcdef' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await move('0.1', { assetId: 'ETH', destination: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', feeCap: '0.001' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await move('0.1', { walletRole: 'cold' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('hot wallet, not cold') as unknown } });
    // The cold wallet holds nothing on the ledger: a move from it is blocked, whatever the hot wallet holds.
    const fromCold = await created('0.01', { walletId: cold });
    expect(fromCold).toMatchObject({ walletId: cold, state: 'blocked' });
    expect(fromCold.rejectionReason).toMatch(/ledger hold: the cold wallet has 0 minor units available/);

    // Two moves of 0.6 BTC against 1 BTC: the first holds 0.6002, the second finds 0.3998 available.
    const first = await created('0.6');
    expect(first).toMatchObject({ walletId: hot, state: 'pending_approval' });
    expect(await hotAccount()).toMatchObject({ held: '60020000', available: '39980000' });
    const second = await created('0.6');
    expect(second.state).toBe('blocked');
    expect(second.rejectionReason).toMatch(/ledger hold: the hot wallet has 39980000 minor units available on the ledger \(60020000 held for other withdrawals\); 60020000 are needed/);
    expect(await hotAccount()).toMatchObject({ held: '60020000' });
    // Rejecting the first releases its hold; the same move then passes.
    await ok(core, 'custody.withdrawals.reject', { id: first.id, reason: 'treasury plan changed this morning' }, as('mia'));
    expect(await hotAccount()).toMatchObject({ held: '0', available: '100000000' });
    const third = await created('0.6');
    expect(third.state).toBe('pending_approval');
    await ok(core, 'custody.withdrawals.reject', { id: third.id, reason: 'kept for the paging test below' }, as('mia'));
  });

  it('the initiator cannot sign; another custody officer can, and the broadcast receipt ends the wallet hold', async () => {
    const w = await created('0.01');
    expect(await approve(w.id, 'cora')).toMatchObject({ ok: true, value: { quorumComplete: true } });
    const refused = await call(core, 'custody.withdrawals.sign', { id: w.id }, as('ivan'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('the initiator cannot sign it') as unknown } });
    const last = (await ok(core, 'audit.list', { limit: 1 }, as('aud'))).entries[0]!;
    expect(last).toMatchObject({ command: 'custody.withdrawals.sign', outcome: 'refused', errorCode: 'FORBIDDEN', operatorUsername: 'ivan' });
    expect((await ok(core, 'custody.withdrawals.get', { id: w.id }, as('aud'))).signedTx).toBeNull();
    // An approver may sign (signing is a custody act after the quorum, not an approval).
    const signed = await ok(core, 'custody.withdrawals.sign', { id: w.id }, as('cora'));
    expect(signed.withdrawal.state).toBe('signed');
    expect(await hotAccount()).toMatchObject({ held: '1020000' });
    await ok(core, 'custody.withdrawals.receipt', { id: w.id, txid: signed.txid, networkFee: '0.00001' }, as('carl'));
    expect(await hotAccount()).toMatchObject({ held: '0' });
  });

  it('refuses a valuation on a price over an hour old: the withdrawal opens blocked, and an approval is refused until the price is fresh', async () => {
    // An older quote never replaces the price held.
    const held = await price();
    expect(await price('1', new Date(clock.now().getTime() - 5 * 60_000).toISOString())).toMatchObject({ recorded: false, usdCentsPerUnit: '6000000', asOf: held.asOf });
    clock.advance(61 * 60_000);
    await relogin();
    const stale = await created('0.01');
    expect(stale.state).toBe('blocked');
    expect(stale.rejectionReason).toMatch(/USD valuation: the BTC price is from 2026-05-04T\d\d:\d\d:00.000Z, 61 minutes old; a valuation uses prices at most 60 minutes old: record a fresh price/);

    await price();
    const open = await created('0.01');
    expect(open.state).toBe('pending_approval');
    clock.advance(90 * 60_000);
    await relogin();
    const refused = await approve(open.id, 'cora');
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/cannot be approved: the BTC price is from .*, 90 minutes old/) as unknown } });
    expect((await ok(core, 'custody.withdrawals.get', { id: open.id }, as('aud'))).approvals).toHaveLength(0);
    // A fresh price that puts the withdrawal in another tier (0.01 BTC at 1 500 000 USD = 15 000 USD) is refused too.
    await price('1500000');
    const otherTier = await approve(open.id, 'cora');
    expect(otherTier).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/worth 15000.00 USD and falls under rule "10 000 to 1 000 000 USD", not rule "below 10 000 USD"/) as unknown } });
    await price('61000');
    expect(await approve(open.id, 'cora')).toMatchObject({ ok: true, value: { quorumComplete: true } });
  });

  it('expires overdue withdrawals without the button, on the core’s timer and at unlock: holds released, each expiry audited', async () => {
    await price();
    const a = await created('0.02');
    const b = await created('0.03');
    // 0.02 + 0.03 and their fee caps, beside the 0.01 approved above.
    expect(await hotAccount()).toMatchObject({ held: '6060000' });
    expect(await core.expireOverdueWithdrawals()).toEqual([]);
    // 48 h is the policy's withdrawal expiry: the core's timer expires them without anyone asking.
    clock.advance(48 * 3600_000 + 1000);
    await relogin();
    await vi.waitFor(async () => expect((await ok(core, 'custody.withdrawals.get', { id: b.id }, as('aud'))).withdrawal.state).toBe('expired'), { timeout: 10_000, interval: 100 });
    expect((await ok(core, 'custody.withdrawals.get', { id: a.id }, as('aud'))).withdrawal.state).toBe('expired');
    expect(await core.expireOverdueWithdrawals()).toEqual([]);
    expect(await hotAccount()).toMatchObject({ held: '0' });
    const events = await ok(core, 'audit.list', { command: 'event.withdrawalExpired', limit: 50 }, as('aud'));
    expect(events.entries).toHaveLength(3);
    expect(events.entries[0]).toMatchObject({ operatorUsername: null, outcome: 'ok' });

    // At unlock: the console is locked while a withdrawal runs past its deadline.
    await price();
    const c = await created('0.04');
    await ok(core, 'console.lock', {}, as('carl'));
    clock.advance(49 * 3600_000);
    await relogin();
    expect((await ok(core, 'custody.withdrawals.get', { id: c.id }, as('aud'))).withdrawal.state).toBe('expired');
    expect(await hotAccount()).toMatchObject({ held: '0' });
  });

  it('lists the queue a page at a time, newest first, filtered by state, asset, customer and wallet, with counts per state', async () => {
    await price();
    for (let i = 0; i < 5; i++) {
      await created('0.001', { destination: i % 2 === 0 ? OUTSIDE_BTC : OTHER_BTC });
      clock.advance(1000);
    }
    const all = await ok(core, 'custody.withdrawals.list', { limit: 1000 }, as('aud'));
    const total = all.withdrawals.length;
    expect(all.nextCursor).toBeNull();
    expect(Object.values(all.counts).reduce((a, b) => a + b, 0)).toBe(total);
    // Blocked: from the cold wallet, the second 0.6, the stale price; rejected: the first and third 0.6;
    // expired: three on the timer, one at unlock.
    expect(all.counts).toEqual({ blocked: 3, pending_approval: 5, approved: 0, signed: 0, broadcast: 0, settled: 1, rejected: 2, expired: 4 });
    expect(total).toBe(15);

    // Pages of 4 walk the whole queue once, in order, without repeats.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ok(core, 'custody.withdrawals.list', { limit: 4, ...(cursor ? { cursor } : {}) }, as('aud'));
      seen.push(...page.withdrawals.map((w) => w.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(all.withdrawals.map((w) => w.id));
    expect(pages).toBe(Math.ceil(total / 4));
    const times = all.withdrawals.map((w) => w.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const pending = await ok(core, 'custody.withdrawals.list', { states: ['pending_approval'], limit: 2 }, as('aud'));
    expect(pending.withdrawals).toHaveLength(2);
    expect(pending.withdrawals.every((w) => w.state === 'pending_approval')).toBe(true);
    expect(pending.nextCursor).not.toBeNull();
    // Counts ignore the state filter (every tab keeps its count) but follow the others.
    expect(pending.counts).toEqual(all.counts);
    const cold_ = await ok(core, 'custody.withdrawals.list', { walletId: cold }, as('aud'));
    expect(cold_.withdrawals).toHaveLength(1);
    expect(cold_.counts).toMatchObject({ blocked: 1, pending_approval: 0 });
    expect((await ok(core, 'custody.withdrawals.list', { assetId: 'ETH' }, as('aud'))).withdrawals).toHaveLength(0);
    expect((await ok(core, 'custody.withdrawals.list', { customerId: 'C-7' }, as('aud'))).counts.pending_approval).toBe(0);
    expect(await call(core, 'custody.withdrawals.list', { cursor: 'bm90LWEtY3Vyc29y' }, as('aud'))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('keeps the audit chain valid', async () => {
    expect((await ok(core, 'audit.verify', {}, as('aud'))).valid).toBe(true);
  });
});
