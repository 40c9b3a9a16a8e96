import { describe, expect, it } from 'vitest';
import {
  approvalProgress,
  approvalRefusal,
  customerRiskOf,
  deadlineOf,
  formatSpan,
  formatUsdCents,
  isPinRefusal,
  limitsOf,
  missingText,
  originText,
  parseAmountInput,
  payloadTitle,
  priceAgeWarning,
  QUEUE_TABS,
  queueTabOf,
  requiredText,
  screeningOf,
  shortAddress,
  signRefusal,
  tabCount,
  loadedLabel,
  STATE_LABELS,
  stepSelection,
  tabOfState,
  unitPriceOf,
  valuationOf,
  walletUsedFor,
  type WalletView,
  type WithdrawalState,
} from './withdrawal-format';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('queue tabs', () => {
  it('list every state exactly once', () => {
    const states = QUEUE_TABS.flatMap((t) => t.states);
    expect([...states].sort()).toEqual((Object.keys(STATE_LABELS) as WithdrawalState[]).sort());
    expect(tabOfState('broadcast')).toBe('signed');
    expect(tabOfState('pending_approval')).toBe('pending');
    expect(queueTabOf('blocked')).toBe('blocked');
    expect(queueTabOf('nonsense')).toBe('pending');
    expect(queueTabOf(null)).toBe('pending');
  });

  it('counts a tab as the sum of its states, and says how much of it is paged in', () => {
    const counts = { blocked: 2, pending_approval: 5, approved: 1, signed: 3, broadcast: 4, settled: 0, rejected: 0, expired: 9 };
    expect(tabCount(counts, 'signed')).toBe(7);
    expect(tabCount(counts, 'pending')).toBe(5);
    expect(tabCount(counts, 'settled')).toBe(0);
    expect(loadedLabel(200, 1340)).toBe('200 of 1,340');
    expect(loadedLabel(12, 12)).toBe('12');
  });

  it('tells the initiator they cannot sign, and nobody else', () => {
    expect(signRefusal({ initiator: 'carla.custody' }, 'carla.custody')).toMatch(/initiator cannot sign/);
    expect(signRefusal({ initiator: 'carla.custody' }, 'cole.custody')).toBeUndefined();
    expect(signRefusal({ initiator: null }, 'cole.custody')).toBeUndefined();
  });

  it('j and k step through the rows and stop at the ends', () => {
    const ids = ['a', 'b', 'c'];
    expect(stepSelection(ids, null, 1)).toBe('a');
    expect(stepSelection(ids, null, -1)).toBe('c');
    expect(stepSelection(ids, 'a', 1)).toBe('b');
    expect(stepSelection(ids, 'c', 1)).toBe('c');
    expect(stepSelection(ids, 'a', -1)).toBe('a');
    expect(stepSelection(ids, 'gone', 1)).toBe('a');
    expect(stepSelection([], 'a', 1)).toBeNull();
  });
});

describe('money and time', () => {
  it('formats USD cents exactly, with no float on the way', () => {
    expect(formatUsdCents('1531250')).toBe('15,312.50');
    expect(formatUsdCents(5n)).toBe('0.05');
    expect(formatUsdCents('-120000')).toBe('-1,200.00');
    expect(formatUsdCents('900719925474099312')).toBe('9,007,199,254,740,993.12');
  });

  it('derives the unit price from cents and minor units', () => {
    expect(unitPriceOf('1531250', '25000000', 8)).toBe('61,250.00');
    expect(unitPriceOf('0', '0', 8)).toBeUndefined();
  });

  it('reads the valuation the core recorded, and nothing else', () => {
    const prechecks = [{ name: 'USD valuation', outcome: 'pass' as const, detail: '15312.50 USD at 2026-11-25T09:00:00.000Z (online node price feed)' }];
    expect(valuationOf(prechecks)).toEqual({ usd: '15312.50', asOf: '2026-11-25T09:00:00.000Z', source: 'online node price feed' });
    expect(valuationOf([{ name: 'USD valuation', outcome: 'block', detail: 'no market price for BTC: the policy tier cannot be chosen' }])).toBeUndefined();
    expect(valuationOf([])).toBeUndefined();
  });

  it('says spans and deadlines in two units at most', () => {
    expect(formatSpan(45_000)).toBe('45 s');
    expect(formatSpan(12 * 60_000)).toBe('12 min');
    expect(formatSpan((5 * 60 + 10) * 60_000)).toBe('5 h 10 min');
    expect(formatSpan((3 * 24 + 4) * 3_600_000)).toBe('3 d 4 h');
    expect(deadlineOf('2026-11-25T14:00:00.000Z', NOW)).toEqual({ text: 'in 2 h', overdue: false, soon: true });
    expect(deadlineOf('2026-11-27T12:00:00.000Z', NOW)).toEqual({ text: 'in 2 d', overdue: false, soon: false });
    expect(deadlineOf('2026-11-25T11:30:00.000Z', NOW)).toEqual({ text: 'overdue by 30 min', overdue: true, soon: false });
  });

  it('shortens addresses at both ends', () => {
    expect(shortAddress('bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh')).toBe('bc1qxy2k…hx0wlh');
    expect(shortAddress('short')).toBe('short');
  });
});

