/** Firm-side movements: hot ↔ cold transfers, fee postings, trade settlements from the online system. */
import { VaultlineError } from '../errors';
import type { WritableDB } from '../db/database';
import type { AccountKind } from '../db/ledger.repository';
import type { EntryInput, Ledger, PostedEntry } from './ledger';
import type { AccountsService } from './accounts.service';

export interface InternalTransfer {
  readonly assetId: string;
  readonly from: Extract<AccountKind, 'wallet_hot' | 'wallet_cold' | 'omnibus'>;
  readonly to: Extract<AccountKind, 'wallet_hot' | 'wallet_cold' | 'omnibus'>;
  readonly amount: bigint;
  readonly networkFee: bigint;
  readonly txid: string;
  readonly idempotencyKey: string;
}

export interface FeePosting {
  readonly customerId: string;
  readonly assetId: string;
  readonly amount: bigint;
  readonly description: string;
  readonly idempotencyKey: string;
}

export interface TradeLeg {
  readonly assetId: string;
  /** `receive`: the customer receives this asset; `deliver`: the customer gives it up. */
  readonly side: 'receive' | 'deliver';
  readonly amount: bigint;
}

export interface TradeSettlement {
  readonly idempotencyKey: string;
  readonly tradeId: string;
  readonly customerId: string;
  readonly counterparty: string;
  readonly legs: readonly TradeLeg[];
  readonly fee?: { readonly assetId: string; readonly amount: bigint } | undefined;
}

export interface CounterpartySettlement {
  readonly counterparty: string;
  readonly assetId: string;
  /** `receive`: the counterparty delivers coins to our wallet; `deliver`: we send coins to it. */
  readonly direction: 'receive' | 'deliver';
  readonly amount: bigint;
  /** Network fee we pay when we deliver. */
  readonly networkFee: bigint;
  readonly wallet: Extract<AccountKind, 'wallet_hot' | 'wallet_cold' | 'omnibus'>;
  readonly txid: string;
  readonly idempotencyKey: string;
}

export class MovementsService {
  constructor(
    private readonly ledger: Ledger,
    private readonly accounts: AccountsService,
  ) {}

  internalTransfer(db: WritableDB, t: InternalTransfer, createdBy: string): PostedEntry {
    if (t.from === t.to) throw new VaultlineError('VALIDATION', 'A transfer needs two different wallets.', { issues: [{ path: 'to', message: 'must differ from from' }] });
    if (t.amount <= 0n || t.networkFee < 0n) throw new VaultlineError('VALIDATION', 'The amount must be positive and the fee not negative.', { issues: [{ path: 'amount', message: 'must be positive' }] });
    const from = this.accounts.ensure(db, t.from, t.assetId);
    const to = this.accounts.ensure(db, t.to, t.assetId);
    const postings = [
      { accountId: to.id, amount: t.amount },
      { accountId: from.id, amount: -(t.amount + t.networkFee) },
    ];
    if (t.networkFee > 0n) postings.push({ accountId: this.accounts.ensure(db, 'fees', t.assetId).id, amount: t.networkFee });
    return this.ledger.post(db, {
      type: 'internal_transfer',
      description: `${from.label} → ${to.label} (${t.txid})`,
      idempotencyKey: t.idempotencyKey,
      sourceType: 'transaction',
      sourceRef: t.txid,
      createdBy,
      postings,
    });
  }

  fee(db: WritableDB, f: FeePosting, createdBy: string): PostedEntry {
    if (f.amount <= 0n) throw new VaultlineError('VALIDATION', 'A fee must be positive.', { issues: [{ path: 'amount', message: 'must be positive' }] });
    const customer = this.accounts.find(db, 'customer', f.assetId, f.customerId);
    if (!customer) throw new VaultlineError('INSUFFICIENT_FUNDS', `Customer ${f.customerId} holds no ${f.assetId}.`);
    return this.ledger.post(db, {
      type: 'fee',
      description: f.description,
      idempotencyKey: f.idempotencyKey,
      sourceType: 'fee',
      createdBy,
      postings: [
        { accountId: customer.id, amount: f.amount },
        { accountId: this.accounts.ensure(db, 'fee_revenue', f.assetId).id, amount: -f.amount },
      ],
    });
  }

