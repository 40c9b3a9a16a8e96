/**
 * `checkPsbt`: what the signing module runs before any Bitcoin signature (and what `signPsbt`
 * runs again itself). It answers one question: does this PSBT spend only our P2WPKH coins, pay
 * exactly the approved destination and amount, send everything else back to a change script our
 * own wallet derives, and pay a fee we can compute and that is under the cap?
 *
 * Principles:
 * - Everything is recomputed from data that hashes to what the transaction commits to. Input
 *   amounts come from `non_witness_utxo` (the full previous transaction) whose txid must equal the
 *   prevout hash; `witness_utxo` must agree with it. BIP143 signatures commit to the amount of the
 *   input being signed only, so a PSBT that lies about the amounts of two inputs in two rounds can
 *   make a signer burn the difference as fee (CVE-2020-14199); the full previous transaction
 *   closes that.
 * - PSBT hints are attacker-controlled. `bip32_derivation` on an output says nothing about who
 *   owns it; only `isOwnChangeScript`, which the caller answers by re-deriving from its wallet,
 *   makes an output change. Hints are ignored, not trusted.
 * - Fail closed: any field we do not use (signatures, redeem/witness scripts, taproot data,
 *   proprietary or unknown keys) is refused rather than passed through to the signer.
 * - All refusals are reported, not only the first, each with a stable code and a path.
 */
import { assertBigInt, bytesToHex, describe, equalBytes } from '../bytes';
import { invalid, type CheckResult, type Refusal } from '../chain.errors';
import { addressOfScript, validateBitcoinAddress, type BitcoinAddress } from './address';
import { dustThreshold, estimateP2wpkhVsize } from './fee';
import { assertBitcoinNetwork, type BitcoinNetwork, type BitcoinNetworkName } from './network';
import { MAX_MONEY, type PsbtInputSummary } from './psbt.builder';
import { decodePsbt, presentFields, type DecodedPsbt } from './psbt.decode';
import { parseOutputScript } from './script';
import { txidOf } from './transaction';

export type PsbtRefusalCode =
  | 'PSBT_MALFORMED'
  | 'PSBT_UNSUPPORTED_FIELD'
  | 'TX_VERSION'
  | 'TX_LOCKTIME'
  | 'INPUT_SEQUENCE'
  | 'NO_INPUTS'
  | 'DUPLICATE_INPUT'
  | 'MISSING_NON_WITNESS_UTXO'
  | 'NON_WITNESS_UTXO_TXID_MISMATCH'
  | 'PREVOUT_INDEX_OUT_OF_RANGE'
  | 'MISSING_WITNESS_UTXO'
  | 'WITNESS_UTXO_MISMATCH'
  | 'UNSUPPORTED_INPUT_TYPE'
  | 'INPUT_NOT_OURS'
  | 'SIGHASH_NOT_ALL'
  | 'NO_OUTPUTS'
  | 'UNPARSABLE_OUTPUT'
  | 'DESTINATION_INVALID'
  | 'WRONG_NETWORK'
  | 'DESTINATION_MISSING'
  | 'DESTINATION_DUPLICATED'
  | 'AMOUNT_MISMATCH'
  | 'FOREIGN_OUTPUT'
  | 'TOO_MANY_CHANGE_OUTPUTS'
  | 'DUST_OUTPUT'
  | 'NEGATIVE_FEE'
  | 'FEE_ABOVE_CAP';

export interface PsbtExpectation<N extends BitcoinNetworkName = BitcoinNetworkName> {
  /** The approved destination (as the approvers signed it). */
  readonly destination: BitcoinAddress<N> | string;
  /** The approved amount in sats. */
  readonly amount: bigint;
  /** The policy fee cap in sats (inclusive). */
  readonly maxFee: bigint;
  /** True only for a change script the wallet re-derives itself (never from PSBT hints). */
  readonly isOwnChangeScript: (script: Uint8Array) => boolean;
  /** True only for a script of the wallet being spent from (the inputs must all be ours). */
  readonly isOwnInputScript: (script: Uint8Array) => boolean;
}