describe('amounts typed by an officer', () => {
  it('become the command’s decimal text and exact minor units', () => {
    expect(parseAmountInput('0.25', 8)).toEqual({ ok: true, decimal: '0.25', minor: 25_000_000n });
    expect(parseAmountInput(' 0.250 ', 8)).toEqual({ ok: true, decimal: '0.25', minor: 25_000_000n });
    expect(parseAmountInput('1,250.5', 8)).toEqual({ ok: true, decimal: '1250.5', minor: 125_050_000_000n });
    expect(parseAmountInput('007', 8)).toEqual({ ok: true, decimal: '7', minor: 700_000_000n });
    expect(parseAmountInput('9.500000000000000001', 18)).toEqual({ ok: true, decimal: '9.500000000000000001', minor: 9_500_000_000_000_000_001n });
  });

  it('are refused rather than rounded or guessed', () => {
    expect(parseAmountInput('', 8)).toMatchObject({ ok: false, message: 'Amount is required' });
    expect(parseAmountInput('0.000000001', 8)).toMatchObject({ ok: false, message: 'Amount has more than 8 decimal places' });
    expect(parseAmountInput('-1', 8)).toMatchObject({ ok: false });
    expect(parseAmountInput('1e3', 8)).toMatchObject({ ok: false });
    expect(parseAmountInput('1,25', 8)).toMatchObject({ ok: false });
    expect(parseAmountInput('0,25', 8)).toMatchObject({ ok: false });
    expect(parseAmountInput('.5', 8)).toMatchObject({ ok: false });
    expect(parseAmountInput('0', 8)).toMatchObject({ ok: false, message: 'Amount must be more than zero' });
    expect(parseAmountInput('0', 8, { what: 'Fee cap', allowZero: true })).toEqual({ ok: true, decimal: '0', minor: 0n });
  });
});

describe('checks, origin and wallet', () => {
  const prechecks = [
    { name: 'USD valuation', outcome: 'pass' as const, detail: '15312.50 USD at 2026-11-25T09:00:00.000Z (feed)' },
    { name: 'quorum policy', outcome: 'pass' as const, detail: 'rule "10 000 to 1 000 000 USD" (policy version 1)' },
    { name: 'sanctions screening', outcome: 'pass' as const, detail: 'not on the OFAC address lists (812 addresses)' },
    { name: 'velocity and exposure limits', outcome: 'pass' as const, detail: 'within the daily limits' },
  ];

  it('finds the screening and limits checks, and no customer risk the core did not report', () => {
    expect(screeningOf(prechecks)?.name).toBe('sanctions screening');
    expect(limitsOf(prechecks)?.name).toBe('velocity and exposure limits');
    expect(customerRiskOf(prechecks)).toBeUndefined();
    expect(customerRiskOf([...prechecks, { name: 'customer risk', outcome: 'pass', detail: 'low' }])?.detail).toBe('low');
  });

  it('names the origin', () => {
    expect(originText({ source: 'console', customerId: null, requestRef: null, initiator: 'carla.custody' })).toBe('Treasury move opened at the console by carla.custody');
    expect(originText({ source: 'bundle', customerId: 'C-0011', requestRef: 'NODE-REQ-1', initiator: null })).toBe('Customer request of C-0011 from the online node (NODE-REQ-1)');
  });

  it('knows which wallet the core pays from: the oldest of that asset and role', () => {
    const wallet = (id: string, assetId: string, role: 'hot' | 'cold', createdAt: string): WalletView => ({ id, assetId, role, createdAt, chain: 'bitcoin', network: 'mainnet', scheme: 'hsm', label: id, accountXpub: null, addresses: 1 });
    const wallets = [wallet('wal_new', 'BTC', 'hot', '2026-11-02T00:00:00.000Z'), wallet('wal_old', 'BTC', 'hot', '2026-11-01T00:00:00.000Z'), wallet('wal_cold', 'BTC', 'cold', '2026-11-03T00:00:00.000Z')];
    expect(walletUsedFor(wallets, 'BTC', 'hot')?.id).toBe('wal_old');
    expect(walletUsedFor(wallets, 'BTC', 'cold')?.id).toBe('wal_cold');
    expect(walletUsedFor(wallets, 'ETH', 'hot')).toBeUndefined();
  });
});

