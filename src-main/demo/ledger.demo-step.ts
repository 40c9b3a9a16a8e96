/**
 * Demo ledger: 90 days of a small custodian's book across BTC and ETH, made through the bus as the
 * custody officers. Hundreds of customers, thousands of entries: deposits (some still pending at
 * the end), withdrawals held and settled (a few released), trades with an OTC desk, monthly custody
 * fees, weekly hot → cold sweeps, one reorg, and weekly reconciliations (one adjusted with four
 * eyes; the last weeks show a difference still open). Deterministic: the same seed gives the same book.
 */
import { createHash } from 'node:crypto';
import { formatAmount } from '../../src-shared/money';
import type { DemoContext, DemoInvoke, DemoStep } from './demo-step';

export const DEMO_CUSTOMERS = 300;
const DAYS = 90;
const STEP_DAYS = 3;
const DECIMALS = { BTC: 8, ETH: 18 } as const;
type Asset = keyof typeof DECIMALS;

/** mulberry32: a small, well-known deterministic PRNG (not for secrets). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const demoCustomerId = (i: number): string => `C-${String(i + 1).padStart(4, '0')}`;

const hex64 = (label: string): string => createHash('sha256').update(label).digest('hex');
const btcAddress = (i: number): string => `bc1q${hex64(`addr-${i}`).slice(0, 38).replace(/[^02-9ac-hj-np-z]/g, 'q')}`;
const ethAddress = (i: number): string => `0x${hex64(`eth-${i}`).slice(0, 40)}`;
const text = (asset: Asset, minor: bigint): string => formatAmount(minor, DECIMALS[asset]);

class Book {
  readonly balances = new Map<string, bigint>();
  get(customer: string, asset: Asset): bigint {
    return this.balances.get(`${customer}/${asset}`) ?? 0n;
  }
  add(customer: string, asset: Asset, delta: bigint): void {
    this.balances.set(`${customer}/${asset}`, this.get(customer, asset) + delta);
  }
}

export const ledgerDemoStep: DemoStep = {
  name: 'ledger',
  async run(ctx: DemoContext) {
    const random = prng(20261125);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const customers = Array.from({ length: DEMO_CUSTOMERS }, (_, i) => demoCustomerId(i));
    const book = new Book();
    const start = ctx.now();
    let serial = 0;
    const next = (): number => ++serial;

    // Deposit sizes: many small, a few large (log-uniform between the bounds).
    const size = (asset: Asset): bigint => {
      const [lo, hi] = asset === 'BTC' ? [0.001, 5] : [0.01, 60];
      const value = lo * (hi / lo) ** random();
      const minor = BigInt(Math.round(value * 1e8)) * (asset === 'ETH' ? 10n ** 10n : 1n);
      return minor > 0n ? minor : 1n;
    };

    for (let day = 0; day < DAYS; day += STEP_DAYS) {
      const morning = new Date(start.getTime() + day * 86_400_000);
      ctx.at(morning);
      const carla = await ctx.as('carla.custody');
      const first = day === 0;

      // Deposits: every customer funds an account in the first days, then a steady flow.
      const depositors = first ? customers : Array.from({ length: 24 }, () => pick(customers));
      for (const customer of depositors) {
        const asset: Asset = random() < 0.6 ? 'BTC' : 'ETH';
        const n = next();
        const amount = size(asset);
        const pendingAtEnd = day >= DAYS - STEP_DAYS && random() < 0.3;
        await deposit(carla, asset, n, customer, amount, !pendingAtEnd);
        if (!pendingAtEnd) book.add(customer, asset, amount);
      }

      ctx.at(new Date(morning.getTime() + 2 * 3600_000));
      // Withdrawals: hold, then settle on the receipt (a few are rejected and released).
      for (let w = 0; w < (first ? 0 : 9); w++) {
        const customer = pick(customers);
        const asset: Asset = random() < 0.6 ? 'BTC' : 'ETH';
        const available = book.get(customer, asset);
        const fee = asset === 'BTC' ? 2_000n + BigInt(Math.floor(random() * 8_000)) : 21_000n * (10n ** 9n) * BigInt(5 + Math.floor(random() * 20));
        const cap = fee * 2n;
        if (available < cap * 10n) continue;
        const amount = (available * BigInt(5 + Math.floor(random() * 40))) / 100n;
        const id = `W-${String(next()).padStart(6, '0')}`;
        await carla('ledger.holds.place', { withdrawalId: id, customerId: customer, assetId: asset, amount: text(asset, amount), feeCap: text(asset, cap), expiresAt: new Date(ctx.now().getTime() + 86_400_000).toISOString() });
        if (random() < 0.08) {
          await carla('ledger.holds.release', { withdrawalId: id, reason: 'Rejected by the approvers: destination not on the allow-list' });
          continue;
        }
        await carla('ledger.holds.settle', { withdrawalId: id, txid: hex64(`wd-${id}`), amount: text(asset, amount), networkFee: text(asset, fee), feePaidBy: 'customer' });
        book.add(customer, asset, -(amount + fee));
      }

      // Trades with the OTC desk: customers swap BTC for ETH and back, within what they hold.
      const settlements = [];
      for (let t = 0; t < (first ? 0 : 30); t++) {
        const customer = pick(customers);
        const sell: Asset = random() < 0.5 ? 'BTC' : 'ETH';
        const buy: Asset = sell === 'BTC' ? 'ETH' : 'BTC';
        const have = book.get(customer, sell);
        if (have === 0n) continue;
        const give = (have * BigInt(10 + Math.floor(random() * 30))) / 100n;
        if (give === 0n) continue;
        // About 18 ETH per BTC in this demo's market.
        const get = sell === 'BTC' ? (give * 18n * 10n ** 10n * 98n) / 100n : (give * 98n) / (18n * 10n ** 10n * 100n);
        if (get === 0n) continue;
        const tradeId = `T-${String(next()).padStart(6, '0')}`;
        settlements.push({
          idempotencyKey: `otc:${tradeId}`,
          tradeId,
          customerId: customer,
          counterparty: 'OTC-DESK',
          legs: [
            { assetId: sell, side: 'deliver' as const, amount: text(sell, give) },
            { assetId: buy, side: 'receive' as const, amount: text(buy, get) },
          ],
        });
        book.add(customer, sell, -give);
        book.add(customer, buy, get);
      }
      if (settlements.length > 0) await carla('ledger.trades.import', { settlements });

      // Monthly custody fee: 0.5 bp of BTC holdings, at least one satoshi.
      if (day > 0 && day % 30 === 0) {
        for (const customer of customers) {
          const held = book.get(customer, 'BTC');
          const fee = held / 20_000n;
          if (fee === 0n) continue;
          await carla('ledger.fees.post', { customerId: customer, assetId: 'BTC', amount: text('BTC', fee), description: `Custody fee, month ${day / 30}`, idempotencyKey: `custody-fee:${day / 30}:${customer}` });
          book.add(customer, 'BTC', -fee);
        }
      }

      ctx.at(new Date(morning.getTime() + 4 * 3600_000));
      // Weekly: sweep part of the hot wallet to cold storage, then reconcile the hot wallet.
      if (day % 6 === 3) {
        for (const asset of ['BTC', 'ETH'] as const) {
          const hot = BigInt((await carla('ledger.accounts.list', { kind: 'wallet_hot', assetId: asset })).accounts[0]?.total ?? '0');
          const fee = asset === 'BTC' ? 5_000n : 21_000n * 10n ** 10n;
          const sweep = (hot * 40n) / 100n;
          if (sweep > fee) await carla('ledger.transfers.internal', { assetId: asset, from: 'wallet_hot', to: 'wallet_cold', amount: text(asset, sweep - fee), networkFee: text(asset, fee), txid: hex64(`sweep-${asset}-${day}`), idempotencyKey: `sweep:${asset}:${day}` });
        }
        await settleWithDesk(carla, day);
        await reconcile(ctx, carla, day);
      }
    }

    // One reorg: a credited deposit dropped from the chain, reversed by a linked entry.
    ctx.at(new Date(start.getTime() + (DAYS - 1) * 86_400_000));
    const carla = await ctx.as('carla.custody');
    const victim = demoCustomerId(7);
    const amount = 1_500_000n;
    await deposit(carla, 'BTC', 999_001, victim, amount, true);
    await carla('ledger.deposits.reorg', { assetId: 'BTC', txid: hex64('dep-999001'), outputIndex: 0, reason: 'Block orphaned by a two-block reorganisation' });
    ctx.progress(`  ${DEMO_CUSTOMERS} customers, ${serial} operations over ${DAYS} days`);
  },
};

/** The OTC desk settles on chain weekly: whatever it owes arrives, whatever we owe leaves the hot wallet. */
async function settleWithDesk(carla: DemoInvoke, day: number): Promise<void> {
  for (const asset of ['BTC', 'ETH'] as const) {
    const desk = (await carla('ledger.accounts.list', { kind: 'counterparty', assetId: asset })).accounts[0];
    if (!desk) continue;
    const owedToUs = -BigInt(desk.total);
    if (owedToUs === 0n) continue;
    const hot = BigInt((await carla('ledger.accounts.list', { kind: 'wallet_hot', assetId: asset })).accounts[0]?.total ?? '0');
    const fee = asset === 'BTC' ? 3_000n : 21_000n * 10n ** 10n;
    if (owedToUs < 0n && hot < -owedToUs + fee) continue;
    await carla('ledger.transfers.counterparty', {
      counterparty: 'OTC-DESK',
      assetId: asset,
      direction: owedToUs > 0n ? 'receive' : 'deliver',
      amount: text(asset, owedToUs > 0n ? owedToUs : -owedToUs),
      networkFee: owedToUs > 0n ? '0' : text(asset, fee),
      txid: asset === 'ETH' ? `0x${hex64(`otc-${asset}-${day}`)}` : hex64(`otc-${asset}-${day}`),
      idempotencyKey: `otc-settlement:${asset}:${day}`,
    });
  }
}

