/**
 * The online node's public key, as the console trusts it (DESIGN.md, "Trust and keys"):
 *  - pinned once at a key ceremony by an administrator who compares the fingerprint by eye and
 *    types it back (a key is never trusted because a file said so);
 *  - replaced only by a rotation: a `key-rotation` item in a bundle signed by the current key, with
 *    a proof signed by the new key, that takes effect once a quorum of officers approve it, each by
 *    signing the rotation statement with their own token;
 *  - revoked by an administrator with a reason (no inbound bundle is accepted until a new ceremony).
 * Until the quorum policy engine (issue 7) exists, the quorum is two distinct custody or compliance
 * officers.
 */
import { randomBytes } from 'node:crypto';
import type { ItemPayload } from '../../src-shared/bundles/item-schemas';
import { rotationProofStatement } from '../../src-shared/bundles/item-schemas';
import { groupFingerprint, normaliseFingerprint } from '../../src-shared/bundles/bundle-format';
import { APPROVAL_ROLES } from '../../src-shared/roles';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import {
  activeNodeKey,
  approvalsOf,
  decideRotation,
  endNodeKey,
  findNodeKey,
  findNodeKeyByFingerprint,
  findBundle,
  findRotation,
  insertApproval,
  insertNodeKey,
  insertRotation,
  listNodeKeys,
  pendingRotations,
  type NodeKeyRow,
  type RotationRow,
} from '../db/bundles.repository';
import { findOperatorById } from '../db/operators.repository';
import { pointFromSpki, verifyP256Digest } from '../hsm/ec-keys';
import { signWithOperatorKey } from '../hsm/operator.keystore';
import { parseRoles } from '../services/operators.service';
import type { SessionOperator } from '../services/sessions.service';
import { canonicalBytes } from './canonical-json';
import { keyFingerprintHex, p256SpkiFrom, sha256Hex, verifyDerSignature } from './bundle-keys';
import type { KnownKey } from './bundle.reader';

/** Distinct approvers a rotation needs until issue 7's quorum policy takes over. */
export const ROTATION_QUORUM = 2;

export interface PinRequest {
  readonly nodeId: string;
  readonly nodeName: string;
  readonly publicKey: string;
  /** What the administrator read off the online node's screen and typed back. */
  readonly confirmFingerprint: string;
}

export interface RotationOrigin {
  readonly bundleId: string;
  readonly bundleHash: string;
  readonly itemId: string;
  readonly signer: KnownKey;
}

/** The operator who imported the bundle that carried a rotation: a carrier, never one of its approvers. */
function importerOf(db: ReadableDB, rotation: RotationRow): string | undefined {
  return findBundle(db, rotation.bundleId)?.operatorId;
}

export class NodeKeysService {
  constructor(
    private readonly clock: Clock,
    private readonly consoleId: () => string,
    private readonly operatorModulePath: () => string,
  ) {}

  list(db: ReadableDB): NodeKeyRow[] {
    return listNodeKeys(db);
  }

  /** Every key the console has known, for the bundle reader (it tells revoked from unknown). */
  knownKeys(db: ReadableDB): KnownKey[] {
    return listNodeKeys(db).map((k) => ({ fingerprint: k.fingerprint, spki: Buffer.from(k.spki, 'base64'), status: k.status, ownerId: k.nodeId }));
  }

  /** Key ceremony: pin the online node's key, after the fingerprint was compared by eye. */
  pin(db: WritableDB, request: PinRequest, operator: SessionOperator): NodeKeyRow {
    const current = activeNodeKey(db);
    if (current) {
      throw new VaultlineError('CONFLICT', `The online node's key ${groupFingerprint(current.fingerprint).slice(0, 19)}… is pinned already; it is replaced only by an approved rotation, or revoked first.`);
    }
    const spki = p256SpkiFrom(request.publicKey, 'online node public key');
    const fingerprint = keyFingerprintHex(spki);
    if (normaliseFingerprint(request.confirmFingerprint) !== fingerprint) {
      throw new VaultlineError('VALIDATION', 'The fingerprint you typed does not match this key: compare it with the one the online node shows, group by group. Nothing was pinned.', {
        issues: [{ path: 'confirmFingerprint', message: 'does not match the key' }],
      });
    }
    const previous = findNodeKeyByFingerprint(db, fingerprint);
    if (previous) throw new VaultlineError('CONFLICT', `This key was pinned before and ${previous.status === 'revoked' ? 'revoked' : 'rotated out'}; a retired key is never trusted again.`);
    const row: NodeKeyRow = {
      id: `nk_${randomBytes(8).toString('hex')}`,
      nodeId: request.nodeId,
      nodeName: request.nodeName,
      spki: spki.toString('base64'),
      fingerprint,
      status: 'active',
      pinnedBy: operator.id,
      rotationId: null,
      activatedAt: this.clock.now().toISOString(),
      endedAt: null,
      endedBy: null,
      endReason: null,
    };
    insertNodeKey(db, row);
    return row;
  }

