/**
 * Build the unsigned PSBT (BIP174, version 0) of a withdrawal from P2WPKH wallet UTXOs.
 *
 * The builder trusts nothing it can recompute: each UTXO is given as its FULL previous
 * transaction and an output index, and the amount and script are read from that transaction.
 * Every input carries both `non_witness_utxo` (the full previous tx) and `witness_utxo`, so any
 * signer — ours (`checkPsbt`) or a hardware wallet — can verify the amounts it signs for
 * (the segwit fee attack, CVE-2020-14199).
 *
 * Shape: version 2, nLockTime 0, every nSequence 0xfffffffd (opt-in replace-by-fee, BIP125, so a
 * stuck withdrawal can be bumped by a second, approved signature), outputs in the order
 * [destination, change?]. Coin selection is deterministic (largest first, then txid:vout), so the
 * same request builds the same PSBT.
 */
import { Transaction, SigHash } from '@scure/btc-signer';
import { VaultlineError } from '../../errors';
import { assertBigInt, assertBytes, assertIndex, assertNonEmptyArray, describe } from '../bytes';
import { invalid } from '../chain.errors';
import { reparseBitcoinAddress, type BitcoinAddress } from './address';
import { dustThreshold, estimateP2wpkhVsize } from './fee';
import { assertBitcoinNetwork, type BitcoinNetwork, type BitcoinNetworkName } from './network';
import { parseOutputScript } from './script';
import { TXID_PATTERN, parsePreviousTransaction } from './transaction';

/** BIP125 opt-in RBF: any nSequence below 0xfffffffe signals replaceability. */
export const WITHDRAWAL_SEQUENCE = 0xffff_fffd;
export const WITHDRAWAL_TX_VERSION = 2;
/** 21 million BTC in sats: no amount may exceed it (consensus MAX_MONEY). */
export const MAX_MONEY = 2_100_000_000_000_000n;

export interface BitcoinUtxo {
  /** The full previous transaction (network serialization, with or without witnesses). */
  readonly prevTx: Uint8Array;
  readonly vout: number;
  /** The txid the ledger recorded for this UTXO; when given it must match `prevTx`. */
  readonly txid?: string;
}

export interface BuildPsbtRequest<N extends BitcoinNetworkName = BitcoinNetworkName> {
  /** Candidate UTXOs of the wallet (P2WPKH); the builder selects among them. */
  readonly utxos: readonly BitcoinUtxo[];
  readonly destination: BitcoinAddress<N> | string;
  /** Sats to the destination. */
  readonly amount: bigint;
  /** Fee rate in sat/vB. */
  readonly feeRate: bigint;
  /** Policy cap on the absolute fee in sats; the build fails rather than exceed it. */
  readonly maxFee: bigint;
  /** The wallet's change address (P2WPKH), derived by the wallet, never taken from outside. */
  readonly changeAddress: BitcoinAddress<N> | string;
}

export interface PsbtInputSummary {
  readonly txid: string;
  readonly vout: number;
  readonly amount: bigint;
  readonly script: Uint8Array;
}

export interface BuiltPsbt {
  readonly psbt: Uint8Array;
  readonly inputs: readonly PsbtInputSummary[];
  readonly destination: { readonly address: string; readonly script: Uint8Array; readonly amount: bigint };
  readonly change: { readonly address: string; readonly script: Uint8Array; readonly amount: bigint } | undefined;
  readonly fee: bigint;
  /** Upper bound of the signed transaction's vsize used for the fee. */
  readonly vsizeEstimate: bigint;
}

interface Candidate extends PsbtInputSummary {
  readonly prevTx: Uint8Array;
}

function readUtxo(utxo: BitcoinUtxo, path: string): Candidate {
  if (typeof utxo !== 'object' || utxo === null) invalid(path, `must be an object, got ${describe(utxo)}`);
  assertBytes(utxo.prevTx, `${path}.prevTx`);
  assertIndex(utxo.vout, `${path}.vout`);
  const prev = parsePreviousTransaction(utxo.prevTx, `${path}.prevTx`);
  if (utxo.txid !== undefined) {
    if (typeof utxo.txid !== 'string' || !TXID_PATTERN.test(utxo.txid)) invalid(`${path}.txid`, 'must be 64 lower-case hex characters');
    if (utxo.txid !== prev.txid) invalid(`${path}.txid`, `is ${utxo.txid} but prevTx hashes to ${prev.txid}`);
  }
  const out = prev.outputs[utxo.vout];
  if (!out) invalid(`${path}.vout`, `prevTx has ${prev.outputs.length} outputs, no index ${utxo.vout}`);
  if (parseOutputScript(out.script)?.type !== 'p2wpkh') invalid(`${path}.vout`, 'the output is not P2WPKH: only P2WPKH wallet outputs can be spent');
  if (out.amount <= 0n) invalid(`${path}.vout`, 'the output has no value');
  return { txid: prev.txid, vout: utxo.vout, amount: out.amount, script: out.script, prevTx: utxo.prevTx };
}

