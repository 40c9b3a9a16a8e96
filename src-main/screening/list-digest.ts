/**
 * Content digests of list entries and the difference between two versions of a list.
 *
 * An entry's digest is the sha256 of the RFC 8785 canonical JSON of the entry with its arrays in a
 * fixed order, so the digest changes exactly when what the entry says changes, not when a publisher
 * reorders its file. The KYC module keeps it beside a resolved hit ("false positive for this entry
 * as it stood"), and re-raises the hit when it changes. A list's digest commits to every entry's id
 * and digest, whatever the order of entries.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical';
import { VaultlineError } from '../errors';
import type { ListEntry } from './screening.types';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const byJson = (a: unknown, b: unknown): number => {
  const x = canonicalJson(a);
  const y = canonicalJson(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The entry in canonical order (arrays sorted), as digested. */
export function canonicalEntry(entry: ListEntry): ListEntry {
  return {
    ...entry,
    names: [...entry.names].sort(byJson),
    birthDates: [...entry.birthDates].sort(),
    countries: [...entry.countries].sort(),
    programs: [...entry.programs].sort(),
    addresses: [...entry.addresses].sort(byJson),
  };
}

/** sha256 (hex) of the entry's canonical JSON. */
export function entryDigest(entry: ListEntry): string {
  return sha256(canonicalJson(canonicalEntry(entry)));
}

function keyed(entries: readonly ListEntry[], which: string): Map<string, ListEntry> {
  const map = new Map<string, ListEntry>();
  let listId: string | undefined;
  for (const e of entries) {
    if (listId !== undefined && e.listId !== listId) throw new VaultlineError('VALIDATION', `${which} list mixes entries of ${listId} and ${e.listId}`);
    listId = e.listId;
    if (map.has(e.entryId)) throw new VaultlineError('VALIDATION', `${which} list holds entry ${e.entryId} twice`);
    map.set(e.entryId, e);
  }
  return map;
}

/** sha256 (hex) over the sorted (entry id, entry digest) pairs of one list version. */
export function listDigest(entries: readonly ListEntry[]): string {
  const pairs = [...keyed(entries, 'the').values()].map((e) => [e.entryId, entryDigest(e)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return sha256(canonicalJson(pairs));
}

export interface ListDiff {
  /** In the new version only: newly listed. */
  readonly added: readonly string[];
  /** In both, with different content (names, dates, countries, programmes, addresses). */
  readonly changed: readonly string[];
  /** In the old version only: delisted. */
  readonly removed: readonly string[];
}

/** Entry ids added, changed and removed from `previous` to `next` (one list, two versions), each sorted. */
export function diffLists(previous: readonly ListEntry[], next: readonly ListEntry[]): ListDiff {
  const before = keyed(previous, 'the previous');
  const after = keyed(next, 'the next');
  const first = previous[0]?.listId;
  const second = next[0]?.listId;
  if (first !== undefined && second !== undefined && first !== second) throw new VaultlineError('VALIDATION', `cannot compare two different lists (${first} and ${second})`);
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [id, e] of after) {
    const old = before.get(id);
    if (!old) added.push(id);
    else if (entryDigest(old) !== entryDigest(e)) changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}
