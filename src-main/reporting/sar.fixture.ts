/**
 * Test fixture: a realistic STR. A customer makes three deposits just below the 3 000 USD
 * record-keeping threshold within a day (structuring), then asks to withdraw ETH to an address on
 * OFAC's SDN list (listed on 2025-11-19 under the entry for Roman Semenov, "Tornado.Cash: Team 1
 * Vesting"; resources/sanctions/ofac-addresses/sanctioned_addresses_ETH.json). The withdrawal was
 * blocked by the pre-check. Used by the reporting tests only.
 */
import type { SarDraftInput } from './sar.model';

export const SANCTIONED_ETH_ADDRESS = '0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2';

export function strDraft(): SarDraftInput {
  return {
    kind: 'STR',
    caseId: 'CASE-2026-0042',
    reportingEntity: {
      rentityId: 4711,
      branch: 'Dubai head office',
      name: 'Vaultline Custody FZE',
      reportingPerson: {
        firstName: 'Amira',
        lastName: 'Haddad',
        title: 'MLRO',
        email: 'mlro@vaultline.example',
        phone: '+971 4 555 0100',
        address: { line: 'Gate Village 10, Level 3', city: 'Dubai', state: 'Dubai', country: 'AE' },
      },
    },
    submissionDate: '2026-11-05',
    localCurrency: 'USD',
    subjects: [
      {
        kind: 'person',
        customerId: 'cus_7f3a9c2e11',
        firstName: 'Jörg',
        lastName: 'Brenner',
        gender: 'male',
        birthDate: '1984-07-19',
        nationalities: ['DE'],
        residence: 'AE',
        idDocument: { type: 'passport', number: 'C01X00T47', issuingCountry: 'DE', issueDate: '2019-05-02', expiryDate: '2029-05-01' },
        addresses: [{ line: 'Marina Gate 2, Apt 1704', city: 'Dubai', state: 'Dubai', country: 'AE' }],
        occupation: 'Self-employed consultant',
        email: 'j.brenner@example.com',
        phone: '+971 50 555 0199',
      },
    ],
    transactions: [
      {
        id: 'dep_01',
        customerId: 'cus_7f3a9c2e11',
        at: '2026-11-02T08:12:40Z',
        direction: 'deposit',
        asset: { symbol: 'ETH', decimals: 18, network: 'Ethereum mainnet' },
        amount: '0.95',
        usdValue: '2850.00',
        txHash: '0x9b1f4c2d7a0e65c3b8d1f0a2e4c6b8d0f1a3c5e7092b4d6f8a0c2e4b6d8f0a1c',
        ourAddress: '0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF',
        counterpartyAddress: '0x1f9090aaE28b8a3dCeaDf281B0F12828e676c326',
        counterpartyVasp: null,
      },
      {
        id: 'dep_02',
        customerId: 'cus_7f3a9c2e11',
        at: '2026-11-02T14:47:03Z',
        direction: 'deposit',
        asset: { symbol: 'BTC', decimals: 8, network: 'Bitcoin mainnet' },
        amount: '0.0301',
        usdValue: '2975.25',
        txHash: '4e7c1a9f0b3d5e2c8a6f4d2b0e9c7a5f3d1b8e6c4a2f0d9b7e5c3a1f8d6b4e2c',
        ourAddress: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
        counterpartyAddress: 'bc1q9h7garjdlqw8xlh6l5c8q3dfd0lqp2t0d6xkpr',
        counterpartyVasp: { name: 'Example Exchange Ltd', country: 'SC', identifier: '5493001KJTIIGC8Y1R12' },
      },
      {
        id: 'dep_03',
        customerId: 'cus_7f3a9c2e11',
        at: '2026-11-02T21:05:19Z',
        direction: 'deposit',
        asset: { symbol: 'ETH', decimals: 18, network: 'Ethereum mainnet' },
        amount: '0.970166666666666667',
        usdValue: '2910.50',
        txHash: '0x3c8e2a6f1d9b4e7c0a5f3d8b2e6c9a1f4d7b0e3c6a9f2d5b8e1c4a7f0d3b6e9c',
        ourAddress: '0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF',
        counterpartyAddress: '0x8c3d6b1e4a7f0c2d5e8b1a4f7c0d3e6b9a2f5c8d',
        counterpartyVasp: null,
      },
      {
        id: 'wd_01',
        customerId: 'cus_7f3a9c2e11',
        at: '2026-11-03T06:30:00Z',
        direction: 'withdrawal',
        asset: { symbol: 'ETH', decimals: 18, network: 'Ethereum mainnet' },
        amount: '4.115223',
        usdValue: '12345.67',
        txHash: '0x0000000000000000000000000000000000000000000000000000000000a11ce5',
        ourAddress: '0x7E2a2FA2a064F693f0a55C5639476d913Ff12D05',
        counterpartyAddress: SANCTIONED_ETH_ADDRESS,
        counterpartyVasp: null,
      },
    ],
    alerts: [
      {
        alertId: 'alr_0193',
        ruleId: 'structuring',
        ruleName: 'Structuring below 3 000 USD',
        ruleVersion: 3,
        raisedAt: '2026-11-02T21:05:20Z',
        transactionIds: ['dep_01', 'dep_02', 'dep_03'],
        conditions: [
          { text: 'tx.usd between 2700 and 2999.99', actual: '2910.50', held: true },
          { text: 'customer-near-threshold-24h >= 3', actual: '3', held: true },
        ],
      },
      {
        alertId: 'alr_0194',
        ruleId: 'sanctions-match',
        ruleName: 'Sanctioned counterparty address',
        ruleVersion: 3,
        raisedAt: '2026-11-03T06:30:01Z',
        transactionIds: ['wd_01'],
        conditions: [{ text: 'tx.counterpartyAddress in_list sanctioned-addresses', actual: SANCTIONED_ETH_ADDRESS, held: true }],
      },
    ],
    narrative:
      'WHO. Vaultline Custody FZE reports on its customer Jörg Brenner (customer cus_7f3a9c2e11).\n\n' +
      'WHAT. Three deposits just below 3 000 USD within 13 hours, then a withdrawal request of 4.115223 ETH (12345.67 USD) ' +
      `to ${SANCTIONED_ETH_ADDRESS}, an address on the OFAC SDN list.\n\n` +
      'WHY. The deposits avoid the record-keeping threshold; the destination is sanctioned.\n\n' +
      'ACTION TAKEN. The withdrawal was blocked before signing and the account frozen.',
    actionTaken: 'Withdrawal wd_01 blocked before signing; account frozen pending the FIU; relationship under review.',
    indicators: ['ITLSL', 'IUVC6', 'UHWLT'],
    detectionDate: '2026-11-03',
    approval: { mlroUsername: 'amira.haddad', approvedAt: '2026-11-05T10:00:00Z' },
  };
}
