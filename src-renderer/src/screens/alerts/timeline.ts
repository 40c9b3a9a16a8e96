/**
 * The points of an alert's transaction timeline (recharts draws them): one per transaction, time
 * on x, USD value on y, inflows above and outflows below the axis, the alert's own transactions
 * marked. The y value is a JS number only for placing the dot; every figure a person reads (the
 * tooltip, the table) comes from the exact cents text.
 */
import { formatUsdCents } from '../withdrawals/withdrawal-format';

export interface TimelineEntry {
  readonly at: string;
  readonly direction: 'in' | 'out';
  readonly assetId: string;
  readonly amount: string;
  readonly usdCents: string;
  readonly counterparty: string | null;
  readonly txRef: string;
  readonly alertIds: readonly number[];
}

export interface TimelinePoint {
  readonly t: number;
  /** Signed dollars for the plot (positive in, negative out); not for display. */
  readonly y: number;
  readonly direction: 'in' | 'out';
  readonly usd: string;
  readonly txRef: string;
  readonly counterparty: string | null;
  readonly assetId: string;
  readonly amount: string;
  /** Whether this transaction raised the alert being shown. */
  readonly flagged: boolean;
}

/** Whole dollars of a cents string, for placing a dot (exact up to 2^53 dollars, far beyond any book). */
const dollars = (cents: string): number => (/^-?\d+$/.test(cents) ? Number(BigInt(cents) / 100n) : 0);

export function timelinePoints(entries: readonly TimelineEntry[], alertId: number | null): readonly TimelinePoint[] {
  return entries
    .map((e) => ({
      t: Date.parse(e.at),
      y: e.direction === 'in' ? dollars(e.usdCents) : -dollars(e.usdCents),
      direction: e.direction,
      usd: formatUsdCents(e.usdCents),
      txRef: e.txRef,
      counterparty: e.counterparty,
      assetId: e.assetId,
      amount: e.amount,
      flagged: alertId !== null && e.alertIds.includes(alertId),
    }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t || a.txRef.localeCompare(b.txRef));
}

/** A tick of the time axis: `07 Dec 14:05` (UTC), short enough for a narrow drawer. */
export function timeTick(ms: number): string {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())} ${month} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The span the axis covers, padded so the first and last dots are not cut at the edges. */
export function timeDomain(points: readonly TimelinePoint[]): readonly [number, number] {
  if (points.length === 0) return [0, 1];
  const first = points[0]!.t;
  const last = points[points.length - 1]!.t;
  const pad = Math.max((last - first) * 0.05, 3_600_000);
  return [first - pad, last + pad];
}

/** The value axis: zero always in view, 10 % of the span added above and below so no dot sits on the edge. */
export function valueDomain(points: readonly TimelinePoint[]): readonly [number, number] {
  const low = Math.min(0, ...points.map((p) => p.y));
  const high = Math.max(0, ...points.map((p) => p.y));
  const pad = Math.max((high - low) * 0.1, 1);
  return [Math.floor(low - (low < 0 ? pad : 0)), Math.ceil(high + (high > 0 ? pad : 0))];
}
