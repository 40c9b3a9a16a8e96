/**
 * Reads and verifies a bundle as a stream, in an order that authenticates before it parses:
 *
 *  1. the ZIP's directory: entry count and file size within limits;
 *  2. manifest.json and manifest.sig (small, bounded), then the signature against each known key
 *     — before the manifest is parsed for anything but telling refusals apart;
 *  3. the manifest: canonical JSON, format version, schema, sender, recipient, direction, sequence
 *     and previous-bundle hash (replay, gap, reordering, a forked chain);
 *  4. index.jsonl hashed in full and compared with the signed manifest, then read again line by
 *     line beside the item entries: every item's declared size, compression ratio, actual size and
 *     SHA-256 are checked before a JSON item is parsed and validated against its type's schema;
 *  5. nothing left over: no extra entry, no extra index line, every referenced attachment present.
 *
 * Memory stays bounded by the largest single item, not by the number of items. Every failure is a
 * refusal with its own code (bundle-refusal.ts) and a message that says exactly what is wrong.
 */
import { createHash } from 'node:crypto';
import type yauzl from 'yauzl';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_LIMITS,
  ENTRY_INDEX,
  ENTRY_MANIFEST,
  ENTRY_SIGNATURE,
  GENESIS_BUNDLE_HASH,
  indexLine as indexLineSchema,
  itemEntryName,
  manifest as manifestSchema,
  type BundleDirection,
  type IndexLine,
  type Manifest,
} from '../../src-shared/bundles/bundle-format';
import { ITEM_TYPES, type ItemTypeName } from '../../src-shared/bundles/item-types';
import { ITEM_SCHEMAS, referencedAttachments, type JsonItemType } from '../../src-shared/bundles/item-schemas';
import { fieldIssues } from '../../src-shared/errors';
import { parseCanonicalJson } from './canonical-json';
import { verifyDerSignature } from './bundle-keys';
import { refuse } from './bundle-refusal';
import { ZipEntries, type ZipSource } from './zip-entries';

export type { ZipSource as BundleSource } from './zip-entries';

export type KeyStatus = 'active' | 'retired' | 'revoked';

export interface KnownKey {
  readonly fingerprint: string;
  readonly spki: Uint8Array;
  readonly status: KeyStatus;
  /** The party that owns the key (its id in manifests). */
  readonly ownerId: string;
}

export interface ChainState {
  readonly lastSequence: number;
  readonly lastHash: string;
  /** Whether a bundle with this hash or id was already taken (a replay, as opposed to a fork). */
  isKnown(bundleHash: string, bundleId: string): boolean;
}

export interface Expectations {
  readonly direction: BundleDirection;
  /** The reader itself: the manifest's recipient must be this id and one of these keys. */
  readonly recipient: { readonly id: string; readonly keyFingerprints: readonly string[] };
  readonly keys: readonly KnownKey[];
  readonly chain: ChainState;
}

/** `bytes` of an attachment are given only by the online node, for one it opened from a sealed item. */
export type ItemBody = { readonly kind: 'json'; readonly payload: unknown; readonly bytes: Buffer } | { readonly kind: 'attachment'; readonly bytes?: Buffer };

export interface ItemVisitor {
  /** The manifest, once its signature, recipient and place in the chain are checked. */
  manifest?(header: { readonly manifest: Manifest; readonly bundleHash: string; readonly signer: KnownKey; readonly fileBytes: number }): void | Promise<void>;
  /** An attachment's bytes while they stream, before its hash is known (store, never interpret). */
  attachmentChunk?(line: IndexLine, chunk: Buffer, index: number): void | Promise<void>;
  /** An item whose size and hash matched the signed index (and, for JSON, its schema). */
  item?(line: IndexLine, body: ItemBody): void | Promise<void>;
}

export interface TypeCount {
  count: number;
  bytes: number;
}

export interface VerifiedBundle {
  readonly manifest: Manifest;
  readonly manifestBytes: Buffer;
  readonly signature: Buffer;
  readonly bundleHash: string;
  readonly signer: KnownKey;
  readonly fileBytes: number;
  readonly counts: Partial<Record<ItemTypeName, TypeCount>>;
  readonly attachmentsUnreferenced: number;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Entry-level checks from the central directory, before a byte is inflated. */
class EntryGuard {
  #previousEnd = 0;

