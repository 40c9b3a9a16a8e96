/**
 * Evidence packages end to end on a real console: export through the bus as an auditor, check the
 * package with the standard tools exactly as VERIFY.txt says, and with `evidence.verify`; detect a
 * changed byte in any file; refuse an empty scope, an unwritable folder and a full disk, leaving
 * no partial package.
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, CUSTODY, envelope, initConsole, ok, removeDataDir, requireBuiltCli, runCli, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';
import { exportEvidence, rezip, sh, unzip, verifyCommands } from '../helpers/evidence';
import { exportPackage } from '../../src-main/evidence/evidence-package';
import { resolveScope } from '../../src-main/evidence/evidence-scope';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

describe('evidence packages', () => {
  let dir: string;
  let core: Core;
  let mlro: CallerContext;
  let auditor: CallerContext;
  let out: string;
  let zipPath: string;
  let unpacked: string;
  let fingerprint: string;

  beforeAll(async () => {
    const tokens = [
      { label: 't-mia', pin: 'mia-pin-1' },
      { label: 't-aud', pin: 'aud-pin-1' },
    ];
    ({ dir, core } = await initConsole(tokens));
    const admin = await unlockAndLogin(core);
    mlro = await enrol(core, admin, { username: 'mia', roles: ['compliance_officer'], token: tokens[0]! });
    auditor = await enrol(core, admin, { username: 'aud', roles: ['auditor'], token: tokens[1]! });
    const put = (o: Record<string, unknown>) =>
      ok(core, 'vault.records.put', { type: 'kyc', subjectType: 'customer', subjectId: 'C-7', title: 'KYC file', contentType: 'text/plain', contentBase64: b64('x'), ...o } as never, mlro);
    await put({ title: 'Passport — Zoë Müller', contentBase64: b64('passport scan bytes') });
    await put({ type: 'correspondence', title: 'Source of funds letter', contentType: 'application/pdf', contentBase64: b64('%PDF-1.4 letter') });
    await put({ type: 'sar', subjectType: 'customer', title: 'SAR draft (must stay out of an auditor export)' });
    await put({ subjectId: 'C-8', title: 'Other customer' });
    await ok(core, 'ledger.assets.list', {}, auditor);
    fingerprint = (await ok(core, 'console.status', {})).identityFingerprint!;
    out = mkdtempSync(join(tmpdir(), 'vl-evidence-out-'));
    const { job, started } = await exportEvidence(core, auditor, { kind: 'customer', id: 'C-7' } as never, out);
    expect(job).toMatchObject({ state: 'done', error: null });
    zipPath = join(out, started.fileName);
    unpacked = unzip(zipPath);
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(out, { recursive: true, force: true });
  });

  it('holds the scope’s records (without the SAR an auditor may not see), the audit slice and the signatures', () => {
    const files = sh('find . -type f | sort', unpacked).stdout.trim().split('\n');
    expect(files.filter((f) => f.endsWith('record.json'))).toHaveLength(2);
    for (const f of ['./SHA256SUMS', './SHA256SUMS.sig', './manifest.json', './manifest.json.sig', './console-public-key.pem', './summary.pdf', './VERIFY.txt', './audit/entries.jsonl', './audit/checkpoint.json', './audit/checkpoint.sig']) {
      expect(files).toContain(f);
    }
    expect(readFileSync(join(unpacked, 'summary.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const records = files.filter((f) => f.endsWith('record.json')).map((f) => readFileSync(join(unpacked, f), 'utf8'));
    expect(records.join('')).not.toContain('SAR draft');
  });

  it('checks out with the standard tools, exactly as VERIFY.txt says', () => {
    const commands = verifyCommands(readFileSync(join(unpacked, 'VERIFY.txt'), 'utf8'));
    expect(commands.map((c) => c.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const run = (step: number) => {
      const c = commands.find((x) => x.step === step)!;
      return { ...sh(c.command, unpacked), expected: c.expected };
    };
    expect(run(1).stdout.split(' ')[0]).toBe(fingerprint.replace(/ /g, ''));
    for (const step of [2, 4, 5]) expect(run(step)).toMatchObject({ code: 0, stdout: 'Verified OK\n' });
    const sums = run(3);
    expect(sums.code).toBe(0);
    expect(sums.stdout.trim().split('\n').every((l) => l.endsWith(': OK'))).toBe(true);
    const chain = run(6);
    expect(chain.code).toBe(0);
    const [ends, signed] = chain.stdout.trim().split('\n');
    expect(ends!.replace('chain ends in ', '')).toBe(signed!.replace('checkpoint signed ', ''));
    const records = run(7).stdout.trim().split('\n');
    expect(records).toHaveLength(2);
    for (const line of records) {
      const hashes = line.split(/\s+/).filter((w) => /^[0-9a-f]{64}$/.test(w));
      expect(hashes).toHaveLength(2);
      expect(hashes[0]).toBe(hashes[1]);
    }
  });

  it('checks out with the CLI on a machine without a console (no --data), and fails a wrong fingerprint', async () => {
    requireBuiltCli();
    const good = await runCli(['evidence', 'verify', zipPath, '--fingerprint', fingerprint.replace(/ /g, '')]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('is intact');
    const wrong = await runCli(['evidence', 'verify', zipPath, '--fingerprint', 'ab'.repeat(32), '--json']);
    expect(wrong.code).toBe(1);
    expect(envelope(wrong)).toMatchObject({ ok: true, value: { valid: false } });
  });

  it('checks out with vaultline evidence verify, against the console’s fingerprint', async () => {
    const verdict = await ok(core, 'evidence.verify', { path: zipPath, expectedFingerprint: fingerprint });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict).toMatchObject({ valid: true, records: 2 });
    // From the first record's creation to the checkpoint made at export: at least the four puts.
    expect(verdict.auditEntries).toBeGreaterThanOrEqual(4);
  });

  const tamper = async (file: string, change: (b: Buffer) => Buffer) => {
    const copy = mkdtempSync(join(tmpdir(), 'vl-tamper-'));
    sh(`cp -r . ${copy}`, unpacked);
    writeFileSync(join(copy, file), change(readFileSync(join(copy, file))));
    const zip = `${copy}.zip`;
    await rezip(copy, zip);
    const verdict = await ok(core, 'evidence.verify', { path: zip, expectedFingerprint: fingerprint });
    const sums = sh('sha256sum --quiet -c SHA256SUMS', copy);
    const sig = sh('openssl dgst -sha256 -verify console-public-key.pem -signature SHA256SUMS.sig SHA256SUMS', copy);
    rmSync(copy, { recursive: true, force: true });
    rmSync(zip, { force: true });
    return { verdict, failed: verdict.checks.filter((c) => !c.ok).map((c) => c.name), sha256sumOk: sums.code === 0, signatureOk: sig.code === 0 };
  };
  const flip = (b: Buffer, at = Math.floor(b.length / 2)): Buffer => {
    const c = Buffer.from(b);
    c[at] = c[at]! ^ 0x01;
    return c;
  };

  it('detects a changed byte in a record', async () => {
    const content = readdirSync(join(unpacked, 'records')).map((id) => `records/${id}/${readdirSync(join(unpacked, 'records', id)).find((f) => f.startsWith('content'))!}`)[0]!;
    const r = await tamper(content, flip);
    expect(r.verdict.valid).toBe(false);
    expect(r.failed).toEqual(expect.arrayContaining(['files match SHA256SUMS', 'records match their vault checksums']));
    expect(r.sha256sumOk).toBe(false);
  });

  it('detects a changed audit entry, even with SHA256SUMS rewritten to match', async () => {
    const r = await tamper('audit/entries.jsonl', (b) => Buffer.from(b.toString().replace('"outcome":"ok"', '"outcome":"refused"')));
    expect(r.failed).toContain('audit slice chains to the checkpoint');
    expect(r.failed).toContain('files match SHA256SUMS');
  });

  it('detects a changed checkpoint, manifest, file list and public key', async () => {
    expect((await tamper('audit/checkpoint.json', (b) => Buffer.from(b.toString().replace(/"seq":(\d+)/, (_m, n: string) => `"seq":${Number(n) + 1}`)))).failed).toContain('checkpoint signature');
    expect((await tamper('manifest.json', (b) => Buffer.from(b.toString().replace('"records":2', '"records":3')))).failed).toContain('manifest signature');
    const sums = await tamper('SHA256SUMS', (b) => flip(b, 3));
    expect(sums.failed).toContain('SHA256SUMS signature');
    expect(sums.signatureOk).toBe(false);
    const key = await tamper('console-public-key.pem', (b) => {
      const lines = b.toString().split('\n');
      lines[1] = `${lines[1]!.slice(0, 40)}${lines[1]![40] === 'A' ? 'B' : 'A'}${lines[1]!.slice(41)}`;
      return Buffer.from(lines.join('\n'));
    });
    expect(key.verdict.valid).toBe(false);
    expect(key.failed).toContain('files match SHA256SUMS');
  });

  it('refuses an empty scope, a missing or unwritable folder, and leaves nothing behind', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vl-evidence-empty-'));
    expect(await call(core, 'evidence.export', { scope: { kind: 'case', id: 'CASE-NONE' }, directory: empty }, auditor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(core, 'evidence.export', { scope: { kind: 'customer', id: 'C-7' }, directory: '/sys' }, auditor)).toMatchObject({ ok: false, error: { code: 'IO', message: 'The folder /sys is not writable.' } });
    expect(await call(core, 'evidence.export', { scope: { kind: 'customer', id: 'C-7' }, directory: join(empty, 'nope') }, auditor)).toMatchObject({ ok: false, error: { code: 'IO' } });
    expect(readdirSync(empty)).toEqual([]);
    rmSync(empty, { recursive: true });
  });

  it('leaves no partial package when the disk fills up part-way', async () => {
    const target = mkdtempSync(join(tmpdir(), 'vl-evidence-full-'));
    const db = core.console.requireDb();
    const contents = resolveScope(db, { kind: 'customer', id: 'C-7' }, ['sar']);
    // The disk is the boundary stubbed here: it takes 2 KiB, then answers ENOSPC like a full disk.
    let written = 0;
    const fullDisk = (): Writable =>
      new Writable({
        write(chunk: Buffer, _enc, done) {
          written += chunk.length;
          done(written > 2048 ? Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }) : null);
        },
      });
    const attempt = exportPackage({
      bus: core.bus,
      db: () => core.console.requireDb(),
      vault: core.vault,
      console: core.console,
      scope: { kind: 'customer', id: 'C-7' },
      contents,
      checkpoint: (await ok(core, 'audit.checkpoints.list', {}, auditor)).checkpoints.at(-1)!,
      directory: target,
      packageId: 'evp_0000000000000000',
      createdAt: new Date().toISOString(),
      operator: { id: 'op_x', username: 'aud' },
      progress: { report: () => undefined },
      openOutput: fullDisk,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'IO', message: `The disk holding ${target} is full; no package was written.` });
    expect(readdirSync(target)).toEqual([]);
    rmSync(target, { recursive: true });
  });

  it('lets only auditors and compliance officers export', async () => {
    const preview = await call(core, 'evidence.preview', { scope: { kind: 'customer', id: 'C-7' } }, mlro);
    expect(preview, JSON.stringify(preview)).toMatchObject({ ok: true, value: { records: 3, byType: { kyc: 1, correspondence: 1, sar: 1 } } });
    const admin = await unlockAndLogin(core, ADMIN);
    expect(await call(core, 'evidence.export', { scope: { kind: 'customer', id: 'C-7' }, directory: out }, admin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(CUSTODY.label).toBeTruthy();
  });
});
