/**
 * Market prices dated in the future (real SoftHSM2 token, encrypted database, a real online node's
 * signed bundles): `custody.prices.set` and a `market-prices` bundle item refuse a price dated more than
 * MAX_PRICE_AHEAD_MINUTES ahead of the console clock, changing nothing (a bundle is refused whole and
 * names the item); a few minutes of clock skew are accepted. A far-future price already held (recorded
 * before this check, or the console clock set back since) values nothing — a withdrawal opens blocked and an
 * approval is refused, saying why — and cannot pin the asset: the next current price replaces it, while
 * an older price still never replaces a newer honest one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, removeDataDir } from '../helpers/dev-data';
import { staffedConsole } from '../helpers/operators';
import { makeNode, NO_SECRETS, pinNode } from '../helpers/online-node';
import { jsonItem, type OutgoingItem } from '../../src-main/bundles/bundle.writer';
import { MAX_PRICE_AHEAD_MINUTES } from '../../src-main/custody/withdrawals.service';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { OnlineNode } from '../../src-main/online-node/online-node';

const OUTSIDE_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const MINUTE = 60_000;
const at = (offsetMs: number): string => new Date(Date.now() + offsetMs).toISOString();

describe('market prices dated in the future', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let node: OnlineNode;
  let hot: string;
  const who: Record<string, CallerContext> = {};
  const pins: Record<string, string> = {};
  const as = (name: string) => who[name]!;

  const setPrice = (assetId: string, usdPerUnit: string, asOf: string) => call(core, 'custody.prices.set', { assetId, usdPerUnit, asOf, source: 'test feed' }, as('carl'));
  const held = (assetId: string) =>
    core.console.requireDb().sqlite.prepare<[string], { usdCentsPerUnit: string; asOf: string; source: string }>('SELECT usd_cents_per_unit AS usdCentsPerUnit, as_of AS asOf, source FROM market_prices WHERE asset_id = ?').get(assetId);
  const lastAudit = async () => (await ok(core, 'audit.list', { limit: 1 }, as('aud'))).entries[0]!;
  const move = (amount: string) => ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount, destination: OUTSIDE_BTC, feeCap: '0.0002', walletId: hot }, as('ivan'));
  const prices = (id: string, asOf: string, list: { assetId: string; price: string }[]) => jsonItem(id, 'market-prices', { asOf, source: 'node feed', quote: 'USD', prices: list });
  const bundle = async (items: readonly OutgoingItem[]) => (await node.createBundle(items, work, NO_SECRETS)).path;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vl-custody-prices-'));
    // The system clock: the online node's bundles are dated by it too.
    const staffed = await staffedConsole('Custody prices', [
      ['carl', ['custody_officer'], true],
      ['cora', ['custody_officer'], false],
      ['ivan', ['custody_officer'], false],
      ['aud', ['auditor'], false],
    ]);
    ({ dir, core } = staffed);
    Object.assign(who, staffed.who);
    Object.assign(pins, staffed.pins);
    const admin = staffed.admin;
    node = await makeNode(core, as('carl'), join(work, 'node'));
    await pinNode(core, admin, node);
    hot = (await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'BTC hot' }, as('carl'))).wallet.id;
    const deposit = (await ok(core, 'custody.addresses.new', { walletId: hot, count: 1, customerId: 'C-3' }, as('carl'))).addresses[0]!.address;
    await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: '33'.repeat(32), outputIndex: 0, address: deposit, customerId: 'C-3', amount: '1', confirmations: 6 }, as('carl'));
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('custody.prices.set refuses a price dated more than the tolerance ahead, naming the field; nothing is recorded, the refusal is audited', async () => {
    const now = at(0);
    expect(await setPrice('BTC', '60000', now)).toMatchObject({ ok: true, value: { recorded: true, usdCentsPerUnit: '6000000' } });
    for (const ahead of [MAX_PRICE_AHEAD_MINUTES * MINUTE + 30_000, 24 * 60 * MINUTE, 10 * 365 * 24 * 60 * MINUTE]) {
      const r = await setPrice('BTC', '1', at(ahead));
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(new RegExp(`^\`asOf\` is \\S+, \\d+ minutes ahead of the console clock \\(\\S+\\); a price may be dated at most ${MAX_PRICE_AHEAD_MINUTES} minutes ahead`)) as unknown } });
      expect(held('BTC')).toEqual({ usdCentsPerUnit: '6000000', asOf: now, source: 'test feed' });
      expect(await lastAudit()).toMatchObject({ command: 'custody.prices.set', outcome: 'refused', errorCode: 'VALIDATION', operatorUsername: 'carl' });
    }
  });

  it('accepts a few minutes of clock skew, and an older price still never replaces a newer one', async () => {
    const skewed = at(3 * MINUTE);
    expect(await setPrice('ETH', '3000', skewed)).toMatchObject({ ok: true, value: { recorded: true, asOf: skewed } });
    // The node's clock was a little fast: the console's current quote is older and is not taken.
    expect(await setPrice('ETH', '2900', at(0))).toMatchObject({ ok: true, value: { recorded: false, usdCentsPerUnit: '300000', asOf: skewed } });
    expect(held('ETH')).toMatchObject({ usdCentsPerUnit: '300000', asOf: skewed });
  });

  it('refuses a bundle whose market-prices item is dated ahead, whole, naming the item; the node’s next bundle is taken', async () => {
    const ethBefore = held('ETH');
    const btcBefore = held('BTC');
    const inbound = () => (core.console.requireDb().sqlite.prepare("SELECT count(*) AS n FROM bundles WHERE direction = 'inbound'").get() as { n: number }).n;
    const bundlesBefore = inbound();
    const stateBefore = readFileSync(node.dir.statePath);
    const path = await bundle([prices('prices-now', at(4 * MINUTE), [{ assetId: 'ETH', price: '3100' }]), prices('prices-future', at(2 * 60 * MINUTE), [{ assetId: 'BTC', price: '1' }])]);
    const preview = await ok(core, 'bundles.preview', { source: { path } }, as('carl'));
    expect(preview).toMatchObject({ acceptable: false, refusal: { code: 'BUNDLE_ITEM_INVALID' } });
    expect(preview.refusal!.message).toMatch(/Item prices-future \(market-prices\) was refused by Valuation: `asOf` is .*minutes ahead of the console clock/);
    const r = await call(core, 'bundles.import', { source: { path }, expectedBundleHash: preview.bundle?.bundleHash ?? '0'.repeat(64) }, as('carl'));
    expect(r).toMatchObject({ ok: false });
    // All or nothing: the good item's ETH price was not taken either, and the bundle was not recorded.
    expect(held('ETH')).toEqual(ethBefore);
    expect(held('BTC')).toEqual(btcBefore);
    expect(inbound()).toBe(bundlesBefore);
    // The node sends the same sequence again with honest dates: taken.
    writeFileSync(node.dir.statePath, stateBefore);
    const fixed = await bundle([prices('prices-now', at(4 * MINUTE), [{ assetId: 'ETH', price: '3100' }]), prices('prices-btc', at(0), [{ assetId: 'BTC', price: '61000' }])]);
    const p2 = await ok(core, 'bundles.preview', { source: { path: fixed } }, as('carl'));
    expect(p2.acceptable).toBe(true);
    expect(await ok(core, 'bundles.import', { source: { path: fixed }, expectedBundleHash: p2.bundle!.bundleHash }, as('carl'))).toMatchObject({ applied: 2 });
    expect(held('ETH')).toMatchObject({ usdCentsPerUnit: '310000' });
    expect(held('BTC')).toMatchObject({ usdCentsPerUnit: '6100000' });
  });

  it('a far-future price already held values nothing (blocked, approval refused, saying why) and the next current price replaces it', async () => {
    await setPrice('BTC', '60000', at(0));
    const pending = await move('0.01');
    expect(pending.withdrawal.state).toBe('pending_approval');
    // A price written before this check existed, or the console clock set back since: dated a day ahead.
    const future = at(24 * 60 * MINUTE);
    core.console.requireDb().sqlite.prepare("UPDATE market_prices SET as_of = ?, usd_cents_per_unit = '100' WHERE asset_id = 'BTC'").run(future);

    const blocked = (await move('0.01')).withdrawal;
    expect(blocked.state).toBe('blocked');
    expect(blocked.rejectionReason).toMatch(new RegExp(`USD valuation: the BTC price is dated ${future.replace(/\./g, '\\.')}, ahead of the console clock \\(\\S+\\) by more than ${MAX_PRICE_AHEAD_MINUTES} minutes, so its age cannot be judged`));
    const refused = await call(core, 'custody.withdrawals.approve', { id: pending.withdrawal.id, tokenPin: pins.cora! }, as('cora'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/cannot be approved: the BTC price is dated .* ahead of the console clock/) as unknown } });

    // Not pinned: a current price replaces it although it is "older" by date; then the approval goes through.
    const now = at(0);
    expect(await setPrice('BTC', '60000', now)).toMatchObject({ ok: true, value: { recorded: true, asOf: now, usdCentsPerUnit: '6000000' } });
    expect(await setPrice('BTC', '59000', at(-MINUTE))).toMatchObject({ ok: true, value: { recorded: false, asOf: now } });
    expect(await call(core, 'custody.withdrawals.approve', { id: pending.withdrawal.id, tokenPin: pins.cora! }, as('cora'))).toMatchObject({ ok: true });
  });
});
