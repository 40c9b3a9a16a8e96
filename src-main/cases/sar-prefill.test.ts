import { describe, expect, it } from 'vitest';
import type { KycProfile } from '../kyc/profile';
import { strDraft } from '../reporting/sar.fixture';
import type { AlertRow, AssetRow, MonitoredTxRow, WithdrawalRow } from '../db/cases.repository';
import { prefillDraft, sarProblems, subjectOf } from './sar-prefill';

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

describe('SAR draft prefill from a withdrawal alert', () => {
  const tx: MonitoredTxRow = {
    id: 'wd:wd_1',
    seq: 1,
    at: '2026-11-03T06:30:00.000Z',
    direction: 'withdrawal',
    customerId: 'C-1',
    assetId: 'ETH',
    amount: '4115223000000000000',
    usdCents: '1234567',
    counterpartyAddress: null,
    counterpartyCountry: null,
    counterpartyVasp: null,
    counterpartyPep: false,
    sourceRef: 'wd_1',
    recordedAt: '2026-11-03T06:30:00.000Z',
  };
  const withdrawal = { id: 'wd_1', walletId: 'w_eth', destination: '0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2', txid: null } as unknown as WithdrawalRow;
  const asset = { id: 'ETH', chain: 'ethereum', network: 'mainnet', symbol: 'ETH', decimals: 18 } as unknown as AssetRow;
  const alert = {
    id: 7,
    raisedAt: '2026-11-03T06:30:01.000Z',
    ruleId: 'sanctions-match',
    ruleTitle: 'Sanctioned counterparty address',
    ruleVersion: 3,
    actions: JSON.stringify([{ type: 'alert', level: 'critical' }, { type: 'block_sar' }]),
    conditions: JSON.stringify({ conditions: [{ path: 'rules.0.when', description: 'tx.counterpartyAddress in_list sanctions', holds: true, values: { value: '0x5f48…75b2' } }], figures: {} }),
    txId: 'wd:wd_1',
    customerId: 'C-1',
  } as unknown as AlertRow;

  it('takes the destination and our hot wallet, and lists the hash a blocked withdrawal never had', () => {
    const draft = prefillDraft({
      caseId: 'CASE-000007',
      kind: 'SAR',
      detectedAt: alert.raisedAt,
      today: '2026-11-05',
      alerts: [alert],
      transactions: [tx],
      deposits: new Map(),
      withdrawals: new Map([['wd_1', withdrawal]]),
      assets: new Map([['ETH', asset]]),
      walletAddresses: new Map([['w_eth', '0x7E2a2FA2a064F693f0a55C5639476d913Ff12D05']]),
      profiles: new Map([['C-1', person]]),
      reportingEntity: strDraft().reportingEntity,
      indicators: ['IUVC6'],
    });
    expect(draft.transactions).toEqual([
      {
        id: 'wd:wd_1',
        customerId: 'C-1',
        at: '2026-11-03T06:30:00.000Z',
        direction: 'withdrawal',
        asset: { symbol: 'ETH', decimals: 18, network: 'ethereum mainnet' },
        amount: '4.115223',
        usdValue: '12345.67',
        ourAddress: '0x7E2a2FA2a064F693f0a55C5639476d913Ff12D05',
        counterpartyAddress: '0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2',
        counterpartyVasp: null,
      },
    ]);
    expect(draft.alerts).toEqual([
      { alertId: '7', ruleId: 'sanctions-match', ruleName: 'Sanctioned counterparty address', ruleVersion: 3, raisedAt: alert.raisedAt, transactionIds: ['wd:wd_1'], conditions: [{ text: 'tx.counterpartyAddress in_list sanctions', actual: '0x5f48…75b2', held: true }] },
    ]);
    expect(draft.actionTaken).toMatch(/^Monitoring rules called for: block sar\. \[Analyst:/);
    expect(draft.narrative).toContain('withdrawal of 4.115223 ETH (12345.67 USD) on ethereum mainnet, from 0x7E2a2FA2a064F693f0a55C5639476d913Ff12D05 to 0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2');
    expect(sarProblems(draft).map((p) => p.path)).toEqual(expect.arrayContaining(['transactions.0.txHash', 'subjects.0.idDocument.issueDate', 'narrative', 'actionTaken']));
  });

  it('says in words that a withdrawal not yet broadcast has no hash, instead of the schema fault', () => {
    const draft = prefillDraft({
      caseId: 'CASE-000007',
      kind: 'SAR',
      detectedAt: alert.raisedAt,
      today: '2026-11-05',
      alerts: [alert],
      transactions: [{ ...tx, id: 'wd:W-000042', sourceRef: 'W-000042' }],
      deposits: new Map(),
      withdrawals: new Map([['W-000042', { ...withdrawal, id: 'W-000042' }]]),
      assets: new Map([['ETH', asset]]),
      walletAddresses: new Map([['w_eth', '0x7E2a2FA2a064F693f0a55C5639476d913Ff12D05']]),
      profiles: new Map([['C-1', person]]),
      reportingEntity: strDraft().reportingEntity,
      indicators: ['IUVC6'],
    });
    const hash = sarProblems(draft).filter((p) => p.path === 'transactions.0.txHash');
    expect(hash).toEqual([
      { path: 'transactions.0.txHash', message: 'withdrawal W-000042 has no transaction hash yet: it was not broadcast; file after its broadcast receipt, or remove it from the report' },
    ]);
    expect(sarProblems(draft).map((p) => p.message).join(' ')).not.toMatch(/received undefined/);
    // Once broadcast, the hash is there and the problem is gone.
    const broadcast = { ...draft, transactions: (draft.transactions as Record<string, unknown>[]).map((t) => ({ ...t, txHash: '0x' + 'ab'.repeat(32) })) };
    expect(sarProblems(broadcast).map((p) => p.path)).not.toContain('transactions.0.txHash');
  });
});
