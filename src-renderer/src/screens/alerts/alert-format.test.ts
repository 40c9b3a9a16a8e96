import { describe, expect, it } from 'vitest';
import { alertFilterOf, alertSortOf, closeProblem, conditionValues, conditionValueText, failedRunsText, isFiltered, keepSelected, positionsText, queueCountText, rowsInView, suppressionProblem, toggle, valueLabel } from './alert-format';

const params = (query: string) => new URLSearchParams(query);

describe('alert queue filter and sort from the URL', () => {
  it('reads known values and drops unknown ones', () => {
    expect(alertFilterOf(params(''))).toEqual({ state: 'open' });
    expect(alertFilterOf(params('state=closed&level=high&rule=high-value&customer=C-0001&assignee=me&q=%20abc%20'))).toEqual({ state: 'closed', level: 'high', ruleId: 'high-value', customerId: 'C-0001', assignee: 'me', q: 'abc' });
    expect(alertFilterOf(params('state=deleted&level=severe&assignee=bob'))).toEqual({ state: 'open' });
    expect(alertSortOf(params(''))).toEqual({ by: 'raisedAt', dir: 'desc' });
    expect(alertSortOf(params('sort=amount&dir=asc'))).toEqual({ by: 'amount', dir: 'asc' });
    expect(alertSortOf(params('sort=drop table&dir=up'))).toEqual({ by: 'raisedAt', dir: 'desc' });
  });

  it('says whether the queue is narrowed beyond its default', () => {
    expect(isFiltered({ state: 'closed' })).toBe(false);
    expect(isFiltered({ state: 'open', assignee: 'unassigned' })).toBe(true);
  });
});

describe('bulk close and suppression checks', () => {
  it('names what is missing before a close is sent', () => {
    expect(closeProblem([], 'false_positive', 'a long enough reason')).toMatch(/at least one/);
    expect(closeProblem(['a'], null, 'a long enough reason')).toMatch(/outcome/);
    expect(closeProblem(['a'], 'resolved', 'a long enough reason')).toMatch(/outcome/);
    expect(closeProblem(['a'], 'valuable', '  too short ')).toBe('The reason must be at least 10 characters (9 so far).');
    expect(closeProblem(Array.from({ length: 5001 }, (_, i) => String(i)), 'valuable', 'a long enough reason')).toMatch(/At most 5000/);
    expect(closeProblem(['a', 'b'], 'risk_confirmed', 'Confirmed with the customer file')).toBeUndefined();
  });

  it('allows a suppression only from a case, for 1 to 180 days, with a reason', () => {
    expect(suppressionProblem(30, 'Reviewed: salary payments', null)).toMatch(/from a reviewed case/);
    expect(suppressionProblem(181, 'Reviewed: salary payments', 'CASE-1')).toMatch(/1 to 180/);
    expect(suppressionProblem(0, 'Reviewed: salary payments', 'CASE-1')).toMatch(/1 to 180/);
    expect(suppressionProblem('7.5', 'Reviewed: salary payments', 'CASE-1')).toMatch(/whole number/);
    expect(suppressionProblem(180, 'short', 'CASE-1')).toMatch(/at least 10/);
    expect(suppressionProblem(180, 'Reviewed: salary payments', 'CASE-1')).toBeUndefined();
  });
});

describe('condition values', () => {
  it('shows USD cents as exact dollars and everything else as written', () => {
    expect(conditionValueText('usdCents', '1225050')).toBe('12,250.50 USD');
    expect(conditionValueText('sumUsdCents', '100000000000000000001')).toBe('1,000,000,000,000,000,000.01 USD');
    expect(conditionValueText('thresholdUsdCents', 'n/a')).toBe('n/a');
    expect(conditionValueText('count', '5')).toBe('5');
    expect(conditionValues({ threshold: '3', count: '5', usdCents: '100' })).toEqual([
      { name: 'count', text: '5', raw: '5' },
      { name: 'threshold', text: '3', raw: '3' },
      { name: 'usdCents', text: '1.00 USD', raw: '100' },
    ]);
  });

  it('names values for people', () => {
    expect(valueLabel('sumUsdCents')).toBe('sum USD');
    expect(valueLabel('tx.counterpartyCountry')).toBe('tx counterparty country');
    expect(valueLabel('windowHours')).toBe('window hours');
  });
});

describe('queue count and selection', () => {
  it('counts the whole queue, and says which rows are in view when not all of it fits', () => {
    expect(queueCountText(100_000, 'open', { first: 0, last: 39 })).toBe('Rows 1–40 of 100,000 open alerts');
    expect(queueCountText(100_000, 'open', { first: 99_970, last: 99_999 })).toBe('Rows 99,971–100,000 of 100,000 open alerts');
    // Before the table has measured itself, and when everything is in view: the total alone.
    expect(queueCountText(100_000, 'open')).toBe('100,000 open alerts');
    expect(queueCountText(3, 'all', { first: 0, last: 20 })).toBe('3 alerts');
    expect(queueCountText(1, 'closed', { first: 0, last: 0 })).toBe('1 closed alert');
    expect(queueCountText(0, 'open', { first: 0, last: -1 })).toBe('0 open alerts');
  });

  it('names where rows sit as 1-based runs, a few of them', () => {
    expect(positionsText([2, 0, 1, 7, 500])).toBe('1–3, 8, 501');
    expect(positionsText([0, 2, 4, 6, 8, 10], 4)).toBe('1, 3, 5, 7 … and 2 more runs');
    expect(positionsText([])).toBe('');
    expect(failedRunsText([{ first: 500, last: 999 }, { first: 99_500, last: 99_999 }])).toBe('501–1,000, 99,501–100,000');
  });

  it('selects in view only the loaded rows whose positions are in view', () => {
    const loaded = new Map([[0, 'a'], [1, 'b'], [2, 'c'], [600, 'far']]);
    const at = (i: number) => loaded.get(i);
    expect(rowsInView(at, { first: 1, last: 40 })).toEqual(['b', 'c']);
    expect(rowsInView(at, undefined)).toEqual([]);
  });

  it('toggles without mutating and keeps only rows still present', () => {
    const a = new Set(['x']);
    const b = toggle(a, 'y');
    expect([...a]).toEqual(['x']);
    expect([...b].sort()).toEqual(['x', 'y']);
    expect([...toggle(b, 'x')]).toEqual(['y']);
    expect([...keepSelected(b, [{ id: 'y' }, { id: 'z' }])]).toEqual(['y']);
  });
});
