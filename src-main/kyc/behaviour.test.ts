import { describe, expect, it } from 'vitest';
import { assessBehaviour, type BehaviourFacts } from './behaviour';
import { assessRisk } from './risk';
import { loadRiskConfig } from './risk-config';

const now = new Date('2026-04-01T12:00:00.000Z');
const facts: BehaviourFacts = { linkedWallets: 1, addressHits: { open: 0, confirmed: 0 }, listedDestinations: [], flows: [], expectedMonthlyVolumeUsd: 5_000, now };
const deposit = (usd: bigint | null, at: string) => ({ kind: 'deposit' as const, usdCents: usd === null ? null : usd * 100n, at, moved: true, destination: null });

describe('wallet behaviour from what the console saw', () => {
  it('is clean, or no_addresses without wallets and flows, and says why', () => {
    expect(assessBehaviour(facts)).toMatchObject({ behaviour: 'clean', observedUsd: 0, window: '30 days to 2026-04-01' });
    expect(assessBehaviour({ ...facts, linkedWallets: 0 })).toMatchObject({ behaviour: 'no_addresses', detail: 'no_addresses: no linked wallet, no deposit or withdrawal seen' });
  });

  it('counts 30 days of money moved in exact cents; older flows, blocked withdrawals and unpriced deposits add nothing', () => {
    const flows = [
      deposit(4_000n, '2026-03-20T00:00:00.000Z'),
      deposit(9_000n, '2026-02-01T00:00:00.000Z'), // outside the window
      deposit(null, '2026-03-25T00:00:00.000Z'),
      { kind: 'withdrawal' as const, usdCents: 500_000n, at: '2026-03-30T00:00:00.000Z', moved: false, destination: 'bc1q…' },
    ];
    const b = assessBehaviour({ ...facts, flows });
    expect(b).toMatchObject({ behaviour: 'clean', observedUsd: 4_000 });
    expect(b.detail).toContain('4,000 USD moved in the 30 days to 2026-04-01 (2 deposit(s) and withdrawal(s), 1 without a price)');
  });

  it('flags volume above twice the expected, open address hits; a listed destination or a confirmed hit is sanctioned', () => {
    expect(assessBehaviour({ ...facts, flows: [deposit(10_000n, '2026-03-31T00:00:00.000Z')] }).behaviour).toBe('clean');
    expect(assessBehaviour({ ...facts, flows: [deposit(10_001n, '2026-03-31T00:00:00.000Z')] })).toMatchObject({ behaviour: 'flagged', detail: expect.stringMatching(/more than 2× the 5,000 USD a month expected$/) as unknown });
    expect(assessBehaviour({ ...facts, addressHits: { open: 1, confirmed: 0 } }).behaviour).toBe('flagged');
    expect(assessBehaviour({ ...facts, listedDestinations: [{ address: '0xabc', list: 'OFAC SDN list (ETH, issue of 2025-11-19)' }] }).detail).toMatch(/^sanctioned: a withdrawal was requested to 0xabc, on the OFAC SDN list/);
    expect(assessBehaviour({ ...facts, addressHits: { open: 0, confirmed: 1 } }).behaviour).toBe('sanctioned');
  });

  it('feeds the risk engine: observed volume scores the volume factor when higher; sanctioned behaviour forces HIGH', () => {
    const { config, fatf } = loadRiskConfig();
    const input = { customerType: 'individual' as const, countries: [{ role: 'residence', code: 'DE' }], products: ['custody'], expectedMonthlyVolumeUsd: 5_000, pep: 'none' as const, sanctions: 'none' as const, sourceOfFunds: 'salary' };
    const b = assessBehaviour({ ...facts, flows: [deposit(300_000n, '2026-03-31T00:00:00.000Z')] });
    const r = assessRisk({ ...input, walletBehaviour: b.behaviour, behaviourDetail: b.detail, observedVolumeUsd: b.observedUsd, observedWindow: b.window }, config, fatf, now);
    expect(r.factors.find((f) => f.factor === 'volume')).toMatchObject({ score: 80, input: '300000 USD seen in the 30 days to 2026-04-01 (scored: above the 5000 USD a month expected)' });
    expect(r.factors.find((f) => f.factor === 'walletBehaviour')).toMatchObject({ score: 70, input: b.detail });
    const calm = assessRisk({ ...input, walletBehaviour: 'clean', observedVolumeUsd: 100, observedWindow: '30 days to 2026-04-01' }, config, fatf, now);
    expect(calm.factors.find((f) => f.factor === 'volume')).toMatchObject({ score: 10, input: '5000 USD a month expected; 100 USD seen in the 30 days to 2026-04-01' });
    const sanctioned = assessRisk({ ...input, walletBehaviour: 'sanctioned' }, config, fatf, now);
    expect(sanctioned).toMatchObject({ level: 'high', forcedBy: 'wallet behaviour: money sent to or held at a sanctioned address' });
  });
});
