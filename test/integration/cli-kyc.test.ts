/**
 * `vaultline kyc …` as an operator runs it (the built CLI, secrets from files): a list imported
 * from a file — the 2024 OFAC address lists of ../shared/data — with the re-screen it starts waited
 * for (one CLI process per invocation: the job must not die with it), the lists and their
 * versions, ad hoc screening of an address (a case variant) and of a name, the queue and the
 * reviews due; refusals with their codes and nothing changed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTODY, envelope, initConsole, removeDataDir, requireBuiltCli, runCli, secretFile, unlockAndLogin } from '../helpers/dev-data';
import { enrol, passphraseOf } from '../helpers/operators';
import { individual, onboard } from '../helpers/kyc';

const OLGA = { label: 't-olga', pin: 'olga-pin-1' };
const AUD = { label: 't-aud', pin: 'aud-pin-1' };
const SHARED = join(import.meta.dirname, '../../../shared/data/ofac-addresses');

function addressList(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of readdirSync(dir).filter((n) => /^sanctioned_addresses_[A-Z0-9]+\.json$/.test(n)).sort()) {
    out[/^sanctioned_addresses_([A-Z0-9]+)\.json$/.exec(f)![1]!] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as string[];
  }
  return out;
}

describe('vaultline kyc', () => {
  let dir: string;
  let work: string;
  let olga: string[];
  let aud: string[];
  const list2024 = addressList(join(SHARED, '0xB10C-2024-09-27'));
  const wallet = list2024.ETH![3]!;

  beforeAll(async () => {
    requireBuiltCli();
    const made = await initConsole([OLGA, AUD]);
    dir = made.dir;
    const admin = await unlockAndLogin(made.core);
    const officer = await enrol(made.core, admin, { username: 'olga', roles: ['compliance_officer'], token: OLGA });
    await enrol(made.core, admin, { username: 'aud', roles: ['auditor'], token: AUD });
    await onboard(made.core, officer, 'C-1', individual({ legalName: 'Jonas Berg', walletAddresses: [{ chain: 'ethereum', address: wallet }] }));
    await onboard(made.core, officer, 'C-2', individual({ legalName: 'Maren Lindqvist' }));
    await made.core.close();
    work = mkdtempSync(join(tmpdir(), 'vaultline-cli-kyc-'));
    const pin = secretFile(work, 'custody.pin', CUSTODY.pin);
    olga = ['--data', dir, '--user', 'olga', '--pin-file', pin, '--passphrase-file', secretFile(work, 'olga.pass', passphraseOf('olga')), '--token-pin-file', secretFile(work, 'olga.tpin', OLGA.pin)];
    aud = ['--data', dir, '--user', 'aud', '--pin-file', pin, '--passphrase-file', secretFile(work, 'aud.pass', passphraseOf('aud')), '--token-pin-file', secretFile(work, 'aud.tpin', AUD.pin)];
    writeFileSync(join(work, 'ofac-2024.json'), JSON.stringify(list2024));
  });
  afterAll(() => {
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  const importArgs = (version: string, publishedAt: string) => ['kyc', 'lists', 'import', join(work, 'ofac-2024.json'), '--list', 'ofac-addresses', '--kind', 'sanctions', '--name', 'OFAC addresses', '--format', 'address-list-json', '--version', version, '--published-at', publishedAt, '--source', 'OFAC'];

  it('imports a list from a file and waits for the re-screen it starts, with its progress', async () => {
    const run = await runCli([...importArgs('2024-09-27', '2024-09-27T00:35:00.000Z'), ...olga]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^List version 2024-09-27 imported: \d+ entries \(\d+ added, 0 changed, 0 removed\); 0 hit\(s\) on delisted entries\.\n/);
    expect(run.stdout).toMatch(/Re-screened 3 customers, beneficial owners and addresses against \d+ entries: 1 new hit\(s\), 1 customer\(s\) re-scored\.\n$/);
    // Progress lines go to stderr, from the job's start to its end.
    expect(run.stderr).toMatch(/^ {2}starting \(0\/0\)\n[\s\S]* {2}done \(3\/3\)\n$/);
  });

  it('refuses the same version again, and changes nothing', async () => {
    const again = await runCli([...importArgs('2024-09-27b', '2024-09-27T00:35:00.000Z'), ...olga, '--json']);
    expect(again.code).not.toBe(0);
    expect(envelope(again)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/is not newer than the current version 2024-09-27/) as unknown } });
    const lists = envelope(await runCli(['kyc', 'lists', ...aud, '--json']));
    expect(lists).toMatchObject({ ok: true, value: { lists: [{ id: 'ofac-addresses', versions: [expect.objectContaining({ version: '2024-09-27' })] }] } });
  });

  it('re-screens everyone on demand for a compliance officer, idempotently (nothing new)', async () => {
    const run = await runCli(['kyc', 'rescreen', '--reason', 'Thresholds reviewed', ...olga]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ofac-addresses 2024-09-27: 3 customers, beneficial owners and addresses against \d+ entries: 0 new hit\(s\), 0 customer\(s\) re-scored\.\n$/);
    const forbidden = await runCli(['kyc', 'rescreen', '--reason', 'Thresholds reviewed', ...aud, '--json']);
    expect(envelope(forbidden)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lists the screening lists with their active version', async () => {
    const run = await runCli(['kyc', 'lists', ...aud]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/LIST\s+KIND\s+NAME\s+VERSION/);
    expect(run.stdout).toMatch(/ofac-addresses\s+sanctions\s+OFAC addresses\s+2024-09-27\s+2024-09-27/);
  });

  it('screens an address ad hoc, in any case, and a clean one', async () => {
    const listed = await runCli(['kyc', 'screen', 'address', wallet.toUpperCase().replace(/^0X/, '0x'), '--chain', 'ethereum', ...aud]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${wallet.toLowerCase()} IS LISTED:`);
    const clean = await runCli(['kyc', 'screen', 'address', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', '--chain', 'bitcoin', ...aud]);
    expect(clean.stdout).toBe('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq: not listed (1 list(s) with addresses searched).\n');
    const bad = await runCli(['kyc', 'screen', 'address', 'short', '--chain', 'ethereum', ...aud, '--json']);
    expect(envelope(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('screens a name ad hoc (no name list imported: no candidate)', async () => {
    const run = await runCli(['kyc', 'screen', 'name', 'Jonas Berg', '--birth-date', '1984', ...aud]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No candidate on the 1 active list(s).\n');
  });

  it('shows the queue by status and the reviews due; the auditor may read, not import', async () => {
    const pending = await runCli(['kyc', 'customers', '--status', 'pending_review', ...aud, '--json']);
    expect(envelope(pending)).toMatchObject({ ok: true, value: { total: 0 } });
    const approved = await runCli(['kyc', 'customers', '--status', 'approved', ...aud]);
    expect(approved.stdout).toMatch(/C-1\s+Jonas Berg\s+individual\s+approved/);
    expect(approved.stdout).toMatch(/C-1 .* 1\n/);
    expect(approved.stdout).toMatch(/2 of 2\.\n$/);
    const due = await runCli(['kyc', 'reviews', 'due', '--within', '30', ...aud]);
    expect(due.stdout).toBe('No reviews due.\n');
    const forbidden = await runCli([...importArgs('2025-01-01', '2025-01-01T00:00:00.000Z'), ...aud, '--json']);
    expect(envelope(forbidden)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
