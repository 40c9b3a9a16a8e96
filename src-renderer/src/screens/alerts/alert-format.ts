/**
 * Pure helpers of the Alerts screen: labels and colours of levels, states and outcomes, the queue's
 * filter and sort as they live in the URL, what a bulk close needs before it is sent, and how a
 * condition's values read. The core decides everything that matters (monitoring.alerts.* check
 * roles, states and reasons); these only keep the screen from offering what would be refused.
 */
import { formatUsdCents } from '../withdrawals/withdrawal-format';

export const ALERT_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const LEVEL_LABELS: Readonly<Record<AlertLevel, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
export const LEVEL_COLORS: Readonly<Record<AlertLevel, string>> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'gray' };

export const OUTCOMES = ['false_positive', 'valuable', 'risk_confirmed'] as const;
export type AlertOutcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Readonly<Record<AlertOutcome, string>> = { false_positive: 'False positive', valuable: 'Valuable alert', risk_confirmed: 'Risk confirmed' };
export const OUTCOME_COLORS: Readonly<Record<AlertOutcome, string>> = { false_positive: 'gray', valuable: 'blue', risk_confirmed: 'red' };

export const STATE_FILTERS = ['open', 'closed', 'suppressed', 'all'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export const SORT_KEYS = ['raisedAt', 'level', 'rule', 'customer', 'amount'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_LABELS: Readonly<Record<SortKey, string>> = { raisedAt: 'Raised', level: 'Level', rule: 'Rule', customer: 'Customer', amount: 'USD value' };

/** The most ids one monitoring.alerts.close takes. */
export const MAX_CLOSE_IDS = 5000;
/** The shortest reason monitoring.alerts.close accepts. */
export const MIN_REASON = 10;
/** The longest suppression monitoring.suppressions.create accepts. */
export const MAX_SUPPRESSION_DAYS = 180;

const oneOf = <T extends string>(values: readonly T[], value: string | null | undefined): T | undefined => (value && (values as readonly string[]).includes(value) ? (value as T) : undefined);

export const levelOf = (value: string | null | undefined): AlertLevel | undefined => oneOf(ALERT_LEVELS, value);
export const outcomeOf = (value: string | null | undefined): AlertOutcome | undefined => oneOf(OUTCOMES, value);
export const stateFilterOf = (value: string | null | undefined): StateFilter => oneOf(STATE_FILTERS, value) ?? 'open';
export const sortKeyOf = (value: string | null | undefined): SortKey => oneOf(SORT_KEYS, value) ?? 'raisedAt';

/** The queue's filter as the URL holds it; `assignee` is 'me', 'unassigned' or nothing. */
export interface AlertFilter {
  readonly state: StateFilter;
  readonly level?: AlertLevel;
  readonly ruleId?: string;
  readonly customerId?: string;
  readonly assignee?: 'me' | 'unassigned';
  readonly q?: string;
}

export interface AlertSort {
  readonly by: SortKey;
  readonly dir: 'asc' | 'desc';
}

interface Params {
  get(name: string): string | null;
}

const text = (value: string | null, max: number): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
};

/** The filter in a URL query (unknown values are dropped, not guessed). */
export function alertFilterOf(params: Params): AlertFilter {
  const level = levelOf(params.get('level'));
  const ruleId = text(params.get('rule'), 64);
  const customerId = text(params.get('customer'), 64);
  const assignee = oneOf(['me', 'unassigned'] as const, params.get('assignee'));
  const q = text(params.get('q'), 100);
  return { state: stateFilterOf(params.get('state')), ...(level ? { level } : {}), ...(ruleId ? { ruleId } : {}), ...(customerId ? { customerId } : {}), ...(assignee ? { assignee } : {}), ...(q ? { q } : {}) };
}

/** The sort in a URL query: newest first unless the operator chose otherwise. */
export function alertSortOf(params: Params): AlertSort {
  return { by: sortKeyOf(params.get('sort')), dir: params.get('dir') === 'asc' ? 'asc' : 'desc' };
}

/** Whether anything beyond the default (open alerts) narrows the queue. */
export function isFiltered(filter: AlertFilter): boolean {
  return Boolean(filter.level || filter.ruleId || filter.customerId || filter.assignee || filter.q);
}

/** Why a bulk close cannot be sent yet, or undefined when it can. */
export function closeProblem(ids: readonly unknown[], outcome: string | null | undefined, reason: string): string | undefined {
  if (ids.length === 0) return 'Select at least one alert.';
  if (ids.length > MAX_CLOSE_IDS) return `At most ${MAX_CLOSE_IDS} alerts can be closed at once; ${ids.length} are selected.`;
  if (!outcomeOf(outcome)) return 'Choose an outcome: false positive, valuable alert or risk confirmed.';
  const length = reason.trim().length;
  if (length < MIN_REASON) return `The reason must be at least ${MIN_REASON} characters (${length} so far).`;
  return undefined;
}

/** Why a suppression cannot be sent yet, or undefined when it can. */
export function suppressionProblem(days: number | string, reason: string, caseId: string | null | undefined): string | undefined {
  if (!caseId) return 'A rule can be suppressed only from a reviewed case: open a case from this alert first.';
  const n = typeof days === 'number' ? days : Number(days);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SUPPRESSION_DAYS) return `Days must be a whole number from 1 to ${MAX_SUPPRESSION_DAYS}.`;
  const length = reason.trim().length;
  if (length < MIN_REASON) return `The reason must be at least ${MIN_REASON} characters (${length} so far).`;
  return undefined;
}

