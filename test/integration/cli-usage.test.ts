/**
 * The CLI's own checks, before any console is touched: help, usage errors, unknown commands and
 * secrets on argv. Runs the built CLI (npx electron-vite build) as a child process.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, envelope, requireBuiltCli, runCli } from '../helpers/dev-data';

beforeAll(() => requireBuiltCli());

describe('vaultline CLI: help and usage', () => {
  it('prints help listing every command, exit 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const words of ['init', 'status', 'demo', 'audit list', 'audit verify', 'operators list', 'operators add', 'call <command>']) {
      expect(run.stdout).toContain(`  ${words}`);
    }
    expect(run.stdout).toMatch(/never taken from the command line/);
  });

  it('prints help to stderr with exit 2 when no command is given', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: vaultline <command> [options]');
  });

  it('prints per-command help with its options', async () => {
    const run = await runCli(['audit', 'list', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: vaultline audit list [options]');
    expect(run.stdout).toContain('--outcome ok|refused|error');
    expect(run.stdout).toContain('--pin-file FILE');
    const viaHelp = await runCli(['help', 'call']);
    expect(viaHelp.code).toBe(0);
    // The catalogue of bus commands, for `call`.
    expect(viaHelp.stdout).toContain('operators.resetPassphrase');
  });

  it('refuses an unknown command with exit 2', async () => {
    const run = await runCli(['frobnicate', '--data', '/nonexistent']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
    const json = await runCli(['frobnicate', '--json']);
    expect(json.code).toBe(2);
    expect(envelope(json)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const sub = await runCli(['audit', 'shred']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown command "audit shred"');
  });

  it('refuses an unknown option, a missing argument and a missing data directory with exit 2', async () => {
    const unknown = await runCli(['status', '--data', '/tmp', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    const missing = await runCli(['call', '--data', '/tmp']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing <command>');
    const noData = await runCli(['status', '--json']);
    expect(noData.code).toBe(2);
    expect(envelope(noData)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: '--data' }] } });
  });

  it.each([
    [['audit', 'list', '--data', '/tmp', '--pin', '1234']],
    [['audit', 'list', '--data', '/tmp', '--pin=1234']],
    [['init', '--data', '/tmp', '--custody-pin', '1234']],
    [['audit', 'list', '--passphrase', 'correct horse battery']],
    [['operators', 'add', '--token-pin', '999999']],
  ])('refuses a secret on argv: %j', async (args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing --[a-z-]+: secrets are never taken from the command line/);
    // The value itself is not repeated back.
    expect(run.stderr).not.toMatch(/1234|correct horse|999999/);
  });

  it('refuses a secret on argv in --json mode with the option as the field', async () => {
    const run = await runCli(['status', '--json', '--pin', '1234']);
    expect(run.code).toBe(2);
    expect(envelope(run)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: '--pin' }] } });
  });

  it('refuses secrets inside --input of a generic call', async () => {
    const run = await runCli(['call', 'console.unlock', '--data', '/tmp', '--input', '{"pin":"1234"}']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('refusing --input with pin');
    const nested = await runCli(['call', 'console.init', '--data', '/tmp', '--input', '{"admin":{"tokenPin":"1234"}}']);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain('admin.tokenPin');
  });

  it('says there is no console before asking for any secret', async () => {
    const run = await runCli(['audit', 'list', '--data', join(tmpdir(), 'vaultline-no-such-dir'), '--user', 'someone']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NOT_INITIALIZED');
  });

  it('bin/vaultline.mjs says to build when the CLI is not built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vaultline-nobuild-'));
    try {
      mkdirSync(join(root, 'bin'));
      cpSync(CLI_BIN, join(root, 'bin/vaultline.mjs'));
      const failure = await promisify(execFile)(process.execPath, [join(root, 'bin/vaultline.mjs'), '--help']).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).toBe(2);
      expect(failure?.stderr).toContain('run "npm run build"');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
