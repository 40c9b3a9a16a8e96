/**
 * Names to comparable tokens, the same way for list names and for the names being screened:
 *
 * 1. Unicode NFKC; letters outside the Latin script (Cyrillic, Arabic, Greek, Han, Hangul…) are
 *    transliterated to Latin by the `transliteration` library, which also folds Latin diacritics
 *    (ü → u, ß → ss, ł → l). Azerbaijani ə is mapped to e first (the library gives "@").
 * 2. Dotted abbreviations are closed up (S.A. → SA, L.L.C. → LLC), apostrophes dropped (O'Brien →
 *    obrien), every other punctuation mark becomes a space, everything lower case.
 * 3. Words that say nothing about who someone is are dropped: honorifics and generational suffixes
 *    for people (mr, dr, sir, jr…); legal forms for organisations, vessels and aircraft (LLC, LTD,
 *    OOO, GmbH, "joint stock company", "S.A. de C.V."…) and "the", "of", "and"; the Arabic article
 *    al/el when it stands alone (al-Tikriti → tikriti). A name made only of such words keeps them.
 *
 * When the kind is not known (a query without one), only legal forms that cannot be a person's
 * name part are dropped (LLC, GmbH, OOO…, not AG, SA or AB), with "the", "of", "and".
 */
import { transliterate } from 'transliteration';

export type NameKind = 'individual' | 'entity' | 'other' | undefined;

export interface NormalisedName {
  readonly tokens: readonly string[];
  /** The name held letters outside the Latin script and was transliterated. */
  readonly transliterated: boolean;
  /** The Latin text the tokens came from (for explanations). */
  readonly latin: string;
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev', 'hon', 'mister', 'madam', 'mme', 'mlle', 'herr', 'frau', 'jr', 'jnr', 'sr', 'snr', 'ii', 'iii']);
const PARTICLES = new Set(['al', 'el']);
const ENTITY_STOPWORDS = new Set(['the', 'of', 'and']);
/** Legal forms that are never a person's name part. */
const LEGAL_UNAMBIGUOUS = new Set([
  'llc', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'plc', 'gmbh', 'mbh', 'sarl', 'srl', 'spa', 'ooo', 'oao', 'zao', 'pao', 'tov', 'jsc', 'ojsc',
  'cjsc', 'pjsc', 'llp', 'fze', 'fzco', 'fzc', 'fzllc', 'fzle', 'dmcc', 'ltda', 'aktiengesellschaft', 'sirketi', 'liability', 'obshchestvo', 'aktsionernoe', 'ogranichennoi', 'ogranichennoy',
  'otvetstvennostyu', 'otvetstvennostiu', 'pte', 'pty', 'pvt', 'bhd', 'tbk', 'kft', 'zrt', 'nyrt', 'oyj', 'aps', 'sas', 'company', 'co',
]);
/** Legal forms that can also be initials or name parts: dropped only from names known to be organisations. */
const LEGAL_AMBIGUOUS = new Set(['sa', 'ag', 'kg', 'bv', 'nv', 'ab', 'as', 'asa', 'oy', 'ao', 'cv', 'lp', 'sdn', 'se', 'ug', 'eood', 'ood', 'doo', 'dd', 'ad', 'sro', 'spzoo']);
/** Multi-word legal forms, longest first (Russian ones as OFAC transliterates them). */
const LEGAL_PHRASES: readonly (readonly string[])[] = [
  ['obshchestvo', 's', 'ogranichennoi', 'otvetstvennostyu'],
  ['obshchestvo', 's', 'ogranichennoy', 'otvetstvennostyu'],
  ['obshchestvo', 's', 'ogranichennoi', 'otvetstvennostiu'],
  ['publichnoe', 'aktsionernoe', 'obshchestvo'],
  ['otkrytoe', 'aktsionernoe', 'obshchestvo'],
  ['zakrytoe', 'aktsionernoe', 'obshchestvo'],
  ['gesellschaft', 'mit', 'beschrankter', 'haftung'],
  ['public', 'joint', 'stock', 'company'],
  ['closed', 'joint', 'stock', 'company'],
  ['open', 'joint', 'stock', 'company'],
  ['limited', 'liability', 'company'],
  ['limited', 'liability', 'partnership'],
  ['joint', 'stock', 'company'],
  ['aktsionernoe', 'obshchestvo'],
  ['anonim', 'sirketi'],
  ['limited', 'sirketi'],
  ['sociedad', 'anonima'],
  ['youxian', 'gongsi'],
  ['sp', 'z', 'o', 'o'],
  ['sa', 'de', 'cv'],
  ['s', 'de', 'rl'],
  ['de', 'cv'],
];

/** Latin letters only (with marks), digits, spaces and punctuation: no transliteration needed. */
const NON_LATIN_LETTER = /(?![\p{Script=Latin}])\p{L}/u;

export function normaliseName(name: string, kind: NameKind): NormalisedName {
  let text = name.normalize('NFKC');
  const transliterated = NON_LATIN_LETTER.test(text);
  text = text.replace(/[əƏ]/g, (c) => (c === 'ə' ? 'e' : 'E'));
  if (/[\u0080-\uffff]/.test(text)) text = transliterate(text);
  const latin = text;
  text = text
    .replace(/\b(?:[A-Za-z]\.){2,}/g, (m) => m.replace(/\./g, ''))
    .replace(/['’‘`´ʼʻ]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const all = text === '' ? [] : text.split(' ');
  return { tokens: dropNoise(all, kind), transliterated, latin };
}

function dropNoise(tokens: string[], kind: NameKind): string[] {
  if (tokens.length <= 1) return tokens;
  let out = tokens;
  if (kind === 'individual') out = out.filter((t) => !HONORIFICS.has(t));
  else {
    out = dropPhrases(out, kind !== undefined);
    out = out.filter((t) => !LEGAL_UNAMBIGUOUS.has(t) && !ENTITY_STOPWORDS.has(t) && !(kind !== undefined && LEGAL_AMBIGUOUS.has(t)));
    if (kind === undefined) out = out.filter((t) => !HONORIFICS.has(t));
  }
  out = out.filter((t, i) => !(PARTICLES.has(t) && i < out.length - 1));
  return out.length > 0 ? out : tokens;
}

function dropPhrases(tokens: string[], all: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = LEGAL_PHRASES.find((p) => (all || p.length > 2 || p[0] === 'sp' || p[0] === 'aktsionernoe') && p.every((w, k) => tokens[i + k] === w));
    if (phrase) i += phrase.length;
    else out.push(tokens[i++]!);
  }
  return out;
}
