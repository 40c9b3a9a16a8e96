/**
 * Name screening: an index over the names of list entries and a search that scores, ranks and
 * explains candidates.
 *
 * Candidate generation (so that a query never scores every name). Every distinct token of the
 * list is indexed under itself, under its Double Metaphone codes and (tokens of 4+ letters) under
 * each of its one-letter deletions (the symmetric-deletion trick: two tokens one edit apart share
 * a key). A query token looks those keys up, gets a few dozen candidate tokens, scores them
 * (name-similarity.ts), and every name holding one collects the query token's weight × similarity.
 * Adjacent tokens are also indexed joined ("abdul rahman" ~ "abdulrahman"). Only names that
 * collected at least MIN_COVERAGE of the query's weight, at most MAX_CANDIDATES of them, are scored
 * in full.
 *
 * Scoring a name. Query and list tokens are aligned one to one, best pairs first, whatever their
 * order (so "Surname Given" ~ "Given Surname"). Tokens carry weights from how rare they are among
 * the list's names (an IDF: "mohammed" says less than "lukashenko"); an initial pairs at half the
 * weight of the word it abbreviates. The name score is a weighted Dice coefficient:
 *
 *     Σ 2·w·similarity over pairs / (Σ 2·w over pairs + λ · Σ w of unpaired tokens)
 *
 * with λ = 1 unless at least two tokens paired (an initial on the list side does not count); then
 * a missing middle name costs little: λ = UNPAIRED_LIST_SOFT for list tokens the query lacks,
 * UNPAIRED_QUERY_SOFT for query tokens the list name lacks. The match score is NAME_WEIGHT × name score plus the evidence effects
 * (match-features.ts), within 0..1. Every score is continuous, so different candidates rarely tie.
 */
import { VaultlineError } from '../errors';
import { isCountryCode } from './countries';
import { isPartialDate } from './list-dates';
import { birthDateFeature, countryFeature, EFFECTS, kindFeature, NAME_WEIGHT } from './match-features';
import { normaliseName, type NameKind } from './name-normalise';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { editDistance, MIN_TOKEN_SIMILARITY, tokenKeys, tokenSimilarity, type TokenKeys, type TokenRelation, type TokenSimilarity } from './name-similarity';
import { DEFAULT_THRESHOLDS, thresholdFor, type ScreeningThresholds } from './screening-thresholds';
import type { ListEntry, ListName, MatchFeature, NameMatch, NameQuery } from './screening.types';

const MAX_CANDIDATES = 100;
const MIN_COVERAGE = 0.3;
/** What an unpaired token weighs once two tokens paired: less on the list side (lists spell names in
 * full, with patronymics and second surnames), more on the query side (a surname the list name lacks). */
const UNPAIRED_LIST_SOFT = 0.25;
const UNPAIRED_QUERY_SOFT = 0.5;
const INITIAL_WEIGHT = 0.2;
const MIN_DELETION_LENGTH = 4;
/** The most the evidence can add (date of birth to the day, a shared country). */
const MAX_EVIDENCE = EFFECTS.birthDay + EFFECTS.countryShared;
const COMPOUND_SIMILARITY = 0.9;

export interface SearchOptions {
  /** At most this many matches (default 10). */
  readonly limit?: number;
  /** One threshold for every list; by default each list's own (screening-thresholds.json). */
  readonly threshold?: number;
  /** Only entries of these lists. */
  readonly lists?: readonly string[];
}

interface IndexedName {
  readonly entry: number;
  /** Σ of its tokens' weights, set once the weights are known. */
  weight: number;
  readonly name: ListName;
  readonly tokens: readonly number[];
  readonly transliterated: boolean;
  readonly latin: string;
}

interface QueryToken extends TokenKeys {
  readonly weight: number;
  readonly initial: boolean;
}

interface Pair {
  readonly q: readonly number[];
  readonly c: readonly number[];
  readonly similarity: number;
  readonly relation: TokenRelation | 'compound';
  readonly weight: number;
}

const kindOfEntry = (kind: ListEntry['kind']): NameKind => (kind === 'individual' ? 'individual' : kind === 'unknown' ? undefined : kind === 'entity' ? 'entity' : 'other');

