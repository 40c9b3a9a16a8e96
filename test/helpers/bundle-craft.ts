/**
 * Bundles for tests, made with software P-256 keys: well-formed ones through the real writer, and
 * hostile ones assembled entry by entry (then signed, so the signature is valid and only the
 * defect under test is wrong).
 */
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { canonicalJson } from '../../src-shared/canonical';
import { BUNDLE_FORMAT, GENESIS_BUNDLE_HASH, type Party } from '../../src-shared/bundles/bundle-format';
import { keyFingerprintHex, pemKeySigner, type BundleSigner } from '../../src-main/bundles/bundle-keys';
import { buildManifest, bundleBytes, jsonItem, type OutgoingItem } from '../../src-main/bundles/bundle.writer';
import type { Expectations, KnownKey } from '../../src-main/bundles/bundle.reader';

export interface SoftKey {
  readonly pem: string;
  readonly publicPem: string;
  readonly spki: Buffer;
  readonly fingerprint: string;
  signer(): BundleSigner;
}

export function softKey(): SoftKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { pem, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), spki, fingerprint: keyFingerprintHex(spki), signer: () => pemKeySigner(Buffer.from(pem)) };
}

export const nodeParty = (key: SoftKey, id = 'node-1'): Party => ({ kind: 'online-node', id, name: 'Online node', keyFingerprint: key.fingerprint });
export const consolePartyOf = (key: SoftKey, id = 'vl_console01'): Party => ({ kind: 'console', id, name: 'Console', keyFingerprint: key.fingerprint });

export const deposit = (n: number, amount = '0.5', customerId = 'C-1') =>
  jsonItem(`dep-${String(n).padStart(6, '0')}`, 'chain-event', {
    kind: 'deposit',
    assetId: 'BTC',
    txid: n.toString(16).padStart(64, '0'),
    outputIndex: 0,
    address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    customerId,
    amount,
    confirmations: 6,
    finalized: false,
  });

export interface Chain {
  sequence: number;
  hash: string;
}

/** A valid inbound bundle (node → console) with these items, next in `chain` (which it advances). */
export async function inboundBundle(node: SoftKey, consoleKey: SoftKey, items: readonly OutgoingItem[], chain: Chain = { sequence: 0, hash: GENESIS_BUNDLE_HASH }, createdAt = '2026-02-01T10:00:00.000Z'): Promise<{ bytes: Buffer; hash: string; bundleId: string }> {
  const built = await buildManifest(
    { direction: 'inbound', sender: nodeParty(node), recipient: consolePartyOf(consoleKey), sequence: chain.sequence + 1, previousBundleHash: chain.hash, createdAt },
    items,
    node.signer(),
  );
  chain.sequence += 1;
  chain.hash = built.bundleHash;
  return { bytes: await bundleBytes(built), hash: built.bundleHash, bundleId: built.manifest.bundleId };
}

/** What the console side expects, for the reader directly. */
export function consoleExpects(node: SoftKey, consoleKey: SoftKey, last: Chain = { sequence: 0, hash: '' }, known: readonly string[] = [], keys?: readonly KnownKey[]): Expectations {
  return {
    direction: 'inbound',
    recipient: { id: 'vl_console01', keyFingerprints: [consoleKey.fingerprint] },
    keys: keys ?? [{ fingerprint: node.fingerprint, spki: node.spki, status: 'active', ownerId: 'node-1' }],
    chain: { lastSequence: last.sequence, lastHash: last.hash, isKnown: (hash) => known.includes(hash) },
  };
}

export interface Entry {
  name: string;
  data: Buffer;
  compress?: boolean;
}

/** The entries of a ZIP, in order (test inputs are small). */
export async function unzip(bytes: Buffer): Promise<Entry[]> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const out: Entry[] = [];
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    out.push({ name: entry.fileName, data: Buffer.concat(chunks), compress: entry.compressionMethod === 8 });
  }
  return out;
}

export async function zip(entries: readonly Entry[]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const e of entries) z.addBuffer(e.data, e.name, { compress: e.compress ?? false, mtime: new Date('2026-01-01T00:00:00Z') });
  z.end();
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(z.outputStream as AsyncIterable<Buffer>)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface CraftItem {
  id: string;
  type: string;
  body: Buffer;
  contentType?: string;
  /** Override what the index says. */
  size?: number;
  sha256?: string;
  compress?: boolean;
}

/**
 * A bundle assembled by hand: any manifest fields, any index, any entries; the manifest is then
 * signed properly by `node`, so only the defect under test is wrong.
 */
export async function craft(
  node: SoftKey,
  consoleKey: SoftKey,
  items: readonly CraftItem[],
  options: { manifest?: Record<string, unknown>; extraEntries?: Entry[]; dropEntries?: string[]; indexText?: string; sequence?: number; previousBundleHash?: string } = {},
): Promise<Buffer> {
  const lines = items.map((i) => canonicalJson({ id: i.id, type: i.type, size: i.size ?? i.body.length, sha256: i.sha256 ?? sha(i.body), contentType: i.contentType ?? 'application/json' }) + '\n');
  const index = Buffer.from(options.indexText ?? lines.join(''));
  const manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: 1,
    bundleId: randomUUID(),
    direction: 'inbound',
    sender: nodeParty(node),
    recipient: consolePartyOf(consoleKey),
    sequence: options.sequence ?? 1,
    previousBundleHash: options.previousBundleHash ?? GENESIS_BUNDLE_HASH,
    createdAt: '2026-02-01T10:00:00.000Z',
    itemCount: items.length,
    totalItemBytes: items.reduce((n, i) => n + (i.size ?? i.body.length), 0),
    index: { sha256: sha(index), size: index.length },
    ...options.manifest,
  };
  const manifestBytes = Buffer.from(canonicalJson(manifest));
  const signature = sign('sha256', manifestBytes, { key: node.pem, dsaEncoding: 'der' });
  const entries: Entry[] = [
    { name: 'manifest.json', data: manifestBytes },
    { name: 'manifest.sig', data: signature },
    { name: 'index.jsonl', data: index, compress: true },
    ...items.map((i) => ({ name: `items/${i.id}`, data: i.body, compress: i.compress ?? true })),
    ...(options.extraEntries ?? []),
  ].filter((e) => !(options.dropEntries ?? []).includes(e.name));
  return zip(entries);
}

export const jsonBody = (value: unknown): Buffer => Buffer.from(canonicalJson(value));
