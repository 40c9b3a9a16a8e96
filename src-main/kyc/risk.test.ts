import { describe, expect, it } from 'vitest';
import configJson from '../../resources/risk-config.json';
import fatfJson from '../../resources/risk/fatf-lists.json';
import { addMonths, assessRisk, type RiskInput } from './risk';
import { loadRiskConfig } from './risk-config';

const { config, fatf } = loadRiskConfig();
const base = new Date('2026-03-31T10:00:00.000Z');

const plain: RiskInput = {
  customerType: 'individual',
  countries: [
    { role: 'residence', code: 'DE' },
    { role: 'nationality', code: 'DE' },
  ],
  products: ['custody'],
  expectedMonthlyVolumeUsd: 5_000,
  pep: 'none',
  sanctions: 'none',
  sourceOfFunds: 'salary',
  walletBehaviour: 'clean',
};

describe('customer risk engine', () => {
  it('uses the reference weights and reports every factor’s contribution', () => {
    expect(config.weights).toMatchObject({ country: 0.3, product: 0.15, volume: 0.2, pep: 0.2, sanctions: 0.15 });
    const r = assessRisk(plain, config, fatf, base);
    // country 10×0.3 + product 20×0.15 + volume 10×0.2 = 3 + 3 + 2
    expect(r.score).toBe(8);
    expect(r.level).toBe('low');
    expect(r.factors.map((f) => f.factor)).toEqual(['country', 'product', 'volume', 'pep', 'sanctions', 'customerType', 'sourceOfFunds', 'walletBehaviour']);
    expect(r.factors.find((f) => f.factor === 'country')).toMatchObject({ score: 10, weight: 0.3, contribution: 3 });
    expect(r.factors.find((f) => f.factor === 'customerType')).toMatchObject({ score: 20, weight: 0, contribution: 0 });
    expect(r.factors.reduce((n, f) => n + f.contribution, 0)).toBeCloseTo(r.score, 5);
    expect(r).toMatchObject({ cddLevel: 'simplified', eddReasons: [], reviewMonths: 36, forcedBy: null });
    expect(r.nextReviewAt).toBe('2029-03-31T10:00:00.000Z');
  });

  it('scores the worst country of any role against the FATF lists and asks for EDD', () => {
    const r = assessRisk({ ...plain, countries: [...plain.countries, { role: 'residence', code: 'IR' }] }, config, fatf, base);
    expect(r.factors[0]).toMatchObject({ factor: 'country', score: 100, contribution: 30 });
    expect(r.factors[0]!.input).toMatch(/residence IR \(FATF High-Risk Jurisdictions subject to a Call for Action, 2025-10-24\)/);
    expect(r.score).toBe(35);
    expect(r.level).toBe('low');
    expect(r.cddLevel).toBe('enhanced');
    expect(r.eddReasons[0]).toMatch(/high-risk country: residence IR/);
    const grey = assessRisk({ ...plain, countries: [{ role: 'nationality', code: 'VG' }] }, config, fatf, base);
    expect(grey.factors[0]).toMatchObject({ score: 70 });
    expect(grey.cddLevel).toBe('enhanced');
  });

  it('crosses the medium (≥ 40) and high (≥ 70) thresholds', () => {
    const medium = assessRisk({ ...plain, countries: [{ role: 'residence', code: 'KP' }], expectedMonthlyVolumeUsd: 60_000 }, config, fatf, base);
    // 30 + 3 + 55×0.2 = 44
    expect(medium).toMatchObject({ score: 44, level: 'medium', reviewMonths: 12, nextReviewAt: '2027-03-31T10:00:00.000Z' });
    const high = assessRisk({ ...plain, countries: [{ role: 'residence', code: 'KP' }], products: ['otc'], expectedMonthlyVolumeUsd: 2_000_000, pep: 'declared' }, config, fatf, base);
    // 30 + 70×0.15 + 100×0.2 + 100×0.2 = 80.5
    expect(high).toMatchObject({ score: 80.5, level: 'high', reviewMonths: 6, cddLevel: 'enhanced' });
    expect(high.nextReviewAt).toBe('2026-09-30T10:00:00.000Z');
    expect(high.eddReasons).toEqual(['high risk', 'declared politically exposed person', expect.stringMatching(/^high-risk country/) as unknown]);
  });

  it('forces HIGH on a confirmed sanctions match, whatever the score', () => {
    const r = assessRisk({ ...plain, sanctions: 'confirmed' }, config, fatf, base);
    expect(r.score).toBe(23);
    expect(r).toMatchObject({ level: 'high', forcedBy: 'a confirmed sanctions match', cddLevel: 'enhanced', reviewMonths: 6 });
    expect(assessRisk({ ...plain, sanctions: 'possible' }, config, fatf, base).level).toBe('low');
  });

  it('treats a PEP as enhanced due diligence even at low risk, and an entity never as simplified', () => {
    expect(assessRisk({ ...plain, pep: 'confirmed' }, config, fatf, base)).toMatchObject({ level: 'low', cddLevel: 'enhanced' });
    expect(assessRisk({ ...plain, pep: 'possible' }, config, fatf, base).cddLevel).toBe('simplified');
    expect(assessRisk({ ...plain, customerType: 'entity' }, config, fatf, base).cddLevel).toBe('standard');
  });

  it('renormalises weights that do not add up to 1, and lets the zero-weight factors count when weighted', () => {
    const heavy = loadRiskConfig({ ...configJson, weights: { ...configJson.weights, customerType: 0.5, sourceOfFunds: 0.5 } }, fatfJson).config;
    const r = assessRisk({ ...plain, sourceOfFunds: 'crypto_mining' }, heavy, fatf, base);
    // (3 + 3 + 2 + 20×0.5 + 60×0.5) / 2 = 24
    expect(r.score).toBe(24);
    expect(r.factors.find((f) => f.factor === 'sourceOfFunds')).toMatchObject({ score: 60, weight: 0.5, contribution: 15 });
    expect(assessRisk({ ...plain, products: ['unlisted'] }, config, fatf, base).factors[1]).toMatchObject({ score: 70 });
  });

  it('refuses an inconsistent config and bad input', () => {
    expect(() => loadRiskConfig({ ...configJson, thresholds: { high: 40, medium: 70 } }, fatfJson)).toThrow(/thresholds: medium must be below high/);
    expect(() => loadRiskConfig({ ...configJson, weights: { ...configJson.weights, country: 2 } }, fatfJson)).toThrow(/weights.country/);
    expect(() => loadRiskConfig(configJson, { ...fatfJson, version: '2026-02-13' })).toThrow(/reviewed against the FATF lists of 2025-10-24/);
    expect(() => loadRiskConfig(configJson, { ...fatfJson, grey: { ...fatfJson.grey, countries: ['ZZ'] } })).toThrow(/grey.countries.0/);
    expect(() => assessRisk({ ...plain, expectedMonthlyVolumeUsd: -1 }, config, fatf, base)).toThrow(/non-negative/);
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths(new Date('2026-08-31T00:00:00Z'), 6).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonths(new Date('2024-02-29T12:00:00Z'), 36).toISOString()).toBe('2027-02-28T12:00:00.000Z');
  });
});
