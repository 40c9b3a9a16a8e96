/**
 * The auditors' search (314(a)-style requests) as the form holds it, and the vault.search input it
 * becomes. A purpose is mandatory: every record found is logged against the searcher with it.
 */
import type { CommandInput } from '../../api';

export interface SearchForm {
  readonly name: string;
  readonly address: string;
  readonly txHash: string;
  readonly fromDay: string | null;
  readonly toDay: string | null;
  readonly purpose: string;
}

export const EMPTY_SEARCH: SearchForm = { name: '', address: '', txHash: '', fromDay: null, toDay: null, purpose: '' };

/** Results asked for at once; more means the request should be narrower. */
export const SEARCH_LIMIT = 500;

export type SearchField = 'name' | 'address' | 'txHash' | 'period' | 'purpose';
export type SearchCheck = { readonly ok: true; readonly input: CommandInput<'vault.search'> } | { readonly ok: false; readonly errors: Readonly<Partial<Record<SearchField, string>>> };

/** The input to send, or each field's problem (the same limits as the command's schema). */
export function searchInput(form: SearchForm): SearchCheck {
  const errors: Partial<Record<SearchField, string>> = {};
  const name = form.name.trim();
  const address = form.address.trim();
  const txHash = form.txHash.trim();
  const purpose = form.purpose.trim();
  if (name !== '' && name.length < 2) errors.name = 'A name needs at least 2 characters.';
  if (address !== '' && (address.length < 10 || address.length > 120)) errors.address = 'A wallet address is 10 to 120 characters.';
  if (txHash !== '' && (txHash.length < 10 || txHash.length > 80)) errors.txHash = 'A transaction hash is 10 to 80 characters.';
  if (form.fromDay && form.toDay && form.toDay < form.fromDay) errors.period = 'The range must end on or after the day it starts.';
  if (name === '' && address === '' && txHash === '' && !form.fromDay) errors.name = 'Give at least a name, a wallet address, a transaction hash or a date range.';
  if (purpose.length < 5) errors.purpose = 'Say why you search (at least 5 characters): it is logged with every record found.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      ...(name ? { name } : {}),
      ...(address ? { address } : {}),
      ...(txHash ? { txHash } : {}),
      ...(form.fromDay ? { from: `${form.fromDay}T00:00:00.000Z`, to: `${form.toDay ?? form.fromDay}T23:59:59.999Z` } : {}),
      purpose,
      limit: SEARCH_LIMIT,
    },
  };
}

/** A one-line description of what was searched, for the results header. */
export function searchSummary(input: CommandInput<'vault.search'>): string {
  const parts: string[] = [];
  if (input.name) parts.push(`name “${input.name}”`);
  if (input.address) parts.push(`address ${input.address}`);
  if (input.txHash) parts.push(`transaction ${input.txHash}`);
  if (input.from && input.to) parts.push(input.from.slice(0, 10) === input.to.slice(0, 10) ? `created on ${input.from.slice(0, 10)}` : `created ${input.from.slice(0, 10)} to ${input.to.slice(0, 10)}`);
  return parts.join(', ');
}
