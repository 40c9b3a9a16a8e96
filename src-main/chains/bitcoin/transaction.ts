/**
 * Raw transactions: parsing a full previous transaction (the PSBT `non_witness_utxo`) and its id.
 *
 * txid = SHA256d of the serialization WITHOUT witness data (BIP141/BIP144: "txid ... is the
 * double SHA256 of the traditional serialization format"), shown byte-reversed as hex.
 */
import { RawOldTx, RawTx } from '@scure/btc-signer/script.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, bytesToHex } from '../bytes';
import { invalid } from '../chain.errors';

export interface TxOutput {
  readonly amount: bigint;
  readonly script: Uint8Array;
}

export interface TxInput {
  /** Previous txid in display byte order (as @scure/btc-signer keeps it). */
  readonly txid: Uint8Array;
  readonly index: number;
  readonly finalScriptSig: Uint8Array;
  readonly sequence: number;
}

/**
 * A decoded transaction (BIP144 serialization). Spelled out here because the library's declared
 * type elides its nested generics; `decodeTransaction` is the one place that narrows to it.
 */
export interface DecodedTx {
  readonly version: number;
  readonly segwitFlag: boolean;
  readonly inputs: readonly TxInput[];
  readonly outputs: readonly TxOutput[];
  readonly witnesses?: readonly (readonly Uint8Array[])[];
  readonly lockTime: number;
}

export interface PreviousTransaction {
  readonly txid: string;
  readonly outputs: readonly TxOutput[];
}

export function sha256d(data: Uint8Array): Uint8Array {
  return sha256(sha256(data));
}

/** The txid of a decoded transaction, recomputed from its fields without the witnesses. */
export function txidOf(tx: DecodedTx): string {
  const legacy = RawOldTx.encode({
    version: tx.version,
    inputs: tx.inputs.map((i) => ({ txid: i.txid, index: i.index, finalScriptSig: i.finalScriptSig, sequence: i.sequence })),
    outputs: tx.outputs.map((o) => ({ amount: o.amount, script: o.script })),
    lockTime: tx.lockTime,
  });
  return bytesToHex(sha256d(legacy).reverse());
}

/** wtxid: SHA256d of the full serialization with witnesses (BIP141), byte-reversed. */
export function wtxidOf(raw: Uint8Array): string {
  return bytesToHex(sha256d(raw).reverse());
}

export function decodeTransaction(raw: Uint8Array, path = 'transaction'): DecodedTx {
  assertBytes(raw, path);
  try {
    return RawTx.decode(raw) as DecodedTx;
  } catch (error) {
    return invalid(path, `is not a Bitcoin transaction (${error instanceof Error ? error.message : 'decode failed'})`);
  }
}

/** Parse a full previous transaction as given by the online node / ledger. */
export function parsePreviousTransaction(raw: Uint8Array, path = 'prevTx'): PreviousTransaction {
  const tx = decodeTransaction(raw, path);
  return { txid: txidOf(tx), outputs: tx.outputs.map((o) => ({ amount: o.amount, script: o.script })) };
}

export const TXID_PATTERN = /^[0-9a-f]{64}$/;
