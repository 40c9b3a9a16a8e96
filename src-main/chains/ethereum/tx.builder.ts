/**
 * Build the unsigned EIP-1559 transaction of a withdrawal. The nonce and the fee parameters come
 * from the caller (the signing module's nonce management and fee policy); the builder checks them
 * and the fee cap, and returns the exact bytes the approvers' check and the signer will see.
 */
import { assertBigInt } from '../bytes';
import { invalid } from '../chain.errors';
import { assertEthereumChain, type EthereumChain, type EthereumChainName } from './chain';
import { MAX_UINT256 } from './erc20';
import { intrinsicGas, maxTransactionFee } from './fee';
import { eip1559SigningHash, encodeUnsignedEip1559, type Eip1559Fields } from './tx.codec';
import { callFor, normalizeTransfer, type EthereumTransfer } from './transfer';

/** EIP-2681: a nonce is below 2^64 − 1. */
export const MAX_NONCE = (1n << 64n) - 2n;
/** Gas limit bound (a block holds at most tens of millions of gas; EIP-7825 caps a tx at 2^24). */
export const MAX_GAS_LIMIT = 1n << 24n;

export interface BuildEthereumTxRequest {
  readonly transfer: EthereumTransfer;
  readonly nonce: bigint;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly gasLimit: bigint;
  /** Policy cap in wei on gasLimit × maxFeePerGas. */
  readonly maxFee: bigint;
}

export interface BuiltEthereumTx {
  /** 0x02 ‖ rlp(fields): what is checked, approved and signed. */
  readonly unsigned: Uint8Array;
  readonly signingHash: Uint8Array;
  readonly fields: Eip1559Fields;
  readonly transfer: EthereumTransfer;
  /** gasLimit × maxFeePerGas: the most the fee can be. */
  readonly maxFee: bigint;
}

export function assertFeeFields(f: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; gasLimit: bigint; nonce: bigint }, path = 'request'): void {
  assertBigInt(f.nonce, `${path}.nonce`, 0n, MAX_NONCE);
  assertBigInt(f.maxFeePerGas, `${path}.maxFeePerGas`, 1n, MAX_UINT256);
  assertBigInt(f.maxPriorityFeePerGas, `${path}.maxPriorityFeePerGas`, 0n, MAX_UINT256);
  assertBigInt(f.gasLimit, `${path}.gasLimit`, 21_000n, MAX_GAS_LIMIT);
  // EIP-1559: "assert transaction.max_fee_per_gas >= transaction.max_priority_fee_per_gas".
  if (f.maxPriorityFeePerGas > f.maxFeePerGas) invalid(`${path}.maxPriorityFeePerGas`, 'must not exceed maxFeePerGas (EIP-1559)');
}

export function buildEthereumTx<N extends EthereumChainName>(chain: EthereumChain<N>, request: BuildEthereumTxRequest): BuiltEthereumTx {
  assertEthereumChain(chain);
  if (typeof request !== 'object' || request === null) invalid('request', 'must be an object');
  const transfer = normalizeTransfer(request.transfer, 'transfer');
  assertFeeFields(request);
  assertBigInt(request.maxFee, 'maxFee', 0n, MAX_UINT256);
  const call = callFor(transfer);
  if (request.gasLimit < intrinsicGas(call.data)) invalid('gasLimit', `must cover the intrinsic gas ${intrinsicGas(call.data)}`);
  const maxFee = maxTransactionFee(request.gasLimit, request.maxFeePerGas);
  if (maxFee > request.maxFee) invalid('maxFee', `gasLimit × maxFeePerGas = ${maxFee} wei is above the cap of ${request.maxFee} wei`);
  const fields: Eip1559Fields = {
    chainId: chain.chainId,
    nonce: request.nonce,
    maxPriorityFeePerGas: request.maxPriorityFeePerGas,
    maxFeePerGas: request.maxFeePerGas,
    gasLimit: request.gasLimit,
    to: call.to,
    value: call.value,
    data: call.data,
  };
  const unsigned = encodeUnsignedEip1559(fields);
  return { unsigned, signingHash: eip1559SigningHash(unsigned), fields, transfer, maxFee };
}
