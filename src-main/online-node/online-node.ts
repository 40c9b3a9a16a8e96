/**
 * The online node's side of the exchange (`vaultline node …`, the same package in its own role):
 * it makes inbound bundles signed with its key (a PEM file or a PKCS#11 token), keeps its own
 * sequence state, and reads outbound bundles from the console, verified against the console key
 * it pinned from the console's identity card. It shares the format code with the console, but
 * none of the console's state: it has no database, no custody token and no operators.
 *
 * It also has an encryption key pair (X25519, for HPKE), separate from its signing key: it sends
 * the public key to the console in a `node-encryption-key` item, and opens the `sealed` items
 * (filed reports and their documents) of the outbound bundles it reads (src-main/bundles/sealing.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupFingerprint, type Party } from '../../src-shared/bundles/bundle-format';
import { referencedAttachments, rotationProofStatement, SEALING_SUITE, type ItemPayload, type JsonItemType } from '../../src-shared/bundles/item-schemas';
import { verifyApprovalPackage } from '../cases/sar-approval';
import { ITEM_TYPES } from '../../src-shared/bundles/item-types';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { signWithTokenKey } from '../hsm/node.keystore';
import { keyFingerprintHex, p256SpkiFrom, pemKeySigner, rawSigner, spkiToPem, type BundleSigner } from '../bundles/bundle-keys';
import { buildManifest, jsonItem, writeBundleFile, type OutgoingItem } from '../bundles/bundle.writer';
import { parseJsonItem, readBundle, type BundleSource, type ItemBody, type VerifiedBundle } from '../bundles/bundle.reader';
import { refuse } from '../bundles/bundle-refusal';
import { generateEncryptionKeyPair, openSealed } from '../bundles/sealing';
import { bundleFileName } from '../../src-shared/bundles/bundle-format';
import type { IndexLine } from '../../src-shared/bundles/bundle-format';
import { canonicalBytes } from '../bundles/canonical-json';
import { type NodeDir, type NodeConfig, type NodeKeySource } from './node-config';

/** Secrets the node asks for only when a key needs them. */
export interface NodeSecrets {
  /** Passphrase of an encrypted PEM key file. */
  keyPassphrase(source: NodeKeySource): Promise<string>;
  /** User PIN of the token holding the node key. */
  tokenPin(source: NodeKeySource): Promise<string>;
}

export interface ConsoleIdentityCard {
  readonly consoleId: string;
  readonly consoleName: string;
  readonly publicKeyPem: string;
  readonly fingerprintHex: string;
}

export interface MadeBundle {
  readonly path: string;
  readonly bytes: number;
  readonly bundleId: string;
  readonly bundleHash: string;
  readonly sequence: number;
  readonly itemCount: number;
}

export interface ReadResult {
  readonly verified: VerifiedBundle;
  readonly items: readonly { readonly line: IndexLine; readonly payload: unknown }[];
  readonly accepted: boolean;
}

export async function signerFor(source: NodeKeySource, secrets: NodeSecrets): Promise<BundleSigner> {
  const spki = Buffer.from(source.spki, 'base64');
  if (source.kind === 'pem') {
    const pem = readFileSync(source.path);
    const signer = pemKeySigner(pem, source.encrypted ? await secrets.keyPassphrase(source) : undefined);
    if (!Buffer.from(signer.spki).equals(spki)) throw new VaultlineError('VALIDATION', `The key in ${source.path} is not the one this node was set up with.`);
    return signer;
  }
  const pin = await secrets.tokenPin(source);
  return rawSigner(spki, (message) => signWithTokenKey(source.modulePath, source.tokenLabel, pin, source.keyLabel, message));
}

/**
 * A filed report goes on to the FIU only with the approval an MLRO signed with their own token:
 * their certificate signed by the pinned console key, the statement signed by the certified key,
 * naming this report and its kind. Anything else refuses the bundle.
 */
