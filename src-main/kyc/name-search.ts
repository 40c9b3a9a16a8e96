/**
 * How the KYC module searches names: one `NameSearcher` per list version, built once from its
 * entries and reused for every customer of a re-screen. The screening library's `NameIndex`
 * (src-main/screening) is the real implementation; `basicNameIndex` is a stand-in used only until
 * the library's index is wired in core.ts (it blocks on shared tokens and scores with Jaro-Winkler,
 * and explains its score in the same features), so the orchestration, the tests and the bench run
 * against the contract in screening.types.ts either way.
 */
import { transliterate } from 'transliteration';
import type { ListEntry, MatchFeature, NameMatch, NameQuery } from '../screening/screening.types';

export interface NameSearcher {
  search(query: NameQuery, options: { readonly limit: number; readonly threshold: number }): NameMatch[];
}

/**
 * Builds the searcher of a set of entries. `weightsFrom`: the searcher of the whole list version,
 * when these entries are only part of it (the ones an update added or changed), so that their
 * scores are the ones the whole list gives (token rarity is counted over the whole list).
 */
export type NameIndexFactory = (entries: readonly ListEntry[], options?: { readonly weightsFrom?: NameSearcher }) => NameSearcher;

/** Latin letters only, lower case, no marks; other scripts transliterated first. */
export function nameTokens(name: string): string[] {
  const latin = /[^\p{Script=Latin}\p{N}\p{P}\p{Z}]/u.test(name) ? transliterate(name) : name;
  return latin
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((t) => t.length > 0);
}

/** Jaro-Winkler similarity (Winkler 1990), prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array<boolean>(a.length).fill(false);
  const bMatch = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatch[j] || a[i] !== b[j]) continue;
      aMatch[i] = bMatch[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

interface IndexedName {
  readonly entry: ListEntry;
  readonly name: string;
  readonly tokens: readonly string[];
  readonly weak: boolean;
}

/** Pairs each query token with its best unused name token; returns the mean similarity over the longer side. */
function tokenScore(query: readonly string[], name: readonly string[]): { score: number; exact: number; fuzzy: number; initials: number; reordered: boolean } {
  const used = new Set<number>();
  let total = 0;
  let exact = 0;
  let fuzzy = 0;
  let initials = 0;
  let lastIndex = -1;
  let reordered = false;
  for (const q of query) {
    let best = { j: -1, sim: 0 };
    name.forEach((n, j) => {
      if (used.has(j)) return;
      const sim = q.length === 1 || n.length === 1 ? (q[0] === n[0] ? 0.8 : 0) : jaroWinkler(q, n);
      if (sim > best.sim) best = { j, sim };
    });
    if (best.j < 0 || best.sim < 0.75) continue;
    used.add(best.j);
    total += best.sim;
    if (best.sim === 1) exact++;
    else if (q.length === 1 || name[best.j]!.length === 1) initials++;
    else fuzzy++;
    if (best.j < lastIndex) reordered = true;
    lastIndex = best.j;
  }
  return { score: total / Math.max(query.length, name.length), exact, fuzzy, initials, reordered };
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

/** hazmat-free stand-in for the library's NameIndex (see the module comment). */
export function basicNameIndex(entries: readonly ListEntry[]): NameSearcher {
  const names: IndexedName[] = [];
  const byToken = new Map<string, number[]>();
  for (const entry of entries) {
    for (const n of entry.names) {
      const tokens = nameTokens(n.name);
      if (tokens.length === 0) continue;
      const id = names.push({ entry, name: n.name, tokens, weak: n.quality === 'weak' }) - 1;
      // Block on each token and on its first three letters, so typos past the third letter still meet.
      for (const key of new Set(tokens.flatMap((t) => [t, `${t.slice(0, 3)}*`]))) {
        let list = byToken.get(key);
        if (!list) byToken.set(key, (list = []));
        list.push(id);
      }
    }
  }
  return {
    search(query, { limit, threshold }) {
      const q = nameTokens(query.name);
      if (q.length === 0) return [];
      const candidates = new Set<number>();
      for (const t of q) for (const key of [t, `${t.slice(0, 3)}*`]) for (const id of byToken.get(key) ?? []) candidates.add(id);
      const best = new Map<ListEntry, NameMatch>();
      for (const id of candidates) {
        const n = names[id]!;
        const t = tokenScore(q, n.tokens);
        if (t.score === 0) continue;
        const agreed: MatchFeature[] = [];
        const penalised: MatchFeature[] = [];
        agreed.push({ feature: 'tokens', detail: `${t.exact} of ${Math.max(q.length, n.tokens.length)} name parts agree exactly`, effect: Math.round(t.score * 1000) / 1000 });
        if (t.fuzzy > 0) agreed.push({ feature: 'typo', detail: `${t.fuzzy} name part(s) agree with a spelling difference`, effect: 0 });
        if (t.initials > 0) agreed.push({ feature: 'initials', detail: `${t.initials} initial(s) agree`, effect: 0 });
        if (t.reordered) agreed.push({ feature: 'order', detail: 'the same names in another order', effect: 0 });
        if (/[^\p{Script=Latin}\p{N}\p{P}\p{Z}]/u.test(query.name + n.name)) agreed.push({ feature: 'transliteration', detail: 'compared after transliteration to Latin', effect: 0 });
        let score = t.score;
        if (query.birthDate && n.entry.birthDates.length > 0) {
          const year = yearOf(query.birthDate);
          const same = n.entry.birthDates.some((d) => query.birthDate!.startsWith(d) || d.startsWith(query.birthDate!));
          const near = n.entry.birthDates.some((d) => Math.abs(yearOf(d) - year) <= 1);
          if (same) agreed.push({ feature: 'birthDate', detail: `born ${query.birthDate}, the list says ${n.entry.birthDates.join(' or ')}`, effect: 0.05 });
          else penalised.push({ feature: 'birthDate', detail: `born ${query.birthDate}, the list says ${n.entry.birthDates.join(' or ')}`, effect: near ? -0.05 : -0.15 });
        }
        if (query.countries && query.countries.length > 0 && n.entry.countries.length > 0) {
          const shared = query.countries.filter((c) => n.entry.countries.includes(c));
          if (shared.length > 0) agreed.push({ feature: 'country', detail: `country ${shared.join(', ')} on both`, effect: 0.03 });
          else penalised.push({ feature: 'country', detail: `${query.countries.join(', ')}; the list says ${n.entry.countries.join(', ')}`, effect: -0.05 });
        }
        if (query.kind && n.entry.kind !== 'unknown' && n.entry.kind !== query.kind) penalised.push({ feature: 'kind', detail: `a ${query.kind}; the list entry is a ${n.entry.kind}`, effect: -0.2 });
        if (n.weak) penalised.push({ feature: 'weakAlias', detail: 'a weak (low quality) alias', effect: -0.05 });
        for (const f of [...agreed.slice(1), ...penalised]) score += f.effect;
        score = Math.round(Math.max(0, Math.min(1, score)) * 10000) / 10000;
        if (score < threshold) continue;
        const prior = best.get(n.entry);
        if (!prior || prior.score < score) best.set(n.entry, { listId: n.entry.listId, entryId: n.entry.entryId, matchedName: n.name, score, agreed, penalised });
      }
      return [...best.values()].sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId)).slice(0, limit);
    },
  };
}
