/**
 * The Audit screen's filters and how they become `audit.list` input. Dates are whole UTC days
 * (the table shows UTC): "from" starts at 00:00:00.000 of its day, "to" ends at 23:59:59.999.
 */
import type { CommandInput } from '../../../src-shared/commands';

export type OutcomeFilter = 'all' | 'ok' | 'refused' | 'error';

export interface AuditFilters {
  readonly command: string;
  readonly operator: string;
  readonly outcome: OutcomeFilter;
  /** `YYYY-MM-DD` or null. */
  readonly fromDay: string | null;
  readonly toDay: string | null;
}

export const EMPTY_FILTERS: AuditFilters = { command: '', operator: '', outcome: 'all', fromDay: null, toDay: null };

export const AUDIT_PAGE_SIZE = 100;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day string from a date picker value (`YYYY-MM-DD…` or null). */
export function dayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const day = value.slice(0, 10);
  return DAY.test(day) ? day : null;
}

export function auditListInput(filters: AuditFilters, beforeSeq?: number, limit = AUDIT_PAGE_SIZE): CommandInput<'audit.list'> {
  const input: { -readonly [K in keyof CommandInput<'audit.list'>]: CommandInput<'audit.list'>[K] } = { limit };
  if (beforeSeq !== undefined) input.beforeSeq = beforeSeq;
  const command = filters.command.trim();
  if (command) input.command = command;
  const operator = filters.operator.trim();
  if (operator) input.operator = operator;
  if (filters.outcome !== 'all') input.outcome = filters.outcome;
  let from = dayOf(filters.fromDay);
  let to = dayOf(filters.toDay);
  // A range picked backwards still means the days between.
  if (from && to && from > to) [from, to] = [to, from];
  if (from) input.from = `${from}T00:00:00.000Z`;
  if (to) input.to = `${to}T23:59:59.999Z`;
  return input;
}

export function filtersActive(filters: AuditFilters): boolean {
  return filters.command.trim() !== '' || filters.operator.trim() !== '' || filters.outcome !== 'all' || filters.fromDay !== null || filters.toDay !== null;
}

/** Keyset pagination: the next page is everything below the lowest seq already shown. */
export function nextBeforeSeq(entries: readonly { readonly seq: number }[]): number | undefined {
  const last = entries[entries.length - 1];
  return last?.seq;
}

/** Whether another page may exist: the last page was full and fewer than `total` are shown. */
export function hasMore(shown: number, total: number, lastPageSize: number, pageSize = AUDIT_PAGE_SIZE): boolean {
  return shown < total && lastPageSize >= pageSize;
}
