import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAmount, parseAmount, parseMinor } from './money';

describe('parseAmount', () => {
  it('converts decimal text to exact minor units', () => {
    expect(parseAmount('0.015', 8)).toBe(1_500_000n);
    expect(parseAmount('21000000', 8)).toBe(2_100_000_000_000_000n);
    expect(parseAmount('1.000000000000000001', 18)).toBe(1_000_000_000_000_000_001n);
    expect(parseAmount('123456789.123456789123456789', 18)).toBe(123_456_789_123_456_789_123_456_789n);
  });

  it('refuses more precision than the asset has, and anything that is not a plain decimal', () => {
    expect(() => parseAmount('0.000000001', 8)).toThrow(/9 decimal places; this asset allows at most 8/);
    for (const bad of ['-1', '1e3', '1,5', '01', '.5', '5.', ' 1', '0x10', 'NaN', '']) expect(() => parseAmount(bad, 8)).toThrow(/non-negative decimal/);
  });

  it('round-trips with formatAmount for every value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (minor, decimals) => {
        expect(parseAmount(formatAmount(minor, decimals), decimals)).toBe(minor);
      }),
    );
  });
});

describe('formatAmount', () => {
  it('trims trailing zeros and keeps signs', () => {
    expect(formatAmount(1_500_000n, 8)).toBe('0.015');
    expect(formatAmount(100_000_000n, 8)).toBe('1');
    expect(formatAmount(-5n, 2)).toBe('-0.05');
    expect(formatAmount(0n, 18)).toBe('0');
  });
});

describe('parseMinor', () => {
  it('accepts integer strings only', () => {
    expect(parseMinor('-42')).toBe(-42n);
    expect(() => parseMinor('1.5')).toThrow(/integer number of minor units/);
  });
});
