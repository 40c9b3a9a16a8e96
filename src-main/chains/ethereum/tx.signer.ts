/**
 * Sign a checked EIP-1559 withdrawal with an injected key.
 *
 * 1. `checkEthereumTx` again, here: no signature without it.
 * 2. Signing hash = keccak256(0x02 ‖ rlp(unsigned fields)) (EIP-1559).
 * 3. Sign; low-S (EIP-2: s > n/2 is invalid); verified against the key (`signDigestChecked`).
 * 4. y_parity by trial: the token returns r‖s only, so recover with 0 and 1 and keep the one that
 *    gives our key back.
 * 5. Serialise 0x02 ‖ rlp([..., y_parity, r, s]); decode it again and compare every field and the
 *    signature with what was checked and made (step 4 already proved that this y_parity, r, s
 *    recover our key from this signing hash).
 */
import { assertNonEmptyArray, bytesToBigInt, equalBytes } from '../bytes';
import { invalid, requireChecked } from '../chain.errors';
import { recoveryIdByTrial } from '../ecdsa.recovery';
import { signDigestChecked, type NetworkKey } from '../signer';
import { ethereumAddressFromPublicKey } from './address';
import { assertEthereumChain, type EthereumChain, type EthereumChainName } from './chain';
import { checkEthereumTx, type CheckedEthereumTx, type EthereumTxExpectation } from './tx.check';
import { decodeEip1559, eip1559SigningHash, encodeSignedEip1559, encodeUnsignedEip1559, ethereumTxHash, type Eip1559Fields } from './tx.codec';

export interface SignedEthereumTransaction {
  /** 0x02 ‖ rlp(signed fields): ready to broadcast (eth_sendRawTransaction). */
  readonly raw: Uint8Array;
  /** keccak256(raw), 0x-prefixed: the transaction hash explorers show. */
  readonly txid: string;
  /** The sender, EIP-55: the wallet's address, recovered from the signature. */
  readonly from: string;
  readonly checked: CheckedEthereumTx;
}

function sameFields(a: Eip1559Fields, b: Eip1559Fields): boolean {
  return (
    a.chainId === b.chainId &&
    a.nonce === b.nonce &&
    a.maxPriorityFeePerGas === b.maxPriorityFeePerGas &&
    a.maxFeePerGas === b.maxFeePerGas &&
    a.gasLimit === b.gasLimit &&
    a.to === b.to &&
    a.value === b.value &&
    equalBytes(a.data, b.data)
  );
}

/**
 * Hazmat: moves the account's funds. `keys` must hold exactly the account's one key, bound to
 * this chain. Runs `checkEthereumTx` first and signs nothing if it refuses.
 */
export function signEthereumTx<N extends EthereumChainName>(
  chain: EthereumChain<N>,
  unsigned: Uint8Array,
  expected: EthereumTxExpectation,
  keys: readonly NetworkKey<NoInfer<N>>[],
): SignedEthereumTransaction {
  assertEthereumChain(chain);
  assertNonEmptyArray(keys, 'keys');
  if (keys.length !== 1) invalid('keys', `an Ethereum account is one key; got ${keys.length}`);
  const [key] = keys;
  if (!key) return invalid('keys', 'missing');
  // A testnet key can never sign for mainnet, and the reverse (issue 7, "Wallets").
  if (key.network !== chain.name) invalid('keys[0].network', `the key is for ${String(key.network)}; the withdrawal is on ${chain.name}`);

  const checked = requireChecked('Ethereum transaction', checkEthereumTx(chain, unsigned, expected));
  const hash = eip1559SigningHash(unsigned);
  const { signature, publicKey } = signDigestChecked(key.signer, hash);
  const yParity = recoveryIdByTrial(signature, hash, publicKey);
  const from = ethereumAddressFromPublicKey(publicKey).text;
  const r = bytesToBigInt(signature.subarray(0, 32));
  const s = bytesToBigInt(signature.subarray(32));
  const raw = encodeSignedEip1559(checked.fields, { yParity, r, s });

  // Re-read what we are about to hand out.
  const again = decodeEip1559(raw);
  const sig = again.signature;
  if (!again.canonical || !sig || !sameFields(again.fields, checked.fields)) invalid('signed transaction', 'does not re-decode to the checked fields; nothing is returned');
  if (sig.yParity !== yParity || sig.r !== r || sig.s !== s) invalid('signed transaction', 'does not carry the signature that was made; nothing is returned');
  if (!equalBytes(eip1559SigningHash(encodeUnsignedEip1559(again.fields)), hash)) invalid('signed transaction', 'no longer hashes to the signed digest; nothing is returned');
  return { raw, txid: ethereumTxHash(raw), from, checked };
}
