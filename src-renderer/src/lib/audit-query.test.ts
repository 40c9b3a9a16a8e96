import { describe, expect, it } from 'vitest';
import { auditListInput, dayOf, EMPTY_FILTERS, filtersActive, hasMore, nextBeforeSeq } from './audit-query';
import { auditList } from '../../../src-shared/commands/audit.commands';

describe('auditListInput', () => {
  it('sends only the page size when no filter is set', () => {
    expect(auditListInput(EMPTY_FILTERS)).toEqual({ limit: 100 });
  });

  it('maps every filter and passes the schema', () => {
    const input = auditListInput({ command: ' session. ', operator: 'root-admin', outcome: 'refused', fromDay: '2026-03-01', toDay: '2026-03-02' }, 42, 50);
    expect(input).toEqual({
      limit: 50,
      beforeSeq: 42,
      command: 'session.',
      operator: 'root-admin',
      outcome: 'refused',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T23:59:59.999Z',
    });
    expect(auditList.input.safeParse(input).success).toBe(true);
  });

  it('orders a range picked backwards', () => {
    const input = auditListInput({ ...EMPTY_FILTERS, fromDay: '2026-03-05', toDay: '2026-03-01' });
    expect(input.from).toBe('2026-03-01T00:00:00.000Z');
    expect(input.to).toBe('2026-03-05T23:59:59.999Z');
  });

  it('accepts an open-ended range', () => {
    expect(auditListInput({ ...EMPTY_FILTERS, fromDay: '2026-03-05' })).toEqual({ limit: 100, from: '2026-03-05T00:00:00.000Z' });
  });
});

describe('helpers', () => {
  it('reads a day from picker values', () => {
    expect(dayOf('2026-03-05')).toBe('2026-03-05');
    expect(dayOf('2026-03-05 10:00:00')).toBe('2026-03-05');
    expect(dayOf('garbage')).toBeNull();
    expect(dayOf(null)).toBeNull();
  });

  it('knows when filters are active', () => {
    expect(filtersActive(EMPTY_FILTERS)).toBe(false);
    expect(filtersActive({ ...EMPTY_FILTERS, outcome: 'ok' })).toBe(true);
    expect(filtersActive({ ...EMPTY_FILTERS, command: '  ' })).toBe(false);
  });

  it('pages by the lowest seq shown', () => {
    expect(nextBeforeSeq([{ seq: 9 }, { seq: 8 }, { seq: 3 }])).toBe(3);
    expect(nextBeforeSeq([])).toBeUndefined();
    expect(hasMore(100, 250, 100)).toBe(true);
    expect(hasMore(250, 250, 50)).toBe(false);
    expect(hasMore(100, 250, 40)).toBe(false);
  });
});
