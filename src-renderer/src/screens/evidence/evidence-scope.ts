/**
 * The scope of an evidence package as the form holds it, and as evidence.preview / evidence.export
 * take it. Checked here first so that an empty or malformed scope is named beside its field before
 * anything is sent; the core checks again.
 */
import type { CommandInput } from '../../api';

export type EvidenceScope = CommandInput<'evidence.preview'>['scope'];
export type ScopeKind = EvidenceScope['kind'];

export interface ScopeForm {
  readonly kind: ScopeKind;
  /** Customer, case or withdrawal id. */
  readonly id: string;
  /** UTC days, `YYYY-MM-DD`, for a period. */
  readonly fromDay: string | null;
  readonly toDay: string | null;
}

export const EMPTY_SCOPE: ScopeForm = { kind: 'customer', id: '', fromDay: null, toDay: null };

/** The same pattern as the commands' reference ids (src-shared/commands/evidence.commands.ts). */
const REF = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const SCOPE_KINDS: readonly { readonly value: ScopeKind; readonly label: string; readonly noun: string; readonly example: string }[] = [
  { value: 'customer', label: 'Customer', noun: 'customer id', example: 'C-0001' },
  { value: 'case', label: 'Case', noun: 'case id', example: 'CASE-0001' },
  { value: 'withdrawal', label: 'Withdrawal', noun: 'withdrawal id', example: 'wd_…' },
  { value: 'period', label: 'Date range', noun: 'date range', example: '' },
];

export type ScopeCheck = { readonly ok: true; readonly scope: EvidenceScope } | { readonly ok: false; readonly field: 'id' | 'period'; readonly message: string };

/** The scope to send, or what is missing and which field says so. */
export function scopeOf(form: ScopeForm): ScopeCheck {
  if (form.kind === 'period') {
    if (!form.fromDay) return { ok: false, field: 'period', message: 'Choose the first and last day (UTC) of the period.' };
    const toDay = form.toDay ?? form.fromDay;
    if (!DAY.test(form.fromDay) || !DAY.test(toDay)) return { ok: false, field: 'period', message: 'Days must be written YYYY-MM-DD.' };
    if (toDay < form.fromDay) return { ok: false, field: 'period', message: 'The period must end on or after the day it starts.' };
    // Whole UTC days, both ends included: the core compares created-at times inclusively.
    return { ok: true, scope: { kind: 'period', from: `${form.fromDay}T00:00:00.000Z`, to: `${toDay}T23:59:59.999Z` } };
  }
  const id = form.id.trim();
  const noun = SCOPE_KINDS.find((k) => k.value === form.kind)?.noun ?? 'id';
  if (id === '') return { ok: false, field: 'id', message: `Enter the ${noun}.` };
  if (!REF.test(id)) return { ok: false, field: 'id', message: `A ${noun} is letters, digits and _ . : - (at most 64), starting with a letter or digit.` };
  return { ok: true, scope: { kind: form.kind, id } };
}

/** `customer C-0001`, `records created 2026-01-01 to 2026-01-31 (UTC)`. */
export function scopeLabel(scope: EvidenceScope): string {
  if (scope.kind === 'period') {
    const from = scope.from.slice(0, 10);
    const to = scope.to.slice(0, 10);
    return from === to ? `records created on ${from} (UTC)` : `records created ${from} to ${to} (UTC)`;
  }
  return `${scope.kind} ${scope.id}`;
}

export function sameScope(a: EvidenceScope | undefined, b: EvidenceScope | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
