/**
 * A customer withdrawal the way it really travels: the online node sends the request (and market
 * prices) in a signed bundle; the console opens it, a quorum approves it with their own tokens, the
 * HSM signs; the signed transaction leaves in the next outbound bundle, which the node verifies and
 * reads; the node's broadcast receipt, in its next bundle, settles the withdrawal and its hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from '@bitcoinerlab/secp256k1';
import { ok, removeDataDir } from '../helpers/dev-data';
import { staffedConsole } from '../helpers/operators';
import { onboard } from '../helpers/kyc';
import { makeNode, NO_SECRETS, pinNode } from '../helpers/online-node';
import { jsonItem, type OutgoingItem } from '../../src-main/bundles/bundle.writer';
import { fakePrevTx } from '../../src-main/chains/bitcoin/bitcoin.testkit';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { OnlineNode } from '../../src-main/online-node/online-node';

bitcoin.initEccLib(ecc);
const DESTINATION = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';

describe('a withdrawal through bundles, quorum and HSM', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let node: OnlineNode;
  const who: Record<string, CallerContext> = {};
  const pins: Record<string, string> = {};

  const send = async (items: readonly OutgoingItem[]) => {
    const made = await node.createBundle(items, work, NO_SECRETS);
    const preview = await ok(core, 'bundles.preview', { source: { path: made.path } }, who.carl);
    if (!preview.bundle) throw new Error(`refused: ${preview.refusal?.message}`);
    return ok(core, 'bundles.import', { source: { path: made.path }, expectedBundleHash: preview.bundle.bundleHash }, who.carl);
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vl-custody-bundles-'));
    const staffed = await staffedConsole('Custody bundles', [
      ['carl', ['custody_officer'], true],
      ['cora', ['custody_officer'], false],
      ['cole', ['custody_officer'], false],
      ['mia', ['compliance_officer'], false],
    ]);
    ({ dir, core } = staffed);
    Object.assign(who, staffed.who);
    Object.assign(pins, staffed.pins);
    const admin = staffed.admin;
    node = await makeNode(core, who.carl!, join(work, 'node'));
    await pinNode(core, admin, node);
    // The KYC gate: C-9's withdrawals need an approved KYC file.
    await onboard(core, who.mia!, 'C-9');
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('takes a request from the node to a signed transaction the node reads, and settles on its receipt', async () => {
    const { wallet } = await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'hot' }, who.carl);
    const deposit = (await ok(core, 'custody.addresses.new', { walletId: wallet.id, count: 1, customerId: 'C-9' }, who.carl)).addresses[0]!.address;
    const prev = fakePrevTx([{ amount: 100_000_000n, script: bitcoin.address.toOutputScript(deposit, bitcoin.networks.bitcoin) }], 'c9-funding');
    const prevTxid = bitcoin.Transaction.fromBuffer(Buffer.from(prev)).getId();
    await ok(core, 'custody.utxos.import', { utxos: [{ txid: prevTxid, vout: 0, address: deposit, amount: '1', prevTxHex: Buffer.from(prev).toString('hex') }] }, who.carl);

    const imported = await send([
      jsonItem('prices-1', 'market-prices', { asOf: new Date().toISOString(), source: 'node feed', quote: 'USD', prices: [{ assetId: 'BTC', price: '60000' }] }),
      jsonItem('dep-1', 'chain-event', { kind: 'deposit', assetId: 'BTC', txid: prevTxid, outputIndex: 0, address: deposit, customerId: 'C-9', amount: '1', confirmations: 6, finalized: false }),
      jsonItem('wreq-1', 'withdrawal-request', { requestId: 'REQ-1', customerId: 'C-9', assetId: 'BTC', amount: '0.3', destination: DESTINATION, feeCap: '0.0003', requestedAt: new Date().toISOString() }),
    ]);
    expect(imported).toMatchObject({ applied: 3, deferred: 0 });
    const [w] = (await ok(core, 'custody.withdrawals.list', { states: ['pending_approval'] }, who.carl)).withdrawals;
    expect(w).toMatchObject({ source: 'bundle', requestRef: 'REQ-1', customerId: 'C-9', usdCents: '1800000', ruleName: '10 000 to 1 000 000 USD', initiator: null });

    for (const name of ['cora', 'cole', 'mia']) await ok(core, 'custody.withdrawals.approve', { id: w!.id, tokenPin: pins[name]! }, who[name]);
    const signed = await ok(core, 'custody.withdrawals.sign', { id: w!.id }, who.carl);

    const outbox = await ok(core, 'bundles.outbox', {}, who.carl);
    expect(outbox.items.map((i) => i.type)).toEqual(expect.arrayContaining(['signed-transaction', 'address-pool']));
    const exported = await ok(core, 'bundles.export', { folder: work }, who.carl);
    const read = await node.read({ kind: 'file', path: exported.savedTo!.path });
    expect(read.accepted).toBe(true);
    const item = read.items.find((i) => (i.payload as { withdrawalId?: string }).withdrawalId === w!.id)?.payload as { rawTransaction: string; txid: string };
    expect(item.rawTransaction).toBe(signed.signedTx);
    expect(bitcoin.Transaction.fromHex(item.rawTransaction).getId()).toBe(signed.txid);
    const pools = read.items.filter((i) => i.line.type === 'address-pool').flatMap((i) => (i.payload as { addresses: { address: string }[] }).addresses.map((a) => a.address));
    expect(pools).toContain(deposit);

    const fee = '0.00005';
    await send([jsonItem('rcpt-1', 'broadcast-receipt', { withdrawalId: w!.id, txid: signed.txid, amount: '0.3', networkFee: fee, feePaidBy: 'customer', broadcastAt: new Date().toISOString() })]);
    expect((await ok(core, 'custody.withdrawals.get', { id: w!.id }, who.carl)).withdrawal).toMatchObject({ state: 'settled', networkFee: '5000' });
    const account = (await ok(core, 'ledger.accounts.list', { kind: 'customer', customerId: 'C-9' }, who.carl)).accounts[0]!;
    expect(account).toMatchObject({ held: '0', total: (100_000_000n - 30_000_000n - 5_000n).toString() });
  });
});
