/**
 * Crash safety: a process importing trade settlements is killed (SIGKILL) at random moments, at
 * least 50 times, and restarted after each. After every kill the book must be whole: every entry
 * balanced, none half-posted, every balance equal to its postings, the file intact. The run ends
 * with the import complete and nothing imported twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTODY, initConsole, ok, removeDataDir, REPO_ROOT, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';
import { checkBook } from '../helpers/ledger-invariants';
import type { Core } from '../../src-main/core/core';

const KILLS = Number(process.env.VAULTLINE_CRASH_KILLS ?? 50);
const BATCHES = 12;
const BATCH_SIZE = 200;

let workerJs = '';

/** Bundle the worker once, so each restart costs a process start, not a TypeScript compile. */
function buildWorker(): string {
  // Inside the repo, so that its external imports resolve from node_modules.
  const out = join(mkdtempSync(join(REPO_ROOT, 'node_modules/.cache-vl-crash-')), 'import-worker.mjs');
  // Every dependency stays external and is loaded by Node's own ESM loader, as in the built hosts.
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => [name, `${name}/*`]);
  buildSync({ entryPoints: [join(REPO_ROOT, 'test/fixtures/import-worker.ts')], bundle: true, platform: 'node', format: 'esm', external, outfile: out, logLevel: 'error' });
  return out;
}

function startWorker(dir: string, job: number): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null>; stderr: () => string } {
    // One process, so that a SIGKILL stops the writer itself (the tsx CLI would fork a grandchild).
  const child = spawn(process.execPath, [workerJs, dir, String(job), String(BATCHES), String(BATCH_SIZE)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (process.env.VAULTLINE_TEST_LOG) process.stderr.write(`${Date.now()} ${d.toString()}`);
      if (d.toString().includes('READY')) resolve();
    });
    child.on('exit', () => reject(new Error(`worker exited before READY: ${stderr}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, stderr: () => stderr };
}

describe('ledger crash safety', () => {
  let dir: string;
  let core: Core;

  beforeAll(async () => {
    workerJs = buildWorker();
    ({ dir, core } = await initConsole([{ label: 't-crash', pin: 'crash-pin-1' }]));
    const admin = await unlockAndLogin(core);
    await enrol(core, admin, { username: 'crash', roles: ['custody_officer'], token: { label: 't-crash', pin: 'crash-pin-1' } });
    await ok(core, 'console.lock', {});
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    if (workerJs) rmSync(dirname(workerJs), { recursive: true, force: true });
  });

  const inspect = async (): Promise<{ entries: number; problems: string[] }> => {
    await ok(core, 'console.unlock', { pin: CUSTODY.pin });
    try {
      const sqlite = core.console.requireDb().sqlite;
      const integrity = sqlite.pragma('integrity_check', { simple: true });
      const book = checkBook(sqlite);
      return { entries: book.entries, problems: integrity === 'ok' ? book.problems : [`integrity_check: ${String(integrity)}`, ...book.problems] };
    } finally {
      await ok(core, 'console.lock', {});
    }
  };

  it(`survives ${KILLS} kills at random moments of a large import`, { timeout: 900_000 }, async () => {
    let kills = 0;
    let midImport = 0;
    let seed = 0x2545f491;
    const random = (): number => {
      // xorshift32: reproducible "random" moments, so a failure can be replayed.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 0x1_0000_0000;
    };
    const perJob = BATCHES * BATCH_SIZE;
    let job = 0;
    let lastEntries = 0;
    // The kill moment is drawn over the length of a whole job on this machine, measured by the
    // jobs that ran to the end (the first one is never killed), so nearly every kill lands mid-import.
    let jobMs = 0;
    while (kills < KILLS) {
      const worker = startWorker(dir, job);
      await worker.ready;
      const startedAt = Date.now();
      const delay = Math.floor(random() * jobMs * 1.1);
      const finished =
        jobMs === 0 ? await worker.exited.then(() => true) : await Promise.race([worker.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), delay))]);
      if (!finished) {
        worker.child.kill('SIGKILL');
        await worker.exited;
        kills += 1;
      } else {
        jobMs = Math.max(jobMs, Date.now() - startedAt);
      }
      const { entries, problems } = await inspect();
      expect(problems).toEqual([]);
      // All-or-nothing per import command: the book only ever holds whole batches, and never loses one.
      expect(entries % BATCH_SIZE).toBe(0);
      expect(entries).toBeGreaterThanOrEqual(lastEntries);
      lastEntries = entries;
      const done = entries - job * perJob;
      if (!finished && done > 0 && done < perJob) midImport += 1;
      if (done === perJob) job += 1;
    }
    // Finish the import and check nothing was posted twice.
    const last = startWorker(dir, job);
    await last.ready;
    const code = await last.exited;
    expect(code, last.stderr()).toBe(0);
    const final = await inspect();
    expect(final.problems).toEqual([]);
    expect(final.entries).toBe((job + 1) * perJob);
    // Most kills must have landed part-way through a job, not before or after it.
    expect(midImport).toBeGreaterThan(KILLS / 2);
    process.stdout.write(`crash test: ${kills} kills, ${midImport} of them with the import part-way\n`);
  });
});
