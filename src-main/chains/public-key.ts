/** secp256k1 public keys as the families take them: SEC 1 compressed, 33 bytes, on the curve. */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { assertBytes } from './bytes';
import { invalid } from './chain.errors';

export function assertCompressedPublicKey(publicKey: unknown, path = 'publicKey'): Uint8Array {
  assertBytes(publicKey, path, 33);
  // Compressed only: BIP143 "Only compressed public keys are accepted in P2WPKH and P2WSH".
  if (publicKey[0] !== 0x02 && publicKey[0] !== 0x03) invalid(path, 'must be a SEC 1 compressed point (0x02/0x03 prefix)');
  if (!secp256k1.utils.isValidPublicKey(publicKey, true)) invalid(path, 'is not a point on secp256k1');
  return publicKey;
}
