/**
 * The CLI against a real console: key ceremony with secrets from files and from stdin, --json
 * envelopes, validation errors naming the field, a wrong custody PIN, enrolling an operator and a
 * generic `call`. Real SoftHSM2 tokens, real encrypted database, the built CLI as a child process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, CUSTODY, envelope, makeDataDir, removeDataDir, requireBuiltCli, runCli, secretFile } from '../helpers/dev-data';

const NEW_OP = { username: 'bea.custody', displayName: 'Bea Custody', passphrase: 'bea passphrase 2024', tokenLabel: 'test-op-bea', tokenPin: 'bea-5678' };

const initArgs = (dir: string): string[] => [
  'init',
  '--data', dir,
  '--console-name', 'CLI test console',
  '--custody-token', CUSTODY.label,
  '--admin', ADMIN.username,
  '--admin-name', ADMIN.displayName,
  '--admin-token', ADMIN.tokenLabel,
];

const adminStdin = JSON.stringify({ pin: CUSTODY.pin, passphrase: ADMIN.passphrase, tokenPin: ADMIN.tokenPin });

describe('vaultline init with secrets from files', () => {
  let dir: string;
  let secrets: string;

  beforeAll(() => {
    requireBuiltCli();
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, { label: NEW_OP.tokenLabel, pin: NEW_OP.tokenPin }]);
    secrets = mkdtempSync(join(tmpdir(), 'vaultline-secrets-'));
  });
  afterAll(() => {
    removeDataDir(dir);
    removeDataDir(secrets);
  });

  it('runs the key ceremony', async () => {
    const files = [
      '--pin-file', secretFile(secrets, 'custody.pin', CUSTODY.pin),
      '--passphrase-file', secretFile(secrets, 'admin.pass', ADMIN.passphrase),
      '--token-pin-file', secretFile(secrets, 'admin.pin', ADMIN.tokenPin),
    ];
    const run = await runCli([...initArgs(dir), ...files]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Console created in ${dir}`);
    expect(run.stdout).toMatch(/identity fingerprint: +([0-9a-f]{4} ){15}[0-9a-f]{4}/);
    expect(run.stdout).toContain('-----BEGIN PUBLIC KEY-----');
  });

  it('reports status as a --json envelope', async () => {
    const run = await runCli(['status', '--data', dir, '--json']);
    expect(run.code).toBe(0);
    expect(envelope(run)).toEqual({
      ok: true,
      value: expect.objectContaining({ initialized: true, locked: true, consoleName: 'CLI test console', custodyTokenLabel: CUSTODY.label, unlockFailures: 0 }) as unknown,
    });
  });

  it('refuses a second ceremony in the same directory without asking for secrets', async () => {
    const run = await runCli(initArgs(dir));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ALREADY_INITIALIZED');
  });

  it('says which secret is missing and how to give it when stdin is not a terminal', async () => {
    const run = await runCli(['audit', 'verify', '--data', dir, '--user', ADMIN.username]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the custody token PIN (test-custody) is needed: pass --pin-file FILE, or --secrets-stdin');
  });

  it('warns when a secret file is readable by others', async () => {
    const loose = secretFile(secrets, 'loose.pin', CUSTODY.pin, 0o644);
    const run = await runCli(['audit', 'verify', '--data', dir, '--user', ADMIN.username, '--pin-file', loose, '--passphrase-file', join(secrets, 'admin.pass'), '--token-pin-file', join(secrets, 'admin.pin')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('is readable by other users');
    expect(run.stdout).toMatch(/^Audit chain valid: \d+ entries/);
  });

  it('enrols an operator with secrets from files, who can then sign in', async () => {
    const run = await runCli([
      'operators', 'add', '--data', dir, '--user', ADMIN.username,
      '--pin-file', join(secrets, 'custody.pin'),
      '--passphrase-file', join(secrets, 'admin.pass'),
      '--token-pin-file', join(secrets, 'admin.pin'),
      '--username', NEW_OP.username, '--display-name', NEW_OP.displayName, '--role', 'custody_officer', '--senior',
      '--token-label', NEW_OP.tokenLabel,
      '--new-passphrase-file', secretFile(secrets, 'bea.pass', NEW_OP.passphrase),
      '--new-token-pin-file', secretFile(secrets, 'bea.pin', NEW_OP.tokenPin),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Enrolled ${NEW_OP.username}`);
    expect(run.stdout).toContain('Custody officer (senior)');

    const whoami = await runCli(['call', 'session.whoami', '--data', dir, '--user', NEW_OP.username, '--secrets-stdin', '--json'], {
      stdin: JSON.stringify({ pin: CUSTODY.pin, passphrase: NEW_OP.passphrase, tokenPin: NEW_OP.tokenPin }),
    });
    expect(whoami.code).toBe(0);
    expect(envelope(whoami)).toMatchObject({ ok: true, value: { operator: { username: NEW_OP.username, roles: ['custody_officer'], senior: true } } });
  });

  it('gives a clear error and exit 1 for a wrong custody PIN, and counts it', async () => {
    const run = await runCli(['operators', 'list', '--data', dir, '--user', ADMIN.username, '--secrets-stdin'], {
      stdin: JSON.stringify({ pin: 'not-the-pin', passphrase: ADMIN.passphrase, tokenPin: ADMIN.tokenPin }),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('vaultline: PIN_INCORRECT: The custody token PIN is not correct (1 failed attempt).');
    expect(run.stderr).not.toContain('not-the-pin');

    const json = await runCli(['operators', 'list', '--data', dir, '--user', ADMIN.username, '--secrets-stdin', '--json'], {
      stdin: JSON.stringify({ pin: 'still-wrong', passphrase: ADMIN.passphrase, tokenPin: ADMIN.tokenPin }),
    });
    expect(json.code).toBe(1);
    expect(envelope(json)).toEqual({ ok: false, error: { code: 'PIN_INCORRECT', message: 'The custody token PIN is not correct (2 failed attempts).' } });

    const status = envelope(await runCli(['status', '--data', dir, '--json']));
    expect(status).toMatchObject({ ok: true, value: { unlockFailures: 2 } });
  });

  it('a good PIN resets the count, and the refused unlocks are in the audit trail', async () => {
    const run = await runCli(['audit', 'list', '--data', dir, '--user', ADMIN.username, '--command', 'console.unlock', '--outcome', 'refused', '--secrets-stdin', '--json'], { stdin: adminStdin });
    expect(run.code).toBe(0);
    const value = envelope(run);
    expect(value).toMatchObject({ ok: true, value: { total: 2 } });
    expect(envelope(await runCli(['status', '--data', dir, '--json']))).toMatchObject({ ok: true, value: { unlockFailures: 0 } });
  });

  it('passes a bus validation error through with the field named', async () => {
    const run = await runCli(['audit', 'list', '--data', dir, '--user', ADMIN.username, '--outcome', 'maybe', '--secrets-stdin', '--json'], { stdin: adminStdin });
    expect(run.code).toBe(1);
    expect(envelope(run)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'outcome' }] } });
  });

  it('sends an unknown bus command to the bus, which refuses and audits it', async () => {
    const run = await runCli(['call', 'ledger.teleport', '--data', dir, '--json']);
    expect(run.code).toBe(1);
    expect(envelope(run)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const audit = envelope(await runCli(['audit', 'list', '--data', dir, '--user', ADMIN.username, '--outcome', 'refused', '--secrets-stdin', '--json'], { stdin: adminStdin }));
    expect(audit).toMatchObject({ ok: true, value: { entries: expect.arrayContaining([expect.objectContaining({ command: 'unknown:ledger.teleport', errorCode: 'UNKNOWN_COMMAND' })]) as unknown } });
  });

  it('merges input secrets from stdin into a generic call', async () => {
    const run = await runCli(['call', 'session.changePassphrase', '--data', dir, '--user', NEW_OP.username, '--secrets-stdin', '--json'], {
      stdin: JSON.stringify({ pin: CUSTODY.pin, passphrase: NEW_OP.passphrase, tokenPin: NEW_OP.tokenPin, input: { current: NEW_OP.passphrase, next: 'short' } }),
    });
    expect(run.code).toBe(1);
    expect(envelope(run)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'next', message: 'must be at least 12 characters' }] } });
  });
});

describe('vaultline init with secrets from stdin', () => {
  let dir: string;

  beforeAll(() => {
    requireBuiltCli();
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }]);
  });
  afterAll(() => removeDataDir(dir));

  it('names the field of a validation error and creates nothing', async () => {
    const args = initArgs(dir);
    args[args.indexOf('--admin') + 1] = 'Not A Username';
    const run = await runCli([...args, '--secrets-stdin'], { stdin: adminStdin });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('vaultline: VALIDATION:');
    expect(run.stderr).toMatch(/^ {2}admin\.username: must be 3–32 characters/m);
    const json = await runCli([...args, '--secrets-stdin', '--json'], { stdin: adminStdin });
    expect(envelope(json)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'admin.username' }] } });
    expect(envelope(await runCli(['status', '--data', dir, '--json']))).toMatchObject({ ok: true, value: { initialized: false } });
  });

  it('names the PKCS#11 module path it could not load', async () => {
    const run = await runCli([...initArgs(dir), '--pkcs11-module', '/nonexistent/libpkcs11.so', '--secrets-stdin', '--json'], { stdin: adminStdin });
    expect(run.code).toBe(1);
    expect(envelope(run)).toMatchObject({ ok: false, error: { code: 'HSM_MODULE_MISSING', message: expect.stringContaining('/nonexistent/libpkcs11.so') as unknown } });
  });

  it('refuses a malformed secrets object on stdin', async () => {
    const run = await runCli([...initArgs(dir), '--secrets-stdin'], { stdin: JSON.stringify({ pin: CUSTODY.pin, custodyPin: CUSTODY.pin }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--secrets-stdin');
    expect(run.stderr).toContain('custodyPin');
    expect(run.stderr).not.toContain(CUSTODY.pin);
  });

  it('runs the key ceremony with --json: one envelope on stdout', async () => {
    const run = await runCli([...initArgs(dir), '--secrets-stdin', '--json'], { stdin: adminStdin });
    expect(run.code).toBe(0);
    const result = envelope(run);
    expect(result).toEqual({
      ok: true,
      value: {
        consoleId: expect.stringMatching(/^vl_[0-9a-f]+$/) as unknown,
        identityFingerprint: expect.stringMatching(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/) as unknown,
        identityPublicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----') as unknown,
        adminOperatorId: expect.stringMatching(/^op_/) as unknown,
      },
    });
    // Nothing secret in what was printed.
    expect(run.stdout + run.stderr).not.toContain(ADMIN.passphrase);
  });

  it('lets the first administrator list operators', async () => {
    const run = await runCli(['operators', 'list', '--data', dir, '--user', ADMIN.username, '--secrets-stdin'], { stdin: adminStdin });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^USERNAME +NAME +ROLES/);
    expect(run.stdout).toMatch(new RegExp(`^${ADMIN.username} +${ADMIN.displayName} +admin +no +active +${ADMIN.tokenLabel}`, 'm'));
  });

  it('refuses a wrong passphrase without saying which part was wrong', async () => {
    const run = await runCli(['operators', 'list', '--data', dir, '--user', ADMIN.username, '--secrets-stdin', '--json'], {
      stdin: JSON.stringify({ pin: CUSTODY.pin, passphrase: 'not the passphrase', tokenPin: ADMIN.tokenPin }),
    });
    expect(run.code).toBe(1);
    expect(envelope(run)).toEqual({ ok: false, error: { code: 'BAD_CREDENTIALS', message: 'Unknown operator or wrong passphrase.' } });
  });
});
