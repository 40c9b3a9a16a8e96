import { describe, expect, it } from 'vitest';
import defaultRules from '../../resources/monitoring/default-rules.json';
import { VaultlineError } from '../errors';
import { centsToUsd, compileRuleSet, usdToCents } from './rule-compiler';
import { SlidingWindow } from './sliding-window';

const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(defaultRules)) as Record<string, unknown>;
const withRule = (when: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...base(),
  ...extra,
  rules: [{ id: 'r', name: 'Rule', description: '', enabled: true, when, actions: [{ type: 'alert', level: 'low' }] }],
});

function refusal(doc: unknown): VaultlineError {
  try {
    compileRuleSet(doc);
  } catch (error) {
    if (error instanceof VaultlineError) return error;
    throw error;
  }
  throw new Error('the rule set compiled');
}

describe('rule-set compiler', () => {
  it('refuses a document that fails its schema, naming the path', () => {
    const e = refusal({ ...base(), rules: [] });
    expect(e.code).toBe('VALIDATION');
    expect(e.issues?.[0]?.path).toBe('rules');
    expect(refusal({ ...base(), schema: 'other/1' }).issues?.[0]?.path).toBe('schema');
  });

  it('refuses an unknown field, list, aggregate or named condition', () => {
    expect(refusal(withRule({ field: 'tx.colour', op: 'eq', value: 'red' })).message).toMatch(/rules\.0\.when\.field is not a known field|schema/);
    expect(refusal(withRule({ field: 'tx.counterpartyAddress', op: 'in_list', list: 'friends' })).message).toMatch(/not a known list/);
    expect(refusal(withRule({ aggregate: 'nope', op: 'gte', value: 1 })).message).toMatch(/rules\.0\.when\.aggregate no aggregate is called "nope"/);
    expect(refusal(withRule({ use: 'nowhere' })).message).toMatch(/no condition is called "nowhere"/);
  });

  it('refuses conditions that refer to each other in a loop: the rule would never terminate', () => {
    const e = refusal(withRule({ use: 'a' }, { conditions: { a: { all: [{ use: 'b' }] }, b: { any: [{ use: 'a' }] } } }));
    expect(e.message).toMatch(/loop \(a → b → a\).*never terminate/);
    expect(refusal(withRule({ use: 'self' }, { conditions: { self: { not: { use: 'self' } } } })).message).toMatch(/loop \(self → self\)/);
  });

  it('refuses constants of the wrong type, an empty between, and aggregates that cannot add up their field', () => {
    expect(refusal(withRule({ field: 'tx.usd', op: 'gte', value: '10,000' })).message).toMatch(/USD amount/);
    expect(refusal(withRule({ field: 'tx.usd', op: 'gte', value: 10.5 })).message).toMatch(/USD amount/);
    expect(refusal(withRule({ field: 'tx.direction', op: 'eq', value: 'sideways' })).message).toMatch(/one of deposit, withdrawal/);
    expect(refusal(withRule({ field: 'tx.counterpartyPep', op: 'gt', value: true })).message).toMatch(/compare with eq or ne/);
    expect(refusal(withRule({ field: 'tx.usd', op: 'between', min: '3000', max: '2000' })).message).toMatch(/min is above max/);
    const doc = withRule({ aggregate: 'bad', op: 'gte', value: '1' });
    (doc.aggregates as unknown[]).push({ id: 'bad', fn: 'sum', field: 'tx.assetId', per: 'customer', window: { hours: 1 } });
    expect(refusal(doc).message).toMatch(/sum needs a USD field/);
    expect(refusal(withRule({ aggregate: 'customer-count-1h', op: 'gte', value: '5' })).message).toMatch(/whole number/);
    expect(refusal(withRule({ field: 'tx.assetId', op: 'gt', aggregate: 'customer-avg-90d', factor: '2' })).message).toMatch(/factor compares a USD field/);
  });

  it('refuses an aggregate filter that reads an aggregate, duplicate ids, and windows beyond 400 days', () => {
    const doc = base();
    (doc.aggregates as { where?: unknown }[])[0]!.where = { aggregate: 'customer-count-1h', op: 'gte', value: 1 };
    expect(refusal(doc).message).toMatch(/cannot itself read an aggregate/);
    const twice = base();
    (twice.rules as unknown[]).push((twice.rules as unknown[])[0]);
    expect(refusal(twice).message).toMatch(/defined twice/);
    const long = base();
    (long.aggregates as { window: unknown }[])[0]!.window = { days: 401 };
    expect(refusal(long).code).toBe('VALIDATION');
  });

  it('reports every problem, not only the first', () => {
    const e = refusal(withRule({ all: [{ use: 'x' }, { aggregate: 'y', op: 'gte', value: 1 }, { field: 'tx.usd', op: 'gte', value: 'lots' }] }));
    expect(e.issues?.map((i) => i.path)).toEqual(['rules.0.when.all.0.use', 'rules.0.when.all.1.aggregate', 'rules.0.when.all.2.value']);
    expect(e.message).toMatch(/and 2 more/);
  });

  it('keeps USD in integer cents', () => {
    expect(usdToCents('2999.99')).toBe(299_999n);
    expect(usdToCents('10000')).toBe(1_000_000n);
    expect(usdToCents('0.5')).toBe(50n);
    expect(centsToUsd(299_999n)).toBe('2999.99');
    expect(() => usdToCents('1e3')).toThrow();
  });
});

describe('sliding window', () => {
  const H = 3_600_000;

  it('counts, sums and counts distinct values over the window, dropping what leaves it', () => {
    const w = new SlidingWindow(H, 0);
    w.add(0, 100n, 'a');
    w.add(10, 200n, 'b');
    w.add(20, 300n, 'a');
    expect(w.figures(30)).toEqual({ count: 3, sum: 600n, distinct: 2 });
    expect(w.figures(H + 5)).toEqual({ count: 2, sum: 500n, distinct: 2 });
    expect(w.figures(H + 15)).toEqual({ count: 1, sum: 300n, distinct: 1 });
    expect(w.hasLabelWithin('a', H + 15)).toBe(true);
    expect(w.hasLabelWithin('b', H + 15)).toBe(false);
  });

  it('slots a late transaction into place and counts its own window', () => {
    const w = new SlidingWindow(H, H);
    w.add(0, 1n, 'a');
    w.add(2 * H, 2n, 'b');
    w.add(1.5 * H, 4n, 'c');
    // Windows are (at − 1 h, at].
    expect(w.figures(H - 1)).toEqual({ count: 1, sum: 1n, distinct: 1 });
    expect(w.figures(1.5 * H)).toEqual({ count: 1, sum: 4n, distinct: 1 });
    expect(w.figures(2 * H)).toEqual({ count: 2, sum: 6n, distinct: 2 });
    expect(w.hasLabelWithin('b', 1.5 * H)).toBe(false);
    expect(w.hasLabelWithin('c', 2 * H - 1)).toBe(true);
  });

  it('keeps entries for the grace period but leaves them out of the figures', () => {
    const w = new SlidingWindow(H, 6 * H);
    w.add(0, 7n, 'x');
    w.add(2 * H, 1n, 'y');
    expect(w.figures(2 * H)).toEqual({ count: 1, sum: 1n, distinct: 1 });
    expect(w.size).toBe(2);
    expect(w.figures(H / 2)).toEqual({ count: 1, sum: 7n, distinct: 1 });
  });
});
