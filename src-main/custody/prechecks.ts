/**
 * Checks a withdrawal passes before approvals open. Each check is one object with a name; later
 * modules (transaction monitoring, Travel Rule, the KYC gate) add theirs to the same list. A
 * blocked withdrawal never reaches an approver.
 */
import { formatUsdCents } from '../../src-shared/money';
import type { ReadableDB, WritableDB } from '../db/database';
import type { AssetRow } from '../db/ledger.repository';
import { breakers, withdrawalsSince, type WalletRow } from '../db/custody.repository';
import type { ScreeningHit } from '../screening/address-screening';
import limitsJson from '../../resources/withdrawal-limits.json';

export interface WithdrawalDraft {
  readonly id: string;
  readonly customerId: string | null;
  readonly asset: AssetRow;
  readonly wallet: WalletRow;
  readonly amount: bigint;
  readonly feeCap: bigint;
  readonly destination: string;
  readonly usdCents: bigint;
  readonly now: Date;
}

export interface PrecheckOutcome {
  readonly name: string;
  readonly outcome: 'pass' | 'block';
  readonly detail: string;
}

export interface Precheck {
  readonly name: string;
  run(db: WritableDB, draft: WithdrawalDraft): PrecheckOutcome;
}

const pass = (name: string, detail: string): PrecheckOutcome => ({ name, outcome: 'pass', detail });
const block = (name: string, detail: string): PrecheckOutcome => ({ name, outcome: 'block', detail });

export const LIMITS = limitsJson as {
  perCustomerDailyUsdCents: number;
  perCustomerDailyCount: number;
  perAssetDailyUsdCents: Record<string, number>;
  perWalletDailyCount: number;
  maxPriceAgeMinutes: number;
  anomaly: { windowMinutes: number; maxCount: number; maxUsdCents: number };
};

export function destinationCheck(validate: (chain: string, network: string, address: string) => string | undefined): Precheck {
  return {
    name: 'destination',
    run(_db, d) {
      const problem = validate(d.asset.chain, d.asset.network, d.destination);
      return problem ? block(this.name, problem) : pass(this.name, `a valid ${d.asset.network} ${d.asset.chain} address`);
    },
  };
}

/**
 * Where the sanctions pre-check looks a destination up: the address lists in force (the KYC
 * module's active list versions, kyc/destination-screening.ts), not a list fixed at build time.
 */
export interface DestinationScreening {
  /** The listing of the address, and what was searched in words ("OFAC SDN list version 2025-11-19, 1 234 addresses"). */
  screen(db: ReadableDB, chain: string, address: string): { readonly hit: ScreeningHit | undefined; readonly searched: string };
}

export function sanctionsCheck(screening: DestinationScreening): Precheck {
  return {
    name: 'sanctions screening',
    run(db, d) {
      const { hit, searched } = screening.screen(db, d.asset.chain, d.destination);
      return hit ? block(this.name, `the destination is on the ${hit.list} (${hit.asset}, issue of ${hit.issued})`) : pass(this.name, `not on ${searched}`);
    },
  };
}

export const circuitBreakerCheck: Precheck = {
  name: 'circuit breaker',
  run(db, d) {
    const halted = breakers(db).find((b) => b.halted && (b.scope === '*' || b.scope === d.asset.id));
    return halted ? block(this.name, `withdrawals ${halted.scope === '*' ? 'of every asset' : `of ${halted.scope}`} are halted: ${halted.reason}`) : pass(this.name, 'withdrawals are running');
  },
};

export const limitsCheck: Precheck = {
  name: 'velocity and exposure limits',
  run(db, d) {
    const dayAgo = new Date(d.now.getTime() - 86_400_000).toISOString();
    const recent = withdrawalsSince(db, dayAgo);
    const usd = (rows: typeof recent) => rows.reduce((n, w) => n + BigInt(w.usdCents), 0n);
    if (d.customerId) {
      const mine = recent.filter((w) => w.customerId === d.customerId);
      if (mine.length + 1 > LIMITS.perCustomerDailyCount) return block(this.name, `customer ${d.customerId} reached ${LIMITS.perCustomerDailyCount} withdrawals in 24 h`);
      if (usd(mine) + d.usdCents > BigInt(LIMITS.perCustomerDailyUsdCents)) return block(this.name, `customer ${d.customerId} would exceed ${formatUsdCents(BigInt(LIMITS.perCustomerDailyUsdCents))} USD in 24 h`);
    }
    const assetCap = LIMITS.perAssetDailyUsdCents[d.asset.id];
    if (assetCap !== undefined && usd(recent.filter((w) => w.assetId === d.asset.id)) + d.usdCents > BigInt(assetCap)) {
      return block(this.name, `${d.asset.id} withdrawals would exceed ${formatUsdCents(BigInt(assetCap))} USD in 24 h`);
    }
    if (recent.filter((w) => w.walletId === d.wallet.id).length + 1 > LIMITS.perWalletDailyCount) return block(this.name, `wallet ${d.wallet.label} reached ${LIMITS.perWalletDailyCount} withdrawals in 24 h`);
    return pass(this.name, 'within the daily limits per customer, asset and wallet');
  },
};
