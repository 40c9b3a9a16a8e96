/** secp256k1 public keys as the families take them: SEC 1 compressed, 33 bytes, on the curve. */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { assertBytes, bytesToHex } from './bytes';
import { invalid } from './chain.errors';

/**
 * Keys already found on the curve, by their 33 bytes. Whether bytes decode to a point is a pure
 * function of the bytes, so a remembered answer can never be stale; the decode (a square root in
 * the field) is what it saves, twice per signature. Bounded: emptied when it grows past 10 000.
 */
const onCurve = new Set<string>();

export function assertCompressedPublicKey(publicKey: unknown, path = 'publicKey'): Uint8Array {
  assertBytes(publicKey, path, 33);
  // Compressed only: BIP143 "Only compressed public keys are accepted in P2WPKH and P2WSH".
  if (publicKey[0] !== 0x02 && publicKey[0] !== 0x03) invalid(path, 'must be a SEC 1 compressed point (0x02/0x03 prefix)');
  const hex = bytesToHex(publicKey);
  if (onCurve.has(hex)) return publicKey;
  if (!secp256k1.utils.isValidPublicKey(publicKey, true)) invalid(path, 'is not a point on secp256k1');
  if (onCurve.size >= 10_000) onCurve.clear();
  onCurve.add(hex);
  return publicKey;
}