function checkFiledReportApproval(itemId: string, report: ItemPayload<'filed-report'>, consoleSpki: Uint8Array, consoleId: string): void {
  if (!report.approval) refuse('BUNDLE_ITEM_INVALID', `Filed report ${report.reportId} (item ${itemId}) carries no signed approval; the node forwards only reports a compliance officer signed.`);
  const approved = verifyApprovalPackage(report.approval, consoleSpki, consoleId);
  if (!approved) refuse('BUNDLE_ITEM_INVALID', `The approval of filed report ${report.reportId} (item ${itemId}) does not verify against the console's key: not a certified compliance officer's signature.`);
  if (approved.sarId !== report.reportId || approved.kind !== report.kind) {
    refuse('BUNDLE_ITEM_INVALID', `The approval in item ${itemId} is for ${approved.kind} ${approved.sarId}, not ${report.kind} ${report.reportId}.`);
  }
}

export class OnlineNode {
  constructor(
    readonly dir: NodeDir,
    private readonly clock: Clock,
  ) {}

  /** Set up a node directory: its id and name, its key, and the console it trusts. */
  static init(dir: NodeDir, request: { nodeId: string; nodeName: string; key: NodeKeySource; console: ConsoleIdentityCard }): NodeConfig {
    if (dir.exists()) throw new VaultlineError('ALREADY_INITIALIZED', `${dir.root} is an online-node directory already.`);
    const consoleSpki = p256SpkiFrom(request.console.publicKeyPem, 'console public key');
    const fingerprint = keyFingerprintHex(consoleSpki);
    if (fingerprint !== request.console.fingerprintHex) throw new VaultlineError('VALIDATION', 'The console identity card’s fingerprint does not match its public key.');
    const config: NodeConfig = {
      formatVersion: 1,
      nodeId: request.nodeId,
      nodeName: request.nodeName,
      key: request.key,
      console: { id: request.console.consoleId, name: request.console.consoleName, publicKeyPem: spkiToPem(consoleSpki), fingerprint },
    };
    dir.writeConfig(config);
    dir.writeState(dir.readState());
    return config;
  }

  get config(): NodeConfig {
    return this.dir.readConfig();
  }

  /** The node's identity card for the console's key ceremony. */
  identity(): { nodeId: string; nodeName: string; publicKeyPem: string; fingerprint: string; fingerprintHex: string } {
    const c = this.config;
    const spki = Buffer.from(c.key.spki, 'base64');
    const hex = keyFingerprintHex(spki);
    return { nodeId: c.nodeId, nodeName: c.nodeName, publicKeyPem: spkiToPem(spki), fingerprint: groupFingerprint(hex), fingerprintHex: hex };
  }

  private parties(c: NodeConfig): { me: Party; console: Party } {
    return {
      me: { kind: 'online-node', id: c.nodeId, name: c.nodeName, keyFingerprint: keyFingerprintHex(Buffer.from(c.key.spki, 'base64')) },
      console: { kind: 'console', id: c.console.id, name: c.console.name, keyFingerprint: c.console.fingerprint },
    };
  }

  /** Make the next inbound bundle from these items, signed, written atomically into `outDir`. */
  async createBundle(items: readonly OutgoingItem[], outDir: string, secrets: NodeSecrets): Promise<MadeBundle> {
    const c = this.config;
    const state = this.dir.readState();
    const { me, console } = this.parties(c);
    const built = await buildManifest(
      { direction: 'inbound', sender: me, recipient: console, sequence: state.sent.sequence + 1, previousBundleHash: state.sent.hash, createdAt: this.clock.now().toISOString() },
      items,
      await signerFor(c.key, secrets),
    );
    const path = join(outDir, bundleFileName(built.manifest));
    const bytes = await writeBundleFile(built, path);
    // The state moves only once the file is complete on disk.
    this.dir.writeState({ ...state, sent: { sequence: built.manifest.sequence, hash: built.bundleHash } });
    return { path, bytes, bundleId: built.manifest.bundleId, bundleHash: built.bundleHash, sequence: built.manifest.sequence, itemCount: built.manifest.itemCount };
  }

