/** The ledger's services, built once by the composition root. */
import type { Clock } from '../platform/clock';
import { AccountsService } from './accounts.service';
import { DepositsService } from './deposits.service';
import { HoldsService } from './holds.service';
import { Ledger } from './ledger';
import { MovementsService } from './movements.service';
import { ReconciliationService } from './reconciliation.service';

export interface LedgerModule {
  readonly ledger: Ledger;
  readonly accounts: AccountsService;
  readonly deposits: DepositsService;
  readonly holds: HoldsService;
  readonly movements: MovementsService;
  readonly reconciliation: ReconciliationService;
}

export function createLedgerModule(clock: Clock): LedgerModule {
  const ledger = new Ledger(clock);
  const accounts = new AccountsService(clock);
  return {
    ledger,
    accounts,
    deposits: new DepositsService(clock, ledger, accounts),
    holds: new HoldsService(clock, ledger, accounts),
    movements: new MovementsService(ledger, accounts),
    reconciliation: new ReconciliationService(clock, ledger, accounts),
  };
}
