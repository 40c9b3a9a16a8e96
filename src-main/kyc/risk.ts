/**
 * The customer risk engine: pure, no I/O. Weighted factors, each scored 0–100 from the config's
 * tables; the score is their weighted mean (weights renormalised by their sum, so a config whose
 * weights do not add up to 1 still yields 0–100). A confirmed sanctions match forces HIGH whatever
 * the score. The result says how every factor contributed, the CDD level, why enhanced due
 * diligence applies, the review frequency and the next review date.
 */
import { FACTORS, type FactorName, type FatfLists, type RiskConfig } from './risk-config';

export type RiskLevel = 'low' | 'medium' | 'high';
export type CddLevel = 'simplified' | 'standard' | 'enhanced';
export type PepStatus = 'none' | 'possible' | 'declared' | 'confirmed';
export type SanctionsStatus = 'none' | 'possible' | 'confirmed';
export type WalletBehaviour = 'no_addresses' | 'clean' | 'flagged' | 'sanctioned';

export interface RiskInput {
  readonly customerType: 'individual' | 'entity';
  /** Every country that ties the customer somewhere: residence, nationality, jurisdiction, address, owners. */
  readonly countries: readonly { readonly role: string; readonly code: string }[];
  readonly products: readonly string[];
  readonly expectedMonthlyVolumeUsd: number;
  /** Declared by the customer, confirmed by a resolved PEP-list hit, or possible (an open one). */
  readonly pep: PepStatus;
  /** From sanctions-list hits on the customer, its owners or its addresses: open → possible. */
  readonly sanctions: SanctionsStatus;
  readonly sourceOfFunds: string;
  readonly walletBehaviour: WalletBehaviour;
  /** Why the behaviour is what it is, in words (behaviour.ts); the bare value when absent. */
  readonly behaviourDetail?: string | undefined;
  /** Whole USD the customer's money moved in the observed window: the volume factor scores the larger of this and the expected volume. */
  readonly observedVolumeUsd?: number | undefined;
  /** The observed window in words ("30 days to 2026-04-01"). */
  readonly observedWindow?: string | undefined;
}

export interface FactorResult {
  readonly factor: FactorName;
  /** What the factor read, in words: "residence IR (FATF call for action)". */
  readonly input: string;
  readonly score: number;
  /** The configured weight and its share after renormalisation. */
  readonly weight: number;
  readonly contribution: number;
}

