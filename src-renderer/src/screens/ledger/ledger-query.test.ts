import { describe, expect, it } from 'vitest';
import { commands, type Access } from '../../../../src-shared/commands';
import {
  accountsListInput,
  adjustmentAmountProblem,
  coverageBps,
  dayRange,
  evidenceOf,
  exceptionState,
  firmPositions,
  journalListInput,
  NO_ACCOUNT_FILTERS,
  NO_JOURNAL_FILTERS,
  nextAfterCode,
  nextAfterId,
  nextBeforeSeq,
  noteProblem,
  parseAsOf,
  percentOf,
  statementInput,
} from './ledger-query';
import { LEDGER_READERS, OPERATOR_READERS, RECONCILERS } from './ledger-roles';

const rolesOf = (access: Access): readonly string[] | undefined => (typeof access === 'object' ? access.roles : undefined);

describe('ledger query input', () => {
  it('sends only the filters that are set', () => {
    expect(accountsListInput(NO_ACCOUNT_FILTERS, undefined)).toEqual({ limit: 200 });
    expect(accountsListInput({ kind: 'customer', assetId: 'BTC', search: '  C-0008 ' }, 'CUST/C-0007/ETH')).toEqual({
      limit: 200,
      kind: 'customer',
      assetId: 'BTC',
      search: 'C-0008',
      afterCode: 'CUST/C-0007/ETH',
    });
    expect(journalListInput(NO_JOURNAL_FILTERS, undefined)).toEqual({ limit: 100 });
    expect(journalListInput({ account: { id: 'acc_1', code: 'HOT/BTC', assetId: 'BTC' }, assetId: 'BTC', type: 'deposit', fromDay: '2026-11-02', toDay: '2026-11-01' }, 42)).toEqual({
      limit: 100,
      accountId: 'acc_1',
      assetId: 'BTC',
      type: 'deposit',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T23:59:59.999Z',
      beforeSeq: 42,
    });
    expect(statementInput('C-0008', 'BTC', { fromDay: '2026-10-01', toDay: null }, 7)).toEqual({ customerId: 'C-0008', assetId: 'BTC', limit: 200, from: '2026-10-01T00:00:00.000Z', afterId: 7 });
  });

  it('reads whole UTC days from date pickers', () => {
    expect(dayRange('2026-11-01 00:00:00', null)).toEqual({ from: '2026-11-01T00:00:00.000Z' });
    expect(dayRange(null, 'nonsense')).toEqual({});
  });

  it('pages by keyset: afterCode, beforeSeq, afterId', () => {
    const codes = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `A${String(i).padStart(3, '0')}` }));
    expect(nextAfterCode(codes(200), undefined)).toBe('A199');
    expect(nextAfterCode(codes(199), undefined)).toBeUndefined();
    // After a cursor the server drops the cursor row itself: 199 rows may be a full page.
    expect(nextAfterCode(codes(199), 'A', 200)).toBe('A198');
    expect(nextAfterCode([], 'A')).toBeUndefined();
    expect(nextBeforeSeq(Array.from({ length: 100 }, (_, i) => ({ seq: 500 - i })))).toBe(401);
    expect(nextBeforeSeq([{ seq: 3 }])).toBeUndefined();
    expect(nextAfterId(Array.from({ length: 200 }, (_, i) => ({ postingId: i + 1 })))).toBe(200);
  });
});

describe('as of', () => {
  it('reads UTC dates and times', () => {
    expect(parseAsOf('2026-10-31')).toEqual({ ok: true, iso: '2026-10-31T23:59:59.999Z' });
    expect(parseAsOf('2026-10-31 18:05')).toEqual({ ok: true, iso: '2026-10-31T18:05:00.000Z' });
    expect(parseAsOf(' 2026-10-31T18:05:07.5Z ')).toEqual({ ok: true, iso: '2026-10-31T18:05:07.500Z' });
  });

  it('refuses what is not a date or does not exist', () => {
    expect(parseAsOf('31/10/2026')).toMatchObject({ ok: false });
    expect(parseAsOf('2026-02-31')).toEqual({ ok: false, error: 'That date or time does not exist' });
    expect(parseAsOf('2026-10-31 24:00')).toMatchObject({ ok: false });
  });
});

