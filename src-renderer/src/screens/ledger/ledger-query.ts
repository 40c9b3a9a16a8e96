/**
 * The Ledger screen's filters and how they become command input; the keyset cursors of each list;
 * UTC time parsing for "as of". Pure, so it is tested without a DOM.
 */
import type { CommandInput, CommandOutput } from '../../../../src-shared/commands';
import type { AccountKind, EntryType } from './ledger-format';

export type AccountView = CommandOutput<'ledger.accounts.list'>['accounts'][number];
export type EntryView = CommandOutput<'ledger.entries.list'>['entries'][number];
export type StatementLine = CommandOutput<'ledger.statement'>['lines'][number];
export type AssetView = CommandOutput<'ledger.assets.list'>['assets'][number];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const ACCOUNTS_PAGE = 200;
export const JOURNAL_PAGE = 100;
export const STATEMENT_PAGE = 200;

/* ── accounts ──────────────────────────────────────────────────────────────────────────────── */

export interface AccountFilters {
  readonly kind: AccountKind | null;
  readonly assetId: string | null;
  readonly search: string;
}

export const NO_ACCOUNT_FILTERS: AccountFilters = { kind: null, assetId: null, search: '' };

export function accountsListInput(filters: AccountFilters, afterCode: string | undefined, limit = ACCOUNTS_PAGE): CommandInput<'ledger.accounts.list'> {
  const input: Mutable<CommandInput<'ledger.accounts.list'>> = { limit };
  if (filters.kind) input.kind = filters.kind;
  if (filters.assetId) input.assetId = filters.assetId;
  const search = filters.search.trim();
  if (search) input.search = search.slice(0, 64);
  if (afterCode !== undefined) input.afterCode = afterCode;
  return input;
}

/**
 * The next `afterCode`, or undefined at the end. The server reads `code >= afterCode` and then
 * drops the cursor row itself, so a page after a cursor holds at most `limit - 1` rows: a page that
 * size may still be followed by more.
 */
export function nextAfterCode(page: readonly { readonly code: string }[], afterCode: string | undefined, limit = ACCOUNTS_PAGE): string | undefined {
  const full = afterCode === undefined ? limit : limit - 1;
  return page.length >= full && page.length > 0 ? page[page.length - 1]!.code : undefined;
}

export function accountFiltersActive(f: AccountFilters): boolean {
  return f.kind !== null || f.assetId !== null || f.search.trim() !== '';
}

/* ── journal ───────────────────────────────────────────────────────────────────────────────── */

export interface JournalFilters {
  /** The account to filter by, with its code for display. */
  readonly account: { readonly id: string; readonly code: string; readonly assetId: string } | null;
  readonly assetId: string | null;
  readonly type: EntryType | null;
  /** `YYYY-MM-DD` (UTC days) or null. */
  readonly fromDay: string | null;
  readonly toDay: string | null;
}

export const NO_JOURNAL_FILTERS: JournalFilters = { account: null, assetId: null, type: null, fromDay: null, toDay: null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day from a date picker value (`YYYY-MM-DD…`), or null. */
export function dayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const day = value.slice(0, 10);
  return DAY.test(day) ? day : null;
}

/** Whole UTC days → the `from`/`to` timestamps commands take; a range picked backwards is put right. */
export function dayRange(fromDay: string | null, toDay: string | null): { from?: string; to?: string } {
  let from = dayOf(fromDay);
  let to = dayOf(toDay);
  if (from && to && from > to) [from, to] = [to, from];
  return { ...(from ? { from: `${from}T00:00:00.000Z` } : {}), ...(to ? { to: `${to}T23:59:59.999Z` } : {}) };
}

export function journalListInput(filters: JournalFilters, beforeSeq: number | undefined, limit = JOURNAL_PAGE): CommandInput<'ledger.entries.list'> {
  const input: Mutable<CommandInput<'ledger.entries.list'>> = { limit, ...dayRange(filters.fromDay, filters.toDay) };
  if (filters.account) input.accountId = filters.account.id;
  if (filters.assetId) input.assetId = filters.assetId;
  if (filters.type) input.type = filters.type;
  if (beforeSeq !== undefined) input.beforeSeq = beforeSeq;
  return input;
}