  revoke(db: WritableDB, reason: string, operator: SessionOperator): NodeKeyRow {
    const current = activeNodeKey(db);
    if (!current) throw new VaultlineError('NOT_FOUND', 'No online-node key is pinned.');
    const now = this.clock.now().toISOString();
    endNodeKey(db, current.id, 'revoked', now, operator.id, reason);
    for (const rotation of pendingRotations(db)) decideRotation(db, rotation.id, 'superseded', now, operator.id, 'the key it would replace was revoked');
    return findNodeKey(db, current.id)!;
  }

  /**
   * A `key-rotation` item arrived in a verified bundle: check it and record it as pending. The
   * bundle was signed by the current key (the reader checked); the proof shows the node holds the
   * new key. Nothing changes in what is trusted until the quorum approves.
   */
  propose(db: WritableDB, origin: RotationOrigin, item: ItemPayload<'key-rotation'>): RotationRow {
    const current = activeNodeKey(db);
    if (!current || current.fingerprint !== origin.signer.fingerprint) throw new VaultlineError('CONFLICT', 'A key rotation must be signed by the online node’s current key.');
    if (item.nodeId !== current.nodeId) throw new VaultlineError('VALIDATION', `The rotation is for node ${item.nodeId}, but the pinned key belongs to ${current.nodeId}.`);
    const spki = p256SpkiFrom(Buffer.from(item.newKeySpki, 'base64'), 'new online-node key');
    const fingerprint = keyFingerprintHex(spki);
    if (fingerprint !== item.newKeyFingerprint) throw new VaultlineError('VALIDATION', 'The rotation’s newKeyFingerprint is not the SHA-256 of its newKeySpki.');
    if (findNodeKeyByFingerprint(db, fingerprint)) throw new VaultlineError('CONFLICT', 'The rotation names a key the console already knows; a key is never reused.');
    const proof = canonicalBytes(rotationProofStatement(item.nodeId, current.fingerprint, fingerprint));
    if (!verifyDerSignature(spki, proof, Buffer.from(item.proof, 'base64'))) {
      throw new VaultlineError('VALIDATION', 'The rotation’s proof does not verify with the new key: the node has not shown it holds that key.');
    }
    const now = this.clock.now().toISOString();
    for (const older of pendingRotations(db)) decideRotation(db, older.id, 'superseded', now, null, `superseded by a rotation in bundle ${origin.bundleId}`);
    const id = `rot_${randomBytes(8).toString('hex')}`;
    const statement = canonicalBytes({
      purpose: 'vaultline-node-key-rotation-approval',
      consoleId: this.consoleId(),
      rotationId: id,
      nodeId: item.nodeId,
      oldKeyFingerprint: current.fingerprint,
      newKeyFingerprint: fingerprint,
      bundleId: origin.bundleId,
      bundleHash: origin.bundleHash,
    });
    const row: RotationRow = {
      id,
      bundleId: origin.bundleId,
      itemId: origin.itemId,
      nodeId: item.nodeId,
      oldKeyId: current.id,
      newSpki: spki.toString('base64'),
      newFingerprint: fingerprint,
      reason: item.reason,
      statement: statement.toString('utf8'),
      digest: sha256Hex(statement),
      status: 'pending',
      createdAt: now,
      decidedAt: null,
      decidedBy: null,
      decisionNote: null,
    };
    insertRotation(db, row);
    return row;
  }

