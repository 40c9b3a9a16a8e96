/**
 * Deposits into monitoring: each deposit is judged the first time the ledger records it (bundle
 * import or `ledger.deposits.record`), in the same transaction, at the time it was seen on chain,
 * valued in USD at the console's latest market price for the asset (0 when it has none).
 */
import { getPrice } from '../db/custody.repository';
import { getAsset } from '../db/ledger.repository';
import type { NewDepositListener } from '../ledger/deposits.service';
import type { MonitoringService } from './monitoring.service';

export function monitorDeposits(monitoring: MonitoringService): NewDepositListener {
  return (db, deposit, report, createdBy) => {
    const asset = getAsset(db, deposit.assetId);
    const price = getPrice(db, deposit.assetId);
    const amount = BigInt(deposit.amount);
    const usdCents = asset && price ? (amount * BigInt(price.usdCentsPerUnit)) / 10n ** BigInt(asset.decimals) : 0n;
    monitoring.judge(
      db,
      {
        id: `dep:${deposit.id}`,
        at: new Date(report.seenAt ?? deposit.firstSeenAt).toISOString(),
        direction: 'deposit',
        customerId: deposit.customerId,
        assetId: deposit.assetId,
        amount,
        usdCents,
        counterpartyAddress: report.sender?.address ?? null,
        counterpartyCountry: report.sender?.country ?? null,
        counterpartyVasp: report.sender?.vasp ?? null,
        counterpartyPep: report.sender?.pep ?? false,
        sourceRef: `${deposit.txid}:${deposit.outputIndex}`,
      },
      createdBy,
    );
  };
}
