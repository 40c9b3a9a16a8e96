/** Price dates at the edges: the clock-skew tolerance ahead, the age limit behind, and dates that are not dates. */
import { describe, expect, it } from 'vitest';
import { checkPriceDate, latestPriceDate, MAX_PRICE_AGE_MINUTES, MAX_PRICE_AHEAD_MINUTES, stalePrice } from './withdrawals.service';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const plus = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MINUTE = 60_000;

describe('price dates', () => {
  it('takes a price dated up to the tolerance ahead of the console clock and refuses one a millisecond later', () => {
    expect(MAX_PRICE_AHEAD_MINUTES).toBe(5);
    expect(latestPriceDate(NOW)).toBe(plus(5 * MINUTE));
    expect(() => checkPriceDate(plus(-3 * 24 * 60 * MINUTE), NOW, 'asOf')).not.toThrow();
    expect(() => checkPriceDate(plus(5 * MINUTE), NOW, 'asOf')).not.toThrow();
    expect(() => checkPriceDate(plus(5 * MINUTE + 1), NOW, 'asOf')).toThrow(/`asOf` is 2026-06-01T12:05:00\.001Z, 6 minutes ahead of the console clock \(2026-06-01T12:00:00\.000Z\)/);
    expect(() => checkPriceDate('yesterday', NOW, 'prices.asOf')).toThrow(/`prices.asOf` must be an ISO-8601 timestamp/);
  });

  it('judges a held price: fresh within the age limit and the skew tolerance, unusable beyond either, saying which', () => {
    expect(stalePrice(undefined, 'BTC', NOW)).toMatch(/no market price for BTC/);
    expect(stalePrice({ asOf: plus(-MAX_PRICE_AGE_MINUTES * MINUTE) }, 'BTC', NOW)).toBeUndefined();
    expect(stalePrice({ asOf: plus(-(MAX_PRICE_AGE_MINUTES + 1) * MINUTE) }, 'BTC', NOW)).toMatch(/61 minutes old/);
    expect(stalePrice({ asOf: plus(5 * MINUTE) }, 'BTC', NOW)).toBeUndefined();
    expect(stalePrice({ asOf: plus(5 * MINUTE + 1) }, 'BTC', NOW)).toMatch(/dated 2026-06-01T12:05:00\.001Z, ahead of the console clock .* so its age cannot be judged/);
    // Before this check a price ten years ahead counted as fresh (its age was negative).
    expect(stalePrice({ asOf: plus(10 * 365 * 24 * 60 * MINUTE) }, 'BTC', NOW)).toMatch(/ahead of the console clock/);
    expect(stalePrice({ asOf: 'not a date' }, 'BTC', NOW)).toMatch(/is not a timestamp/);
  });
});
