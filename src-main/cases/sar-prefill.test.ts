import { describe, expect, it } from 'vitest';
import type { KycProfile } from '../kyc/profile';
import { strDraft } from '../reporting/sar.fixture';
import { sarProblems, subjectOf } from './sar-prefill';

const person: KycProfile = {
  type: 'individual',
  legalName: 'Maren Sofia Lindqvist',
  dateOfBirth: '1984-05-17',
  nationality: 'SE',
  residence: 'DE',
  idDocument: { type: 'residence_permit', number: 'RP-88410', issuingCountry: 'DE', expiresOn: '2031-04-30' },
  address: { line: 'Kastanienallee 12', city: 'Berlin', postalCode: '10435', country: 'DE' },
  expectedProducts: ['custody'],
  expectedMonthlyVolumeUsd: 5000,
  sourceOfFunds: 'salary',
  pepDeclared: false,
};

describe('SAR draft prefill', () => {
  it('maps a KYC individual to a subject and leaves out what the file does not hold', () => {
    expect(subjectOf('C-1', person)).toEqual({
      kind: 'person',
      customerId: 'C-1',
      firstName: 'Maren Sofia',
      lastName: 'Lindqvist',
      gender: 'unknown',
      birthDate: '1984-05-17',
      nationalities: ['SE'],
      residence: 'DE',
      // No issue date: KYC keeps only the expiry.
      idDocument: { type: 'other', description: 'residence permit', number: 'RP-88410', issuingCountry: 'DE', expiryDate: '2031-04-30' },
      addresses: [{ line: 'Kastanienallee 12', city: 'Berlin', postcode: '10435', country: 'DE' }],
    });
  });

  it('maps an entity with its beneficial owners (whole percent), without a line of business', () => {
    const entity: KycProfile = {
      ...person,
      type: 'entity',
      legalName: 'Nordlicht Handels GmbH',
      registrationNumber: 'HRB 184422',
      jurisdiction: 'DE',
      incorporatedOn: '2015-09-01',
      beneficialOwners: [{ legalName: 'Henrike Vogt', dateOfBirth: '1971-02-03', nationality: 'DE', residence: 'DE', ownershipPercent: 60.4, control: false }],
    };
    const subject = subjectOf('C-2', entity);
    expect(subject).toMatchObject({ kind: 'entity', name: 'Nordlicht Handels GmbH', incorporationNumber: 'HRB 184422', incorporationCountry: 'DE', incorporationDate: '2015-09-01' });
    expect(subject.beneficialOwners).toEqual([{ firstName: 'Henrike', lastName: 'Vogt', birthDate: '1971-02-03', nationality: 'DE', ownershipPercent: 60 }]);
    expect(subject).not.toHaveProperty('business');
  });

  it('lists what stands between a draft and approval: model faults and template prompts', () => {
    const { approval: _approval, ...complete } = strDraft();
    expect(sarProblems(complete)).toEqual([]);
    const problems = sarProblems({ ...complete, narrative: 'WHY. [Analyst: explain]', actionTaken: '[Analyst: say what]', indicators: [] });
    expect(problems.map((p) => p.path)).toEqual(['indicators', 'narrative', 'actionTaken']);
    expect(sarProblems({ ...complete, narrative: '  ' }).map((p) => p.path)).toEqual(['narrative']);
  });
});
