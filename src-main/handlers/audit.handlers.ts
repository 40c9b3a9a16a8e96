import type { Bus } from '../bus/bus';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import type { ReadableDB } from '../db/database';
import { iterateAudit, listAudit, type AuditRow } from '../db/audit.repository';
import { listCheckpoints, type CheckpointRow } from '../db/checkpoints.repository';
import { verifyChain } from '../services/audit-chain';
import { verifyCheckpoints, type AuditCheckpointService } from '../services/audit-checkpoint.service';
import { VaultlineError } from '../errors';
import { canSeeSars } from '../../src-shared/roles';
import { actor } from './session.handlers';

/**
 * SAR confidentiality (FATF R21, tipping-off): the names of `sar.*` commands would tell an auditor
 * or administrator that a SAR is being drafted, approved or filed. The bus records every
 * confidential command (run or refused) as `compliance.sealed` (src-shared/commands/define.ts), so
 * new entries name no SAR command. Entries written before that change still carry `sar.*` names:
 * outside SAR_ROLES they are left out of the list (and of its total); the chain itself is untouched
 * and audit.verify still walks (and counts) every entry — see docs/architecture.md for the residual.
 */
export const SAR_COMMAND_PREFIXES = ['sar.'] as const;

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
  bus.register('audit.list', (input, ctx) => {
    const { limit, ...filter } = input;
    const hidden = canSeeSars(actor(ctx).roles) ? [] : SAR_COMMAND_PREFIXES;
    return listAudit(console.requireDb(), { ...filter, hideCommandPrefixes: hidden }, limit);
  });

  bus.register('audit.verify', () => ({ ...verifyAudit(console.requireDb(), console), verifiedAt: clock.now().toISOString() }));

  bus.register('audit.checkpoint', () => {
    const made = checkpoints.create(console.requireDb());
    return { checkpoint: made ? view(made) : null };
  });

  bus.register('audit.checkpoints.list', () => ({ checkpoints: listCheckpoints(console.requireDb()).map(view) }));
}
