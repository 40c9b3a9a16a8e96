/**
 * How alike two name tokens are, in 0..1, and why.
 *
 * - identical tokens: 1;
 * - otherwise the mean of Jaro-Winkler (talisman; rewards a shared beginning, forgiving of
 *   transpositions) and the Damerau-Levenshtein ratio 1 − edits / longer length (penalises every
 *   edit and a difference in length, so "smith" and "smithson" stay apart where Jaro-Winkler alone
 *   would call them 0.93 alike); for tokens of four letters or fewer the edit ratio counts more,
 *   as one edit there changes a quarter of the word ("ali"/"wali");
 * - spelling variants of one sound, as transliterations produce them, are recognised by a
 *   consonant skeleton (skeleton() below: "mohammed", "muhammad" and "mohamad" are all `mhmd`;
 *   "aleksandr" and "alexander" `lxndr`): equal skeletons add 60% of what is left to 1, when the spellings are
 *   already fairly alike (SKELETON_MIN_BASE; "garcia" and "grace" share `grk` by coincidence);
 * - otherwise a Double Metaphone code in common (talisman; its codes keep only the first four
 *   sounds, so it is the weaker signal) adds a quarter of what is left, for tokens of similar
 *   length only;
 * - an initial ("j") against a token it begins ("john"): INITIAL_SIMILARITY, at half weight in the
 *   name score (name-index.ts);
 * - digits compare only exactly.
 *
 * Pairs below MIN_TOKEN_SIMILARITY are not aligned at all.
 */
import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';

export const MIN_TOKEN_SIMILARITY = 0.72;
export const INITIAL_SIMILARITY = 0.95;
/** Below this plain similarity a shared skeleton is coincidence ("garcia"/"grace" are both `grk`). */
const SKELETON_MIN_BASE = 0.77;

export type TokenRelation = 'exact' | 'phonetic' | 'typo' | 'initial';

export interface TokenSimilarity {
  readonly similarity: number;
  readonly relation: TokenRelation;
}

const NONE: TokenSimilarity = { similarity: 0, relation: 'typo' };
const EXACT: TokenSimilarity = { similarity: 1, relation: 'exact' };
const INITIAL: TokenSimilarity = { similarity: INITIAL_SIMILARITY, relation: 'initial' };

/**
 * A token's consonant skeleton: common transliteration digraphs folded (zh, dzh → j; kh → h;
 * ph → f; ks, cks, x → x; sh, sch → s; ch, tch → c; th → t; ck, q, c → k; w → v), vowels and y
 * dropped (a leading vowel kept as `_`), doubled consonants single. Spellings of the same name
 * through different transliteration systems usually share it.
 */
export function skeleton(token: string): string {
  const t = token
    .replace(/dzh|dj|zh/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/cks|ks|cs|x/g, 'X')
    .replace(/sch|sh/g, 'S')
    .replace(/tch|ch/g, 'C')
    .replace(/th/g, 't')
    .replace(/ck|q|c/g, 'k')
    .replace(/w/g, 'v');
  const lead = /^[aeiouy]/.test(t) ? '_' : '';
  return lead + t.replace(/[aeiouy]/g, '').replace(/(.)\1+/g, '$1');
}

/** Double Metaphone codes of a token ([] for initials and numbers, which have no useful sound). */
export function phoneticCodes(token: string): readonly string[] {
  if (token.length < 2 || /\d/.test(token)) return [];
  const [primary, alternate] = doubleMetaphone(token);
  const codes = [primary, alternate].filter((c) => c.length >= 2);
  return codes[0] === codes[1] ? [codes[0]!] : codes;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** What the similarity of a token needs, computed once per token. */
export interface TokenKeys {
  readonly text: string;
  readonly codes: readonly string[];
  readonly skeleton: string;
}

export function tokenKeys(text: string): TokenKeys {
  return { text, codes: phoneticCodes(text), skeleton: text.length > 1 && !/\d/.test(text) ? skeleton(text) : '' };
}

export function tokenSimilarity(x: TokenKeys, y: TokenKeys): TokenSimilarity {
  const a = x.text;
  const b = y.text;
  if (a === b) return EXACT;
  if (a.length === 1 || b.length === 1) {
    const [initial, whole] = a.length === 1 ? [a, b] : [b, a];
    return whole.length > 1 && whole.startsWith(initial) && !/\d/.test(whole) ? INITIAL : NONE;
  }
  if (/\d/.test(a) || /\d/.test(b)) return NONE;
  // Cheap bound first: tokens whose lengths differ by more than half cannot reach the minimum.
  const longer = Math.max(a.length, b.length);
  if (Math.abs(a.length - b.length) > longer / 2) return NONE;
  const ratio = 1 - editDistance(a, b) / longer;
  const jw = jaroWinkler(a, b);
  const base = longer <= 4 ? 0.35 * jw + 0.65 * ratio : (jw + ratio) / 2;
  let s = base;
  let relation: TokenRelation = 'typo';
  if (base >= SKELETON_MIN_BASE && x.skeleton.length >= 3 && x.skeleton === y.skeleton) {
    s = base + (1 - base) * 0.6;
    relation = 'phonetic';
  } else if (a[0] === b[0] && Math.abs(a.length - b.length) <= 2 && x.codes.some((c) => y.codes.includes(c))) {
    s = base + (1 - base) * 0.25;
    relation = 'phonetic';
  }
  return s >= MIN_TOKEN_SIMILARITY ? { similarity: s, relation } : NONE;
}
