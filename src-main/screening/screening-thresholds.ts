/**
 * The score at which a name-screening candidate becomes a hit, per list: resources/sanctions/
 * screening-thresholds.json (exact list ids first, then id prefixes such as `pep-`, then the
 * default). Why the values are what they are is in resources/sanctions/README.md.
 */
import defaults from '../../resources/sanctions/screening-thresholds.json';
import { VaultlineError } from '../errors';

export interface ScreeningThresholds {
  readonly default: number;
  readonly lists: Readonly<Record<string, number>>;
  readonly prefixes: Readonly<Record<string, number>>;
}

const score = (v: unknown, field: string): number => {
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new VaultlineError('VALIDATION', `\`${field}\` must be a score above 0 and at most 1, got ${JSON.stringify(v)}`);
  return v;
};

/** Checks a thresholds document (the shipped one, or a later version from configuration). */
export function parseThresholds(value: unknown): ScreeningThresholds {
  if (typeof value !== 'object' || value === null) throw new VaultlineError('VALIDATION', 'screening thresholds must be a JSON object');
  const v = value as Record<string, unknown>;
  const table = (name: 'lists' | 'prefixes'): Record<string, number> => {
    const t = v[name] ?? {};
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new VaultlineError('VALIDATION', `\`${name}\` must be an object of list id → score`);
    return Object.fromEntries(Object.entries(t).map(([k, s]) => [k, score(s, `${name}.${k}`)]));
  };
  return { default: score(v.default, 'default'), lists: table('lists'), prefixes: table('prefixes') };
}

export const DEFAULT_THRESHOLDS: ScreeningThresholds = parseThresholds(defaults);

export function thresholdFor(listId: string, thresholds: ScreeningThresholds = DEFAULT_THRESHOLDS): number {
  const exact = thresholds.lists[listId];
  if (exact !== undefined) return exact;
  let best: { prefix: string; score: number } | undefined;
  for (const [prefix, s] of Object.entries(thresholds.prefixes)) {
    if (listId.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { prefix, score: s };
  }
  return best?.score ?? thresholds.default;
}
