/**
 * One CLI run's view of the console: a core for the data directory, with a host session that
 * remembers the login, exactly as the Electron and browser hosts keep theirs. Each run unlocks and
 * signs in only as far as its command needs, then closes the core, which locks it.
 */
import { existsSync } from 'node:fs';
import { createCore, type Core } from '../../core/core';
import { HostSession, sessionInvoker } from '../../bus/host-session';
import { stderrLogger } from '../../platform/logger';
import type { CommandInput, CommandName, CommandOutput } from '../../../src-shared/commands';
import type { Result, WireError } from '../../../src-shared/errors';
import type { GlobalOptions, Outcome } from './command';
import { failed } from './command';
import { promptVisible } from './prompt';
import type { SecretSource } from './secrets';
import type { CliIo } from './io';
import { stringOption, type ParsedValues } from './options';
import { UsageError } from './usage-error';

export interface Needs {
  /** Open the database: custody token PIN. */
  readonly unlock: boolean;
  /** Sign in an operator: username, passphrase, token PIN. */
  readonly signIn: boolean;
}

export class CliConsole {
  readonly #session = new HostSession('cli');
  readonly #invoke: (command: unknown, input: unknown) => Promise<Result<unknown>>;

  constructor(readonly core: Core) {
    this.#invoke = sessionInvoker(core.bus, this.#session);
  }

  static open(global: GlobalOptions): CliConsole {
    return new CliConsole(createCore({ dataDir: global.dataDir, modulePath: global.modulePath, logger: stderrLogger('error'), idleCheckMs: 0 }));
  }

  /** A catalogue command with input the CLI built itself. */
  call<N extends CommandName>(command: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>>> {
    return this.#invoke(command, input) as Promise<Result<CommandOutput<N>>>;
  }

  /** A catalogue command with input taken from the operator as is; the bus validates it. */
  callUnchecked<N extends CommandName>(command: N, input: unknown): Promise<Result<CommandOutput<N>>> {
    return this.#invoke(command, input) as Promise<Result<CommandOutput<N>>>;
  }

  /** Any command name at all (`vaultline call`): the bus answers an unknown one too, and audits it. */
  callAny(command: string, input: unknown): Promise<Result<unknown>> {
    return this.#invoke(command, input);
  }

  /** Unlock with the custody token PIN; undefined when unlocked, else why not. */
  async unlock(secrets: SecretSource): Promise<WireError | undefined> {
    const status = await this.call('console.status', {});
    if (!status.ok) return status.error;
    if (!status.value.initialized) {
      return { code: 'NOT_INITIALIZED', message: `There is no console in ${this.core.console.dataDir.root}; run "vaultline init" (or "vaultline demo") first.` };
    }
    if (!status.value.locked) return undefined;
    // Spaced-out retries: say when, rather than ask for a PIN that would be refused unread.
    if (status.value.unlockBlockedUntil) {
      return { code: 'UNLOCK_THROTTLED', message: `Too many wrong PINs; the next attempt is allowed at ${status.value.unlockBlockedUntil}.` };
    }
    const pin = await secrets.get('pin', `custody token PIN (${status.value.custodyTokenLabel ?? 'custody token'})`);
    const result = await this.call('console.unlock', { pin });
    return result.ok ? undefined : result.error;
  }

  /** Sign in through the bus: passphrase, then a challenge signed by the operator's token. */
  async signIn(secrets: SecretSource, username: string): Promise<WireError | undefined> {
    const passphrase = await secrets.get('passphrase', `passphrase of ${username}`);
    const tokenPin = await secrets.get('tokenPin', `token PIN of ${username}`);
    const result = await this.call('session.login', { username, passphrase, tokenPin });
    return result.ok ? undefined : result.error;
  }

  close(): Promise<void> {
    return this.core.close();
  }
}

/** The operator to sign in as: --user, $VAULTLINE_USER, or asked for at a terminal. */
export async function resolveUsername(values: ParsedValues, io: CliIo): Promise<string> {
  const given = stringOption(values, 'user') ?? io.env.VAULTLINE_USER;
  if (given) return given;
  if (io.interactive) {
    const typed = await promptVisible(io.stdin, 'Operator username: ');
    if (typed) return typed;
  }
  throw new UsageError('this command needs a signed-in operator: pass --user NAME (or set VAULTLINE_USER)', 'VALIDATION', '--user');
}

/**
 * Open the console, unlock and sign in as `needs` says, run `body`, and close (which locks) even
 * when something fails. The first refusal (wrong PIN, wrong passphrase) is the outcome.
 */
export async function withConsole(
  ctx: { readonly global: GlobalOptions; readonly values: ParsedValues; readonly secrets: SecretSource; readonly io: CliIo },
  needs: Needs,
  body: (console: CliConsole) => Promise<Outcome>,
): Promise<Outcome> {
  if (needs.unlock && !existsSync(ctx.global.dataDir)) {
    return failed({ code: 'NOT_INITIALIZED', message: `The data directory ${ctx.global.dataDir} does not exist; run "vaultline init" (or "vaultline demo") first.` });
  }
  // Ask for the username before any secret, so a script that forgot it fails before unlocking.
  const username = needs.signIn ? await resolveUsername(ctx.values, ctx.io) : undefined;
  const cli = CliConsole.open(ctx.global);
  try {
    if (needs.unlock || needs.signIn) {
      const refused = await cli.unlock(ctx.secrets);
      if (refused) return failed(refused);
    }
    if (username !== undefined) {
      const refused = await cli.signIn(ctx.secrets, username);
      if (refused) return failed(refused);
    }
    return await body(cli);
  } finally {
    await cli.close();
  }
}