  check(entry: yauzl.Entry, expectedName: string, maxBytes: number, what: string): void {
    if (entry.fileName !== expectedName) {
      refuse('BUNDLE_MALFORMED', `Unexpected entry "${entry.fileName.slice(0, 120)}" where ${what} ("${expectedName}") should be: the entries are not exactly manifest.json, manifest.sig, index.jsonl and the listed items in index order.`);
    }
    if (entry.isEncrypted()) refuse('BUNDLE_MALFORMED', `Entry ${entry.fileName} is encrypted; bundles are signed, not encrypted.`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) refuse('BUNDLE_MALFORMED', `Entry ${entry.fileName} uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are allowed.`);
    if (entry.uncompressedSize > maxBytes) refuse('BUNDLE_TOO_LARGE', `Entry ${entry.fileName} declares ${entry.uncompressedSize} bytes; the limit for ${what} is ${maxBytes}.`);
    if (entry.uncompressedSize > BUNDLE_LIMITS.ratioFloorBytes && entry.uncompressedSize > entry.compressedSize * BUNDLE_LIMITS.maxCompressionRatio) {
      refuse('BUNDLE_ZIP_BOMB', `Entry ${entry.fileName} would inflate ${entry.compressedSize} bytes to ${entry.uncompressedSize} (more than ${BUNDLE_LIMITS.maxCompressionRatio}:1): refused as a compression bomb.`);
    }
    // Overlapping entries (many directory records pointing into the same data) are how the
    // non-recursive zip bombs work; members must follow each other.
    if (entry.relativeOffsetOfLocalHeader < this.#previousEnd) {
      refuse('BUNDLE_ZIP_BOMB', `Entry ${entry.fileName} overlaps the entry before it: refused as a compression bomb.`);
    }
    this.#previousEnd = entry.relativeOffsetOfLocalHeader + 30 + entry.fileNameLength + entry.compressedSize;
  }
}

async function readSmall(zip: ZipEntries, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of zip.chunks(entry)) {
    size += chunk.length;
    if (size > maxBytes) refuse('BUNDLE_TOO_LARGE', `Entry ${entry.fileName} holds more than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Which known key signed the manifest; or the exact reason none did. */
function identifySigner(manifestBytes: Buffer, signature: Buffer, keys: readonly KnownKey[]): KnownKey {
  const signer = keys.find((k) => verifyDerSignature(k.spki, manifestBytes, signature));
  if (signer) {
    if (signer.status !== 'active') {
      refuse('BUNDLE_SIGNER_REVOKED', `The bundle is signed by key ${signer.fingerprint.slice(0, 16)}…, which was ${signer.status === 'revoked' ? 'revoked' : 'rotated out'}; it is no longer accepted.`);
    }
    return signer;
  }
  // No key verifies. Read the claimed sender only to say why (nothing else is trusted from it).
  let claimed: string | undefined;
  try {
    const parsed = JSON.parse(manifestBytes.toString('utf8')) as { sender?: { keyFingerprint?: unknown } };
    claimed = typeof parsed.sender?.keyFingerprint === 'string' ? parsed.sender.keyFingerprint : undefined;
  } catch {
    claimed = undefined;
  }
  const known = claimed === undefined ? undefined : keys.find((k) => k.fingerprint === claimed);
  if (known?.status === 'active') refuse('BUNDLE_SIGNATURE_INVALID', `The manifest signature does not verify with the sender’s key ${known.fingerprint.slice(0, 16)}…: the manifest or its signature was changed.`);
  if (known) refuse('BUNDLE_SIGNER_REVOKED', `The bundle claims key ${known.fingerprint.slice(0, 16)}…, which was ${known.status === 'revoked' ? 'revoked' : 'rotated out'}, and its signature does not verify either.`);
  if (!keys.some((k) => k.status === 'active')) refuse('BUNDLE_SIGNER_UNKNOWN', 'No sender key is pinned (or every pinned key was revoked): run the key ceremony first.');
  refuse('BUNDLE_SIGNER_UNKNOWN', `The bundle is signed by an unknown key${claimed ? ` (it claims ${claimed.slice(0, 16)}…)` : ''}; only the pinned key is accepted.`);
}

function checkManifest(manifestBytes: Buffer, signer: KnownKey, expect: Expectations, bundleHash: string): Manifest {
  const parsed = parseCanonicalJson(manifestBytes);
  if (!parsed.ok) refuse('BUNDLE_MALFORMED', `manifest.json ${parsed.problem}.`);
  const raw = parsed.value as { format?: unknown; formatVersion?: unknown };
  if (raw === null || typeof raw !== 'object' || raw.format !== BUNDLE_FORMAT) refuse('BUNDLE_MALFORMED', `manifest.json is not a ${BUNDLE_FORMAT} manifest.`);
  if (raw.formatVersion !== BUNDLE_FORMAT_VERSION) refuse('BUNDLE_UNSUPPORTED', `The bundle uses format version ${String(raw.formatVersion).slice(0, 20)}; this console reads version ${BUNDLE_FORMAT_VERSION}.`);
  const checked = manifestSchema.safeParse(parsed.value);
  if (!checked.success) refuse('BUNDLE_MALFORMED', `manifest.json does not match the format: ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(manifest)'} ${i.message}`).join('; ')}.`, fieldIssues(checked.error, 'manifest'));
  const m = checked.data;
  if (m.sender.keyFingerprint !== signer.fingerprint || m.sender.id !== signer.ownerId) {
    refuse('BUNDLE_MALFORMED', `The manifest names sender ${m.sender.id} with key ${m.sender.keyFingerprint.slice(0, 16)}…, but it is signed by ${signer.ownerId}’s key ${signer.fingerprint.slice(0, 16)}….`);
  }
  if (m.direction !== expect.direction) refuse('BUNDLE_WRONG_RECIPIENT', `This is an ${m.direction} bundle; only ${expect.direction} bundles are read here.`);
  if (m.recipient.id !== expect.recipient.id || !expect.recipient.keyFingerprints.includes(m.recipient.keyFingerprint)) {
    refuse('BUNDLE_WRONG_RECIPIENT', `The bundle is addressed to ${m.recipient.name} (${m.recipient.id}, key ${m.recipient.keyFingerprint.slice(0, 16)}…), not to this one (${expect.recipient.id}, key ${expect.recipient.keyFingerprints[0]?.slice(0, 16) ?? '?'}…).`);
  }
  const { lastSequence, lastHash } = expect.chain;
  if (m.sequence <= lastSequence) {
    if (expect.chain.isKnown(bundleHash, m.bundleId)) refuse('BUNDLE_REPLAY', `Bundle ${m.bundleId} (sequence ${m.sequence}) was already taken; a bundle is accepted once.`);
    refuse('BUNDLE_OUT_OF_ORDER', `The bundle has sequence ${m.sequence}, but ${lastSequence} was already taken: it is older than the last accepted bundle (reordered, or the sender's history was rewound).`);
  }
  if (expect.chain.isKnown(bundleHash, m.bundleId)) refuse('BUNDLE_REPLAY', `Bundle ${m.bundleId} was already taken under another sequence number.`);
  if (m.sequence > lastSequence + 1) {
    const missing = m.sequence - lastSequence - 1;
    refuse('BUNDLE_GAP', `The bundle has sequence ${m.sequence}, but the next expected is ${lastSequence + 1}: ${missing === 1 ? `bundle ${lastSequence + 1} is` : `bundles ${lastSequence + 1}–${m.sequence - 1} are`} missing. Take them first.`);
  }
  const expectedPrevious = lastSequence === 0 ? GENESIS_BUNDLE_HASH : lastHash;
  if (m.previousBundleHash !== expectedPrevious) {
    refuse('BUNDLE_CHAIN_BROKEN', `The bundle follows ${m.previousBundleHash.slice(0, 16)}…, but the last accepted bundle is ${expectedPrevious.slice(0, 16)}…: the sender’s history differs from this one’s.`);
  }
  return m;
}

/** Lines of an entry, each at most `maxLine` bytes, without their LF. */
async function* lines(chunks: AsyncIterable<Buffer>, maxLine: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, i);
      if (pendingBytes + piece.length > maxLine) refuse('BUNDLE_MALFORMED', `index.jsonl has a line longer than ${maxLine} bytes.`);
      yield pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      start = i + 1;
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.length;
    if (pendingBytes > maxLine) refuse('BUNDLE_MALFORMED', `index.jsonl has a line longer than ${maxLine} bytes.`);
    if (rest.length > 0) pending.push(rest);
  }
  if (pendingBytes > 0) refuse('BUNDLE_MALFORMED', 'index.jsonl does not end with a line feed.');
}

