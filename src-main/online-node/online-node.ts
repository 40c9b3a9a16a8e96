/**
 * The online node's side of the exchange (`vaultline node …`, the same package in its own role):
 * it makes inbound bundles signed with its key (a PEM file or a PKCS#11 token), keeps its own
 * sequence state, and reads outbound bundles from the console, verified against the console key
 * it pinned from the console's identity card. It shares the format code with the console, but
 * none of the console's state: it has no database, no custody token and no operators.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupFingerprint, type Party } from '../../src-shared/bundles/bundle-format';
import { rotationProofStatement } from '../../src-shared/bundles/item-schemas';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { signWithTokenKey } from '../hsm/node.keystore';
import { keyFingerprintHex, p256SpkiFrom, pemKeySigner, rawSigner, spkiToPem, type BundleSigner } from '../bundles/bundle-keys';
import { buildManifest, jsonItem, writeBundleFile, type OutgoingItem } from '../bundles/bundle.writer';
import { readBundle, type BundleSource, type ItemBody, type VerifiedBundle } from '../bundles/bundle.reader';
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
   * Verify an outbound bundle from the console (signature with the pinned console key, addressed
   * to this node, next in sequence, chained) and, unless `dryRun`, record it as taken.
   */
  async read(source: BundleSource, options: { dryRun?: boolean; onItem?: (line: IndexLine, body: ItemBody) => void } = {}): Promise<ReadResult> {
    const c = this.config;
    const state = this.dir.readState();
    const consoleSpki = p256SpkiFrom(c.console.publicKeyPem, 'console public key');
    const mine = [c.key, ...(c.nextKey ? [c.nextKey] : [])].map((k) => keyFingerprintHex(Buffer.from(k.spki, 'base64')));
    const items: { line: IndexLine; payload: unknown }[] = [];
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
        item: (line, body) => {
          if (body.kind === 'json' && items.length < 10_000) items.push({ line, payload: body.payload });
          options.onItem?.(line, body);
        },
      },
    );
    if (!options.dryRun) {
      const recent = [...state.receivedRecent, { bundleId: verified.manifest.bundleId, hash: verified.bundleHash }].slice(-1000);
      this.dir.writeState({ ...state, received: { sequence: verified.manifest.sequence, hash: verified.bundleHash }, receivedRecent: recent });
    }
    return { verified, items, accepted: !options.dryRun };
  }
}
