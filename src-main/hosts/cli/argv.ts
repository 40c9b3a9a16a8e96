/**
 * From argv to a command and its parsed options, in three steps: refuse anything that looks like a
 * secret passed on the command line, find which command the words name, then parse strictly with
 * that command's options (node:util parseArgs), so an unknown option is a usage error.
 */
import { parseArgs } from 'node:util';
import type { CliCommand } from './command';
import { GLOBAL_OPTIONS, type OptionSpecs, type ParsedValues } from './options';
import { SECRET_FILE_OPTIONS } from './secrets';
import { UsageError } from './usage-error';

/** Option names that would carry a secret's value. */
const SECRET_OPTION_NAME = /pin|passphrase|password|passwd|secret|seed|mnemonic|private-?key/i;
const ALLOWED_SECRET_OPTIONS: ReadonlySet<string> = new Set([...Object.values(SECRET_FILE_OPTIONS), 'secrets-stdin']);

/** Tokens before `--` (after it, everything is positional for parseArgs). */
function optionTokens(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

export function wantsJson(argv: readonly string[]): boolean {
  return optionTokens(argv).includes('--json');
}

/**
 * Refuse `--pin 1234`, `--passphrase=…`, `--custody-pin …` and the like before anything else runs,
 * naming the safe alternatives. The value itself is never echoed.
 */
export function refuseSecretsOnArgv(argv: readonly string[]): void {
  for (const token of optionTokens(argv)) {
    if (!token.startsWith('--')) continue;
    const name = token.slice(2).split('=')[0] ?? '';
    if (SECRET_OPTION_NAME.test(name) && !ALLOWED_SECRET_OPTIONS.has(name)) {
      throw new UsageError(
        `refusing --${name}: secrets are never taken from the command line (other users can see a process's arguments, and shells keep them in history). ` +
          'Give it in a file (--pin-file, --passphrase-file, --token-pin-file, …), as JSON on stdin with --secrets-stdin, or type it at the prompt.',
        'VALIDATION',
        `--${name}`,
      );
    }
  }
}

function toParseArgsConfig(specs: OptionSpecs) {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) }]),
  );
}

function parseErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // parseArgs suggests "--" for values that start with a dash; our values never need it.
  return message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
}

export type Located =
  | { readonly kind: 'command'; readonly command: CliCommand; readonly values: ParsedValues; readonly args: readonly string[] }
  /** `explicit`: asked for (`help`, `--help`), as opposed to shown because no command was given. */
  | { readonly kind: 'help'; readonly words: readonly string[]; readonly values: ParsedValues; readonly explicit: boolean }
  | { readonly kind: 'group'; readonly group: string; readonly values: ParsedValues };

/** Find the command named by the positional words and parse argv strictly for it. */
export function locate(argv: readonly string[], catalogue: readonly CliCommand[]): Located {
  // A loose pass with every option any command knows, only to tell option values from words.
  const allOptions: OptionSpecs = Object.assign({}, GLOBAL_OPTIONS, ...catalogue.map((c) => c.options)) as OptionSpecs;
  const loose = parseArgs({ args: [...argv], options: toParseArgsConfig(allOptions), strict: false, allowPositionals: true });
  const words = loose.positionals;

  if (words[0] === 'help') {
    const strict = parseStrict(argv, GLOBAL_OPTIONS);
    return { kind: 'help', words: strict.positionals.slice(1), values: strict.values, explicit: true };
  }
  const command = matchCommand(words, catalogue);
  if (!command) {
    if (words.length === 0) {
      const values = parseStrict(argv, GLOBAL_OPTIONS).values;
      return { kind: 'help', words: [], values, explicit: values.help === true };
    }
    const group = words[0]!;
    if (catalogue.some((c) => c.path.length > 1 && c.path[0] === group)) {
      if (words.length > 1) throw new UsageError(`unknown command "${words.slice(0, 2).join(' ')}"; see "vaultline ${group} --help"`, 'UNKNOWN_COMMAND');
      return { kind: 'group', group, values: loose.values };
    }
    throw new UsageError(`unknown command "${group}"; see "vaultline --help"`, 'UNKNOWN_COMMAND');
  }

  const parsed = parseStrict(argv, { ...GLOBAL_OPTIONS, ...command.options });
  const args = parsed.positionals.slice(command.path.length);
  const expected = command.args ?? [];
  if (parsed.values.help !== true && args.length !== expected.length) {
    const usage = `vaultline ${[...command.path, ...expected].join(' ')}`;
    throw new UsageError(args.length < expected.length ? `missing ${expected[args.length]}: ${usage}` : `unexpected argument "${args[expected.length]}": ${usage}`);
  }
  return { kind: 'command', command, values: parsed.values, args };
}

function matchCommand(words: readonly string[], catalogue: readonly CliCommand[]): CliCommand | undefined {
  const matches = catalogue.filter((c) => c.path.every((word, i) => words[i] === word));
  return matches.sort((a, b) => b.path.length - a.path.length)[0];
}

function parseStrict(argv: readonly string[], options: OptionSpecs): { values: ParsedValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: toParseArgsConfig(options), strict: true, allowPositionals: true });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(parseErrorMessage(error));
  }
}
