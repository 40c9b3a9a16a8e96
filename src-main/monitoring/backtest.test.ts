import { describe, expect, it } from 'vitest';
import defaultRules from '../../resources/monitoring/default-rules.json';
import { VaultlineError } from '../errors';
import { backtest, type HistoricalTransaction } from './backtest';
import type { CustomerFacts, MonitoredTransaction } from './monitoring.engine';
import { compileRuleSet } from './rule-compiler';

const noLists = { has: () => false };
const facts: CustomerFacts = { riskLevel: 'low', pep: false, country: 'DE', onboardedAt: '2024-01-01T00:00:00.000Z' };
const active = compileRuleSet(defaultRules);

function draftWithHighValueAt(usd: string) {
  const doc = JSON.parse(JSON.stringify(defaultRules)) as typeof defaultRules;
  const rule = doc.rules.find((r) => r.id === 'high-value')!;
  (rule.when as { value: string }).value = usd;
  return compileRuleSet(doc);
}

function history(rows: [string, string, string?][]): HistoricalTransaction[] {
  return rows.map(([at, usd, customerId], i) => {
    const tx: MonitoredTransaction = {
      id: `t${i}`,
      at,
      direction: 'deposit',
      customerId: customerId ?? 'C-1',
      assetId: 'BTC',
      usdCents: BigInt(Math.round(Number(usd) * 100)),
      counterpartyAddress: `bc1qpeer${i}`,
      counterpartyCountry: null,
      counterpartyVasp: null,
      counterpartyPep: false,
    };
    return { tx, customer: facts };
  });
}

const range = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

describe('backtest', () => {
  it('shows what a draft would raise, what it adds and drops against the active set, and the past false-positive rate', () => {
    const h = history([
      ['2026-03-02T10:00:00.000Z', '6000'],
      ['2026-03-03T10:00:00.000Z', '12000', 'C-2'],
      ['2026-03-04T10:00:00.000Z', '100', 'C-3'],
    ]);
    const outcomes = new Map([['high-value', { falsePositive: 30, valuable: 8, riskConfirmed: 2 }]]);
    const result = backtest(draftWithHighValueAt('5000'), active, noLists, h, { ...range, outcomes });
    expect(result.transactions).toBe(3);
    const high = result.rules.find((r) => r.ruleId === 'high-value')!;
    expect(high).toMatchObject({ draftAlerts: 2, activeAlerts: 1, added: 1, removed: 0, resolvedAlerts: 40, historicalFalsePositiveRate: 0.75 });
    expect(result.addedSample).toEqual([{ txId: 't0', ruleId: 'high-value', at: '2026-03-02T10:00:00.000Z' }]);
    const raised = backtest(draftWithHighValueAt('20000'), active, noLists, h, range);
    expect(raised.rules.find((r) => r.ruleId === 'high-value')).toMatchObject({ draftAlerts: 0, activeAlerts: 1, removed: 1 });
    expect(raised.rules.find((r) => r.ruleId === 'structuring')?.historicalFalsePositiveRate).toBeNull();
  });

  it('warms windows up with the look-back before the range, without raising alerts there', () => {
    const h = history([
      ['2026-02-28T20:00:00.000Z', '2950'],
      ['2026-02-28T22:00:00.000Z', '2950'],
      ['2026-03-01T01:00:00.000Z', '2950'],
    ]);
    const result = backtest(active, null, noLists, h, range);
    expect(result.transactions).toBe(1);
    expect(result.rules.find((r) => r.ruleId === 'structuring')?.draftAlerts).toBe(1);
  });

  it('refuses an empty range, a range with no transactions and history out of order', () => {
    const h = history([['2026-03-02T10:00:00.000Z', '6000']]);
    expect(() => backtest(active, null, noLists, h, { from: range.to, to: range.from })).toThrow(/range is empty/);
    expect(() => backtest(active, null, noLists, h, { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' })).toThrow(VaultlineError);
    expect(() => backtest(active, null, noLists, h, { from: 'yesterday', to: range.to })).toThrow(/ISO timestamps/);
    const shuffled = history([
      ['2026-03-03T10:00:00.000Z', '1'],
      ['2026-03-02T10:00:00.000Z', '1'],
    ]);
    expect(() => backtest(active, null, noLists, shuffled, range)).toThrow(/time order/);
  });
});
