/**
 * Writes a bundle (docs/bundle-format.md): builds the index and the manifest, signs the manifest,
 * checks the signature it just got, and streams the ZIP (yazl) to a file atomically: a temporary
 * sibling, fsync, rename. Item bodies are read lazily, one at a time, so a large bundle is never
 * held in memory whole.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_LIMITS, ENTRY_INDEX, ENTRY_MANIFEST, ENTRY_SIGNATURE, ITEM_ID_PATTERN, itemEntryName, manifest as manifestSchema, type BundleDirection, type ContentType, type IndexLine, type Manifest, type Party } from '../../src-shared/bundles/bundle-format';
import { ITEM_TYPES, type ItemTypeName } from '../../src-shared/bundles/item-types';
import { VaultlineError } from '../errors';
import { writeStreamAtomic } from '../platform/files';
import { canonicalBytes } from './canonical-json';
import { keyFingerprintHex, verifyDerSignature, type BundleSigner } from './bundle-keys';

export interface OutgoingItem {
  readonly id: string;
  readonly type: ItemTypeName;
  readonly contentType: ContentType;
  readonly size: number;
  readonly sha256: string;
  /** The item's bytes, asked for only when the ZIP writer reaches this item. */
  readonly body: () => Uint8Array | Readable;
}

/** An item from bytes already in memory (JSON items, small attachments). */
export function itemFromBytes(id: string, type: ItemTypeName, contentType: ContentType, bytes: Uint8Array): OutgoingItem {
  const copy = Buffer.from(bytes);
  return { id, type, contentType, size: copy.length, sha256: createHash('sha256').update(copy).digest('hex'), body: () => copy };
}

/** A JSON item: its payload in canonical form. */
export function jsonItem(id: string, type: ItemTypeName, payload: unknown): OutgoingItem {
  return itemFromBytes(id, type, 'application/json', canonicalBytes(payload));
}

export interface BundleHeader {
  readonly direction: BundleDirection;
  readonly sender: Party;
  readonly recipient: Party;
  readonly sequence: number;
  readonly previousBundleHash: string;
  readonly createdAt: string;
  readonly bundleId?: string;
}

export interface BuiltManifest {
  readonly manifest: Manifest;
  readonly manifestBytes: Buffer;
  readonly signature: Buffer;
  readonly bundleHash: string;
  readonly indexBytes: Buffer;
  readonly items: readonly OutgoingItem[];
}

/**
 * Compression pays for larger JSON and text; images and PDFs are stored as they are, and so are
 * small items: a few hundred bytes gain little from deflate, and each deflated member costs a
 * reader an inflate stream (most of the time of reading a 100 000-item bundle).
 */
const COMPRESS_FROM_BYTES = 4096;
const compressible = (item: OutgoingItem): boolean =>
  item.size >= COMPRESS_FROM_BYTES && (item.contentType === 'application/json' || item.contentType === 'text/csv' || item.contentType === 'application/xml' || item.contentType === 'text/plain');

/** Index, manifest and signature for these items (sorted by id here). Refuses what a reader would. */
export async function buildManifest(header: BundleHeader, items: readonly OutgoingItem[], signer: BundleSigner): Promise<BuiltManifest> {
  if (items.length > BUNDLE_LIMITS.maxItems) throw new VaultlineError('BUNDLE_TOO_LARGE', `A bundle holds at most ${BUNDLE_LIMITS.maxItems} items; got ${items.length}.`);
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let total = 0;
  const lines: Buffer[] = [];
  sorted.forEach((item, i) => {
    if (!ITEM_ID_PATTERN.test(item.id)) throw new VaultlineError('VALIDATION', `Item id "${item.id.slice(0, 120)}" is not allowed: ids are 1–100 characters of a–z, 0–9, ".", "_" or "-".`);
    if (i > 0 && sorted[i - 1]!.id === item.id) throw new VaultlineError('VALIDATION', `Item id "${item.id}" appears twice.`);
    const spec = ITEM_TYPES[item.type];
    if (!spec.directions.includes(header.direction)) throw new VaultlineError('VALIDATION', `Items of type ${item.type} do not travel ${header.direction}.`);
    if (item.size > spec.maxBytes) throw new VaultlineError('BUNDLE_TOO_LARGE', `Item ${item.id} (${item.type}) is ${item.size} bytes; the limit for its type is ${spec.maxBytes}.`);
    if (!spec.contentTypes.includes(item.contentType)) throw new VaultlineError('VALIDATION', `Item ${item.id}: content type ${item.contentType} is not allowed for ${item.type}.`);
    total += item.size;
    const line: IndexLine = { id: item.id, type: item.type, size: item.size, sha256: item.sha256, contentType: item.contentType };
    lines.push(canonicalBytes(line), Buffer.from('\n'));
  });
  if (total > BUNDLE_LIMITS.maxTotalItemBytes) throw new VaultlineError('BUNDLE_TOO_LARGE', `The items add up to ${total} bytes; a bundle holds at most ${BUNDLE_LIMITS.maxTotalItemBytes}.`);
  const indexBytes = Buffer.concat(lines);
  const manifest: Manifest = manifestSchema.parse({
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    bundleId: header.bundleId ?? randomUUID(),
    direction: header.direction,
    sender: header.sender,
    recipient: header.recipient,
    sequence: header.sequence,
    previousBundleHash: header.previousBundleHash,
    createdAt: header.createdAt,
    itemCount: sorted.length,
    totalItemBytes: total,
    index: { sha256: createHash('sha256').update(indexBytes).digest('hex'), size: indexBytes.length },
  });
  if (manifest.sender.keyFingerprint !== keyFingerprintHex(signer.spki)) {
    throw new VaultlineError('INTERNAL', 'The bundle signer is not the key the manifest names as its sender.');
  }
  const manifestBytes = canonicalBytes(manifest);
  const signature = Buffer.from(await signer.sign(manifestBytes));
  // Check our own output before it leaves: a signature that does not verify is never written.
  if (!verifyDerSignature(signer.spki, manifestBytes, signature)) throw new VaultlineError('HSM_ERROR', 'The bundle signature just made does not verify; nothing was written.');
  return { manifest, manifestBytes, signature, bundleHash: createHash('sha256').update(manifestBytes).digest('hex'), indexBytes, items: sorted };
}

/** The ZIP as a stream: manifest, signature, index, then items in index order. */
export function zipStream(built: BuiltManifest): Readable {
  const zip = new yazl.ZipFile();
  const mtime = new Date(built.manifest.createdAt);
  zip.addBuffer(built.manifestBytes, ENTRY_MANIFEST, { mtime, compress: false });
  zip.addBuffer(built.signature, ENTRY_SIGNATURE, { mtime, compress: false });
  zip.addBuffer(built.indexBytes, ENTRY_INDEX, { mtime, compress: true });
  for (const item of built.items) {
    zip.addReadStreamLazy(itemEntryName(item.id), { mtime, compress: compressible(item), size: item.size }, (callback) => {
      try {
        const body = item.body();
        callback(null, body instanceof Readable ? body : Readable.from([Buffer.from(body)]));
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)), Readable.from([]));
      }
    });
  }
  zip.end();
  return Readable.from(zip.outputStream as AsyncIterable<Buffer>);
}

/** Write the bundle to `path` atomically (never a half file); returns its size in bytes. */
export async function writeBundleFile(built: BuiltManifest, path: string): Promise<number> {
  return writeStreamAtomic(path, zipStream(built));
}

/** The whole bundle in memory (small bundles: QR transport, tests). */
export async function bundleBytes(built: BuiltManifest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(built)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
