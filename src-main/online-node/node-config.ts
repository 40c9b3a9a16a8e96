/**
 * The online node's own directory (`vaultline node --node-dir DIR`): who it is, which key signs
 * its bundles, the console it talks to (pinned from the console's identity card), and its
 * sequence state in each direction. Plain files, written atomically; no secrets (a PEM key file
 * lives where its path says, ideally encrypted, and a token key never leaves its token; the
 * encryption keys' private halves are files of their own beside it, mode 0600).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { GENESIS_BUNDLE_HASH, hex64 } from '../../src-shared/bundles/bundle-format';
import { VaultlineError } from '../errors';
import { writeFileAtomic } from '../platform/files';

const nodeId = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/);

export const nodeKeySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pem'), path: z.string().min(1), encrypted: z.boolean(), spki: z.string().min(80) }).strict(),
  z.object({ kind: z.literal('pkcs11'), modulePath: z.string().min(1), tokenLabel: z.string().min(1).max(32), keyLabel: z.string().min(1).max(64), spki: z.string().min(80) }).strict(),
]);
export type NodeKeySource = z.infer<typeof nodeKeySource>;

export const nodeConfigSchema = z
  .object({
    formatVersion: z.literal(1),
    nodeId,
    nodeName: z.string().min(1).max(80),
    key: nodeKeySource,
    /** A key announced by a rotation bundle, used once the console's officers approve it. */
    nextKey: nodeKeySource.optional(),
    console: z.object({ id: z.string().min(3).max(64), name: z.string().min(1).max(80), publicKeyPem: z.string().min(100), fingerprint: hex64 }).strict(),
    /**
     * Its HPKE encryption keys (X25519), oldest first; the last is the one it sent most recently.
     * Earlier ones are kept so items sealed before a rotation still open. `path` is the private key
     * file (raw 32 bytes, base64, mode 0600).
     */
    encryptionKeys: z.array(z.object({ fingerprint: hex64, publicKey: z.string().min(40).max(60), path: z.string().min(1), createdAt: z.string() }).strict()).max(100).optional(),
  })
  .strict();
export type NodeConfig = z.infer<typeof nodeConfigSchema>;

const chain = z.object({ sequence: z.number().int().min(0), hash: hex64 }).strict();
export const nodeStateSchema = z
  .object({
    formatVersion: z.literal(1),
    /** The last bundle this node made (online node → console). */
    sent: chain,
    /** The last bundle this node accepted from the console, and the recent ones it took (replays). */
    received: chain,
    receivedRecent: z.array(z.object({ bundleId: z.string(), hash: hex64 }).strict()).max(1000),
  })
  .strict();
export type NodeState = z.infer<typeof nodeStateSchema>;

export const NEW_STATE: NodeState = { formatVersion: 1, sent: { sequence: 0, hash: GENESIS_BUNDLE_HASH }, received: { sequence: 0, hash: GENESIS_BUNDLE_HASH }, receivedRecent: [] };

export class NodeDir {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  get configPath(): string {
    return join(this.root, 'node.json');
  }
  get statePath(): string {
    return join(this.root, 'node-state.json');
  }
  exists(): boolean {
    return existsSync(this.configPath);
  }
  readConfig(): NodeConfig {
    return this.read(this.configPath, nodeConfigSchema, 'node.json');
  }
  writeConfig(config: NodeConfig): void {
    writeFileAtomic(this.configPath, `${JSON.stringify(nodeConfigSchema.parse(config), null, 2)}\n`);
  }
  readState(): NodeState {
    return existsSync(this.statePath) ? this.read(this.statePath, nodeStateSchema, 'node-state.json') : NEW_STATE;
  }
  writeState(state: NodeState): void {
    writeFileAtomic(this.statePath, `${JSON.stringify(nodeStateSchema.parse(state), null, 2)}\n`);
  }
  private read<T>(path: string, schema: z.ZodType<T>, what: string): T {
    if (!existsSync(path)) throw new VaultlineError('NOT_INITIALIZED', `${this.root} is not an online-node directory (no ${what}); run "vaultline node init" first.`);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new VaultlineError('DB_CORRUPT', `${path} is not valid JSON.`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new VaultlineError('DB_CORRUPT', `${path} is not a valid ${what}: ${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`);
    return parsed.data;
  }
}
