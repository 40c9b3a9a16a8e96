import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, evaluatePolicy, missingApprovals, policySchema } from './policy';

const at = new Date('2026-03-04T10:00:00Z');
const subject = (usd: number) => ({ assetId: 'BTC', usdCents: BigInt(Math.round(usd * 100)), walletRole: 'hot' as const, destinationAllowlisted: false, at });

describe('quorum policy', () => {
  it('applies the default tiers by USD value, first match wins', () => {
    expect(evaluatePolicy(DEFAULT_POLICY, subject(9_999.99))).toMatchObject({ allowed: true, require: [{ role: 'custody_officer', count: 1 }] });
    expect(evaluatePolicy(DEFAULT_POLICY, subject(10_000))).toMatchObject({ allowed: true, rule: { name: '10 000 to 1 000 000 USD' } });
    expect(evaluatePolicy(DEFAULT_POLICY, subject(1_000_000))).toMatchObject({ allowed: true, rule: { name: '10 000 to 1 000 000 USD' } });
    expect(evaluatePolicy(DEFAULT_POLICY, subject(1_000_000.01))).toMatchObject({ allowed: true, require: [{ role: 'custody_officer', count: 3, senior: 1 }] });
  });

  it('denies what no rule matches, and what a deny rule matches', () => {
    const narrow = policySchema.parse({ ...DEFAULT_POLICY, rules: [{ name: 'ETH only', when: { assets: ['ETH'] }, require: [{ role: 'custody_officer', count: 1 }] }] });
    expect(evaluatePolicy(narrow, subject(10))).toMatchObject({ allowed: false, reason: 'no rule of the quorum policy matches this withdrawal' });
    const weekend = policySchema.parse({ ...DEFAULT_POLICY, rules: [{ name: 'no weekends', when: { window: { days: [0, 6], fromHour: 0, toHour: 24 } }, deny: true }, ...DEFAULT_POLICY.rules] });
    expect(evaluatePolicy(weekend, { ...subject(10), at: new Date('2026-03-07T10:00:00Z') })).toMatchObject({ allowed: false, reason: 'denied by rule "no weekends"' });
    expect(evaluatePolicy(weekend, subject(10))).toMatchObject({ allowed: true });
  });

  it('counts one person once and needs the seniors asked for', () => {
    const require = [
      { role: 'custody_officer' as const, count: 3, senior: 1 },
      { role: 'compliance_officer' as const, count: 1 },
    ];
    const a = { operatorId: 'a', role: 'custody_officer' as const, senior: false };
    expect(missingApprovals(require, [a, a, a])).toEqual([
      { role: 'custody_officer', count: 2, senior: 1 },
      { role: 'compliance_officer', count: 1, senior: 0 },
    ]);
    const b = { operatorId: 'b', role: 'custody_officer' as const, senior: false };
    const c = { operatorId: 'c', role: 'custody_officer' as const, senior: true };
    const d = { operatorId: 'd', role: 'compliance_officer' as const, senior: false };
    expect(missingApprovals(require, [a, b, c, d])).toEqual([]);
    expect(missingApprovals(require, [a, b, { ...c, senior: false }, d])).toEqual([{ role: 'custody_officer', count: 0, senior: 1 }]);
  });

  it('refuses a malformed policy document', () => {
    expect(policySchema.safeParse({ ...DEFAULT_POLICY, rules: [] }).success).toBe(false);
    expect(policySchema.safeParse({ ...DEFAULT_POLICY, rules: [{ name: 'x', when: {} }] }).success).toBe(false);
    expect(policySchema.safeParse({ ...DEFAULT_POLICY, policyChange: { require: [{ role: 'admin', count: 1 }] } }).success).toBe(false);
  });
});