  /**
   * Announce a new node key: a `key-rotation` item (with a proof signed by the new key) in a bundle
   * signed by the current key. The node keeps signing with the current key until the console's
   * officers approve and `activateNextKey` is run.
   */
  async rotateKey(next: NodeKeySource, reason: string, outDir: string, secrets: NodeSecrets, extra: readonly OutgoingItem[] = []): Promise<MadeBundle> {
    const c = this.config;
    const oldFingerprint = keyFingerprintHex(Buffer.from(c.key.spki, 'base64'));
    const newFingerprint = keyFingerprintHex(Buffer.from(next.spki, 'base64'));
    if (oldFingerprint === newFingerprint) throw new VaultlineError('VALIDATION', 'The new key is the current key.');
    const nextSigner = await signerFor(next, secrets);
    const proof = await nextSigner.sign(canonicalBytes(rotationProofStatement(c.nodeId, oldFingerprint, newFingerprint)));
    const item = jsonItem(`key-rotation-${newFingerprint.slice(0, 16)}`, 'key-rotation', {
      nodeId: c.nodeId,
      newKeySpki: next.spki,
      newKeyFingerprint: newFingerprint,
      reason,
      proof: Buffer.from(proof).toString('base64'),
    });
    const made = await this.createBundle([item, ...extra], outDir, secrets);
    this.dir.writeConfig({ ...this.config, nextKey: next });
    return made;
  }

  /** After the console approved the rotation: sign with the new key from now on. */
  activateNextKey(): NodeConfig {
    const c = this.config;
    if (!c.nextKey) throw new VaultlineError('NOT_FOUND', 'No key rotation is waiting.');
    const { nextKey, ...rest } = c;
    const updated: NodeConfig = { ...rest, key: nextKey };
    this.dir.writeConfig(updated);
    return updated;
  }