export class NameIndex {
  readonly #entries: readonly ListEntry[];
  readonly #names: IndexedName[] = [];
  readonly #tokenText: string[] = [];
  readonly #tokenKeys: TokenKeys[] = [];
  readonly #tokenWeight: number[] = [];
  readonly #tokenId = new Map<string, number>();
  /** Token id → ids of the names holding it (arrays while building, then packed). */
  #tokenNames: number[][] = [];
  #postings: Int32Array[] = [];
  // Blocking keys → token ids: Double Metaphone codes, consonant skeletons, one-letter deletions.
  readonly #byCode = new Map<string, number[]>();
  readonly #bySkeleton = new Map<string, number[]>();
  readonly #byDeletion = new Map<string, number[]>();
  readonly #joined = new Map<string, number[]>();
  readonly #thresholds: ScreeningThresholds;
  readonly #thresholdByList = new Map<string, number>();
  // Scratch space for candidate generation, reused between searches (a search runs to completion
  // synchronously, so searches never share it).
  readonly #coverage: Float64Array;
  readonly #seen: Int32Array;
  readonly #marks: Int32Array;
  #counter = 0;

  /**
   * `weightsFrom`: take token weights from another index instead of counting them here. For a
   * re-screen against only the entries a list update added or changed (diffLists), build the small
   * index with the full version's weights, so that every score is the one the full list gives.
   */
  constructor(entries: readonly ListEntry[], options: { readonly thresholds?: ScreeningThresholds; readonly weightsFrom?: NameIndex } = {}) {
    this.#entries = entries;
    this.#thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    const seen = new Set<string>();
    for (const [e, entry] of entries.entries()) {
      const key = `${entry.listId}\u0000${entry.entryId}`;
      if (seen.has(key)) throw new VaultlineError('VALIDATION', `entry ${entry.entryId} of ${entry.listId} is given twice`);
      seen.add(key);
      const kind = kindOfEntry(entry.kind);
      for (const name of entry.names) {
        const n = normaliseName(name.name, kind);
        if (n.tokens.length === 0) continue;
        const id = this.#names.length;
        const tokens = n.tokens.map((t) => this.#token(t));
        this.#names.push({ entry: e, name, tokens, transliterated: n.transliterated, latin: n.latin, weight: 0 });
        for (const t of new Set(tokens)) this.#tokenNames[t]!.push(id);
        for (let i = 0; i + 1 < n.tokens.length; i++) push(this.#joined, n.tokens[i]! + n.tokens[i + 1]!, id);
      }
    }
    // Weights: rarer tokens say more (IDF over names, scaled into 0.3..1).
    const total = Math.max(1, this.#names.length);
    const scale = Math.log(1 + total);
    for (let t = 0; t < this.#tokenText.length; t++) {
      const own = this.#tokenText[t]!.length === 1 ? INITIAL_WEIGHT : 0.3 + (0.7 * Math.log(1 + total / this.#tokenNames[t]!.length)) / scale;
      // A token the reference index lacks is as rare as a token can be there: weight 1.
      this.#tokenWeight[t] = options.weightsFrom ? (options.weightsFrom.tokenWeight(this.#tokenText[t]!) ?? (this.#tokenText[t]!.length === 1 ? INITIAL_WEIGHT : 1)) : own;
    }
    this.#postings = this.#tokenNames.map((ids) => Int32Array.from(ids));
    this.#tokenNames = [];
    for (const n of this.#names) n.weight = n.tokens.reduce((sum, t) => sum + this.#tokenWeight[t]!, 0);
    this.#coverage = new Float64Array(this.#names.length);
    this.#seen = new Int32Array(this.#names.length);
    this.#marks = new Int32Array(this.#names.length);
  }

  #token(text: string): number {
    const known = this.#tokenId.get(text);
    if (known !== undefined) return known;
    const id = this.#tokenText.length;
    const keys = tokenKeys(text);
    this.#tokenId.set(text, id);
    this.#tokenText.push(text);
    this.#tokenKeys.push(keys);
    this.#tokenNames.push([]);
    this.#tokenWeight.push(0);
    if (text.length > 1) {
      for (const c of keys.codes) push(this.#byCode, c, id);
      if (keys.skeleton.length >= 3) push(this.#bySkeleton, keys.skeleton, id);
      for (const k of deletionKeys(text)) push(this.#byDeletion, k, id);
    }
    return id;
  }

  /** The weight of a normalised token in this index (undefined if no indexed name holds it). */
  tokenWeight(token: string): number | undefined {
    const id = this.#tokenId.get(token);
    return id === undefined ? undefined : this.#tokenWeight[id];
  }

  /** Names indexed (primary names and aliases, every script). */
  get size(): number {
    return this.#names.length;
  }

  get entryCount(): number {
    return this.#entries.length;
  }

  /** Matches at or above the threshold, best first. */
  search(query: NameQuery, options: SearchOptions = {}): NameMatch[] {
    checkQuery(query, options);
    const limit = options.limit ?? 10;
    const lists = options.lists ? new Set(options.lists) : undefined;
    const normalised = normaliseName(query.name, query.kind);
    const tokens: QueryToken[] = normalised.tokens.map((text) => {
      const id = this.#tokenId.get(text);
      const weight = text.length === 1 ? INITIAL_WEIGHT : id === undefined ? 1 : this.#tokenWeight[id]!;
      return { ...(id === undefined ? tokenKeys(text) : this.#tokenKeys[id]!), weight, initial: text.length === 1 };
    });
    if (tokens.length === 0) return [];
    const similarities = tokens.map(() => new Map<number, TokenSimilarity>());
    const candidates = this.#candidates(tokens, similarities);

    const best = new Map<number, NameMatch>();
    for (const nameId of candidates) {
      const name = this.#names[nameId]!;
      const entry = this.#entries[name.entry]!;
      if (lists && !lists.has(entry.listId)) continue;
      const threshold = options.threshold ?? this.#threshold(entry.listId);
      const previous = best.get(name.entry);
      const match = this.#score(query, normalised.transliterated, tokens, similarities, name, entry, Math.max(threshold, previous ? previous.score + 1e-9 : 0));
      if (match) best.set(name.entry, match);
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.listId.localeCompare(b.listId) || a.entryId.localeCompare(b.entryId)).slice(0, limit);
  }

  #threshold(listId: string): number {
    let t = this.#thresholdByList.get(listId);
    if (t === undefined) {
      t = thresholdFor(listId, this.#thresholds);
      this.#thresholdByList.set(listId, t);
    }
    return t;
  }

  /** Name ids worth scoring: those holding enough of the query's weight through similar tokens. */
  #candidates(tokens: readonly QueryToken[], similarities: Map<number, TokenSimilarity>[]): number[] {
    const coverage = this.#coverage;
    const seen = this.#seen;
    const marks = this.#marks;
    if (this.#counter > 2_000_000_000) {
      seen.fill(0);
      marks.fill(0);
      this.#counter = 0;
    }
    const generation = ++this.#counter;
    const touched: number[] = [];
    // Adds `amount` to each name once per mark (a mark per query token: a name collects a query
    // token's best similarity only, since tokens are visited best first). With `onlySeen`, names
    // not met yet in this search are left out.
    const add = (nameIds: ArrayLike<number>, amount: number, mark: number, onlySeen: boolean): void => {
      for (let k = 0; k < nameIds.length; k++) {
        const n = nameIds[k]!;
        if (marks[n] === mark) continue;
        if (seen[n] !== generation) {
          if (onlySeen) continue;
          seen[n] = generation;
          coverage[n] = 0;
          touched.push(n);
        }
        marks[n] = mark;
        coverage[n]! += amount;
      }
    };

    // Rarest query tokens first. Once the tokens left could not give a name MIN_COVERAGE on their
    // own, they only add to names already met: "mohammed" or "trading" then costs a pass over the
    // few names met so far, not over the thousands of names that hold it.
    const totalWeight = tokens.reduce((sum, q) => sum + q.weight, 0);
    const floor = MIN_COVERAGE * totalWeight;
    const order = tokens.map((_, i) => i).sort((a, b) => tokens[b]!.weight - tokens[a]!.weight);
    let remaining = totalWeight;
    for (const i of order) {
      const q = tokens[i]!;
      const introduce = remaining >= floor;
      remaining -= q.weight;
      if (q.initial) continue;
      const mark = ++this.#counter;
      const found = similarities[i]!;
      const ids = new Set<number>();
      const exact = this.#tokenId.get(q.text);
      if (exact !== undefined) ids.add(exact);
      for (const c of q.codes) for (const t of this.#byCode.get(c) ?? []) ids.add(t);
      if (q.skeleton.length >= 3) for (const t of this.#bySkeleton.get(q.skeleton) ?? []) ids.add(t);
      for (const k of deletionKeys(q.text)) for (const t of this.#byDeletion.get(k) ?? []) ids.add(t);
      const scored: [number, number][] = [];
      let postings = 0;
      for (const t of ids) {
        const s = tokenSimilarity(q, this.#tokenKeys[t]!);
        found.set(t, s);
        if (s.similarity < MIN_TOKEN_SIMILARITY) continue;
        scored.push([t, s.similarity]);
        postings += this.#postings[t]!.length;
      }
      scored.sort((a, b) => b[1] - a[1]);
      if (introduce || postings < 4 * touched.length) {
        for (const [t, s] of scored) add(this.#postings[t]!, q.weight * s, mark, !introduce);
      } else {
        const best = new Map(scored.map(([t, s]) => [t, s] as const));
        for (const n of touched) {
          let s = 0;
          for (const t of this.#names[n]!.tokens) s = Math.max(s, best.get(t) ?? 0);
          if (s > 0) {
            marks[n] = mark;
            coverage[n]! += q.weight * s;
          }
        }
      }
      // The query token written as two list tokens ("abdulrahman" ~ "abdul rahman").
      add(this.#joined.get(q.text) ?? [], q.weight, mark, !introduce);
    }
    // Two query tokens written as one list token ("abdul rahman" ~ "abdulrahman").
    for (let i = 0; i + 1 < tokens.length; i++) {
      const t = this.#tokenId.get(tokens[i]!.text + tokens[i + 1]!.text);
      if (t !== undefined) add(this.#postings[t]!, tokens[i]!.weight + tokens[i + 1]!.weight, ++this.#counter, false);
    }

    // Rank by a cheap estimate of the name score (a weighted Dice of the coverage), so that among
    // names holding the same query tokens the ones with fewer other tokens come first.
    const kept = touched.filter((n) => coverage[n]! >= floor);
    for (const n of kept) coverage[n] = (2 * coverage[n]!) / (totalWeight + this.#names[n]!.weight);
    kept.sort((a, b) => coverage[b]! - coverage[a]!);
    return kept.slice(0, MAX_CANDIDATES);
  }

  /**
   * A query token against a list token. Tokens that shared no key with the query token (exact,
   * skeleton, metaphone, one deletion) were never candidates and count as unlike, so a name scores
   * the same whichever of its tokens brought it in; initials, which have no keys, are compared here.
   */
  #similarity(q: QueryToken, cache: Map<number, TokenSimilarity>, token: number): TokenSimilarity {
    let s = cache.get(token);
    if (s === undefined) {
      s = q.initial || this.#tokenText[token]!.length === 1 ? tokenSimilarity(q, this.#tokenKeys[token]!) : UNLIKE;
      cache.set(token, s);
    }
    return s;
  }

  /** The match of one list name, or undefined when it scores below `floor` (nothing is explained then). */
  #score(query: NameQuery, queryTransliterated: boolean, q: readonly QueryToken[], cache: readonly Map<number, TokenSimilarity>[], name: IndexedName, entry: ListEntry, floor: number): NameMatch | undefined {
    const c = name.tokens;
    const cw = c.map((t) => this.#tokenWeight[t]!);
    // All pairs worth aligning, best first.
    const options: Pair[] = [];
    for (let i = 0; i < q.length; i++) {
      for (let j = 0; j < c.length; j++) {
        const s = this.#similarity(q[i]!, cache[i]!, c[j]!);
        if (s.similarity < MIN_TOKEN_SIMILARITY) continue;
        const weight = s.relation === 'initial' ? (q[i]!.initial ? cw[j]! : q[i]!.weight) / 2 : (q[i]!.weight + cw[j]!) / 2;
        options.push({ q: [i], c: [j], similarity: s.similarity, relation: s.relation, weight });
      }
    }
    options.sort((a, b) => b.similarity - a.similarity || b.weight - a.weight);
    const usedQ = new Array<boolean>(q.length).fill(false);
    const usedC = new Array<boolean>(c.length).fill(false);
    const pairs: Pair[] = [];
    for (const p of options) {
      if (usedQ[p.q[0]!] || usedC[p.c[0]!]) continue;
      usedQ[p.q[0]!] = true;
      usedC[p.c[0]!] = true;
      pairs.push(p);
    }
    // Compounds among what is left: one token on one side written as two adjacent ones on the other.
    for (let i = 0; i < q.length; i++) {
      for (let j = 0; j + 1 < c.length; j++) {
        if (usedQ[i] || usedC[j] || usedC[j + 1] || q[i]!.initial) continue;
        const s = compoundSimilarity(q[i]!.text, this.#tokenText[c[j]!]!, this.#tokenText[c[j + 1]!]!);
        if (s < COMPOUND_SIMILARITY) continue;
        usedQ[i] = usedC[j] = usedC[j + 1] = true;
        pairs.push({ q: [i], c: [j, j + 1], similarity: s, relation: 'compound', weight: (q[i]!.weight + (cw[j]! + cw[j + 1]!) / 2) / 2 });
      }
    }
    for (let i = 0; i + 1 < q.length; i++) {
      for (let j = 0; j < c.length; j++) {
        if (usedQ[i] || usedQ[i + 1] || usedC[j] || q[i]!.initial || q[i + 1]!.initial) continue;
        const s = compoundSimilarity(this.#tokenText[c[j]!]!, q[i]!.text, q[i + 1]!.text);
        if (s < COMPOUND_SIMILARITY) continue;
        usedQ[i] = usedQ[i + 1] = usedC[j] = true;
        pairs.push({ q: [i, i + 1], c: [j], similarity: s, relation: 'compound', weight: ((q[i]!.weight + q[i + 1]!.weight) / 2 + cw[j]!) / 2 });
      }
    }
    if (pairs.length === 0) return undefined;

    let unpairedQuery = 0;
    let unpairedList = 0;
    q.forEach((t, i) => usedQ[i] || (unpairedQuery += t.weight));
    cw.forEach((w, j) => usedC[j] || (unpairedList += w));
    const unpairedWeight = unpairedQuery + unpairedList;
    // An initial in the query ("A. Lukashenko") counts as a pair here; an initial on the list side
    // does not ("Vladimir P." says nothing about "Pushkin" beyond its first letter).
    const soft = pairs.filter((p) => p.relation !== 'initial' || q[p.q[0]!]!.initial).length >= 2;
    let num = 0;
    let pairedDen = 0;
    for (const p of pairs) {
      num += 2 * p.weight * p.similarity;
      pairedDen += 2 * p.weight;
    }
    const den = pairedDen + (soft ? UNPAIRED_LIST_SOFT : 1) * unpairedList + (soft ? UNPAIRED_QUERY_SOFT : 1) * unpairedQuery;
    const nameScore = num / den;
    // No evidence can lift it to the floor: stop before building any.
    if (NAME_WEIGHT * nameScore + MAX_EVIDENCE < floor) return undefined;

    const evidence = [
      orderFeature(pairs),
      name.name.quality === 'weak' ? WEAK : undefined,
      kindFeature(query.kind, entry.kind),
      birthDateFeature(query.birthDate, entry.birthDates),
      countryFeature(query.countries, entry.countries),
    ].filter((f): f is MatchFeature => f !== undefined);
    const score = Math.round(Math.min(1, Math.max(0, NAME_WEIGHT * nameScore + evidence.reduce((sum, f) => sum + f.effect, 0))) * 1e6) / 1e6;
    if (score < floor) return undefined;

    // Explanation: each kind of agreement with its share of the score; what cost points and how much.
    const agreed: MatchFeature[] = [];
    const penalised: MatchFeature[] = [];
    const share = (p: Pair): number => (NAME_WEIGHT * 2 * p.weight * p.similarity) / den;
    const text = (side: 'q' | 'c', idx: readonly number[]): string => idx.map((k) => (side === 'q' ? q[k]!.text : this.#tokenText[c[k]!]!)).join(' ');
    const group = (relation: Pair['relation'], feature: MatchFeature['feature'], describe: (p: Pair) => string, lead: string): void => {
      const these = pairs.filter((p) => p.relation === relation);
      if (these.length === 0) return;
      agreed.push({ feature, detail: `${lead}${these.map(describe).join('; ')}`, effect: round(these.reduce((sum, p) => sum + share(p), 0)) });
    };
    group('exact', 'tokens', (p) => `'${text('c', p.c)}'`, 'name parts agree: ');
    group('phonetic', 'phonetic', (p) => `'${text('q', p.q)}' sounds like '${text('c', p.c)}' (${pct(p.similarity)} alike)`, '');
    group('typo', 'typo', (p) => `'${text('q', p.q)}' ≈ '${text('c', p.c)}' (${pct(p.similarity)} alike)`, 'spelt differently: ');
    group('initial', 'initials', (p) => (q[p.q[0]!]!.initial ? `'${text('q', p.q)}' is the initial of '${text('c', p.c)}'` : `'${text('c', p.c)}' is the initial of '${text('q', p.q)}'`), '');
    group('compound', 'tokens', (p) => `'${text('q', p.q)}' written as '${text('c', p.c)}'`, 'joined or split: ');
    if (name.transliterated || queryTransliterated) {
      const which = name.transliterated && queryTransliterated ? 'both names were' : name.transliterated ? 'the list name was' : 'the name screened was';
      agreed.push({ feature: 'transliteration', detail: `${which} transliterated to Latin letters before comparing${name.transliterated ? ` (list name read as '${name.latin}')` : ''}`, effect: 0 });
    }
    if (unpairedWeight > 0) {
      // What the unpaired tokens cost: the name score without them minus the name score with them.
      const fromQuery = q.filter((_, i) => !usedQ[i]).map((t) => `'${t.text}'`);
      const fromList = c.filter((_, j) => !usedC[j]).map((t) => `'${this.#tokenText[t]!}'`);
      const parts = [fromQuery.length ? `${fromQuery.join(', ')} not in the list name` : '', fromList.length ? `${fromList.join(', ')} of the list name not in the name screened` : ''].filter(Boolean);
      penalised.push({ feature: 'tokens', detail: parts.join('; '), effect: -round(NAME_WEIGHT * (num / pairedDen - nameScore)) });
    }
    for (const f of evidence) (f.effect >= 0 ? agreed : penalised).push(f.feature === 'weakAlias' ? { ...f, detail: `'${name.name.name}' ${f.detail}` } : f);
    return { listId: entry.listId, entryId: entry.entryId, matchedName: name.name.name, score, agreed, penalised };
  }
}

/**
 * One token against two adjacent ones joined ("abdulrahman" / "abdul" + "rahman"): the mean of
 * Jaro-Winkler and the edit ratio, compared only when lengths are close and the first letters agree.
 */
function compoundSimilarity(whole: string, first: string, second: string): number {
  const joined = first + second;
  if (whole[0] !== joined[0] || Math.abs(whole.length - joined.length) > 2) return 0;
  if (whole === joined) return 1;
  return (jaroWinkler(whole, joined) + 1 - editDistance(whole, joined) / Math.max(whole.length, joined.length)) / 2;
}

const WEAK: MatchFeature = { feature: 'weakAlias', detail: 'is a weak (low-quality) alias on the list', effect: EFFECTS.weakAlias };

function orderFeature(pairs: readonly Pair[]): MatchFeature | undefined {
  const ordered = [...pairs].filter((p) => p.q.length === 1 && p.c.length === 1).sort((a, b) => a.q[0]! - b.q[0]!);
  let inversions = 0;
  let possible = 0;
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      possible++;
      if (ordered[i]!.c[0]! > ordered[j]!.c[0]!) inversions++;
    }
  }
  if (inversions === 0) return undefined;
  return { feature: 'order', detail: 'the name parts come in another order (e.g. surname first)', effect: round((EFFECTS.order * inversions) / possible) };
}

function checkQuery(query: NameQuery, options: SearchOptions): void {
  if (typeof query.name !== 'string' || query.name.trim() === '' || query.name.length > 300) throw new VaultlineError('VALIDATION', '`name` must be a non-empty name of at most 300 characters');
  if (query.kind !== undefined && query.kind !== 'individual' && query.kind !== 'entity') throw new VaultlineError('VALIDATION', "`kind` must be 'individual' or 'entity'");
  if (query.birthDate !== undefined && !isPartialDate(query.birthDate)) throw new VaultlineError('VALIDATION', `\`birthDate\` must be YYYY, YYYY-MM or YYYY-MM-DD and a real date, got ${JSON.stringify(query.birthDate)}`);
  for (const c of query.countries ?? []) if (!isCountryCode(c)) throw new VaultlineError('VALIDATION', `\`countries\` must hold ISO 3166-1 alpha-2 codes, got ${JSON.stringify(c)}`);
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) throw new VaultlineError('VALIDATION', '`limit` must be a positive integer');
  if (options.threshold !== undefined && !(options.threshold >= 0 && options.threshold <= 1)) throw new VaultlineError('VALIDATION', '`threshold` must be within 0..1');
}

function deletionKeys(token: string): string[] {
  if (token.length < MIN_DELETION_LENGTH) return [token];
  const keys = [token];
  for (let i = 0; i < token.length; i++) keys.push(token.slice(0, i) + token.slice(i + 1));
  return keys;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}

const UNLIKE: TokenSimilarity = { similarity: 0, relation: 'typo' };
const round = (n: number): number => Math.round(n * 1e4) / 1e4;
const pct = (s: number): string => `${Math.round(s * 100)}%`;
