/**
 * Money is an integer count of an asset's smallest unit (satoshi, wei) held as `bigint`; never a
 * float. At the edges it travels as a decimal string in the asset's own unit ("0.015" BTC) or as
 * an integer string of minor units ("1500000"), both exact.
 */

export type Minor = bigint;

const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;
const INTEGER = /^-?(0|[1-9]\d*)$/;

export class AmountError extends Error {
  override readonly name = 'AmountError';
}

/**
 * "0.015" with 8 decimals → 1500000n. Refuses signs, exponents, separators, and more decimal places
 * than the asset has (that would silently drop value).
 */
export function parseAmount(text: string, decimals: number, what = 'amount'): Minor {
  const match = DECIMAL.exec(text);
  if (!match) throw new AmountError(`${what} must be a non-negative decimal number like "0.015", got "${text.slice(0, 40)}"`);
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    throw new AmountError(`${what} has ${fraction.length} decimal places; this asset allows at most ${decimals}`);
  }
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

/** 1500000n with 8 decimals → "0.015" (trailing zeros trimmed, at least one digit). */
export function formatAmount(minor: Minor, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** USD cents as an exact decimal with two places: 1531250n → "15312.50". */
export function formatUsdCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Integer string of minor units ("-42", "1500000") → bigint. */
export function parseMinor(text: string, what = 'amount'): Minor {
  if (!INTEGER.test(text)) throw new AmountError(`${what} must be an integer number of minor units, got "${text.slice(0, 40)}"`);
  return BigInt(text);
}

export function sumMinor(values: Iterable<Minor>): Minor {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}
