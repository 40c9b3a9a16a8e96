/**
 * Backtesting: run a draft rule set over stored history, beside the active one, before anyone
 * activates it. Both engines see the same transactions in the same order, so the difference is
 * the rules' alone: the alerts the draft would raise, the ones it would add and drop against the
 * active set, and per rule the counts with the false-positive rate that resolved alerts of the
 * same rule have had in the past.
 */
import { VaultlineError } from '../errors';
import { MonitoringEngine, type CustomerFacts, type ListLookup, type MonitoredTransaction } from './monitoring.engine';
import type { CompiledRuleSet } from './rule-compiler';

export interface HistoricalTransaction {
  readonly tx: MonitoredTransaction;
  readonly customer: CustomerFacts;
}

/** How past alerts of a rule were closed: the source of the historical false-positive rate. */
export interface RuleOutcomes {
  readonly falsePositive: number;
  readonly valuable: number;
  readonly riskConfirmed: number;
}

export interface RuleBacktest {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly draftAlerts: number;
  readonly activeAlerts: number;
  /** Transactions the draft flags under this rule that the active set did not flag under it. */
  readonly added: number;
  /** Transactions the active set flagged under this rule that the draft does not. */
  readonly removed: number;
  /** From resolved alerts of this rule id; null when none were ever resolved. */
  readonly historicalFalsePositiveRate: number | null;
  readonly resolvedAlerts: number;
}

export interface BacktestResult {
  readonly from: string;
  readonly to: string;
  readonly transactions: number;
  readonly draftAlerts: number;
  readonly activeAlerts: number;
  readonly rules: readonly RuleBacktest[];
  /** Up to `sampleLimit` alerts the draft adds, for the reviewer to read. */
  readonly addedSample: readonly { readonly txId: string; readonly ruleId: string; readonly at: string }[];
  readonly removedSample: readonly { readonly txId: string; readonly ruleId: string; readonly at: string }[];
}

export interface BacktestOptions {
  readonly from: string;
  readonly to: string;
  readonly outcomes?: ReadonlyMap<string, RuleOutcomes>;
  readonly sampleLimit?: number;
  /** Called every few thousand transactions with how many were judged. */
  readonly progress?: (done: number) => void;
}

export function backtest(draft: CompiledRuleSet, active: CompiledRuleSet | null, lists: ListLookup, history: Iterable<HistoricalTransaction>, options: BacktestOptions): BacktestResult {
  const fromMs = Date.parse(options.from);
  const toMs = Date.parse(options.to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new VaultlineError('VALIDATION', 'The backtest range needs two ISO timestamps.', { issues: [{ path: 'from', message: 'must be an ISO timestamp' }] });
  if (fromMs >= toMs) throw new VaultlineError('VALIDATION', 'The backtest range is empty: "from" must be before "to".', { issues: [{ path: 'to', message: 'must be after from' }] });
  const sampleLimit = options.sampleLimit ?? 200;
  const draftEngine = new MonitoringEngine(draft, lists);
  const activeEngine = active ? new MonitoringEngine(active, lists) : null;
  // Transactions in the look-back before `from` warm the windows up; they raise nothing.
  const warmFrom = fromMs - Math.max(draft.lookbackMs, active?.lookbackMs ?? 0);
  const counts = new Map<string, { name: string; draft: number; active: number; added: number; removed: number }>();
  const row = (id: string, name: string) => {
    let r = counts.get(id);
    if (!r) counts.set(id, (r = { name, draft: 0, active: 0, added: 0, removed: 0 }));
    return r;
  };
  for (const r of draft.rules) row(r.id, r.name);
  const addedSample: BacktestResult['addedSample'][number][] = [];
  const removedSample: BacktestResult['removedSample'][number][] = [];
  let judged = 0;
  let draftAlerts = 0;
  let activeAlerts = 0;
  let previousMs = Number.NEGATIVE_INFINITY;
  for (const { tx, customer } of history) {
    const atMs = Date.parse(tx.at);
    if (atMs < previousMs) throw new VaultlineError('VALIDATION', `History must come in time order; transaction ${tx.id} is earlier than the one before it.`);
    previousMs = atMs;
    if (atMs >= toMs) break;
    if (atMs < warmFrom) continue;
    if (atMs < fromMs) {
      draftEngine.observe(tx, customer);
      activeEngine?.observe(tx, customer);
      continue;
    }
    const drafted = new Set(draftEngine.evaluate(tx, customer).map((h) => h.ruleId));
    const actual = new Set(activeEngine?.evaluate(tx, customer).map((h) => h.ruleId) ?? []);
    draftAlerts += drafted.size;
    activeAlerts += actual.size;
    for (const id of drafted) {
      const r = row(id, id);
      r.draft += 1;
      if (!actual.has(id)) {
        r.added += 1;
        if (addedSample.length < sampleLimit) addedSample.push({ txId: tx.id, ruleId: id, at: tx.at });
      }
    }
    for (const id of actual) {
      const r = row(id, active?.rules.find((x) => x.id === id)?.name ?? id);
      r.active += 1;
      if (!drafted.has(id)) {
        r.removed += 1;
        if (removedSample.length < sampleLimit) removedSample.push({ txId: tx.id, ruleId: id, at: tx.at });
      }
    }
    judged += 1;
    if (judged % 5000 === 0) options.progress?.(judged);
  }
  if (judged === 0) throw new VaultlineError('VALIDATION', `No transactions between ${options.from} and ${options.to}: nothing to backtest.`, { issues: [{ path: 'from', message: 'the range holds no transactions' }] });
  options.progress?.(judged);
  const rules = [...counts].map(([ruleId, r]): RuleBacktest => {
    const o = options.outcomes?.get(ruleId);
    const resolved = o ? o.falsePositive + o.valuable + o.riskConfirmed : 0;
    return {
      ruleId,
      ruleName: r.name,
      draftAlerts: r.draft,
      activeAlerts: r.active,
      added: r.added,
      removed: r.removed,
      historicalFalsePositiveRate: o && resolved > 0 ? o.falsePositive / resolved : null,
      resolvedAlerts: resolved,
    };
  });
  return { from: options.from, to: options.to, transactions: judged, draftAlerts, activeAlerts, rules, addedSample, removedSample };
}
