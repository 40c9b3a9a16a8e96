/**
 * Re-scoring on behaviour: every deposit recorded for a customer (from a bundle or at the console)
 * has its sender screened at once, in the deposit's transaction (kyc.service.ts
 * `screenDepositSender`), and marks the customer; after the command commits, each marked customer,
 * and each customer with a withdrawal created since the last look, is scored again in one transaction — recorded only when a factor or the level changed (a volume
 * band crossed, a listed sender or destination), so a busy customer does not pile up assessments.
 * A command that rolled back leaves marks behind that change nothing when scored.
 * Senders are screened again by every later list update: the re-screen job walks the counterparties
 * stored with monitored transactions (rescreen.job.ts `screenCounterparties`).
 */
import type { WritableDB } from '../db/database';
import { assetChain, lastWithdrawalRowid, withdrawalCustomersSince } from '../db/kyc.repository';
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
  // Withdrawals are custody's: new ones are found by rowid after each commit (a primary-key seek),
  // from where the console stood when this process first looked.
  let seenWithdrawals: number | undefined;
  bus.afterCommit((db) => {
    if (seenWithdrawals === undefined) seenWithdrawals = lastWithdrawalRowid(db);
    const withdrawn = withdrawalCustomersSince(db, seenWithdrawals);
    seenWithdrawals = withdrawn.lastRowid;
    if (marked.size === 0 && withdrawn.customers.length === 0) return;
    const deposited = [...marked];
    marked.clear();
    db.sqlite.transaction(() => {
      for (const id of deposited) kyc.rescoreIfChanged(db, id, 'behaviour:deposit', 'system:behaviour');
      for (const id of withdrawn.customers) kyc.rescoreIfChanged(db, id, 'behaviour:withdrawal', 'system:behaviour');
    }).immediate();
  });
}
