import { describe, expect, it } from 'vitest';
import {
  actorName,
  approvalNeeds,
  axisTicks,
  countryText,
  customerTypeOf,
  daysUntil,
  evidencedBy,
  extractedFields,
  factorBars,
  featureLabel,
  filterCustomers,
  formatEffect,
  formatMatchScore,
  formatScore,
  formatUsd,
  hitSubjectText,
  queueTabOf,
  reasonProblem,
  reviewDueText,
  riskLevelOf,
  searchCustomers,
  sortHits,
  stepSelection,
  tabOfStatus,
  viewerKind,
  type Factor,
  type HitView,
  type Profile,
} from './kyc-format';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');

const factor = (name: string, contribution: number, weight: number): Factor => ({ factor: name, input: `${name} input`, score: contribution / (weight || 1), weight, contribution });

const hit = (id: string, status: HitView['status'], score: number): HitView => ({
  id,
  customerId: 'C-0301',
  subjectType: 'customer',
  subjectId: 'C-0301',
  subjectName: 'Lukas Brenner',
  listId: 'pep-eu',
  listName: 'PEP',
  listKind: 'pep',
  listVersion: '2026-03',
  entryId: 'AT-NR-0077',
  entryName: 'Lukas Brenner',
  entryKind: 'individual',
  programs: [],
  entryCountries: ['AT'],
  entryBirthDates: ['1956-03-14'],
  matchedName: 'Lukas Brenner',
  score,
  agreed: [],
  penalised: [],
  status,
  raisedAt: '2026-03-01T00:00:00.000Z',
  raisedBy: 'system',
  resolvedAt: null,
  resolvedBy: null,
  resolutionReason: null,
  delistedAt: null,
});

const individual: Profile = {
  type: 'individual',
  legalName: 'Lukas Brenner',
  dateOfBirth: '1994-07-08',
  nationality: 'AT',
  residence: 'AT',
  idDocument: { type: 'passport', number: 'P7729105', issuingCountry: 'AT', expiresOn: '2033-02-28' },
  address: { line: 'Mariahilfer Straße 88', city: 'Wien', postalCode: '1070', country: 'AT' },
  expectedProducts: ['custody', 'trading'],
  expectedMonthlyVolumeUsd: 12000,
  sourceOfFunds: 'salary',
  pepDeclared: false,
};

