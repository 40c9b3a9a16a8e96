/** Gas arithmetic for EIP-1559 transfers. */

/** G_transaction: the base cost of every transaction (Yellow Paper, Appendix G). */
export const TX_BASE_GAS = 21_000n;
/** Calldata cost per byte: 4 for a zero byte, 16 for a non-zero byte (EIP-2028). */
export function intrinsicGas(data: Uint8Array): bigint {
  let gas = TX_BASE_GAS;
  for (const b of data) gas += b === 0 ? 4n : 16n;
  return gas;
}

/**
 * The most this transaction can ever cost in fees: gas_limit × max_fee_per_gas (EIP-1559: the
 * sender pays at most max_fee_per_gas per unit of gas, base fee plus tip included).
 */
export function maxTransactionFee(gasLimit: bigint, maxFeePerGas: bigint): bigint {
  return gasLimit * maxFeePerGas;
}
