/**
 * Structural decoding of a PSBT (BIP174 v0) for the checker: the maintained parser of
 * @scure/btc-signer reads the key-value maps (refusing duplicate keys, malformed values and map
 * counts that differ from the unsigned transaction) but, at this level, does NOT cross-check one
 * field against another. Every semantic check is ours, in `psbt.check.ts`, so each failure gets
 * its own refusal code instead of one generic parse error.
 */
import { RawPSBTV0 } from '@scure/btc-signer/psbt.js';
import type { DecodedTx, TxOutput } from './transaction';

export interface DecodedPsbtInput {
  readonly nonWitnessUtxo?: DecodedTx;
  readonly witnessUtxo?: TxOutput;
  readonly sighashType?: number;
  /** Every other field present in the map, by the library's name ('unknown' for unknown types). */
  readonly [field: string]: unknown;
}

export interface DecodedPsbt {
  readonly global: {
    readonly version?: number;
    readonly unsignedTx: {
      readonly version: number;
      readonly lockTime: number;
      readonly inputs: readonly { readonly txid: Uint8Array; readonly index: number; readonly sequence: number }[];
      readonly outputs: readonly TxOutput[];
    };
    readonly [field: string]: unknown;
  };
  readonly inputs: readonly DecodedPsbtInput[];
  readonly outputs: readonly { readonly [field: string]: unknown }[];
}

/** Throws the parser's message on malformed input; the checker turns it into PSBT_MALFORMED. */
export function decodePsbt(bytes: Uint8Array): DecodedPsbt {
  // The library's declared types elide nested generics; the runtime shape is the BIP174 table
  // (PSBTGlobal / PSBTInput / PSBTOutput in @scure/btc-signer/psbt.js) that DecodedPsbt spells out.
  return RawPSBTV0.decode(bytes) as unknown as DecodedPsbt;
}

/** The fields of a map that are actually present. */
export function presentFields(map: { readonly [field: string]: unknown }): string[] {
  return Object.keys(map).filter((k) => map[k] !== undefined);
}
