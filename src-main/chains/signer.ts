/**
 * The one thing the chain families need from the HSM: sign a 32-byte digest with a secp256k1 key.
 * The signing module implements `RawSecp256k1Signer` over PKCS#11 (`CKM_ECDSA` on a
 * `CKA_SENSITIVE`, non-extractable key); the families receive it as an argument and never import
 * an implementation (STYLE.md, "From Ledger Live"). Tests pass a software signer.
 */
import { verify as libsecp256k1Verify } from 'tiny-secp256k1';
import { assertBytes } from './bytes';
import { invalid } from './chain.errors';
import { normalizeLowS } from './ecdsa.signature';
import { assertCompressedPublicKey } from './public-key';

export interface RawSecp256k1Signer {
  /** The key's public point, SEC 1 compressed: 33 bytes, 0x02/0x03 ‖ x. */
  publicKey(): Uint8Array;
  /**
   * Raw ECDSA over a digest the caller already hashed (no hashing inside, as CKM_ECDSA):
   * r‖s, 64 bytes, with ANY s: the caller normalises to low-S.
   */
  signDigest(digest32: Uint8Array): Uint8Array;
}

/**
 * A key bound to the network it may sign for. The wallet layer builds this from the wallet's
 * row (its chain and network); every family refuses a key whose network is not the one of the
 * transaction, so a testnet key can never sign for mainnet (issue 7, "Wallets") — and the type
 * parameter makes passing a `NetworkKey<'testnet'>` to a mainnet call a compile error.
 */
export interface NetworkKey<N extends string = string> {
  readonly network: N;
  readonly signer: RawSecp256k1Signer;
}

export interface CheckedSignature {
  /** r‖s with s ≤ n/2, verified against `publicKey` and the digest. */
  readonly signature: Uint8Array;
  /** The signer's compressed public key, validated as a curve point. */
  readonly publicKey: Uint8Array;
}

/** The signer's public key, checked: 33 bytes and a point on secp256k1. */
export function signerPublicKey(signer: RawSecp256k1Signer, path = 'signer.publicKey()'): Uint8Array {
  return assertCompressedPublicKey(signer.publicKey(), path);
}

/**
 * Hazmat: asks the key to sign `digest32`, whatever it is. Callers must have checked the
 * transaction the digest commits to (`checkPsbt`, `checkTx`) before they get here.
 *
 * Steps: sign; normalise to low-S (BIP62/BIP146, EIP-2); verify the normalised signature against
 * the signer's own public key with low-S required, and refuse to return anything that does not
 * verify (a faulty token, a wrong key handle, a digest mix-up) — "verify the signature you just
 * made" (STYLE.md).
 */
export function signDigestChecked(signer: RawSecp256k1Signer, digest32: Uint8Array): CheckedSignature {
  assertBytes(digest32, 'digest', 32);
  const publicKey = signerPublicKey(signer);
  const raw = signer.signDigest(digest32);
  assertBytes(raw, 'signer.signDigest()', 64);
  const signature = normalizeLowS(raw);
  if (!verifyLowS(signature, digest32, publicKey)) invalid('signer.signDigest()', 'the signature does not verify against the signer public key; nothing is returned');
  return { signature, publicKey };
}

/**
 * ECDSA verification over secp256k1 with low-S required: libsecp256k1 (Bitcoin Core's library,
 * compiled to WebAssembly by tiny-secp256k1). It runs about seven times faster than the pure
 * JavaScript verify it replaced, and this check runs once per input of every signature. Never
 * throws: malformed input is simply not a valid signature.
 */
export function verifyLowS(signature: Uint8Array, digest32: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return libsecp256k1Verify(digest32, publicKey, signature, true);
  } catch {
    return false;
  }
}