export interface RiskResult {
  readonly score: number;
  readonly level: RiskLevel;
  readonly factors: readonly FactorResult[];
  readonly forcedBy: string | null;
  readonly cddLevel: CddLevel;
  readonly eddReasons: readonly string[];
  readonly reviewMonths: number;
  readonly nextReviewAt: string;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The same day `months` calendar months later (UTC), clamped to the month's last day. */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

function countryFactor(input: RiskInput, c: RiskConfig, fatf: FatfLists): { score: number; input: string; list: 'black' | 'grey' | null } {
  let worst = { score: -1, input: 'no country given', list: null as 'black' | 'grey' | null };
  for (const { role, code } of input.countries) {
    const list = fatf.black.countries.includes(code) ? 'black' : fatf.grey.countries.includes(code) ? 'grey' : null;
    const override = c.country.overrides[code];
    const score = override ?? (list === 'black' ? c.country.black : list === 'grey' ? c.country.grey : c.country.other);
    const words = list === 'black' ? ` (FATF ${fatf.black.title}, ${fatf.version})` : list === 'grey' ? ` (FATF ${fatf.grey.title}, ${fatf.version})` : '';
    if (score > worst.score) worst = { score, input: `${role} ${code}${words}${override !== undefined ? ' (override)' : ''}`, list };
  }
  return worst.score < 0 ? { score: c.country.other, input: worst.input, list: null } : worst;
}

function volumeScore(usd: number, c: RiskConfig): number {
  return (c.volumeUsd.find((b) => b.upTo === null || usd <= b.upTo) ?? c.volumeUsd[c.volumeUsd.length - 1]!).score;
}

/** The volume factor: expected monthly volume, or what was observed when that is larger (and scores higher). */
function volumeFactor(input: RiskInput, c: RiskConfig): { score: number; input: string } {
  const expected = volumeScore(input.expectedMonthlyVolumeUsd, c);
  const words = `${input.expectedMonthlyVolumeUsd} USD a month expected`;
  if (input.observedVolumeUsd === undefined) return { score: expected, input: words };
  const observed = volumeScore(input.observedVolumeUsd, c);
  const seen = `${input.observedVolumeUsd} USD seen in the ${input.observedWindow ?? 'observed window'}`;
  return observed > expected ? { score: observed, input: `${seen} (scored: above the ${words})` } : { score: expected, input: `${words}; ${seen}` };
}

/** Assess one customer. `reviewBase` is when the review clock starts (the approval, or now). */
export function assessRisk(input: RiskInput, c: RiskConfig, fatf: FatfLists, reviewBase: Date): RiskResult {
  if (!Number.isFinite(input.expectedMonthlyVolumeUsd) || input.expectedMonthlyVolumeUsd < 0) {
    throw new RangeError(`expectedMonthlyVolumeUsd must be a non-negative number, got ${input.expectedMonthlyVolumeUsd}`);
  }
  const country = countryFactor(input, c, fatf);
  const productScores = input.products.map((p) => ({ p, score: c.products[p] ?? c.unknownProduct }));
  const product = productScores.reduce((w, x) => (x.score > w.score ? x : w), { p: 'none', score: 0 });
  const raw: Record<FactorName, { score: number; input: string }> = {
    country,
    product: { score: product.score, input: input.products.length === 0 ? 'no products' : `${product.p} (of ${input.products.join(', ')})` },
    volume: volumeFactor(input, c),
    pep: { score: c.pep[input.pep], input: input.pep },
    sanctions: { score: c.sanctions[input.sanctions], input: input.sanctions },
    customerType: { score: c.customerType[input.customerType], input: input.customerType },
    sourceOfFunds: { score: c.sourceOfFunds[input.sourceOfFunds] ?? c.sourceOfFunds.other!, input: input.sourceOfFunds },
    walletBehaviour: { score: c.walletBehaviour[input.walletBehaviour], input: input.behaviourDetail ?? input.walletBehaviour },
  };
  const total = FACTORS.reduce((n, f) => n + c.weights[f], 0);
  const factors = FACTORS.map((f): FactorResult => ({ factor: f, input: raw[f].input, score: raw[f].score, weight: c.weights[f], contribution: round1((raw[f].score * c.weights[f]) / total) }));
  const score = round1(FACTORS.reduce((n, f) => n + (raw[f].score * c.weights[f]) / total, 0));

  let level: RiskLevel = score >= c.thresholds.high ? 'high' : score >= c.thresholds.medium ? 'medium' : 'low';
  let forcedBy: string | null = null;
  if (input.sanctions === 'confirmed') {
    forcedBy = 'a confirmed sanctions match';
    level = 'high';
  } else if (input.walletBehaviour === 'sanctioned') {
    forcedBy = 'wallet behaviour: money sent to or held at a sanctioned address';
    level = 'high';
  }

  const eddReasons: string[] = [];
  if (c.edd.levels.includes(level)) eddReasons.push(`${level} risk`);
  if (c.edd.pep && (input.pep === 'declared' || input.pep === 'confirmed')) eddReasons.push(input.pep === 'declared' ? 'declared politically exposed person' : 'politically exposed person (confirmed list match)');
  if (country.list && c.edd.countryLists.includes(country.list)) eddReasons.push(`high-risk country: ${country.input}`);
  const cddLevel: CddLevel = eddReasons.length > 0 ? 'enhanced' : level === 'low' && score <= c.simplified.maxScore && c.simplified.customerTypes.includes(input.customerType) ? 'simplified' : 'standard';

  const reviewMonths = c.review.months[level];
  return { score, level, factors, forcedBy, cddLevel, eddReasons, reviewMonths, nextReviewAt: addMonths(reviewBase, reviewMonths).toISOString() };
}
