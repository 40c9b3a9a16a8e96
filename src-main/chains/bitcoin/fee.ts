/**
 * Size and dust arithmetic for P2WPKH spends, in weight units (BIP141: weight = 3 × base size +
 * total size; vsize = ⌈weight / 4⌉).
 *
 * The estimate is an upper bound: every input is assumed to carry the longest low-S DER signature
 * (71 bytes + 1 sighash byte; r may need 33 bytes, s ≤ n/2 never does), so the fee never falls
 * below the requested rate.
 */
import { parseOutputScript } from './script';

/** CompactSize length (the varint of Bitcoin serializations). */
export function compactSizeLength(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffff_ffff ? 5 : 9;
}

/** prevout (32 + 4) + empty scriptSig length (1) + nSequence (4). */
const P2WPKH_INPUT_BASE_BYTES = 41;
/** Witness: item count (1) + signature push (1 + 72) + public key push (1 + 33). */
const P2WPKH_WITNESS_BYTES = 1 + 1 + 72 + 1 + 33;

export function outputBytes(scriptLength: number): number {
  return 8 + compactSizeLength(scriptLength) + scriptLength;
}

/** Upper bound on the vsize of a transaction spending `inputs` P2WPKH outputs. */
export function estimateP2wpkhVsize(inputs: number, outputScriptLengths: readonly number[]): bigint {
  const base =
    4 /* nVersion */ +
    compactSizeLength(inputs) +
    inputs * P2WPKH_INPUT_BASE_BYTES +
    compactSizeLength(outputScriptLengths.length) +
    outputScriptLengths.reduce((sum, len) => sum + outputBytes(len), 0) +
    4; /* nLockTime */
  const witness = 2 /* marker + flag */ + inputs * P2WPKH_WITNESS_BYTES;
  const weight = base * 4 + witness;
  return BigInt(Math.ceil(weight / 4));
}

/**
 * Bitcoin Core's dust threshold (policy.cpp GetDustThreshold) at the default dust relay fee of
 * 3 sat/vB: the output's size plus the size of spending it (67 vbytes for a witness program, 148
 * otherwise), times 3. P2WPKH: 294 sats; P2PKH: 546.
 */
export function dustThreshold(script: Uint8Array): bigint {
  const parsed = parseOutputScript(script);
  const witness = parsed?.type === 'p2wpkh' || parsed?.type === 'p2wsh' || parsed?.type === 'p2tr';
  return BigInt((outputBytes(script.length) + (witness ? 67 : 148)) * 3);
}
