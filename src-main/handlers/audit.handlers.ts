import type { Bus } from '../bus/bus';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import type { ReadableDB } from '../db/database';
import { iterateAudit, listAudit, type AuditRow } from '../db/audit.repository';
import { listCheckpoints, type CheckpointRow } from '../db/checkpoints.repository';
import { verifyChain } from '../services/audit-chain';
import { verifyCheckpoints, type AuditCheckpointService } from '../services/audit-checkpoint.service';
import { VaultlineError } from '../errors';

const view = (c: CheckpointRow) => ({ seq: c.seq, headHash: c.headHash, at: c.at, keyFingerprint: c.keyFingerprint, signature: c.signature, message: c.message });

/** The chain and every checkpoint, streamed: memory does not grow with the trail. */
export function verifyAudit(db: ReadableDB, console: ConsoleService) {
  const identity = console.identity;
  const consoleId = console.config?.consoleId;
  if (!identity || !consoleId) throw new VaultlineError('LOCKED', 'The console is locked.');
  const checkpoints = listCheckpoints(db);
  const watched = new Set(checkpoints.map((c) => c.seq));
  const hashes = new Map<number, string>();
  function* tap(rows: Iterable<AuditRow>): Generator<AuditRow> {
    for (const row of rows) {
      if (watched.has(row.seq)) hashes.set(row.seq, row.hash);
      yield row;
    }
  }
  const chain = verifyChain(tap(iterateAudit(db)));
  const signed = verifyCheckpoints(checkpoints, identity.spki, consoleId, (seq) => hashes.get(seq));
  const head = chain.valid ? chain.entries : (chain.firstBrokenSeq ?? 1) - 1;
  return { ...chain, ...signed, unsignedTail: Math.max(0, head - (signed.lastCheckpointSeq ?? 0)) };
}

export function registerAuditHandlers(bus: Bus, console: ConsoleService, clock: Clock, checkpoints: AuditCheckpointService): void {
  bus.register('audit.list', (input) => {
    const { limit, ...filter } = input;
    return listAudit(console.requireDb(), filter, limit);
  });

  bus.register('audit.verify', () => ({ ...verifyAudit(console.requireDb(), console), verifiedAt: clock.now().toISOString() }));

  bus.register('audit.checkpoint', () => {
    const made = checkpoints.create(console.requireDb());
    return { checkpoint: made ? view(made) : null };
  });

  bus.register('audit.checkpoints.list', () => ({ checkpoints: listCheckpoints(console.requireDb()).map(view) }));
}
