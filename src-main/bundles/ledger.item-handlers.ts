/**
 * Inbound items the ledger applies (issue 4's services, called inside the import's transaction):
 * chain events (deposits, reorgs), balance and UTXO snapshots and trade settlements. Broadcast
 * receipts belong to custody (custody.item-handlers.ts), which settles the withdrawal and its hold.
 */
import { amountOf } from '../handlers/ledger.handlers';
import type { LedgerModule } from '../ledger/ledger.module';
import type { ItemHandlerRegistry } from './item-handlers';

export function registerLedgerItemHandlers(registry: ItemHandlerRegistry, ledger: LedgerModule): void {
  registry.register({
    type: 'chain-event',
    module: 'Ledger',
    apply({ db, createdBy }, event) {
      if (event.kind === 'reorg') {
        const { deposit, shortfall } = ledger.deposits.reorg(db, event.assetId, event.txid, event.outputIndex, event.reason, createdBy);
        return `deposit ${deposit.status}${shortfall > 0n ? `, shortfall ${shortfall}` : ''}`;
      }
      const deposit = ledger.deposits.record(
        db,
        {
          assetId: event.assetId,
          txid: event.txid,
          outputIndex: event.outputIndex,
          address: event.address,
          customerId: event.customerId,
          amount: amountOf(db, event.assetId, event.amount, 'amount'),
          confirmations: event.confirmations,
          finalized: event.finalized,
          blockHeight: event.blockHeight ?? null,
          sender: event.sender,
          seenAt: event.seenAt,
        },
        createdBy,
      );
      return `deposit ${deposit.status}`;
    },
  });

  registry.register({
    type: 'balance-snapshot',
    module: 'Ledger (reconciliation)',
    apply({ db }, s) {
      const { snapshot, exception } = ledger.reconciliation.importSnapshot(db, {
        snapshotId: s.snapshotId,
        assetId: s.assetId,
        wallet: s.wallet,
        chainBalance: amountOf(db, s.assetId, s.chainBalance, 'chainBalance'),
        asOf: s.asOf,
        blockHeight: s.blockHeight ?? null,
        utxos: s.utxos?.map((u, i) => ({ txid: u.txid, vout: u.vout, amount: amountOf(db, s.assetId, u.amount, `utxos.${i}.amount`) })),
        source: s.source,
      });
      return exception ? `difference ${snapshot.difference}: exception ${exception.id} opened` : 'matches the ledger';
    },
  });

  registry.register({
    type: 'trade-settlement',
    module: 'Ledger',
    apply({ db, createdBy }, t) {
      const [entry] = ledger.movements.importTrades(
        db,
        [
          {
            idempotencyKey: t.idempotencyKey,
            tradeId: t.tradeId,
            customerId: t.customerId,
            counterparty: t.counterparty,
            legs: t.legs.map((leg, i) => ({ assetId: leg.assetId, side: leg.side, amount: amountOf(db, leg.assetId, leg.amount, `legs.${i}.amount`) })),
            fee: t.fee ? { assetId: t.fee.assetId, amount: amountOf(db, t.fee.assetId, t.fee.amount, 'fee.amount') } : undefined,
          },
        ],
        createdBy,
      );
      return entry ? `entry ${entry.id}` : undefined;
    },
  });
}
