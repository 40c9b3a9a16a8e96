/** An online node for tests: its own directory with a software key, pinned by the console's admin. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { NodeDir } from '../../src-main/online-node/node-config';
import { OnlineNode, type NodeSecrets } from '../../src-main/online-node/online-node';
import type { NodeKeySource } from '../../src-main/online-node/node-config';
import { systemClock, type Clock } from '../../src-main/platform/clock';
import { ok } from './dev-data';

export const NO_SECRETS: NodeSecrets = {
  keyPassphrase: () => Promise.reject(new Error('no passphrase in tests')),
  tokenPin: () => Promise.reject(new Error('no token in tests')),
};

/** A new PEM key file in `dir`, as a node key source. */
export function pemKey(dir: string, name: string): NodeKeySource {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const path = join(dir, `${name}.pem`);
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { kind: 'pem', path, encrypted: false, spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

/** A node directory set up against this console's identity card. */
export async function makeNode(core: Core, caller: CallerContext, root: string, nodeId = 'node-1', clock: Clock = systemClock): Promise<OnlineNode> {
  const card = await ok(core, 'bundles.identity', {}, caller);
  mkdirSync(root, { recursive: true });
  const dir = new NodeDir(root);
  OnlineNode.init(dir, { nodeId, nodeName: `Online node ${nodeId}`, key: pemKey(root, 'node-key'), console: { consoleId: card.consoleId, consoleName: card.consoleName, publicKeyPem: card.publicKeyPem, fingerprintHex: card.fingerprintHex } });
  return new OnlineNode(dir, clock);
}

/** The key ceremony, as an admin would do it: the fingerprint read off the node, typed back. */
export async function pinNode(core: Core, admin: CallerContext, node: OnlineNode): Promise<void> {
  const id = node.identity();
  await ok(core, 'bundles.nodeKey.pin', { nodeId: id.nodeId, nodeName: id.nodeName, publicKeyPem: id.publicKeyPem, confirmFingerprint: id.fingerprint }, admin);
}

/**
 * The node makes its encryption key pair and sends the public key in its next bundle, which
 * `importer` (a custody or compliance officer) previews and imports: from then on the console seals
 * filed reports to it. Returns the key's fingerprint.
 */
export async function sendEncryptionKey(core: Core, importer: CallerContext, node: OnlineNode, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const made = await node.sendEncryptionKey(outDir, NO_SECRETS);
  const source = { path: made.path };
  const preview = await ok(core, 'bundles.preview', { source }, importer);
  if (!preview.acceptable || !preview.bundle) throw new Error(`the encryption-key bundle was refused: ${preview.refusal?.message ?? 'no bundle'}`);
  await ok(core, 'bundles.import', { source, expectedBundleHash: preview.bundle.bundleHash }, importer);
  return made.fingerprint;
}