/** Keyset paging of the journal, newest first: the next page is below the lowest seq shown. */
export function nextBeforeSeq(page: readonly { readonly seq: number }[], limit = JOURNAL_PAGE): number | undefined {
  return page.length >= limit ? page[page.length - 1]!.seq : undefined;
}

export function journalFiltersActive(f: JournalFilters): boolean {
  return f.account !== null || f.assetId !== null || f.type !== null || f.fromDay !== null || f.toDay !== null;
}

/* ── statement ─────────────────────────────────────────────────────────────────────────────── */

export interface StatementPeriod {
  readonly fromDay: string | null;
  readonly toDay: string | null;
}

export function statementInput(customerId: string, assetId: string, period: StatementPeriod, afterId: number | undefined, limit = STATEMENT_PAGE): CommandInput<'ledger.statement'> {
  const input: Mutable<CommandInput<'ledger.statement'>> = { customerId, assetId, limit, ...dayRange(period.fromDay, period.toDay) };
  if (afterId !== undefined) input.afterId = afterId;
  return input;
}

export function statementCsvInput(customerId: string, assetId: string, period: StatementPeriod): CommandInput<'ledger.statement.csv'> {
  return { customerId, assetId, ...dayRange(period.fromDay, period.toDay) };
}

/** Statement pages are keyed by posting id, oldest first. */
export function nextAfterId(page: readonly { readonly postingId: number }[], limit = STATEMENT_PAGE): number | undefined {
  return page.length >= limit ? page[page.length - 1]!.postingId : undefined;
}

/* ── "as of" ───────────────────────────────────────────────────────────────────────────────── */

const AS_OF = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?Z?$/;

/**
 * What an operator types for "as of", read as UTC: `2026-10-31` (the end of that day),
 * `2026-10-31 18:00`, `2026-10-31 18:00:05`, or a full ISO timestamp. Returns the
 * millisecond-precision ISO string the command takes, or an error to show under the field.
 */
export function parseAsOf(text: string): { ok: true; iso: string } | { ok: false; error: string } {
  const match = AS_OF.exec(text.trim());
  if (!match) return { ok: false, error: 'Use YYYY-MM-DD or YYYY-MM-DD HH:mm[:ss], in UTC' };
  const [, y, mo, d, h, mi, s, ms] = match;
  const dateOnly = h === undefined;
  const parts = dateOnly ? [23, 59, 59, 999] : [Number(h), Number(mi), Number(s ?? 0), Number((ms ?? '0').padEnd(3, '0'))];
  const [hour, minute, second, milli] = parts as [number, number, number, number];
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, minute, second, milli);
  const date = new Date(time);
  // Date.UTC rolls 2026-02-31 over to March: refuse dates that do not exist.
  if (Number.isNaN(time) || date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, error: 'That date or time does not exist' };
  }
  return { ok: true, iso: date.toISOString() };
}

/* ── firm positions ────────────────────────────────────────────────────────────────────────── */

export interface AssetPosition {
  readonly assetId: string;
  readonly hot: bigint;
  readonly cold: bigint;
  readonly omnibus: bigint;
  /** hot + cold + omnibus: what the ledger says the firm holds on chain. */
  readonly wallets: bigint;
  /** What the firm owes its customers (the sum of customer balances). */
  readonly liabilities: bigint;
  /** Net position with counterparties: positive when they owe the firm, negative when it owes them. */
  readonly counterparties: bigint;
}

/**
 * Firm positions per asset from the firm's own accounts (every kind but `customer`).
 *
 * Customer liabilities come from the trial balance rather than from adding up every customer
 * account: each entry balances per asset, so for each asset the debit-normal balances equal the
 * credit-normal ones, and the customers' (credit-normal) total is the firm's debit-normal total
 * minus its other credit-normal balances. That costs a handful of firm accounts however many
 * customers there are, and it is exact (integer arithmetic), not an estimate.
 */
