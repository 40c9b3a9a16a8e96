/**
 * Each way a PSBT can differ from what the quorum approved, made the way an attacker would (by
 * editing the BIP174 maps), and refused with its own code. For every refusal, `signPsbt` signs
 * nothing: the token is never asked.
 */
import { describe, expect, it } from 'vitest';
import { VaultlineError } from '../../errors';
import { hexToBytes } from '../bytes';
import { p2wpkhAddress, parseBitcoinAddress } from './address';
import { KEYS, decodeForTamper, expectation, fakePrevTx, tamper, wallet, type MutablePsbt } from './bitcoin.testkit';
import { BITCOIN_MAINNET, BITCOIN_REGTEST, BITCOIN_TESTNET } from './network';
import { buildPsbt } from './psbt.builder';
import { checkPsbt, type PsbtExpectation, type PsbtRefusalCode } from './psbt.check';
import { signPsbt } from './psbt.signer';
import { parsePreviousTransaction } from './transaction';
import { softwareSigner } from '../software.signer.testkit';

const network = BITCOIN_MAINNET;
const w = wallet(network);
const DESTINATION = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const AMOUNT = 100_000n;
const attacker = p2wpkhAddress(network, softwareSigner(KEYS.attacker).publicKey());

const prevA = fakePrevTx([{ amount: 80_000n, script: w.receive.script }], 'attack-a');
const prevB = fakePrevTx([{ amount: 60_000n, script: w.second.script }, { amount: 9_000n, script: w.receive.script }], 'attack-b');
const built = buildPsbt(network, { utxos: [{ prevTx: prevA, vout: 0 }, { prevTx: prevB, vout: 0 }], destination: DESTINATION, amount: AMOUNT, feeRate: 10n, maxFee: 20_000n, changeAddress: w.changeAddress });
const expected = expectation(w, DESTINATION, AMOUNT, 20_000n);

function codes(psbt: Uint8Array, exp: PsbtExpectation<'mainnet'> = expected): PsbtRefusalCode[] {
  const result = checkPsbt(network, psbt, exp);
  return result.ok ? [] : result.refusals.map((r) => r.code);
}

