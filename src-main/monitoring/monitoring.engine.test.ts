/**
 * Taking a rolled-back transaction back out of the windows leaves the engine exactly as if it had
 * never seen it: the next transactions raise the same alerts with the same figures.
 */
import { describe, expect, it } from 'vitest';
import defaultRules from '../../resources/monitoring/default-rules.json';
import { MonitoringEngine, type CustomerFacts, type MonitoredTransaction } from './monitoring.engine';
import { compileRuleSet } from './rule-compiler';

const lists = { has: (): boolean => false };
const facts: CustomerFacts = { riskLevel: 'low', pep: false, country: 'DE', onboardedAt: '2026-02-20T00:00:00.000Z' };
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const tx = (n: number, minutes: number, usd: number, more: Partial<MonitoredTransaction> = {}): MonitoredTransaction => ({
  id: `tx-${n}`,
  at: new Date(T0 + minutes * 60_000).toISOString(),
  direction: 'deposit',
  customerId: 'C-1',
  assetId: 'BTC',
  usdCents: BigInt(usd * 100),
  counterpartyAddress: `bc1qsender${n % 7}`,
  counterpartyCountry: null,
  counterpartyVasp: null,
  counterpartyPep: false,
  ...more,
});

describe('MonitoringEngine.unobserve', () => {
  it('leaves the windows as if the transaction had never been folded', () => {
    const rules = compileRuleSet(defaultRules);
    const history = Array.from({ length: 40 }, (_, i) => tx(i, i * 7, 2800 + (i % 5) * 40, i % 4 === 0 ? { direction: 'withdrawal' } : {}));
    const rolledBack = [tx(100, 150, 2900), tx(101, 151, 9000, { direction: 'withdrawal', counterpartyAddress: 'bc1qsender3' }), tx(102, 152, 2750, { counterpartyAddress: 'bc1qsomeoneelse' })];
    const after = Array.from({ length: 20 }, (_, i) => tx(200 + i, 153 + i * 3, 2700 + i * 13, i % 3 === 0 ? { direction: 'withdrawal' } : {}));

    const clean = new MonitoringEngine(rules, lists);
    const undone = new MonitoringEngine(rules, lists);
    for (const t of history) {
      clean.evaluate(t, facts);
      undone.evaluate(t, facts);
    }
    for (const t of rolledBack) undone.evaluate(t, facts);
    for (const t of [...rolledBack].reverse()) undone.unobserve(t, facts);
    expect(undone.transactionsSeen).toBe(clean.transactionsSeen);
    const judged = (e: MonitoringEngine) => after.map((t) => e.evaluate(t, facts).map((h) => [h.ruleId, h.aggregates]));
    const expected = judged(clean);
    expect(expected.flat().length).toBeGreaterThan(0);
    expect(judged(undone)).toEqual(expected);
  });
});
