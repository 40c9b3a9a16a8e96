/**
 * Raw secp256k1 ECDSA signatures as a PKCS#11 token returns them (CKM_ECDSA: r‖s, 32 bytes each,
 * big-endian, with whichever s the token's nonce produced), and their normalisation to low-S.
 *
 * Low-S: for a valid (r, s), (r, n − s) is valid too, so anyone can flip s and change the
 * transaction id without the key (malleability). Bitcoin's policy (BIP62 rule 5, BIP146
 * LOW_S) and Ethereum's consensus (EIP-2) accept only s ≤ n/2.
 */
import { assertBytes, bigIntToBytes, bytesToBigInt, concatBytes } from './bytes';
import { invalid } from './chain.errors';

/** The order n of the secp256k1 group (SEC 2, §2.4.1). */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** n/2, rounded down: the largest s a low-S signature may carry (BIP62, EIP-2). */
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

export interface RawSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/** Parse r‖s and check both scalars are in [1, n − 1] (SEC 1 §4.1.4 step 1). */
export function parseRawSignature(sig64: Uint8Array, path = 'signature'): RawSignature {
  assertBytes(sig64, path, 64);
  const r = bytesToBigInt(sig64.subarray(0, 32));
  const s = bytesToBigInt(sig64.subarray(32, 64));
  if (r < 1n || r >= SECP256K1_N) invalid(path, 'r is not in [1, n-1]');
  if (s < 1n || s >= SECP256K1_N) invalid(path, 's is not in [1, n-1]');
  return { r, s };
}

export function encodeRawSignature({ r, s }: RawSignature): Uint8Array {
  return concatBytes(bigIntToBytes(r, 32), bigIntToBytes(s, 32));
}

export function isLowS(sig64: Uint8Array): boolean {
  return parseRawSignature(sig64).s <= SECP256K1_HALF_N;
}

/** The same signature with s replaced by n − s when s > n/2 (BIP62 rule 5, BIP146, EIP-2). */
export function normalizeLowS(sig64: Uint8Array): Uint8Array {
  const { r, s } = parseRawSignature(sig64);
  return encodeRawSignature({ r, s: s > SECP256K1_HALF_N ? SECP256K1_N - s : s });
}
