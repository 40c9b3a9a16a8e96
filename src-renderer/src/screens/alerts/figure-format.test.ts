import { describe, expect, it } from 'vitest';
import { figureText } from './figure-format';

describe('alert figures by kind', () => {
  it('reads USD cents as dollars, exactly, through the shared money formatter', () => {
    expect(figureText('520625', 'usd_cents')).toBe('5,206.25 USD');
    expect(figureText('5', 'usd_cents')).toBe('0.05 USD');
    // Beyond a float's exact range: still exact.
    expect(figureText('900719925474099312', 'usd_cents')).toBe('9,007,199,254,740,993.12 USD');
  });

  it('reads counts with what they count, one or many', () => {
    expect(figureText('2', 'count', 'transactions')).toBe('2 transactions');
    expect(figureText('1', 'count', 'transactions')).toBe('1 transaction');
    expect(figureText('7', 'count', 'different values of counterparty address')).toBe('7 different values of counterparty address');
  });

  it('keeps a value without a kind, or that is not a number, as the core wrote it', () => {
    expect(figureText('(none)', 'usd_cents')).toBe('(none)');
    expect(figureText('520625', undefined)).toBe('520625');
    expect(figureText('bc1qxyz', undefined)).toBe('bc1qxyz');
  });
});
