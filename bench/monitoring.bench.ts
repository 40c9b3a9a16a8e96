/**
 * Transaction monitoring (issue 9): transactions judged per second by the whole default rule set
 * over a history of 1 million transactions (target ≥ 50 000/s on one core), with peak memory,
 * against the cheapest possible monitor over the same transactions (one hand-written threshold
 * check, no aggregates) in the same run; and a backtest of a draft rule set against the active one
 * over the same history, against one engine's pass alone. Then the same history stored in a real
 * console (encrypted SQLite): the backtest job as the product runs it (history read in slices
 * between commands, a draft version against the active one), beside the in-memory backtest of the
 * same run; and transactions judged live through the console (stored, alerts written) beside the
 * engine alone; and a deep page of the alert queue at 100 000 open alerts sorted by amount, beside
 * the same page in index order. VAULTLINE_BENCH_MONITORED scales the history;
 * VAULTLINE_BENCH_MONITORED_LIVE the live run (default 20 000).
 */
import { performance } from 'node:perf_hooks';
import defaultRules from '../resources/monitoring/default-rules.json';
import mixers from '../resources/monitoring/mixers.json';
import { AddressScreening } from '../src-main/screening/address-screening';
import { compileRuleSet } from '../src-main/monitoring/rule-compiler';
import { backtest } from '../src-main/monitoring/backtest';
import { MonitoringEngine, type CustomerFacts, type MonitoredTransaction } from '../src-main/monitoring/monitoring.engine';
import type { ListName } from '../src-shared/monitoring/rule-set.schema';
import { figure, type Figure } from './harness';
import { PeakMemory } from './memory';
import { CUSTODY, initConsole, removeDataDir } from '../test/helpers/dev-data';
import { inTransaction } from '../src-main/db/database';
import { runBacktest } from '../src-main/monitoring/backtest.job';
import { AlertQueue } from '../src-main/monitoring/alert-queue';
import { systemClock } from '../src-main/platform/clock';
import { time } from './harness';

function* transactions(count: number, customers: number): Generator<MonitoredTransaction> {
  let seed = 0x1234567;
  const random = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  // A year of history: about 2 700 transactions an hour across the book.
  const start = Date.parse('2025-06-01T00:00:00.000Z');
  const step = (365 * 86_400_000) / count;
  for (let i = 0; i < count; i++) {
    const r = random();
    yield {
      id: `tx-${i}`,
      at: new Date(start + Math.floor(i * step)).toISOString(),
      direction: r < 0.55 ? 'deposit' : 'withdrawal',
      customerId: `C-${Math.floor(random() * customers)}`,
      assetId: r < 0.6 ? 'BTC' : 'ETH',
      // Mostly small, a long tail of large transfers.
      usdCents: BigInt(Math.floor(100 + 1_500_000 * random() ** 6)),
      counterpartyAddress: `bc1qpeer${Math.floor(random() * 200_000)}`,
      counterpartyCountry: random() < 0.01 ? 'KP' : 'DE',
      counterpartyVasp: null,
      counterpartyPep: random() < 0.001,
    };
  }
}

