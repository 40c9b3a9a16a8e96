import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from './bytes';
import { encodeDerSignature, isStrictDerSignature } from './ecdsa.der';
import { recoveryIdByTrial } from './ecdsa.recovery';
import { SECP256K1_HALF_N, SECP256K1_N, encodeRawSignature, isLowS, normalizeLowS, parseRawSignature } from './ecdsa.signature';
import { signDigestChecked, type RawSecp256k1Signer } from './signer';
import { softwareSigner } from './software.signer.testkit';

const KEY = '07'.padStart(64, '0');
const digest = (i: number) => sha256(new TextEncoder().encode(`digest ${i}`));

describe('secp256k1 constants', () => {
  it('n and n/2 are the curve order of @noble/curves', () => {
    expect(SECP256K1_N).toBe(secp256k1.Point.Fn.ORDER);
    expect(SECP256K1_HALF_N * 2n + 1n).toBe(SECP256K1_N);
  });
});

describe('low-S normalisation (BIP62, BIP146, EIP-2)', () => {
  it('flips a high s to n - s and leaves a low s alone', () => {
    const low = secp256k1.sign(digest(1), hexToBytes(KEY), { prehash: false, lowS: true, format: 'compact' });
    const { r, s } = parseRawSignature(low);
    const high = encodeRawSignature({ r, s: SECP256K1_N - s });
    expect(isLowS(high)).toBe(false);
    expect(bytesToHex(normalizeLowS(high))).toBe(bytesToHex(low));
    expect(bytesToHex(normalizeLowS(low))).toBe(bytesToHex(low));
  });

  it('refuses r or s outside [1, n-1] and wrong lengths', () => {
    const zeroR = encodeRawSignature({ r: 1n, s: 1n });
    zeroR.fill(0, 0, 32);
    expect(() => normalizeLowS(zeroR)).toThrow(/r is not in/);
    const bigS = concatBytes(new Uint8Array(31), new Uint8Array([1]), hexToBytes(SECP256K1_N.toString(16)));
    expect(() => normalizeLowS(bigS)).toThrow(/s is not in/);
    expect(() => normalizeLowS(new Uint8Array(63))).toThrow(/64 bytes/);
  });
});

describe('strict DER (BIP66)', () => {
  it('matches @noble/curves DER and passes the BIP66 check, for random signatures', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 1, max: 1000 }), (msg, k) => {
        const key = hexToBytes(k.toString(16).padStart(64, '0'));
        const sig = secp256k1.sign(msg, key, { prehash: false, lowS: true, format: 'compact' });
        const der = encodeDerSignature(sig);
        expect(bytesToHex(der)).toBe(bytesToHex(secp256k1.Signature.fromBytes(sig, 'compact').toBytes('der')));
        expect(isStrictDerSignature(concatBytes(der, new Uint8Array([1])))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('encodes small and high-bit integers minimally', () => {
    const der = encodeDerSignature(encodeRawSignature({ r: 0x80n, s: 1n }));
    expect(bytesToHex(der)).toBe('3007020200800201' + '01');
    expect(isStrictDerSignature(concatBytes(der, new Uint8Array([1])))).toBe(true);
  });

  it('rejects the non-strict encodings BIP66 lists', () => {
    const good = hexToBytes('3007020200800201' + '01' + '01');
    expect(isStrictDerSignature(good)).toBe(true);
    const variants: [string, string][] = [
      ['wrong compound tag', '3107020200800201' + '0101'],
      ['length not covering', '3008020200800201' + '0101'],
      ['negative R', '30060201800201' + '0101'],
      ['padded R', '300802030000800201' + '0101'],
      ['zero-length S', '300602020080' + '0200' + '01'],
      ['negative S', '3006020200800201' + '8101'],
      ['padded S', '300802020080020200' + '0101'],
      ['too short', '3006020101020101'],
    ];
    for (const [, hex] of variants) expect(isStrictDerSignature(hexToBytes(hex))).toBe(false);
  });
});

describe('recovery id by trial', () => {
  it('finds the parity @noble/curves reports, for both parities', () => {
    const key = hexToBytes(KEY);
    const pub = secp256k1.getPublicKey(key, true);
    const seen = new Set<number>();
    for (let i = 0; i < 16; i++) {
      const rec = secp256k1.sign(digest(i), key, { prehash: false, lowS: true, format: 'recovered' });
      const expected = rec[0];
      expect(recoveryIdByTrial(rec.subarray(1), digest(i), pub)).toBe(expected);
      seen.add(expected ?? -1);
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('refuses when no parity recovers the expected key', () => {
    const sig = secp256k1.sign(digest(1), hexToBytes(KEY), { prehash: false, lowS: true, format: 'compact' });
    const other = secp256k1.getPublicKey(hexToBytes('11'.repeat(32)), true);
    expect(() => recoveryIdByTrial(sig, digest(1), other)).toThrow(/no recovery id/);
  });
});

describe('signDigestChecked', () => {
  it('returns low-S signatures that verify although the token returns high-S half the time', () => {
    const signer = softwareSigner(KEY, 'alternate');
    for (let i = 0; i < 20; i++) {
      const { signature, publicKey } = signDigestChecked(signer, digest(i));
      expect(isLowS(signature)).toBe(true);
      expect(secp256k1.verify(signature, digest(i), publicKey, { prehash: false, lowS: true })).toBe(true);
    }
    expect(signer.highSCount()).toBe(10);
  });

  it('refuses a signature that does not verify (wrong key behind the handle)', () => {
    const a = softwareSigner(KEY, 'never');
    const b = softwareSigner('22'.repeat(32), 'never');
    const confused: RawSecp256k1Signer = { publicKey: () => a.publicKey(), signDigest: (d) => b.signDigest(d) };
    expect(() => signDigestChecked(confused, digest(1))).toThrow(/does not verify/);
  });

  it('refuses malformed token output and public keys', () => {
    const a = softwareSigner(KEY, 'never');
    expect(() => signDigestChecked({ publicKey: () => a.publicKey(), signDigest: () => new Uint8Array(65) }, digest(1))).toThrow(/64 bytes/);
    const uncompressed = secp256k1.getPublicKey(hexToBytes(KEY), false);
    expect(() => signDigestChecked({ publicKey: () => uncompressed, signDigest: (d) => a.signDigest(d) }, digest(1))).toThrow(/33 bytes/);
    const offCurve = new Uint8Array(33).fill(0xff);
    offCurve[0] = 0x02;
    expect(() => signDigestChecked({ publicKey: () => offCurve, signDigest: (d) => a.signDigest(d) }, digest(1))).toThrow(/not a point/);
    expect(() => signDigestChecked(a, new Uint8Array(31))).toThrow(/digest: must be 32 bytes/);
  });
});
