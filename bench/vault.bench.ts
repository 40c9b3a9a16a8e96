/**
 * Vault and evidence figures (issue 5), each with peak memory:
 *  - vault appends per second (envelope-encrypted, HSM-wrapped key per record) vs raw inserts of
 *    the same bytes into the same encrypted database;
 *  - verifying 1 million audit entries (chain + checkpoints) vs hashing the same entries bare;
 *  - exporting an evidence package of 10 000 records vs zipping the same plaintext with no checks.
 * VAULTLINE_BENCH_AUDIT_ENTRIES and VAULTLINE_BENCH_EXPORT_RECORDS scale the last two.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { initConsole, ok, removeDataDir, unlockAndLogin } from '../test/helpers/dev-data';
import { inTransaction } from '../src-main/db/database';
import { chainHash, chainText, GENESIS_HASH } from '../src-main/services/audit-chain';
import { verifyAudit } from '../src-main/handlers/audit.handlers';
import { exportPackage } from '../src-main/evidence/evidence-package';
import { resolveScope } from '../src-main/evidence/evidence-scope';
import { figure, type Figure } from './harness';
import { PeakMemory } from './memory';

const RECORD_BYTES = 4096;

export async function vaultBenchmarks(): Promise<Figure[]> {
  const auditEntries = Number(process.env.VAULTLINE_BENCH_AUDIT_ENTRIES ?? 1_000_000);
  const exportRecords = Number(process.env.VAULTLINE_BENCH_EXPORT_RECORDS ?? 10_000);
  const { dir, core } = await initConsole();
  const out = mkdtempSync(join(tmpdir(), 'vl-bench-evidence-'));
  try {
    const admin = await unlockAndLogin(core);
    const db = core.console.requireDb();
    const figures: Figure[] = [];
    const payload = randomBytes(RECORD_BYTES);
    const meta = { type: 'correspondence' as const, subjectType: 'customer' as const, subjectId: 'C-BENCH', title: 'Bench record', contentType: 'application/octet-stream' };

    // ── appends: vault.put vs raw inserts of the same bytes, batches of 500 per transaction ──
    db.sqlite.exec('CREATE TABLE bench_raw (id TEXT PRIMARY KEY, body BLOB NOT NULL)');
    const raw = db.sqlite.prepare('INSERT INTO bench_raw (id, body) VALUES (?, ?)');
    let vaultMs = 0;
    let rawMs = 0;
    const appendMem = new PeakMemory();
    let appended = 0;
    while (appended < exportRecords) {
      let t = performance.now();
      await inTransaction(db, async () => {
        for (let i = 0; i < 500 && appended < exportRecords; i++, appended++) {
          await core.vault.put(db, meta, payload, 'bench');
          if (i % 50 === 0) appendMem.sample();
        }
      });
      vaultMs += performance.now() - t;
      t = performance.now();
      db.sqlite.transaction(() => {
        for (let i = 0; i < 500; i++) raw.run(randomBytes(10).toString('hex'), payload);
      })();
      rawMs += performance.now() - t;
    }
    figures.push(
      figure(`vault appends (${RECORD_BYTES} B records, key made and wrapped in the HSM per record)`, 'records/s', (appended * 1000) / vaultMs, 'raw inserts of the same bytes, same encrypted DB', (appended * 1000) / rawMs, 'higher', {
        peakMemoryGrowthMiB: Number(appendMem.growthMiB.toFixed(1)),
      }),
    );

    // ── verifying a long audit trail: grow it to `auditEntries` with a valid chain ──
    const head = db.sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    const insert = db.sqlite.prepare(
      'INSERT INTO audit_log (seq, at, operator_id, operator_username, command, input_digest, outcome, error_code, prev_hash, hash) VALUES (?, ?, NULL, ?, ?, ?, ?, NULL, ?, ?)',
    );
    let prev = head.hash ?? GENESIS_HASH;
    const digest = 'a'.repeat(64);
    for (let seq = head.seq + 1; seq <= auditEntries; ) {
      db.sqlite.transaction(() => {
        for (let n = 0; n < 50_000 && seq <= auditEntries; n++, seq++) {
          const fields = { seq, at: new Date(1_700_000_000_000 + seq * 1000).toISOString(), operatorId: null, operatorUsername: 'bench', command: 'ledger.accounts.list', inputDigest: digest, outcome: 'ok' as const, errorCode: null, prevHash: prev };
          const hash = chainHash(fields);
          insert.run(seq, fields.at, 'bench', fields.command, digest, 'ok', prev, hash);
          prev = hash;
        }
      })();
    }
    await ok(core, 'audit.checkpoint', {}, admin);
    const verifyMem = new PeakMemory();
    let t = performance.now();
    const verdict = verifyAudit(db, core.console);
    const verifyMs = performance.now() - t;
    verifyMem.sample();
    if (!verdict.valid || verdict.firstBadCheckpointSeq !== null) throw new Error(`bench trail did not verify: ${verdict.problem ?? verdict.checkpointProblem}`);
    const bareMem = new PeakMemory();
    t = performance.now();
    const scan = db.sqlite.prepare('SELECT seq, at, operator_id AS operatorId, operator_username AS operatorUsername, command, input_digest AS inputDigest, outcome, error_code AS errorCode, prev_hash AS prevHash FROM audit_log ORDER BY seq');
    for (const row of scan.iterate() as IterableIterator<Parameters<typeof chainText>[0]>) createHash('sha256').update(chainText(row)).digest('hex');
    const bareMs = performance.now() - t;
    figures.push(
      figure(`verify ${(verdict.entries / 1e6).toFixed(2)}M audit entries (chain + ${verdict.checkpoints} signed checkpoints)`, 's', verifyMs / 1000, 'scan and hash the same entries, no checks', bareMs / 1000, 'lower', {
        peakMemoryGrowthMiB: Number(verifyMem.growthMiB.toFixed(1)),
        baselinePeakMemoryGrowthMiB: Number(bareMem.growthMiB.toFixed(1)),
      }),
    );

    // ── export the `exportRecords` records appended above as one package ──
    const contents = resolveScope(db, { kind: 'customer', id: 'C-BENCH' }, []);
    const checkpoint = (await ok(core, 'audit.checkpoints.list', {}, admin)).checkpoints.at(-1)!;
    // The slice is the records' own stretch of the trail, not the synthetic million above.
    const exportMem = new PeakMemory();
    const sampler = setInterval(() => exportMem.sample(), 20);
    t = performance.now();
    const result = await exportPackage({
      bus: core.bus,
      db: () => core.console.requireDb(),
      vault: core.vault,
      console: core.console,
      scope: { kind: 'customer', id: 'C-BENCH' },
      contents: { ...contents, auditFromSeq: Math.max(1, checkpoint.seq - 1000) },
      checkpoint: { ...checkpoint, message: checkpoint.message, signature: checkpoint.signature },
      directory: out,
      packageId: 'evp_bench00000000000',
      createdAt: new Date().toISOString(),
      operator: { id: 'op_bench', username: 'bench' },
      progress: { report: () => exportMem.sample() },
    });
    const exportMs = performance.now() - t;
    clearInterval(sampler);
    const baseMem = new PeakMemory();
    const baseSampler = setInterval(() => baseMem.sample(), 20);
    t = performance.now();
    const zip = new yazl.ZipFile();
    const plain = join(out, 'plain.zip');
    const written = new Promise<void>((resolve) => zip.outputStream.pipe(createWriteStream(plain)).on('close', () => resolve()));
    for (const r of contents.records) zip.addBuffer(payload, `records/${r.id}/content.bin`);
    zip.end();
    await written;
    const plainMs = performance.now() - t;
    clearInterval(baseSampler);
    figures.push(
      figure(`export an evidence package of ${result.records} records`, 's', exportMs / 1000, 'zip the same plaintext, no DB, HSM or signatures', plainMs / 1000, 'lower', {
        packageMiB: Number((statSync(result.path).size / 1024 / 1024).toFixed(1)),
        peakMemoryGrowthMiB: Number(exportMem.growthMiB.toFixed(1)),
        baselinePeakMemoryGrowthMiB: Number(baseMem.growthMiB.toFixed(1)),
      }),
    );
    return figures;
  } finally {
    await core.close();
    removeDataDir(dir);
    rmSync(out, { recursive: true, force: true });
  }
}
