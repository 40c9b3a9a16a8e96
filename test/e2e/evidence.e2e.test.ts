/**
 * End to end: the Evidence and Audit screens on a full demo console (`createDemo`: vault records
 * for 60 customers — KYC files, proof-of-address PDFs, correspondence — a SAR draft on CASE-0001
 * that only compliance may see, and a record under legal hold) in Chromium through the browser host.
 *
 * Otto (auditor) opens Evidence with `g` `e`, is told plainly about an empty scope, a scope with
 * nothing in it and a folder that does not exist, previews customer C-0001, exports its package to
 * a folder and watches the progress to the end, then verifies it in the window (every check
 * passes). The test then unzips the package and runs the very commands its VERIFY.txt gives
 * (openssl, sha256sum, sh); a copy with one changed byte fails in the Verify tab. Otto searches the vault by a customer's name with a stated purpose,
 * opens a record (retention, legal hold, checksum), reads it, sees the read in its access log, and
 * saves a PDF. Maria (MLRO) sees the SAR draft on CASE-0001 that Otto could not, signs an audit
 * checkpoint on the Audit screen, and a record whose stored bytes were changed fails its read and
 * raises an integrity alert she acknowledges; a checkpoint whose signature was changed shows red.
 *
 * Every figure the test expects is read from the core through the bus (separate sessions), never
 * written down here. Screenshots go to test-results/e2e/evidence-*.png and audit-*.png.
 *
 * Needs `npx electron-vite build` first (it reads out/renderer), SoftHSM2, Debian's chromium,
 * openssl, sha256sum and unzip.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ok } from '../helpers/dev-data';
import { rezip, sh, unzip, verifyCommands } from '../helpers/evidence';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { DEMO_CREDENTIALS, type DemoUsername } from '../../src-main/demo/demo';
import { demoCustomerId } from '../../src-main/demo/ledger.demo-step';
import { DEMO_RECORD_CUSTOMERS, demoCustomerName } from '../../src-main/demo/vault.demo-step';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import { demoSession, hasAttribute, hasText, openDemoConsole, requireBuiltRenderer, SHOTS, signIn as signInDemo, signOut as signOutOf, visible, type DemoConsole } from './page-helpers';


requireBuiltRenderer();

describe('evidence e2e: preview, export, verify, search and read records, checkpoints and integrity alerts in Chromium', () => {
  let demo: DemoConsole | undefined;
  let root: string;
  let core: Core;
  let page: Page;
  let outDir: string;
  /** Separate sessions through the same bus: the test's source of truth for each role's view. */
  let otto: CallerContext;
  let maria: CallerContext;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  };
  const read = <N extends CommandName>(as: CallerContext, command: N, input: CommandInput<N>): Promise<CommandOutput<N>> => ok(core, command, input, as);
  const login = (username: DemoUsername): Promise<CallerContext> => demoSession(core, username);
  /** Every record id of the demo customers who bear `name` (what a search by that name must find). */
  const recordsOfName = async (as: CallerContext, name: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < DEMO_RECORD_CUSTOMERS; i++) {
      if (demoCustomerName(i) !== name) continue;
      ids.push(...(await read(as, 'vault.records.list', { subjectType: 'customer', subjectId: demoCustomerId(i) })).records.map((r) => r.id));
    }
    return ids.sort();
  };
  const attributes = async (selector: string, name: string): Promise<string[]> => {
    const value: unknown = await page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(selector)}), (el) => el.getAttribute(${JSON.stringify(name)}) ?? '')`);
    return Array.isArray(value) ? value.map(String) : [];
  };
  /** Blobs the page hands to URL.createObjectURL, kept as base64 so the test can read a saved file. */
  const captureBlobs = async (): Promise<void> => {
    await page.evaluate(`(() => {
      if (window.__savedBlobs) return;
      const create = URL.createObjectURL.bind(URL);
      window.__savedBlobs = [];
      URL.createObjectURL = (blob) => {
        window.__savedBlobs.push(blob.arrayBuffer().then((b) => btoa(String.fromCharCode(...new Uint8Array(b)))));
        return create(blob);
      };
    })()`);
  };
  const signIn = (username: DemoUsername): Promise<void> => signInDemo(page, username);
  const signOut = (): Promise<void> => signOutOf(page);
  const closeToasts = async (): Promise<void> => {
    for (const button of await page.locator('.mantine-Notification-closeButton').all()) await button.click().catch(() => undefined);
    await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' }).catch(() => undefined);
  };
  const preview = async (kind: 'Customer' | 'Case', id: string): Promise<void> => {
    await page.getByTestId('scope-kind').getByText(kind, { exact: true }).click();
    await page.getByTestId('scope-id').fill(id);
    await page.getByTestId('scope-preview').click();
  };

  beforeAll(async () => {
    demo = await openDemoConsole('evidence', { pageErrors, blocked });
    ({ root, core, page } = demo);
    outDir = join(root, 'exports');
    mkdirSync(outDir);
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('unlocks, signs Otto in, and g then e opens Evidence; an empty scope, an empty customer and a missing folder are refused plainly', async () => {
    await page.getByLabel('Custody token PIN').fill(DEMO_CREDENTIALS.custody.pin);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await signIn('otto.auditor');
    otto = await login('otto.auditor');
    maria = await login('maria.mlro');

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await visible(page.getByTestId('evidence-screen'));

    // Nothing typed: the field says what is missing, and nothing is sent.
    await page.getByTestId('scope-preview').click();
    await hasText(page.getByTestId('evidence-scope'), 'Enter the customer id.');
    // A customer with no records and no accounts: the core's own message.
    await preview('Customer', 'C-9999');
    await hasAttribute(page.getByTestId('preview-error'), 'data-code', 'NOT_FOUND');
    await hasText(page.getByTestId('preview-error'), 'nothing to export for customer C-9999');
    await shot('evidence-01-empty-scope');
  });

  it('previews customer C-0001 as the core sees it for an auditor', async () => {
    await preview('Customer', 'C-0001');
    const truth = await read(otto, 'evidence.preview', { scope: { kind: 'customer', id: 'C-0001' } });
    expect(truth.records).toBeGreaterThan(0);
    await hasText(page.getByTestId('preview-records'), String(truth.records));
    await hasText(page.getByTestId('preview-ledger'), truth.ledgerStatement ? 'Included' : 'None');
    await hasText(page.getByTestId('preview-audit'), `#${truth.auditFromSeq.toLocaleString('en-US')}`);
    for (const [type, n] of Object.entries(truth.byType)) await hasAttribute(page.locator(`[data-testid="preview-type"][data-type="${type}"]`), 'data-count', String(n));
    expect(await attributes('[data-testid="sample-row"]', 'data-record-id')).toEqual(truth.sample.map((r) => r.id));
    await shot('evidence-02-preview');

    // A folder that does not exist: the core's safe message beside the field, and no job.
    await page.getByTestId('export-folder').fill(join(outDir, 'no-such-folder'));
    await page.getByTestId('export-start').click();
    await hasText(page.getByTestId('evidence-export'), `The folder ${join(outDir, 'no-such-folder')} does not exist.`);
    expect(await page.getByTestId('export-job').count()).toBe(0);
  });

  let zipPath = '';

  it('exports the package to a folder with progress, and verifies it in the window: every check passes', async () => {
    await page.getByTestId('export-folder').fill(outDir);
    await page.getByTestId('export-start').click();
    const job = page.getByTestId('export-job');
    await visible(job);
    await hasAttribute(job, 'data-state', 'done');
    await visible(page.getByTestId('export-done'));
    zipPath = ((await page.getByTestId('export-path').textContent()) ?? '').trim();
    expect(zipPath.startsWith(`${outDir}/evidence_customer-C-0001_`)).toBe(true);
    expect(zipPath.endsWith('.zip')).toBe(true);
    expect(existsSync(zipPath)).toBe(true);
    // Written whole: the folder holds the package and nothing half-made beside it.
    expect(sh('ls -A', outDir).stdout.trim().split('\n')).toEqual([zipPath.slice(outDir.length + 1)]);
    await page.getByTestId('evidence-export').scrollIntoViewIfNeeded();
    await shot('evidence-03-exported');

    await page.getByTestId('export-verify').click();
    const report = page.getByTestId('verify-report');
    await hasAttribute(report, 'data-valid', 'true');
    const fingerprint = (await read(otto, 'console.status', {})).identityFingerprint!;
    const truth = await read(otto, 'evidence.verify', { path: zipPath, expectedFingerprint: fingerprint });
    expect(truth.valid).toBe(true);
    expect(await attributes('[data-testid="verify-check"]', 'data-name')).toEqual(truth.checks.map((c) => c.name));
    expect(await attributes('[data-testid="verify-check"]', 'data-ok')).toEqual(truth.checks.map(() => 'true'));
    // Checked against this console's key, not only the key the package carries.
    expect(truth.checks.map((c) => c.name)).toContain('expected console key');
    await hasText(page.getByTestId('verify-verdict'), `all ${truth.checks.length} checks pass`);
    await report.scrollIntoViewIfNeeded();
    await shot('evidence-04-verified');
  });

  it('checks out on its own with the standard tools, exactly as its VERIFY.txt says', async () => {
    const unpacked = unzip(zipPath);
    try {
      const commands = verifyCommands(readFileSync(join(unpacked, 'VERIFY.txt'), 'utf8'));
      expect(commands.map((c) => c.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const run = (step: number) => sh(commands.find((c) => c.step === step)!.command, unpacked);
      const fingerprint = (await read(otto, 'console.status', {})).identityFingerprint!;
      expect(run(1).stdout.split(' ')[0]).toBe(fingerprint.replace(/ /g, ''));
      for (const step of [2, 4, 5]) expect(run(step)).toMatchObject({ code: 0, stdout: 'Verified OK\n' });
      const sums = run(3);
      expect(sums.code).toBe(0);
      const lines = sums.stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThan(5);
      expect(lines.every((l) => l.endsWith(': OK'))).toBe(true);
      const chain = run(6);
      expect(chain.code).toBe(0);
      const [ends, signed] = chain.stdout.trim().split('\n');
      expect(ends!.replace('chain ends in ', '')).toBe(signed!.replace('checkpoint signed ', ''));
      const records = run(7).stdout.trim().split('\n');
      expect(records).toHaveLength((await read(otto, 'evidence.preview', { scope: { kind: 'customer', id: 'C-0001' } })).records);
      for (const line of records) {
        const hashes = line.split(/\s+/).filter((w) => /^[0-9a-f]{64}$/.test(w));
        expect(hashes).toHaveLength(2);
        expect(hashes[0]).toBe(hashes[1]);
      }
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });

  it('a package with one changed byte fails in the Verify tab, naming the checks that fail', async () => {
    const unpacked = unzip(zipPath);
    const tampered = join(outDir, 'tampered.zip');
    try {
      const recordDir = readdirSync(join(unpacked, 'records'))[0]!;
      const contentFile = join(unpacked, 'records', recordDir, readdirSync(join(unpacked, 'records', recordDir)).find((f) => f.startsWith('content'))!);
      const bytes = readFileSync(contentFile);
      bytes[0] = bytes[0]! ^ 0x01;
      writeFileSync(contentFile, bytes);
      await rezip(unpacked, tampered);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
    await page.getByTestId('evidence-tab-verify').click();
    await page.getByTestId('verify-path').fill(tampered);
    await page.getByTestId('verify-submit').click();
    const report = page.getByTestId('verify-report');
    await hasAttribute(report, 'data-valid', 'false');
    const truth = await read(otto, 'evidence.verify', { path: tampered, expectedFingerprint: (await read(otto, 'console.status', {})).identityFingerprint! });
    const failed = truth.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toEqual(expect.arrayContaining(['files match SHA256SUMS', 'records match their vault checksums']));
    await expect.poll(() => attributes('[data-testid="verify-check"][data-ok="false"]', 'data-name')).toEqual(failed);
    await hasText(page.getByTestId('verify-verdict'), `${failed.length} of ${truth.checks.length} checks fail`);
    await shot('evidence-05-tampered-package');
    await page.getByTestId('evidence-tab-export').click();
  });

  it('an auditor does not see the SAR draft on CASE-0001', async () => {
    await preview('Case', 'CASE-0001');
    const truth = await read(otto, 'evidence.preview', { scope: { kind: 'case', id: 'CASE-0001' } });
    await hasText(page.getByTestId('preview-records'), String(truth.records));
    expect(await attributes('[data-testid="sample-row"]', 'data-type')).toEqual(truth.sample.map((r) => r.type));
    expect(truth.sample.map((r) => r.type)).not.toContain('sar');
    await visible(page.getByText('never part of a package you export'));
  });

  const purpose = 'FinCEN 314(a) request 2026-0117, subject 3';

  it('searches by a customer’s name with a stated purpose; every hit is logged against Otto', async () => {
    const name = demoCustomerName(0);
    await page.getByTestId('evidence-tab-search').click();
    // A purpose is mandatory, and is asked for before anything is sent.
    await page.getByTestId('search-name').fill(name);
    await page.getByTestId('search-submit').click();
    await visible(page.getByText(/Say why you search/));
    await page.getByTestId('search-purpose').fill(purpose);
    await page.getByTestId('search-submit').click();

    const expected = await recordsOfName(otto, name);
    expect(expected.length).toBeGreaterThan(2);
    await hasText(page.getByTestId('search-count'), `${expected.length} records for name “${name}”`);
    await expect.poll(async () => (await attributes('[data-testid="search-row"]', 'data-record-id')).sort()).toEqual(expected);
    const log = await read(otto, 'vault.access.list', { recordId: expected[0]!, limit: 10 });
    expect(log.access[0]).toMatchObject({ kind: 'search', operatorUsername: 'otto.auditor', purpose });
    await shot('evidence-06-search');
  });

  it('opens a record: retention, legal hold and checksum; reads it with the purpose and sees the read in its access log', async () => {
    const kyc = (await read(otto, 'vault.records.list', { subjectType: 'customer', subjectId: 'C-0001', type: 'kyc' })).records.find((r) => r.contentType === 'application/json')!;
    await page.locator(`[data-testid="search-row"][data-record-id="${kyc.id}"]`).click();
    const detail = page.getByTestId('record-detail');
    await hasAttribute(detail, 'data-record-id', kyc.id);
    await hasText(detail, kyc.sha256);
    // KYC files run out five years after the relationship ends; none has ended in the demo.
    expect(kyc.retentionBasis).toBe('relationship_end');
    await hasText(detail.getByTestId('record-retention'), kyc.retentionUntil ? kyc.retentionUntil.slice(0, 10) : 'relationship has not ended');
    await hasText(detail.getByTestId('record-legal-hold'), 'No');
    // The search's purpose is offered; the read is logged with it.
    expect(await detail.getByTestId('read-purpose').inputValue()).toBe(purpose);
    await detail.getByTestId('read-content').click();
    const content = detail.getByTestId('record-content');
    await hasAttribute(content, 'data-kind', 'json');
    await hasText(content, `"name": "${demoCustomerName(0)}"`);
    const contentRead = detail.locator('[data-testid="access-row"][data-kind="content"]').first();
    await hasText(contentRead, purpose);
    await hasText(contentRead, 'otto.auditor');
    expect((await read(otto, 'vault.access.list', { recordId: kyc.id, limit: 5 })).access[0]).toMatchObject({ kind: 'content', purpose, outcome: 'ok' });
    await shot('evidence-07-record');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('a PDF is saved, not embedded; a record under legal hold says so (and a name matches without its accents)', async () => {
    await captureBlobs();
    const pdf = (await read(otto, 'vault.records.list', { subjectType: 'customer', subjectId: 'C-0001', type: 'kyc' })).records.find((r) => r.contentType === 'application/pdf')!;
    await page.locator(`[data-testid="search-row"][data-record-id="${pdf.id}"]`).click();
    const detail = page.getByTestId('record-detail');
    await hasAttribute(detail, 'data-record-id', pdf.id);
    await detail.getByTestId('read-content').click();
    await hasAttribute(detail.getByTestId('record-content'), 'data-kind', 'pdf');
    const download = page.waitForEvent('download');
    await detail.getByTestId('record-save').click();
    expect((await download).suggestedFilename()).toMatch(new RegExp(`_${pdf.id}\\.pdf$`));
    const saved: unknown = await page.evaluate('Promise.all(window.__savedBlobs)');
    expect(Array.isArray(saved) && saved.length).toBe(1);
    expect(Buffer.from(String((saved as unknown[])[0]), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await shot('evidence-08-pdf');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // The demo's held record: the correspondence of customer 10, whose name has an accent.
    const held = (await read(otto, 'vault.records.list', { subjectType: 'customer', subjectId: demoCustomerId(9), type: 'correspondence' })).records[0]!;
    expect(held.legalHold).toBe(true);
    const plain = demoCustomerName(9).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    await page.getByTestId('search-name').fill(plain);
    await page.getByTestId('search-submit').click();
    const row = page.locator(`[data-testid="search-row"][data-record-id="${held.id}"]`);
    await visible(row.getByTestId('legal-hold-badge'));
    await row.click();
    await hasText(page.getByTestId('record-legal-hold'), held.legalHoldReason!);
    await page.keyboard.press('Escape');
    await page.getByTestId('record-detail').waitFor({ state: 'detached' });
  });

  it('Maria (MLRO) sees the SAR draft on CASE-0001 that the auditor could not, and reads it', async () => {
    await signOut();
    await signIn('maria.mlro');
    await page.getByTestId('nav-evidence').click();
    await preview('Case', 'CASE-0001');
    const truth = await read(maria, 'evidence.preview', { scope: { kind: 'case', id: 'CASE-0001' } });
    const sar = truth.sample.find((r) => r.type === 'sar')!;
    expect(sar.title).toContain('SAR draft');
    expect((await read(otto, 'evidence.preview', { scope: { kind: 'case', id: 'CASE-0001' } })).records).toBe(truth.records - 1);
    await hasText(page.getByTestId('preview-records'), String(truth.records));
    await hasAttribute(page.locator('[data-testid="preview-type"][data-type="sar"]'), 'data-count', '1');
    await visible(page.getByTestId('preview-sar-warning'));
    const row = page.locator(`[data-testid="sample-row"][data-record-id="${sar.id}"]`);
    await hasText(row, sar.title);
    expect(await page.getByText('never part of a package you export').count()).toBe(0);
    await shot('evidence-09-mlro-case');
    await row.click();
    const detail = page.getByTestId('record-detail');
    await hasAttribute(detail, 'data-record-id', sar.id);
    await detail.getByTestId('read-purpose').fill('MLRO review of the SAR draft before filing');
    await detail.getByTestId('read-content').click();
    await hasText(detail.getByTestId('record-content'), demoCustomerName(4));
    await visible(detail.getByTestId('sar-confidential'));
    await shot('evidence-10-mlro-sar');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('the Audit screen shows the signed checkpoints; Maria signs one now and it verifies', async () => {
    await page.getByTestId('nav-audit').click();
    const status = page.getByTestId('chain-status');
    await hasAttribute(status, 'data-valid', 'true');
    await hasAttribute(status, 'data-checkpoints-valid', 'true');
    const before = (await read(maria, 'audit.checkpoints.list', {})).checkpoints;
    expect(before.length).toBeGreaterThan(0);
    await hasText(page.getByTestId('chain-checkpoint-count'), before.length.toLocaleString('en-US'));
    await hasText(page.getByTestId('chain-last-checkpoint'), `#${before.at(-1)!.seq.toLocaleString('en-US')}`);

    await page.getByTestId('sign-checkpoint').click();
    const toast = page.locator('.mantine-Notification-root').first();
    await hasText(toast, /Checkpoint #[\d,]+ signed/);
    // Read at once: the toast closes by itself after a few seconds.
    const said = (await toast.textContent()) ?? '';
    const after = (await read(maria, 'audit.checkpoints.list', {})).checkpoints;
    expect(after.length).toBe(before.length + 1);
    const made = after.at(-1)!;
    expect(said).toContain(`Checkpoint #${made.seq.toLocaleString('en-US')} signed`);
    await hasText(page.getByTestId('chain-last-checkpoint'), `#${made.seq.toLocaleString('en-US')}`);
    await hasText(page.getByTestId('chain-checkpoint-count'), after.length.toLocaleString('en-US'));
    await closeToasts();

    await page.getByTestId('audit-tab-checkpoints').click();
    const newest = page.locator('[data-testid="checkpoint-row"]').first();
    await hasAttribute(newest, 'data-seq', String(made.seq));
    await hasAttribute(newest, 'data-state', 'verified');
    await hasText(page.getByTestId('checkpoints-count'), `${after.length} signed checkpoints`);
    await shot('audit-checkpoints');
    await newest.click();
    await hasText(page.getByTestId('checkpoint-detail'), made.message);
    await page.keyboard.press('Escape');
    await page.getByTestId('checkpoint-detail').waitFor({ state: 'detached' });
  });

  it('a record whose stored bytes changed fails its read and raises an integrity alert, which Maria acknowledges', async () => {
    // Change one byte of a sealed record in the database, as an attacker with disk access would.
    const victim = (await read(maria, 'vault.records.list', { subjectType: 'customer', subjectId: demoCustomerId(1), type: 'kyc' })).records.find((r) => r.contentType === 'application/json')!;
    const db = core.console.requireDb().sqlite;
    db.exec('DROP TRIGGER IF EXISTS record_chunks_no_update');
    db.prepare("UPDATE record_chunks SET ciphertext = (substr(ciphertext, 1, 3) || X'FF' || substr(ciphertext, 5)) WHERE record_id = ?").run(victim.id);

    await page.getByTestId('nav-evidence').click();
    await page.getByTestId('evidence-tab-search').click();
    await page.getByTestId('search-name').fill(demoCustomerName(1));
    await page.getByTestId('search-purpose').fill('Periodic KYC refresh, customer C-0002');
    await page.getByTestId('search-submit').click();
    await page.locator(`[data-testid="search-row"][data-record-id="${victim.id}"]`).click();
    const detail = page.getByTestId('record-detail');
    await hasAttribute(detail, 'data-record-id', victim.id);
    await detail.getByTestId('read-content').click();
    await hasAttribute(detail.getByTestId('read-error'), 'data-code', 'INTEGRITY_FAILURE');
    expect(await detail.getByTestId('record-content').count()).toBe(0);
    await visible(detail.locator('[data-testid="access-row"][data-outcome="integrity_failure"]').first());
    await shot('evidence-11-integrity-failure');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    const alerts = (await read(maria, 'integrity.alerts.list', { open: true })).alerts;
    const alert = alerts.find((a) => a.subject === victim.id)!;
    expect(alert).toBeDefined();
    await page.getByTestId('nav-audit').click();
    await hasText(page.getByTestId('open-alerts-badge'), String(alerts.length));
    await page.getByTestId('audit-tab-alerts').click();
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`);
    await hasText(row, alert.detail);
    await shot('audit-integrity-alerts');
    await row.getByTestId('alert-acknowledge').click();
    await expect.poll(async () => (await read(maria, 'integrity.alerts.list', { open: true })).alerts.some((a) => a.id === alert.id)).toBe(false);
    await row.waitFor({ state: 'detached' });
    await closeToasts();
  });

  it('a checkpoint whose signature was changed is shown in red with its problem, and the ones after it as not checked', async () => {
    const db = core.console.requireDb().sqlite;
    const list = (await read(maria, 'audit.checkpoints.list', {})).checkpoints;
    const target = list.at(-5)!;
    db.exec('DROP TRIGGER IF EXISTS audit_checkpoints_no_update');
    const flipped = `${target.signature.slice(0, 20)}${target.signature[20] === '0' ? '1' : '0'}${target.signature.slice(21)}`;
    db.prepare('UPDATE audit_checkpoints SET signature = ? WHERE seq = ?').run(flipped, target.seq);
    try {
      await page.getByTestId('audit-tab-checkpoints').click();
      await page.getByTestId('reverify').click();
      const status = page.getByTestId('chain-status');
      await hasAttribute(status, 'data-checkpoints-valid', 'false');
      // The chain itself is intact; the signature over it is not.
      await hasAttribute(status, 'data-valid', 'true');
      const truth = await read(maria, 'audit.verify', {});
      expect(truth.firstBadCheckpointSeq).toBe(target.seq);
      const seq = target.seq.toLocaleString('en-US');
      await hasText(page.getByTestId('chain-bad-checkpoint'), `#${seq}`);
      await hasText(page.getByTestId('chain-checkpoint-problem'), truth.checkpointProblem!.slice(1));
      await hasText(page.getByTestId('chain-verdict'), `Signed checkpoint #${seq} does not verify`);
      await hasAttribute(page.locator(`[data-testid="checkpoint-row"][data-seq="${target.seq}"]`), 'data-state', 'bad');
      await hasAttribute(page.locator(`[data-testid="checkpoint-row"][data-seq="${list.at(-1)!.seq}"]`), 'data-state', 'unchecked');
      await hasAttribute(page.locator(`[data-testid="checkpoint-row"][data-seq="${list.at(-6)!.seq}"]`), 'data-state', 'verified');
      await shot('audit-checkpoint-bad');
    } finally {
      db.prepare('UPDATE audit_checkpoints SET signature = ? WHERE seq = ?').run(target.signature, target.seq);
    }
  });

  it('reached nothing outside the app and raised no page errors', () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
