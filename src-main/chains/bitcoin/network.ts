/**
 * Bitcoin networks. A network object is an argument of every Bitcoin function: nothing defaults
 * to mainnet, and each address or key carries the name of the network it was made for.
 *
 * Prefixes: bech32 human-readable parts from BIP173 ("bc", "tb"; "bcrt" is Bitcoin Core's
 * regtest); base58 version bytes from Bitcoin Core's chainparams. Testnet and regtest share their
 * base58 versions, so a base58 testnet address is also a valid regtest address (and the reverse):
 * only bech32 tells them apart. Neither can be confused with mainnet.
 */
import { invalid } from '../chain.errors';
import { describe } from '../bytes';

export const BITCOIN_NETWORK_NAMES = ['mainnet', 'testnet', 'regtest'] as const;
export type BitcoinNetworkName = (typeof BITCOIN_NETWORK_NAMES)[number];

export interface BitcoinNetwork<N extends BitcoinNetworkName = BitcoinNetworkName> {
  readonly family: 'bitcoin';
  readonly name: N;
  readonly bech32Hrp: string;
  readonly p2pkhVersion: number;
  readonly p2shVersion: number;
}

export const BITCOIN_MAINNET: BitcoinNetwork<'mainnet'> = Object.freeze({ family: 'bitcoin', name: 'mainnet', bech32Hrp: 'bc', p2pkhVersion: 0x00, p2shVersion: 0x05 });
export const BITCOIN_TESTNET: BitcoinNetwork<'testnet'> = Object.freeze({ family: 'bitcoin', name: 'testnet', bech32Hrp: 'tb', p2pkhVersion: 0x6f, p2shVersion: 0xc4 });
export const BITCOIN_REGTEST: BitcoinNetwork<'regtest'> = Object.freeze({ family: 'bitcoin', name: 'regtest', bech32Hrp: 'bcrt', p2pkhVersion: 0x6f, p2shVersion: 0xc4 });

export const BITCOIN_NETWORKS: { readonly [N in BitcoinNetworkName]: BitcoinNetwork<N> } = Object.freeze({
  mainnet: BITCOIN_MAINNET,
  testnet: BITCOIN_TESTNET,
  regtest: BITCOIN_REGTEST,
});

/** The network for a name read from the database or a bundle; refuses anything else. */
export function bitcoinNetwork(name: string): BitcoinNetwork {
  const known = BITCOIN_NETWORK_NAMES.find((k) => k === name);
  return known ? BITCOIN_NETWORKS[known] : invalid('network', `must be one of ${BITCOIN_NETWORK_NAMES.join(', ')}, got ${describe(name)}`);
}

/** Every public function starts here: the network must be one of ours, by identity of content. */
export function assertBitcoinNetwork(network: unknown, path = 'network'): asserts network is BitcoinNetwork {
  const n = network as Partial<BitcoinNetwork> | null;
  const name = n && typeof n === 'object' ? n.name : undefined;
  // Look the name up among our own names only (never `BITCOIN_NETWORKS[anything]`: "__proto__").
  const known = BITCOIN_NETWORK_NAMES.find((k) => k === name);
  const reference = known ? BITCOIN_NETWORKS[known] : undefined;
  if (
    !reference ||
    n?.family !== 'bitcoin' ||
    n.bech32Hrp !== reference.bech32Hrp ||
    n.p2pkhVersion !== reference.p2pkhVersion ||
    n.p2shVersion !== reference.p2shVersion
  ) {
    invalid(path, 'must be one of BITCOIN_NETWORKS (mainnet, testnet, regtest)');
  }
}
