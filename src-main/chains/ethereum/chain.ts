/**
 * Ethereum chains, by EIP-155 chain id. The chain object is an argument of every Ethereum
 * function; the chain id is inside every EIP-1559 payload that is signed (EIP-1559 `chain_id`,
 * the replay protection EIP-155 introduced), so a signature for one chain is worthless on another.
 */
import { describe } from '../bytes';
import { invalid } from '../chain.errors';

export const ETHEREUM_CHAIN_NAMES = ['mainnet', 'sepolia', 'holesky'] as const;
export type EthereumChainName = (typeof ETHEREUM_CHAIN_NAMES)[number];

export interface EthereumChain<N extends EthereumChainName = EthereumChainName> {
  readonly family: 'ethereum';
  readonly name: N;
  readonly chainId: bigint;
}

export const ETHEREUM_MAINNET: EthereumChain<'mainnet'> = Object.freeze({ family: 'ethereum', name: 'mainnet', chainId: 1n });
export const ETHEREUM_SEPOLIA: EthereumChain<'sepolia'> = Object.freeze({ family: 'ethereum', name: 'sepolia', chainId: 11_155_111n });
export const ETHEREUM_HOLESKY: EthereumChain<'holesky'> = Object.freeze({ family: 'ethereum', name: 'holesky', chainId: 17_000n });

export const ETHEREUM_CHAINS: { readonly [N in EthereumChainName]: EthereumChain<N> } = Object.freeze({
  mainnet: ETHEREUM_MAINNET,
  sepolia: ETHEREUM_SEPOLIA,
  holesky: ETHEREUM_HOLESKY,
});

export function ethereumChain(name: string): EthereumChain {
  const known = ETHEREUM_CHAIN_NAMES.find((k) => k === name);
  return known ? ETHEREUM_CHAINS[known] : invalid('network', `must be one of ${ETHEREUM_CHAIN_NAMES.join(', ')}, got ${describe(name)}`);
}

export function assertEthereumChain(chain: unknown, path = 'chain'): asserts chain is EthereumChain {
  const c = chain as Partial<EthereumChain> | null;
  const name = c && typeof c === 'object' ? c.name : undefined;
  const known = ETHEREUM_CHAIN_NAMES.find((k) => k === name);
  if (!known || c?.family !== 'ethereum' || c.chainId !== ETHEREUM_CHAINS[known].chainId) {
    invalid(path, 'must be one of ETHEREUM_CHAINS (mainnet, sepolia, holesky)');
  }
}
