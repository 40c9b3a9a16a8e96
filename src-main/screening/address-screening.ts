/**
 * Screening of wallet addresses against the OFAC digital-currency address lists shipped in
 * resources/sanctions (2025-11-19 issue; provenance in its README). Chain-aware normalisation:
 * EVM addresses compare without case (EIP-55 case is a checksum, not identity), bech32 in lower
 * case, base58 exactly. Lookups are one Set probe.
 */
import xbt from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_XBT.json';
import eth from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ETH.json';
import usdt from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_USDT.json';
import usdc from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_USDC.json';
import arb from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ARB.json';
import bsc from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_BSC.json';
import bnb from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_BNB.json';
import etc from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ETC.json';

export type ScreenedChain = 'bitcoin' | 'ethereum';

export const OFAC_LIST = { name: 'OFAC SDN digital currency addresses', issued: '2025-11-19' } as const;

export function normaliseForScreening(chain: ScreenedChain, address: string): string {
  const a = address.trim();
  if (chain === 'ethereum') return a.toLowerCase();
  return /^(bc|tb|bcrt)1/i.test(a) ? a.toLowerCase() : a;
}

export interface ScreeningHit {
  readonly list: string;
  readonly issued: string;
  readonly asset: string;
  readonly address: string;
}

export class AddressScreening {
  readonly #entries = new Map<string, ScreeningHit>();

  constructor(lists: Readonly<Record<string, { chain: ScreenedChain; addresses: readonly string[] }>> = DEFAULT_LISTS) {
    for (const [asset, { chain, addresses }] of Object.entries(lists)) {
      for (const address of addresses) {
        // EVM lists (USDT, USDC…) also hold TRON addresses: only 0x-addresses belong to the EVM set.
        if (chain === 'ethereum' && !/^0x[0-9a-fA-F]{40}$/.test(address)) continue;
        const key = `${chain}:${normaliseForScreening(chain, address)}`;
        // The same address can be listed under several assets; the first (the chain's own) names it.
        if (!this.#entries.has(key)) this.#entries.set(key, { list: OFAC_LIST.name, issued: OFAC_LIST.issued, asset, address });
      }
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  screen(chain: ScreenedChain, address: string): ScreeningHit | undefined {
    return this.#entries.get(`${chain}:${normaliseForScreening(chain, address)}`);
  }
}

const DEFAULT_LISTS = {
  XBT: { chain: 'bitcoin' as const, addresses: xbt },
  ETH: { chain: 'ethereum' as const, addresses: eth },
  USDT: { chain: 'ethereum' as const, addresses: usdt },
  USDC: { chain: 'ethereum' as const, addresses: usdc },
  ARB: { chain: 'ethereum' as const, addresses: arb },
  BSC: { chain: 'ethereum' as const, addresses: bsc },
  BNB: { chain: 'ethereum' as const, addresses: bnb },
  ETC: { chain: 'ethereum' as const, addresses: etc },
};