/** signPsbt refuses with INTEGRITY_FAILURE and the token was never asked for a signature. */
function expectNothingSigned(psbt: Uint8Array, exp: PsbtExpectation<'mainnet'> = expected): void {
  const fresh = wallet(network);
  let error: unknown;
  try {
    signPsbt(network, psbt, exp, fresh.keys);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(VaultlineError);
  expect((error as VaultlineError).code).toBe('INTEGRITY_FAILURE');
  expect(fresh.signers.wallet.signCount() + fresh.signers.second.signCount() + fresh.signers.change.signCount()).toBe(0);
}

function attack(edit: (p: MutablePsbt) => void): Uint8Array {
  return tamper(built.psbt, edit);
}

describe('checkPsbt refuses every deviation from the approval', () => {
  it('accepts the untouched PSBT (the baseline every attack below changes)', () => {
    expect(codes(built.psbt)).toEqual([]);
    expect(built.change).toBeDefined();
  });

  it('a changed destination: the output now pays the attacker', () => {
    const psbt = attack((p) => {
      p.global.unsignedTx.outputs[0]!.script = attacker.script;
    });
    expect(codes(psbt)).toEqual(['FOREIGN_OUTPUT', 'DESTINATION_MISSING']);
    expectNothingSigned(psbt);
    // ...and the approval naming another destination than the PSBT pays is the same refusal.
    expect(codes(built.psbt, { ...expected, destination: attacker.text })).toEqual(['FOREIGN_OUTPUT', 'DESTINATION_MISSING']);
  });

  it('a changed amount, even when the difference goes to change', () => {
    const psbt = attack((p) => {
      p.global.unsignedTx.outputs[0]!.amount = AMOUNT + 1_000n;
      p.global.unsignedTx.outputs[1]!.amount -= 1_000n;
    });
    expect(codes(psbt)).toEqual(['AMOUNT_MISMATCH']);
    expectNothingSigned(psbt);
  });

  it('an extra output that claims to be change with bip32 derivation hints of our own key', () => {
    const psbt = attack((p) => {
      p.global.unsignedTx.outputs[1]!.amount -= 20_000n;
      p.global.unsignedTx.outputs.push({ amount: 20_000n, script: attacker.script });
      // The hints name OUR wallet key and a plausible change path: they are attacker-controlled.
      p.outputs.push({ bip32Derivation: [[w.signers.change.publicKey(), { fingerprint: 0x12345678, path: [0x8000_0054, 0x8000_0000, 0x8000_0000, 1, 7] }]] });
    });
    expect(codes(psbt)).toEqual(['FOREIGN_OUTPUT']);
    expectNothingSigned(psbt);
  });

  it('a second change output, even to our own change script', () => {
    const psbt = attack((p) => {
      p.global.unsignedTx.outputs[1]!.amount -= 5_000n;
      p.global.unsignedTx.outputs.push({ amount: 5_000n, script: w.changeAddress.script });
      p.outputs.push({});
    });
    expect(codes(psbt)).toEqual(['TOO_MANY_CHANGE_OUTPUTS']);
  });

  it('the destination paid twice', () => {
    const psbt = attack((p) => {
      p.global.unsignedTx.outputs[1]!.script = p.global.unsignedTx.outputs[0]!.script;
    });
    expect(codes(psbt)).toEqual(['DESTINATION_DUPLICATED']);
  });

  it('an input without its previous transaction (non_witness_utxo)', () => {
    const psbt = attack((p) => {
      delete p.inputs[1]!.nonWitnessUtxo;
    });
    expect(codes(psbt)).toEqual(['MISSING_NON_WITNESS_UTXO']);
    expectNothingSigned(psbt);
  });

  it('a non_witness_utxo whose txid is not the prevout (the previous tx edited to show a larger amount)', () => {
    const psbt = attack((p) => {
      const full = p.inputs[0]!.nonWitnessUtxo!;
      full.outputs[0]!.amount = 180_000n;
      p.inputs[0]!.witnessUtxo!.amount = 180_000n;
    });
    expect(codes(psbt)).toEqual(['NON_WITNESS_UTXO_TXID_MISMATCH']);
    expectNothingSigned(psbt);
  });

  it('a non_witness_utxo swapped for another real transaction of ours', () => {
    const other = decodeForTamper(fakePrevTx([{ amount: 80_000n, script: w.receive.script }], 'another'));
    const psbt = attack((p) => {
      p.inputs[0]!.nonWitnessUtxo = other;
    });
    expect(codes(psbt)).toEqual(['NON_WITNESS_UTXO_TXID_MISMATCH']);
  });

  it('a witness_utxo that lies about the amount (CVE-2020-14199): the full previous tx wins', () => {
    const psbt = attack((p) => {
      p.inputs[1]!.witnessUtxo!.amount = 20_000n;
    });
    expect(codes(psbt)).toEqual(['WITNESS_UTXO_MISMATCH']);
    expectNothingSigned(psbt);
    const noWitnessUtxo = attack((p) => {
      delete p.inputs[1]!.witnessUtxo;
    });
    expect(codes(noWitnessUtxo)).toEqual(['MISSING_WITNESS_UTXO']);
  });

  it('a fee above the cap, computed from the previous transactions', () => {
    expect(built.fee).toBeGreaterThan(1_000n);
    expect(codes(built.psbt, { ...expected, maxFee: built.fee - 1n })).toEqual(['FEE_ABOVE_CAP']);
    expectNothingSigned(built.psbt, { ...expected, maxFee: built.fee - 1n });
    // Change shrunk to inflate the fee past the cap:
    const psbt = attack((p) => {
      p.global.unsignedTx.outputs[1]!.amount -= 19_000n;
    });
    expect(codes(psbt)).toEqual(['FEE_ABOVE_CAP']);
    // Outputs above inputs:
    const negative = attack((p) => {
      p.global.unsignedTx.outputs[1]!.amount += 100_000n;
    });
    expect(codes(negative)).toEqual(['NEGATIVE_FEE']);
  });

  it('a testnet destination on mainnet, and a mainnet destination on testnet', () => {
    expect(codes(built.psbt, { ...expected, destination: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx' })).toEqual(['WRONG_NETWORK', 'FOREIGN_OUTPUT']);
    expect(() =>
      buildPsbt(network, { utxos: [{ prevTx: prevA, vout: 0 }], destination: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', amount: 10_000n, feeRate: 1n, maxFee: 1_000n, changeAddress: w.changeAddress }),
    ).toThrow(/WRONG_NETWORK/);

    const t = wallet(BITCOIN_TESTNET);
    const tPrev = fakePrevTx([{ amount: 80_000n, script: t.receive.script }], 'tn');
    const tBuilt = buildPsbt(BITCOIN_TESTNET, { utxos: [{ prevTx: tPrev, vout: 0 }], destination: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', amount: 10_000n, feeRate: 1n, maxFee: 1_000n, changeAddress: t.changeAddress });
    const onTestnet = checkPsbt(BITCOIN_TESTNET, tBuilt.psbt, { ...expectation(t, DESTINATION, 10_000n) });
    expect(onTestnet.ok ? [] : onTestnet.refusals.map((r) => r.code)).toEqual(['WRONG_NETWORK', 'FOREIGN_OUTPUT']);
    // A change address of the other network cannot be used to build either.
    expect(() =>
      buildPsbt(BITCOIN_TESTNET, { utxos: [{ prevTx: tPrev, vout: 0 }], destination: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', amount: 10_000n, feeRate: 1n, maxFee: 1_000n, changeAddress: w.changeAddress.text }),
    ).toThrow(/changeAddress: WRONG_NETWORK/);
  });

  it('a key of another network never signs, and the types say so', () => {
    const t = wallet(BITCOIN_TESTNET);
    // @ts-expect-error a NetworkKey<'testnet'> cannot sign on mainnet
    expect(() => signPsbt(network, built.psbt, expected, t.keys)).toThrow(/keys\[0\].network: the key is for testnet; the withdrawal is on mainnet/);
    const r = wallet(BITCOIN_REGTEST);
    // @ts-expect-error nor a regtest one
    expect(() => signPsbt(network, built.psbt, expected, r.keys)).toThrow(/the key is for regtest/);
    expect(t.signers.wallet.signCount() + r.signers.wallet.signCount()).toBe(0);
    // @ts-expect-error a testnet address is not a mainnet destination
    expect(() => buildPsbt(network, { utxos: [], destination: t.receive, amount: 1n, feeRate: 1n, maxFee: 1n, changeAddress: w.changeAddress })).toThrow(/WRONG_NETWORK/);
  });

  it('sighash types other than ALL', () => {
    for (const sighash of [0x02, 0x03, 0x81, 0x00]) {
      const psbt = attack((p) => {
        p.inputs[0]!.sighashType = sighash;
      });
      expect(codes(psbt)).toEqual(['SIGHASH_NOT_ALL']);
    }
  });

  it('inputs we do not own, and fields we do not sign', () => {
    const foreignPrev = fakePrevTx([{ amount: 80_000n, script: attacker.script }], 'attack-a-foreign');
    const notOurs = buildPsbt(network, { utxos: [{ prevTx: foreignPrev, vout: 0 }], destination: DESTINATION, amount: 50_000n, feeRate: 1n, maxFee: 50_000n, changeAddress: w.changeAddress });
    expect(codes(notOurs.psbt, { ...expected, amount: 50_000n })).toEqual(['INPUT_NOT_OURS']);

    const extraFields = attack((p) => {
      p.inputs[0]!.partialSig = [[w.signers.wallet.publicKey(), new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x01])]];
      p.inputs[1]!.witnessScript = new Uint8Array([0x51]);
      p.inputs[1]!.unknown = [[{ type: 0x99, key: new Uint8Array([1]) }, new Uint8Array([2])]];
      p.outputs[0]!.proprietary = [[new Uint8Array([1, 0x41, 0]), new Uint8Array([2])]]; // identifier 'A', subtype 0
    });
    const refusals = checkPsbt(network, extraFields, expected);
    expect(refusals.ok ? [] : refusals.refusals.map((r) => `${r.code} ${r.path}`)).toEqual([
      'PSBT_UNSUPPORTED_FIELD inputs[0].partialSig',
      'PSBT_UNSUPPORTED_FIELD inputs[1].witnessScript',
      'PSBT_UNSUPPORTED_FIELD inputs[1].unknown',
      'PSBT_UNSUPPORTED_FIELD outputs[0].proprietary',
    ]);
  });

  it('a P2PKH input with a correct previous transaction is an unknown input type', () => {
    const legacy = parseBitcoinAddress(network, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2');
    const prevLegacy = fakePrevTx([{ amount: 80_000n, script: legacy.script }], 'legacy');
    const psbt = attack((p) => {
      p.inputs[0]!.nonWitnessUtxo = decodeForTamper(prevLegacy);
      p.inputs[0]!.witnessUtxo = { amount: 80_000n, script: legacy.script };
      // The prevout now really is that transaction (@scure keeps txids in display byte order).
      p.global.unsignedTx.inputs[0]!.txid = hexToBytes(parsePreviousTransaction(prevLegacy).txid);
    });
    expect(codes(psbt)).toEqual(['UNSUPPORTED_INPUT_TYPE']);
  });

  it('spending the same outpoint twice, odd sequences and lock-times, garbage', () => {
    const dup = attack((p) => {
      p.global.unsignedTx.inputs[1] = { ...p.global.unsignedTx.inputs[0]! };
      p.inputs[1] = { ...p.inputs[0]! };
    });
    expect(codes(dup)).toContain('DUPLICATE_INPUT');
    const seq = attack((p) => {
      p.global.unsignedTx.inputs[0]!.sequence = 144;
    });
    expect(codes(seq)).toEqual(['INPUT_SEQUENCE']);
    const lock = attack((p) => {
      p.global.unsignedTx.lockTime = 900_000;
    });
    expect(codes(lock)).toEqual(['TX_LOCKTIME']);
    const version = attack((p) => {
      p.global.unsignedTx.version = 3;
    });
    expect(codes(version)).toEqual(['TX_VERSION']);
    expect(codes(built.psbt.slice(0, 40))).toEqual(['PSBT_MALFORMED']);
    expect(codes(new TextEncoder().encode('not a psbt'))).toEqual(['PSBT_MALFORMED']);
    expectNothingSigned(new TextEncoder().encode('not a psbt'));
  });

  it('an output we cannot parse', () => {
    const psbt = attack((p) => {
      p.global.unsignedTx.outputs[1]!.script = new Uint8Array([0x6a, 0x04, 1, 2, 3, 4]); // OP_RETURN
    });
    expect(codes(psbt)).toEqual(['UNPARSABLE_OUTPUT']);
    const dust = attack((p) => {
      p.global.unsignedTx.outputs[1]!.amount = 100n;
    });
    expect(codes(dust, { ...expected, maxFee: 100_000n })).toEqual(['DUST_OUTPUT']);
  });
});
