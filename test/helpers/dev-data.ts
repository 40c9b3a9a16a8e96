/**
 * Test rig: real SoftHSM2 tokens in a temporary data directory, made with the same script the demo
 * uses. Nothing here is a mock.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import type { Result } from '../../src-shared/errors';
import { silentLogger, stderrLogger } from '../../src-main/platform/logger';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface TokenSpec {
  readonly label: string;
  readonly pin: string;
}

export const CUSTODY: TokenSpec = { label: 'test-custody', pin: 'custody-1234' };

export function makeDataDir(tokens: readonly TokenSpec[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vaultline-test-'));
  execFileSync(join(REPO_ROOT, 'hsm/make-dev-data.sh'), [dir, ...tokens.map((t) => `${t.label}:${t.pin}`)], { stdio: 'pipe' });
  return dir;
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function newCore(dataDir: string, options: Partial<CoreOptions> = {}): Core {
  return createCore({ dataDir, logger: process.env.VAULTLINE_TEST_LOG ? stderrLogger('info') : silentLogger, idleCheckMs: 0, ...options });
}

/** Typed call through the bus, as a given caller. */
export async function call<N extends CommandName>(core: Core, command: N, input: CommandInput<N>, caller: CallerContext = { host: 'test' }): Promise<Result<CommandOutput<N>>> {
  return (await core.bus.invoke(command, input, caller)) as Result<CommandOutput<N>>;
}

/** Call and insist on success; the failure's code and message make the assertion readable. */
export async function ok<N extends CommandName>(core: Core, command: N, input: CommandInput<N>, caller: CallerContext = { host: 'test' }): Promise<CommandOutput<N>> {
  const result = await call(core, command, input, caller);
  if (!result.ok) throw new Error(`${command} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export const ADMIN = { username: 'root-admin', displayName: 'Root Admin', passphrase: 'correct horse battery', tokenLabel: 'test-op-admin', tokenPin: 'admin-1234' };

/** A data directory with an initialised console and its first admin. */
export async function initConsole(extraTokens: readonly TokenSpec[] = []): Promise<{ dir: string; core: Core }> {
  const dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, ...extraTokens]);
  const core = newCore(dir);
  await ok(core, 'console.init', { consoleName: 'Test console', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
  return { dir, core };
}

export async function unlockAndLogin(core: Core, who: { username: string; passphrase: string; tokenPin: string } = ADMIN): Promise<CallerContext> {
  if ((await ok(core, 'console.status', {})).locked) await ok(core, 'console.unlock', { pin: CUSTODY.pin });
  const login = await ok(core, 'session.login', { username: who.username, passphrase: who.passphrase, tokenPin: who.tokenPin });
  return { host: 'test', sessionHandle: login.sessionHandle };
}

/* ── The CLI as a child process (test/integration/cli*.test.ts, demo*.test.ts) ─────────────── */

export const CLI_BIN = join(REPO_ROOT, 'bin/vaultline.mjs');
export const CLI_BUILT = join(REPO_ROOT, 'out/main/cli.js');

/** Sources that end up in out/main/cli.js (not the Electron or browser hosts, not tests). */
function newestCliSource(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path.endsWith('hosts/electron') || path.endsWith('hosts/browser')) continue;
      const inner = newestCliSource(path);
      if (inner && (!newest || inner.mtimeMs > newest.mtimeMs)) newest = inner;
    } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
      const mtimeMs = statSync(path).mtimeMs;
      if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}

/**
 * The CLI tests run the built CLI, as a user would. Fail at once, saying what to do, when it is
 * missing. When it is older than a source file, warn (a stale build tests yesterday's code) but go
 * on: in a shared tree a file the CLI does not even import may be newer.
 */
export function requireBuiltCli(): void {
  if (!existsSync(CLI_BUILT)) throw new Error(`${CLI_BUILT} is missing: run "npx electron-vite build" (npm run build) before the CLI tests`);
  const built = statSync(CLI_BUILT).mtimeMs;
  for (const root of ['src-main', 'src-shared']) {
    const newest = newestCliSource(join(REPO_ROOT, root));
    if (newest && newest.mtimeMs > built) {
      process.stderr.write(`warning: ${CLI_BUILT} is older than ${newest.path}; run "npx electron-vite build" if the CLI tests disagree with the source\n`);
      return;
    }
  }
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `node bin/vaultline.mjs ARGS`, with `stdin` piped in (or closed), in a clean environment. */
export function runCli(args: readonly string[], options: { stdin?: string; env?: Readonly<Record<string, string>> } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const name of ['VAULTLINE_DATA', 'VAULTLINE_USER', 'SOFTHSM2_CONF']) if (!options.env?.[name]) delete env[name];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** The result envelope a `--json` run printed: exactly one JSON document on stdout. */
export function envelope(run: CliRun): Result<Record<string, unknown>> {
  try {
    return JSON.parse(run.stdout) as Result<Record<string, unknown>>;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/** A secret in a file only its owner may read, as an operator would keep it. */
export function secretFile(dir: string, name: string, secret: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, `${secret}\n`, { mode });
  chmodSync(path, mode);
  return path;
}
