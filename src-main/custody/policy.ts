/**
 * Quorum policy: versioned JSON (resources/quorum-policy.json is version 1). Rules are evaluated in
 * order and the first that matches decides; a withdrawal that no rule matches is denied. A rule
 * names the approvals it needs: so many operators of a role, some of them senior.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../src-shared/canonical';
import defaultPolicy from '../../resources/quorum-policy.json';

const approverRole = z.enum(['custody_officer', 'compliance_officer']);

export const requirementSchema = z
  .object({
    require: z
      .array(
        z
          .object({ role: approverRole, count: z.number().int().min(1).max(10), senior: z.number().int().min(0).max(10).optional() })
          .strict()
          .refine((r) => (r.senior ?? 0) <= r.count, { message: 'senior cannot exceed count', path: ['senior'] }),
      )
      .min(1),
  })
  .strict();

const ruleSchema = z
  .object({
    name: z.string().min(1).max(100),
    when: z
      .object({
        assets: z.array(z.string()).min(1).optional(),
        minUsdCents: z.number().int().nonnegative().optional(),
        maxUsdCents: z.number().int().nonnegative().optional(),
        wallets: z.array(z.enum(['hot', 'cold'])).min(1).optional(),
        destination: z.enum(['allowlisted', 'any']).optional(),
        /** UTC days (0 = Sunday) and hours [fromHour, toHour) when the rule applies. */
        window: z.object({ days: z.array(z.number().int().min(0).max(6)).min(1), fromHour: z.number().int().min(0).max(23), toHour: z.number().int().min(1).max(24) }).strict().optional(),
      })
      .strict(),
    deny: z.boolean().optional(),
    require: requirementSchema.shape.require.optional(),
  })
  .strict()
  .refine((r) => r.deny === true || r.require !== undefined, { message: 'a rule either denies or requires approvals', path: ['require'] });

export const policySchema = z
  .object({
    version: z.number().int().positive(),
    approvalExpiryMinutes: z.number().int().min(5).max(10_080),
    withdrawalExpiryMinutes: z.number().int().min(10).max(43_200),
    allowlistLockInHours: z.number().int().min(0).max(720),
    policyChange: requirementSchema,
    rules: z.array(ruleSchema).min(1).max(100),
  })
  .strict();

export type QuorumPolicy = z.infer<typeof policySchema>;
export type Requirement = QuorumPolicy['policyChange']['require'];
export type PolicyRule = QuorumPolicy['rules'][number];

export const DEFAULT_POLICY: QuorumPolicy = policySchema.parse(defaultPolicy);

export function policyDigest(policy: QuorumPolicy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}

export interface PolicySubject {
  readonly assetId: string;
  readonly usdCents: bigint;
  readonly walletRole: 'hot' | 'cold';
  readonly destinationAllowlisted: boolean;
  readonly at: Date;
}

export type PolicyDecision = { readonly allowed: true; readonly rule: PolicyRule; readonly require: Requirement } | { readonly allowed: false; readonly rule: PolicyRule | null; readonly reason: string };

function matches(rule: PolicyRule, s: PolicySubject): boolean {
  const w = rule.when;
  if (w.assets && !w.assets.includes(s.assetId)) return false;
  if (w.minUsdCents !== undefined && s.usdCents < BigInt(w.minUsdCents)) return false;
  if (w.maxUsdCents !== undefined && s.usdCents > BigInt(w.maxUsdCents)) return false;
  if (w.wallets && !w.wallets.includes(s.walletRole)) return false;
  if (w.destination === 'allowlisted' && !s.destinationAllowlisted) return false;
  if (w.window) {
    const day = s.at.getUTCDay();
    const hour = s.at.getUTCHours();
    if (!w.window.days.includes(day) || hour < w.window.fromHour || hour >= w.window.toHour) return false;
  }
  return true;
}

export function evaluatePolicy(policy: QuorumPolicy, subject: PolicySubject): PolicyDecision {
  for (const rule of policy.rules) {
    if (!matches(rule, subject)) continue;
    if (rule.deny || !rule.require) return { allowed: false, rule, reason: `denied by rule "${rule.name}"` };
    return { allowed: true, rule, require: rule.require };
  }
  return { allowed: false, rule: null, reason: 'no rule of the quorum policy matches this withdrawal' };
}

export interface CountedApproval {
  readonly operatorId: string;
  readonly role: 'custody_officer' | 'compliance_officer';
  readonly senior: boolean;
}

/** What is still missing for a requirement, given distinct approvers (one person, one approval). */
export function missingApprovals(require: Requirement, approvals: readonly CountedApproval[]): { role: string; count: number; senior: number }[] {
  const seen = new Set<string>();
  const distinct = approvals.filter((a) => !seen.has(a.operatorId) && seen.add(a.operatorId));
  return require
    .map((r) => {
      const inRole = distinct.filter((a) => a.role === r.role);
      const seniors = inRole.filter((a) => a.senior).length;
      return { role: r.role, count: Math.max(0, r.count - inRole.length), senior: Math.max(0, (r.senior ?? 0) - seniors) };
    })
    .filter((m) => m.count > 0 || m.senior > 0);
}