  private requirePending(db: ReadableDB, rotationId: string): RotationRow {
    const rotation = findRotation(db, rotationId);
    if (!rotation) throw new VaultlineError('NOT_FOUND', `No key rotation ${rotationId}.`);
    if (rotation.status !== 'pending') throw new VaultlineError('CONFLICT', `Key rotation ${rotationId} is ${rotation.status}; it can no longer be approved or rejected.`);
    return rotation;
  }

  /**
   * One officer's approval: their own token signs the rotation statement (PIN entered now), and
   * the signature is checked against the key enrolled for them. When the quorum is reached, every
   * approval is verified again and only then does the new key replace the old one.
   */
  approve(db: WritableDB, rotationId: string, tokenPin: string, operator: SessionOperator): { rotation: RotationRow; approvals: number; activated: boolean } {
    const rotation = this.requirePending(db, rotationId);
    const approvals = approvalsOf(db, rotationId);
    if (approvals.some((a) => a.operatorId === operator.id)) throw new VaultlineError('CONFLICT', 'You have approved this rotation already; a second officer must approve it.');
    if (importerOf(db, rotation) === operator.id) {
      throw new VaultlineError('FORBIDDEN', `You imported the bundle that carried this rotation; ${ROTATION_QUORUM} other officers must approve it.`);
    }
    const row = findOperatorById(db, operator.id);
    if (!row) throw new VaultlineError('NOT_FOUND', 'Your operator record is missing.');
    const signature = signWithOperatorKey(this.operatorModulePath(), row.tokenLabel, tokenPin, row.tokenKeyId, Buffer.from(row.publicKeySpki, 'base64'), Buffer.from(rotation.statement, 'utf8'));
    const now = this.clock.now().toISOString();
    insertApproval(db, { rotationId, operatorId: operator.id, keyFingerprint: row.keyFingerprint, signature: Buffer.from(signature).toString('base64'), signedAt: now });
    const all = approvalsOf(db, rotationId);
    if (all.length < ROTATION_QUORUM) return { rotation, approvals: all.length, activated: false };
    this.verifyQuorum(db, rotation);
    const old = findNodeKey(db, rotation.oldKeyId)!;
    endNodeKey(db, old.id, 'retired', now, operator.id, `rotated out by ${rotation.id}`);
    insertNodeKey(db, {
      id: `nk_${randomBytes(8).toString('hex')}`,
      nodeId: rotation.nodeId,
      nodeName: old.nodeName,
      spki: rotation.newSpki,
      fingerprint: rotation.newFingerprint,
      status: 'active',
      pinnedBy: null,
      rotationId: rotation.id,
      activatedAt: now,
      endedAt: null,
      endedBy: null,
      endReason: null,
    });
    decideRotation(db, rotation.id, 'approved', now, operator.id, `approved by ${all.length} officers`);
    return { rotation: findRotation(db, rotation.id)!, approvals: all.length, activated: true };
  }

  /** Rows alone never authorise: each approval's signature is re-verified with its approver's key. */
  private verifyQuorum(db: ReadableDB, rotation: RotationRow): void {
    const digest = Buffer.from(rotation.digest, 'hex');
    if (sha256Hex(Buffer.from(rotation.statement, 'utf8')) !== rotation.digest) throw new VaultlineError('INTEGRITY_FAILURE', 'The rotation statement does not match its digest.');
    const valid = new Set<string>();
    for (const approval of approvalsOf(db, rotation.id)) {
      const approver = findOperatorById(db, approval.operatorId);
      if (!approver || approver.status !== 'active') continue;
      if (!parseRoles(approver.roles).some((r) => APPROVAL_ROLES.includes(r))) continue;
      if (!verifyP256Digest(pointFromSpki('P-256', Buffer.from(approver.publicKeySpki, 'base64')), digest, Buffer.from(approval.signature, 'base64'))) continue;
      if (approver.id === importerOf(db, rotation)) continue;
      valid.add(approver.id);
    }
    if (valid.size < ROTATION_QUORUM) throw new VaultlineError('FORBIDDEN', `The rotation has ${valid.size} valid approvals of the ${ROTATION_QUORUM} it needs.`);
  }

  reject(db: WritableDB, rotationId: string, reason: string, operator: SessionOperator): RotationRow {
    this.requirePending(db, rotationId);
    decideRotation(db, rotationId, 'rejected', this.clock.now().toISOString(), operator.id, reason);
    return findRotation(db, rotationId)!;
  }
}
