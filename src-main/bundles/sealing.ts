/**
 * Sealed items: an outbound item (a filed SAR/STR and its report document) encrypted to the online
 * node's encryption key with HPKE (RFC 9180, @hpke/core), base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-256-GCM. Whoever carries the bundle sees an item of type `sealed` and its size,
 * nothing else; the node opens it with its private key.
 *
 * Envelope (the item's bytes, content type application/octet-stream):
 *   8 bytes   "VLSEAL" 0x00 0x01 (format, version 1)
 *   32 bytes  SHA-256 of the recipient's raw X25519 public key (which key to open it with)
 *   32 bytes  enc, the HPKE encapsulated key
 *   rest      the AEAD ciphertext (plaintext + 16-byte tag)
 * Plaintext: a 4-byte big-endian length, the canonical JSON header {type, contentType, size,
 * sha256} of the real item, then its bytes.
 * info = "vaultline sealed item v1"; AAD = canonical JSON {purpose, bundleId, itemId, recipientKey}:
 * an envelope moved into another bundle or under another item id does not open.
 */
import { createHash, type webcrypto } from 'node:crypto';
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { z } from 'zod';
import { CONTENT_TYPES, type ContentType } from '../../src-shared/bundles/bundle-format';
import { ITEM_TYPE_NAMES, ITEM_TYPES, type ItemTypeName } from '../../src-shared/bundles/item-types';
import { canonicalBytes } from './canonical-json';
import { refuse } from './bundle-refusal';

const MAGIC = Buffer.from([0x56, 0x4c, 0x53, 0x45, 0x41, 0x4c, 0x00, 0x01]); // "VLSEAL" 0 1
const FINGERPRINT_BYTES = 32;
const ENC_BYTES = 32;
const TAG_BYTES = 16;
const HEADER_AT = MAGIC.length + FINGERPRINT_BYTES + ENC_BYTES;
const INFO = new TextEncoder().encode('vaultline sealed item v1');

/** Envelope bytes around the plaintext: magic, key fingerprint, enc, AEAD tag, header length. */
export const SEALING_OVERHEAD = HEADER_AT + TAG_BYTES + 4;

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
// @hpke/core's declarations name the DOM's CryptoKey; under Node's types that is node:crypto's.
type Key = webcrypto.CryptoKey;

/** The item types that never travel to the online node in clear. */
export const SEALED_TYPES: readonly ItemTypeName[] = ['filed-report', 'attachment'];

export interface SealingKey {
  /** Raw X25519 public key, 32 bytes. */
  readonly publicKey: Uint8Array;
  /** encryptionKeyFingerprint(publicKey). */
  readonly fingerprint: string;
}

export interface SealedPlace {
  readonly bundleId: string;
  readonly itemId: string;
}

export interface Unsealed {
  readonly type: ItemTypeName;
  readonly contentType: ContentType;
  readonly bytes: Buffer;
  readonly sha256: string;
}

export function encryptionKeyFingerprint(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex');
}

/** A new X25519 key pair for the online node (raw 32-byte keys). */
export async function generateEncryptionKeyPair(): Promise<{ publicKey: Buffer; privateKey: Buffer; fingerprint: string }> {
  const pair = (await suite.kem.generateKeyPair()) as webcrypto.CryptoKeyPair;
  const publicKey = Buffer.from(await suite.kem.serializePublicKey(pair.publicKey));
  const privateKey = Buffer.from(await suite.kem.serializePrivateKey(pair.privateKey));
  return { publicKey, privateKey, fingerprint: encryptionKeyFingerprint(publicKey) };
}

const aad = (place: SealedPlace, recipientKey: string): Uint8Array => canonicalBytes({ purpose: 'vaultline-sealed-item', bundleId: place.bundleId, itemId: place.itemId, recipientKey });

