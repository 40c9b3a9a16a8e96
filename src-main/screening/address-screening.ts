/**
 * Screening of wallet addresses against sanctioned digital-currency address lists.
 *
 * `AddressIndex` holds one version of a list: built from the addresses of its ListEntries (any
 * importer: the OFAC XML's "Digital Currency Address" features, the legacy CSV remarks, the
 * per-asset JSON extracts), keyed by chain and the address as compared on that chain
 * (address-chains.ts: EVM without case, bech32 in lower case, base58 exactly). A lookup is a Map
 * probe per chain and address. Two versions compare with `diffAddressIndexes`: what the newer one delisted stops hitting
 * as soon as the newer index is the one in use; the older index still answers "was it listed then".
 *
 * `AddressScreening` is the console's baseline: the OFAC lists shipped in resources/sanctions
 * (2025-11-19 issue; provenance in its README), as used by the withdrawal pre-checks.
 */
import arb from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ARB.json';
import bch from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_BCH.json';
import bnb from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_BNB.json';
import bsc from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_BSC.json';
import bsv from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_BSV.json';
import btg from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_BTG.json';
import dash from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_DASH.json';
import etc from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ETC.json';
import eth from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ETH.json';
import ltc from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_LTC.json';
import sol from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_SOL.json';
import trx from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_TRX.json';
import usdc from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_USDC.json';
import usdt from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_USDT.json';
import xbt from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_XBT.json';
import xmr from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_XMR.json';
import xrp from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_XRP.json';
import xvg from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_XVG.json';
import zec from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ZEC.json';
import { VaultlineError } from '../errors';
import { chainOfListedAddress, normaliseAddress } from './address-chains';
import type { ListEntry } from './screening.types';

export type ScreenedChain = 'bitcoin' | 'ethereum';

export const OFAC_LIST = { name: 'OFAC SDN digital currency addresses', issued: '2025-11-19' } as const;

/**
 * The form an address is compared in on its chain ('bitcoin', 'ethereum' — the ScreenedChains — or
 * an asset code such as 'LTC'); see address-chains.ts.
 */
export function normaliseForScreening(chain: string, address: string): string {
  return normaliseAddress(chain, address);
}

export interface ScreeningHit {
  readonly list: string;
  readonly issued: string;
  readonly asset: string;
  readonly address: string;
}

/** A hit with where it came from: the list version and the entry that lists the address. */
export interface AddressHit extends ScreeningHit {
  readonly listId: string;
  readonly entryId: string;
  readonly chain: string;
}

/** One version of a list, as the KYC module stores it. */
export interface AddressListVersion {
  readonly listId: string;
  /** Shown to the operator: "OFAC SDN digital currency addresses". */
  readonly name: string;
  /** YYYY-MM-DD. */
  readonly issued: string;
  readonly entries: readonly ListEntry[];
}

export class AddressIndex {
  /** chain → normalised address → hit: a lookup is two Map probes and no string building. */
  readonly #byChain = new Map<string, Map<string, AddressHit>>();
  #size = 0;

  /** Every address of every entry; the first entry (and the first asset) to list an address names it. */
  static fromEntries(version: AddressListVersion): AddressIndex {
    const index = new AddressIndex();
    for (const entry of version.entries) {
      for (const a of entry.addresses) {
        index.add({ list: version.name, issued: version.issued, listId: version.listId, entryId: entry.entryId, chain: a.chain, asset: a.asset, address: a.address });
      }
    }
    return index;
  }

  protected add(hit: AddressHit): void {
    let chain = this.#byChain.get(hit.chain);
    if (!chain) this.#byChain.set(hit.chain, (chain = new Map<string, AddressHit>()));
    const key = normaliseAddress(hit.chain, hit.address);
    if (chain.has(key)) return;
    chain.set(key, hit);
    this.#size++;
  }

  /** Distinct addresses (as compared). */
  get size(): number {
    return this.#size;
  }

