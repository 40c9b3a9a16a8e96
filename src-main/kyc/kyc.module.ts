/**
 * The KYC module, built once by the composition root: screening (list versions, indexes, hits) and
 * customer files (profiles, documents, risk, decisions), with the name index and the list readers
 * chosen here — the screening library's where it provides them.
 */
import type { Clock } from '../platform/clock';
import type { VaultService } from '../vault/vault.service';
import { KycService } from './kyc.service';
import { basicListReader, type ListReader } from './list-reader';
import { basicNameIndex, type NameIndexFactory } from './name-search';
import { loadRiskConfig } from './risk-config';
import { ScreeningService } from './screening.service';

export interface KycModuleOptions {
  readonly nameIndex?: NameIndexFactory;
  readonly readList?: ListReader;
}

export function createKycModule(clock: Clock, vault: VaultService, options: KycModuleOptions = {}): KycService {
  const screening = new ScreeningService(clock, options.nameIndex ?? basicNameIndex, options.readList ?? basicListReader);
  return new KycService(clock, vault, screening, loadRiskConfig());
}