export async function monitoringBenchmarks(): Promise<Figure[]> {
  const count = Number(process.env.VAULTLINE_BENCH_MONITORED ?? 1_000_000);
  const customers = Math.max(10, Math.floor(count / 10));
  const screening = new AddressScreening();
  const mixerSet = new Set(mixers.addresses.map((m) => m.address));
  const high = new Set(['KP', 'IR', 'MM']);
  const lists = {
    has(list: ListName, value: string): boolean {
      if (list === 'sanctioned-addresses') return screening.screen(value.startsWith('0x') ? 'ethereum' : 'bitcoin', value) !== undefined;
      if (list === 'mixers') return mixerSet.has(value.toLowerCase());
      if (list === 'high-risk-jurisdictions') return high.has(value);
      return false;
    },
  };
  const facts: CustomerFacts = { riskLevel: 'low', pep: false, country: 'DE', onboardedAt: '2025-01-01T00:00:00.000Z' };

  // Materialise the history first, so both loops time only the judging.
  const history = [...transactions(count, customers)];
  await Promise.resolve();

  const memory = new PeakMemory();
  const engine = new MonitoringEngine(compileRuleSet(defaultRules), lists);
  let alerts = 0;
  let t = performance.now();
  for (let i = 0; i < history.length; i++) {
    alerts += engine.evaluate(history[i]!, facts).length;
    if (i % 10_000 === 0) memory.sample();
  }
  const engineMs = performance.now() - t;

  let flagged = 0;
  t = performance.now();
  for (const tx of history) if (tx.usdCents >= 1_000_000n) flagged += 1;
  const bareMs = performance.now() - t;

  // A draft that lowers the high-value threshold, backtested over the whole year against the active set.
  const draftDoc = JSON.parse(JSON.stringify(defaultRules)) as typeof defaultRules;
  (draftDoc.rules.find((r) => r.id === 'high-value')!.when as { value: string }).value = '5000';
  const backtestMemory = new PeakMemory();
  t = performance.now();
  const result = backtest(compileRuleSet(draftDoc), compileRuleSet(defaultRules), lists, history.map((tx) => ({ tx, customer: facts })), {
    from: history[0]!.at,
    to: new Date(Date.parse(history[history.length - 1]!.at) + 1).toISOString(),
    progress: () => backtestMemory.sample(),
  });
  const backtestMs = performance.now() - t;

  // VAULTLINE_BENCH_MONITORING_STORED=0 leaves out the figures through a real console (they take minutes at 1 M).
  const stored = process.env.VAULTLINE_BENCH_MONITORING_STORED === '0' ? [] : await storedHistoryBenchmarks(history, draftDoc, backtestMs, engineMs, count);

  return [
    ...stored,
    figure(`backtest of a draft rule set against the active one, ${count} transactions`, 's', backtestMs / 1000, 'one pass of the active rule set alone', engineMs / 1000, 'lower', {
      draftAlerts: result.draftAlerts,
      activeAlerts: result.activeAlerts,
      peakRssMiB: Math.round(backtestMemory.peakMiB),
    }),
    figure(`transactions judged by the default rule set (${defaultRules.rules.length} rules, ${defaultRules.aggregates.length} windowed aggregates), ${count} in history`, 'tx/s', (count * 1000) / engineMs, 'one hand-written threshold check, same transactions', (count * 1000) / bareMs, 'higher', {
      targetTxPerSecond: 50_000,
      alerts,
      highValueByHand: flagged,
      customers,
      peakRssMiB: Math.round(memory.peakMiB),
      rssGrowthMiB: Math.round(memory.growthMiB),
    }),
  ];
}

