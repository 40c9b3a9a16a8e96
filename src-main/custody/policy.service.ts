/**
 * Quorum policies: version 1 comes from resources/quorum-policy.json; every later version is
 * proposed, approved by the quorum the ACTIVE policy demands for a policy change (each approver
 * signing with their own token), and activated with a signature of the console identity key. A
 * policy is used only if that activation signature verifies, so editing the policy table directly
 * changes nothing.
 */
import { canonicalJson } from '../../src-shared/canonical';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import { getMeta } from '../db/meta.repository';
import { findOperatorById } from '../db/operators.repository';
import { activePolicyRow, findPolicy, insertPolicy, insertPolicyApproval, listPolicies, policyApprovalsOf, setPolicyStatus, type PolicyRow } from '../db/custody.repository';
import { rawSignatureToDer, verifyP256Der } from '../hsm/ec-keys';
import { signWithOperatorKey } from '../hsm/operator.keystore';
import type { ConsoleService } from '../services/console.service';
import type { SessionOperator } from '../services/sessions.service';
import { derHex } from './approval';
import { DEFAULT_POLICY, missingApprovals, policyDigest, policySchema, type QuorumPolicy } from './policy';
import { countApprovals } from './quorum';

const activationText = (version: number, sha256: string, activatedAt: string): string => canonicalJson({ type: 'vaultline-policy-activation', version: 1, policyVersion: version, sha256, activatedAt });

export class PolicyService {
  constructor(
    private readonly clock: Clock,
    private readonly console: ConsoleService,
    private readonly operatorModulePath: () => string,
  ) {}

  private sign(text: string): string {
    return Buffer.from(rawSignatureToDer(this.console.signWithIdentity(Buffer.from(text, 'utf8')))).toString('hex');
  }

  /** The active policy; the first call on a new console installs and signs version 1. */
  active(db: WritableDB): QuorumPolicy {
    const row = activePolicyRow(db);
    if (row) return this.trusted(row);
    const at = this.clock.now().toISOString();
    const sha256 = policyDigest(DEFAULT_POLICY);
    insertPolicy(db, { version: DEFAULT_POLICY.version, document: canonicalJson(DEFAULT_POLICY), sha256, proposedBy: 'system', proposedAt: at, status: 'active', activatedAt: at, activationSignature: this.sign(activationText(DEFAULT_POLICY.version, sha256, at)) });
    return DEFAULT_POLICY;
  }

  /** A version that was once activated (approvals name the version they were given under). */
  version(db: ReadableDB, version: number): QuorumPolicy {
    const row = findPolicy(db, version);
    if (!row) throw new VaultlineError('NOT_FOUND', `No quorum policy version ${version}.`);
    return this.trusted(row);
  }

  /** Policies already verified, keyed by everything the verification read. */
  readonly #verified = new Map<string, QuorumPolicy>();

  /** Parse a stored policy, refusing one whose content or activation the HSM did not sign. */
  private trusted(row: PolicyRow): QuorumPolicy {
    const identity = this.console.identity;
    if (!identity) throw new VaultlineError('LOCKED', 'The console is locked.');
    const cacheKey = `${identity.fingerprint}|${row.version}|${row.sha256}|${row.activatedAt}|${row.activationSignature}|${row.document}`;
    const known = this.#verified.get(cacheKey);
    if (known) return known;
    const policy = policySchema.parse(JSON.parse(row.document));
    const ok =
      policyDigest(policy) === row.sha256 &&
      row.activatedAt !== null &&
      row.activationSignature !== null &&
      verifyP256Der(identity.spki, Buffer.from(activationText(row.version, row.sha256, row.activatedAt), 'utf8'), Buffer.from(row.activationSignature, 'hex'));
    if (!ok) throw new VaultlineError('INTEGRITY_FAILURE', `Quorum policy version ${row.version} was not activated by a quorum (its activation signature does not verify); it is not used.`);
    this.#verified.set(cacheKey, policy);
    return policy;
  }

