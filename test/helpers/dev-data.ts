/**
 * Test rig: real SoftHSM2 tokens in a temporary data directory, made with the same script the demo
 * uses. Nothing here is a mock.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import type { Result } from '../../src-shared/errors';
import { silentLogger } from '../../src-main/platform/logger';

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
  return createCore({ dataDir, logger: silentLogger, idleCheckMs: 0, ...options });
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