function checkLine(raw: Buffer, position: number, previousId: string | undefined, direction: BundleDirection): IndexLine {
  const parsed = parseCanonicalJson(raw);
  if (!parsed.ok) refuse('BUNDLE_MALFORMED', `index.jsonl line ${position + 1} ${parsed.problem}.`);
  const checked = indexLineSchema.safeParse(parsed.value);
  if (!checked.success) {
    refuse('BUNDLE_MALFORMED', `index.jsonl line ${position + 1} does not match the format: ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`, fieldIssues(checked.error, `index.${position}`));
  }
  const line = checked.data;
  if (previousId !== undefined && line.id <= previousId) {
    refuse('BUNDLE_MALFORMED', line.id === previousId ? `Item id "${line.id}" appears twice in the index.` : `The index is not sorted by id ("${line.id}" after "${previousId}").`);
  }
  const spec = ITEM_TYPES[line.type];
  if (!spec.directions.includes(direction)) refuse('BUNDLE_ITEM_INVALID', `Item ${line.id} is of type ${line.type}, which does not travel ${direction}.`);
  if (line.size > spec.maxBytes) refuse('BUNDLE_TOO_LARGE', `Item ${line.id} (${line.type}) is ${line.size} bytes; the limit for its type is ${spec.maxBytes}.`);
  if (!spec.contentTypes.includes(line.contentType)) refuse('BUNDLE_ITEM_INVALID', `Item ${line.id} has content type ${line.contentType}, which is not allowed for ${line.type}.`);
  return line;
}

