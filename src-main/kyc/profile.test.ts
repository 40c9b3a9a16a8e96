import { describe, expect, it } from 'vitest';
import { calendarDate, customerQuery, parseSubmittedProfile, profileProblems, type KycProfile } from './profile';
import { loadRiskConfig } from './risk-config';
import { HitBook, queryDigest } from './screening.service';

const { config } = loadRiskConfig();
const now = new Date('2026-04-01T09:00:00.000Z');
const base: KycProfile = {
  type: 'individual',
  legalName: 'Maren Lindqvist',
  dateOfBirth: '1984-05-17',
  nationality: 'SE',
  residence: 'DE',
  idDocument: { type: 'passport', number: 'SE8841022', issuingCountry: 'SE', expiresOn: '2031-04-30' },
  address: { line: 'Kastanienallee 12', city: 'Berlin', country: 'DE' },
  expectedProducts: ['custody'],
  expectedMonthlyVolumeUsd: 5000,
  sourceOfFunds: 'salary',
  pepDeclared: false,
};

describe('profiles', () => {
  it('knows real calendar dates', () => {
    expect(calendarDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(calendarDate('2023-02-29')).toBeUndefined();
    expect(calendarDate('2026-13-01')).toBeUndefined();
  });

  it('accepts a complete profile and names every problem of a broken one', () => {
    expect(profileProblems(base, config, now)).toEqual([]);
    const issues = profileProblems({ ...base, dateOfBirth: '2012-01-01', residence: 'ZZ', walletAddresses: [{ chain: 'bitcoin', address: 'bc1qnotanaddress000000000' }], sourceOfFunds: 'lottery' }, config, now);
    expect(issues.map((i) => i.path)).toEqual(['profile.dateOfBirth', 'profile.residence', 'profile.sourceOfFunds', 'profile.walletAddresses.0.address']);
    expect(issues[0]!.message).toMatch(/customers must be adults/);
  });

  it('reads a bundle submission’s flat form, owners and wallets included, and refuses unknown fields', () => {
    const entity = parseSubmittedProfile('entity', {
      legalName: 'Nordlicht Handels GmbH',
      registrationNumber: 'HRB 184422',
      jurisdiction: 'DE',
      incorporatedOn: '2015-09-01',
      addressLine: 'Speicherstadt 4',
      addressCity: 'Hamburg',
      addressCountry: 'DE',
      expectedProducts: 'custody, trading',
      expectedMonthlyVolumeUsd: '120000',
      sourceOfFunds: 'business_income',
      owner1Name: 'Henrike Vogt',
      owner1DateOfBirth: '1971-02-03',
      owner1Nationality: 'DE',
      owner1Residence: 'DE',
      owner1Percent: 60,
      wallet1Chain: 'ethereum',
      wallet1Address: '0x52908400098527886E0F7030069857D2E4169EE7',
      consentDataProcessing: true,
      consentGivenAt: '2026-03-30T10:00:00.000Z',
    });
    expect(entity).toMatchObject({ expectedProducts: ['custody', 'trading'], expectedMonthlyVolumeUsd: 120000, beneficialOwners: [{ legalName: 'Henrike Vogt', ownershipPercent: 60, control: false }], walletAddresses: [{ chain: 'ethereum' }], consents: [{ kind: 'data_processing', granted: true, textVersion: 'unstated' }] });
    expect(profileProblems(entity, config, now)).toEqual([]);
    expect(() => parseSubmittedProfile('individual', { legalName: 'X Y', favouriteColour: 'blue' })).toThrow(/does not know: favouriteColour/);
    expect(() => parseSubmittedProfile('individual', { legalName: 'X Y', addressLine: 'a', addressCity: 'b', addressCountry: 'DE', expectedProducts: 'custody', expectedMonthlyVolumeUsd: 'lots', sourceOfFunds: 'salary' })).toThrow(/expectedMonthlyVolumeUsd/);
  });

  it('digests what screening reads, and nothing else', () => {
    const d = queryDigest(customerQuery(base));
    expect(queryDigest(customerQuery({ ...base, address: { ...base.address, line: 'Elsewhere 1' } }))).toBe(d);
    expect(queryDigest(customerQuery({ ...base, residence: 'AT' }))).not.toBe(d);
  });
});

describe('hit book', () => {
  const hit = (status: 'open' | 'true_match' | 'false_positive', extra: Partial<Parameters<HitBook['add']>[0]> = {}) => ({
    id: `h-${status}`,
    subjectType: 'customer' as const,
    subjectId: 'C-1',
    entryId: 'E1',
    status,
    entryDigest: 'e1',
    subjectDigest: 's1',
    resolvedEntryDigest: status === 'false_positive' ? 'e1' : null,
    resolvedSubjectDigest: status === 'false_positive' ? 's1' : null,
    delistedAt: null,
    ...extra,
  });

  it('raises new matches only: open refreshed, confirmed kept, false positives remembered until something changes', () => {
    expect(new HitBook([]).decide('customer', 'C-1', 'E1', 'e1', 's1')).toEqual({ action: 'raise' });
    expect(new HitBook([hit('open')]).decide('customer', 'C-1', 'E1', 'e1', 's1')).toEqual({ action: 'refresh', hitId: 'h-open', unchanged: true });
    expect(new HitBook([hit('true_match')]).decide('customer', 'C-1', 'E1', 'e2', 's2')).toEqual({ action: 'skip' });
    const fp = new HitBook([hit('false_positive')]);
    expect(fp.decide('customer', 'C-1', 'E1', 'e1', 's1')).toEqual({ action: 'skip' });
    expect(fp.decide('customer', 'C-1', 'E1', 'e2', 's1')).toEqual({ action: 'raise' });
    expect(fp.decide('customer', 'C-1', 'E1', 'e1', 's2')).toEqual({ action: 'raise' });
    expect(new HitBook([hit('false_positive', { delistedAt: 't' })]).decide('customer', 'C-1', 'E1', 'e1', 's1')).toEqual({ action: 'raise' });
  });
});
