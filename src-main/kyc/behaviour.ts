/**
 * Wallet behaviour as the console sees it, for the risk engine's `walletBehaviour` factor and the
 * observed side of the `volume` factor. Pure: the facts are read by the caller (kyc.repository.ts
 * `customerFlows`, the customer's hits, the address lists in force) and the same facts always give
 * the same answer, in words.
 *
 * - **sanctioned**: a confirmed sanctions hit on one of the customer's addresses (a linked wallet,
 *   a deposit's sender), or a withdrawal the customer asked for to an address on a list in force;
 * - **flagged**: an open sanctions hit on one of those addresses, or more money moved in the last
 *   30 days than `VOLUME_FLAG_MULTIPLE` times the monthly volume the customer declared;
 * - otherwise **clean**, or **no_addresses** when the customer has neither a linked wallet nor any
 *   deposit or withdrawal.
 */
import type { WalletBehaviour } from './risk';

/** Days of deposits and withdrawals counted as "a month" of observed volume. */
export const VOLUME_WINDOW_DAYS = 30;
/** Observed volume above this multiple of the expected monthly volume flags the behaviour. */
export const VOLUME_FLAG_MULTIPLE = 2;

export interface Flow {
  readonly kind: 'deposit' | 'withdrawal';
  /** USD cents (exact), or null when no price values it. */
  readonly usdCents: bigint | null;
  readonly at: string;
  /** Withdrawals: blocked and rejected ones moved nothing (but their destination still counts). */
  readonly moved: boolean;
  readonly destination: string | null;
}

export interface BehaviourFacts {
  readonly linkedWallets: number;
  readonly addressHits: { readonly open: number; readonly confirmed: number };
  /** Withdrawal destinations of the customer that are on an address list in force, with the list's words. */
  readonly listedDestinations: readonly { readonly address: string; readonly list: string }[];
  /** Deposits since the window start and every withdrawal. */
  readonly flows: readonly Flow[];
  readonly expectedMonthlyVolumeUsd: number;
  readonly now: Date;
}

export interface Behaviour {
  readonly behaviour: WalletBehaviour;
  /** Why, in words: the factor's input in the assessment. */
  readonly detail: string;
  /** Whole USD moved in the window (deposits and withdrawals that moved money), for the volume factor. */
  readonly observedUsd: number;
  readonly window: string;
}

const usd = (cents: bigint): string => `${(cents / 100n).toLocaleString('en-GB')} USD`;

export function assessBehaviour(f: BehaviourFacts): Behaviour {
  const start = new Date(f.now.getTime() - VOLUME_WINDOW_DAYS * 86_400_000).toISOString();
  const inWindow = f.flows.filter((x) => x.moved && x.at >= start);
  const cents = inWindow.reduce((n, x) => n + (x.usdCents ?? 0n), 0n);
  const unpriced = inWindow.filter((x) => x.usdCents === null).length;
  const observedUsd = Number(cents / 100n);
  const window = `${VOLUME_WINDOW_DAYS} days to ${f.now.toISOString().slice(0, 10)}`;
  const moved = `${usd(cents)} moved in the ${window} (${inWindow.length} deposit(s) and withdrawal(s)${unpriced > 0 ? `, ${unpriced} without a price` : ''})`;
  const result = (behaviour: WalletBehaviour, why: string): Behaviour => ({ behaviour, detail: `${behaviour}: ${why}`, observedUsd, window });

  const listed = f.listedDestinations[0];
  if (f.addressHits.confirmed > 0) return result('sanctioned', `${f.addressHits.confirmed} of the customer's addresses confirmed on a sanctions list; ${moved}`);
  if (listed) return result('sanctioned', `a withdrawal was requested to ${listed.address}, on the ${listed.list}${f.listedDestinations.length > 1 ? ` (and ${f.listedDestinations.length - 1} more listed destination(s))` : ''}; ${moved}`);
  if (f.addressHits.open > 0) return result('flagged', `${f.addressHits.open} open sanctions hit(s) on the customer's addresses (linked wallets or deposit senders); ${moved}`);
  const limit = BigInt(Math.round(f.expectedMonthlyVolumeUsd)) * 100n * BigInt(VOLUME_FLAG_MULTIPLE);
  if (cents > limit) return result('flagged', `${moved}: more than ${VOLUME_FLAG_MULTIPLE}× the ${f.expectedMonthlyVolumeUsd.toLocaleString('en-GB')} USD a month expected`);
  if (f.linkedWallets === 0 && f.flows.length === 0) return result('no_addresses', 'no linked wallet, no deposit or withdrawal seen');
  return result('clean', `${f.linkedWallets} linked wallet(s), no sanctions hit on any address; ${moved}`);
}