  /**
   * Make a new encryption key pair and send its public key to the console in the next inbound
   * bundle (signed by the current signing key). The private key goes to a file of its own (mode
   * 0600) and the config keeps every earlier key, so items sealed before this rotation still open.
   */
  async sendEncryptionKey(outDir: string, secrets: NodeSecrets, extra: readonly OutgoingItem[] = []): Promise<MadeBundle & { fingerprint: string }> {
    const c = this.config;
    const pair = await generateEncryptionKeyPair();
    const path = join(this.dir.root, `encryption-${pair.fingerprint.slice(0, 16)}.key`);
    writeFileSync(path, `${pair.privateKey.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    pair.privateKey.fill(0);
    const createdAt = this.clock.now().toISOString();
    const entry = { fingerprint: pair.fingerprint, publicKey: pair.publicKey.toString('base64'), path, createdAt };
    // Kept before the bundle exists: a key the console never hears of costs nothing, a sealed item
    // the node cannot open would.
    this.dir.writeConfig({ ...c, encryptionKeys: [...(c.encryptionKeys ?? []), entry] });
    const item = jsonItem(`node-encryption-key-${pair.fingerprint.slice(0, 16)}`, 'node-encryption-key', { nodeId: c.nodeId, suite: SEALING_SUITE, publicKey: entry.publicKey, fingerprint: pair.fingerprint, createdAt });
    const made = await this.createBundle([item, ...extra], outDir, secrets);
    return { ...made, fingerprint: pair.fingerprint };
  }

  private encryptionPrivateKey(c: NodeConfig, fingerprint: string): Uint8Array | undefined {
    const entry = c.encryptionKeys?.find((k) => k.fingerprint === fingerprint);
    if (!entry) return undefined;
    let raw: Buffer;
    try {
      raw = Buffer.from(readFileSync(entry.path, 'utf8').trim(), 'base64');
    } catch (error) {
      throw new VaultlineError('IO', `The encryption key file ${entry.path} cannot be read: ${error instanceof Error ? error.message : String(error)}.`);
    }
    if (raw.length !== 32) throw new VaultlineError('DB_CORRUPT', `The encryption key file ${entry.path} does not hold a 32-byte key.`);
    return raw;
  }

  /**
   * Verify an outbound bundle from the console (signature with the pinned console key, addressed
   * to this node, next in sequence, chained) and, unless `dryRun`, record it as taken. Sealed items
   * are opened (a changed one, or one sealed for another bundle or item, refuses the bundle) and
   * given to `onItem` and `items` as what they hold: their real type, size and hash, and for a
   * sealed attachment its bytes.
   */
  async read(source: BundleSource, options: { dryRun?: boolean; onItem?: (line: IndexLine, body: ItemBody) => unknown } = {}): Promise<ReadResult> {
    const c = this.config;
    const state = this.dir.readState();
    const consoleSpki = p256SpkiFrom(c.console.publicKeyPem, 'console public key');
    const mine = [c.key, ...(c.nextKey ? [c.nextKey] : [])].map((k) => keyFingerprintHex(Buffer.from(k.spki, 'base64')));
    const items: { line: IndexLine; payload: unknown }[] = [];
    // Sealed items: their envelope is collected while it streams, opened once its hash matched.
    const envelopes = new Map<string, Buffer[]>();
    const opened = new Set<string>();
    const references = new Map<string, string>();
    let bundleId = '';
    const deliver = async (line: IndexLine, body: ItemBody): Promise<void> => {
      if (line.type === 'filed-report' && body.kind === 'json') checkFiledReportApproval(line.id, body.payload as ItemPayload<'filed-report'>, consoleSpki, c.console.id);
      if (body.kind === 'json' && items.length < 10_000) items.push({ line, payload: body.payload });
      await options.onItem?.(line, body);
    };
    const verified = await readBundle(
      source,
      {
        direction: 'outbound',
        recipient: { id: c.nodeId, keyFingerprints: mine },
        keys: [{ fingerprint: c.console.fingerprint, spki: consoleSpki, status: 'active', ownerId: c.console.id }],
        chain: {
          lastSequence: state.received.sequence,
          lastHash: state.received.hash,
          isKnown: (hash, id) => state.receivedRecent.some((r) => r.hash === hash || r.bundleId === id),
        },
      },
      {
        manifest: ({ manifest }) => {
          bundleId = manifest.bundleId;
        },
        attachmentChunk: (line, chunk) => {
          if (line.type !== 'sealed') return;
          const parts = envelopes.get(line.id) ?? [];
          parts.push(chunk);
          envelopes.set(line.id, parts);
        },
        item: async (line, body) => {
          if (line.type !== 'sealed') return deliver(line, body);
          const envelope = Buffer.concat(envelopes.get(line.id) ?? []);
          envelopes.delete(line.id);
          const inner = await openSealed((fp) => this.encryptionPrivateKey(c, fp), { bundleId, itemId: line.id }, envelope);
          const innerLine: IndexLine = { id: line.id, type: inner.type, size: inner.bytes.length, sha256: inner.sha256, contentType: inner.contentType };
          if (ITEM_TYPES[inner.type].json) {
            const payload = parseJsonItem(innerLine, inner.bytes);
            for (const ref of referencedAttachments(inner.type as JsonItemType, payload)) references.set(ref, line.id);
            return deliver(innerLine, { kind: 'json', payload, bytes: inner.bytes });
          }
          opened.add(line.id);
          return deliver(innerLine, { kind: 'attachment', bytes: inner.bytes });
        },
      },
    );
    // A sealed filed report names a document that must be in the bundle too (sealed, as it travels).
    for (const [ref, by] of references) {
      if (!opened.has(ref)) refuse('BUNDLE_ITEM_INVALID', `Sealed item ${by} refers to attachment ${ref}, which is not a sealed attachment of the bundle.`);
    }
    if (!options.dryRun) {
      const recent = [...state.receivedRecent, { bundleId: verified.manifest.bundleId, hash: verified.bundleHash }].slice(-1000);
      this.dir.writeState({ ...state, received: { sequence: verified.manifest.sequence, hash: verified.bundleHash }, receivedRecent: recent });
    }
    return { verified, items, accepted: !options.dryRun };
  }
}
