/**
 * A withdrawal approval: the approver's own token key (P-256) signs the canonical JSON of exactly
 * what will be signed — withdrawal, asset, amount, destination, fee cap, policy version — and when
 * the approval lapses. The signing module re-verifies each one right before the HSM call.
 */
import { canonicalJson } from '../../src-shared/canonical';
import { rawSignatureToDer, verifyP256Der } from '../hsm/ec-keys';
import type { WithdrawalRow } from '../db/custody.repository';

export interface ApprovalBody {
  readonly type: 'vaultline-withdrawal-approval';
  readonly version: 1;
  readonly consoleId: string;
  readonly withdrawalId: string;
  readonly assetId: string;
  /** Minor units, decimal text. */
  readonly amount: string;
  readonly destination: string;
  readonly feeCap: string;
  readonly walletId: string;
  /** The valuation and allow-list status the policy tier was chosen on: approvers attest to them too. */
  readonly usdCents: string;
  readonly destinationAllowlisted: boolean;
  readonly policyVersion: number;
  readonly approverId: string;
  readonly role: 'custody_officer' | 'compliance_officer';
  readonly approvedAt: string;
  readonly expiresAt: string;
}

export function approvalBody(consoleId: string, w: WithdrawalRow, approverId: string, role: ApprovalBody['role'], approvedAt: string, expiresAt: string): ApprovalBody {
  const facts = policyFacts(w);
  return {
    type: 'vaultline-withdrawal-approval',
    version: 1,
    consoleId,
    withdrawalId: w.id,
    assetId: w.assetId,
    amount: w.amount,
    destination: w.destination,
    feeCap: w.feeCap,
    walletId: w.walletId,
    usdCents: w.usdCents,
    destinationAllowlisted: facts.destinationAllowlisted,
    policyVersion: w.policyVersion,
    approverId,
    role,
    approvedAt,
    expiresAt,
  };
}

export const approvalText = (body: ApprovalBody): string => canonicalJson(body);

export function derHex(raw: Uint8Array): string {
  return Buffer.from(rawSignatureToDer(raw)).toString('hex');
}

/** Whether `signatureHex` (DER) over `payload` verifies with the operator key `spkiBase64`. */
export function verifyApprovalSignature(spkiBase64: string, payload: string, signatureHex: string): boolean {
  try {
    return verifyP256Der(Buffer.from(spkiBase64, 'base64'), Buffer.from(payload, 'utf8'), Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** The approval says what the withdrawal now says, field by field. */
export function approvalMatches(body: ApprovalBody, consoleId: string, w: WithdrawalRow): boolean {
  return (
    body.type === 'vaultline-withdrawal-approval' &&
    body.version === 1 &&
    body.consoleId === consoleId &&
    body.withdrawalId === w.id &&
    body.assetId === w.assetId &&
    body.amount === w.amount &&
    body.destination === w.destination &&
    body.feeCap === w.feeCap &&
    body.walletId === w.walletId &&
    body.usdCents === w.usdCents &&
    body.destinationAllowlisted === policyFacts(w).destinationAllowlisted &&
    body.policyVersion === w.policyVersion
  );
}

/** What the policy tier was chosen on, stored with the withdrawal when it was opened. */
export interface PolicyFacts {
  readonly walletRole: 'hot' | 'cold';
  readonly destinationAllowlisted: boolean;
  readonly ruleName: string | null;
  readonly require: { role: 'custody_officer' | 'compliance_officer'; count: number; senior?: number }[];
}

export function policyFacts(w: WithdrawalRow): PolicyFacts {
  return JSON.parse(w.requirement) as PolicyFacts;
}
