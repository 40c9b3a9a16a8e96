/**
 * ERC-20 `transfer(address,uint256)` call data, by the Solidity ABI specification: the 4-byte
 * selector keccak256("transfer(address,uint256)")[0..4] = 0xa9059cbb, then each argument as one
 * 32-byte big-endian word (the address left-padded with zeros). Decoding is strict: exactly 68
 * bytes, the selector, and the 12 padding bytes of the address word zero — anything else is not a
 * plain transfer and is refused.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bigIntToBytes, bytesToBigInt, bytesToHex, concatBytes, equalBytes } from '../bytes';
import { toChecksumAddress, type EthereumAddress } from './address';

export const ERC20_TRANSFER_SELECTOR = keccak_256(new TextEncoder().encode('transfer(address,uint256)')).slice(0, 4);
export const ERC20_TRANSFER_DATA_LENGTH = 4 + 32 + 32;
export const MAX_UINT256 = (1n << 256n) - 1n;

export function encodeErc20Transfer(to: EthereumAddress, amount: bigint): Uint8Array {
  return concatBytes(ERC20_TRANSFER_SELECTOR, new Uint8Array(12), to.bytes, bigIntToBytes(amount, 32));
}

export function decodeErc20Transfer(data: Uint8Array): { readonly to: string; readonly amount: bigint } | undefined {
  if (data.length !== ERC20_TRANSFER_DATA_LENGTH) return undefined;
  if (!equalBytes(data.subarray(0, 4), ERC20_TRANSFER_SELECTOR)) return undefined;
  if (data.subarray(4, 16).some((b) => b !== 0)) return undefined;
  return { to: toChecksumAddress(bytesToHex(data.subarray(16, 36))), amount: bytesToBigInt(data.subarray(36, 68)) };
}
