import { describe, expect, it } from 'vitest';
import * as bitcoinjs from 'bitcoinjs-lib';
import * as ecc from '@bitcoinerlab/secp256k1';
import { bytesToHex } from '../bytes';
import { isLowS } from '../ecdsa.signature';
import { parseBitcoinAddress } from './address';
import { fakePrevTx, expectation, wallet, type Wallet } from './bitcoin.testkit';
import { BITCOIN_MAINNET, BITCOIN_REGTEST, BITCOIN_TESTNET, type BitcoinNetwork, type BitcoinNetworkName } from './network';
import { buildPsbt, type BitcoinUtxo } from './psbt.builder';
import { checkPsbt } from './psbt.check';
import { signPsbt, type SignedBitcoinTransaction } from './psbt.signer';
import { parsePreviousTransaction } from './transaction';

bitcoinjs.initEccLib(ecc);
const jsNetwork = (n: BitcoinNetworkName) => ({ mainnet: bitcoinjs.networks.bitcoin, testnet: bitcoinjs.networks.testnet, regtest: bitcoinjs.networks.regtest })[n];

const DESTINATIONS = {
  mainnet: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  testnet: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
  regtest: 'bcrt1qs758ursh4q9z627kt3pp5yysm78ddny6txaqgw',
} as const;

function utxos<N extends BitcoinNetworkName>(w: Wallet<N>): BitcoinUtxo[] {
  const a = fakePrevTx([{ amount: 40_000n, script: w.receive.script }, { amount: 5_000n, script: w.second.script }], 'a');
  const b = fakePrevTx([{ amount: 1_000n, script: w.receive.script }, { amount: 70_000n, script: w.second.script }], 'b');
  return [
    { prevTx: a, vout: 0, txid: parsePreviousTransaction(a).txid },
    { prevTx: a, vout: 1 },
    { prevTx: b, vout: 1 },
  ];
}

/**
 * The independent verifier: bitcoinjs-lib (its own parser, its own BIP143 sighash, its own PSBT
 * code; ECDSA through @bitcoinerlab/secp256k1) re-reads what we produced.
 */
function verifyWithBitcoinjs<N extends BitcoinNetworkName>(w: Wallet<N>, signed: SignedBitcoinTransaction, prevAmounts: Map<string, bigint>) {
  const tx = bitcoinjs.Transaction.fromBuffer(signed.raw);
  expect(tx.getId()).toBe(signed.txid);
  expect(bytesToHex(tx.getHash(true).reverse())).toBe(signed.wtxid);
  expect(tx.virtualSize()).toBe(signed.vsize);
  const walletKeys = w.keys.map((k) => bytesToHex(k.signer.publicKey()));
  tx.ins.forEach((input, i) => {
    const [sig, pub] = input.witness;
    if (!sig || !pub) throw new Error('witness missing');
    expect(walletKeys).toContain(bytesToHex(pub));
    const decoded = bitcoinjs.script.signature.decode(sig);
    expect(decoded.hashType).toBe(bitcoinjs.Transaction.SIGHASH_ALL);
    const scriptCode = bitcoinjs.payments.p2pkh({ pubkey: pub }).output;
    if (!scriptCode) throw new Error('no scriptCode');
    const prevTxid = bytesToHex(Uint8Array.from(input.hash).reverse());
    const amount = prevAmounts.get(`${prevTxid}:${input.index}`);
    if (amount === undefined) throw new Error('unknown prevout');
    const sighash = tx.hashForWitnessV0(i, scriptCode, amount, bitcoinjs.Transaction.SIGHASH_ALL);
    expect(ecc.verify(sighash, pub, decoded.signature, true), `input ${i} verifies (strict low-S)`).toBe(true);
    expect(isLowS(decoded.signature)).toBe(true);
    // The key that signed owns the coins spent: its P2WPKH address is one of the wallet's.
    const owner = bitcoinjs.payments.p2wpkh({ pubkey: pub, network: jsNetwork(w.network.name) }).address;
    expect([w.receive.text, w.second.text, w.changeAddress.text]).toContain(owner);
  });
  // bitcoinjs-lib's PSBT: parses our finalized PSBT, computes the same fee and extracts the same tx.
  const psbt = bitcoinjs.Psbt.fromBuffer(signed.psbt, { network: jsNetwork(w.network.name) });
  expect(psbt.getFee()).toBe(signed.checked.fee);
  expect(psbt.extractTransaction().toHex()).toBe(bytesToHex(signed.raw));
  return tx;
}

function amountsOf(list: readonly BitcoinUtxo[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const u of list) {
    const prev = parsePreviousTransaction(u.prevTx);
    prev.outputs.forEach((o, i) => m.set(`${prev.txid}:${i}`, o.amount));
  }
  return m;
}

