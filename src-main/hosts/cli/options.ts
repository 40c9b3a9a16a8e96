/**
 * Command-line options as data: each command lists the options it accepts, help is generated from
 * the same lists, and node:util parseArgs does the parsing. Secrets have only file and stdin
 * options here, never a value option (see secrets.ts).
 */
import { UsageError } from './usage-error';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** Placeholder shown in help, e.g. `DIR`. */
  readonly value?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What parseArgs hands back for a dynamic option set. */
export type ParsedValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export const GLOBAL_OPTIONS = {
  data: { type: 'string', value: 'DIR', description: 'data directory of the console (default: $VAULTLINE_DATA)' },
  json: { type: 'boolean', description: 'machine output: the result envelope {"ok":…} as JSON on stdout' },
  'pkcs11-module': { type: 'string', value: 'PATH', description: 'PKCS#11 module (default: SoftHSM2; a console keeps the one it was made with)' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
} as const satisfies OptionSpecs;

export const STDIN_SECRETS_OPTION = {
  'secrets-stdin': { type: 'boolean', description: 'read secrets from stdin as a JSON object (see "vaultline help")' },
} as const satisfies OptionSpecs;

export const UNLOCK_OPTIONS = {
  'pin-file': { type: 'string', value: 'FILE', description: 'custody token PIN, from this file' },
  ...STDIN_SECRETS_OPTION,
} as const satisfies OptionSpecs;

export const SIGN_IN_OPTIONS = {
  user: { type: 'string', value: 'NAME', description: 'operator to sign in as (default: $VAULTLINE_USER)' },
  'passphrase-file': { type: 'string', value: 'FILE', description: 'the operator’s passphrase, from this file' },
  'token-pin-file': { type: 'string', value: 'FILE', description: 'the PIN of the operator’s own token, from this file' },
  ...UNLOCK_OPTIONS,
} as const satisfies OptionSpecs;

export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredString(values: ParsedValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`, 'VALIDATION', `--${name}`);
  return value;
}

export function booleanOption(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

export function listOption(values: ParsedValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A whole number, or undefined when the option is absent; anything else is a usage error. */
export function integerOption(values: ParsedValues, name: string): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`, 'VALIDATION', `--${name}`);
  return Number(text);
}
