/**
 * How withdrawals read on screen: states and the queue's tabs, USD cents, ages and deadlines,
 * amounts typed by an officer, the checks a withdrawal passed, approvals so far against the
 * policy's requirement, and the refusals of an approval said plainly. Pure functions (no React, no
 * DOM) so that each is unit-tested. Money stays bigint or integer text: never a float.
 */
import type { CommandOutput, WireError } from '../../api';
import { AmountError, formatAmount, formatUsdCents as exactUsd, parseAmount } from '../../../../src-shared/money';

export type WithdrawalView = CommandOutput<'custody.withdrawals.list'>['withdrawals'][number];
export type WithdrawalDetail = CommandOutput<'custody.withdrawals.get'>;
export type WithdrawalState = WithdrawalView['state'];
export type ApprovalView = WithdrawalDetail['approvals'][number];
export type Requirement = WithdrawalDetail['required'][number];
export type Missing = WithdrawalDetail['missing'][number];
export type Precheck = WithdrawalDetail['prechecks'][number];
export type WalletView = CommandOutput<'custody.wallets.list'>['wallets'][number];

export const STATE_LABELS: Readonly<Record<WithdrawalState, string>> = {
  pending_approval: 'Pending approval',
  approved: 'Approved',
  signed: 'Signed',
  broadcast: 'Broadcast',
  settled: 'Settled',
  blocked: 'Blocked',
  rejected: 'Rejected',
  expired: 'Expired',
};

export const STATE_COLORS: Readonly<Record<WithdrawalState, string>> = {
  pending_approval: 'yellow',
  approved: 'blue',
  signed: 'indigo',
  broadcast: 'cyan',
  settled: 'teal',
  blocked: 'red',
  rejected: 'gray',
  expired: 'gray',
};

export type QueueTab = 'pending' | 'approved' | 'signed' | 'settled' | 'blocked' | 'rejected' | 'expired';

/** The queue's tabs, in the order work flows. A transaction the node broadcast but that has not settled yet stays with the signed ones. */
export const QUEUE_TABS: readonly { readonly key: QueueTab; readonly label: string; readonly states: readonly WithdrawalState[] }[] = [
  { key: 'pending', label: 'Pending approval', states: ['pending_approval'] },
  { key: 'approved', label: 'Approved', states: ['approved'] },
  { key: 'signed', label: 'Signed / broadcast', states: ['signed', 'broadcast'] },
  { key: 'settled', label: 'Settled', states: ['settled'] },
  { key: 'blocked', label: 'Blocked', states: ['blocked'] },
  { key: 'rejected', label: 'Rejected', states: ['rejected'] },
  { key: 'expired', label: 'Expired', states: ['expired'] },
];

export function queueTabOf(value: string | null | undefined): QueueTab {
  return QUEUE_TABS.find((t) => t.key === value)?.key ?? 'pending';
}

/** The tab a withdrawal in `state` is listed under. */
export function tabOfState(state: WithdrawalState): QueueTab {
  return QUEUE_TABS.find((t) => t.states.includes(state))!.key;
}

/** States in which the withdrawal can still move (approvals, signature). */
export const OPEN_STATES: readonly WithdrawalState[] = ['pending_approval', 'approved'];
/** States after the HSM signed. */
export const SIGNED_STATES: readonly WithdrawalState[] = ['signed', 'broadcast', 'settled'];

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Integer USD cents (text or bigint) → `12,250.00`. Exact: no float on the way. */
export function formatUsdCents(cents: string | bigint): string {
  const [whole, fraction] = exactUsd(typeof cents === 'bigint' ? cents : BigInt(cents)).split('.');
  return `${group(whole!)}.${fraction!}`;
}

/** An address for a table cell: its start and end, which is what people compare. */
export function shortAddress(address: string, head = 8, tail = 6): string {
  return address.length <= head + tail + 1 ? address : `${address.slice(0, head)}…${address.slice(-tail)}`;
}

/** Milliseconds → `45 s`, `12 min`, `5 h 10 min`, `3 d 4 h`: two units at most. */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** `created 5 h ago`-style age of an ISO time, at `now` (ms). */
export function ageOf(iso: string, now: number): string {
  return formatSpan(now - Date.parse(iso));
}