export function firmPositions(firmAccounts: readonly Pick<AccountView, 'kind' | 'assetId' | 'normal' | 'total'>[]): AssetPosition[] {
  const byAsset = new Map<string, { hot: bigint; cold: bigint; omnibus: bigint; debit: bigint; credit: bigint; counterparties: bigint }>();
  for (const a of firmAccounts) {
    if (a.kind === 'customer') continue;
    const p = byAsset.get(a.assetId) ?? { hot: 0n, cold: 0n, omnibus: 0n, debit: 0n, credit: 0n, counterparties: 0n };
    const total = BigInt(a.total);
    if (a.normal === 'debit') p.debit += total;
    else p.credit += total;
    if (a.kind === 'wallet_hot') p.hot += total;
    if (a.kind === 'wallet_cold') p.cold += total;
    if (a.kind === 'omnibus') p.omnibus += total;
    // Counterparty accounts are credit-normal: a positive balance is owed to them.
    if (a.kind === 'counterparty') p.counterparties -= total;
    byAsset.set(a.assetId, p);
  }
  return [...byAsset]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([assetId, p]) => ({
      assetId,
      hot: p.hot,
      cold: p.cold,
      omnibus: p.omnibus,
      wallets: p.hot + p.cold + p.omnibus,
      liabilities: p.debit - p.credit,
      counterparties: p.counterparties,
    }));
}

/** Wallets as a share of customer liabilities, in basis points (10 000 = fully covered); null without liabilities. */
export function coverageBps(position: Pick<AssetPosition, 'wallets' | 'liabilities'>): number | null {
  if (position.liabilities <= 0n) return null;
  return Number((position.wallets * 10_000n) / position.liabilities);
}

/** A share of a whole as a percentage for a bar (0–100), exact enough for pixels. */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  return Number((part * 1_000_000n) / whole) / 10_000;
}

/* ── reconciliation ────────────────────────────────────────────────────────────────────────── */

export type ExceptionView = CommandOutput<'reconciliation.exceptions.list'>['exceptions'][number];
export type AdjustmentView = CommandOutput<'reconciliation.exceptions.get'>['adjustments'][number];

/** The evidence fields a snapshot import records (reconciliation.service.ts), read defensively: it is a free-form record. */
export interface Evidence {
  readonly chainBalance: string | null;
  readonly ledgerBalance: string | null;
  readonly blockHeight: number | null;
  readonly asOf: string | null;
  readonly source: string | null;
  readonly utxoCount: number | null;
}

const minorText = (v: unknown): string | null => (typeof v === 'string' && /^-?\d+$/.test(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const integer = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

export function evidenceOf(evidence: Readonly<Record<string, unknown>>): Evidence {
  return {
    chainBalance: minorText(evidence.chainBalance),
    ledgerBalance: minorText(evidence.ledgerBalance),
    blockHeight: integer(evidence.blockHeight),
    asOf: text(evidence.asOf),
    source: text(evidence.source),
    utxoCount: integer(evidence.utxoCount),
  };
}

export type ExceptionState = 'open' | 'pending' | 'adjusted' | 'explained';

/** Where an exception stands: open, waiting for a second approver, or resolved one of two ways. */
export function exceptionState(exception: Pick<ExceptionView, 'status' | 'resolution'>, pendingAdjustment: boolean): ExceptionState {
  if (exception.status === 'resolved') return exception.resolution === 'explained' ? 'explained' : 'adjusted';
  return pendingAdjustment ? 'pending' : 'open';
}

/** Reconciliation notes: the commands want at least 10 characters after trimming. */
export const NOTE_MIN = 10;

export function noteProblem(note: string, required = true): string | undefined {
  const length = note.trim().length;
  if (!required && length === 0) return undefined;
  if (length < NOTE_MIN) return `Explain the reason in at least ${NOTE_MIN} characters (${length} so far)`;
  if (length > 2000) return 'At most 2000 characters';
  return undefined;
}

const SIGNED_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** A signed adjustment amount as typed: the command's own format, and not more decimals than the asset has. */
export function adjustmentAmountProblem(amount: string, decimals: number): string | undefined {
  const value = amount.trim();
  if (!SIGNED_DECIMAL.test(value)) return 'A decimal number such as -0.00045 (no separators)';
  const fraction = value.split('.')[1] ?? '';
  if (fraction.length > decimals) return `At most ${decimals} decimal places`;
  if (/^-?0(\.0+)?$/.test(value)) return 'An adjustment must not be zero';
  return undefined;
}
