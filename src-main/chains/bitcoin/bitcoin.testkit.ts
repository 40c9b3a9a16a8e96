/**
 * Test-only fixtures for the Bitcoin family: wallet keys, fake previous transactions paying
 * them, and a PSBT tamperer that edits the BIP174 maps as an attacker with a hex editor would.
 */
import { RawPSBTV0 } from '@scure/btc-signer/psbt.js';
import { RawTx } from '@scure/btc-signer/script.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../bytes';
import { softwareSigner, type SoftwareSigner } from '../software.signer.testkit';
import type { NetworkKey } from '../signer';
import { p2wpkhAddress, type BitcoinAddress } from './address';
import type { BitcoinNetwork, BitcoinNetworkName } from './network';
import type { PsbtExpectation } from './psbt.check';
import type { TxOutput } from './transaction';

export const KEYS = {
  wallet: 'a1'.repeat(32),
  second: 'b2'.repeat(32),
  change: 'c3'.repeat(32),
  attacker: 'd4'.repeat(32),
} as const;

export interface Wallet<N extends BitcoinNetworkName> {
  readonly network: BitcoinNetwork<N>;
  readonly signers: { readonly wallet: SoftwareSigner; readonly second: SoftwareSigner; readonly change: SoftwareSigner };
  readonly receive: BitcoinAddress<N>;
  readonly second: BitcoinAddress<N>;
  readonly changeAddress: BitcoinAddress<N>;
  readonly keys: readonly NetworkKey<N>[];
  /** What the wallet re-derives: its own change script, nothing from the PSBT. */
  readonly isOwnChangeScript: (script: Uint8Array) => boolean;
  readonly isOwnInputScript: (script: Uint8Array) => boolean;
}

export function wallet<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>): Wallet<N> {
  const signers = { wallet: softwareSigner(KEYS.wallet), second: softwareSigner(KEYS.second), change: softwareSigner(KEYS.change) };
  const receive = p2wpkhAddress(network, signers.wallet.publicKey());
  const second = p2wpkhAddress(network, signers.second.publicKey());
  const changeAddress = p2wpkhAddress(network, signers.change.publicKey());
  return {
    network,
    signers,
    receive,
    second,
    changeAddress,
    keys: [
      { network: network.name, signer: signers.wallet },
      { network: network.name, signer: signers.second },
      { network: network.name, signer: signers.change },
    ],
    isOwnChangeScript: (script) => equalBytes(script, changeAddress.script),
    isOwnInputScript: (script) => [receive, second, changeAddress].some((a) => equalBytes(a.script, script)),
  };
}

/** A plausible previous transaction paying `outputs`; `salt` makes its txid unique. */
export function fakePrevTx(outputs: readonly TxOutput[], salt: string): Uint8Array {
  return RawTx.encode({
    version: 2,
    segwitFlag: false,
    inputs: [{ txid: sha256(new TextEncoder().encode(salt)), index: 0, finalScriptSig: new Uint8Array([0x51]), sequence: 0xffff_ffff }],
    outputs: outputs.map((o) => ({ amount: o.amount, script: o.script })),
    witnesses: undefined,
    lockTime: 0,
  });
}

export function expectation<N extends BitcoinNetworkName>(w: Wallet<N>, destination: BitcoinAddress<N> | string, amount: bigint, maxFee = 50_000n): PsbtExpectation<N> {
  return { destination, amount, maxFee, isOwnChangeScript: w.isOwnChangeScript, isOwnInputScript: w.isOwnInputScript };
}

export interface MutableTx {
  version: number;
  segwitFlag: boolean;
  inputs: { txid: Uint8Array; index: number; finalScriptSig: Uint8Array; sequence: number }[];
  outputs: { amount: bigint; script: Uint8Array }[];
  lockTime: number;
}

export function decodeForTamper(raw: Uint8Array): MutableTx {
  return RawTx.decode(raw) as MutableTx;
}

export interface MutablePsbt {
  global: {
    unsignedTx: {
      version: number;
      lockTime: number;
      inputs: { txid: Uint8Array; index: number; sequence: number; finalScriptSig: Uint8Array }[];
      outputs: { amount: bigint; script: Uint8Array }[];
    };
    [field: string]: unknown;
  };
  inputs: ({ nonWitnessUtxo?: MutableTx; witnessUtxo?: { amount: bigint; script: Uint8Array }; sighashType?: number } & { [field: string]: unknown })[];
  outputs: { [field: string]: unknown }[];
}

/** Decode the PSBT maps, let `edit` change them, re-encode. No semantic validation on the way. */
export function tamper(psbt: Uint8Array, edit: (p: MutablePsbt) => void): Uint8Array {
  const decoded = RawPSBTV0.decode(psbt) as unknown as MutablePsbt;
  edit(decoded);
  return RawPSBTV0.encode(decoded as unknown as Parameters<typeof RawPSBTV0.encode>[0]);
}
