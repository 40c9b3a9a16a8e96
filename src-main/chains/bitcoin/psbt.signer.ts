/**
 * Sign a checked withdrawal PSBT with injected keys and extract the broadcastable transaction.
 *
 * Steps, each per its spec:
 * 1. `checkPsbt` again, here, so no caller can reach a signature without it (issue 7: "no code
 *    path can sign without that check").
 * 2. BIP143 signature hash per input, SIGHASH_ALL, with the P2WPKH scriptCode
 *    `0x1976a914{20-byte-pubkey-hash}88ac` and the amount proven by the full previous transaction.
 * 3. Sign with the key whose HASH160 is in the spent script; low-S (BIP62/BIP146), verified
 *    (`signDigestChecked`), strict DER (BIP66) plus the SIGHASH_ALL byte.
 * 4. Finalize (BIP174 Input Finalizer): witness = [signature, public key] (BIP141 P2WPKH).
 * 5. Extract (BIP174 Transaction Extractor), then re-parse the raw transaction: same inputs and
 *    outputs as checked, and for every input a sighash recomputed from the extracted bytes equal to
 *    the digest that was signed and verified in step 3, with exactly that signature and key in the
 *    witness. (Equality with an already verified signature, rather than a second ECDSA
 *    verification: same guarantee, 1.4 ms less per input.)
 */
import { Transaction, SigHash } from '@scure/btc-signer';
import { RawTx } from '@scure/btc-signer/script.js';
import { assertNonEmptyArray, bytesToHex, concatBytes, equalBytes, hexToBytes } from '../bytes';
import { invalid, requireChecked } from '../chain.errors';
import { encodeDerSignature, isStrictDerSignature } from '../ecdsa.der';
import { signDigestChecked, signerPublicKey, type NetworkKey } from '../signer';
import { assertBitcoinNetwork, type BitcoinNetwork, type BitcoinNetworkName } from './network';
import { checkPsbt, type CheckedPsbt, type PsbtExpectation } from './psbt.check';
import { hash160, p2wpkhScriptCode } from './script';
import { decodeTransaction, txidOf, wtxidOf, type DecodedTx } from './transaction';

export interface SignedBitcoinTransaction {
  /** The network serialization with witnesses, ready to broadcast. */
  readonly raw: Uint8Array;
  readonly txid: string;
  readonly wtxid: string;
  /** The finalized PSBT, for tools that prefer it. */
  readonly psbt: Uint8Array;
  /** Actual virtual size of `raw` (BIP141). */
  readonly vsize: number;
  readonly checked: CheckedPsbt;
}

const SIGHASH_ALL_BYTE = new Uint8Array([SigHash.ALL]);

/** What step 3 produced for one input: a digest and a signature already verified against it. */
interface MadeSignature {
  readonly digest: Uint8Array;
  readonly der: Uint8Array;
  readonly publicKey: Uint8Array;
}

function keyFor(keys: readonly { readonly publicKey: Uint8Array; readonly key: NetworkKey }[], keyHash: Uint8Array) {
  return keys.find((k) => equalBytes(hash160(k.publicKey), keyHash));
}

/**
 * Hazmat: produces signatures spending the wallet's coins. Runs `checkPsbt` first and signs
 * nothing if it refuses (throws INTEGRITY_FAILURE with every refusal).
 */
