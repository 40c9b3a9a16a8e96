/**
 * Demo custody: wallets (a BTC hot wallet with one HSM key per address, a BTC cold wallet on an HD
 * seed made in the HSM, an ETH hot wallet on an HD seed), their coins as the online node would
 * report them, market prices, and withdrawals in every state: one BTC and one ETH withdrawal that
 * went through the full quorum (two custody officers and the MLRO) and were signed by the HSM,
 * one waiting for approvals, one blocked by sanctions screening, one rejected.
 */
import { createHash } from 'node:crypto';
import { OutScript, RawTx, Address, NETWORK } from '@scure/btc-signer';
import { formatAmount } from '../../src-shared/money';
import type { DemoContext, DemoInvoke, DemoStep } from './demo-step';

/** A plausible funding transaction paying `amount` sats to `address`, as the node would send it. */
function fundingTx(address: string, amount: bigint, salt: string): { txid: string; hex: string } {
  const raw = RawTx.encode({
    version: 2,
    segwitFlag: false,
    inputs: [{ txid: createHash('sha256').update(salt).digest(), index: 0, finalScriptSig: new Uint8Array([0x51]), sequence: 0xffff_ffff }],
    outputs: [{ amount, script: OutScript.encode(Address(NETWORK).decode(address)) }],
    witnesses: undefined,
    lockTime: 0,
  });
  const id = createHash('sha256').update(createHash('sha256').update(raw).digest()).digest().reverse();
  return { txid: Buffer.from(id).toString('hex'), hex: Buffer.from(raw).toString('hex') };
}

export const DEMO_DESTINATIONS = {
  btc: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
  eth: '0x71C7656EC7ab88b098defB751B7401B5f6d8976F',
  /** On the OFAC list (2025-11-19 issue): the withdrawal to it is blocked before any approval. */
  sanctionedBtc: '12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h',
} as const;

async function richest(carla: DemoInvoke, assetId: 'BTC' | 'ETH'): Promise<string> {
  const { accounts } = await carla('ledger.accounts.list', { kind: 'customer', assetId, limit: 1000 });
  return [...accounts].sort((a, b) => (BigInt(b.available) > BigInt(a.available) ? 1 : -1))[0]!.customerId!;
}

export const custodyDemoStep: DemoStep = {
  name: 'custody',
  async run(ctx: DemoContext) {
    const carla = await ctx.as('carla.custody');
    const now = ctx.now().toISOString();
    await carla('custody.prices.set', { assetId: 'BTC', usdPerUnit: '61250', asOf: now, source: 'online node price feed' });
    await carla('custody.prices.set', { assetId: 'ETH', usdPerUnit: '3120.5', asOf: now, source: 'online node price feed' });
    const btcHot = await carla('custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'BTC hot (HSM keys)' });
    await carla('custody.wallets.create', { assetId: 'BTC', role: 'cold', scheme: 'bip32', label: 'BTC cold (HD seed in HSM)' });
    const ethHot = await carla('custody.wallets.create', { assetId: 'ETH', role: 'hot', scheme: 'bip32', label: 'ETH hot (HD seed in HSM)' });
    const pool = await carla('custody.addresses.new', { walletId: btcHot.wallet.id, count: 5 });
    await carla('custody.addresses.new', { walletId: ethHot.wallet.id, count: 5 });
    // The node reports the hot wallets' coins: BTC outputs with their full previous transactions, the ETH account's nonce.
    const utxos = pool.addresses.slice(0, 3).map((a, i) => {
      const amount = 150_000_000n + BigInt(i) * 35_000_000n;
      const { txid, hex } = fundingTx(a.address, amount, `demo-funding-${i}`);
      return { txid, vout: 0, address: a.address, amount: formatAmount(amount, 8), prevTxHex: hex };
    });
    await carla('custody.utxos.import', { utxos });
    await carla('custody.nonces.set', { address: ethHot.changeAddress, nextNonce: 42 });

    // Two withdrawals through the full quorum, signed by the HSM.
    const cole = await ctx.as('cole.custody');
    const chen = await ctx.as('chen.custody');
    const maria = await ctx.as('maria.mlro');
    const pins = Object.fromEntries(ctx.credentials.operators.map((o) => [o.username, o.tokenPin]));
    const signed: string[] = [];
    for (const [assetId, amount, destination, feeCap] of [
      ['BTC', '0.45', DEMO_DESTINATIONS.btc, '0.0003'],
      ['ETH', '9.5', DEMO_DESTINATIONS.eth, '0.004'],
    ] as const) {
      const customerId = await richest(carla, assetId);
      const { withdrawal } = await carla('custody.withdrawals.create', { assetId, amount, destination, feeCap, customerId, requestRef: `demo-${assetId.toLowerCase()}-1` });
      await cole('custody.withdrawals.approve', { id: withdrawal.id, tokenPin: pins['cole.custody']! });
      await chen('custody.withdrawals.approve', { id: withdrawal.id, tokenPin: pins['chen.custody']! });
      await maria('custody.withdrawals.approve', { id: withdrawal.id, tokenPin: pins['maria.mlro']! });
      // Carla opened it, so another custody officer has the HSM sign (separation of duties).
      const result = await cole('custody.withdrawals.sign', { id: withdrawal.id });
      signed.push(`${assetId} ${result.txid}`);
    }
    // One waiting for approvals, one blocked by screening, one rejected.
    const waiting = await carla('custody.withdrawals.create', { assetId: 'BTC', amount: '0.25', destination: DEMO_DESTINATIONS.btc, feeCap: '0.0002', customerId: await richest(carla, 'BTC'), requestRef: 'demo-btc-2' });
    await cole('custody.withdrawals.approve', { id: waiting.withdrawal.id, tokenPin: pins['cole.custody']! });
    await carla('custody.withdrawals.create', { assetId: 'BTC', amount: '0.02', destination: DEMO_DESTINATIONS.sanctionedBtc, feeCap: '0.0002', customerId: await richest(carla, 'BTC'), requestRef: 'demo-btc-3' });
    const rejected = await carla('custody.withdrawals.create', { assetId: 'ETH', amount: '1.2', destination: DEMO_DESTINATIONS.eth, feeCap: '0.002', customerId: await richest(carla, 'ETH'), requestRef: 'demo-eth-2' });
    await maria('custody.withdrawals.reject', { id: rejected.withdrawal.id, reason: 'Customer could not confirm the destination on a call-back' });
    ctx.progress(`  wallets, coins and withdrawals; signed: ${signed.join(', ')}`);
  },
  /**
   * The latest prices, as of the real present: a valuation refuses prices over an hour old, and the
   * demo console is opened after the demo clock has caught up with today. (Set during `run` they would
   * be dated a day ahead of the demo clock, which the console refuses.)
   */
  async atPresent(ctx: DemoContext) {
    const carla = await ctx.as('carla.custody');
    const present = ctx.now().toISOString();
    await carla('custody.prices.set', { assetId: 'BTC', usdPerUnit: '61250', asOf: present, source: 'online node price feed' });
    await carla('custody.prices.set', { assetId: 'ETH', usdPerUnit: '3120.5', asOf: present, source: 'online node price feed' });
  },
};
