/**
 * The console's data directory: what lives where, and the console.json that records the key
 * ceremony's results. Nothing here is secret: keys stay in the token, the database key is stored
 * only wrapped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { VaultlineError } from '../errors';
import { writeFileAtomic } from '../platform/files';

export const DEFAULT_IDLE_TIMEOUT_SECONDS = 300;

const hex = z.string().regex(/^[0-9a-f]+$/);

export const consoleConfigSchema = z
  .object({
    formatVersion: z.literal(1),
    consoleId: z.string().min(1),
    consoleName: z.string().min(1),
    createdAt: z.string(),
    custody: z.object({
      modulePath: z.string().min(1),
      tokenLabel: z.string().min(1),
      wrappingKeyLabel: z.string().min(1),
      wrappingKeyId: hex,
      identityKeyLabel: z.string().min(1),
      identityKeyId: hex,
    }),
    operatorTokens: z.object({ modulePath: z.string().min(1) }),
    idleTimeoutSeconds: z.number().int().min(30).max(86_400).default(DEFAULT_IDLE_TIMEOUT_SECONDS),
  })
  .strict();

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const wrappedKeySchema = z
  .object({
    formatVersion: z.literal(1),
    /** RFC 5649 AES key wrap with padding, done inside the custody token. */
    mechanism: z.literal('CKM_AES_KEY_WRAP_PAD'),
    wrappingKeyId: hex,
    wrapped: z.string().min(1),
  })
  .strict();

export type WrappedKeyFile = z.infer<typeof wrappedKeySchema>;

export class DataDir {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  get configPath(): string {
    return join(this.root, 'console.json');
  }
  get databasePath(): string {
    return join(this.root, 'vaultline.db');
  }
  get wrappedKeyPath(): string {
    return join(this.root, 'db.key.wrapped');
  }
  get unlockAttemptsPath(): string {
    return join(this.root, 'unlock-attempts.json');
  }
  get pendingAuditPath(): string {
    return join(this.root, 'audit-pending.jsonl');
  }
  /** Present only in dev/demo directories made by hsm/make-dev-data.sh. */
  get softhsmConfPath(): string {
    return join(this.root, 'softhsm2.conf');
  }

  isInitialized(): boolean {
    return existsSync(this.configPath);
  }

  readConfig(): ConsoleConfig {
    if (!this.isInitialized()) throw new VaultlineError('NOT_INITIALIZED', `The data directory ${this.root} has no console yet; run "vaultline init" first.`);
    return parseJsonFile(this.configPath, consoleConfigSchema, 'console.json');
  }

  writeConfig(config: ConsoleConfig): void {
    writeFileAtomic(this.configPath, `${JSON.stringify(consoleConfigSchema.parse(config), null, 2)}\n`, 0o644);
  }

  readWrappedKey(): WrappedKeyFile {
    if (!existsSync(this.wrappedKeyPath)) throw new VaultlineError('DB_KEY_INVALID', `The wrapped database key ${this.wrappedKeyPath} is missing.`);
    return parseJsonFile(this.wrappedKeyPath, wrappedKeySchema, 'db.key.wrapped', 'DB_KEY_INVALID');
  }

  writeWrappedKey(file: WrappedKeyFile): void {
    writeFileAtomic(this.wrappedKeyPath, `${JSON.stringify(file, null, 2)}\n`, 0o600);
  }
}

function parseJsonFile<T>(path: string, schema: z.ZodType<T>, name: string, code: 'NOT_INITIALIZED' | 'DB_KEY_INVALID' | 'IO' = 'IO'): T {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new VaultlineError(code, `${name} is not readable JSON.`, { detail: String(error) });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new VaultlineError(code, `${name} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Where SoftHSM2's module usually lives; the first that exists is the default. */
export const SOFTHSM_MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
];

export function defaultModulePath(): string {
  return process.env.VAULTLINE_PKCS11_MODULE ?? SOFTHSM_MODULE_CANDIDATES.find((p) => existsSync(p)) ?? SOFTHSM_MODULE_CANDIDATES[0]!;
}
