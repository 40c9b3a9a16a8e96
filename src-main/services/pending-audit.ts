/**
 * Audit events that happen while the database is locked (a wrong unlock PIN, a command refused
 * because the console is locked) cannot enter the chain yet. They wait here, one JSON line each,
 * and are appended to the chain in order at the next unlock. They hold no secrets.
 */
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

export class PendingAuditJournal {
  constructor(private readonly path: string) {}

  add(entry: NewAuditEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /** Entries in the order written; a torn last line (crash mid-write) is skipped. */
  read(): NewAuditEntry[] {
    if (!existsSync(this.path)) return [];
    const out: NewAuditEntry[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
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

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
