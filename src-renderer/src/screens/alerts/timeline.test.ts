import { describe, expect, it } from 'vitest';
import { timeDomain, timelinePoints, timeTick, valueDomain, type TimelineEntry } from './timeline';

const entry = (at: string, direction: 'in' | 'out', usdCents: string, txRef: string, alertIds: number[] = []): TimelineEntry => ({ at, direction, assetId: 'BTC', amount: '100000', usdCents, counterparty: 'bc1q…', txRef, alertIds });

describe('alert timeline', () => {
  it('orders points in time, inflows up and outflows down, and marks the alert’s own transactions', () => {
    const points = timelinePoints(
      [entry('2026-12-07T10:00:00.000Z', 'out', '250000', 'tx-2', [7]), entry('2026-12-07T09:00:00.000Z', 'in', '1000050', 'tx-1'), entry('not a date', 'in', '1', 'tx-3')],
      7,
    );
    expect(points.map((p) => p.txRef)).toEqual(['tx-1', 'tx-2']);
    expect(points[0]).toMatchObject({ y: 10000, usd: '10,000.50', flagged: false, direction: 'in' });
    expect(points[1]).toMatchObject({ y: -2500, usd: '2,500.00', flagged: true, direction: 'out' });
    expect(timelinePoints([entry('2026-12-07T10:00:00.000Z', 'out', '1', 'tx', [7])], null)[0]!.flagged).toBe(false);
  });

  it('labels ticks in UTC and pads the domain', () => {
    expect(timeTick(Date.parse('2026-12-07T04:05:00.000Z'))).toBe('07 Dec 04:05');
    const points = timelinePoints([entry('2026-12-07T10:00:00.000Z', 'in', '1', 'a')], null);
    const [from, to] = timeDomain(points);
    expect(from).toBeLessThan(points[0]!.t);
    expect(to).toBeGreaterThan(points[0]!.t);
    expect(timeDomain([])).toEqual([0, 1]);
  });
});

describe('timeline value axis', () => {
  it('keeps zero in view and pads both ends', () => {
    const points = timelinePoints([entry('2026-12-07T10:00:00.000Z', 'out', '275625', 'a'), entry('2026-12-07T11:00:00.000Z', 'in', '95000', 'b')], null);
    const [low, high] = valueDomain(points);
    expect(low).toBeLessThan(-2756);
    expect(high).toBeGreaterThan(950);
    expect(valueDomain(timelinePoints([entry('2026-12-07T10:00:00.000Z', 'in', '10000', 'a')], null))[0]).toBe(0);
  });
});
