/**
 * Taking a rolled-back transaction back out of the windows leaves the engine exactly as if it had
 * never seen it: the next transactions raise the same alerts with the same figures.
 */
import { describe, expect, it } from 'vitest';
import defaultRules from '../../resources/monitoring/default-rules.json';
import { explainEvidence, storedConditionOf, type StoredCondition } from './explain';
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

describe('an alert explains itself from what each condition read (stored with it)', () => {
  const rules = compileRuleSet(defaultRules);
  const specs = rules.aggregates.map((a) => a.spec);
  /** Three deposits of 2 820 USD within the hour: structuring fires on the third. */
  const structuringHit = () => {
    const engine = new MonitoringEngine(rules, lists);
    engine.evaluate(tx(1, 0, 2820), facts);
    engine.evaluate(tx(2, 10, 2820), facts);
    const hit = engine.evaluate(tx(3, 20, 2820), facts).find((h) => h.ruleId === 'structuring');
    expect(hit).toBeDefined();
    return hit!;
  };

  it('stores the aggregate id or field each leaf read, and gives USD values as cents and counts as counts', () => {
    const hit = structuringHit();
    const stored = hit.conditions.map(storedConditionOf);
    expect(stored.map((c) => c.reads)).toEqual([{ field: 'tx.usd' }, { aggregate: 'customer-near-threshold-24h' }]);
    const explained = explainEvidence(specs, hit.aggregates, stored);
    expect(explained.conditions.map((c) => [c.values, c.kinds])).toEqual([
      [{ value: '282000' }, { value: 'usd_cents' }],
      [{ value: '3' }, { value: 'count' }],
    ]);
    expect(explained.figures['customer-near-threshold-24h']).toEqual({ value: '3', kind: 'count', unit: 'transactions' });
  });

  it('a factor reads a USD field and a USD aggregate: both recorded', () => {
    const engine = new MonitoringEngine(rules, lists);
    for (let i = 0; i < 4; i++) engine.evaluate(tx(i, i * 600, 100), facts);
    const spike = engine.evaluate(tx(9, 4000, 900), facts).find((h) => h.ruleId === 'behavioural-spike');
    expect(spike).toBeDefined();
    expect(spike!.conditions.map(storedConditionOf).map((c) => c.reads)).toEqual([{ aggregate: 'customer-count-90d' }, { aggregate: 'customer-avg-90d', field: 'tx.usd' }]);
  });

  it('follows the stored subject, not the wording of the description', () => {
    // Descriptions are display text: one reworded (or starting with another id) must not change a kind.
    const stored: StoredCondition[] = [
      { path: 'rules.0.when.all.0', description: 'Sum of the last hour ≥ 5000.00 USD', holds: true, values: { value: '5206.25 USD' }, reads: { aggregate: 'customer-usd-1h' } },
      { path: 'rules.0.when.all.1', description: 'customer-near-threshold-24h mentioned first, tx.direction read', holds: true, values: { value: '3' }, reads: { field: 'tx.direction' } },
      { path: 'rules.0.when.all.2', description: 'tx.usd ≥ 10000 USD', holds: true, values: { value: '12000.00 USD' }, reads: { aggregate: 'no-such-aggregate' } },
    ];
    const explained = explainEvidence(specs, {}, stored).conditions;
    expect(explained[0]).toMatchObject({ values: { value: '520625' }, kinds: { value: 'usd_cents' } });
    // The first word names an aggregate, but the condition read a field that is no amount: no kind.
    expect(explained[1]).toMatchObject({ values: { value: '3' }, kinds: {} });
    // An unknown subject is left as text, whatever the description says.
    expect(explained[2]).toMatchObject({ values: { value: '12000.00 USD' }, kinds: {} });
  });

  it('alerts stored before the subject was recorded still explain, from the description', () => {
    const legacy: StoredCondition[] = structuringHit().conditions.map((c) => ({ path: c.path, description: c.text, holds: c.held, values: { value: c.actual } }));
    expect(legacy.every((c) => c.reads === undefined)).toBe(true);
    expect(explainEvidence(specs, {}, legacy).conditions.map((c) => [c.values, c.kinds])).toEqual([
      [{ value: '282000' }, { value: 'usd_cents' }],
      [{ value: '3' }, { value: 'count' }],
    ]);
  });
});
