/**
 * The customer risk configuration (resources/risk-config.json) and the FATF lists it relies on
 * (resources/risk/fatf-lists.json), validated when loaded. Both are data, versioned: a change of
 * weights, tables or FATF lists is a new config version, and every assessment records the version
 * it used. The config names the FATF list version it was reviewed against, so updating the FATF
 * lists without reviewing the config is refused at start-up rather than scored silently.
 */
import { createHash } from 'node:crypto';
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { canonicalJson } from '../../src-shared/canonical';
import configJson from '../../resources/risk-config.json';
import fatfJson from '../../resources/risk/fatf-lists.json';

export const FACTORS = ['country', 'product', 'volume', 'pep', 'sanctions', 'customerType', 'sourceOfFunds', 'walletBehaviour'] as const;
export type FactorName = (typeof FACTORS)[number];

const score = z.number().min(0).max(100);
const countryCode = z.string().refine((c) => countries.isValid(c), 'must be an ISO 3166-1 alpha-2 country code');

const fatfSchema = z
  .object({
    version: z.string().min(1),
    publisher: z.string(),
    publishedAt: z.iso.date(),
    sources: z.object({ black: z.url(), grey: z.url() }).strict(),
    black: z.object({ title: z.string(), countries: z.array(countryCode) }).strict(),
    grey: z.object({ title: z.string(), countries: z.array(countryCode) }).strict(),
  })
  .strict();

export const riskConfigSchema = z
  .object({
    version: z.number().int().positive(),
    effectiveFrom: z.iso.date(),
    description: z.string(),
    weights: z.object(Object.fromEntries(FACTORS.map((f) => [f, z.number().min(0).max(1)])) as Record<FactorName, z.ZodNumber>).strict(),
    thresholds: z.object({ high: score, medium: score }).strict(),
    review: z.object({ months: z.object({ low: z.number().int().positive(), medium: z.number().int().positive(), high: z.number().int().positive() }).strict(), graceDays: z.number().int().min(0).max(365) }).strict(),
    country: z.object({ fatfListsVersion: z.string(), black: score, grey: score, other: score, overrides: z.record(countryCode, score) }).strict(),
    products: z.record(z.string().regex(/^[a-z_]+$/), score),
    unknownProduct: score,
    volumeUsd: z.array(z.object({ upTo: z.number().int().positive().nullable(), score }).strict()).min(1),
    pep: z.object({ none: score, possible: score, declared: score, confirmed: score }).strict(),
    sanctions: z.object({ none: score, possible: score, confirmed: score }).strict(),
    customerType: z.object({ individual: score, entity: score }).strict(),
    sourceOfFunds: z.record(z.string().regex(/^[a-z_]+$/), score),
    walletBehaviour: z.object({ no_addresses: score, clean: score, flagged: score, sanctioned: score }).strict(),
    edd: z.object({ levels: z.array(z.enum(['low', 'medium', 'high'])), pep: z.boolean(), countryLists: z.array(z.enum(['black', 'grey'])) }).strict(),
    simplified: z.object({ maxScore: score, customerTypes: z.array(z.enum(['individual', 'entity'])) }).strict(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (FACTORS.reduce((n, f) => n + c.weights[f], 0) <= 0) ctx.addIssue({ code: 'custom', path: ['weights'], message: 'at least one weight must be above 0' });
    if (!(c.thresholds.medium < c.thresholds.high)) ctx.addIssue({ code: 'custom', path: ['thresholds'], message: 'medium must be below high' });
    const bands = c.volumeUsd;
    if (bands[bands.length - 1]!.upTo !== null) ctx.addIssue({ code: 'custom', path: ['volumeUsd'], message: 'the last band must be open-ended (upTo: null)' });
    for (let i = 1; i < bands.length; i++) {
      const [a, b] = [bands[i - 1]!.upTo, bands[i]!.upTo];
      if (a === null || (b !== null && b <= a)) ctx.addIssue({ code: 'custom', path: ['volumeUsd', i], message: 'bands must rise, and only the last may be open-ended' });
    }
    if (!('other' in c.sourceOfFunds)) ctx.addIssue({ code: 'custom', path: ['sourceOfFunds'], message: 'needs an "other" category' });
  });

export type RiskConfig = z.infer<typeof riskConfigSchema>;
export type FatfLists = z.infer<typeof fatfSchema>;

export interface LoadedRiskConfig {
  readonly config: RiskConfig;
  readonly fatf: FatfLists;
  /** The canonical document as stored with the version (config and the FATF lists it used). */
  readonly document: string;
  readonly sha256: string;
}

/** Validate a config and its FATF lists; throws with the field at fault. */
export function loadRiskConfig(configValue: unknown = configJson, fatfValue: unknown = fatfJson): LoadedRiskConfig {
  const parsed = riskConfigSchema.safeParse(configValue);
  if (!parsed.success) throw new Error(`resources/risk-config.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const fatf = fatfSchema.safeParse(fatfValue);
  if (!fatf.success) throw new Error(`resources/risk/fatf-lists.json is invalid: ${fatf.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (parsed.data.country.fatfListsVersion !== fatf.data.version) {
    throw new Error(`resources/risk-config.json (version ${parsed.data.version}) was reviewed against the FATF lists of ${parsed.data.country.fatfListsVersion}, but resources/risk/fatf-lists.json is ${fatf.data.version}: review the config and give it a new version`);
  }
  const document = canonicalJson({ config: parsed.data, fatf: fatf.data });
  return { config: parsed.data, fatf: fatf.data, document, sha256: createHash('sha256').update(document).digest('hex') };
}

/** Product codes and source-of-funds categories the console accepts (the config's tables). */
export function knownProducts(c: RiskConfig): string[] {
  return Object.keys(c.products);
}
export function knownSourcesOfFunds(c: RiskConfig): string[] {
  return Object.keys(c.sourceOfFunds);
}
