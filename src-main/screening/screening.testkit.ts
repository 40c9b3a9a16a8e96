/**
 * Test and benchmark helpers: where the project's reference data is (../shared/data beside the
 * checkout, see its README for provenance) and the full SDN list, read once per process.
 */
import { join } from 'node:path';
import { importOfacAdvancedFile } from './ofac-advanced.importer';
import type { ListImport } from './screening.types';

export const SHARED_DATA = join(import.meta.dirname, '../../../shared/data');
export const SDN_ADVANCED_BZ2 = join(SHARED_DATA, 'ofac-sdn/sdn_advanced.xml.bz2');
export const SDN_ADVANCED_CHECKSUM = join(SHARED_DATA, 'ofac-sdn/sdn_advanced_checksum.txt');
export const OFAC_ADDRESSES_2025 = join(SHARED_DATA, 'ofac-addresses');
export const OFAC_ADDRESSES_2024 = join(SHARED_DATA, 'ofac-addresses/0xB10C-2024-09-27');
export const WATCHMAN_TINY = join(SHARED_DATA, 'ofac-sdn/watchman-tiny-2025-05');
export const WATCHMAN_BENCH = join(SHARED_DATA, 'ofac-sdn/watchman-bench-2021-07');
export const UN_CONSOLIDATED = join(SHARED_DATA, 'un-sanctions/UN_consolidated.xml');

let sdn: Promise<ListImport> | undefined;

/** The 2025-11-19 sdn_advanced.xml, streamed from its .bz2 and checked against its checksum. */
export function fullSdn(): Promise<ListImport> {
  sdn ??= importOfacAdvancedFile(SDN_ADVANCED_BZ2, { checksumPath: SDN_ADVANCED_CHECKSUM });
  return sdn;
}
