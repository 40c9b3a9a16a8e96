import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import yazl from 'yazl';
import { createWriteStream } from 'node:fs';
import { ok } from './dev-data';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

/** Export through the bus and wait for the job, as the Evidence screen does. */
export async function exportEvidence(core: Core, caller: CallerContext, scope: never, directory: string) {
  const started = await ok(core, 'evidence.export', { scope, directory }, caller);
  for (;;) {
    const { job } = await ok(core, 'jobs.get', { id: started.jobId }, caller);
    if (job.state !== 'running') return { started, job };
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function unzip(zipPath: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vl-evidence-'));
  execFileSync('unzip', ['-q', zipPath, '-d', dir]);
  return dir;
}

/** Re-pack a folder into a ZIP (after a test changed a file in it). */
export async function rezip(dir: string, out: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  for (const file of walk(dir)) zip.addBuffer(readFileSync(file), relative(dir, file));
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(out)).on('close', resolve).on('error', reject));
}

/**
 * The commands VERIFY.txt gives, taken from the file itself: each indented block between a
 * numbered step and its "Expected:" line.
 */
export function verifyCommands(verifyTxt: string): { step: number; command: string; expected: string }[] {
  const out: { step: number; command: string; expected: string }[] = [];
  const lines = verifyTxt.split('\n');
  let step = 0;
  let block: string[] = [];
  let collecting = false;
  for (const line of lines) {
    const numbered = /^(\d+)\. /.exec(line);
    if (numbered) {
      step = Number(numbered[1]);
      block = [];
      collecting = false;
      continue;
    }
    if (/^ {5}\S/.test(line) || (collecting && /^ {7}/.test(line))) {
      block.push(line.slice(5));
      collecting = true;
      continue;
    }
    const expected = /^ {3}Expected: (.*)$/.exec(line);
    if (expected && block.length > 0) {
      out.push({ step, command: block.join('\n'), expected: expected[1]! });
      block = [];
      collecting = false;
    }
  }
  return out;
}

export function sh(command: string, cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
