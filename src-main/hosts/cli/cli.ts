/**
 * The CLI host: argv in, exit status out. Parses, refuses secrets on argv, runs one command through
 * the bus and reports it (result envelope with --json, text otherwise). Never throws.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toWireError, VaultlineError } from '../../errors';
import type { WireError } from '../../../src-shared/errors';
import { locate, refuseSecretsOnArgv, wantsJson } from './argv';
import type { CliCommand, GlobalOptions } from './command';
import { commandHelp, generalHelp, groupHelp } from './help';
import type { CliIo } from './io';
import { booleanOption, stringOption, type ParsedValues } from './options';
import { formatError, report, toJson } from './output';
import { CLI_COMMANDS } from './registry';
import { SecretSource } from './secrets';
import { CancelledError, EXIT, UsageError } from './usage-error';

function globalOptions(values: ParsedValues, env: NodeJS.ProcessEnv, command: CliCommand): GlobalOptions {
  // A command that reads only its own input (evidence verify) runs on any machine, without a console.
  const dataDir = stringOption(values, 'data') ?? env.VAULTLINE_DATA ?? (command.withoutConsole ? join(tmpdir(), 'vaultline-no-console') : undefined);
  if (!dataDir) throw new UsageError('no data directory: pass --data DIR or set VAULTLINE_DATA', 'VALIDATION', '--data');
  return { dataDir: resolve(dataDir), json: booleanOption(values, 'json'), modulePath: stringOption(values, 'pkcs11-module') };
}

function findByWords(words: readonly string[], catalogue: readonly CliCommand[]): CliCommand | undefined {
  return catalogue.find((c) => c.path.length === words.length && c.path.every((w, i) => words[i] === w));
}

/** Help asked for (exit 0) or shown because something was missing (exit 2). */
function helpFor(words: readonly string[], io: CliIo): number {
  if (words.length === 0) {
    io.out(generalHelp(CLI_COMMANDS));
    return EXIT.ok;
  }
  const command = findByWords(words, CLI_COMMANDS);
  if (command) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  if (words.length === 1 && CLI_COMMANDS.some((c) => c.path[0] === words[0])) {
    io.out(groupHelp(words[0]!, CLI_COMMANDS));
    return EXIT.ok;
  }
  throw new UsageError(`no command "${words.join(' ')}"; see "vaultline --help"`, 'UNKNOWN_COMMAND', words.join(' '));
}

function usageFailure(error: UsageError, json: boolean, io: CliIo): number {
  const wire: WireError = { code: error.code, message: error.message, ...(error.field ? { issues: [{ path: error.field, message: error.message }] } : {}) };
  if (json) io.out(toJson({ ok: false, error: wire }));
  else io.err(`vaultline: ${error.message}\nRun "vaultline --help" for usage.\n`);
  return EXIT.usage;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = wantsJson(argv);
  try {
    refuseSecretsOnArgv(argv);
    const located = locate(argv, CLI_COMMANDS);
    switch (located.kind) {
      case 'help':
        if (!located.explicit) {
          io.err(generalHelp(CLI_COMMANDS));
          return EXIT.usage;
        }
        return helpFor(located.words, io);
      case 'group':
        if (booleanOption(located.values, 'help')) return helpFor([located.group], io);
        io.err(groupHelp(located.group, CLI_COMMANDS));
        throw new UsageError(`"${located.group}" needs a subcommand`);
      case 'command': {
        const { command, values, args } = located;
        if (booleanOption(values, 'help')) {
          io.out(commandHelp(command));
          return EXIT.ok;
        }
        const global = globalOptions(values, io.env, command);
        const secrets = await SecretSource.create(values, io);
        return report(await command.run({ values, args, global, secrets, io }), json, io);
      }
      default: {
        const unknown: never = located;
        throw new Error(`unhandled ${String(unknown)}`);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error, json, io);
    if (error instanceof CancelledError) {
      io.err('vaultline: cancelled\n');
      return EXIT.cancelled;
    }
    // A VaultlineError carries an operator-safe message; anything else is reported generically.
    const wire = toWireError(error);
    if (!(error instanceof VaultlineError) && io.env.VAULTLINE_DEBUG) io.err(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    if (json) io.out(toJson({ ok: false, error: wire }));
    else io.err(formatError(wire));
    return EXIT.failed;
  }
}
