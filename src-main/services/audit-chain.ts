/**
 * The audit trail's hash chain. Each entry's hash is
 *   sha256( RFC 8785 canonical JSON of { seq, at, operatorId, operatorUsername, command,
 *                                        inputDigest, outcome, errorCode, prevHash } )
 * and `prevHash` is the previous entry's hash (64 zeros for the first). Changing, removing or
 * reordering any entry breaks every hash after it.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  readonly seq: number;
  readonly at: string;
  readonly operatorId: string | null;
  readonly operatorUsername: string | null;
  readonly command: string;
  readonly inputDigest: string;
  readonly outcome: 'ok' | 'refused' | 'error';
  readonly errorCode: string | null;
  readonly prevHash: string;
}

/**
 * The exact text an entry's hash is taken over (also one line of an evidence package's audit
 * slice): the RFC 8785 canonical JSON of the fields. Written out by hand, in JCS key order, because
 * it runs once per entry when a million are verified; JCS serialises strings and integers exactly
 * as JSON.stringify does, and a unit test holds it equal to the canonicalize library.
 */
export function chainText(f: AuditFields): string {
  const s = JSON.stringify;
  if (!Number.isSafeInteger(f.seq)) throw new TypeError('seq must be a safe integer');
  return `{"at":${s(f.at)},"command":${s(f.command)},"errorCode":${s(f.errorCode)},"inputDigest":${s(f.inputDigest)},"operatorId":${s(f.operatorId)},"operatorUsername":${s(f.operatorUsername)},"outcome":${s(f.outcome)},"prevHash":${s(f.prevHash)},"seq":${f.seq}}`;
}

export function chainHash(fields: AuditFields): string {
  return createHash('sha256').update(chainText(fields), 'utf8').digest('hex');
}

export interface ChainVerdict {
  readonly valid: boolean;
  readonly entries: number;
  readonly headHash: string | null;
  readonly firstBrokenSeq: number | null;
  readonly problem: string | null;
}

/** Walk a chain in order and report the first entry whose link or hash does not hold. */
export function verifyChain(rows: Iterable<AuditFields & { readonly hash: string }>): ChainVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  for (const row of rows) {
    const broken = (problem: string): ChainVerdict => ({ valid: false, entries, headHash: prevHash === GENESIS_HASH ? null : prevHash, firstBrokenSeq: row.seq, problem });
    if (row.seq !== expectedSeq) return broken(`entry ${row.seq} follows entry ${expectedSeq - 1}: an entry is missing or out of order`);
    if (row.prevHash !== prevHash) return broken(`entry ${row.seq} does not link to the hash of entry ${row.seq - 1}`);
    if (chainHash(row) !== row.hash) return broken(`entry ${row.seq} was changed after it was written (its hash does not match its content)`);
    prevHash = row.hash;
    expectedSeq += 1;
    entries += 1;
  }
  return { valid: true, entries, headHash: entries === 0 ? null : prevHash, firstBrokenSeq: null, problem: null };
}
