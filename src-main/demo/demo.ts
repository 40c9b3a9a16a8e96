/**
 * `vaultline demo`: a ready demo console in an empty directory. SoftHSM2 tokens (custody + one per
 * demo operator), the key ceremony through the bus, then the demo steps (DEMO_STEPS) as the demo
 * operators, through the bus. Credentials are fixed and published: DEMO ONLY — NEVER USE FOR REAL
 * ASSETS. They are written to DIR/DEMO-CREDENTIALS.txt (mode 0600) for scripts and tests.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import type { Result } from '../../src-shared/errors';
import { createCore } from '../core/core';
import { HostSession, sessionInvoker } from '../bus/host-session';
import { VaultlineError } from '../errors';
import { writeFileAtomic } from '../platform/files';
import { silentLogger, type Logger } from '../platform/logger';
import { ManualClock } from '../platform/clock';
import { DEMO_CREDENTIALS, DEMO_CREDENTIALS_FILE, DEMO_WARNING, demoOperator, formatCredentialsFile, type DemoCredentials, type DemoUsername } from './demo-credentials';
import type { DemoContext, DemoInvoke, DemoStep } from './demo-step';
import { DEMO_STEPS } from './demo-steps';
import { makeDemoTokens } from './demo-tokens';

export { DEMO_CREDENTIALS, DEMO_CREDENTIALS_FILE, DEMO_OPERATORS, DEMO_WARNING, parseCredentialsFile } from './demo-credentials';
export type { DemoCredentials, DemoOperator, DemoUsername } from './demo-credentials';
export type { DemoContext, DemoInvoke, DemoStep } from './demo-step';
export { DEMO_STEPS } from './demo-steps';

export interface DemoOptions {
  readonly dataDir: string;
  /** PKCS#11 module; SoftHSM2 by default (the demo's tokens are SoftHSM2 tokens). */
  readonly modulePath?: string | undefined;
  readonly logger?: Logger;
  readonly progress?: (line: string) => void;
  /** The steps to run; DEMO_STEPS unless a test wants fewer. */
  readonly steps?: readonly DemoStep[];
  /** The real "now" the demo history ends at (tests fix it). */
  readonly now?: Date;
}

/** How far back demo history starts. */
export const DEMO_HISTORY_DAYS = 90;

export interface DemoResult {
  readonly dataDir: string;
  readonly credentialsFile: string;
  readonly consoleId: string;
  readonly identityFingerprint: string;
  readonly warning: string;
  readonly credentials: DemoCredentials;
}

type RawInvoke = (command: unknown, input: unknown) => Promise<Result<unknown>>;

/** A typed invoker that throws on refusal, naming the call and who made it. */
function strictInvoker(invoke: RawInvoke, who: string): DemoInvoke {
  return async <N extends CommandName>(command: N, input: CommandInput<N>): Promise<CommandOutput<N>> => {
    const result = await invoke(command, input);
    if (!result.ok) {
      const { code, message, issues } = result.error;
      throw new VaultlineError(code, `${command} as ${who} was refused: ${message}`, issues ? { issues } : {});
    }
    return result.value as CommandOutput<N>;
  };
}

/** The directory must be new or empty: a demo never mixes with anything else. Returns whether it existed. */
function claimEmptyDir(dir: string): boolean {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return false;
  }
  if (!statSync(dir).isDirectory()) throw new VaultlineError('CONFLICT', `${dir} is not a directory.`);
  if (readdirSync(dir).length > 0) throw new VaultlineError('CONFLICT', `${dir} is not empty; a demo needs a new or empty directory.`);
  return true;
}

/** Undo a failed demo. Safe because the directory was new or empty: everything in it is ours. */
function removeDemoFiles(dir: string, existed: boolean): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  if (!existed) rmdirSync(dir);
}

export async function createDemo(options: DemoOptions): Promise<DemoResult> {
  const dataDir = resolve(options.dataDir);
  const progress = options.progress ?? (() => undefined);
  const credentials = DEMO_CREDENTIALS;
  const existed = claimEmptyDir(dataDir);
  try {
    progress(`Making SoftHSM2 tokens in ${dataDir}/tokens`);
    await makeDemoTokens(dataDir, [
      { label: credentials.custody.tokenLabel, pin: credentials.custody.pin },
      ...credentials.operators.map((o) => ({ label: o.tokenLabel, pin: o.tokenPin })),
    ]);

    const realNow = options.now ?? new Date();
    const start = new Date(realNow.getTime() - DEMO_HISTORY_DAYS * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    const clock = new ManualClock(start);
    const core = createCore({ dataDir, modulePath: options.modulePath, logger: options.logger ?? silentLogger, idleCheckMs: 0, clock });
    let init: CommandOutput<'console.init'>;
    try {
      const admin = credentials.admin;
      const ceremony = strictInvoker(sessionInvoker(core.bus, new HostSession('cli')), admin.username);
      progress('Key ceremony');
      init = await ceremony('console.init', {
        consoleName: credentials.consoleName,
        custodyTokenLabel: credentials.custody.tokenLabel,
        custodyPin: credentials.custody.pin,
        admin: { username: admin.username, displayName: admin.displayName, passphrase: admin.passphrase, tokenLabel: admin.tokenLabel, tokenPin: admin.tokenPin },
      });
      await ceremony('console.unlock', { pin: credentials.custody.pin });

      const sessions = new Map<DemoUsername, DemoInvoke>();
      const signIn = async (username: DemoUsername): Promise<DemoInvoke> => {
        const known = sessions.get(username);
        if (known) return known;
        const who = demoOperator(username);
        const invoke = strictInvoker(sessionInvoker(core.bus, new HostSession('cli')), username);
        await invoke('session.login', { username: who.username, passphrase: who.passphrase, tokenPin: who.tokenPin });
        sessions.set(username, invoke);
        return invoke;
      };
      const asAdmin: DemoInvoke = async (command, input) => (await signIn(admin.username))(command, input);
      const ctx: DemoContext = {
        credentials,
        dataDir,
        admin: asAdmin,
        progress,
        as: signIn,
        now: () => clock.now(),
        at(time) {
          clock.set(time);
          sessions.clear();
        },
      };
      for (const step of options.steps ?? DEMO_STEPS) {
        if (clock.now() > realNow) throw new VaultlineError('INTERNAL', `Demo step before "${step.name}" ran the demo clock past the present.`);
        progress(`Demo data: ${step.name}`);
        try {
          await step.run(ctx);
        } catch (error) {
          if (error instanceof VaultlineError) throw new VaultlineError(error.code, `Demo step "${step.name}": ${error.message}`, error.options);
          throw error;
        }
      }
      ctx.at(realNow > clock.now() ? realNow : clock.now());
      for (const step of options.steps ?? DEMO_STEPS) {
        if (!step.atPresent) continue;
        try {
          await step.atPresent(ctx);
        } catch (error) {
          if (error instanceof VaultlineError) throw new VaultlineError(error.code, `Demo step "${step.name}" (at the present): ${error.message}`, error.options);
          throw error;
        }
      }
    } finally {
      await core.close();
    }

    const credentialsFile = join(dataDir, DEMO_CREDENTIALS_FILE);
    writeFileAtomic(credentialsFile, formatCredentialsFile(dataDir, credentials), 0o600);
    return {
      dataDir,
      credentialsFile,
      consoleId: init.consoleId,
      identityFingerprint: init.identityFingerprint,
      warning: DEMO_WARNING,
      credentials,
    };
  } catch (error) {
    removeDemoFiles(dataDir, existed);
    throw error;
  }
}
