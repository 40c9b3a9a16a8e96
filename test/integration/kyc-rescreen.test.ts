/**
 * What keeps a KYC file current after onboarding, on a real console (SoftHSM2, encrypted SQLite)
 * with the real OFAC address lists of September 2024 and November 2025 (../shared/data):
 *
 * - the re-screen of everyone after a list import runs as a job with progress, one transaction per
 *   slice; interrupted mid-way (the console closed), it resumes at the next unlock and raises
 *   every hit exactly once;
 * - a compliance officer re-screens everyone on demand (an analyst may not);
 * - the custody sanctions pre-check screens destinations against the active list versions: a
 *   Tornado Cash address blocks under the 2024 list and passes once the 2025 list delisted it;
 * - the re-screen also walks the known counterparties of monitored deposits: a sender clean under
 *   the 2024 list that the 2025 list names becomes a hit (once, however often the job runs); a
 *   Tornado Cash sender that hit under 2024 keeps its hit as history and no longer hits new deposits;
 * - deposits from a listed sender and volume far beyond the expected feed the wallet-behaviour and
 *   volume factors, and re-score the customer;
 * - re-verification of an approved file from the reviews-due list: back in the queue with the
 *   reason, history kept, withdrawals still allowed until the review is overdue.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { ADMIN, CUSTODY, call, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { enrol, passphraseOf } from '../helpers/operators';
import { individual, onboard, rescreened } from '../helpers/kyc';

const SHARED = join(import.meta.dirname, '../../../shared/data/ofac-addresses');
const OUTSIDE_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const tx = (n: number): string => n.toString(16).padStart(64, '0');

function addressList(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of readdirSync(dir).filter((n) => /^sanctioned_addresses_[A-Z0-9]+\.json$/.test(n)).sort()) {
    out[/^sanctioned_addresses_([A-Z0-9]+)\.json$/.exec(f)![1]!] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as string[];
  }
  return out;
}

describe('KYC after onboarding: re-screen job, active-list pre-check, behaviour, re-verification', () => {
  let dir: string;
  let work: string;
  let core: Core;
  const who: Record<string, CallerContext> = {};
  const people = [
    ['anna', ['compliance_analyst']],
    ['olga', ['compliance_officer']],
    ['carl', ['custody_officer']],
  ] as const;
  const tokens = people.map(([name]) => ({ label: `t-${name}`, pin: `${name}-pin-1` }));
  const list2024 = addressList(join(SHARED, '0xB10C-2024-09-27'));
  const list2025 = addressList(SHARED);
  const eth2025 = new Set(list2025.ETH!.map((a) => a.toLowerCase()));
  const delistedEth = list2024.ETH!.filter((a) => !eth2025.has(a.toLowerCase()));
  const listedBtc = list2025.XBT!.find((a) => a.startsWith('bc1q'))!;
  // A Bitcoin address OFAC listed between the 2024 snapshot and the 2025-11-19 issue.
  const xbt2024 = new Set(list2024.XBT!.map((a) => a.toLowerCase()));
  const newlyListedBtc = list2025.XBT!.find((a) => a.startsWith('bc1q') && !xbt2024.has(a.toLowerCase()))!;
  const SUBJECTS = 40;

  const file = (name: string, body: unknown) => {
    const path = join(work, name);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };
  const signInAll = async () => {
    for (const [name] of people) who[name] = await unlockAndLogin(core, { username: name, passphrase: passphraseOf(name), tokenPin: `${name}-pin-1` });
  };

  beforeAll(async () => {
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, ...tokens]);
    work = mkdtempSync(join(tmpdir(), 'vl-kyc-rescreen-'));
    // One subject per slice, so that a re-screen of 50 subjects takes 50 transactions and can be cut short.
    core = newCore(dir, { kyc: { rescreenSlice: { changed: 1, full: 1 } } });
    await ok(core, 'console.init', { consoleName: 'KYC rescreen', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    const admin = await unlockAndLogin(core);
    for (const [i, [name, roles]] of people.entries()) who[name] = await enrol(core, admin, { username: name, roles: [...roles], token: tokens[i]! });
    // Customers with a wallet Tornado Cash used (listed in 2024, delisted in 2025), and plain ones.
    for (let i = 0; i < SUBJECTS; i++) {
      const wallet = i < 10 ? [{ chain: 'ethereum' as const, address: delistedEth[i]! }] : [];
      await onboard(core, who.olga!, `C-${100 + i}`, individual({ legalName: `Person Number${String.fromCharCode(65 + (i % 26))} Test${i}`, walletAddresses: wallet }));
    }
    await ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: '60000', asOf: new Date().toISOString(), source: 'test feed' }, who.carl);
    await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'hot' }, who.carl);
    await ok(core, 'custody.prices.set', { assetId: 'ETH', usdPerUnit: '3000', asOf: new Date().toISOString(), source: 'test feed' }, who.carl);
    await ok(core, 'custody.wallets.create', { assetId: 'ETH', role: 'hot', scheme: 'hsm', label: 'eth hot' }, who.carl);
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('before any address list is imported, the pre-check uses the shipped OFAC lists and says so', async () => {
    const w = (await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.01', destination: OUTSIDE_BTC, feeCap: '0.0002' }, who.carl)).withdrawal;
    const detail = await ok(core, 'custody.withdrawals.get', { id: w.id }, who.carl);
    expect(JSON.stringify(detail)).toMatch(/not on the shipped OFAC address lists, issue of 2025-11-19 .*no address list imported yet/);
  });

  it('re-screens everyone as a job with progress; cut short, it resumes after unlock and raises each hit once', async () => {
    const imported = await ok(core, 'kyc.lists.import', { path: file('ofac-2024.json', list2024), listId: 'ofac-addresses', kind: 'sanctions', format: 'address-list-json', version: '2024-09-27', publishedAt: '2024-09-27T00:35:00.000Z', source: 'OFAC' }, who.olga);
    expect(imported.jobId).toMatch(/^job_/);
    // The command answered before the re-screen: nobody has a hit yet.
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-100' }, who.anna)).hits).toHaveLength(0);
    // Let a few slices commit, then close the console mid-job (as a crash or a lock would).
    for (;;) {
      const { job } = await ok(core, 'jobs.get', { id: imported.jobId! }, who.olga);
      if (job.done >= 3) {
        expect(job.state).toBe('running');
        // 40 customers, their 10 wallets, and the treasury withdrawal's destination.
        expect(job.total).toBe(SUBJECTS + 11);
        expect(job.step).toMatch(/^ofac-addresses 2024-09-27: \d+ of 51 customers, owners and known addresses \(linked wallets, deposit senders, withdrawal destinations\)$/);
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
    await core.close();
    core = newCore(dir, { kyc: { rescreenSlice: { changed: 1, full: 1 } } });
    await signInAll();
    // The queued task survived with its cursor; the first command after unlock resumed it.
    const status = await rescreened(core, who.anna!);
    expect(status.pending).toEqual([]);
    expect(status.last).toEqual([expect.objectContaining({ listId: 'ofac-addresses', version: '2024-09-27', subjects: SUBJECTS + 11, newHits: 10 })]);
    for (let i = 0; i < 10; i++) {
      const c = await ok(core, 'kyc.customers.get', { customerId: `C-${100 + i}` }, who.anna);
      expect(c.hits).toEqual([expect.objectContaining({ subjectType: 'address', status: 'open', listVersion: '2024-09-27' })]);
      expect(c.history.filter((e) => e.kind === 'hit_raised')).toHaveLength(1);
    }
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-120' }, who.anna)).hits).toHaveLength(0);
  });

  it('re-screens on demand for a compliance officer only, idempotently', async () => {
    const refused = await call(core, 'kyc.rescreen.start', { reason: 'Matcher thresholds changed' }, who.anna);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const started = await ok(core, 'kyc.rescreen.start', { reason: 'Matcher thresholds changed' }, who.olga);
    expect(started.lists).toEqual(['ofac-addresses']);
    const status = await rescreened(core, who.anna!);
    expect(status.last[0]).toMatchObject({ full: true, reason: 'Matcher thresholds changed', newHits: 0 });
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-100' }, who.anna)).hits).toHaveLength(1);
  });

  const depositAddress = async (assetId: 'BTC' | 'ETH', customerId: string) => {
    const walletId = (await ok(core, 'custody.wallets.list', {}, who.carl)).wallets.find((w) => w.assetId === assetId)!.id;
    return (await ok(core, 'custody.addresses.new', { walletId, count: 1, customerId }, who.carl)).addresses[0]!.address;
  };
  const tornadoSender = delistedEth[30]!;

  it('under the 2024 list: a deposit from a not-yet-listed sender raises nothing, one from a Tornado Cash sender a hit', async () => {
    expect(newlyListedBtc).toBeDefined();
    expect(eth2025.has(tornadoSender.toLowerCase())).toBe(false);
    await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(101), outputIndex: 0, address: await depositAddress('BTC', 'C-135'), customerId: 'C-135', amount: '0.001', confirmations: 6, sender: { address: newlyListedBtc } }, who.carl);
    await ok(core, 'ledger.deposits.record', { assetId: 'ETH', txid: `0x${tx(102)}`, outputIndex: 0, address: await depositAddress('ETH', 'C-136'), customerId: 'C-136', amount: '0.01', confirmations: 70, finalized: true, sender: { address: tornadoSender } }, who.carl);
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-135' }, who.anna)).hits).toHaveLength(0);
    const c136 = await ok(core, 'kyc.customers.get', { customerId: 'C-136' }, who.anna);
    expect(c136.hits).toEqual([expect.objectContaining({ subjectType: 'address', subjectName: tornadoSender, status: 'open', listVersion: '2024-09-27' })]);
    expect(c136.history.filter((e) => e.kind === 'hit_raised')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ subject: `deposit sender ${tornadoSender}` }) as unknown })]);
  });

  it('blocks a Tornado Cash destination under the 2024 list and lets it pass once the 2025 list delisted it', async () => {
    const create = (destination: string) => ok(core, 'custody.withdrawals.create', { assetId: 'ETH', amount: '0.1', destination, feeCap: '0.01' }, who.carl);
    const tornado = delistedEth[20]!;
    const before = (await create(tornado)).withdrawal;
    expect(before).toMatchObject({ state: 'blocked', rejectionReason: expect.stringMatching(/sanctions screening: the destination is on the ofac-addresses|OFAC/) as unknown });

    await ok(core, 'kyc.lists.import', { path: file('ofac-2025.json', list2025), listId: 'ofac-addresses', format: 'address-list-json', version: '2025-11-19', publishedAt: '2025-11-19T16:44:00.000Z', source: 'OFAC' }, who.olga);
    await rescreened(core, who.anna!);
    const after = await ok(core, 'custody.withdrawals.get', { id: (await create(tornado.toLowerCase())).withdrawal.id }, who.carl);
    expect(JSON.stringify(after)).toMatch(/not on the ofac-addresses version 2025-11-19/);
    expect(after.withdrawal.rejectionReason ?? '').not.toMatch(/sanctions/);
    // The delisted customer's hit is history, not a live hit.
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-100' }, who.anna)).hits[0]).toMatchObject({ delistedAt: expect.any(String) as unknown });
  });

  it('after the 2025 list: the re-screen walks deposit senders — the newly listed one hits once, the delisted Tornado Cash one keeps its past hit only', async () => {
    // The 2025 import (previous test) re-screened 40 customers, 10 wallets, 2 treasury destinations and the 2 deposit senders.
    const status = await rescreened(core, who.anna!);
    expect(status.last[0]).toMatchObject({ listId: 'ofac-addresses', version: '2025-11-19', subjects: SUBJECTS + 10 + 2 + 2 });
    const c135 = await ok(core, 'kyc.customers.get', { customerId: 'C-135' }, who.anna);
    // Recorded as a sender hit at deposit time is: an address hit on the customer, a "deposit sender" event.
    expect(c135.hits).toEqual([expect.objectContaining({ subjectType: 'address', subjectName: newlyListedBtc, status: 'open', listVersion: '2025-11-19', delistedAt: null })]);
    const raised = () => ok(core, 'kyc.customers.get', { customerId: 'C-135' }, who.anna).then((c) => c.history.filter((e) => e.kind === 'hit_raised'));
    expect(await raised()).toEqual([expect.objectContaining({ detail: expect.objectContaining({ subject: `deposit sender ${newlyListedBtc}`, listVersion: '2025-11-19' }) as unknown })]);
    // It feeds the customer's re-score: the wallet-behaviour factor is flagged, triggered by the list update.
    expect(c135.risk).toMatchObject({ trigger: 'list_update:ofac-addresses@2025-11-19' });
    expect(c135.risk!.factors.find((f) => f.factor === 'walletBehaviour')!.input).toMatch(/^flagged: 1 open sanctions hit/);
    // The gate sees it like any open sanctions hit.
    expect(c135.gate).toMatchObject({ withdrawalsAllowed: false });

    // The whole re-screen again (every slice a second time): nothing is raised twice.
    await ok(core, 'kyc.rescreen.start', { reason: 'Second pass over every subject' }, who.olga);
    const again = await rescreened(core, who.anna!);
    expect(again.last[0]).toMatchObject({ full: true, newHits: 0, subjects: SUBJECTS + 10 + 2 + 2 });
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-135' }, who.anna)).hits).toHaveLength(1);
    expect(await raised()).toHaveLength(1);

    // The Tornado Cash sender: its 2024 hit is history (delisted, kept), and a new deposit from it raises nothing.
    const c136 = await ok(core, 'kyc.customers.get', { customerId: 'C-136' }, who.anna);
    expect(c136.hits).toEqual([expect.objectContaining({ subjectName: tornadoSender, listVersion: '2024-09-27', delistedAt: expect.any(String) as unknown })]);
    await ok(core, 'ledger.deposits.record', { assetId: 'ETH', txid: `0x${tx(103)}`, outputIndex: 0, address: await depositAddress('ETH', 'C-136'), customerId: 'C-136', amount: '0.02', confirmations: 70, finalized: true, sender: { address: tornadoSender.toLowerCase() } }, who.carl);
    const after = await ok(core, 'kyc.customers.get', { customerId: 'C-136' }, who.anna);
    expect(after.hits).toHaveLength(1);
    expect(after.hits[0]).toMatchObject({ delistedAt: expect.any(String) as unknown });
    expect(after.history.filter((e) => e.kind === 'hit_raised')).toHaveLength(1);
    expect(after.risk!.factors.find((f) => f.factor === 'walletBehaviour')!.input).toMatch(/^clean: .*no sanctions hit on any address/);
  });

  it('re-scores on behaviour: a deposit from a listed sender, volume far beyond the expected, a withdrawal to a listed address', async () => {
    const walletId = (await ok(core, 'custody.wallets.list', {}, who.carl)).wallets.find((w) => w.assetId === 'BTC')!.id;
    const deposit = (await ok(core, 'custody.addresses.new', { walletId, count: 1, customerId: 'C-130' }, who.carl)).addresses[0]!.address;
    const factor = async (id: string, name: string) => (await ok(core, 'kyc.customers.get', { customerId: id }, who.anna)).risk!.factors.find((f) => f.factor === name)!;
    expect((await factor('C-130', 'walletBehaviour')).input).toMatch(/^no_addresses/);

    // 1 BTC at 60 000 USD against 5 000 USD a month expected: the volume factor scores what was seen.
    await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(1), outputIndex: 0, address: deposit, customerId: 'C-130', amount: '1', confirmations: 6 }, who.carl);
    const c130 = await ok(core, 'kyc.customers.get', { customerId: 'C-130' }, who.anna);
    expect(c130.assessments[0]!.trigger).toBe('behaviour:deposit');
    expect(c130.risk!.factors.find((f) => f.factor === 'volume')).toMatchObject({ score: 55, input: expect.stringMatching(/^60000 USD seen in the 30 days to .* \(scored: above the 5000 USD a month expected\)$/) as unknown });
    expect(c130.risk!.factors.find((f) => f.factor === 'walletBehaviour')!.input).toMatch(/^flagged: 60,000 USD moved in the 30 days .*more than 2× the 5,000 USD a month expected/);
    const count = c130.assessments.length;
    // The same behaviour again (a repeated report) changes nothing: no new assessment.
    await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(1), outputIndex: 0, address: deposit, customerId: 'C-130', amount: '1', confirmations: 7 }, who.carl);
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-130' }, who.anna)).assessments).toHaveLength(count);

    // A deposit whose sender is on the 2025 list: a hit on the customer's address, behaviour flagged.
    const d131 = (await ok(core, 'custody.addresses.new', { walletId, count: 1, customerId: 'C-131' }, who.carl)).addresses[0]!.address;
    await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(2), outputIndex: 0, address: d131, customerId: 'C-131', amount: '0.001', confirmations: 6, sender: { address: listedBtc } }, who.carl);
    const c131 = await ok(core, 'kyc.customers.get', { customerId: 'C-131' }, who.anna);
    expect(c131.hits).toEqual([expect.objectContaining({ subjectType: 'address', subjectName: listedBtc, status: 'open' })]);
    expect(c131.risk!.factors.find((f) => f.factor === 'walletBehaviour')).toMatchObject({ score: 70, input: expect.stringMatching(/^flagged: 1 open sanctions hit/) as unknown });

    // A withdrawal asked for to a listed address (blocked by custody) makes the behaviour sanctioned: re-scored at once, forced HIGH.
    await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.001', destination: listedBtc, feeCap: '0.0002', customerId: 'C-132' }, who.carl);
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-132' }, who.anna)).risk).toMatchObject({ trigger: 'behaviour:withdrawal', level: 'high' });
    const reviewed = await ok(core, 'kyc.customers.reverify', { customerId: 'C-132', reason: 'Withdrawal attempt to a listed address' }, who.anna);
    expect(reviewed.customer).toMatchObject({ riskLevel: 'high' });
    expect(reviewed.risk).toMatchObject({ trigger: 'periodic_review', forcedBy: expect.stringMatching(/wallet behaviour/) as unknown });
    expect(reviewed.risk!.factors.find((f) => f.factor === 'walletBehaviour')!.input).toMatch(new RegExp(`^sanctioned: a withdrawal was requested to ${listedBtc}`));
  });

  it('re-verifies an approved file: back in the queue with the reason and its history, withdrawals still allowed until overdue', async () => {
    const before = await ok(core, 'kyc.customers.get', { customerId: 'C-125' }, who.anna);
    expect(before.customer.status).toBe('approved');
    const short = await call(core, 'kyc.customers.reverify', { customerId: 'C-125', reason: 'x' }, who.anna);
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const started = await ok(core, 'kyc.customers.reverify', { customerId: 'C-125', reason: 'Periodic review 2026: confirm address and source of funds' }, who.anna);
    expect(started.customer).toMatchObject({ status: 'pending_review', nextReviewAt: before.customer.nextReviewAt });
    expect(started.history[0]).toMatchObject({ kind: 'review_started', statusBefore: 'approved', statusAfter: 'pending_review', detail: expect.objectContaining({ reason: 'Periodic review 2026: confirm address and source of funds' }) as unknown });
    expect(started.history.map((e) => e.kind)).toContain('approved');
    expect(started.gate).toMatchObject({ withdrawalsAllowed: true, detail: expect.stringMatching(/periodic review in progress/) as unknown });
    const queue = await ok(core, 'kyc.customers.list', { status: ['pending_review'], search: 'C-125' }, who.anna);
    expect(queue.total).toBe(1);
    const again = await call(core, 'kyc.customers.reverify', { customerId: 'C-125', reason: 'Second try at the same review' }, who.anna);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const approved = await ok(core, 'kyc.customers.approve', { customerId: 'C-125', note: 'Periodic review done' }, who.anna);
    expect(approved.customer.status).toBe('approved');
    expect(approved.customer.nextReviewAt! > before.customer.nextReviewAt!).toBe(true);
  });
});
