/**
 * What a withdrawal asks Ethereum to do, and the call that does it:
 * - ETH: `to` = recipient, `value` = amount in wei, no data;
 * - ERC-20: `to` = token contract, `value` = 0, data = transfer(recipient, amount in token units).
 */
import { assertBigInt, describe } from '../bytes';
import { invalid } from '../chain.errors';
import { parseEthereumAddress } from './address';
import { MAX_UINT256, encodeErc20Transfer } from './erc20';

export type EthereumTransfer =
  | { readonly asset: 'ETH'; readonly to: string; readonly amount: bigint }
  | { readonly asset: 'ERC20'; readonly token: string; readonly to: string; readonly amount: bigint };

export interface EthereumCall {
  readonly to: string;
  readonly value: bigint;
  readonly data: Uint8Array;
}

/** Validate a transfer and return its canonical form (checksummed addresses). */
export function normalizeTransfer(transfer: EthereumTransfer, path = 'transfer'): EthereumTransfer {
  if (typeof transfer !== 'object' || transfer === null) invalid(path, `must be an object, got ${describe(transfer)}`);
  const to = parseEthereumAddress(transfer.to, `${path}.to`).text;
  assertBigInt(transfer.amount, `${path}.amount`, 1n, MAX_UINT256);
  switch (transfer.asset) {
    case 'ETH':
      return { asset: 'ETH', to, amount: transfer.amount };
    case 'ERC20': {
      const token = parseEthereumAddress(transfer.token, `${path}.token`).text;
      if (token === to) invalid(`${path}.to`, 'is the token contract itself: tokens sent there are usually lost');
      return { asset: 'ERC20', token, to, amount: transfer.amount };
    }
    default: {
      const never: never = transfer;
      return invalid(`${path}.asset`, `must be 'ETH' or 'ERC20', got ${describe((never as { asset?: unknown }).asset)}`);
    }
  }
}

export function callFor(transfer: EthereumTransfer): EthereumCall {
  switch (transfer.asset) {
    case 'ETH':
      return { to: transfer.to, value: transfer.amount, data: new Uint8Array() };
    case 'ERC20':
      return { to: transfer.token, value: 0n, data: encodeErc20Transfer(parseEthereumAddress(transfer.to), transfer.amount) };
    default: {
      const never: never = transfer;
      return never;
    }
  }
}
