/**
 * Audit events that happen while the database is locked (a wrong unlock PIN, a command refused
 * because the console is locked) cannot enter the chain yet. They wait here, one JSON line each,
 * and are appended to the chain in order at the next unlock. They hold no secrets.
 *
 * The flush is idempotent: the transaction that appends the entries also records how many bytes
 * of the journal it took and their sha256 (`FlushMark`). If the process dies after that commit but
 * before the journal is removed, the next flush finds the same bytes at the head of the journal
 * and skips them, so no entry enters the chain twice; lines added since are still flushed.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { z } from 'zod';
import type { NewAuditEntry } from '../db/audit.repository';

const pendingSchema = z.object({
  at: z.string(),
  operatorId: z.string().nullable(),
  operatorUsername: z.string().nullable(),
  command: z.string(),
  inputDigest: z.string(),
  outcome: z.enum(['ok', 'refused', 'error']),
  errorCode: z.string().nullable(),
});

/** What the last flush took from the head of the journal (kept in the database's meta table). */
export interface FlushMark {
  readonly bytes: number;
  readonly sha256: string;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The journal's bytes that no flush has taken yet, and the mark a flush of all of it records. */
export function unflushed(raw: Buffer, last: FlushMark | undefined): { rest: Buffer; mark: FlushMark } {
  const taken = last && raw.length >= last.bytes && sha256(raw.subarray(0, last.bytes)) === last.sha256 ? last.bytes : 0;
  return { rest: raw.subarray(taken), mark: { bytes: raw.length, sha256: sha256(raw) } };
}

/** Entries in the order written; a torn or damaged line (crash mid-write) is skipped. */
export function parsePending(raw: Buffer): NewAuditEntry[] {
  const out: NewAuditEntry[] = [];
  for (const line of raw.toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = pendingSchema.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // Torn or damaged line: it cannot be trusted, and the chain records the flush itself.
    }
  }
  return out;
}

export class PendingAuditJournal {
  constructor(private readonly path: string) {}

  add(entry: NewAuditEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /** The journal's bytes, or undefined when nothing waits. */
  raw(): Buffer | undefined {
    return existsSync(this.path) ? readFileSync(this.path) : undefined;
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