export function signPsbt<N extends BitcoinNetworkName>(
  network: BitcoinNetwork<N>,
  psbt: Uint8Array,
  expected: PsbtExpectation<NoInfer<N>>,
  keys: readonly NetworkKey<NoInfer<N>>[],
): SignedBitcoinTransaction {
  assertBitcoinNetwork(network);
  assertNonEmptyArray(keys, 'keys');
  const withPublic = keys.map((key, i) => {
    // A testnet key never signs for mainnet, and the reverse (issue 7, "Wallets").
    if (key.network !== network.name) invalid(`keys[${i}].network`, `the key is for ${String(key.network)}; the withdrawal is on ${network.name}`);
    return { key, publicKey: signerPublicKey(key.signer, `keys[${i}].signer.publicKey()`) };
  });

  const checked = requireChecked('Bitcoin PSBT', checkPsbt(network, psbt, expected));
  const signers = checked.inputs.map((input, i) => keyFor(withPublic, input.keyHash) ?? invalid(`inputs[${i}]`, 'no key given for the public key hash of this input'));

  const tx = Transaction.fromPSBT(psbt);
  const made: MadeSignature[] = checked.inputs.map((input, i) => {
    const signer = signers[i];
    if (!signer) return invalid(`inputs[${i}]`, 'no key');
    const digest = tx.preimageWitnessV0(i, p2wpkhScriptCode(input.keyHash), SigHash.ALL, input.amount);
    const { signature, publicKey } = signDigestChecked(signer.key.signer, digest);
    const der = concatBytes(encodeDerSignature(signature), SIGHASH_ALL_BYTE);
    if (!isStrictDerSignature(der)) invalid(`inputs[${i}]`, 'the DER encoding is not BIP66-strict; nothing is returned');
    return { digest, der, publicKey };
  });
  // BIP174 Input Finalizer + Transaction Extractor for P2WPKH, spelled out: the checked unsigned
  // transaction with an empty scriptSig and witness [signature, public key] per input (BIP141).
  // (The library's updateInput/finalize re-validates every input's full previous transaction on
  // each call; verifyExtracted below re-reads these bytes and recomputes every sighash from them.)
  const raw = RawTx.encode({
    version: checked.txVersion,
    segwitFlag: true,
    inputs: checked.inputs.map((input) => ({ txid: hexToBytes(input.txid), index: input.vout, finalScriptSig: new Uint8Array(0), sequence: input.sequence })),
    outputs: outputsInOrder(checked).map((o) => ({ amount: o.amount, script: o.script })),
    witnesses: made.map((m) => [m.der, m.publicKey]),
    lockTime: checked.lockTime,
  });
  const { decoded, again } = verifyExtracted(raw, checked, made);
  return {
    raw,
    txid: txidOf(decoded),
    wtxid: wtxidOf(raw),
    // The finalized PSBT, built only when asked for: the signing module hands out `raw`.
    get psbt() {
      const final = Transaction.fromPSBT(psbt);
      made.forEach((m, i) => {
        final.updateInput(i, { partialSig: [[m.publicKey, m.der]] }, true);
        final.finalizeIdx(i);
      });
      return final.toPSBT(0);
    },
    vsize: again.vsize,
    checked,
  };
}

/** Every output of a checked PSBT (the destination and the change; the check refuses any other), in transaction order. */
function outputsInOrder(checked: CheckedPsbt) {
  return [checked.destination, ...checked.change].sort((a, b) => a.index - b.index);
}

/**
 * The transaction we are about to hand out, re-read from its bytes: same inputs and outputs as
 * checked, and every witness exactly the verified signature and key of a digest that the
 * extracted transaction still hashes to.
 */
function verifyExtracted(raw: Uint8Array, checked: CheckedPsbt, made: readonly MadeSignature[]): { decoded: DecodedTx; again: Transaction } {
  const decoded = decodeTransaction(raw, 'signed transaction');
  const again = Transaction.fromRaw(raw, { allowUnknownOutputs: false });
  const fail = (message: string): never => invalid('signed transaction', `${message}; nothing is returned`);
  if (decoded.inputs.length !== checked.inputs.length) fail('input count changed');
  const expectedOutputs = outputsInOrder(checked);
  if (decoded.outputs.length !== expectedOutputs.length) fail('output count changed');
  expectedOutputs.forEach((o, i) => {
    const got = decoded.outputs[i];
    if (!got || got.amount !== o.amount || !equalBytes(got.script, o.script)) fail(`output ${i} changed`);
  });
  checked.inputs.forEach((input, i) => {
    const txIn = decoded.inputs[i];
    const witness = decoded.witnesses?.[i];
    if (!txIn || bytesToHex(txIn.txid) !== input.txid || txIn.index !== input.vout) fail(`input ${i} changed`);
    if (txIn?.finalScriptSig.length) fail(`input ${i} has a scriptSig`);
    if (!witness || witness.length !== 2) return fail(`input ${i} witness is not [signature, public key]`);
    const [sig, pub] = witness as [Uint8Array, Uint8Array];
    const mine = made[i];
    if (!mine || !equalBytes(sig, mine.der) || !equalBytes(pub, mine.publicKey)) fail(`input ${i} witness is not the signature made for it`);
    if (!equalBytes(hash160(pub), input.keyHash)) fail(`input ${i} witness key does not match the spent script`);
    const digest = again.preimageWitnessV0(i, p2wpkhScriptCode(input.keyHash), SigHash.ALL, input.amount);
    if (!mine || !equalBytes(digest, mine.digest)) fail(`input ${i} of the extracted transaction no longer hashes to the signed digest`);
  });
  return { decoded, again };
}
