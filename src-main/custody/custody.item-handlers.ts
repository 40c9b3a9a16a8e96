/**
 * Inbound bundle items custody applies inside the import's transaction, and the outbound items it
 * queues: withdrawal requests open withdrawals (pre-checks, policy, hold); market prices value
 * them; broadcast receipts settle them; signed transactions and address pools leave in the next
 * outbound bundle.
 */
import { VaultlineError } from '../errors';
import type { WritableDB } from '../db/database';
import { getAsset } from '../db/ledger.repository';
import { findHoldByReference } from '../db/reconciliation.repository';
import { findWallet, findWithdrawal, markExported, type AddressRow, type WithdrawalRow } from '../db/custody.repository';
import type { ItemHandlerRegistry } from '../bundles/item-handlers';
import type { OutboxService } from '../bundles/outbox.service';
import { amountOf } from '../handlers/ledger.handlers';
import { WITHDRAWAL } from '../ledger/holds.service';
import type { LedgerModule } from '../ledger/ledger.module';
import { parseAmount } from '../../src-shared/money';
import feeRates from '../../resources/fee-rates.json';
import type { WithdrawalsService } from './withdrawals.service';

export interface CustodyOutbound {
  /** A withdrawal was signed: its transaction goes to the online node for broadcast. */
  signed(db: WritableDB, w: WithdrawalRow): void;
  /** New wallet addresses (and the account xpub of an HD wallet) for the node to watch. */
  addresses(db: WritableDB, walletId: string, addresses: readonly AddressRow[]): void;
}

export function bundleOutbound(outbox: OutboxService, now: () => string): CustodyOutbound {
  return {
    signed(db, w) {
      const asset = getAsset(db, w.assetId)!;
      outbox.queue(db, 'signed-transaction', { withdrawalId: w.id, assetId: w.assetId, network: asset.network, txid: w.txid!.replace(/^0x/, ''), rawTransaction: w.signedTx!, signedAt: w.signedAt ?? now() }, `signed-transaction-${w.id.replace(/_/g, '-')}`);
    },
    addresses(db, walletId, addresses) {
      if (addresses.length === 0) return;
      const wallet = findWallet(db, walletId)!;
      outbox.queue(db, 'address-pool', {
        walletId,
        assetId: wallet.assetId,
        network: wallet.network,
        ...(wallet.accountXpub ? { xpub: wallet.accountXpub, derivationPath: wallet.accountPath ?? undefined } : {}),
        addresses: addresses.map((a) => ({ address: a.address, index: a.index, ...(a.customerId ? { customerId: a.customerId } : {}) })),
      });
      markExported(db, addresses.map((a) => a.address), now());
    },
  };
}

/** A fee cap for a request that did not name one: what the policy's default fee level would cost, doubled. */
export function defaultFeeCap(chain: 'bitcoin' | 'ethereum', network: string): bigint {
  if (chain === 'bitcoin') return BigInt((feeRates.bitcoin as Record<string, number>)[network] ?? 1) * 400n;
  return BigInt(feeRates.ethereum.gasLimitEth) * 100_000_000_000n;
}

export function registerCustodyItemHandlers(registry: ItemHandlerRegistry, withdrawals: WithdrawalsService, ledger: LedgerModule): void {
  registry.register({
    type: 'withdrawal-request',
    module: 'Withdrawals (custody)',
    apply({ db }, r) {
      const asset = getAsset(db, r.assetId);
      if (!asset) throw new VaultlineError('NOT_FOUND', `Unknown asset "${r.assetId}".`);
      const w = withdrawals.create(
        db,
        {
          source: 'bundle',
          requestRef: r.requestId,
          customerId: r.customerId,
          assetId: r.assetId,
          amount: amountOf(db, r.assetId, r.amount, 'amount'),
          feeCap: r.feeCap ? amountOf(db, r.assetId, r.feeCap, 'feeCap') : defaultFeeCap(asset.chain, asset.network),
          destination: r.destination,
        },
        null,
      );
      return `withdrawal ${w.id} ${w.state.replace('_', ' ')}${w.rejectionReason ? `: ${w.rejectionReason}` : ''}`;
    },
  });

  registry.register({
    type: 'market-prices',
    module: 'Valuation',
    apply({ db }, m) {
      for (const [i, p] of m.prices.entries()) {
        if (!getAsset(db, p.assetId)) continue;
        let cents: bigint;
        try {
          cents = parseAmount(p.price, 2, `prices.${i}.price`);
        } catch (error) {
          throw new VaultlineError('VALIDATION', error instanceof Error ? error.message : 'bad price');
        }
        // A price dated too far ahead of the console clock refuses the item, hence the whole bundle.
        withdrawals.recordPrice(db, { assetId: p.assetId, usdCentsPerUnit: cents, asOf: m.asOf, source: m.source });
      }
      return `${m.prices.length} prices as of ${m.asOf}`;
    },
  });

  registry.register({
    type: 'broadcast-receipt',
    module: 'Withdrawals (custody)',
    apply({ db, createdBy }, r) {
      const w = findWithdrawal(db, r.withdrawalId);
      if (w) {
        const settled = withdrawals.settle(db, w.id, r.txid, amountOf(db, w.assetId, r.networkFee, 'networkFee'));
        return `withdrawal ${settled.id} ${settled.state}`;
      }
      // A hold placed straight on the ledger (not a custody withdrawal): settle the hold alone.
      const assetId = findHoldByReference(db, WITHDRAWAL, r.withdrawalId)?.assetId;
      if (!assetId) throw new VaultlineError('NOT_FOUND', `No withdrawal or hold ${r.withdrawalId}.`);
      const { hold, entry } = ledger.holds.settle(
        db,
        { withdrawalId: r.withdrawalId, txid: r.txid, amount: amountOf(db, assetId, r.amount, 'amount'), networkFee: amountOf(db, assetId, r.networkFee, 'networkFee'), feePaidBy: r.feePaidBy },
        createdBy,
      );
      return `hold ${hold.status}, entry ${entry.id}`;
    },
  });
}
