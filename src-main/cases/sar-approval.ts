/**
 * A SAR/STR approval signed by the approver's own token (P-256), like a withdrawal approval
 * (custody/approval.ts): the MLRO's token signs a canonical statement naming the console, the
 * report, the content hash approved, the approver and role, and the time. Before every export and
 * filing the statement is re-verified through the approver's operator certificate (signed by the
 * console identity key) with custody/quorum.ts `countApprovals` — the same check withdrawals and
 * policy versions get — so a row written straight into the database approves nothing.
 *
 * The filed-report bundle item carries the statement, the signature and the approver's
 * certificate; `verifyApprovalPackage` checks them with nothing but the console identity key.
 */
import { canonicalJson } from '../../src-shared/canonical';
import { VaultlineError } from '../errors';
import type { ReadableDB } from '../db/database';
import type { SarRow } from '../db/cases.repository';
import { findOperatorById } from '../db/operators.repository';
import { verifyApprovalSignature } from '../custody/approval';
import { verifyCertificate, type CertifiedOperator } from '../custody/operator-certificate';
import { countApprovals, type QuorumContext } from '../custody/quorum';

export const SAR_APPROVAL_TYPE = 'vaultline-sar-approval';

export interface SarApprovalBody {
  readonly type: typeof SAR_APPROVAL_TYPE;
  readonly version: 1;
  readonly consoleId: string;
  readonly sarId: string;
  readonly caseId: string;
  readonly kind: 'SAR' | 'STR';
  /** sha256 of the canonical JSON of the report content approved. */
  readonly contentSha256: string;
  readonly approverId: string;
  readonly approverUsername: string;
  readonly role: 'compliance_officer';
  readonly approvedAt: string;
}

/** What the approver's token signs (sha256 of these UTF-8 bytes). */
export function sarApprovalStatement(consoleId: string, row: Pick<SarRow, 'id' | 'caseId' | 'kind' | 'contentSha256'>, approver: { id: string; username: string }, approvedAt: string): string {
  const body: SarApprovalBody = {
    type: SAR_APPROVAL_TYPE,
    version: 1,
    consoleId,
    sarId: row.id,
    caseId: row.caseId,
    kind: row.kind,
    contentSha256: row.contentSha256,
    approverId: approver.id,
    approverUsername: approver.username,
    role: 'compliance_officer',
    approvedAt,
  };
  return canonicalJson(body);
}

/** Why the statement does not describe this report's approval as stored, or undefined when it does. */
function statementMismatch(body: Record<string, unknown>, row: SarRow, consoleId: string): string | undefined {
  if (body.type !== SAR_APPROVAL_TYPE || body.version !== 1) return 'the signed statement is not a SAR/STR approval';
  if (body.consoleId !== consoleId) return 'the signed statement names another console';
  if (body.sarId !== row.id || body.caseId !== row.caseId || body.kind !== row.kind) return 'the signed statement names another report';
  if (body.contentSha256 !== row.approvedSha256) return 'the signed statement approves other content';
  if (body.approverUsername !== row.approvedBy || body.approvedAt !== row.approvedAt) return 'the signed statement names another approver or time than the approval on record';
  if (body.approverUsername === row.draftedBy || body.approverUsername === row.updatedBy) return 'the approver drafted or last edited the report (four eyes)';
  return undefined;
}

export interface VerifiedSarApproval {
  readonly statement: string;
  readonly signature: string;
  /** The approver's operator certificate (JSON: payload + identity-key signature), as stored for them. */
  readonly certificate: string;
}

/**
 * Why the stored approval of `row` does not hold, or the verified approval. Checks: a signature is
 * there; the statement names exactly this report, its approved content hash, approver and time;
 * the approver is certified by the console identity key, active, a compliance officer, and signed
 * with their certified key.
 */
export function checkSarApproval(db: ReadableDB, row: SarRow, ctx: QuorumContext): { ok: true; approval: VerifiedSarApproval } | { ok: false; reason: string } {
  if (row.approvalStatement === null || row.approvalSignature === null) return { ok: false, reason: 'the approval carries no signature by the approver’s token' };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(row.approvalStatement) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'the signed statement is unreadable' };
  }
  const operatorId = typeof body.approverId === 'string' ? body.approverId : '';
  const { counted, rejected } = countApprovals(
    db,
    [{ operatorId, role: 'compliance_officer', payload: row.approvalStatement, signature: row.approvalSignature }],
    (b) => statementMismatch(b, row, ctx.consoleId),
    ctx,
    null,
  );
  if (counted.length !== 1) return { ok: false, reason: rejected[0]?.reason ?? 'the approval does not verify' };
  const certificate = findOperatorById(db, operatorId)?.certificate;
  if (!certificate) return { ok: false, reason: 'the approver has no operator certificate' };
  return { ok: true, approval: { statement: row.approvalStatement, signature: row.approvalSignature, certificate } };
}

/** The verified approval, or a refusal that says why and that nothing was `done`. */
export function requireSarApproval(db: ReadableDB, row: SarRow, ctx: QuorumContext, done: string): VerifiedSarApproval {
  const checked = checkSarApproval(db, row, ctx);
  if (checked.ok) return checked.approval;
  throw new VaultlineError(
    'INTEGRITY_FAILURE',
    `${row.kind} ${row.id}: its approval does not hold — ${checked.reason}; ${done}. A compliance officer must approve it again with their token.`,
  );
}

/**
 * The online node's check of a filed report's approval, with nothing but the console's identity
 * key: the certificate is signed by it, the statement by the certified operator's key, and the
 * certified operator is an active compliance officer named by the statement. Returns the statement.
 */
export function verifyApprovalPackage(approval: { statement: string; signature: string; certificate: string }, identitySpki: Uint8Array, consoleId: string): SarApprovalBody | undefined {
  let certified: CertifiedOperator | undefined;
  let body: SarApprovalBody;
  try {
    const claimed = JSON.parse((JSON.parse(approval.certificate) as { payload: string }).payload) as CertifiedOperator;
    certified = verifyCertificate(approval.certificate, identitySpki, consoleId, claimed);
    body = JSON.parse(approval.statement) as SarApprovalBody;
  } catch {
    return undefined;
  }
  if (!certified || certified.status !== 'active' || !certified.roles.includes('compliance_officer')) return undefined;
  if (body.type !== SAR_APPROVAL_TYPE || body.version !== 1 || body.consoleId !== consoleId) return undefined;
  if (body.approverId !== certified.operatorId || body.approverUsername !== certified.username || body.role !== 'compliance_officer') return undefined;
  return verifyApprovalSignature(certified.publicKeySpki, approval.statement, approval.signature) ? body : undefined;
}
