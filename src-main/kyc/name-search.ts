/**
 * How the KYC module searches names: one `NameSearcher` per list version, built once from its
 * entries and reused for every subject of a re-screen. The screening library's `NameIndex` is the
 * implementation (library.adapters.ts); the interface is what the KYC module needs of it.
 */
import type { ListEntry, NameMatch, NameQuery } from '../screening/screening.types';

export interface NameSearcher {
  search(query: NameQuery, options: { readonly limit: number; readonly threshold: number }): NameMatch[];
}

/**
 * Builds the searcher of a set of entries. `weightsFrom`: the searcher of the whole list version,
 * when these entries are only part of it (the ones an update added or changed), so that their
 * scores are the ones the whole list gives (token rarity is counted over the whole list).
 */
export type NameIndexFactory = (entries: readonly ListEntry[], options?: { readonly weightsFrom?: NameSearcher }) => NameSearcher;
