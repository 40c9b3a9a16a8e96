import { describe, expect, it } from 'vitest';
import { commands } from '../../../../src-shared/commands';
import { EMPTY_SCOPE, sameScope, scopeLabel, scopeOf } from './evidence-scope';

describe('evidence scope', () => {
  it('names the field that is missing or malformed before anything is sent', () => {
    expect(scopeOf(EMPTY_SCOPE)).toEqual({ ok: false, field: 'id', message: 'Enter the customer id.' });
    expect(scopeOf({ ...EMPTY_SCOPE, kind: 'case', id: '   ' })).toMatchObject({ ok: false, field: 'id', message: 'Enter the case id.' });
    expect(scopeOf({ ...EMPTY_SCOPE, id: 'C 0001' })).toMatchObject({ ok: false, field: 'id' });
    expect(scopeOf({ ...EMPTY_SCOPE, kind: 'period' })).toMatchObject({ ok: false, field: 'period' });
    expect(scopeOf({ ...EMPTY_SCOPE, kind: 'period', fromDay: '2026-02-10', toDay: '2026-02-01' })).toMatchObject({ ok: false, field: 'period' });
  });

  it('sends a trimmed id, or whole UTC days with both ends included', () => {
    expect(scopeOf({ ...EMPTY_SCOPE, id: ' C-0001 ' })).toEqual({ ok: true, scope: { kind: 'customer', id: 'C-0001' } });
    expect(scopeOf({ ...EMPTY_SCOPE, kind: 'period', fromDay: '2026-02-01', toDay: null })).toEqual({
      ok: true,
      scope: { kind: 'period', from: '2026-02-01T00:00:00.000Z', to: '2026-02-01T23:59:59.999Z' },
    });
  });

  it('produces only scopes the command accepts', () => {
    for (const form of [
      { ...EMPTY_SCOPE, id: 'C-0001' },
      { ...EMPTY_SCOPE, kind: 'withdrawal' as const, id: 'wd_0123456789abcdef' },
      { ...EMPTY_SCOPE, kind: 'period' as const, fromDay: '2026-01-01', toDay: '2026-01-31' },
    ]) {
      const check = scopeOf(form);
      expect(check.ok).toBe(true);
      if (check.ok) expect(commands['evidence.preview'].input.safeParse({ scope: check.scope }).success).toBe(true);
    }
  });

  it('labels and compares scopes', () => {
    expect(scopeLabel({ kind: 'case', id: 'CASE-0001' })).toBe('case CASE-0001');
    expect(scopeLabel({ kind: 'period', from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T23:59:59.999Z' })).toBe('records created 2026-01-01 to 2026-01-31 (UTC)');
    expect(scopeLabel({ kind: 'period', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T23:59:59.999Z' })).toBe('records created on 2026-01-01 (UTC)');
    expect(sameScope({ kind: 'customer', id: 'C-1' }, { kind: 'customer', id: 'C-1' })).toBe(true);
    expect(sameScope({ kind: 'customer', id: 'C-1' }, { kind: 'case', id: 'C-1' })).toBe(false);
    expect(sameScope(undefined, { kind: 'case', id: 'C-1' })).toBe(false);
  });
});