/** Values whose name says they are USD cents (`usdCents`, `sumUsdCents`, `thresholdUsdCents`). */
const USD_CENTS = /usdcents$/i;

/** One value behind a condition, as it reads: USD cents as dollars, everything else as the core wrote it. */
export function conditionValueText(name: string, value: string): string {
  if (USD_CENTS.test(name) && /^-?\d+$/.test(value)) return `${formatUsdCents(value)} USD`;
  return value;
}

/** A condition's values, in a stable order (the names sorted), each as it reads. */
export function conditionValues(values: Readonly<Record<string, string>>): readonly { readonly name: string; readonly text: string; readonly raw: string }[] {
  return Object.keys(values)
    .sort()
    .map((name) => ({ name, text: conditionValueText(name, values[name]!), raw: values[name]! }));
}

/** `counterpartyUsdCents` → `counterparty USD cents`: a value's name for people. */
export function valueLabel(name: string): string {
  return name
    .replace(/UsdCents$/i, 'Usd')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._]/g, ' ')
    .toLowerCase()
    .replace(/\busd\b/g, 'USD');
}

/**
 * The queue's count line: the whole queue (`1,234 open alerts`), and, when not all of it fits in
 * view, which rows are in view (`Rows 41–80 of 1,234 open alerts`). Positions are 1-based.
 * `view` is the rows in view, 0-based inclusive (undefined before the table has measured itself).
 */
export function queueCountText(total: number, state: StateFilter, view?: { readonly first: number; readonly last: number }): string {
  const noun = state === 'all' ? 'alert' : `${state} alert`;
  const plural = total === 1 ? noun : `${noun}s`;
  const n = total.toLocaleString('en-US');
  if (!view || view.last < view.first || (view.first <= 0 && view.last >= total - 1)) return `${n} ${plural}`;
  return `Rows ${rowsText(view.first, Math.min(view.last, total - 1))} of ${n} ${plural}`;
}

const rowsText = (first: number, last: number): string => (first === last ? (first + 1).toLocaleString('en-US') : `${(first + 1).toLocaleString('en-US')}–${(last + 1).toLocaleString('en-US')}`);

/**
 * Where rows sit in the queue, as 1-based runs: [0, 1, 2, 7, 500] → "1–3, 8, 501". At most `max`
 * runs are named; the rest are counted ("… and 4 more runs").
 */
export function positionsText(indexes: readonly number[], max = 4): string {
  const sorted = [...new Set(indexes.filter((i) => i >= 0))].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const i of sorted) {
    const last = runs[runs.length - 1];
    if (last && i === last[1] + 1) last[1] = i;
    else runs.push([i, i]);
  }
  const named = runs.slice(0, max).map(([a, b]) => rowsText(a, b));
  const more = runs.length - named.length;
  return more > 0 ? `${named.join(', ')} … and ${more} more run${more === 1 ? '' : 's'}` : named.join(', ');
}

/** Blocks of rows that could not be loaded, 1-based: "501–1,000, 99,501–100,000" (at most `max` named). */
export function failedRunsText(blocks: readonly { readonly first: number; readonly last: number }[], max = 3): string {
  const named = blocks.slice(0, max).map((b) => rowsText(b.first, b.last));
  const more = blocks.length - named.length;
  return more > 0 ? `${named.join(', ')} … and ${more} more` : named.join(', ');
}

/**
 * "Select in view": the loaded rows whose positions are in view (0-based inclusive), in queue order.
 * What the operator selects is what they can see, never rows of pages scrolled past.
 */
export function rowsInView<T>(rowAt: (index: number) => T | undefined, view: { readonly first: number; readonly last: number } | undefined): T[] {
  if (!view) return [];
  const out: T[] = [];
  for (let i = Math.max(0, view.first); i <= view.last; i++) {
    const row = rowAt(i);
    if (row !== undefined) out.push(row);
  }
  return out;
}

/** Rows selected for a bulk action, kept only while they are still in view (a refresh may drop them). */
export function keepSelected<K>(selected: ReadonlySet<K>, rows: readonly { readonly id: K }[]): Set<K> {
  const present = new Set(rows.map((r) => r.id));
  return new Set([...selected].filter((id) => present.has(id)));
}

/** Toggle one id in a selection (a new set: React state is never mutated). */
export function toggle<K>(selected: ReadonlySet<K>, id: K): Set<K> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
