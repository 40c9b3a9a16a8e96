/**
 * Chunked authenticated encryption of one record, so that a 25 MB scan is sealed and opened a
 * chunk at a time instead of whole. Each chunk is AES-256-GCM (NIST SP 800-38D) under the record's
 * own key with
 *   nonce = noncePrefix (8 random bytes per record) ‖ chunk index (uint32, big-endian)
 *   AAD   = record id ‖ chunk index ‖ final flag
 * — the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, "Online Authenticated-Encryption
 * and its Nonce-Reuse Misuse-Resistance", 2015): chunks cannot be reordered, dropped, moved to
 * another record, or the stream cut short without a tag failing.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const CHUNK_SIZE = 64 * 1024;
const TAG_BYTES = 16;

function nonce(prefix: Uint8Array, index: number): Buffer {
  const n = Buffer.alloc(12);
  Buffer.from(prefix).copy(n, 0, 0, 8);
  n.writeUInt32BE(index, 8);
  return n;
}

function aad(recordId: string, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index, 0);
  tail[4] = final ? 1 : 0;
  return Buffer.concat([Buffer.from(recordId, 'utf8'), tail]);
}

/** hazmat: `key` is a record's data key; the caller zeroes it after the last chunk. */
export function sealChunk(key: Uint8Array, prefix: Uint8Array, recordId: string, index: number, final: boolean, plaintext: Uint8Array): Buffer {
  if (key.length !== 32 || prefix.length !== 8) throw new Error('sealChunk: key must be 32 bytes and nonce prefix 8 bytes');
  const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
  cipher.setAAD(aad(recordId, index, final));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]);
}

/** Opens one chunk; throws if it was changed, moved, or is not the chunk it claims to be. */
export function openChunk(key: Uint8Array, prefix: Uint8Array, recordId: string, index: number, final: boolean, sealed: Uint8Array): Buffer {
  if (sealed.length < TAG_BYTES) throw new Error(`chunk ${index} is shorter than its tag`);
  const body = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index));
  decipher.setAAD(aad(recordId, index, final));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}