/** The backtest job over history stored in a real console, and live judging through the console. */
async function storedHistoryBenchmarks(history: readonly MonitoredTransaction[], draftDoc: unknown, inMemoryBacktestMs: number, engineMs: number, count: number): Promise<Figure[]> {
  const live = Number(process.env.VAULTLINE_BENCH_MONITORED_LIVE ?? 20_000);
  const { dir, core } = await initConsole();
  try {
    const unlocked = await core.bus.invoke('console.unlock', { pin: CUSTODY.pin }, { host: 'test' });
    if (!unlocked.ok) throw new Error(unlocked.error.message);
    const db = core.console.requireDb();
    const insert = db.sqlite.prepare(
      `INSERT INTO monitored_transactions (id, seq, at, direction, customer_id, asset_id, amount, usd_cents, counterparty_address, counterparty_country, counterparty_vasp, counterparty_pep, source_ref, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const recordedAt = new Date().toISOString();
    for (let start = 0; start < history.length; start += 50_000) {
      db.sqlite.transaction(() => {
        for (let i = start; i < Math.min(history.length, start + 50_000); i++) {
          const tx = history[i]!;
          insert.run(tx.id, i + 1, tx.at, tx.direction, tx.customerId, tx.assetId, '1', tx.usdCents.toString(), tx.counterpartyAddress, tx.counterpartyCountry, tx.counterpartyVasp, tx.counterpartyPep ? 1 : 0, tx.id, recordedAt);
        }
      })();
    }
    const officer = { id: 'op_bench0000000000000', username: 'bench', roles: ['compliance_officer'] };
    const version = await inTransaction(db, () => {
      core.monitoring.ensureRules(db);
      return core.monitoring.draft(db, draftDoc, 'bench: high value from 5 000 USD', officer).version;
    });
    const memory = new PeakMemory();
    let t = performance.now();
    const result = await runBacktest((work) => core.bus.exclusive(() => work(db)), core.monitoring, version, history[0]!.at, new Date(Date.parse(history[history.length - 1]!.at) + 1).toISOString(), {
      report: () => memory.sample(),
    });
    const storedMs = performance.now() - t;

    // Live: the next transactions judged one by one through the console (stored, alerts written), in slices of 1 000 per transaction.
    const start = Date.parse(history[history.length - 1]!.at) + 1000;
    // The first judgement after unlock rebuilds the windows from the stored look-back (90 days + 6 h
    // here): timed on its own, beside the engine judging as many transactions in memory.
    const lookbackFrom = Date.parse(history[history.length - 1]!.at) - (90 * 24 + 6) * 3_600_000;
    const rebuilt = history.filter((tx) => Date.parse(tx.at) >= lookbackFrom).length;
    t = performance.now();
    await inTransaction(db, () => core.monitoring.judge(db, { ...history[0]!, id: 'live-warm', at: new Date(start - 500).toISOString(), amount: 1n, sourceRef: 'live-warm' }, 'bench'));
    const rebuildMs = performance.now() - t;
    let raised = 0;
    t = performance.now();
    for (let from = 0; from < live; from += 1000) {
      await inTransaction(db, () => {
        for (let i = from; i < Math.min(live, from + 1000); i++) {
          const tx = history[i % history.length]!;
          raised += core.monitoring.judge(db, { ...tx, id: `live-${i}`, at: new Date(start + i * 1000).toISOString(), amount: 1n, sourceRef: `live-${i}` }, 'bench').length;
        }
      });
    }
    const liveMs = performance.now() - t;

    // The alert queue at 100 000 alerts (or one per stored transaction, if fewer): pages of 500
    // through the core's query, sorted by amount (a sort over the alerts table) beside the
    // newest-first order the index gives directly.
    const alertCount = Math.min(100_000, history.length);
    const levels = ['low', 'medium', 'high', 'critical'] as const;
    const addAlert = db.sqlite.prepare(
      `INSERT INTO monitoring_alerts (raised_at, rule_id, rule_version, rule_title, level, level_rank, actions, conditions, tx_id, tx_ref, customer_id, asset_id, amount, usd_cents, usd_key, state, assignee) VALUES (?, ?, 1, ?, ?, ?, '[]', '{"conditions":[],"figures":{}}', ?, ?, ?, ?, '1', ?, ?, 'open', ?)`,
    );
    db.sqlite.transaction(() => {
      for (let i = 0; i < alertCount; i++) {
        const tx = history[i]!;
        const level = i % 4;
        addAlert.run(tx.at, `rule-${i % 10}`, `Rule ${i % 10}`, levels[level], level + 1, tx.id, tx.id, tx.customerId, tx.assetId, tx.usdCents.toString(), tx.usdCents.toString().padStart(20, '0'), i % 3 === 0 ? 'op_bench0000000000000' : null);
      }
    })();
    const queue = new AlertQueue(systemClock, core.monitoring.lists);
    const pageAfter = (by: 'amount' | 'raisedAt', depth: number) => {
      let cursor: string | undefined;
      for (let k = 0; k < depth; k++) cursor = queue.list(db, { limit: 500, cursor, sort: { by, dir: 'desc' } }, 'op_bench0000000000000').nextCursor ?? undefined;
      return cursor;
    };
    const deepAmount = pageAfter('amount', 20);
    const deepRaised = pageAfter('raisedAt', 20);
    const byAmount = await time(30, () => queue.list(db, { limit: 500, cursor: deepAmount, sort: { by: 'amount', dir: 'desc' } }, 'op_bench0000000000000'));
    const byRaised = await time(30, () => queue.list(db, { limit: 500, cursor: deepRaised, sort: { by: 'raisedAt', dir: 'desc' } }, 'op_bench0000000000000'));
    return [
      figure(`monitoring.alerts.list: a page of 500 (the 21st) by amount, with total and counts, ${alertCount} open alerts`, 'ms', byAmount.meanMs, 'the same page newest first (index order)', byRaised.meanMs, 'lower', { p99Ms: Number(byAmount.p99Ms.toFixed(2)) }),
      figure(`backtest job over ${count} stored transactions (encrypted SQLite, slices between commands)`, 's', storedMs / 1000, 'the same backtest over the history in memory', inMemoryBacktestMs / 1000, 'lower', {
        transactions: result.transactions,
        draftAlerts: result.alerts,
        activeAlerts: result.activeAlerts,
        peakRssMiB: Math.round(memory.peakMiB),
      }),
      figure(`engine windows rebuilt after unlock (or a new rule-set version) from the stored look-back: ${rebuilt} of ${count} transactions`, 's', rebuildMs / 1000, 'the engine judging as many in memory', (rebuilt * engineMs) / count / 1000, 'lower'),
      figure(`transactions judged live through the console (history stored, alerts written), ${live} after ${count} stored`, 'tx/s', (live * 1000) / liveMs, 'the engine alone over the history in memory', (count * 1000) / engineMs, 'higher', { alerts: raised }),
    ];
  } finally {
    await core.close();
    removeDataDir(dir);
  }
}
