import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VaultlineError } from '../errors';
import type { Bus } from '../bus/bus';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import type { AuditCheckpointService } from '../services/audit-checkpoint.service';
import type { JobService } from '../services/jobs.service';
import type { VaultService } from '../vault/vault.service';
import { lastAuditEntry } from '../db/audit.repository';
import { lastCheckpoint } from '../db/checkpoints.repository';
import { resolveScope } from '../evidence/evidence-scope';
import { exportPackage, packageFileName } from '../evidence/evidence-package';
import { verifyEvidencePackage } from '../evidence/evidence-verify';
import { actor } from './session.handlers';
import { hiddenTypes } from './vault.handlers';

/** Fail before any work if the folder cannot take a package (the writer checks again while writing). */
function requireWritableFolder(directory: string): string {
  const dir = resolve(directory);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new VaultlineError('IO', `The folder ${dir} does not exist.`, { issues: [{ path: 'directory', message: 'does not exist' }] });
  }
  if (!isDir) throw new VaultlineError('IO', `${dir} is not a folder.`, { issues: [{ path: 'directory', message: 'is not a folder' }] });
  // Try it: access(2) says yes to root even where the filesystem will refuse the write.
  const probe = join(dir, `.vaultline-probe-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    rmSync(probe, { force: true });
  } catch {
    throw new VaultlineError('IO', `The folder ${dir} is not writable.`, { issues: [{ path: 'directory', message: 'is not writable' }] });
  }
  return dir;
}

export function registerEvidenceHandlers(bus: Bus, console: ConsoleService, vault: VaultService, checkpoints: AuditCheckpointService, jobs: JobService, clock: Clock): void {
  const db = () => console.requireDb();

  bus.register('evidence.preview', (input, ctx) => {
    const contents = resolveScope(db(), input.scope, hiddenTypes(ctx));
    const byType: Record<string, number> = {};
    for (const r of contents.records) byType[r.type] = (byType[r.type] ?? 0) + 1;
    return {
      records: contents.records.length,
      bytes: contents.bytes,
      byType,
      auditFromSeq: contents.auditFromSeq,
      auditToSeq: lastAuditEntry(db())?.seq ?? 0,
      ledgerStatement: contents.customerWithAccounts !== null,
      sample: contents.records.slice(0, 50).map((r) => ({ id: r.id, type: r.type, title: r.title, createdAt: r.createdAt, size: r.size })),
    };
  });

  bus.register('evidence.export', (input, ctx) => {
    const operator = actor(ctx);
    const directory = requireWritableFolder(input.directory);
    const contents = resolveScope(db(), input.scope, hiddenTypes(ctx));
    // The slice ends in a checkpoint signed now, so everything up to this export is covered.
    const checkpoint = checkpoints.create(db()) ?? lastCheckpoint(db());
    if (!checkpoint) throw new VaultlineError('INTERNAL', 'No audit checkpoint could be made.');
    const packageId = `evp_${randomBytes(8).toString('hex')}`;
    const createdAt = clock.now().toISOString();
    const job = jobs.start('evidence.export', operator.id, (progress) =>
      exportPackage({ bus, db, vault, console, scope: input.scope, contents, checkpoint, directory, packageId, createdAt, operator: { id: operator.id, username: operator.username }, progress }),
    );
    return { jobId: job.id, packageId, fileName: packageFileName(input.scope, createdAt, packageId) };
  });

  bus.register('evidence.verify', (input) => verifyEvidencePackage(resolve(input.path), input.expectedFingerprint));

  bus.register('jobs.get', (input, ctx) => {
    const job = jobs.get(input.id, actor(ctx).id);
    return { job: { id: job.id, kind: job.kind, state: job.state, done: job.done, total: job.total, step: job.step, startedAt: job.startedAt, finishedAt: job.finishedAt, result: job.result, error: job.error } };
  });
}