describe('kyc format', () => {
  it('maps tabs and statuses both ways, unknown values to the pending tab', () => {
    expect(queueTabOf('reviews')).toBe('reviews');
    expect(queueTabOf('nonsense')).toBe('pending');
    expect(queueTabOf(null)).toBe('pending');
    expect(tabOfStatus('information_requested')).toBe('information');
    expect(tabOfStatus('approved')).toBe('approved');
    expect(riskLevelOf('high')).toBe('high');
    expect(riskLevelOf('extreme')).toBeNull();
    expect(customerTypeOf('entity')).toBe('entity');
    expect(customerTypeOf('')).toBeNull();
  });

  it('filters by risk and type; an unscored customer passes no risk filter', () => {
    const rows = [
      { id: 'a', riskLevel: 'high' as const, type: 'individual' as const },
      { id: 'b', riskLevel: 'low' as const, type: 'entity' as const },
      { id: 'c', riskLevel: null, type: 'entity' as const },
    ];
    expect(filterCustomers(rows, { risk: null, type: null })).toBe(rows);
    expect(filterCustomers(rows, { risk: 'high', type: null }).map((r) => r.id)).toEqual(['a']);
    expect(filterCustomers(rows, { risk: null, type: 'entity' }).map((r) => r.id)).toEqual(['b', 'c']);
    expect(filterCustomers(rows, { risk: 'low', type: 'entity' }).map((r) => r.id)).toEqual(['b']);
  });

  it('steps the selection with j/k and stops at the ends', () => {
    expect(stepSelection([], null, 1)).toBeNull();
    expect(stepSelection(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(stepSelection(['a', 'b', 'c'], null, -1)).toBe('c');
    expect(stepSelection(['a', 'b', 'c'], 'a', 1)).toBe('b');
    expect(stepSelection(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(stepSelection(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(stepSelection(['a', 'b'], 'gone', 1)).toBe('a');
  });

  it('orders factors by contribution, weight-0 factors last in their own order', () => {
    const bars = factorBars([factor('country', 3, 0.3), factor('product', 4.5, 0.15), factor('customerType', 0, 0), factor('volume', 2, 0.2), factor('pep', 0, 0.2), factor('walletBehaviour', 0, 0)]);
    expect(bars.map((b) => b.factor)).toEqual(['product', 'country', 'volume', 'pep', 'customerType', 'walletBehaviour']);
    expect(bars[0]).toMatchObject({ label: 'Products', contribution: 4.5, weight: '15 %' });
    expect(bars.find((b) => b.factor === 'walletBehaviour')?.label).toBe('Wallet behaviour');
  });

  it('puts round ticks on the factor chart', () => {
    expect(axisTicks(6)).toEqual([0, 5, 10]);
    expect(axisTicks(0)).toEqual([0, 5, 10]);
    expect(axisTicks(12)).toEqual([0, 5, 10, 15]);
    expect(axisTicks(30)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(axisTicks(31)).toEqual([0, 10, 20, 30, 40]);
  });

  it('formats scores, match scores and signed effects', () => {
    expect(formatScore(63.449)).toBe('63.4');
    expect(formatScore(0)).toBe('0.0');
    expect(formatMatchScore(0.8765)).toBe('0.88');
    expect(formatEffect(0.04)).toBe('+0.04');
    expect(formatEffect(-0.125)).toBe('−0.13');
    expect(formatEffect(0)).toBe('±0.00');
    expect(formatEffect(-0.001)).toBe('±0.00');
    expect(featureLabel('birthDate')).toBe('Date of birth');
    expect(featureLabel('someNewFeature')).toBe('Some New Feature');
  });

  it('says when a review falls due, in whole UTC days', () => {
    expect(daysUntil('2026-03-10T23:59:00.000Z', NOW)).toBe(0);
    expect(daysUntil('2026-03-11T00:00:00.000Z', NOW)).toBe(1);
    expect(reviewDueText('2026-03-07T00:00:00.000Z', NOW)).toEqual({ text: 'overdue by 3 days', overdue: true, soon: false });
    expect(reviewDueText('2026-03-09T08:00:00.000Z', NOW)).toEqual({ text: 'overdue by 1 day', overdue: true, soon: false });
    expect(reviewDueText('2026-03-10T01:00:00.000Z', NOW).text).toBe('due today');
    expect(reviewDueText('2026-03-22T00:00:00.000Z', NOW)).toEqual({ text: 'in 12 days', overdue: false, soon: true });
    expect(reviewDueText('2027-03-22T00:00:00.000Z', NOW).soon).toBe(false);
    expect(reviewDueText(null, NOW).text).toBe('not scheduled');
  });

  it('puts open hits first, then by score', () => {
    expect(sortHits([hit('h1', 'false_positive', 0.99), hit('h2', 'open', 0.8), hit('h3', 'open', 0.9)]).map((h) => h.id)).toEqual(['h3', 'h2', 'h1']);
    expect(hitSubjectText({ subjectType: 'owner', subjectName: 'Tarek Haddad' })).toBe('Tarek Haddad (beneficial owner)');
    expect(hitSubjectText({ subjectType: 'address', subjectName: '0xabc' })).toBe('wallet 0xabc');
  });

  it('tells images from PDFs by media type', () => {
    expect(viewerKind('image/png')).toBe('image');
    expect(viewerKind('image/JPEG')).toBe('image');
    expect(viewerKind('application/pdf; charset=binary')).toBe('pdf');
    expect(viewerKind('image/gif')).toBe('unsupported');
  });

  it('lists the submitted profile as the data to compare, and which fields a document evidences', () => {
    const fields = extractedFields(individual);
    expect(fields.map((f) => f.key)).toEqual(['legalName', 'type', 'dateOfBirth', 'nationality', 'residence', 'idDocument', 'address', 'expectedProducts', 'expectedMonthlyVolumeUsd', 'sourceOfFunds', 'pepDeclared']);
    expect(fields.find((f) => f.key === 'idDocument')?.value).toBe('Passport P7729105, issued by AT, expires 2033-02-28');
    expect(fields.find((f) => f.key === 'address')?.value).toBe('Mariahilfer Straße 88, 1070 Wien, AT');
    expect(fields.find((f) => f.key === 'expectedMonthlyVolumeUsd')?.value).toBe('$12,000');
    expect(fields.find((f) => f.key === 'expectedProducts')?.value).toBe('Custody, Trading');
    const entity = extractedFields({ ...individual, type: 'entity', legalName: 'Hafenblick Logistik GmbH', registrationNumber: 'HRB 204511', jurisdiction: 'DE', incorporatedOn: '2016-03-01' });
    expect(entity.map((f) => f.key)).toContain('registrationNumber');
    expect(entity.map((f) => f.key)).not.toContain('dateOfBirth');
    expect([...evidencedBy('passport')]).toEqual(['legalName', 'dateOfBirth', 'nationality', 'idDocument']);
    expect(evidencedBy('proof_of_address').has('address')).toBe(true);
    expect(evidencedBy(null).size).toBe(0);
    expect(countryText('AT')).toBe('AT (Austria)');
    expect(countryText(null)).toBe('—');
    expect(formatUsd(1_500_000)).toBe('$1,500,000');
  });

  it('names actors without the operator: prefix, and searches by id or name', () => {
    expect(actorName('operator:anil.analyst')).toBe('anil.analyst');
    expect(actorName('system')).toBe('system');
    expect(actorName(null)).toBe('?');
    const rows = [
      { id: 'C-0301', legalName: 'Lukas Brenner' },
      { id: 'C-0002', legalName: 'Élodie Marchand' },
    ];
    expect(searchCustomers(rows, 'c-0301').map((r) => r.id)).toEqual(['C-0301']);
    expect(searchCustomers(rows, 'elodie').map((r) => r.id)).toEqual(['C-0002']);
    expect(searchCustomers(rows, '  ')).toBe(rows);
    expect(searchCustomers(rows, null)).toBe(rows);
  });

  it('checks reasons as the commands do (at least 10 characters, trimmed)', () => {
    expect(reasonProblem('')).toBe('Give the reason.');
    expect(reasonProblem('  too short ')).toBe('Give the reason in at least 10 characters (9 so far).');
    expect(reasonProblem('Different person: born 1956')).toBeUndefined();
    expect(reasonProblem('', 'the source of funds')).toBe('Give the source of funds.');
  });

  it('says what approval needs: open hits, EDD, and whether only an officer may give it', () => {
    const edd = { required: true, reasons: ['declared politically exposed person'], requiresOfficer: true };
    expect(approvalNeeds({ edd, hits: [hit('h', 'open', 0.9)] }, false)).toEqual({ openHits: 1, edd: true, officerOnly: true, blockedForMe: true });
    expect(approvalNeeds({ edd, hits: [] }, true).blockedForMe).toBe(false);
    expect(approvalNeeds({ edd: { required: false, reasons: [], requiresOfficer: false }, hits: [hit('h', 'false_positive', 0.9)] }, false)).toEqual({ openHits: 0, edd: false, officerOnly: false, blockedForMe: false });
  });
});
