/**
 * Quorum verification, run by the signing module right before every HSM call. It trusts nothing
 * the database says on its own: each approver's key and roles come from their operator certificate
 * (signed by the HSM identity key), each approval is a signature by that key over exactly this
 * withdrawal, and the requirement is re-evaluated under the policy version the approvals name.
 */
import { VaultlineError } from '../errors';
import type { ReadableDB } from '../db/database';
import type { ApprovalRow, WithdrawalRow } from '../db/custody.repository';
import { findOperatorById } from '../db/operators.repository';
import { parseRoles } from '../services/operators.service';
import { approvalMatches, verifyApprovalSignature, type ApprovalBody } from './approval';
import { verifyCertificate } from './operator-certificate';
import { missingApprovals, type CountedApproval, type Requirement } from './policy';

export interface QuorumContext {
  readonly consoleId: string;
  readonly identitySpki: Uint8Array;
  readonly now: string;
}

export interface QuorumVerdict {
  readonly satisfied: boolean;
  readonly counted: CountedApproval[];
  readonly rejected: { operatorId: string; reason: string }[];
  readonly missing: { role: string; count: number; senior: number }[];
}

/** One signed approval, of a withdrawal or of a policy version. */
export interface SignedApproval {
  readonly operatorId: string;
  readonly role: string;
  readonly payload: string;
  readonly signature: string;
}

/**
 * Count approvals that hold up: the approver is certified by the HSM identity key, active, holds
 * the role, signed `payload` with their certified key, and `matches` accepts what they signed.
 * `excluded` (the initiator or proposer) never counts; neither does a second approval by anyone.
 */
export function countApprovals(
  db: ReadableDB,
  approvals: readonly SignedApproval[],
  matches: (body: Record<string, unknown>, approval: SignedApproval) => string | undefined,
  ctx: QuorumContext,
  excluded: string | null,
): { counted: CountedApproval[]; rejected: { operatorId: string; reason: string }[] } {
  const counted: CountedApproval[] = [];
  const rejected: { operatorId: string; reason: string }[] = [];
  for (const a of approvals) {
    const refuse = (reason: string): void => void rejected.push({ operatorId: a.operatorId, reason });
    if (a.operatorId === excluded) {
      refuse('the initiator cannot approve');
      continue;
    }
    const row = findOperatorById(db, a.operatorId);
    if (!row) {
      refuse('unknown operator');
      continue;
    }
    const certified = verifyCertificate(row.certificate, ctx.identitySpki, ctx.consoleId, {
      operatorId: row.id,
      username: row.username,
      roles: parseRoles(row.roles),
      senior: row.senior,
      status: row.status,
      publicKeySpki: row.publicKeySpki,
    });
    if (!certified) {
      refuse('no valid operator certificate (the operator record was changed outside the console, or never certified)');
      continue;
    }
    if (certified.status !== 'active') {
      refuse('the operator is disabled');
      continue;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(a.payload) as Record<string, unknown>;
    } catch {
      refuse('unreadable approval');
      continue;
    }
    const mismatch = body.approverId !== a.operatorId || body.role !== a.role ? 'the approval names another approver or role' : matches(body, a);
    if (mismatch) {
      refuse(mismatch);
      continue;
    }
    if (!verifyApprovalSignature(certified.publicKeySpki, a.payload, a.signature)) {
      refuse('the approval signature does not verify with the approver’s certified key');
      continue;
    }
    if (typeof body.expiresAt === 'string' && body.expiresAt <= ctx.now) {
      refuse('the approval has expired');
      continue;
    }
    if (a.role !== 'custody_officer' && a.role !== 'compliance_officer') {
      refuse(`${a.role} is not an approval role`);
      continue;
    }
    if (!certified.roles.includes(a.role)) {
      refuse(`the approver does not hold the role ${a.role}`);
      continue;
    }
    if (counted.some((c) => c.operatorId === a.operatorId)) {
      refuse('one person, one approval');
      continue;
    }
    counted.push({ operatorId: a.operatorId, role: a.role, senior: certified.senior });
  }
  return { counted, rejected };
}

export function verifyQuorum(db: ReadableDB, w: WithdrawalRow, approvals: readonly ApprovalRow[], require: Requirement, ctx: QuorumContext): QuorumVerdict {
  const { counted, rejected } = countApprovals(
    db,
    approvals,
    (body, a) => (approvalMatches(body as unknown as ApprovalBody, ctx.consoleId, w) && body.expiresAt === (a as ApprovalRow).expiresAt ? undefined : 'the approval does not name this exact withdrawal'),
    ctx,
    w.initiatorId,
  );
  const missing = missingApprovals(require, counted);
  return { satisfied: missing.length === 0, counted, rejected, missing };
}

export function requireQuorum(verdict: QuorumVerdict): void {
  if (verdict.satisfied) return;
  const need = verdict.missing.map((m) => `${m.count > 0 ? `${m.count} more ${m.role.replace('_', ' ')}` : ''}${m.senior > 0 ? `${m.count > 0 ? ', ' : ''}${m.senior} more senior ${m.role.replace('_', ' ')}` : ''}`).join('; ');
  throw new VaultlineError('FORBIDDEN', `The quorum does not hold: ${need || 'approvals missing'}.${verdict.rejected.length > 0 ? ` Not counted: ${verdict.rejected.map((r) => r.reason).join('; ')}.` : ''}`);
}