async function deposit(carla: DemoInvoke, asset: Asset, n: number, customer: string, amount: bigint, confirmed: boolean): Promise<void> {
  const base = { assetId: asset, txid: asset === 'ETH' ? `0x${hex64(`dep-${n}`)}` : hex64(`dep-${n}`), outputIndex: 0, address: asset === 'BTC' ? btcAddress(n) : ethAddress(n), customerId: customer, amount: text(asset, amount) };
  await carla('ledger.deposits.record', { ...base, confirmations: 1, finalized: false });
  if (confirmed) await carla('ledger.deposits.record', { ...base, confirmations: asset === 'BTC' ? 6 : 70, finalized: asset === 'ETH' });
}

/** Reconcile the hot wallets. Week 4 finds a dust difference (adjusted with four eyes); the last weeks find one still open. */
async function reconcile(ctx: DemoContext, carla: DemoInvoke, day: number): Promise<void> {
  for (const asset of ['BTC', 'ETH'] as const) {
    const hot = BigInt((await carla('ledger.accounts.list', { kind: 'wallet_hot', assetId: asset })).accounts[0]?.total ?? '0');
    const drift = asset === 'BTC' && day === 21 ? -1_200n : asset === 'BTC' && day >= DAYS - 9 ? -45_000n : 0n;
    const chain = hot + drift < 0n ? 0n : hot + drift;
    const result = await carla('reconciliation.snapshots.import', {
      snapshotId: `snap-${asset}-${day}`,
      assetId: asset,
      wallet: 'wallet_hot',
      chainBalance: text(asset, chain),
      asOf: ctx.now().toISOString(),
      blockHeight: asset === 'BTC' ? 870_000 + day * 144 : 21_000_000 + day * 7200,
      source: 'online-node',
    });
    if (result.exceptionId && day === 21) {
      const proposed = await carla('reconciliation.adjustments.propose', { exceptionId: result.exceptionId, amount: text('BTC', 0n - 1_200n).replace(/^(?!-)/, '-'), note: 'Sweep fee was 1200 sat higher than estimated; see the node export' });
      const cole = await ctx.as('cole.custody');
      await cole('reconciliation.adjustments.approve', { adjustmentId: proposed.adjustment.id, note: 'Checked against the transaction on the node' });
    }
  }
}
