/**
 * The custody sanctions pre-check's address lists: the active version of every screening list that
 * carries addresses (each with the screening library's AddressIndex), so a list update — or a
 * delisting, as OFAC's 2025 removal of most Tornado Cash addresses — takes effect for withdrawals
 * as soon as its version is imported.
 *
 * Until a list with addresses has been imported, destinations are screened against the OFAC
 * address lists shipped in resources/ (the 2025-11-19 issue): a console is never without an
 * address list, and the pre-check says which one it used.
 */
import type { DestinationScreening } from '../custody/prechecks';
import { OFAC_LIST, type AddressScreening } from '../screening/address-screening';
import type { ScreeningService } from './screening.service';

const grouped = (n: number): string => n.toLocaleString('en-GB');

export function activeListDestinations(screening: ScreeningService, shipped: AddressScreening): DestinationScreening {
  return {
    screen(db, chain, address) {
      const { hit, lists } = screening.screenDestination(db, chain, address);
      if (lists.length > 0) {
        const searched = lists.map((l) => `the ${l.list.name} version ${l.version.version} (${grouped(l.addressIndex.size)} addresses)`).join(' or ');
        return { hit, searched };
      }
      return { hit: shipped.screen(chain, address), searched: `the shipped OFAC address lists, issue of ${OFAC_LIST.issued} (${grouped(shipped.size)} addresses; no address list imported yet)` };
    },
  };
}