export interface CheckedPsbtInput extends PsbtInputSummary {
  /** HASH160 of the public key that must sign (from the P2WPKH script). */
  readonly keyHash: Uint8Array;
  /** nSequence as the unsigned transaction has it (one of the checked values). */
  readonly sequence: number;
}

export interface CheckedPsbtOutput {
  readonly index: number;
  readonly address: string;
  readonly script: Uint8Array;
  readonly amount: bigint;
}

export interface CheckedPsbt {
  readonly txVersion: number;
  readonly lockTime: number;
  readonly inputs: readonly CheckedPsbtInput[];
  readonly destination: CheckedPsbtOutput;
  readonly change: readonly CheckedPsbtOutput[];
  readonly inputTotal: bigint;
  readonly outputTotal: bigint;
  readonly fee: bigint;
  readonly vsizeEstimate: bigint;
}

/** At most one change output: the builder never makes two, so a second one is not ours to explain. */
const MAX_CHANGE_OUTPUTS = 1;
const ALLOWED_GLOBAL = new Set(['unsignedTx', 'version', 'xpub']);
const ALLOWED_INPUT = new Set(['nonWitnessUtxo', 'witnessUtxo', 'sighashType', 'bip32Derivation']);
const ALLOWED_OUTPUT = new Set(['bip32Derivation']);
/** Final, or opt-in RBF (BIP125); lower values enable relative lock-times (BIP68). */
const ALLOWED_SEQUENCES = new Set([0xffff_ffff, 0xffff_fffe, 0xffff_fffd]);
const SIGHASH_ALL = 0x01;

function assertExpectation(expected: PsbtExpectation): void {
  if (typeof expected !== 'object' || expected === null) invalid('expected', `must be an object, got ${describe(expected)}`);
  assertBigInt(expected.amount, 'expected.amount', 1n, MAX_MONEY);
  assertBigInt(expected.maxFee, 'expected.maxFee', 0n, MAX_MONEY);
  if (typeof expected.isOwnChangeScript !== 'function') invalid('expected.isOwnChangeScript', 'must be a function re-deriving the wallet change scripts');
  if (typeof expected.isOwnInputScript !== 'function') invalid('expected.isOwnInputScript', 'must be a function re-deriving the wallet scripts');
  if (typeof expected.destination !== 'string' && (typeof expected.destination !== 'object' || expected.destination === null)) {
    invalid('expected.destination', 'must be an address');
  }
}

