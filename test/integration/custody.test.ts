/**
 * Custody end to end on a real SoftHSM2 token and encrypted database: wallets with keys made in
 * the HSM, withdrawals through pre-checks, the quorum policy and signed approvals, HSM signatures —
 * then each signed transaction is checked by an independent library (bitcoinjs-lib, ethers): the
 * signatures verify and the sender is the wallet. Every attack in issue 7 is refused and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from '@bitcoinerlab/secp256k1';
import { Transaction as EthTransaction, getAddress } from 'ethers';
import { call, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { staffedConsole } from '../helpers/operators';
import { individual, onboard } from '../helpers/kyc';
import { ManualClock } from '../../src-main/platform/clock';
import { fakePrevTx } from '../../src-main/chains/bitcoin/bitcoin.testkit';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

bitcoin.initEccLib(ecc);
const tx = (n: number): string => n.toString(16).padStart(64, '0');
const SANCTIONED_BTC = '12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h';
const OUTSIDE_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const OUTSIDE_ETH = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

describe('custody: wallets, quorum approvals, HSM signing', () => {
  let dir: string;
  let core: Core;
  let clock: ManualClock;
  const who: Record<string, CallerContext> = {};
  const pins: Record<string, string> = {};
  let btcWallet: string;
  let ethWallet: string;
  let ethAccount: string;
  let btcDeposit: string;

  const as = (name: string) => who[name]!;
  const relogin = async () => {
    for (const name of Object.keys(pins)) who[name] = await unlockAndLogin(core, { username: name, passphrase: `${name} test passphrase`, tokenPin: pins[name]! });
  };
  /** Market prices as of the test clock's now (a valuation refuses prices over an hour old). */
  const freshPrices = async (btc = '60000', eth = '3000') => {
    await ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: btc, asOf: clock.now().toISOString(), source: 'test feed' }, as('carl'));
    await ok(core, 'custody.prices.set', { assetId: 'ETH', usdPerUnit: eth, asOf: clock.now().toISOString(), source: 'test feed' }, as('carl'));
  };
  const approve = (id: string, name: string, pin = pins[name]!) => call(core, 'custody.withdrawals.approve', { id, tokenPin: pin }, as(name));
  const lastAudit = async () => (await ok(core, 'audit.list', { limit: 1 }, as('aud'))).entries[0]!;

  beforeAll(async () => {
    clock = new ManualClock('2026-04-01T09:00:00.000Z');
    const staffed = await staffedConsole('Custody test', [
      ['carl', ['custody_officer'], true],
      ['cora', ['custody_officer'], false],
      ['cole', ['custody_officer'], false],
      ['ivan', ['custody_officer'], false],
      ['mia', ['compliance_officer'], false],
      ['aud', ['auditor'], false],
    ], { clock });
    ({ dir, core } = staffed);
    who.admin = staffed.admin;
    Object.assign(who, staffed.who);
    Object.assign(pins, staffed.pins);
    await freshPrices();
    const btc = await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'BTC hot' }, as('carl'));
    const eth = await ok(core, 'custody.wallets.create', { assetId: 'ETH', role: 'hot', scheme: 'bip32', label: 'ETH hot' }, as('carl'));
    btcWallet = btc.wallet.id;
    ethWallet = eth.wallet.id;
    ethAccount = eth.changeAddress;
    btcDeposit = (await ok(core, 'custody.addresses.new', { walletId: btcWallet, count: 1, customerId: 'C-1' }, as('carl'))).addresses[0]!.address;
    // Customer C-1 holds 2 BTC and 50 ETH on the ledger; the wallets hold the coins on chain.
    await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(1), outputIndex: 0, address: btcDeposit, customerId: 'C-1', amount: '2', confirmations: 6 }, as('carl'));
    await ok(core, 'ledger.deposits.record', { assetId: 'ETH', txid: `0x${tx(2)}`, outputIndex: 0, address: ethAccount, customerId: 'C-1', amount: '50', confirmations: 70, finalized: true }, as('carl'));
    const prev = fakePrevTx([{ amount: 200_000_000n, script: bitcoin.address.toOutputScript(btcDeposit, bitcoin.networks.bitcoin) }], 'funding-1');
    const prevTxid = bitcoin.Transaction.fromBuffer(Buffer.from(prev)).getId();
    await ok(core, 'custody.utxos.import', { utxos: [{ txid: prevTxid, vout: 0, address: btcDeposit, amount: '2', prevTxHex: Buffer.from(prev).toString('hex') }] }, as('carl'));
    await ok(core, 'custody.nonces.set', { address: ethAccount, nextNonce: 7 }, as('carl'));
    // Withdrawals need an approved KYC file (the KYC gate): C-1 is onboarded, and so is C-404, who holds nothing.
    await onboard(core, as('mia'), 'C-1');
    await onboard(core, as('mia'), 'C-404', individual({ legalName: 'Ola Nordmann', nationality: 'NO', residence: 'NO', address: { line: 'Storgata 1', city: 'Oslo', country: 'NO' } }));
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
  });

  it('keeps custody keys in the HSM: the inventory shows public parts only', async () => {
    const { keys } = await ok(core, 'custody.keys.inventory', {}, as('aud'));
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const k of keys) expect(Object.keys(k).sort()).toEqual(['address', 'fingerprint', 'publicKey', 'reference', 'scheme', 'walletId']);
    const btc = keys.find((k) => k.walletId === btcWallet)!;
    expect(btc.reference).toMatch(/^HSM key [0-9a-f]{16}$/);
    expect(keys.find((k) => k.walletId === ethWallet)!.reference).toMatch(/^m\/44'\/60'\/0'\/0\/0$/);
  });

  it('signs a small BTC withdrawal after one custody approval, and bitcoinjs-lib verifies it independently', async () => {
    const { withdrawal } = await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.1', destination: OUTSIDE_BTC, feeCap: '0.0002', customerId: 'C-1' }, as('ivan'));
    expect(withdrawal).toMatchObject({ state: 'pending_approval', usdCents: '600000', ruleName: 'below 10 000 USD' });
    expect(await call(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const approved = await approve(withdrawal.id, 'cora');
    expect(approved).toMatchObject({ ok: true, value: { quorumComplete: true, withdrawal: { state: 'approved' } } });
    const signed = await ok(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'));
    const again = await ok(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'));
    expect(again.signedTx).toBe(signed.signedTx);

    const parsed = bitcoin.Transaction.fromHex(signed.signedTx);
    expect(parsed.getId()).toBe(signed.txid);
    const dest = parsed.outs.find((o) => Buffer.from(o.script).equals(bitcoin.address.toOutputScript(OUTSIDE_BTC, bitcoin.networks.bitcoin)));
    expect(dest?.value).toBe(10_000_000n);
    const ours = Buffer.from(bitcoin.address.toOutputScript(btcDeposit, bitcoin.networks.bitcoin));
    parsed.ins.forEach((input, i) => {
      const [der, pub] = input.witness as Buffer[];
      const payment = bitcoin.payments.p2wpkh({ pubkey: Buffer.from(pub!) });
      expect(Buffer.from(payment.output!).equals(ours)).toBe(true);
      const scriptCode = bitcoin.payments.p2pkh({ hash: payment.hash }).output!;
      const hash = parsed.hashForWitnessV0(i, scriptCode, 200_000_000n, bitcoin.Transaction.SIGHASH_ALL);
      const sig = bitcoin.script.signature.decode(Buffer.from(der!));
      expect(ecc.verify(hash, pub!, sig.signature, true)).toBe(true);
    });
    const fee = 200_000_000n - parsed.outs.reduce((n, o) => n + BigInt(o.value), 0n);
    expect(fee).toBeLessThanOrEqual(20_000n);
    expect((await ok(core, 'custody.withdrawals.get', { id: withdrawal.id }, as('aud'))).withdrawal).toMatchObject({ state: 'signed', txid: signed.txid });
    // The broadcast receipt settles the hold: amount plus the actual fee leave the customer's balance.
    await ok(core, 'custody.withdrawals.receipt', { id: withdrawal.id, txid: signed.txid, networkFee: (Number(fee) / 1e8).toFixed(8) }, as('carl'));
    const cust = (await ok(core, 'ledger.accounts.list', { kind: 'customer', assetId: 'BTC', customerId: 'C-1' }, as('aud'))).accounts[0]!;
    expect(cust).toMatchObject({ held: '0', total: (200_000_000n - 10_000_000n - fee).toString() });
  });

  it('needs two custody officers and a compliance officer above 10 000 USD, and ethers verifies the ETH transaction', async () => {
    const { withdrawal } = await ok(core, 'custody.withdrawals.create', { assetId: 'ETH', amount: '10', destination: OUTSIDE_ETH, feeCap: '0.01', customerId: 'C-1' }, as('ivan'));
    expect(withdrawal).toMatchObject({ state: 'pending_approval', ruleName: '10 000 to 1 000 000 USD' });
    expect(await approve(withdrawal.id, 'cora')).toMatchObject({ ok: true, value: { quorumComplete: false } });
    expect(await approve(withdrawal.id, 'cole')).toMatchObject({ ok: true, value: { quorumComplete: false } });
    const detail = await ok(core, 'custody.withdrawals.get', { id: withdrawal.id }, as('aud'));
    expect(detail.missing).toEqual([{ role: 'compliance_officer', count: 1, senior: 0 }]);
    expect(await approve(withdrawal.id, 'carl')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await approve(withdrawal.id, 'mia')).toMatchObject({ ok: true, value: { quorumComplete: true } });
    const signed = await ok(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'));
    const parsed = EthTransaction.from(signed.signedTx.startsWith('0x') ? signed.signedTx : `0x${signed.signedTx}`);
    expect(parsed.from).toBe(getAddress(ethAccount));
    expect(parsed.to).toBe(getAddress(OUTSIDE_ETH));
    expect(parsed.value).toBe(10n * 10n ** 18n);
    expect(parsed.chainId).toBe(1n);
    expect(parsed.nonce).toBe(7);
    expect(parsed.gasLimit * parsed.maxFeePerGas!).toBeLessThanOrEqual(10n ** 16n);
    expect(parsed.hash).toBe(signed.txid);
  });

  it('refuses self-approval, a second approval by the same person, a role without approval rights and a wrong PIN', async () => {
    const { withdrawal } = await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.2', destination: OUTSIDE_BTC, feeCap: '0.0002', walletRole: 'hot' }, as('ivan'));
    expect(await approve(withdrawal.id, 'ivan')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'The initiator of a withdrawal cannot approve it.' } });
    expect(await lastAudit()).toMatchObject({ command: 'custody.withdrawals.approve', outcome: 'refused', errorCode: 'FORBIDDEN', operatorUsername: 'ivan' });
    expect(await approve(withdrawal.id, 'cora', 'not-the-pin')).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    expect(await call(core, 'custody.withdrawals.approve', { id: withdrawal.id, tokenPin: pins.aud! }, as('aud'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // 0.2 BTC is 12 000 USD: two custody officers and one compliance officer.
    expect(await approve(withdrawal.id, 'cora')).toMatchObject({ ok: true, value: { quorumComplete: false } });
    expect(await approve(withdrawal.id, 'cora')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call(core, 'custody.withdrawals.reject', { id: withdrawal.id, reason: 'treasury move no longer needed' }, as('mia'))).toMatchObject({ ok: true, value: { withdrawal: { state: 'rejected' } } });
  });

  it('blocks a sanctioned destination, a testnet address on mainnet, a halted asset and a customer without funds', async () => {
    const create = (destination: string, amount = '0.01', customerId?: string) =>
      ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount, destination, feeCap: '0.0002', ...(customerId ? { customerId } : {}) }, as('ivan'));
    const sanctioned = (await create(SANCTIONED_BTC)).withdrawal;
    expect(sanctioned.state).toBe('blocked');
    expect(sanctioned.rejectionReason).toMatch(/OFAC/);
    const testnet = (await create('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).withdrawal;
    expect(testnet).toMatchObject({ state: 'blocked' });
    expect(testnet.rejectionReason).toMatch(/destination/);
    expect((await create(OUTSIDE_BTC, '0.5', 'C-404')).withdrawal.rejectionReason).toMatch(/ledger hold/);
    expect((await create(OUTSIDE_BTC, '1', 'C-1')).withdrawal.rejectionReason).toMatch(/velocity and exposure limits: customer C-1 would exceed 50000.00 USD/);
    await ok(core, 'custody.breaker.set', { scope: 'BTC', halted: true, reason: 'suspicious outflows under review' }, as('mia'));
    expect((await create(OUTSIDE_BTC)).withdrawal.rejectionReason).toMatch(/halted: suspicious outflows/);
    await ok(core, 'custody.breaker.set', { scope: 'BTC', halted: false, reason: 'review finished, no issue found' }, as('mia'));
    expect((await create(OUTSIDE_BTC)).withdrawal.state).toBe('pending_approval');
  });

  it('does not count an expired approval, nor one whose operator record was changed behind the console’s back', async () => {
    const { withdrawal } = await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.01', destination: OUTSIDE_BTC, feeCap: '0.0002' }, as('ivan'));
    await approve(withdrawal.id, 'cole');
    clock.advance(25 * 3600_000);
    await relogin();
    await freshPrices();
    const expired = await call(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'));
    expect(expired).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!expired.ok) expect(expired.error.message).toContain('the approval has expired');

    const fresh = (await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.01', destination: OUTSIDE_BTC, feeCap: '0.0002' }, as('ivan'))).withdrawal;
    await approve(fresh.id, 'cole');
    // Someone with database access makes an auditor a custody officer: the certificate no longer matches.
    const sqlite = core.console.requireDb().sqlite;
    const cole = sqlite.prepare("SELECT id FROM operators WHERE username = 'cole'").get() as { id: string };
    sqlite.prepare("UPDATE operators SET senior = 1 WHERE id = ?").run(cole.id);
    const refused = await call(core, 'custody.withdrawals.sign', { id: fresh.id }, as('carl'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!refused.ok) expect(refused.error.message).toContain('no valid operator certificate');
    sqlite.prepare("UPDATE operators SET senior = 0 WHERE id = ?").run(cole.id);
  });

  it('refuses a forged or altered approval signature', async () => {
    const { withdrawal } = await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.01', destination: OUTSIDE_BTC, feeCap: '0.0002' }, as('ivan'));
    await approve(withdrawal.id, 'cole');
    const sqlite = core.console.requireDb().sqlite;
    sqlite.exec('DROP TRIGGER withdrawal_approvals_no_update');
    // Altered: the destination in the signed payload rewritten to the attacker's.
    sqlite.prepare("UPDATE withdrawal_approvals SET payload = replace(payload, ?, ?) WHERE withdrawal_id = ?").run(OUTSIDE_BTC, SANCTIONED_BTC, withdrawal.id);
    sqlite.prepare("UPDATE withdrawals SET state = 'approved' WHERE id = ?").run(withdrawal.id);
    const altered = await call(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'));
    expect(altered).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Forged: a well-formed payload with a signature that is not the approver's.
    const row = sqlite.prepare('SELECT payload, signature FROM withdrawal_approvals WHERE withdrawal_id = ?').get(withdrawal.id) as { payload: string; signature: string };
    sqlite.prepare('UPDATE withdrawal_approvals SET payload = replace(payload, ?, ?), signature = ? WHERE withdrawal_id = ?').run(SANCTIONED_BTC, OUTSIDE_BTC, `${row.signature.slice(0, -4)}0000`, withdrawal.id);
    const forged = await call(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'));
    expect(forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!forged.ok) expect(forged.error.message).toContain('signature does not verify');
    expect((await ok(core, 'custody.withdrawals.get', { id: withdrawal.id }, as('aud'))).signedTx).toBeNull();
  });

  it('signs nothing when the audit entry for the signature cannot be written', async () => {
    const { withdrawal } = await ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.01', destination: OUTSIDE_BTC, feeCap: '0.0002' }, as('ivan'));
    await approve(withdrawal.id, 'cole');
    const sqlite = core.console.requireDb().sqlite;
    sqlite.exec(`CREATE TRIGGER block_sign_intent BEFORE INSERT ON audit_log WHEN NEW.command = 'custody.sign.intent' BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END`);
    const result = await call(core, 'custody.withdrawals.sign', { id: withdrawal.id }, as('carl'));
    sqlite.exec('DROP TRIGGER block_sign_intent');
    expect(result.ok).toBe(false);
    const after = await ok(core, 'custody.withdrawals.get', { id: withdrawal.id }, as('aud'));
    expect(after).toMatchObject({ signedTx: null, withdrawal: { state: 'approved', txid: null } });
  });

  it('changes the policy only through the quorum the current policy names', async () => {
    const current = await ok(core, 'custody.policy.get', {}, as('carl'));
    const next = { ...current.document, version: current.version + 1, rules: [{ name: 'everything', when: {}, require: [{ role: 'custody_officer', count: 1 }] }] };
    const { policy } = await ok(core, 'custody.policy.propose', { document: next }, as('cora'));
    expect(await call(core, 'custody.policy.approve', { version: policy.version, tokenPin: pins.cora! }, as('cora'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ok(core, 'custody.policy.approve', { version: policy.version, tokenPin: pins.cole! }, as('cole'))).toMatchObject({ activated: false });
    expect((await ok(core, 'custody.policy.get', {}, as('carl'))).version).toBe(current.version);
    // A direct database edit to activate it is not trusted: no HSM activation signature.
    const sqlite = core.console.requireDb().sqlite;
    sqlite.prepare("UPDATE quorum_policies SET status = 'superseded' WHERE version = ?").run(current.version);
    sqlite.prepare("UPDATE quorum_policies SET status = 'active', activated_at = ? WHERE version = ?").run(clock.now().toISOString(), policy.version);
    expect(await call(core, 'custody.policy.get', {}, as('carl'))).toMatchObject({ ok: false, error: { code: 'INTEGRITY_FAILURE' } });
    sqlite.prepare("UPDATE quorum_policies SET status = 'proposed', activated_at = NULL WHERE version = ?").run(policy.version);
    sqlite.prepare("UPDATE quorum_policies SET status = 'active' WHERE version = ?").run(current.version);
    expect(await ok(core, 'custody.policy.approve', { version: policy.version, tokenPin: pins.carl! }, as('carl'))).toMatchObject({ activated: false });
    expect(await ok(core, 'custody.policy.approve', { version: policy.version, tokenPin: pins.mia! }, as('mia'))).toMatchObject({ activated: true });
    expect((await ok(core, 'custody.policy.get', {}, as('carl'))).version).toBe(policy.version);
  });

  it('trips the circuit breaker on an anomaly: too many withdrawals in the window', async () => {
    for (let i = 0; i < 52; i++) await ok(core, 'custody.withdrawals.create', { assetId: 'ETH', amount: '0.001', destination: OUTSIDE_ETH, feeCap: '0.001' }, as('ivan'));
    const { breakers } = await ok(core, 'custody.breaker.list', {}, as('aud'));
    expect(breakers.find((b) => b.scope === 'ETH')).toMatchObject({ halted: true, changedBy: 'system' });
    expect((await ok(core, 'custody.withdrawals.create', { assetId: 'ETH', amount: '0.001', destination: OUTSIDE_ETH, feeCap: '0.001' }, as('ivan'))).withdrawal.state).toBe('blocked');
  });

  it('keeps the audit chain valid through all of it', async () => {
    expect((await ok(core, 'audit.verify', {}, as('aud'))).valid).toBe(true);
    const intents = await ok(core, 'audit.list', { command: 'custody.sign.intent', limit: 50 }, as('aud'));
    expect(intents.entries.length).toBe(2);
  });
});
