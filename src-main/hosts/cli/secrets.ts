/**
 * Where the CLI gets secrets (PINs, passphrases). Never from argv: other users can read a process's
 * arguments, and shells keep them in history. In order of precedence:
 *   1. a file named by an option (`--pin-file F`), with one trailing newline trimmed;
 *   2. stdin, with `--secrets-stdin`: one JSON object (STDIN_SECRETS below);
 *   3. a prompt without echo, when stdin is a terminal.
 * JS strings cannot be zeroed; buffers read from files are (with no guarantee the engine kept no
 * other copy), and the strings are dropped as soon as the command has them.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { stringOption, booleanOption, type ParsedValues } from './options';
import { promptHidden } from './prompt';
import { readAll } from './stdin';
import { UsageError } from './usage-error';
import type { CliIo } from './io';

export const SECRET_NAMES = ['pin', 'passphrase', 'tokenPin', 'newPassphrase', 'newTokenPin'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** The option that names a file holding each secret. */
export const SECRET_FILE_OPTIONS: Readonly<Record<SecretName, string>> = {
  pin: 'pin-file',
  passphrase: 'passphrase-file',
  tokenPin: 'token-pin-file',
  newPassphrase: 'new-passphrase-file',
  newTokenPin: 'new-token-pin-file',
};

const MAX_STDIN_BYTES = 1024 * 1024;
const MAX_SECRET_FILE_BYTES = 64 * 1024;
const CONFIRM_ATTEMPTS = 3;

const secretText = z.string().min(1, 'must not be empty');
/** What `--secrets-stdin` reads. `input` is merged into the input of `vaultline call`. */
export const STDIN_SECRETS = z
  .object({
    pin: secretText.optional(),
    passphrase: secretText.optional(),
    tokenPin: secretText.optional(),
    newPassphrase: secretText.optional(),
    newTokenPin: secretText.optional(),
    input: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type StdinSecrets = z.infer<typeof STDIN_SECRETS>;

export interface AskOptions {
  /** Ask twice and compare: for a secret being set now (a new passphrase), not one being checked. */
  readonly confirm?: boolean;
}

export class SecretSource {
  private constructor(
    private readonly values: ParsedValues,
    private readonly io: CliIo,
    private readonly fromStdin: StdinSecrets | undefined,
  ) {}

  /** Reads stdin now when `--secrets-stdin` was given, so a malformed object fails first. */
  static async create(values: ParsedValues, io: CliIo): Promise<SecretSource> {
    if (!booleanOption(values, 'secrets-stdin')) return new SecretSource(values, io, undefined);
    const text = await readAll(io.stdin, MAX_STDIN_BYTES);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError('--secrets-stdin: stdin is not a JSON object', 'VALIDATION', '--secrets-stdin');
    }
    const parsed = STDIN_SECRETS.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(object)'}: ${i.message}`).join('; ');
      throw new UsageError(`--secrets-stdin: ${problems} (expected keys: ${[...SECRET_NAMES, 'input'].join(', ')})`, 'VALIDATION', '--secrets-stdin');
    }
    return new SecretSource(values, io, parsed.data);
  }

  /** The object under `input` in the stdin secrets, for `vaultline call`. */
  get inputOverlay(): Readonly<Record<string, unknown>> | undefined {
    return this.fromStdin?.input;
  }

  /** Whether a secret is available without asking (file or stdin). */
  has(name: SecretName): boolean {
    return stringOption(this.values, SECRET_FILE_OPTIONS[name]) !== undefined || this.fromStdin?.[name] !== undefined;
  }

  /** The secret `name`, described to the operator as `label` (e.g. "custody token PIN"). */
  async get(name: SecretName, label: string, options: AskOptions = {}): Promise<string> {
    const fileOption = SECRET_FILE_OPTIONS[name];
    const file = stringOption(this.values, fileOption);
    if (file !== undefined) return this.readSecretFile(fileOption, file, label);
    if (this.fromStdin) {
      const value = this.fromStdin[name];
      if (value === undefined) throw new UsageError(`--secrets-stdin gave no "${name}" (the ${label})`, 'VALIDATION', name);
      return value;
    }
    if (this.io.interactive) return this.ask(label, options.confirm === true);
    throw new UsageError(
      `the ${label} is needed: pass --${fileOption} FILE, or --secrets-stdin with {"${name}": "…"}, or run in a terminal to be prompted`,
      'VALIDATION',
      name,
    );
  }

  private readSecretFile(option: string, path: string, label: string): string {
    let bytes: Buffer;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new UsageError(`--${option} ${path} is not a file`, 'VALIDATION', `--${option}`);
      if (stat.size > MAX_SECRET_FILE_BYTES) throw new UsageError(`--${option} ${path} is too large for a secret`, 'VALIDATION', `--${option}`);
      // Like ssh with a private key: say so when others may read the secret.
      if ((stat.mode & 0o077) !== 0) this.io.err(`vaultline: warning: ${path} (the ${label}) is readable by other users; chmod 600 it\n`);
      bytes = readFileSync(path);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new UsageError(`cannot read --${option} ${path} (${reason})`, 'VALIDATION', `--${option}`);
    }
    try {
      const text = bytes.toString('utf8').replace(/\r?\n$/, '');
      if (text === '') throw new UsageError(`--${option} ${path} is empty`, 'VALIDATION', `--${option}`);
      return text;
    } finally {
      bytes.fill(0);
    }
  }

  private async ask(label: string, confirm: boolean): Promise<string> {
    for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
      const first = await promptHidden(this.io.stdin, `${capitalise(label)}: `);
      if (!confirm) return first;
      const second = await promptHidden(this.io.stdin, `Repeat the ${label}: `);
      if (first === second) return first;
      this.io.err('They do not match; try again.\n');
    }
    throw new UsageError(`the ${label} was not confirmed`);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