  list(db: ReadableDB): PolicyRow[] {
    return listPolicies(db);
  }

  propose(db: WritableDB, document: unknown, by: SessionOperator): PolicyRow {
    const parsed = policySchema.safeParse(document);
    if (!parsed.success) {
      throw new VaultlineError('VALIDATION', 'The policy document is not valid.', { issues: parsed.error.issues.map((i) => ({ path: `document.${i.path.join('.')}`, message: i.message })) });
    }
    const current = this.active(db);
    const latest = listPolicies(db)[0]?.version ?? current.version;
    if (parsed.data.version !== latest + 1) throw new VaultlineError('VALIDATION', `The new policy must be version ${latest + 1}.`, { issues: [{ path: 'document.version', message: `must be ${latest + 1}` }] });
    const row: PolicyRow = { version: parsed.data.version, document: canonicalJson(parsed.data), sha256: policyDigest(parsed.data), proposedBy: by.id, proposedAt: this.clock.now().toISOString(), status: 'proposed', activatedAt: null, activationSignature: null };
    insertPolicy(db, row);
    return row;
  }

  /** Approve a proposed version with one's own token; the quorum of the active policy activates it. */
  approve(db: WritableDB, version: number, by: SessionOperator, tokenPin: string): { row: PolicyRow; activated: boolean } {
    const row = findPolicy(db, version);
    if (!row || row.status !== 'proposed') throw new VaultlineError('CONFLICT', `Policy version ${version} is not waiting for approval.`);
    if (row.proposedBy === by.id) throw new VaultlineError('FORBIDDEN', 'The operator who proposed a policy cannot approve it.');
    const current = this.active(db);
    const consoleId = getMeta(db, 'console_id') ?? '';
    const identity = this.console.identity!;
    const now = this.clock.now().toISOString();
    const ctx = { consoleId, identitySpki: identity.spki, now };
    const matches = (body: Record<string, unknown>): string | undefined =>
      body.type === 'vaultline-policy-approval' && body.consoleId === consoleId && body.policyVersion === version && body.sha256 === row.sha256 ? undefined : 'the approval names another policy';
    const before = countApprovals(db, policyApprovalsOf(db, version), matches, ctx, row.proposedBy);
    if (before.counted.some((c) => c.operatorId === by.id)) throw new VaultlineError('CONFLICT', 'You have already approved this policy: one person, one approval.');
    const missing = missingApprovals(current.policyChange.require, before.counted);
    const role = missing.find((m) => by.roles.includes(m.role as 'custody_officer') && (m.count > 0 || (m.senior > 0 && by.senior)))?.role as 'custody_officer' | 'compliance_officer' | undefined;
    if (!role) throw new VaultlineError('FORBIDDEN', `This policy change needs approvals you cannot give: ${missing.map((m) => m.role).join(', ') || 'none left'}.`);
    const operator = findOperatorById(db, by.id)!;
    const payload = canonicalJson({ type: 'vaultline-policy-approval', version: 1, consoleId, policyVersion: version, sha256: row.sha256, approverId: by.id, role, approvedAt: now });
    const raw = signWithOperatorKey(this.operatorModulePath(), operator.tokenLabel, tokenPin, operator.tokenKeyId, Buffer.from(operator.publicKeySpki, 'base64'), Buffer.from(payload, 'utf8'));
    insertPolicyApproval(db, { version, operatorId: by.id, role, payload, signature: derHex(raw), approvedAt: now });
    const after = countApprovals(db, policyApprovalsOf(db, version), matches, ctx, row.proposedBy);
    if (missingApprovals(current.policyChange.require, after.counted).length > 0) return { row: findPolicy(db, version)!, activated: false };
    const previous = activePolicyRow(db);
    if (previous) setPolicyStatus(db, previous.version, 'superseded', previous.activatedAt, previous.activationSignature);
    setPolicyStatus(db, version, 'active', now, this.sign(activationText(version, row.sha256, now)));
    return { row: findPolicy(db, version)!, activated: true };
  }
}
