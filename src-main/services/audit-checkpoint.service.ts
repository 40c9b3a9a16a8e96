/**
 * Signed checkpoints of the audit chain. The console identity key (in the HSM) signs
 *   RFC 8785 canonical JSON of { type: "vaultline-audit-checkpoint", version: 1, consoleId, seq, headHash, at }
 * with ECDSA P-256 / SHA-256 (DER). Anyone with the console's public key can check, with openssl,
 * that the chain up to `seq` ended in `headHash` when it was signed; rewriting history before a
 * checkpoint would need the HSM.
 */
import { canonicalJson } from '../../src-shared/canonical';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { WritableDB, ReadableDB } from '../db/database';
import { lastAuditEntry } from '../db/audit.repository';
import { insertCheckpoint, lastCheckpoint, listCheckpoints, type CheckpointRow } from '../db/checkpoints.repository';
import { getMeta } from '../db/meta.repository';
import { fingerprint, rawSignatureToDer, verifyP256Der } from '../hsm/ec-keys';
import type { ConsoleService } from './console.service';

/** A checkpoint is made after this many new entries, or this long after the last one. */
export const CHECKPOINT_EVERY_ENTRIES = 1000;
export const CHECKPOINT_EVERY_MS = 60 * 60 * 1000;

export interface CheckpointMessage {
  readonly type: 'vaultline-audit-checkpoint';
  readonly version: 1;
  readonly consoleId: string;
  readonly seq: number;
  readonly headHash: string;
  readonly at: string;
}

/** A signature by the console identity key (ECDSA P-256 / SHA-256, DER). */
export const verifyIdentitySignature = verifyP256Der;

export class AuditCheckpointService {
  constructor(
    private readonly clock: Clock,
    private readonly console: ConsoleService,
  ) {}

  /** Sign a checkpoint at the current head, unless the head is already checkpointed. */
  create(db: WritableDB): CheckpointRow | undefined {
    const head = lastAuditEntry(db);
    if (!head) return undefined;
    const last = lastCheckpoint(db);
    if (last && last.seq >= head.seq) return undefined;
    const identity = this.console.identity;
    const consoleId = getMeta(db, 'console_id');
    if (!identity || !consoleId) throw new VaultlineError('LOCKED', 'The console is locked.');
    const body: CheckpointMessage = { type: 'vaultline-audit-checkpoint', version: 1, consoleId, seq: head.seq, headHash: head.hash, at: this.clock.now().toISOString() };
    const message = canonicalJson(body);
    const signature = rawSignatureToDer(this.console.signWithIdentity(Buffer.from(message, 'utf8')));
    const row: CheckpointRow = { seq: head.seq, headHash: head.hash, at: body.at, message, signature: Buffer.from(signature).toString('hex'), keyFingerprint: identity.fingerprint };
    insertCheckpoint(db, row);
    return row;
  }

  /** Whether enough has happened since the last checkpoint to make a new one. */
  due(db: ReadableDB): boolean {
    const head = lastAuditEntry(db);
    if (!head) return false;
    const last = lastCheckpoint(db);
    if (!last) return true;
    if (head.seq - last.seq >= CHECKPOINT_EVERY_ENTRIES) return true;
    return head.seq > last.seq && this.clock.now().getTime() - new Date(last.at).getTime() >= CHECKPOINT_EVERY_MS;
  }

  list(db: ReadableDB): CheckpointRow[] {
    return listCheckpoints(db);
  }
}

export interface CheckpointVerdict {
  readonly checkpoints: number;
  readonly lastCheckpointSeq: number | null;
  readonly firstBadCheckpointSeq: number | null;
  readonly checkpointProblem: string | null;
}

/**
 * Check each checkpoint: its message says what its columns say, it names this console, its
 * signature verifies with the identity key from the HSM, and the chain's hash at `seq` is the one
 * it signed (`hashAt` gives the recomputed chain's hash for a seq, or undefined past its end).
 */
export function verifyCheckpoints(rows: readonly CheckpointRow[], identitySpki: Uint8Array, consoleId: string, hashAt: (seq: number) => string | undefined): CheckpointVerdict {
  const expectedFingerprint = fingerprint(identitySpki);
  for (const row of rows) {
    const bad = (problem: string): CheckpointVerdict => ({ checkpoints: rows.length, lastCheckpointSeq: rows.at(-1)?.seq ?? null, firstBadCheckpointSeq: row.seq, checkpointProblem: problem });
    let body: CheckpointMessage;
    try {
      body = JSON.parse(row.message) as CheckpointMessage;
    } catch {
      return bad(`checkpoint at entry ${row.seq} is not readable`);
    }
    if (body.type !== 'vaultline-audit-checkpoint' || body.seq !== row.seq || body.headHash !== row.headHash || body.at !== row.at || canonicalJson(body) !== row.message) {
      return bad(`checkpoint at entry ${row.seq} was changed (its columns differ from what was signed)`);
    }
    if (body.consoleId !== consoleId) return bad(`checkpoint at entry ${row.seq} names another console`);
    if (row.keyFingerprint !== expectedFingerprint) return bad(`checkpoint at entry ${row.seq} claims another signing key`);
    if (!verifyIdentitySignature(identitySpki, Buffer.from(row.message, 'utf8'), Buffer.from(row.signature, 'hex'))) {
      return bad(`checkpoint at entry ${row.seq} has a signature that does not verify with the console identity key`);
    }
    const actual = hashAt(row.seq);
    if (actual === undefined) return bad(`checkpoint at entry ${row.seq} covers entries that are no longer in the trail`);
    if (actual !== row.headHash) return bad(`the trail up to entry ${row.seq} differs from what the checkpoint signed`);
  }
  return { checkpoints: rows.length, lastCheckpointSeq: rows.at(-1)?.seq ?? null, firstBadCheckpointSeq: null, checkpointProblem: null };
}
