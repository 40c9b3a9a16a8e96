/**
 * How ledger amounts are shown. Amounts arrive as integer strings of minor units (satoshi, wei);
 * they stay `bigint` and are turned into text by formatAmount (src-shared/money), never through a
 * float. For tables the fraction is padded to the asset's decimals so a column of one asset lines
 * up on the decimal point; the padding is returned apart so it can be drawn faintly.
 */
import { formatAmount } from '../../../../src-shared/money';

export interface AmountParts {
  readonly negative: boolean;
  /** Whole part with thousands separators: `12,345`. */
  readonly whole: string;
  /** Significant fraction digits (no trailing zeros), without the point; may be empty. */
  readonly fraction: string;
  /** Zeros that pad the fraction to the asset's decimals (display only). */
  readonly padding: string;
}

const INTEGER = /^-?\d+$/;

/** `"-1500000"` → -1500000n; anything that is not an integer string is refused (answers are checked by zod first). */
export function toMinor(value: string | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!INTEGER.test(value)) throw new Error(`amount must be an integer string of minor units, got "${value.slice(0, 40)}"`);
  return BigInt(value);
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function amountParts(value: string | bigint, decimals: number): AmountParts {
  const minor = toMinor(value);
  const negative = minor < 0n;
  const text = formatAmount(negative ? -minor : minor, decimals);
  const [whole = '0', fraction = ''] = text.split('.');
  return { negative, whole: group(whole), fraction, padding: '0'.repeat(Math.max(0, decimals - fraction.length)) };
}

/**
 * A signed amount as the decimal text commands take (`"-0.00045"`): no grouping, the asset's
 * unit. The default of "Propose adjustment" (the exception's difference) is made this way.
 */
export function decimalInput(value: string | bigint, decimals: number): string {
  const minor = toMinor(value);
  return `${minor < 0n ? '-' : ''}${formatAmount(minor < 0n ? -minor : minor, decimals)}`;
}

/** A posting's signed amount (positive debit, negative credit) split into its two columns. */
export function debitCredit(amount: string | bigint): { readonly debit: bigint | null; readonly credit: bigint | null } {
  const minor = toMinor(amount);
  return { debit: minor > 0n ? minor : null, credit: minor < 0n ? -minor : null };
}

/** `operator:carla.custody` (how entries name their author) → `carla.custody`. */
export function authorName(createdBy: string): string {
  return createdBy.startsWith('operator:') ? createdBy.slice('operator:'.length) : createdBy;
}

/**
 * Who posted an entry, for display. Most entries name their author `operator:<username>`; the
 * entries of approved reconciliation adjustments name the approver by operator id (`op_…`), which
 * `operatorName` turns into a name where the operator may know it.
 */
export function entryAuthor(createdBy: string, operatorName: (operatorId: string) => string): string {
  return /^op_[0-9a-z]+$/.test(createdBy) ? operatorName(createdBy) : authorName(createdBy);
}

/** An entry's size per asset: the sum of its debits (which equals its credits: entries balance). */
export function entryVolume(postings: readonly { readonly assetId: string; readonly amount: string }[]): { assetId: string; amount: bigint }[] {
  const byAsset = new Map<string, bigint>();
  for (const p of postings) {
    const minor = toMinor(p.amount);
    if (minor > 0n) byAsset.set(p.assetId, (byAsset.get(p.assetId) ?? 0n) + minor);
  }
  return [...byAsset].map(([assetId, amount]) => ({ assetId, amount }));
}

/** Per-asset debit and credit totals of an entry, and whether they are equal. */
export function entryTotals(postings: readonly { readonly assetId: string; readonly amount: string }[]): { assetId: string; debit: bigint; credit: bigint; balanced: boolean }[] {
  const totals = new Map<string, { debit: bigint; credit: bigint }>();
  for (const p of postings) {
    const t = totals.get(p.assetId) ?? { debit: 0n, credit: 0n };
    const { debit, credit } = debitCredit(p.amount);
    totals.set(p.assetId, { debit: t.debit + (debit ?? 0n), credit: t.credit + (credit ?? 0n) });
  }
  return [...totals].map(([assetId, t]) => ({ assetId, ...t, balanced: t.debit === t.credit }));
}

/**
 * The pixels a table column needs so that no digit of an amount is ever cut: a whole part of up
 * to 9 characters with separators (9,999,999), the point and every decimal of the asset, in the tables'
 * monospace (12 px JetBrains Mono: 0.6 em a character), plus the cell's padding. A wide asset
 * (ETH, 18 decimals) makes a wide column; the table scrolls sideways rather than hide digits.
 */
export function amountWidth(decimals: number, options: { readonly unit?: boolean; readonly signed?: boolean } = {}): number {
  const chars = 9 + (decimals > 0 ? 1 + decimals : 0) + (options.signed ? 1 : 0);
  return Math.ceil(chars * 7.3) + 22 + (options.unit ? 34 : 0);
}

/** `wallet_hot` → `Hot wallet`. Labels for the account kinds of ledger.commands.ts. */
export const ACCOUNT_KIND_LABELS = {
  customer: 'Customer',
  wallet_hot: 'Hot wallet',
  wallet_cold: 'Cold wallet',
  omnibus: 'Omnibus wallet',
  fees: 'Network fees',
  fee_revenue: 'Fee revenue',
  suspense: 'Suspense',
  counterparty: 'Counterparty',
  equity: 'Equity',
} as const;

export type AccountKind = keyof typeof ACCOUNT_KIND_LABELS;

export const ENTRY_TYPE_LABELS = {
  deposit: 'Deposit',
  deposit_reversal: 'Deposit reversal',
  withdrawal_settlement: 'Withdrawal',
  internal_transfer: 'Internal transfer',
  fee: 'Fee',
  trade_settlement: 'Trade settlement',
  adjustment: 'Adjustment',
  reversal: 'Reversal',
} as const;

export type EntryType = keyof typeof ENTRY_TYPE_LABELS;

export function isEntryType(value: string): value is EntryType {
  return Object.prototype.hasOwnProperty.call(ENTRY_TYPE_LABELS, value);
}

export function entryTypeLabel(type: string): string {
  return isEntryType(type) ? ENTRY_TYPE_LABELS[type] : type;
}