export interface Deadline {
  readonly text: string;
  readonly overdue: boolean;
  /** Less than `soonMs` left. */
  readonly soon: boolean;
}

/** How long is left until a deadline, or how long ago it passed. */
export function deadlineOf(iso: string, now: number, soonMs = 4 * 3_600_000): Deadline {
  const left = Date.parse(iso) - now;
  if (left <= 0) return { text: `overdue by ${formatSpan(-left)}`, overdue: true, soon: false };
  return { text: `in ${formatSpan(left)}`, overdue: false, soon: left < soonMs };
}

export interface Valuation {
  readonly usd: string;
  readonly asOf: string;
  readonly source: string;
}

/**
 * The valuation behind a withdrawal's USD value, read from its "USD valuation" pre-check: the core
 * records it as `<usd> USD at <ISO time> (<source>)`. Undefined when the check is missing or reads
 * otherwise (the screen then shows the check's text as it is).
 */
export function valuationOf(prechecks: readonly { readonly name: string; readonly outcome: string; readonly detail: string }[]): Valuation | undefined {
  const check = prechecks.find((p) => p.name === 'USD valuation' && p.outcome === 'pass');
  const match = check ? /^(\S+) USD at (\d{4}-\d{2}-\d{2}T[0-9:.]+Z) \((.+)\)$/.exec(check.detail) : null;
  return match ? { usd: match[1]!, asOf: match[2]!, source: match[3]! } : undefined;
}

/**
 * USD per whole unit implied by a withdrawal (cents and minor units, both exact), as `61,250.00`.
 * The core values at cents per unit rounded down, so this is the price to the cent when the amount
 * is at least one cent's worth of units.
 */
export function unitPriceOf(usdCents: string, amount: string, decimals: number): string | undefined {
  const minor = BigInt(amount);
  if (minor <= 0n) return undefined;
  const cents = (BigInt(usdCents) * 10n ** BigInt(decimals) + minor / 2n) / minor;
  return formatUsdCents(cents);
}

const ROLE_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  custody_officer: ['custody officer', 'custody officers'],
  compliance_officer: ['compliance officer (MLRO)', 'compliance officers (MLRO)'],
};

/** `custody_officer`, 2 → `2 custody officers`. */
export function roleCount(role: string, count: number): string {
  const words = ROLE_WORDS[role] ?? [role.replace(/_/g, ' '), `${role.replace(/_/g, ' ')}s`];
  return `${count} ${count === 1 ? words[0] : words[1]}`;
}

export function roleName(role: string): string {
  return ROLE_WORDS[role]?.[0] ?? role.replace(/_/g, ' ');
}

/** Words joined as people write them: `a`, `a and b`, `a, b and c`. */
export function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

/** One requirement line: `2 custody officers, at least 1 of them senior`. */
export function requirementText(r: { readonly role: string; readonly count: number; readonly senior?: number | undefined }): string {
  const senior = r.senior ?? 0;
  return senior > 0 ? `${roleCount(r.role, r.count)}, at least ${senior} of them senior` : roleCount(r.role, r.count);
}

/** What the policy asks for: `2 custody officers and 1 compliance officer (MLRO)`. */
export function requiredText(required: readonly { readonly role: string; readonly count: number; readonly senior?: number | undefined }[]): string {
  return joinWords(required.map(requirementText));
}

/** What is still needed, from the core's `missing`: `1 more custody officer`, or a senior one. */
export function missingText(missing: readonly Missing[]): string {
  return joinWords(
    missing.map((m) => {
      if (m.count === 0) return `a senior ${roleName(m.role)} among those who approved (${m.senior} more senior)`;
      const base = `${m.count} more ${m.count === 1 ? roleName(m.role) : roleCount(m.role, m.count).replace(/^\d+ /, '')}`;
      return m.senior > 0 ? `${base}, at least ${m.senior} of them senior` : base;
    }),
  );
}

