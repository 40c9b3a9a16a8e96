/**
 * `checkEthereumTx`: what the signing module runs before any Ethereum signature (and what the
 * signer runs again itself). The unsigned bytes are decoded independently of how they were built
 * and every field is compared with the approval:
 *
 * - EIP-1559 type 2 only, unsigned, canonical (re-encoding gives the same bytes), no access list;
 * - chain id = the chain of the call (EIP-155 replay protection lives in this field);
 * - nonce = the nonce the signing module assigned;
 * - ETH: `to` = approved recipient, `value` = approved amount, no call data (a transfer that
 *   calls a contract function is not a transfer);
 * - ERC-20: `to` = approved token contract, `value` = 0, data = exactly transfer(recipient, amount);
 * - fees: max_priority_fee_per_gas ≤ max_fee_per_gas, gas_limit ≥ intrinsic gas, and
 *   gas_limit × max_fee_per_gas ≤ the policy cap (the most the sender can ever pay).
 */
import { assertBigInt, describe } from '../bytes';
import { invalid, type CheckResult, type Refusal } from '../chain.errors';
import { assertEthereumChain, type EthereumChain, type EthereumChainName } from './chain';
import { MAX_UINT256, decodeErc20Transfer } from './erc20';
import { intrinsicGas, maxTransactionFee } from './fee';
import { MAX_NONCE } from './tx.builder';
import { decodeEip1559, type DecodedEip1559, type Eip1559Fields } from './tx.codec';
import { normalizeTransfer, type EthereumTransfer } from './transfer';

export type EthereumRefusalCode =
  | 'TX_MALFORMED'
  | 'NON_CANONICAL'
  | 'ALREADY_SIGNED'
  | 'ACCESS_LIST'
  | 'WRONG_CHAIN'
  | 'NONCE_MISMATCH'
  | 'DESTINATION_MISMATCH'
  | 'AMOUNT_MISMATCH'
  | 'TOKEN_MISMATCH'
  | 'UNEXPECTED_DATA'
  | 'UNEXPECTED_VALUE'
  | 'NOT_ERC20_TRANSFER'
  | 'PRIORITY_FEE_ABOVE_MAX_FEE'
  | 'GAS_LIMIT_TOO_LOW'
  | 'FEE_ABOVE_CAP';

export interface EthereumTxExpectation {
  /** The approved transfer (recipient, amount, and for ERC-20 the token contract). */
  readonly transfer: EthereumTransfer;
  /** The nonce the signing module assigned to this withdrawal. */
  readonly nonce: bigint;
  /** Policy cap in wei on gas_limit × max_fee_per_gas. */
  readonly maxFee: bigint;
}

export interface CheckedEthereumTx {
  readonly fields: Eip1559Fields;
  readonly transfer: EthereumTransfer;
  /** gas_limit × max_fee_per_gas. */
  readonly maxFee: bigint;
}

export function checkEthereumTx<N extends EthereumChainName>(
  chain: EthereumChain<N>,
  unsigned: Uint8Array,
  expected: EthereumTxExpectation,
): CheckResult<CheckedEthereumTx, EthereumRefusalCode> {
  assertEthereumChain(chain);
  if (typeof expected !== 'object' || expected === null) invalid('expected', `must be an object, got ${describe(expected)}`);
  const transfer = normalizeTransfer(expected.transfer, 'expected.transfer');
  assertBigInt(expected.nonce, 'expected.nonce', 0n, MAX_NONCE);
  assertBigInt(expected.maxFee, 'expected.maxFee', 0n, MAX_UINT256);

  const refusals: Refusal<EthereumRefusalCode>[] = [];
  const refuse = (code: EthereumRefusalCode, path: string, message: string): void => {
    refusals.push({ code, path, message });
  };

  let decoded: DecodedEip1559;
  try {
    if (!(unsigned instanceof Uint8Array)) throw new Error(`must be bytes, got ${describe(unsigned)}`);
    decoded = decodeEip1559(unsigned);
  } catch (error) {
    return { ok: false, refusals: [{ code: 'TX_MALFORMED', path: 'tx', message: error instanceof Error ? error.message : 'does not decode' }] };
  }
  const tx = decoded.fields;
  if (decoded.signature) refuse('ALREADY_SIGNED', 'tx', 'the transaction already carries a signature');
  if (decoded.accessListLength > 0) refuse('ACCESS_LIST', 'tx.accessList', `${decoded.accessListLength} access-list entries; withdrawals carry none`);
  else if (!decoded.canonical) refuse('NON_CANONICAL', 'tx', 'the bytes are not the canonical encoding of their fields');

  if (tx.chainId !== chain.chainId) refuse('WRONG_CHAIN', 'tx.chainId', `chain id ${tx.chainId}; this withdrawal is on ${chain.name} (${chain.chainId})`);
  if (tx.nonce !== expected.nonce) refuse('NONCE_MISMATCH', 'tx.nonce', `nonce ${tx.nonce}; the signing module assigned ${expected.nonce}`);

  switch (transfer.asset) {
    case 'ETH':
      if (tx.to !== transfer.to) refuse('DESTINATION_MISMATCH', 'tx.to', `pays ${tx.to}; ${transfer.to} was approved`);
      if (tx.value !== transfer.amount) refuse('AMOUNT_MISMATCH', 'tx.value', `sends ${tx.value} wei; ${transfer.amount} wei were approved`);
      if (tx.data.length > 0) refuse('UNEXPECTED_DATA', 'tx.data', `${tx.data.length} bytes of call data on a plain ETH transfer`);
      break;
    case 'ERC20': {
      if (tx.to !== transfer.token) refuse('TOKEN_MISMATCH', 'tx.to', `calls ${tx.to}; the approved token contract is ${transfer.token}`);
      if (tx.value !== 0n) refuse('UNEXPECTED_VALUE', 'tx.value', `sends ${tx.value} wei of ETH along with a token transfer`);
      const call = decodeErc20Transfer(tx.data);
      if (!call) refuse('NOT_ERC20_TRANSFER', 'tx.data', 'the call data is not exactly transfer(address,uint256)');
      else {
        if (call.to !== transfer.to) refuse('DESTINATION_MISMATCH', 'tx.data.to', `transfers to ${call.to}; ${transfer.to} was approved`);
        if (call.amount !== transfer.amount) refuse('AMOUNT_MISMATCH', 'tx.data.amount', `transfers ${call.amount} units; ${transfer.amount} were approved`);
      }
      break;
    }
    default: {
      const never: never = transfer;
      return never;
    }
  }

  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) refuse('PRIORITY_FEE_ABOVE_MAX_FEE', 'tx.maxPriorityFeePerGas', 'exceeds max_fee_per_gas (invalid under EIP-1559)');
  if (tx.gasLimit < intrinsicGas(tx.data)) refuse('GAS_LIMIT_TOO_LOW', 'tx.gasLimit', `${tx.gasLimit} is below the intrinsic gas ${intrinsicGas(tx.data)}`);
  const maxFee = maxTransactionFee(tx.gasLimit, tx.maxFeePerGas);
  if (maxFee > expected.maxFee) refuse('FEE_ABOVE_CAP', 'tx.maxFeePerGas', `gas_limit × max_fee_per_gas = ${maxFee} wei, above the cap of ${expected.maxFee} wei`);

  return refusals.length > 0 ? { ok: false, refusals } : { ok: true, value: { fields: tx, transfer, maxFee } };
}
