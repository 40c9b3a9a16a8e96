import { describe, expect, it } from 'vitest';
import { accountKind, entryType } from '../../../../src-shared/commands/ledger.commands';
import {
  ACCOUNT_KIND_LABELS,
  amountParts,
  amountWidth,
  authorName,
  debitCredit,
  decimalInput,
  ENTRY_TYPE_LABELS,
  entryAuthor,
  entryTotals,
  entryVolume,
  toMinor,
} from './ledger-format';

describe('ledger amounts', () => {
  it('formats minor units exactly, grouped, with the padding apart', () => {
    expect(amountParts('3181631386012', 8)).toEqual({ negative: false, whole: '31,816', fraction: '31386012', padding: '' });
    expect(amountParts('1500000', 8)).toEqual({ negative: false, whole: '0', fraction: '015', padding: '00000' });
    expect(amountParts('-45000', 8)).toEqual({ negative: true, whole: '0', fraction: '00045', padding: '000' });
    expect(amountParts('0', 8)).toEqual({ negative: false, whole: '0', fraction: '', padding: '00000000' });
  });

  it('keeps wei exact beyond what a JS number holds', () => {
    expect(amountParts('2896083252696286861852', 18)).toEqual({ negative: false, whole: '2,896', fraction: '083252696286861852', padding: '' });
    expect(amountParts('126345141788595762630', 18)).toEqual({ negative: false, whole: '126', fraction: '34514178859576263', padding: '0' });
    expect(amountParts('-618571288213668564347', 18)).toMatchObject({ negative: true, whole: '618', fraction: '571288213668564347' });
  });

  it('makes the decimal input commands take', () => {
    expect(decimalInput('-45000', 8)).toBe('-0.00045');
    expect(decimalInput('123456789012', 8)).toBe('1234.56789012');
  });

  it('refuses text that is not minor units', () => {
    expect(() => toMinor('1.5')).toThrow(/integer string/);
    expect(() => toMinor('')).toThrow(/integer string/);
  });

  it('splits postings into debit and credit and totals them per asset', () => {
    expect(debitCredit('-5')).toEqual({ debit: null, credit: 5n });
    expect(debitCredit('7')).toEqual({ debit: 7n, credit: null });
    const postings = [
      { assetId: 'BTC', amount: '-100' },
      { assetId: 'BTC', amount: '100' },
      { assetId: 'ETH', amount: '50' },
      { assetId: 'ETH', amount: '-49' },
    ];
    expect(entryTotals(postings)).toEqual([
      { assetId: 'BTC', debit: 100n, credit: 100n, balanced: true },
      { assetId: 'ETH', debit: 50n, credit: 49n, balanced: false },
    ]);
    expect(entryVolume(postings)).toEqual([
      { assetId: 'BTC', amount: 100n },
      { assetId: 'ETH', amount: 50n },
    ]);
  });

  it('names authors without the "operator:" prefix', () => {
    expect(authorName('operator:carla.custody')).toBe('carla.custody');
    expect(authorName('system')).toBe('system');
    expect(entryAuthor('op_7840f4da1a5a3c65d7f8', (id) => `name of ${id}`)).toBe('name of op_7840f4da1a5a3c65d7f8');
    expect(entryAuthor('operator:cole.custody', () => 'unused')).toBe('cole.custody');
  });

  it('has a label for every account kind and entry type the commands know', () => {
    expect(Object.keys(ACCOUNT_KIND_LABELS).sort()).toEqual([...accountKind.options].sort());
    expect(Object.keys(ENTRY_TYPE_LABELS).sort()).toEqual([...entryType.options].sort());
  });
});

describe('amount column widths', () => {
  it('leave room for every decimal of the asset, and more for a unit or a sign', () => {
    expect(amountWidth(8)).toBeLessThan(amountWidth(18));
    expect(amountWidth(8, { unit: true })).toBeGreaterThan(amountWidth(8));
    expect(amountWidth(8, { signed: true })).toBeGreaterThan(amountWidth(8));
    // "9,999,999.123456789012345678": 28 characters of 7.2 px (12 px monospace) fit.
    expect(amountWidth(18) - 22).toBeGreaterThanOrEqual(Math.ceil('9,999,999.123456789012345678'.length * 7.2));
  });
});
