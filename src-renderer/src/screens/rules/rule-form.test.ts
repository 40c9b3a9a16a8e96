import { describe, expect, it } from 'vitest';
import defaultRules from '../../../../resources/monitoring/default-rules.json';
import { actionsOf, constantIssue, diffDocuments, documentConstants, getAt, groupUsd, setAt } from './rule-form';

const idx = (id: string): number => defaultRules.rules.findIndex((r) => r.id === id);

describe('rule-set form editor', () => {
  it('lists the constants of the default rules with the input each needs', () => {
    const constants = documentConstants(defaultRules);
    const at = (path: readonly (string | number)[]) => constants.find((c) => JSON.stringify(c.path) === JSON.stringify(path));
    expect(at(['rules', idx('high-value'), 'when', 'value'])).toMatchObject({ kind: 'usd', value: '10000' });
    expect(at(['rules', idx('rapid-succession'), 'when', 'all', 0, 'value'])).toMatchObject({ kind: 'count', value: 5 });
    expect(at(['rules', idx('rapid-succession'), 'when', 'all', 1, 'value'])).toMatchObject({ kind: 'usd', value: '5000' });
    expect(at(['rules', idx('mixer-interaction'), 'when', 'list'])).toMatchObject({ kind: 'list', value: 'mixers' });
    expect(at(['rules', idx('behavioural-spike'), 'when', 'all', 1, 'factor'])).toMatchObject({ kind: 'factor', value: '2' });
    expect(at(['aggregates', 0, 'window', 'hours'])).toMatchObject({ kind: 'count', value: 1 });
    expect(at(['aggregates', 2, 'where', 'min'])).toMatchObject({ kind: 'usd', value: '2700' });
    expect(constants.every((c) => constantIssue(c) === undefined)).toBe(true);
  });

  it('applies an edit without touching the original, and refuses float-ish USD', () => {
    const path = ['rules', idx('high-value'), 'when', 'value'];
    const edited = setAt(defaultRules, path, '15000');
    expect(getAt(edited, path)).toBe('15000');
    expect(getAt(defaultRules, path)).toBe('10000');
    expect(edited.rules[0]).toBe(defaultRules.rules[0]);
    expect(constantIssue({ path, kind: 'usd', value: '1e4' })).toMatch(/USD amount/);
    expect(constantIssue({ path, kind: 'usd', value: 15000 })).toMatch(/USD amount/);
    expect(constantIssue({ path, kind: 'count', value: 2.5 })).toMatch(/whole number/);
    expect(groupUsd('2999.99')).toBe('2 999.99');
  });

  it('says what changed, rule by rule, in words', () => {
    let doc = setAt(defaultRules, ['rules', idx('high-value'), 'when', 'value'], '15000');
    const structuring = idx('structuring');
    doc = setAt(doc, ['rules', structuring, 'actions'], actionsOf(['alert', 'hold'], 'critical'));
    doc = setAt(doc, ['rules', idx('pep-counterparty'), 'enabled'], false);
    doc = setAt(doc, ['aggregates', 0, 'window'], { hours: 2 });
    const lines = diffDocuments(defaultRules, doc);
    expect(lines).toContain('high-value: tx.usd ≥ 10 000 USD → 15 000 USD');
    expect(lines.find((l) => l.startsWith('structuring:'))).toMatch(/level high → critical/);
    expect(lines).toContain('pep-counterparty: disabled');
    expect(lines).toContain('aggregate customer-count-1h: window 1 h → 2 h');
    expect(lines).toHaveLength(4);
    expect(diffDocuments(defaultRules, defaultRules)).toEqual([]);
    const restructured = setAt(defaultRules, ['rules', idx('high-value'), 'when'], { not: defaultRules.rules[idx('high-value')]!.when });
    expect(diffDocuments(defaultRules, restructured)).toEqual(['high-value: conditions restructured (see JSON)']);
  });
});
