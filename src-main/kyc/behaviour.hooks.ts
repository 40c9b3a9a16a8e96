/**
 * Re-scoring on behaviour: every deposit recorded for a customer (from a bundle or at the console)
 * has its sender screened at once, in the deposit's transaction (kyc.service.ts
 * `screenDepositSender`), and marks the customer; after the command commits, each marked customer
 * is scored again in one transaction — recorded only when a factor or the level changed (a volume
 * band crossed, a listed sender or destination), so a busy customer does not pile up assessments.
 * A command that rolled back leaves marks behind that change nothing when scored.
 */
import type { WritableDB } from '../db/database';
import { assetChain } from '../db/kyc.repository';
import type { NewDepositListener } from '../ledger/deposits.service';
import type { KycService } from './kyc.service';

export function watchBehaviour(kyc: KycService, deposits: { onNewDeposit(listener: NewDepositListener): void }, bus: { afterCommit(listener: (db: WritableDB) => void): void }): void {
  const marked = new Set<string>();
  deposits.onNewDeposit((db, deposit, report, createdBy) => {
    const sender = report.sender?.address;
    const chain = sender ? assetChain(db, deposit.assetId) : undefined;
    if (sender && chain) kyc.screenDepositSender(db, deposit.customerId, chain, sender, createdBy);
    marked.add(deposit.customerId);
  });
  bus.afterCommit((db) => {
    if (marked.size === 0) return;
    const customers = [...marked];
    marked.clear();
    db.sqlite.transaction(() => {
      for (const id of customers) kyc.rescoreIfChanged(db, id, 'behaviour:deposit', 'system:behaviour');
    }).immediate();
  });
}
