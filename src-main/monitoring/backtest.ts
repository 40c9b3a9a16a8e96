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

/**
 * A backtest fed a slice at a time (the job reads history in slices between commands, so the bus
 * stays free); `backtest()` below runs one over an iterable in one go.
 */
export class Backtester {
  readonly #draftEngine: MonitoringEngine;
  readonly #activeEngine: MonitoringEngine | null;
  readonly #fromMs: number;
  readonly #toMs: number;
  readonly #warmFrom: number;
  readonly #sampleLimit: number;
  readonly #counts = new Map<string, { name: string; draft: number; active: number; added: number; removed: number }>();
  readonly #addedSample: BacktestResult['addedSample'][number][] = [];
  readonly #removedSample: BacktestResult['removedSample'][number][] = [];
  #judged = 0;
  #draftAlerts = 0;
  #activeAlerts = 0;
  #previousMs = Number.NEGATIVE_INFINITY;
  #ended = false;

  constructor(
    private readonly draft: CompiledRuleSet,
    private readonly active: CompiledRuleSet | null,
    lists: ListLookup,
    private readonly options: BacktestOptions,
  ) {
    this.#fromMs = Date.parse(options.from);
    this.#toMs = Date.parse(options.to);
    if (!Number.isFinite(this.#fromMs) || !Number.isFinite(this.#toMs)) throw new VaultlineError('VALIDATION', 'The backtest range needs two ISO timestamps.', { issues: [{ path: 'from', message: 'must be an ISO timestamp' }] });
    if (this.#fromMs >= this.#toMs) throw new VaultlineError('VALIDATION', 'The backtest range is empty: "from" must be before "to".', { issues: [{ path: 'to', message: 'must be after from' }] });
    this.#sampleLimit = options.sampleLimit ?? 200;
    this.#draftEngine = new MonitoringEngine(draft, lists);
    this.#activeEngine = active ? new MonitoringEngine(active, lists) : null;
    // Transactions in the look-back before `from` warm the windows up; they raise nothing.
    this.#warmFrom = this.#fromMs - Math.max(draft.lookbackMs, active?.lookbackMs ?? 0);
    for (const r of draft.rules) this.#row(r.id, r.name);
  }

  /** The earliest transaction time the backtest reads (its window warm-up). */
  get warmFrom(): string {
    return new Date(this.#warmFrom).toISOString();
  }

  get judged(): number {
    return this.#judged;
  }

  #row(id: string, name: string) {
    let r = this.#counts.get(id);
    if (!r) this.#counts.set(id, (r = { name, draft: 0, active: 0, added: 0, removed: 0 }));
    return r;
  }

  /** Feeds transactions in time order; returns false once past the range (the rest can be skipped). */
  feed(history: Iterable<HistoricalTransaction>): boolean {
    for (const { tx, customer } of history) {
      const atMs = Date.parse(tx.at);
      if (atMs < this.#previousMs) throw new VaultlineError('VALIDATION', `History must come in time order; transaction ${tx.id} is earlier than the one before it.`);
      this.#previousMs = atMs;
      if (atMs >= this.#toMs) {
        this.#ended = true;
        return false;
      }
      if (atMs < this.#warmFrom) continue;
      if (atMs < this.#fromMs) {
        this.#draftEngine.observe(tx, customer);
        this.#activeEngine?.observe(tx, customer);
        continue;
      }
      this.#judge(tx, customer);
    }
    return !this.#ended;
  }

  #judge(tx: MonitoredTransaction, customer: CustomerFacts): void {
    const drafted = new Set(this.#draftEngine.evaluate(tx, customer).map((h) => h.ruleId));
    const actual = new Set(this.#activeEngine?.evaluate(tx, customer).map((h) => h.ruleId) ?? []);
    this.#draftAlerts += drafted.size;
    this.#activeAlerts += actual.size;
    for (const id of drafted) {
      const r = this.#row(id, id);
      r.draft += 1;
      if (!actual.has(id)) {
        r.added += 1;
        if (this.#addedSample.length < this.#sampleLimit) this.#addedSample.push({ txId: tx.id, ruleId: id, at: tx.at });
      }
    }
    for (const id of actual) {
      const r = this.#row(id, this.active?.rules.find((x) => x.id === id)?.name ?? id);
      r.active += 1;
      if (!drafted.has(id)) {
        r.removed += 1;
        if (this.#removedSample.length < this.#sampleLimit) this.#removedSample.push({ txId: tx.id, ruleId: id, at: tx.at });
      }
    }
    this.#judged += 1;
    if (this.#judged % 5000 === 0) this.options.progress?.(this.#judged);
  }

  result(): BacktestResult {
    const options = this.options;
    if (this.#judged === 0) throw new VaultlineError('VALIDATION', `No transactions between ${options.from} and ${options.to}: nothing to backtest.`, { issues: [{ path: 'from', message: 'the range holds no transactions' }] });
    options.progress?.(this.#judged);
    const rules = [...this.#counts].map(([ruleId, r]): RuleBacktest => {
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
    return { from: options.from, to: options.to, transactions: this.#judged, draftAlerts: this.#draftAlerts, activeAlerts: this.#activeAlerts, rules, addedSample: this.#addedSample, removedSample: this.#removedSample };
  }
}

export function backtest(draft: CompiledRuleSet, active: CompiledRuleSet | null, lists: ListLookup, history: Iterable<HistoricalTransaction>, options: BacktestOptions): BacktestResult {
  const run = new Backtester(draft, active, lists, options);
  run.feed(history);
  return run.result();
}
