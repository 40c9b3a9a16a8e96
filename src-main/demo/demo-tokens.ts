/**
 * SoftHSM2 tokens for a demo directory, made by hsm/make-dev-data.sh: the same script the test rig
 * and a developer use, so there is one way to make a dev token.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { VaultlineError } from '../errors';

const run = promisify(execFile);
const SCRIPT = join('hsm', 'make-dev-data.sh');
/** The script's exit status when softhsm2-util is missing (sysexits EX_UNAVAILABLE). */
const EX_UNAVAILABLE = 69;

export interface DemoToken {
  readonly label: string;
  readonly pin: string;
}

/**
 * The script, found by walking up from this file: the source tree (src-main/demo) and the bundle
 * (out/main, or a chunk folder under it) sit at different depths. VAULTLINE_HSM_SCRIPT overrides.
 */
export function findDevDataScript(from: string = import.meta.dirname, env: NodeJS.ProcessEnv = process.env): string {
  if (env.VAULTLINE_HSM_SCRIPT) return env.VAULTLINE_HSM_SCRIPT;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, SCRIPT);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new VaultlineError('IO', `Cannot find ${SCRIPT} above ${from}; set VAULTLINE_HSM_SCRIPT to its path.`);
}

/**
 * hazmat: the PINs go to the script as arguments (visible to other local users for a moment).
 * Acceptable only because these are throwaway demo tokens whose PINs are published anyway.
 */
export async function makeDemoTokens(dataDir: string, tokens: readonly DemoToken[]): Promise<void> {
  const script = findDevDataScript();
  try {
    await run('bash', [script, dataDir, ...tokens.map((t) => `${t.label}:${t.pin}`)], { maxBuffer: 1024 * 1024 });
  } catch (error) {
    const failure = error as { code?: unknown; stderr?: unknown };
    const said = typeof failure.stderr === 'string' ? failure.stderr.trim() : '';
    if (failure.code === EX_UNAVAILABLE) throw new VaultlineError('HSM_MODULE_MISSING', said || 'softhsm2-util not found: install SoftHSM2 (apt-get install softhsm2).');
    throw new VaultlineError('IO', `Making the demo tokens failed${said ? `: ${said}` : '.'}`, { detail: String(error) });
  }
}
