/**
 * Test-only: a secp256k1 signer in memory, behaving like a PKCS#11 token that returns raw r‖s
 * with either s. Imported by tests only (`*.test.ts`); production wires the HSM signer. Behind an
 * explicit flag (STYLE.md: "A fake exists only behind an explicit test flag"): it refuses to exist
 * outside vitest unless VAULTLINE_TEST_SIGNER=1.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from './bytes';
import { SECP256K1_N, encodeRawSignature, parseRawSignature } from './ecdsa.signature';
import type { RawSecp256k1Signer } from './signer';

export interface SoftwareSigner extends RawSecp256k1Signer {
  readonly secretKey: Uint8Array;
  /** How many signatures were returned with s > n/2 (to prove the normalisation ran). */
  highSCount(): number;
  signCount(): number;
}

/**
 * `highS: 'alternate'` returns the high-S twin of every other signature (deterministic, so tests
 * are reproducible); 'always' and 'never' force one side.
 */
export function softwareSigner(secretKeyHex: string, highS: 'alternate' | 'always' | 'never' = 'alternate'): SoftwareSigner {
  if (process.env.VITEST !== 'true' && process.env.VAULTLINE_TEST_SIGNER !== '1') {
    throw new Error('softwareSigner is a test fixture: set VAULTLINE_TEST_SIGNER=1 to use it outside vitest');
  }
  const secretKey = hexToBytes(secretKeyHex);
  const publicKey = secp256k1.getPublicKey(secretKey, true);
  let count = 0;
  let high = 0;
  return {
    secretKey,
    publicKey: () => publicKey.slice(),
    signDigest(digest32: Uint8Array): Uint8Array {
      const low = secp256k1.sign(digest32, secretKey, { prehash: false, lowS: true, format: 'compact' });
      count++;
      const flip = highS === 'always' || (highS === 'alternate' && count % 2 === 1);
      if (!flip) return low;
      high++;
      const { r, s } = parseRawSignature(low);
      return encodeRawSignature({ r, s: SECP256K1_N - s });
    },
    highSCount: () => high,
    signCount: () => count,
  };
}