describe.each([BITCOIN_MAINNET, BITCOIN_TESTNET, BITCOIN_REGTEST] as BitcoinNetwork[])('P2WPKH withdrawal on $name', (network) => {
  it('builds, checks, signs and extracts a transaction that bitcoinjs-lib verifies', () => {
    const w = wallet(network);
    const list = utxos(w);
    const destination = parseBitcoinAddress(network, DESTINATIONS[network.name]);
    const built = buildPsbt(network, { utxos: list, destination, amount: 108_000n, feeRate: 12n, maxFee: 50_000n, changeAddress: w.changeAddress });
    // 108 000 + fee needs all three inputs (70 000 + 40 000 + 5 000), largest first.
    expect(built.inputs.map((i) => i.amount)).toEqual([70_000n, 40_000n, 5_000n]);
    expect(built.change?.amount).toBe(115_000n - 108_000n - built.fee);
    expect(built.fee).toBe(built.vsizeEstimate * 12n);

    const checked = checkPsbt(network, built.psbt, expectation(w, destination, 108_000n));
    expect(checked).toMatchObject({ ok: true, value: { fee: built.fee, destination: { index: 0, address: destination.text, amount: 108_000n }, change: [{ index: 1, address: w.changeAddress.text }] } });

    const signed = signPsbt(network, built.psbt, expectation(w, destination.text, 108_000n), w.keys);
    const tx = verifyWithBitcoinjs(w, signed, amountsOf(list));
    expect(tx.outs.map((o) => bitcoinjs.address.fromOutputScript(o.script, jsNetwork(network.name)))).toEqual([destination.text, w.changeAddress.text]);
    expect(tx.outs.map((o) => o.value)).toEqual([108_000n, built.change?.amount]);
    // The software token returned high-S for every other signature: all were normalised.
    expect(w.signers.wallet.highSCount() + w.signers.second.highSCount()).toBeGreaterThan(0);
    // The fee estimate is an upper bound, tight to a couple of vbytes per input.
    expect(BigInt(signed.vsize)).toBeLessThanOrEqual(built.vsizeEstimate);
    expect(built.vsizeEstimate - BigInt(signed.vsize)).toBeLessThanOrEqual(3n);
    // The finalized PSBT, read by bitcoinjs-lib, extracts to exactly the transaction handed out.
    expect(Buffer.from(bitcoinjs.Psbt.fromBuffer(Buffer.from(signed.psbt)).extractTransaction().toBuffer()).equals(Buffer.from(signed.raw))).toBe(true);
  });
});

describe('PSBT builder', () => {
  const w = wallet(BITCOIN_REGTEST);
  const destination = DESTINATIONS.regtest;

  it('is deterministic: the same request builds the same PSBT, whatever the UTXO order', () => {
    const list = utxos(w);
    const a = buildPsbt(BITCOIN_REGTEST, { utxos: list, destination, amount: 30_000n, feeRate: 5n, maxFee: 10_000n, changeAddress: w.changeAddress });
    const b = buildPsbt(BITCOIN_REGTEST, { utxos: [...list].reverse(), destination, amount: 30_000n, feeRate: 5n, maxFee: 10_000n, changeAddress: w.changeAddress });
    expect(bytesToHex(a.psbt)).toBe(bytesToHex(b.psbt));
    expect(a.inputs).toHaveLength(1);
  });

  it('drops change below dust into the fee, and the check still accepts it', () => {
    const prev = fakePrevTx([{ amount: 10_000n, script: w.receive.script }], 'dust');
    const built = buildPsbt(BITCOIN_REGTEST, { utxos: [{ prevTx: prev, vout: 0 }], destination, amount: 9_500n, feeRate: 2n, maxFee: 2_000n, changeAddress: w.changeAddress });
    expect(built.change).toBeUndefined();
    expect(built.fee).toBe(500n);
    const signed = signPsbt(BITCOIN_REGTEST, built.psbt, expectation(w, destination, 9_500n, 2_000n), w.keys);
    verifyWithBitcoinjs(w, signed, amountsOf([{ prevTx: prev, vout: 0 }]));
  });

  it('refuses what it cannot build honestly', () => {
    const list = utxos(w);
    const base = { utxos: list, destination, amount: 30_000n, feeRate: 5n, maxFee: 10_000n, changeAddress: w.changeAddress };
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, amount: 200_000n })).toThrow(/do not cover/);
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, feeRate: 50n, maxFee: 1_000n })).toThrow(/above the cap/);
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, amount: 100n })).toThrow(/dust/);
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, amount: -5n })).toThrow(/amount: must be at least 1, got -5/);
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, utxos: [{ ...list[0]!, txid: 'ab'.repeat(32) }] })).toThrow(/utxos\[0\].txid/);
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, utxos: [list[0]!, list[0]!] })).toThrow(/listed twice/);
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, utxos: [{ ...list[0]!, vout: 7 }] })).toThrow(/no index 7/);
    const p2pkh = fakePrevTx([{ amount: 50_000n, script: parseBitcoinAddress(BITCOIN_REGTEST, 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn').script }], 'legacy');
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, utxos: [{ prevTx: p2pkh, vout: 0 }] })).toThrow(/not P2WPKH/);
    expect(() => buildPsbt(BITCOIN_REGTEST, { ...base, changeAddress: 'bcrt1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qzf4jry' })).toThrow(/changeAddress: must be a P2WPKH/);
  });
});