describe('firm positions', () => {
  // The demo book's BTC and ETH firm accounts (trimmed), as ledger.accounts.list gives them.
  const firm = [
    { kind: 'wallet_cold', assetId: 'BTC', normal: 'debit', total: '31816313860' },
    { kind: 'counterparty', assetId: 'BTC', normal: 'credit', total: '3703365315' },
    { kind: 'fees', assetId: 'BTC', normal: 'debit', total: '75000' },
    { kind: 'fee_revenue', assetId: 'BTC', normal: 'credit', total: '2231525' },
    { kind: 'wallet_hot', assetId: 'BTC', normal: 'debit', total: '2210705860' },
    { kind: 'suspense', assetId: 'BTC', normal: 'debit', total: '1200' },
    { kind: 'wallet_cold', assetId: 'ETH', normal: 'debit', total: '2896083252696286861852' },
    { kind: 'counterparty', assetId: 'ETH', normal: 'credit', total: '-618571288213668564347' },
    { kind: 'wallet_hot', assetId: 'ETH', normal: 'debit', total: '126345141788595762630' },
  ] as const;

  it('adds up wallets and derives customer liabilities from the trial balance', () => {
    const [btc, eth] = firmPositions(firm);
    expect(btc).toEqual({ assetId: 'BTC', hot: 2210705860n, cold: 31816313860n, omnibus: 0n, wallets: 34027019720n, liabilities: 34027095920n - 3705596840n, counterparties: -3703365315n });
    expect(eth!.liabilities).toBe(2896083252696286861852n + 126345141788595762630n + 618571288213668564347n);
    expect(eth!.counterparties).toBe(618571288213668564347n);
  });

  it('equals the sum of customer balances on a small balanced book', () => {
    // Two customers deposit 5 and 7 into the hot wallet; 3 is swept to cold with a fee of 1.
    const accounts = [
      { kind: 'wallet_hot', assetId: 'X', normal: 'debit', total: String(5 + 7 - 3 - 1) },
      { kind: 'wallet_cold', assetId: 'X', normal: 'debit', total: '3' },
      { kind: 'fees', assetId: 'X', normal: 'debit', total: '1' },
      { kind: 'customer', assetId: 'X', normal: 'credit', total: '5' },
      { kind: 'customer', assetId: 'X', normal: 'credit', total: '7' },
    ] as const;
    // The fee was the firm's: liabilities stay 12, wallets hold 11.
    expect(firmPositions(accounts)[0]).toMatchObject({ wallets: 11n, liabilities: 12n });
  });

  it('gives coverage and bar shares', () => {
    expect(coverageBps({ wallets: 11n, liabilities: 12n })).toBe(9166);
    expect(coverageBps({ wallets: 1n, liabilities: 0n })).toBeNull();
    expect(percentOf(1n, 3n)).toBeCloseTo(33.3333, 3);
    expect(percentOf(5n, 0n)).toBe(0);
  });
});

describe('ledger roles', () => {
  it('match the commands’ own access lists', () => {
    expect(LEDGER_READERS).toEqual(rolesOf(commands['ledger.accounts.list'].access));
    expect(LEDGER_READERS).toEqual(rolesOf(commands['reconciliation.exceptions.list'].access));
    expect(LEDGER_READERS).toEqual(rolesOf(commands['ledger.statement.csv'].access));
    for (const name of ['reconciliation.exceptions.explain', 'reconciliation.adjustments.propose', 'reconciliation.adjustments.approve', 'reconciliation.adjustments.reject'] as const) {
      expect(RECONCILERS).toEqual(rolesOf(commands[name].access));
    }
    expect(OPERATOR_READERS).toEqual(rolesOf(commands['operators.list'].access));
  });
});

describe('reconciliation helpers', () => {
  it('reads the evidence a snapshot import records, ignoring what does not fit', () => {
    expect(evidenceOf({ source: 'online-node', blockHeight: 882528, asOf: '2026-11-22T13:00:00.000Z', chainBalance: '2210660860', ledgerBalance: '2210705860', utxoCount: null })).toEqual({
      chainBalance: '2210660860',
      ledgerBalance: '2210705860',
      blockHeight: 882528,
      asOf: '2026-11-22T13:00:00.000Z',
      source: 'online-node',
      utxoCount: null,
    });
    expect(evidenceOf({ chainBalance: 1.5, blockHeight: '12', source: '' })).toEqual({ chainBalance: null, ledgerBalance: null, blockHeight: null, asOf: null, source: null, utxoCount: null });
  });

  it('says where an exception stands', () => {
    expect(exceptionState({ status: 'open', resolution: null }, false)).toBe('open');
    expect(exceptionState({ status: 'open', resolution: null }, true)).toBe('pending');
    expect(exceptionState({ status: 'resolved', resolution: 'adjusted' }, false)).toBe('adjusted');
    expect(exceptionState({ status: 'resolved', resolution: 'explained' }, false)).toBe('explained');
  });

  it('checks notes and amounts as the commands will', () => {
    expect(noteProblem('too short')).toMatch(/at least 10 characters \(9 so far\)/);
    expect(noteProblem('  long enough now  ')).toBeUndefined();
    expect(noteProblem('', false)).toBeUndefined();
    expect(adjustmentAmountProblem('-0.00045', 8)).toBeUndefined();
    expect(adjustmentAmountProblem('1,5', 8)).toMatch(/decimal number/);
    expect(adjustmentAmountProblem('0.000000001', 8)).toBe('At most 8 decimal places');
    expect(adjustmentAmountProblem('-0.000', 8)).toBe('An adjustment must not be zero');
  });
});