describe('quorum', () => {
  it('says what the policy asks for and what is still missing', () => {
    expect(requiredText([{ role: 'custody_officer', count: 2 }, { role: 'compliance_officer', count: 1 }])).toBe('2 custody officers and 1 compliance officer (MLRO)');
    expect(requiredText([{ role: 'custody_officer', count: 3, senior: 1 }])).toBe('3 custody officers, at least 1 of them senior');
    expect(missingText([{ role: 'custody_officer', count: 1, senior: 0 }, { role: 'compliance_officer', count: 1, senior: 0 }])).toBe('1 more custody officer and 1 more compliance officer (MLRO)');
    expect(missingText([{ role: 'custody_officer', count: 2, senior: 1 }])).toBe('2 more custody officers, at least 1 of them senior');
    expect(missingText([{ role: 'custody_officer', count: 0, senior: 1 }])).toBe('a senior custody officer among those who approved (1 more senior)');
  });

  it('counts valid approvals against the requirement', () => {
    const approval = (valid: boolean) => ({ operatorId: 'op', username: 'u', role: 'custody_officer', approvedAt: '', expiresAt: '', valid, problem: valid ? null : 'expired' });
    expect(approvalProgress([approval(true), approval(false)], [{ role: 'custody_officer', count: 2 }, { role: 'compliance_officer', count: 1 }])).toEqual({ valid: 1, needed: 3 });
  });

  it('names each refusal of an approval, by code first', () => {
    expect(approvalRefusal({ code: 'FORBIDDEN', message: 'The initiator of a withdrawal cannot approve it.' })).toMatchObject({ kind: 'initiator', title: 'Refused: separation of duties' });
    expect(approvalRefusal({ code: 'CONFLICT', message: 'You have already approved this withdrawal: one person, one approval.' })).toMatchObject({ kind: 'already' });
    expect(approvalRefusal({ code: 'FORBIDDEN', message: 'This withdrawal needs approvals you cannot give: compliance_officer.' })).toMatchObject({ kind: 'role' });
    expect(approvalRefusal({ code: 'FORBIDDEN', message: 'The quorum is already complete.' })).toMatchObject({ kind: 'role' });
    expect(approvalRefusal({ code: 'CONFLICT', message: 'Withdrawal wd_1 is approved; it takes no approvals.' })).toMatchObject({ kind: 'state' });
    expect(approvalRefusal({ code: 'PIN_INCORRECT', message: 'The PIN is incorrect.' })).toMatchObject({ kind: 'pin' });
    expect(approvalRefusal({ code: 'PIN_LOCKED', message: 'locked' })).toMatchObject({ kind: 'pinLocked' });
    expect(approvalRefusal({ code: 'INTERNAL', message: 'x' })).toMatchObject({ kind: 'other' });
    expect(isPinRefusal({ code: 'PIN_INCORRECT', message: '' })).toBe(true);
    expect(isPinRefusal({ code: 'FORBIDDEN', message: '' })).toBe(false);
  });
});

describe('what the detail says about the payload and its price', () => {
  it('titles the payload by state', () => {
    expect(payloadTitle('pending_approval')).toBe('Exactly what will be signed');
    expect(payloadTitle('approved')).toBe('Exactly what will be signed');
    expect(payloadTitle('broadcast')).toBe('What was signed');
    expect(payloadTitle('blocked')).toBe('What was requested (nothing will be signed)');
    expect(payloadTitle('expired')).toBe('What was requested (nothing will be signed)');
  });

  it('warns of a price older than an hour at valuation', () => {
    expect(priceAgeWarning('2026-11-24T09:00:00.000Z', '2026-11-25T15:29:16.000Z')).toBe('the price was 30 h 29 min old when the withdrawal was valued');
    expect(priceAgeWarning('2026-11-25T15:00:00.000Z', '2026-11-25T15:29:16.000Z')).toBeUndefined();
    expect(priceAgeWarning('garbage', '2026-11-25T15:29:16.000Z')).toBeUndefined();
  });
});