  /** The listing of `address` on `chain` ('bitcoin', 'ethereum', or an asset code: 'LTC', 'TRX'…), or undefined. */
  screen(chain: string, address: string): AddressHit | undefined {
    return this.#byChain.get(chain)?.get(normaliseAddress(chain, address));
  }

  /** Every listed address with its comparison key (`chain:normalised`). */
  *entries(): IterableIterator<[string, AddressHit]> {
    for (const [chain, hits] of this.#byChain) for (const [address, hit] of hits) yield [`${chain}:${address}`, hit];
  }

  /** Whether a comparison key (`chain:normalised`, as `entries` gives) is listed. */
  has(key: string): boolean {
    const at = key.indexOf(':');
    return at > 0 && (this.#byChain.get(key.slice(0, at))?.has(key.slice(at + 1)) ?? false);
  }
}

export interface AddressListChange {
  /** Listed in the newer version only. */
  readonly listed: readonly AddressHit[];
  /** Listed in the older version only: these stop hitting with the newer index. */
  readonly delisted: readonly AddressHit[];
}

/** What changed between two versions of an address list (compared per chain, as screened). */
export function diffAddressIndexes(previous: AddressIndex, next: AddressIndex): AddressListChange {
  const listed: AddressHit[] = [];
  const delisted: AddressHit[] = [];
  for (const [key, hit] of next.entries()) if (!previous.has(key)) listed.push(hit);
  for (const [key, hit] of previous.entries()) if (!next.has(key)) delisted.push(hit);
  return { listed, delisted };
}

/**
 * The OFAC address lists shipped with the console (or lists given in the same shape), as the
 * withdrawal pre-checks use them. `chain` is a ScreenedChain or an asset code (LTC, TRX…).
 */
export class AddressScreening extends AddressIndex {
  constructor(lists: Readonly<Record<string, { chain: string; addresses: readonly string[] }>> = DEFAULT_LISTS, meta: { readonly listId?: string; readonly name?: string; readonly issued?: string } = {}) {
    super();
    const listId = meta.listId ?? 'ofac-sdn-addresses';
    for (const [asset, { chain, addresses }] of Object.entries(lists)) {
      for (const address of addresses) {
        if (typeof address !== 'string') throw new VaultlineError('VALIDATION', `address list ${asset}: every address must be a string`);
        // An EVM list (USDT, USDC…) also holds TRON addresses: they belong to TRX, not to the EVM set.
        const actual = chain === 'ethereum' ? chainOfListedAddress(asset, address) : chain;
        const key = `${actual}:${normaliseAddress(actual, address)}`;
        this.add({ list: meta.name ?? OFAC_LIST.name, issued: meta.issued ?? OFAC_LIST.issued, listId, entryId: key, chain: actual, asset, address });
      }
    }
  }
}

// Chain ids follow chainOfListedAddress: the asset's own chain, 'ethereum' for any 0x address.
const DEFAULT_LISTS = {
  XBT: { chain: 'bitcoin', addresses: xbt },
  ETH: { chain: 'ethereum', addresses: eth },
  USDT: { chain: 'ethereum', addresses: usdt },
  USDC: { chain: 'ethereum', addresses: usdc },
  ARB: { chain: 'ethereum', addresses: arb },
  BSC: { chain: 'ethereum', addresses: bsc },
  ETC: { chain: 'ethereum', addresses: etc },
  BNB: { chain: 'BNB', addresses: bnb },
  BCH: { chain: 'BCH', addresses: bch },
  BSV: { chain: 'BSV', addresses: bsv },
  BTG: { chain: 'BTG', addresses: btg },
  DASH: { chain: 'DASH', addresses: dash },
  LTC: { chain: 'LTC', addresses: ltc },
  SOL: { chain: 'SOL', addresses: sol },
  TRX: { chain: 'TRX', addresses: trx },
  XMR: { chain: 'XMR', addresses: xmr },
  XRP: { chain: 'XRP', addresses: xrp },
  XVG: { chain: 'XVG', addresses: xvg },
  ZEC: { chain: 'ZEC', addresses: zec },
} as const;