export function checkPsbt<N extends BitcoinNetworkName>(
  network: BitcoinNetwork<N>,
  psbt: Uint8Array,
  expected: PsbtExpectation<NoInfer<N>>,
): CheckResult<CheckedPsbt, PsbtRefusalCode> {
  assertBitcoinNetwork(network);
  assertExpectation(expected);
  const refusals: Refusal<PsbtRefusalCode>[] = [];
  const refuse = (code: PsbtRefusalCode, path: string, message: string): void => {
    refusals.push({ code, path, message });
  };
  const fail = (): CheckResult<CheckedPsbt, PsbtRefusalCode> => ({ ok: false, refusals });

  // The approved destination, read for this network: a testnet address on mainnet stops here.
  const destinationText = typeof expected.destination === 'string' ? expected.destination : expected.destination.text;
  const destination = validateBitcoinAddress(network, destinationText);
  if (!destination.ok) {
    refuse(destination.code === 'WRONG_NETWORK' ? 'WRONG_NETWORK' : 'DESTINATION_INVALID', 'expected.destination', destination.message);
  } else if (typeof expected.destination !== 'string' && expected.destination.network !== network.name) {
    refuse('WRONG_NETWORK', 'expected.destination', `the approved address object is for ${expected.destination.network}; the PSBT is checked on ${network.name}`);
  }

  if (!(psbt instanceof Uint8Array)) {
    refuse('PSBT_MALFORMED', 'psbt', `must be bytes, got ${describe(psbt)}`);
    return fail();
  }
  let decoded: DecodedPsbt;
  try {
    decoded = decodePsbt(psbt);
  } catch (error) {
    refuse('PSBT_MALFORMED', 'psbt', `does not parse as a BIP174 v0 PSBT: ${error instanceof Error ? error.message : 'decode failed'}`);
    return fail();
  }

  // ---- global map and unsigned transaction
  for (const field of presentFields(decoded.global)) {
    if (!ALLOWED_GLOBAL.has(field)) refuse('PSBT_UNSUPPORTED_FIELD', `global.${field}`, 'this global field is not accepted');
  }
  if (decoded.global.version !== undefined && decoded.global.version !== 0) {
    refuse('PSBT_MALFORMED', 'global.version', `PSBT version ${decoded.global.version}; only version 0 is accepted`);
  }
  const tx = decoded.global.unsignedTx;
  if (tx.version !== 1 && tx.version !== 2) refuse('TX_VERSION', 'unsignedTx.version', `transaction version ${tx.version}; expected 1 or 2`);
  if (tx.lockTime !== 0) refuse('TX_LOCKTIME', 'unsignedTx.lockTime', `nLockTime ${tx.lockTime}; withdrawals are built with 0`);
  if (tx.inputs.length === 0) refuse('NO_INPUTS', 'unsignedTx.inputs', 'the transaction spends nothing');
  if (tx.outputs.length === 0) refuse('NO_OUTPUTS', 'unsignedTx.outputs', 'the transaction pays nothing');

  // ---- inputs
  const inputs: CheckedPsbtInput[] = [];
  let inputTotal = 0n;
  let allAmountsKnown = true;
  const prevouts = new Set<string>();
  tx.inputs.forEach((txIn, i) => {
    const path = `inputs[${i}]`;
    const map = decoded.inputs[i] ?? {};
    const prevTxid = bytesToHex(txIn.txid);
    const outpoint = `${prevTxid}:${txIn.index}`;
    if (prevouts.has(outpoint)) refuse('DUPLICATE_INPUT', path, `${outpoint} is spent twice`);
    prevouts.add(outpoint);
    if (!ALLOWED_SEQUENCES.has(txIn.sequence)) refuse('INPUT_SEQUENCE', `${path}.sequence`, `nSequence 0x${txIn.sequence.toString(16)} would set a relative lock-time (BIP68)`);
    for (const field of presentFields(map)) {
      if (!ALLOWED_INPUT.has(field)) refuse('PSBT_UNSUPPORTED_FIELD', `${path}.${field}`, 'this input field is not accepted (we sign fresh P2WPKH inputs only)');
    }
    if (map.sighashType !== undefined && map.sighashType !== SIGHASH_ALL) {
      refuse('SIGHASH_NOT_ALL', `${path}.sighashType`, `sighash type 0x${map.sighashType.toString(16)}; only SIGHASH_ALL is signed`);
    }

    const full = map.nonWitnessUtxo;
    if (!full) {
      refuse('MISSING_NON_WITNESS_UTXO', `${path}.nonWitnessUtxo`, 'the full previous transaction is required to know the amount spent (CVE-2020-14199)');
      allAmountsKnown = false;
      return;
    }
    const fullTxid = txidOf(full);
    if (fullTxid !== prevTxid) {
      refuse('NON_WITNESS_UTXO_TXID_MISMATCH', `${path}.nonWitnessUtxo`, `the previous transaction hashes to ${fullTxid}, the input spends ${prevTxid}`);
      allAmountsKnown = false;
      return;
    }
    const prevOut = full.outputs[txIn.index];
    if (!prevOut) {
      refuse('PREVOUT_INDEX_OUT_OF_RANGE', `${path}.nonWitnessUtxo`, `the previous transaction has ${full.outputs.length} outputs, no index ${txIn.index}`);
      allAmountsKnown = false;
      return;
    }
    const witnessUtxo = map.witnessUtxo;
    if (!witnessUtxo) refuse('MISSING_WITNESS_UTXO', `${path}.witnessUtxo`, 'a segwit input must carry witness_utxo');
    else if (witnessUtxo.amount !== prevOut.amount || !equalBytes(witnessUtxo.script, prevOut.script)) {
      refuse('WITNESS_UTXO_MISMATCH', `${path}.witnessUtxo`, `witness_utxo says ${witnessUtxo.amount} sats, the previous transaction says ${prevOut.amount} sats${equalBytes(witnessUtxo.script, prevOut.script) ? '' : ' (and another script)'}`);
    }
    inputTotal += prevOut.amount;
    const parsed = parseOutputScript(prevOut.script);
    if (parsed?.type !== 'p2wpkh') {
      refuse('UNSUPPORTED_INPUT_TYPE', `${path}`, `spends a ${parsed?.type ?? 'non-standard'} output; only P2WPKH is signed`);
      return;
    }
    if (!expected.isOwnInputScript(prevOut.script.slice())) refuse('INPUT_NOT_OURS', path, "the output spent is not one of the wallet's scripts");
    inputs.push({ txid: prevTxid, vout: txIn.index, amount: prevOut.amount, script: prevOut.script, keyHash: parsed.hash, sequence: txIn.sequence });
  });

  // ---- outputs
  let outputTotal = 0n;
  const destinationMatches: CheckedPsbtOutput[] = [];
  const change: CheckedPsbtOutput[] = [];
  tx.outputs.forEach((out, i) => {
    const path = `outputs[${i}]`;
    for (const field of presentFields(decoded.outputs[i] ?? {})) {
      if (!ALLOWED_OUTPUT.has(field)) refuse('PSBT_UNSUPPORTED_FIELD', `${path}.${field}`, 'this output field is not accepted');
    }
    outputTotal += out.amount;
    const address = addressOfScript(network, out.script);
    if (address === undefined) {
      refuse('UNPARSABLE_OUTPUT', `${path}.script`, `script ${bytesToHex(out.script).slice(0, 80)} is not a standard output we can read`);
      return;
    }
    if (out.amount < dustThreshold(out.script)) refuse('DUST_OUTPUT', `${path}.amount`, `${out.amount} sats is below the dust threshold ${dustThreshold(out.script)}`);
    const entry: CheckedPsbtOutput = { index: i, address, script: out.script, amount: out.amount };
    if (destination.ok && equalBytes(out.script, destination.address.script)) destinationMatches.push(entry);
    else if (expected.isOwnChangeScript(out.script.slice())) change.push(entry);
    else refuse('FOREIGN_OUTPUT', path, `pays ${out.amount} sats to ${address}, which is neither the approved destination nor a change script the wallet derives`);
  });

  let destinationOut: CheckedPsbtOutput | undefined;
  if (destination.ok) {
    if (destinationMatches.length === 0) refuse('DESTINATION_MISSING', 'outputs', `no output pays the approved destination ${destination.address.text}`);
    else if (destinationMatches.length > 1) refuse('DESTINATION_DUPLICATED', 'outputs', `${destinationMatches.length} outputs pay the approved destination; exactly one is expected`);
    else {
      destinationOut = destinationMatches[0];
      if (destinationOut && destinationOut.amount !== expected.amount) {
        refuse('AMOUNT_MISMATCH', `outputs[${destinationOut.index}].amount`, `pays ${destinationOut.amount} sats; ${expected.amount} sats were approved`);
      }
    }
  }
  if (change.length > MAX_CHANGE_OUTPUTS) refuse('TOO_MANY_CHANGE_OUTPUTS', 'outputs', `${change.length} change outputs; at most ${MAX_CHANGE_OUTPUTS}`);

  // ---- fee, from amounts proven by the full previous transactions only
  const fee = inputTotal - outputTotal;
  if (allAmountsKnown && tx.inputs.length > 0) {
    if (fee < 0n) refuse('NEGATIVE_FEE', 'outputs', `outputs (${outputTotal} sats) exceed inputs (${inputTotal} sats)`);
    else if (fee > expected.maxFee) refuse('FEE_ABOVE_CAP', 'fee', `the fee is ${fee} sats, above the cap of ${expected.maxFee} sats`);
  }

  if (refusals.length > 0 || !destinationOut) return fail();
  return {
    ok: true,
    value: {
      txVersion: tx.version,
      lockTime: tx.lockTime,
      inputs,
      destination: destinationOut,
      change,
      inputTotal,
      outputTotal,
      fee,
      vsizeEstimate: estimateP2wpkhVsize(inputs.length, tx.outputs.map((o) => o.script.length)),
    },
  };
}
