/**
 * The reference lists a rule names, filled from what the console already holds:
 * - `sanctioned-addresses`: the OFAC SDN digital-currency addresses shipped with the console
 *   (screening/address-screening.ts) and every address on the active version of each sanctions list
 *   the KYC module imported (list updates by bundle or CLI);
 * - `mixers`: resources/monitoring/mixers.json (EVM addresses compared without case);
 * - `high-risk-jurisdictions`: the FATF black and grey lists the KYC risk configuration uses
 *   (resources/risk/fatf-lists.json);
 * - `pep-addresses`: addresses on active PEP lists, and addresses KYC customers who are PEPs
 *   (declared, or a confirmed PEP-list match) declared as theirs.
 * `refresh(db)` is called before each judged transaction (and once per backtest): it re-reads the
 * active list versions only when their ids changed.
 */
import type { ListName } from '../../src-shared/monitoring/rule-set.schema';
import type { ReadableDB } from '../db/database';
import { activeListFingerprint, pepCustomerAddress } from '../db/monitoring.repository';
import type { KycService } from '../kyc/kyc.service';
import { addressKey } from '../kyc/screening.service';
import { normaliseForScreening, type AddressScreening } from '../screening/address-screening';
import mixersJson from '../../resources/monitoring/mixers.json';
import type { ListLookup } from './monitoring.engine';

export const MIXER_ADDRESSES: ReadonlySet<string> = new Set(mixersJson.addresses.map((m) => m.address.toLowerCase()));

/** Which chain an address belongs to, by its form (the engine sees addresses without their asset). */
export const chainOf = (address: string): 'bitcoin' | 'ethereum' => (/^0x[0-9a-f]{40}$/i.test(address) ? 'ethereum' : 'bitcoin');

export class MonitoringLists implements ListLookup {
  #db: ReadableDB | undefined;
  #fingerprint = '';
  #sanctioned: ReadonlySet<string> = new Set();
  #pepListed: ReadonlySet<string> = new Set();
  readonly #highRisk: ReadonlySet<string>;
  /** Point lookups of PEP customers' addresses, remembered until the next refresh. */
  readonly #pepCustomer = new Map<string, boolean>();

  constructor(
    private readonly kyc: KycService,
    private readonly ofac: AddressScreening,
  ) {
    this.#highRisk = new Set([...kyc.risk.fatf.black.countries, ...kyc.risk.fatf.grey.countries]);
  }

  refresh(db: ReadableDB): this {
    this.#db = db;
    this.#pepCustomer.clear();
    const fingerprint = activeListFingerprint(db);
    if (fingerprint !== this.#fingerprint) {
      const sanctioned = new Set<string>();
      const pep = new Set<string>();
      for (const l of this.kyc.screening.active(db)) {
        const into = l.list.kind === 'pep' ? pep : sanctioned;
        for (const key of l.addresses.keys()) into.add(key);
      }
      this.#sanctioned = sanctioned;
      this.#pepListed = pep;
      this.#fingerprint = fingerprint;
    }
    return this;
  }

  has(list: ListName, value: string): boolean {
    switch (list) {
      case 'sanctioned-addresses': {
        const chain = chainOf(value);
        return this.ofac.screen(chain, value) !== undefined || this.#sanctioned.has(addressKey(chain, value));
      }
      case 'mixers':
        return MIXER_ADDRESSES.has(value.toLowerCase());
      case 'high-risk-jurisdictions':
        return this.#highRisk.has(value.toUpperCase());
      case 'pep-addresses': {
        const chain = chainOf(value);
        if (this.#pepListed.has(addressKey(chain, value))) return true;
        const normalised = normaliseForScreening(chain, value);
        let known = this.#pepCustomer.get(normalised);
        if (known === undefined) {
          known = this.#db ? pepCustomerAddress(this.#db, normalised) : false;
          this.#pepCustomer.set(normalised, known);
        }
        return known;
      }
      default: {
        const never: never = list;
        throw new Error(`unknown list ${String(never)}`);
      }
    }
  }
}