  /**
   * Trades leave the firm owing a counterparty, or owed by it, until coins move on chain: this
   * records that movement against the counterparty's account.
   */
  counterpartySettlement(db: WritableDB, c: CounterpartySettlement, createdBy: string): PostedEntry {
    if (c.amount <= 0n || c.networkFee < 0n) throw new VaultlineError('VALIDATION', 'The amount must be positive and the fee not negative.', { issues: [{ path: 'amount', message: 'must be positive' }] });
    if (c.direction === 'receive' && c.networkFee > 0n) throw new VaultlineError('VALIDATION', 'A received settlement carries no fee of ours.', { issues: [{ path: 'networkFee', message: 'must be 0 when receiving' }] });
    const wallet = this.accounts.ensure(db, c.wallet, c.assetId);
    const counterparty = this.accounts.ensure(db, 'counterparty', c.assetId, c.counterparty);
    const postings =
      c.direction === 'receive'
        ? [
            { accountId: wallet.id, amount: c.amount },
            { accountId: counterparty.id, amount: -c.amount },
          ]
        : [
            { accountId: counterparty.id, amount: c.amount },
            { accountId: wallet.id, amount: -(c.amount + c.networkFee) },
            ...(c.networkFee > 0n ? [{ accountId: this.accounts.ensure(db, 'fees', c.assetId).id, amount: c.networkFee }] : []),
          ];
    return this.ledger.post(db, {
      type: 'internal_transfer',
      description: `${c.direction === 'receive' ? 'Settlement received from' : 'Settlement delivered to'} ${c.counterparty} (${c.txid})`,
      idempotencyKey: c.idempotencyKey,
      sourceType: 'counterparty_settlement',
      sourceRef: c.txid,
      createdBy,
      postings,
    });
  }

  /** Each trade becomes one entry; the whole batch lands or none of it does. */
  importTrades(db: WritableDB, trades: readonly TradeSettlement[], createdBy: string): PostedEntry[] {
    const entries: EntryInput[] = trades.map((trade, i) => {
      if (trade.legs.length === 0) throw new VaultlineError('VALIDATION', `Trade ${trade.tradeId} has no legs.`, { issues: [{ path: `settlements.${i}.legs`, message: 'is empty' }] });
      const postings = trade.legs.flatMap((leg) => {
        if (leg.amount <= 0n) throw new VaultlineError('VALIDATION', `Trade ${trade.tradeId} has a leg with a non-positive amount.`, { issues: [{ path: `settlements.${i}.legs`, message: 'amount must be positive' }] });
        const customer = this.accounts.ensure(db, 'customer', leg.assetId, trade.customerId);
        const counterparty = this.accounts.ensure(db, 'counterparty', leg.assetId, trade.counterparty);
        // Customer receives: what the firm owes them grows (credit); the counterparty delivered (debit).
        const sign = leg.side === 'receive' ? 1n : -1n;
        return [
          { accountId: customer.id, amount: -sign * leg.amount },
          { accountId: counterparty.id, amount: sign * leg.amount },
        ];
      });
      if (trade.fee && trade.fee.amount > 0n) {
        postings.push(
          { accountId: this.accounts.ensure(db, 'customer', trade.fee.assetId, trade.customerId).id, amount: trade.fee.amount },
          { accountId: this.accounts.ensure(db, 'fee_revenue', trade.fee.assetId).id, amount: -trade.fee.amount },
        );
      }
      return {
        type: 'trade_settlement',
        description: `Trade ${trade.tradeId} with ${trade.counterparty}`,
        idempotencyKey: trade.idempotencyKey,
        sourceType: 'trade',
        sourceRef: trade.tradeId,
        createdBy,
        postings,
      };
    });
    return this.ledger.postMany(db, entries);
  }
}
