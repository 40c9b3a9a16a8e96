import { describe, expect, it } from 'vitest';
import defaultRules from '../../../../resources/monitoring/default-rules.json';
import { checkRuleText, dottedPath, issuesOfError, jsonPath, prettyDocument } from './rule-editor';

describe('rule-set editor check', () => {
  it('accepts the default rule set as shipped', () => {
    const checked = checkRuleText(prettyDocument(defaultRules));
    expect(checked.ok ? checked.document.rules.length : checked.issues).toBe(defaultRules.rules.length);
  });

  it('says where the text is not JSON', () => {
    const checked = checkRuleText('{\n  "schema": ,\n}');
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.issues[0]!.message).toMatch(/not valid JSON/);
  });

  it('puts each schema issue at its JSON path', () => {
    const checked = checkRuleText(
      prettyDocument({
        schema: 'vaultline.monitoring.rule-set/1',
        name: 'Draft',
        aggregates: [],
        rules: [{ id: 'r1', name: 'Rule one', description: '', enabled: true, when: { field: 'tx.nope', op: 'gt', value: 1 }, actions: [{ type: 'alert', level: 'high' }], extra: 1 }],
      }),
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const paths = checked.issues.map((i) => i.path);
    expect(paths).toContain('$.rules[0]');
    expect(paths.some((p) => p.startsWith('$.rules[0].when'))).toBe(true);
  });

  it('writes paths the way people read them', () => {
    expect(jsonPath(['rules', 3, 'when'])).toBe('$.rules[3].when');
    expect(jsonPath(['conditions', 'high-risk'])).toBe('$.conditions["high-risk"]');
    expect(dottedPath('document.rules.3.when.field')).toBe('$.rules[3].when.field');
    expect(issuesOfError({ message: 'refused', issues: [{ path: 'document.rules.0.when', message: 'refers to an unknown aggregate' }] })).toEqual([{ path: '$.rules[0].when', message: 'refers to an unknown aggregate' }]);
    expect(issuesOfError({ message: 'The rule set would never terminate' })).toEqual([{ path: '$', message: 'The rule set would never terminate' }]);
  });
});
