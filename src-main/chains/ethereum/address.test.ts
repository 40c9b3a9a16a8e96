import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeAddress, getAddress } from 'ethers';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '../bytes';
import { ethereumAddressFromPublicKey, toChecksumAddress, validateEthereumAddress } from './address';

describe('Ethereum addresses (EIP-55)', () => {
  it('accepts the EIP-55 examples and refuses any case flipped in them', () => {
    const examples = [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ];
    for (const text of examples) {
      expect(validateEthereumAddress(text)).toMatchObject({ ok: true, address: { text } });
      const i = text.search(/[a-fA-F]/);
      const c = text.charAt(i);
      const flipped = text.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + text.slice(i + 1);
      expect(validateEthereumAddress(flipped)).toMatchObject({ ok: false, code: 'BAD_CHECKSUM' });
    }
  });

  it('accepts all-lower and all-upper (no checksum) and returns the checksummed form', () => {
    expect(validateEthereumAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toMatchObject({ ok: true, address: { text: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' } });
    expect(validateEthereumAddress('0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED')).toMatchObject({ ok: true, address: { text: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' } });
  });

  it('refuses malformed and zero addresses', () => {
    for (const text of ['5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg', '0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '']) {
      expect(validateEthereumAddress(text)).toMatchObject({ ok: false, code: 'MALFORMED' });
    }
    expect(validateEthereumAddress(`0x${'0'.repeat(40)}`)).toMatchObject({ ok: false, code: 'ZERO_ADDRESS' });
  });

  it('checksums exactly as ethers does, for random addresses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        expect(toChecksumAddress(bytesToHex(bytes))).toBe(getAddress(`0x${bytesToHex(bytes)}`));
      }),
      { numRuns: 300 },
    );
  });

  it('derives the address of a public key as ethers does', () => {
    // Private key 1: the well-known 0x7E5F…5Bdf.
    expect(ethereumAddressFromPublicKey(secp256k1.getPublicKey(hexToBytes('01'.padStart(64, '0')), true)).text).toBe('0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf');
    for (const k of ['a1', 'b2', 'c3', 'd4']) {
      const pub = secp256k1.getPublicKey(hexToBytes(k.repeat(32)), true);
      expect(ethereumAddressFromPublicKey(pub).text).toBe(computeAddress(`0x${bytesToHex(pub)}`));
    }
    expect(() => ethereumAddressFromPublicKey(new Uint8Array(65))).toThrow(/33 bytes/);
  });
});
