/**
 * The chain families, keyed by the chain id of the ledger's assets table. The only place that
 * lists them: code elsewhere looks a family up here instead of switching on the chain.
 */
import { bitcoinFamily } from './bitcoin/bitcoin.family';
import type { AddressCheck, ChainId } from './chain.family';
import { invalid } from './chain.errors';
import { describe } from './bytes';
import { ethereumFamily } from './ethereum/ethereum.family';

export const families = Object.freeze({
  bitcoin: bitcoinFamily,
  ethereum: ethereumFamily,
} as const satisfies { readonly [C in ChainId]: { readonly id: ChainId } });

export type Families = typeof families;

export const CHAIN_IDS: readonly ChainId[] = Object.freeze(Object.keys(families) as ChainId[]);

export function family<C extends ChainId>(chain: C): Families[C] {
  const known = CHAIN_IDS.find((c) => c === chain);
  return known ? (families[known] as Families[C]) : invalid('chain', `must be one of ${CHAIN_IDS.join(', ')}, got ${describe(chain)}`);
}

/** Chain-agnostic address derivation for a wallet row (chain, network name, public key). */
export function deriveAddress(chain: ChainId, networkName: string, publicKey33: Uint8Array): string {
  return family(chain).deriveAddressOn(networkName, publicKey33);
}

/** Chain-agnostic destination validation (for screens and request intake). */
export function validateAddress(chain: ChainId, networkName: string, address: string): AddressCheck {
  return family(chain).validateAddressOn(networkName, address);
}
