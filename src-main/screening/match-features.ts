/**
 * What besides the name moves a match score: date of birth, country, kind of party, alias quality,
 * word order. Each returns a MatchFeature with plain words and its additive effect, or nothing when
 * there is nothing to compare (an unknown is neither agreement nor disagreement).
 *
 * The effects are small beside the name (a name alone scores up to NAME_WEIGHT = 0.95): evidence
 * ranks candidates with the same name and pushes a borderline name over or under its threshold,
 * but a date of birth alone never makes a different name a hit.
 */
import { dateParts, type DateParts } from './list-dates';
import type { MatchFeature, PartyKind } from './screening.types';

export const NAME_WEIGHT = 0.95;

export const EFFECTS = {
  birthDay: 0.04,
  birthMonth: 0.03,
  birthYear: 0.02,
  birthSwapped: -0.03,
  birthDayDiffers: -0.08,
  birthMonthDiffers: -0.06,
  birthYearOff1: -0.04,
  /** Two or more years apart: this, and a further 0.005 per year up to 20 years. */
  birthYearsApart: -0.1,
  countryShared: 0.01,
  countryDiffers: -0.03,
  kindDiffers: -0.15,
  kindSimilar: -0.05,
  weakAlias: -0.12,
  order: -0.01,
} as const;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function describe(d: DateParts): string {
  if (d.month === undefined) return String(d.year);
  if (d.day === undefined) return `${MONTHS[d.month - 1]} ${d.year}`;
  return `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

function compareOne(q: DateParts, l: DateParts): MatchFeature {
  const said = `born ${describe(q)}, list says ${describe(l)}`;
  if (q.year !== l.year) {
    const apart = Math.abs(q.year - l.year);
    if (apart === 1) return { feature: 'birthDate', detail: `${said} (one year apart)`, effect: EFFECTS.birthYearOff1 };
    return { feature: 'birthDate', detail: `${said} (${apart} years apart)`, effect: EFFECTS.birthYearsApart - 0.005 * Math.min(apart, 20) };
  }
  if (q.month === undefined || l.month === undefined) return { feature: 'birthDate', detail: `${said}: the same year`, effect: EFFECTS.birthYear };
  if (q.month !== l.month) {
    if (q.day !== undefined && l.day !== undefined && q.day === l.month && q.month === l.day) {
      return { feature: 'birthDate', detail: `${said}: day and month swapped`, effect: EFFECTS.birthSwapped };
    }
    return { feature: 'birthDate', detail: `${said}: same year, another month`, effect: EFFECTS.birthMonthDiffers };
  }
  if (q.day === undefined || l.day === undefined) return { feature: 'birthDate', detail: `${said}: the same month`, effect: EFFECTS.birthMonth };
  if (q.day !== l.day) return { feature: 'birthDate', detail: `${said}: same month, another day`, effect: EFFECTS.birthDayDiffers };
  return { feature: 'birthDate', detail: `${said}: the same day`, effect: EFFECTS.birthDay };
}

/** The best agreement between the query's date of birth and any the list gives. */
export function birthDateFeature(query: string | undefined, listed: readonly string[]): MatchFeature | undefined {
  if (query === undefined || listed.length === 0) return undefined;
  const q = dateParts(query);
  let best: MatchFeature | undefined;
  for (const l of listed) {
    const f = compareOne(q, dateParts(l));
    if (!best || f.effect > best.effect) best = f;
  }
  return best;
}

export function countryFeature(query: readonly string[] | undefined, listed: readonly string[]): MatchFeature | undefined {
  if (!query || query.length === 0 || listed.length === 0) return undefined;
  const shared = query.filter((c) => listed.includes(c));
  if (shared.length > 0) return { feature: 'country', detail: `country ${shared.join(', ')} on both`, effect: EFFECTS.countryShared };
  return { feature: 'country', detail: `countries ${query.join(', ')} given, list says ${listed.join(', ')}`, effect: EFFECTS.countryDiffers };
}

export function kindFeature(query: 'individual' | 'entity' | undefined, listed: PartyKind): MatchFeature | undefined {
  if (query === undefined || listed === 'unknown' || query === listed) return undefined;
  if (query === 'entity' && (listed === 'vessel' || listed === 'aircraft')) {
    return { feature: 'kind', detail: `an organisation screened, the list entry is a ${listed}`, effect: EFFECTS.kindSimilar };
  }
  const what = { individual: 'a person', entity: 'an organisation', vessel: 'a vessel', aircraft: 'an aircraft' } as const;
  return { feature: 'kind', detail: `${what[query]} screened, the list entry is ${what[listed]}`, effect: EFFECTS.kindDiffers };
}