/** Approvals that count now against the number the rule asks for. */
export function approvalProgress(approvals: readonly ApprovalView[], required: readonly Requirement[]): { readonly valid: number; readonly needed: number } {
  return { valid: approvals.filter((a) => a.valid).length, needed: required.reduce((n, r) => n + r.count, 0) };
}

export type RefusalKind = 'initiator' | 'already' | 'pin' | 'pinLocked' | 'role' | 'state' | 'other';

export interface Refusal {
  readonly kind: RefusalKind;
  readonly title: string;
  /** What the operator can do about it. */
  readonly hint: string;
}

/**
 * An approval the core refused, named for the operator. The core's message is always shown as it
 * is; this adds a title and what to do. Codes decide first; the message only tells FORBIDDEN and
 * CONFLICT cases apart.
 */
export function approvalRefusal(error: WireError): Refusal {
  switch (error.code) {
    case 'PIN_INCORRECT':
      return { kind: 'pin', title: 'Wrong token PIN', hint: 'Nothing was signed. Enter the PIN of your own token; the token locks after too many wrong PINs.' };
    case 'PIN_LOCKED':
      return { kind: 'pinLocked', title: 'Your token is locked', hint: 'Too many wrong PINs. An administrator must reset the token before you can approve.' };
    case 'FORBIDDEN':
      if (/initiator/i.test(error.message)) return { kind: 'initiator', title: 'Refused: separation of duties', hint: 'Nothing was signed. Officers other than the one who opened it must give the approvals still needed.' };
      if (/cannot give|already complete/i.test(error.message)) return { kind: 'role', title: 'Refused: your role is not needed', hint: 'The policy needs no more approvals from your role for this withdrawal.' };
      return { kind: 'other', title: 'Refused', hint: 'Your roles do not allow this.' };
    case 'CONFLICT':
      if (/already approved/i.test(error.message)) return { kind: 'already', title: 'Refused: one person, one approval', hint: 'Your approval is already counted. Other officers must give the rest.' };
      return { kind: 'state', title: 'Refused: the withdrawal changed', hint: 'Reload it to see its current state.' };
    default:
      return { kind: 'other', title: 'Not completed', hint: '' };
  }
}

/** Whether an approval was refused for the PIN alone (the dialog stays open to try again). */
export const isPinRefusal = (error: WireError): boolean => error.code === 'PIN_INCORRECT';

/** The queue's filters: one asset, one wallet, or all. */
export interface QueueFilters {
  readonly assetId: string | null;
  readonly walletId: string | null;
}

export const NO_QUEUE_FILTERS: QueueFilters = { assetId: null, walletId: null };

/** Withdrawals per state, as custody.withdrawals.list counts them under the filters. */
export type StateCounts = CommandOutput<'custody.withdrawals.list'>['counts'];