const header = z
  .object({
    type: z.enum(ITEM_TYPE_NAMES),
    contentType: z.enum(CONTENT_TYPES),
    size: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/** Seal an item's bytes to the node key, bound to the bundle and item id it travels under. */
export async function sealItem(key: SealingKey, place: SealedPlace, item: { type: ItemTypeName; contentType: ContentType; bytes: Uint8Array }): Promise<Buffer> {
  if (key.publicKey.length !== 32 || encryptionKeyFingerprint(key.publicKey) !== key.fingerprint) throw new Error('the sealing key does not match its fingerprint');
  const sha256 = createHash('sha256').update(item.bytes).digest('hex');
  const head = canonicalBytes({ type: item.type, contentType: item.contentType, size: item.bytes.length, sha256 });
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  const plaintext = Buffer.concat([length, head, item.bytes]);
  const recipientPublicKey = (await suite.kem.deserializePublicKey(toArrayBuffer(key.publicKey))) as Key;
  const sealed = await suite.seal({ recipientPublicKey, info: INFO }, toArrayBuffer(plaintext), toArrayBuffer(aad(place, key.fingerprint)));
  return Buffer.concat([MAGIC, Buffer.from(key.fingerprint, 'hex'), Buffer.from(sealed.enc), Buffer.from(sealed.ct)]);
}

/** The key fingerprint a sealed envelope names, or undefined if it is not one. */
export function sealedTo(envelope: Uint8Array): string | undefined {
  if (envelope.length < HEADER_AT + TAG_BYTES || !Buffer.from(envelope.subarray(0, MAGIC.length)).equals(MAGIC)) return undefined;
  return Buffer.from(envelope.subarray(MAGIC.length, MAGIC.length + FINGERPRINT_BYTES)).toString('hex');
}

/**
 * Open a sealed item read from an outbound bundle (the online node). Refuses an envelope that is
 * malformed, sealed to a key this node does not hold, changed, or moved from another bundle or
 * item, and a header that names a type or content type this item could not have had.
 */
export async function openSealed(privateKeyFor: (fingerprint: string) => Uint8Array | undefined, place: SealedPlace, envelope: Uint8Array): Promise<Unsealed> {
  const fingerprint = sealedTo(envelope);
  if (!fingerprint) refuse('BUNDLE_ITEM_INVALID', `Sealed item ${place.itemId} is not a sealed envelope this reader knows (version 1).`);
  const privateKey = privateKeyFor(fingerprint);
  if (!privateKey) refuse('BUNDLE_ITEM_INVALID', `Sealed item ${place.itemId} is sealed to encryption key ${fingerprint.slice(0, 16)}…, which this node does not hold.`);
  let plaintext: Buffer;
  try {
    const recipientKey = (await suite.kem.deserializePrivateKey(toArrayBuffer(privateKey))) as Key;
    const enc = toArrayBuffer(envelope.subarray(MAGIC.length + FINGERPRINT_BYTES, HEADER_AT));
    plaintext = Buffer.from(await suite.open({ recipientKey, enc, info: INFO }, toArrayBuffer(envelope.subarray(HEADER_AT)), toArrayBuffer(aad(place, fingerprint))));
  } catch {
    refuse('BUNDLE_ITEM_MISMATCH', `Sealed item ${place.itemId} does not open: it was changed, or it was sealed for another bundle or item.`);
  }
  const headLength = plaintext.length >= 4 ? plaintext.readUInt32BE(0) : Number.MAX_SAFE_INTEGER;
  if (headLength > 1024 || 4 + headLength > plaintext.length) refuse('BUNDLE_ITEM_INVALID', `Sealed item ${place.itemId} opened, but its header is malformed.`);
  let parsed: z.infer<typeof header>;
  try {
    parsed = header.parse(JSON.parse(plaintext.subarray(4, 4 + headLength).toString('utf8')));
  } catch {
    refuse('BUNDLE_ITEM_INVALID', `Sealed item ${place.itemId} opened, but its header is malformed.`);
  }
  const bytes = plaintext.subarray(4 + headLength);
  const spec = ITEM_TYPES[parsed.type];
  if (!SEALED_TYPES.includes(parsed.type) || !spec.directions.includes('outbound')) refuse('BUNDLE_ITEM_INVALID', `Sealed item ${place.itemId} holds an item of type ${parsed.type}, which is never sealed.`);
  if (!spec.contentTypes.includes(parsed.contentType)) refuse('BUNDLE_ITEM_INVALID', `Sealed item ${place.itemId}: content type ${parsed.contentType} is not allowed for ${parsed.type}.`);
  if (bytes.length > spec.maxBytes) refuse('BUNDLE_TOO_LARGE', `Sealed item ${place.itemId} (${parsed.type}) is ${bytes.length} bytes; the limit for its type is ${spec.maxBytes}.`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== parsed.size || sha256 !== parsed.sha256) refuse('BUNDLE_ITEM_MISMATCH', `Sealed item ${place.itemId} opened, but its bytes do not match its sealed header.`);
  return { type: parsed.type, contentType: parsed.contentType, bytes, sha256 };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
