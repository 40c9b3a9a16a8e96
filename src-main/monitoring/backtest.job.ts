/**
 * A backtest as a job: the stored history of the range (and its look-back for warm-up) is read in
 * slices of `SLICE` transactions between commands (`slice` runs work on the bus's queue), fed to a
 * Backtester for the version and the active set, and summarised with each rule's historical
 * false-positive rate from closed alerts. Customers' facts are today's (KYC files as they stand),
 * not as they were at each transaction's time.
 */
import type { BacktestResultView } from '../../src-shared/commands/monitoring.commands';
import type { ReadableDB, WritableDB } from '../db/database';
import { activeRuleVersion, countTxsBetween, outcomesByRule, txsPage, type RuleVersionRow } from '../db/monitoring.repository';
import { VaultlineError } from '../errors';
import type { JobProgress } from '../services/jobs.service';
import { Backtester, type HistoricalTransaction } from './backtest';
import type { CustomerFacts } from './monitoring.engine';
import { toEngineTx, type MonitoringService } from './monitoring.service';

const SLICE = 20_000;

export type Slice = <T>(work: (db: WritableDB) => T) => Promise<T>;

/** Checks the request before a job starts: an unknown version or an empty range is refused, nothing started. */
export function checkBacktest(db: WritableDB, monitoring: MonitoringService, version: number, from: string, to: string): RuleVersionRow {
  const row = monitoring.requireVersion(db, version);
  if (Date.parse(from) >= Date.parse(to)) throw new VaultlineError('VALIDATION', 'The backtest range is empty: "from" must be before "to".', { issues: [{ path: 'to', message: 'must be after from' }] });
  if (countTxsBetween(db, from, to) === 0) throw new VaultlineError('VALIDATION', `No transactions between ${from} and ${to}: nothing to backtest.`, { issues: [{ path: 'from', message: 'the range holds no transactions' }] });
  monitoring.ensureRules(db);
  return row;
}

export async function runBacktest(slice: Slice, monitoring: MonitoringService, version: number, from: string, to: string, progress: JobProgress): Promise<BacktestResultView> {
  const setup = await slice((db) => {
    const total = countTxsBetween(db, from, to);
    const active = activeRuleVersion(db);
    const draft = monitoring.compiled(db, version);
    const activeSet = active ? monitoring.compiled(db, active.version) : null;
    const outcomes = outcomesByRule(db);
    monitoring.lists.refresh(db);
    return { total, activeVersion: active?.version ?? null, draft, activeSet, outcomes };
  });
  const run = new Backtester(setup.draft, setup.activeSet, monitoring.lists, {
    from,
    to,
    outcomes: setup.outcomes,
    sampleLimit: 200,
    progress: (done) => progress.report(done, setup.total, 'judging transactions'),
  });
  const facts = new Map<string, CustomerFacts>();
  const factsOf = (db: ReadableDB, customerId: string): CustomerFacts => {
    let f = facts.get(customerId);
    if (!f) facts.set(customerId, (f = monitoring.customerFacts(db, customerId)));
    return f;
  };
  let afterAt = new Date(Date.parse(run.warmFrom) - 1).toISOString();
  let afterSeq = Number.MAX_SAFE_INTEGER;
  progress.report(0, setup.total, 'reading history');
  for (;;) {
    const more = await slice((db) => {
      monitoring.lists.refresh(db);
      const page = txsPage(db, afterAt, afterSeq, to, SLICE);
      const history: HistoricalTransaction[] = page.map((row) => ({ tx: toEngineTx(row), customer: factsOf(db, row.customerId) }));
      run.feed(history);
      const last = page[page.length - 1];
      if (last) {
        afterAt = last.at;
        afterSeq = last.seq;
      }
      return page.length === SLICE;
    });
    if (!more) break;
  }
  const result = run.result();
  const sample = [...result.addedSample.map((s) => ({ change: 'added' as const, ...s })), ...result.removedSample.map((s) => ({ change: 'removed' as const, ...s }))];
  return {
    version,
    activeVersion: setup.activeVersion,
    from,
    to,
    transactions: result.transactions,
    alerts: result.draftAlerts,
    activeAlerts: result.activeAlerts,
    perRule: result.rules.map((r) => ({
      ruleId: r.ruleId,
      title: r.ruleName,
      wouldRaise: r.draftAlerts,
      activeRaised: r.activeAlerts,
      added: r.added,
      removed: r.removed,
      historicalFalsePositiveRate: r.historicalFalsePositiveRate,
      resolvedAlerts: r.resolvedAlerts,
    })),
    sample,
  };
}