/** A JSON item's bytes: canonical JSON valid against its type's schema, or a refusal. */
export function parseJsonItem(line: IndexLine, bytes: Buffer): unknown {
  const parsed = parseCanonicalJson(bytes);
  if (!parsed.ok) refuse('BUNDLE_ITEM_INVALID', `Item ${line.id} (${line.type}) ${parsed.problem}.`);
  const schema = ITEM_SCHEMAS[line.type as JsonItemType];
  const checked = schema.safeParse(parsed.value);
  if (!checked.success) {
    const first = checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(item)'} ${i.message}`).join('; ');
    refuse('BUNDLE_ITEM_INVALID', `Item ${line.id} (${line.type}) is not valid: ${first}.`, fieldIssues(checked.error, `items.${line.id}`));
  }
  return checked.data;
}

/**
 * Verify a whole bundle; `visitor` sees each item once it is verified. Throws a refusal on the
 * first problem (callers run the visitor's writes in a transaction that the refusal rolls back).
 */
export async function readBundle(source: ZipSource, expect: Expectations, visitor: ItemVisitor = {}): Promise<VerifiedBundle> {
  const zip = await ZipEntries.open(source, BUNDLE_LIMITS.maxFileBytes);
  try {
    if (zip.entryCount < 3) refuse('BUNDLE_MALFORMED', `The file holds ${zip.entryCount} entries; a bundle has manifest.json, manifest.sig and index.jsonl at least.`);
    if (zip.entryCount > BUNDLE_LIMITS.maxItems + 3) refuse('BUNDLE_TOO_LARGE', `The file holds ${zip.entryCount} entries; a bundle holds at most ${BUNDLE_LIMITS.maxItems} items.`);
    const guard = new EntryGuard();
    const nextEntry = async (name: string, max: number, what: string): Promise<yauzl.Entry> => {
      const entry = await zip.next();
      if (!entry) refuse('BUNDLE_MALFORMED', `The bundle ends where ${what} ("${name}") should be: missing entries.`);
      guard.check(entry, name, max, what);
      return entry;
    };

    const manifestBytes = await readSmall(zip, await nextEntry(ENTRY_MANIFEST, BUNDLE_LIMITS.maxManifestBytes, 'the manifest'), BUNDLE_LIMITS.maxManifestBytes);
    const signature = await readSmall(zip, await nextEntry(ENTRY_SIGNATURE, BUNDLE_LIMITS.maxSignatureBytes, 'the signature'), BUNDLE_LIMITS.maxSignatureBytes);
    const signer = identifySigner(manifestBytes, signature, expect.keys);
    const bundleHash = sha256(manifestBytes);
    const manifest = checkManifest(manifestBytes, signer, expect, bundleHash);
    if (zip.entryCount !== manifest.itemCount + 3) {
      refuse('BUNDLE_MALFORMED', zip.entryCount < manifest.itemCount + 3
        ? `The manifest lists ${manifest.itemCount} items but the file holds only ${zip.entryCount - 3}: items are missing.`
        : `The manifest lists ${manifest.itemCount} items but the file holds ${zip.entryCount - 3}: there are extra entries.`);
    }

    await visitor.manifest?.({ manifest, bundleHash, signer, fileBytes: zip.fileBytes });

    // The index, authenticated in full before any line of it is believed.
    const indexEntry = await nextEntry(ENTRY_INDEX, BUNDLE_LIMITS.maxIndexLineBytes * (manifest.itemCount + 1), 'the index');
    if (indexEntry.uncompressedSize !== manifest.index.size) refuse('BUNDLE_ITEM_MISMATCH', `index.jsonl is ${indexEntry.uncompressedSize} bytes, but the signed manifest says ${manifest.index.size}: the index was changed.`);
    const indexHash = createHash('sha256');
    for await (const chunk of zip.chunks(indexEntry)) indexHash.update(chunk);
    if (indexHash.digest('hex') !== manifest.index.sha256) refuse('BUNDLE_ITEM_MISMATCH', 'index.jsonl differs from the index the manifest signed: the item list was changed.');

    const counts: Partial<Record<ItemTypeName, TypeCount>> = {};
    const attachments = new Set<string>();
    const references = new Map<string, string>();
    let total = 0;
    let position = 0;
    let previousId: string | undefined;
    const indexLines = lines(zip.chunks(indexEntry), BUNDLE_LIMITS.maxIndexLineBytes);
    try {
      for (;;) {
        const next = await indexLines.next();
        if (next.done) break;
        if (position >= manifest.itemCount) refuse('BUNDLE_MALFORMED', `index.jsonl lists more than the ${manifest.itemCount} items the manifest counts.`);
        const line = checkLine(next.value, position, previousId, manifest.direction);
        previousId = line.id;
        total += line.size;
        if (total > manifest.totalItemBytes) refuse('BUNDLE_MALFORMED', `The items add up to more than the ${manifest.totalItemBytes} bytes the manifest declares.`);

        const entry = await nextEntry(itemEntryName(line.id), ITEM_TYPES[line.type].maxBytes, `item ${line.id}`);
        if (entry.uncompressedSize !== line.size) refuse('BUNDLE_ITEM_MISMATCH', `Item ${line.id} is ${entry.uncompressedSize} bytes, but the signed index says ${line.size}: the item was changed.`);
        const hash = createHash('sha256');
        const json = ITEM_TYPES[line.type].json;
        const parts: Buffer[] = [];
        let size = 0;
        let chunkIndex = 0;
        for await (const chunk of zip.chunks(entry)) {
          size += chunk.length;
          if (size > line.size) refuse('BUNDLE_ITEM_MISMATCH', `Item ${line.id} holds more bytes than the signed index says (${line.size}): the item was changed.`);
          hash.update(chunk);
          if (json) parts.push(chunk);
          else await visitor.attachmentChunk?.(line, chunk, chunkIndex++);
        }
        const digest = hash.digest('hex');
        if (size !== line.size || digest !== line.sha256) {
          refuse('BUNDLE_ITEM_MISMATCH', `Item ${line.id} (${line.type}) was changed: its SHA-256 is ${digest.slice(0, 16)}…, the signed index says ${line.sha256.slice(0, 16)}….`);
        }
        let body: ItemBody;
        if (json) {
          const bytes = Buffer.concat(parts);
          const payload = parseJsonItem(line, bytes);
          for (const ref of referencedAttachments(line.type as JsonItemType, payload)) references.set(ref, line.id);
          body = { kind: 'json', payload, bytes };
        } else {
          attachments.add(line.id);
          body = { kind: 'attachment' };
        }
        const count = (counts[line.type] ??= { count: 0, bytes: 0 });
        count.count += 1;
        count.bytes += line.size;
        await visitor.item?.(line, body);
        position += 1;
      }
    } finally {
      await indexLines.return(undefined);
    }
    if (position !== manifest.itemCount) refuse('BUNDLE_MALFORMED', `index.jsonl lists ${position} items; the manifest counts ${manifest.itemCount}.`);
    if (total !== manifest.totalItemBytes) refuse('BUNDLE_MALFORMED', `The items add up to ${total} bytes; the manifest declares ${manifest.totalItemBytes}.`);
    const extra = await zip.next();
    if (extra) refuse('BUNDLE_MALFORMED', `Unexpected extra entry "${extra.fileName.slice(0, 120)}" after the last item.`);
    for (const [ref, by] of references) {
      if (!attachments.has(ref)) refuse('BUNDLE_ITEM_INVALID', `Item ${by} refers to attachment ${ref}, which is not in the bundle.`);
    }
    let unreferenced = 0;
    for (const id of attachments) if (!references.has(id)) unreferenced += 1;
    return { manifest, manifestBytes, signature, bundleHash, signer, fileBytes: zip.fileBytes, counts, attachmentsUnreferenced: unreferenced };
  } finally {
    zip.close();
  }
}
