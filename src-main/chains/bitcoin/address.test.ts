import { describe, expect, it } from 'vitest';
import * as bitcoinjs from 'bitcoinjs-lib';
import * as ecc from '@bitcoinerlab/secp256k1';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '../bytes';
import { p2wpkhAddress, parseBitcoinAddress, reparseBitcoinAddress, validateBitcoinAddress, addressOfScript } from './address';
import { BITCOIN_MAINNET, BITCOIN_REGTEST, BITCOIN_TESTNET, bitcoinNetwork } from './network';

bitcoinjs.initEccLib(ecc);

const jsNetworks = { mainnet: bitcoinjs.networks.bitcoin, testnet: bitcoinjs.networks.testnet, regtest: bitcoinjs.networks.regtest } as const;

describe('Bitcoin addresses (BIP173, BIP350, base58check)', () => {
  it('derives the P2WPKH address of a compressed key, as bitcoinjs-lib does, on each network', () => {
    for (const k of [1, 2, 3, 0xdead]) {
      const pub = secp256k1.getPublicKey(hexToBytes(k.toString(16).padStart(64, '0')), true);
      for (const network of [BITCOIN_MAINNET, BITCOIN_TESTNET, BITCOIN_REGTEST]) {
        const ours = p2wpkhAddress(network, pub);
        const theirs = bitcoinjs.payments.p2wpkh({ pubkey: pub, network: jsNetworks[network.name] });
        expect(ours.text).toBe(theirs.address);
        expect(bytesToHex(ours.script)).toBe(bytesToHex(theirs.output ?? new Uint8Array()));
        expect(ours.network).toBe(network.name);
      }
    }
    // The BIP173 example key hash: 751e76e8199196d454941c45d1b3a323f1433bd6 is HASH160 of G.
    const g = secp256k1.getPublicKey(hexToBytes('01'.padStart(64, '0')), true);
    expect(p2wpkhAddress(BITCOIN_MAINNET, g).text).toBe('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
  });

  it('accepts the BIP173/BIP350 and base58 vectors with the scripts bitcoinjs-lib derives', () => {
    const valid: [typeof BITCOIN_MAINNET | typeof BITCOIN_TESTNET, string, string][] = [
      [BITCOIN_MAINNET, 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'p2wpkh'],
      [BITCOIN_TESTNET, 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'p2wsh'],
      [BITCOIN_MAINNET, 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'p2tr'],
      [BITCOIN_MAINNET, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'p2pkh'],
      [BITCOIN_MAINNET, '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'p2sh'],
      [BITCOIN_TESTNET, 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'p2pkh'],
      [BITCOIN_TESTNET, '2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc', 'p2sh'],
    ];
    for (const [network, text, type] of valid) {
      const parsed = parseBitcoinAddress(network, text);
      expect(parsed.type).toBe(type);
      expect(bytesToHex(parsed.script)).toBe(bytesToHex(bitcoinjs.address.toOutputScript(text, jsNetworks[network.name])));
      expect(addressOfScript(network, parsed.script)).toBe(type.startsWith('p2w') || type === 'p2tr' ? text.toLowerCase() : text);
    }
  });

  it('refuses bad checksums, mixed case, wrong encodings and unknown witness versions', () => {
    const cases: [string, string][] = [
      ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'BAD_CHECKSUM'],
      ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8f3t4', 'BAD_CHECKSUM'], // mixed case (BIP173)
      ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', 'WRONG_ENCODING'], // v0 with a bech32m checksum (BIP350)
      ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'BAD_CHECKSUM'],
      ['0BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'MALFORMED'],
      ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'UNSUPPORTED'], // witness v2 (BIP350 valid, not a destination we parse)
      ['', 'MALFORMED'],
    ];
    for (const [text, code] of cases) {
      const r = validateBitcoinAddress(BITCOIN_MAINNET, text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.code, text).toBe(code);
    }
  });

  it('refuses a testnet address on mainnet and a mainnet address on testnet (both encodings)', () => {
    for (const text of ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', '2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc']) {
      expect(validateBitcoinAddress(BITCOIN_MAINNET, text)).toMatchObject({ ok: false, code: 'WRONG_NETWORK' });
    }
    for (const text of ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy']) {
      expect(validateBitcoinAddress(BITCOIN_TESTNET, text)).toMatchObject({ ok: false, code: 'WRONG_NETWORK' });
      expect(validateBitcoinAddress(BITCOIN_REGTEST, text)).toMatchObject({ ok: false, code: 'WRONG_NETWORK' });
    }
    // bech32 separates testnet from regtest; base58 cannot (same version bytes).
    const g = secp256k1.getPublicKey(hexToBytes('01'.padStart(64, '0')), true);
    expect(validateBitcoinAddress(BITCOIN_REGTEST, p2wpkhAddress(BITCOIN_TESTNET, g).text)).toMatchObject({ ok: false, code: 'WRONG_NETWORK' });
    expect(() => parseBitcoinAddress(BITCOIN_MAINNET, 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn')).toThrow(/WRONG_NETWORK/);
  });

  it('re-reads address objects against the network of the call', () => {
    const g = secp256k1.getPublicKey(hexToBytes('01'.padStart(64, '0')), true);
    const testnet = p2wpkhAddress(BITCOIN_TESTNET, g);
    // @ts-expect-error a testnet address cannot be passed where a mainnet address is expected
    expect(() => reparseBitcoinAddress(BITCOIN_MAINNET, testnet)).toThrow(/WRONG_NETWORK/);
    const forged = { ...p2wpkhAddress(BITCOIN_MAINNET, g), network: 'mainnet' as const, script: testnet.script.slice(1) };
    expect(() => reparseBitcoinAddress(BITCOIN_MAINNET, forged)).toThrow(/WRONG_NETWORK/);
  });

  it('knows exactly three networks', () => {
    expect(bitcoinNetwork('mainnet')).toBe(BITCOIN_MAINNET);
    expect(() => bitcoinNetwork('signet')).toThrow(/network: must be one of mainnet, testnet, regtest/);
    expect(() => p2wpkhAddress({ ...BITCOIN_MAINNET, bech32Hrp: 'tb' }, g33())).toThrow(/BITCOIN_NETWORKS/);
  });
});

function g33(): Uint8Array {
  return secp256k1.getPublicKey(hexToBytes('01'.padStart(64, '0')), true);
}