/** Deterministic order: larger amounts first, then txid, then vout. */
function byValue(a: PsbtInputSummary, b: PsbtInputSummary): number {
  if (a.amount !== b.amount) return a.amount > b.amount ? -1 : 1;
  if (a.txid !== b.txid) return a.txid < b.txid ? -1 : 1;
  return a.vout - b.vout;
}

export function buildPsbt<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>, request: BuildPsbtRequest<NoInfer<N>>): BuiltPsbt {
  assertBitcoinNetwork(network);
  if (typeof request !== 'object' || request === null) invalid('request', 'must be an object');
  const destination = reparseBitcoinAddress(network, request.destination, 'destination');
  const change = reparseBitcoinAddress(network, request.changeAddress, 'changeAddress');
  if (change.type !== 'p2wpkh') invalid('changeAddress', 'must be a P2WPKH address of the wallet');
  assertBigInt(request.amount, 'amount', 1n, MAX_MONEY);
  assertBigInt(request.feeRate, 'feeRate', 1n, 100_000n);
  assertBigInt(request.maxFee, 'maxFee', 0n, MAX_MONEY);
  if (request.amount < dustThreshold(destination.script)) {
    invalid('amount', `${request.amount} sats is below the dust threshold ${dustThreshold(destination.script)} for this destination`);
  }
  assertNonEmptyArray(request.utxos, 'utxos');

  const candidates = request.utxos.map((u, i) => readUtxo(u, `utxos[${i}]`));
  const seen = new Set<string>();
  candidates.forEach((c, i) => {
    const key = `${c.txid}:${c.vout}`;
    if (seen.has(key)) invalid(`utxos[${i}]`, `${key} is listed twice`);
    seen.add(key);
  });
  candidates.sort(byValue);

  const withChange = [destination.script.length, change.script.length];
  const withoutChange = [destination.script.length];
  const selected: Candidate[] = [];
  let total = 0n;
  let plan: { fee: bigint; change: bigint; vsize: bigint } | undefined;
  for (const candidate of candidates) {
    selected.push(candidate);
    total += candidate.amount;
    const vsizeWith = estimateP2wpkhVsize(selected.length, withChange);
    const feeWith = vsizeWith * request.feeRate;
    const changeAmount = total - request.amount - feeWith;
    if (changeAmount >= dustThreshold(change.script)) {
      plan = { fee: feeWith, change: changeAmount, vsize: vsizeWith };
      break;
    }
    const vsizeWithout = estimateP2wpkhVsize(selected.length, withoutChange);
    if (total - request.amount >= vsizeWithout * request.feeRate) {
      // No change worth an output: the remainder (below dust) goes to the fee.
      plan = { fee: total - request.amount, change: 0n, vsize: vsizeWithout };
      break;
    }
  }
  if (!plan) {
    throw new VaultlineError('INSUFFICIENT_FUNDS', `The wallet's UTXOs (${total} sats) do not cover ${request.amount} sats plus the fee at ${request.feeRate} sat/vB.`);
  }
  if (plan.fee > request.maxFee) invalid('maxFee', `the fee would be ${plan.fee} sats, above the cap of ${request.maxFee} sats`);

  // BIP174 Creator + Updater: unsigned tx, then per-input UTXO data.
  const tx = new Transaction({ version: WITHDRAWAL_TX_VERSION, lockTime: 0 });
  for (const input of selected) {
    tx.addInput({
      txid: input.txid,
      index: input.vout,
      sequence: WITHDRAWAL_SEQUENCE,
      nonWitnessUtxo: input.prevTx,
      witnessUtxo: { script: input.script, amount: input.amount },
      sighashType: SigHash.ALL,
    });
  }
  tx.addOutput({ script: destination.script, amount: request.amount });
  if (plan.change > 0n) tx.addOutput({ script: change.script, amount: plan.change });

  return {
    psbt: tx.toPSBT(0),
    inputs: selected.map(({ txid, vout, amount, script }) => ({ txid, vout, amount, script })),
    destination: { address: destination.text, script: destination.script, amount: request.amount },
    change: plan.change > 0n ? { address: change.text, script: change.script, amount: plan.change } : undefined,
    fee: plan.fee,
    vsizeEstimate: plan.vsize,
  };
}
