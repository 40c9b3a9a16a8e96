import { readFileSync } from 'node:fs';
import { commands, isCommandName } from '../../../../src-shared/commands';
import { fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { SIGN_IN_OPTIONS, stringOption, type ParsedValues } from '../options';
import { toJson } from '../output';
import { UsageError } from '../usage-error';

/** Keys that hold secrets wherever they appear (the bus's redaction uses the same idea). */
const SECRET_KEY = /pin$|passphrase|password|secret|seed|mnemonic|private.?key/i;

function catalogueHelp(): string {
  const rows = Object.values(commands).map((spec) => {
    const access = spec.access === 'public' ? 'public' : spec.access === 'session' ? 'any operator' : spec.access.roles.join('|');
    return `  ${spec.name.padEnd(26)} ${spec.summary} [${access}]`;
  });
  return rows.join('\n');
}

function parseJson(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${source} is not valid JSON`, 'VALIDATION', source);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${source} must be a JSON object`, 'VALIDATION', source);
  return value as Record<string, unknown>;
}

/** Dotted paths of secret-looking keys, and of the command's declared secrets, present in `input`. */
function secretPaths(input: unknown, declared: readonly string[], prefix = ''): string[] {
  if (input === null || typeof input !== 'object') return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (SECRET_KEY.test(key) || declared.includes(path)) found.push(path);
    else found.push(...secretPaths(value, declared, path));
  }
  return found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `overlay` merged into `base`, objects key by key, anything else replaced. */
function deepMerge(base: Readonly<Record<string, unknown>>, overlay: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function inputFromArgs(values: ParsedValues, declaredSecrets: readonly string[]): Record<string, unknown> {
  const inline = stringOption(values, 'input');
  const file = stringOption(values, 'input-file');
  if (inline !== undefined && file !== undefined) throw new UsageError('give --input or --input-file, not both', 'VALIDATION', '--input');
  if (inline !== undefined) {
    const input = parseJson(inline, '--input');
    const secrets = secretPaths(input, declaredSecrets);
    if (secrets.length > 0) {
      throw new UsageError(
        `refusing --input with ${secrets.join(', ')}: secrets are never taken from the command line; pass them with --secrets-stdin as {"input": {…}} (or use --input-file)`,
        'VALIDATION',
        '--input',
      );
    }
    return input;
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`cannot read --input-file ${file}`, 'VALIDATION', '--input-file');
    }
    return parseJson(text, '--input-file');
  }
  return {};
}

export const callCommand: CliCommand = {
  path: ['call'],
  args: ['<command>'],
  summary: 'Run any command of the catalogue with JSON input',
  details: [
    'Unlocks and signs in (--user) only when the command needs it. Input comes from --input JSON',
    '(which must hold no secret) or --input-file FILE; secrets of the input come from --secrets-stdin',
    'as {"input": {…}}, merged into it. The unlock PIN and sign-in secrets are "pin", "passphrase"',
    'and "tokenPin" at the top level of that object, or the usual --pin-file … options.',
    '',
    'Example: echo \'{"pin":"…","passphrase":"…","tokenPin":"…"}\' | vaultline call audit.list \\',
    '           --user otto --input \'{"limit": 5}\' --secrets-stdin --json',
    '',
    'Commands:',
    catalogueHelp(),
  ].join('\n'),
  options: {
    input: { type: 'string', value: 'JSON', description: 'the command’s input as a JSON object (default {})' },
    'input-file': { type: 'string', value: 'FILE', description: 'the command’s input from a JSON file' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const name = ctx.args[0] ?? '';
    const spec = isCommandName(name) ? commands[name] : undefined;
    const fromArgs = inputFromArgs(ctx.values, spec?.secrets ?? []);
    const overlay = ctx.secrets.inputOverlay;
    const input = overlay ? deepMerge(fromArgs, overlay) : fromArgs;
    // An unknown name goes to the bus all the same: it answers UNKNOWN_COMMAND and audits the try.
    const needs = spec ? { unlock: spec.needsUnlock, signIn: spec.access !== 'public' } : { unlock: false, signIn: false };
    return withConsole(ctx, needs, async (cli) => fromResult(await cli.callAny(name, input), (value) => toJson(value)));
  },
};
