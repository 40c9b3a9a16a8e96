/**
 * The online node's encryption keys on the console side (table node_encryption_keys, migration
 * 0015), and the sealed envelopes of outbound items (bundle_items.sealed_*, bundle_item_sealed_chunks).
 *
 * A key arrives as a `node-encryption-key` item in an inbound bundle, so it is authenticated like
 * every inbound item by the node's pinned signing key; it is stored with that key's fingerprint and
 * the bundle and item it came in. The newest received is `current`; it replaces the previous one.
 * Filed reports are sealed to the current key when a bundle is exported; sealing refuses when no key
 * is known or when the signing key that brought it has since been revoked.
 */
import { randomBytes } from 'node:crypto';
import type { ItemPayload } from '../../src-shared/bundles/item-schemas';
import { VaultlineError } from '../errors';
import type { ReadableDB, WritableDB } from '../db/database';
import { findNodeKeyByFingerprint } from '../db/bundles.repository';
import { currentEncryptionKey, findEncryptionKey, insertEncryptionKey, replaceEncryptionKey, type NodeEncryptionKeyRow } from '../db/node-encryption-keys.repository';
import { encryptionKeyFingerprint, type SealingKey } from './sealing';

export { sealedChunks, storeSealed } from '../db/node-encryption-keys.repository';

export const NO_ENCRYPTION_KEY_MESSAGE = 'The online node has not sent its encryption key; a filed report never leaves in clear. Import the bundle in which the node sends it (vaultline node encryption-key), then try again.';

/**
 * The node's current encryption key and, when nothing may be sealed to it, why: none received yet,
 * or the signing key whose bundle brought it is revoked or unknown.
 */
export function sealingKeyState(db: ReadableDB): { row: NodeEncryptionKeyRow | undefined; problem: string | undefined } {
  const row = currentEncryptionKey(db);
  if (!row) return { row, problem: NO_ENCRYPTION_KEY_MESSAGE };
  const signer = findNodeKeyByFingerprint(db, row.signingKeyFingerprint);
  if (!signer || signer.status === 'revoked') {
    return {
      row,
      problem: `The online node's encryption key ${row.fingerprint.slice(0, 16)}… came under node key ${row.signingKeyFingerprint.slice(0, 16)}…, which is ${signer ? 'revoked' : 'unknown'}; the node must send a new encryption key under its current key.`,
    };
  }
  return { row, problem: undefined };
}

/** The key to seal to now, or a refusal that says why there is none. */
export function requireSealingKey(db: ReadableDB): SealingKey & { row: NodeEncryptionKeyRow } {
  const { row, problem } = sealingKeyState(db);
  if (!row || problem) throw new VaultlineError('CONFLICT', `${problem ?? NO_ENCRYPTION_KEY_MESSAGE} Nothing was changed.`);
  return { publicKey: Buffer.from(row.publicKey, 'base64'), fingerprint: row.fingerprint, row };
}

/** Store a key the node sent (already authenticated by the bundle's signature). Returns a note. */
export function receiveEncryptionKey(
  db: WritableDB,
  from: { nodeId: string; signingKeyFingerprint: string; bundleId: string; itemId: string; receivedAt: string },
  item: ItemPayload<'node-encryption-key'>,
): string {
  if (item.nodeId !== from.nodeId) throw new VaultlineError('VALIDATION', `The encryption key names node ${item.nodeId}, but the bundle comes from ${from.nodeId}.`);
  const raw = Buffer.from(item.publicKey, 'base64');
  if (raw.length !== 32) throw new VaultlineError('VALIDATION', 'The encryption key is not 32 bytes.');
  if (encryptionKeyFingerprint(raw) !== item.fingerprint) throw new VaultlineError('VALIDATION', 'The encryption key does not match its fingerprint.');
  const known = findEncryptionKey(db, item.fingerprint);
  if (known?.status === 'current') return `encryption key ${item.fingerprint.slice(0, 16)}… is current already`;
  if (known) throw new VaultlineError('VALIDATION', `Encryption key ${item.fingerprint.slice(0, 16)}… was replaced on ${known.replacedAt}; a replaced key is not taken back.`);
  const previous = currentEncryptionKey(db);
  if (previous) replaceEncryptionKey(db, previous.id, from.receivedAt);
  insertEncryptionKey(db, {
      id: `nek_${randomBytes(8).toString('hex')}`,
      nodeId: item.nodeId,
      publicKey: item.publicKey,
      fingerprint: item.fingerprint,
      signingKeyFingerprint: from.signingKeyFingerprint,
      bundleId: from.bundleId,
      itemId: from.itemId,
      createdAt: item.createdAt,
      receivedAt: from.receivedAt,
      status: 'current',
      replacedAt: null,
  });
  return previous ? `encryption key ${item.fingerprint.slice(0, 16)}… replaces ${previous.fingerprint.slice(0, 16)}…` : `encryption key ${item.fingerprint.slice(0, 16)}… is now current`;
}
