/**
 * The KYC module, built once by the composition root: screening (list versions, indexes, hits) and
 * customer files (profiles, documents, risk, decisions), with the name index and the list readers
 * chosen here: the screening library's (library.adapters.ts).
 */
import type { Clock } from '../platform/clock';
import type { VaultService } from '../vault/vault.service';
import { KycService } from './kyc.service';
import type { ListReader } from './list-reader';
import type { NameIndexFactory } from './name-search';
import { libraryListReader, libraryNameIndex } from './library.adapters';
import { loadRiskConfig } from './risk-config';
import { ScreeningService } from './screening.service';

export interface KycModuleOptions {
  readonly nameIndex?: NameIndexFactory;
  readonly readList?: ListReader;
  /** Subjects screened per transaction by the re-screen job (tests make it small to interrupt it mid-way). */
  readonly rescreenSlice?: { readonly changed: number; readonly full: number };
}

export function createKycModule(clock: Clock, vault: VaultService, options: KycModuleOptions = {}): KycService {
  const screening = new ScreeningService(clock, options.nameIndex ?? libraryNameIndex, options.readList ?? libraryListReader);
  return new KycService(clock, vault, screening, loadRiskConfig());
}
