/**
 * Ethereum's recovery id (yParity) for a signature made by a key that cannot tell us which of the
 * two candidate points R it used: a PKCS#11 token returns r‖s only. We find it by trial, as the
 * design asks: recover the public key with each candidate and keep the one that equals the key we
 * signed with.
 *
 * Only 0 and 1 are tried. Ids 2 and 3 mean r ≥ p − n (the x of R overflowed the group order),
 * which happens with probability about 2^-128; Ethereum's yParity cannot express them (EIP-1559,
 * EIP-2930: `y_parity` ∈ {0, 1}), so such a signature is refused and the caller signs again.
 */
import { recover } from 'tiny-secp256k1';
import { assertBytes, equalBytes } from './bytes';
import { invalid } from './chain.errors';
import { parseRawSignature } from './ecdsa.signature';

export type RecoveryId = 0 | 1;

export function recoveryIdByTrial(sig64: Uint8Array, digest32: Uint8Array, publicKey33: Uint8Array): RecoveryId {
  assertBytes(digest32, 'digest', 32);
  assertBytes(publicKey33, 'publicKey', 33);
  parseRawSignature(sig64); // r and s in range, or a refusal naming the field
  for (const recovery of [0, 1] as const) {
    // libsecp256k1 (tiny-secp256k1): several times faster than a JavaScript recovery.
    let recovered: Uint8Array | null;
    try {
      recovered = recover(digest32, sig64, recovery, true);
    } catch {
      continue; // no point R with this parity: try the other one
    }
    if (recovered && equalBytes(recovered, publicKey33)) return recovery;
  }
  return invalid('signature', 'no recovery id in {0, 1} recovers the signing public key');
}