/** A tab's count: the sum of its states' counts. */
export function tabCount(counts: StateCounts, tab: QueueTab): number {
  return QUEUE_TABS.find((t) => t.key === tab)!.states.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

/** "12 of 1,340" while a tab is paged in part; "12" once all of it is. */
export function loadedLabel(loaded: number, total: number): string {
  return loaded >= total ? total.toLocaleString('en-US') : `${loaded.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
}

/**
 * Why the signed-in operator may not sign this withdrawal (separation of duties: the initiator
 * never signs), or undefined. The core refuses it too; the screen says so before anyone tries.
 */
export function signRefusal(w: Pick<WithdrawalView, 'initiator'>, username: string | undefined): string | undefined {
  return w.initiator !== null && username !== undefined && w.initiator === username ? 'You opened this withdrawal: the initiator cannot sign it. Another custody officer has the HSM sign.' : undefined;
}

/**
 * The id `step` rows away from `current` in `ids` (j: +1, k: -1), stopping at either end. With
 * nothing selected (or a selection no longer listed), j starts at the top and k at the bottom.
 */
export function stepSelection(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return step === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))]!;
}

export type AmountInput = { readonly ok: true; readonly decimal: string; readonly minor: bigint } | { readonly ok: false; readonly message: string };

/**
 * An amount as an officer types it (`0.25`, `1,250.5`, ` 0.250 `) → the decimal text the command
 * takes (`0.25`) and its minor units, exactly; or why not. Grouping commas are accepted only where
 * they group thousands; more decimals than the asset has are refused, never rounded away.
 */
export function parseAmountInput(text: string, decimals: number, options: { readonly what?: string; readonly allowZero?: boolean } = {}): AmountInput {
  const what = options.what ?? 'Amount';
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `${what} is required` };
  const grouped = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed);
  const plain = grouped ? trimmed.replace(/,/g, '') : trimmed;
  if (!/^\d+(\.\d+)?$/.test(plain)) return { ok: false, message: `${what} must be a number like 0.25 (a point for decimals, no sign)` };
  let minor: bigint;
  try {
    // Leading zeros ("00.5") are normalised before the strict parser sees them.
    minor = parseAmount(plain.replace(/^0+(?=\d)/, ''), decimals, what);
  } catch (error) {
    if (error instanceof AmountError) return { ok: false, message: `${what} has more than ${decimals} decimal places` };
    throw error;
  }
  if (minor === 0n && !options.allowZero) return { ok: false, message: `${what} must be more than zero` };
  return { ok: true, decimal: formatAmount(minor, decimals), minor };
}

/** `sanctions screening` → `Sanctions screening`. */
export function checkTitle(name: string): string {
  return name.length === 0 ? name : name[0]!.toUpperCase() + name.slice(1);
}

/** The screening check (OFAC addresses), if the core ran one. */
export function screeningOf(prechecks: readonly Precheck[]): Precheck | undefined {
  return prechecks.find((p) => /screening/i.test(p.name));
}

/** The velocity and exposure limits check, if the core ran one. */
export function limitsOf(prechecks: readonly Precheck[]): Precheck | undefined {
  return prechecks.find((p) => /limit/i.test(p.name));
}

/**
 * The customer's risk as a check reported it (the KYC gate and risk scoring add theirs to the same
 * list when they arrive). Undefined when no such check ran: the screen says so rather than guess.
 */
export function customerRiskOf(prechecks: readonly Precheck[]): Precheck | undefined {
  return prechecks.find((p) => /risk|kyc|due diligence/i.test(p.name));
}

/** Where a withdrawal came from, in words. */
export function originText(w: Pick<WithdrawalView, 'source' | 'customerId' | 'requestRef' | 'initiator'>): string {
  if (w.source === 'bundle') return `Customer request${w.customerId ? ` of ${w.customerId}` : ''} from the online node${w.requestRef ? ` (${w.requestRef})` : ''}`;
  if (w.customerId) return `Customer withdrawal of ${w.customerId} entered at the console${w.initiator ? ` by ${w.initiator}` : ''}`;
  return `Treasury move opened at the console${w.initiator ? ` by ${w.initiator}` : ''}`;
}

/**
 * The wallet a withdrawal of `wallet.assetId` from a `wallet.role` wallet is paid from. The create
 * command names a role, not a wallet: the core takes the oldest wallet of that asset and role, so
 * a younger one cannot be chosen here.
 */
export function walletUsedFor(wallets: readonly WalletView[], assetId: string, role: WalletView['role']): WalletView | undefined {
  return [...wallets].filter((w) => w.assetId === assetId && w.role === role).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))[0];
}

/**
 * How old the market price was when the withdrawal was valued, when that is more than `staleMs`
 * (the USD value chose the policy tier, so an old price is worth a second look). Undefined when
 * the price was fresh or either time is unreadable.
 */
export function priceAgeWarning(valuedAt: string, createdAt: string, staleMs = 3_600_000): string | undefined {
  const age = Date.parse(createdAt) - Date.parse(valuedAt);
  if (Number.isNaN(age) || age <= staleMs) return undefined;
  return `the price was ${formatSpan(age)} old when the withdrawal was valued`;
}

/** The payload section's title: what will be signed while open, what was signed after, what was asked when stopped. */
export function payloadTitle(state: WithdrawalState): string {
  if (SIGNED_STATES.includes(state)) return 'What was signed';
  if (OPEN_STATES.includes(state)) return 'Exactly what will be signed';
  return 'What was requested (nothing will be signed)';
}
