import { describe, expect, it } from 'vitest';
import { DAY_MS, deadlineOf } from './cases.service';

describe('SAR filing deadline', () => {
  const detected = '2026-03-01T10:00:00.000Z';
  const at = (ms: number) => new Date(Date.parse(detected) + ms);

  it('is due deadlineDays after detection and counts whole days up', () => {
    expect(deadlineOf(detected, 30, at(0), true)).toEqual({ sarDueAt: '2026-03-31T10:00:00.000Z', daysLeft: 30, overdue: false });
    expect(deadlineOf(detected, 30, at(28.5 * DAY_MS), true)).toMatchObject({ daysLeft: 2, overdue: false });
    expect(deadlineOf(detected, 30, at(30 * DAY_MS), true)).toMatchObject({ daysLeft: 0, overdue: false });
  });

  it('is overdue the moment the due time passes, by whole days rounded up', () => {
    expect(deadlineOf(detected, 30, at(30 * DAY_MS + 1), true)).toMatchObject({ daysLeft: -1, overdue: true });
    expect(deadlineOf(detected, 30, at(32 * DAY_MS + 1), true)).toMatchObject({ daysLeft: -3, overdue: true });
  });

  it('follows the configured number of days', () => {
    expect(deadlineOf(detected, 60, at(31 * DAY_MS), true)).toEqual({ sarDueAt: '2026-04-30T10:00:00.000Z', daysLeft: 29, overdue: false });
  });

  it('stops once no SAR is due (filed, no_sar, closed)', () => {
    expect(deadlineOf(detected, 30, at(45 * DAY_MS), false)).toEqual({ sarDueAt: '2026-03-31T10:00:00.000Z', daysLeft: null, overdue: false });
  });
});
