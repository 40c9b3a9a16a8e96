/**
 * Holds for pending withdrawals: placed when a request arrives (amount plus the approved fee cap
 * become unavailable), settled on the broadcast receipt (amount plus the actual network fee leave
 * the customer's balance and the hot wallet), released on rejection or expiry.
 */
import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { WritableDB } from '../db/database';
import { expiredHolds, findHoldByReference, insertHold, updateHold, type HoldRow } from '../db/reconciliation.repository';
import type { Ledger, PostedEntry } from './ledger';
import type { AccountsService } from './accounts.service';

export const WITHDRAWAL = 'withdrawal';

export interface HoldRequest {
  readonly withdrawalId: string;
  readonly customerId: string;
  readonly assetId: string;
  readonly amount: bigint;
  readonly feeCap: bigint;
  readonly expiresAt: string;
}

export interface SettleRequest {
  readonly withdrawalId: string;
  readonly txid: string;
  readonly amount: bigint;
  readonly networkFee: bigint;
  /** Who bears the network fee: the customer (deducted with the amount) or the firm (an expense). */
  readonly feePaidBy: 'customer' | 'firm';
}

export class HoldsService {
  constructor(
    private readonly clock: Clock,
    private readonly ledger: Ledger,
    private readonly accounts: AccountsService,
  ) {}

  private require(db: WritableDB, withdrawalId: string): HoldRow {
    const hold = findHoldByReference(db, WITHDRAWAL, withdrawalId);
    if (!hold) throw new VaultlineError('NOT_FOUND', `No hold for withdrawal ${withdrawalId}.`);
    return hold;
  }

  place(db: WritableDB, request: HoldRequest): HoldRow {
    if (request.amount <= 0n) throw new VaultlineError('VALIDATION', 'A withdrawal amount must be positive.', { issues: [{ path: 'amount', message: 'must be positive' }] });
    if (request.feeCap < 0n) throw new VaultlineError('VALIDATION', 'A fee cap cannot be negative.', { issues: [{ path: 'feeCap', message: 'must not be negative' }] });
    const now = this.clock.now().toISOString();
    if (request.expiresAt <= now) throw new VaultlineError('VALIDATION', 'A hold must expire in the future.', { issues: [{ path: 'expiresAt', message: 'must be in the future' }] });
    const existing = findHoldByReference(db, WITHDRAWAL, request.withdrawalId);
    if (existing) {
      const same = existing.assetId === request.assetId && BigInt(existing.amount) === request.amount && BigInt(existing.feeCap) === request.feeCap;
      if (!same) throw new VaultlineError('DUPLICATE', `Withdrawal ${request.withdrawalId} already has a different hold; nothing was changed.`);
      return existing;
    }
    const account = this.accounts.find(db, 'customer', request.assetId, request.customerId);
    if (!account) throw new VaultlineError('INSUFFICIENT_FUNDS', `Customer ${request.customerId} holds no ${request.assetId}.`);
    this.accounts.requireAsset(db, request.assetId);
    this.ledger.adjustHeld(db, account.id, request.amount + request.feeCap);
    const row: HoldRow = {
      id: `hold_${randomBytes(8).toString('hex')}`,
      accountId: account.id,
      assetId: request.assetId,
      amount: request.amount.toString(),
      feeCap: request.feeCap.toString(),
      referenceType: WITHDRAWAL,
      referenceId: request.withdrawalId,
      status: 'active',
      reason: null,
      createdAt: now,
      expiresAt: request.expiresAt,
      resolvedAt: null,
      settleEntrySeq: null,
    };
    insertHold(db, row);
    return row;
  }

  settle(db: WritableDB, request: SettleRequest, createdBy: string): { hold: HoldRow; entry: PostedEntry } {
    const hold = this.require(db, request.withdrawalId);
    const key = `withdrawal:${request.withdrawalId}:settle`;
    if (hold.status === 'settled') {
      // The same receipt twice is harmless; a different one is refused by the ledger's key check.
      const entry = this.postSettlement(db, hold, request, key, createdBy);
      return { hold, entry };
    }
    if (hold.status !== 'active') throw new VaultlineError('CONFLICT', `The hold for withdrawal ${request.withdrawalId} was ${hold.status}; it cannot be settled.`);
    if (request.amount !== BigInt(hold.amount)) {
      throw new VaultlineError('CONFLICT', `The receipt's amount (${request.amount}) differs from the held withdrawal amount (${hold.amount}); nothing was settled.`);
    }
    if (request.networkFee < 0n || request.networkFee > BigInt(hold.feeCap)) {
      throw new VaultlineError('CONFLICT', `The network fee ${request.networkFee} is outside the approved cap of ${hold.feeCap}; nothing was settled.`);
    }
    this.ledger.adjustHeld(db, hold.accountId, -(BigInt(hold.amount) + BigInt(hold.feeCap)));
    const entry = this.postSettlement(db, hold, request, key, createdBy);
    updateHold(db, hold.id, { status: 'settled', resolvedAt: this.clock.now().toISOString(), settleEntrySeq: entry.seq, reason: `broadcast ${request.txid}` });
    return { hold: this.require(db, request.withdrawalId), entry };
  }

  private postSettlement(db: WritableDB, hold: HoldRow, request: SettleRequest, key: string, createdBy: string): PostedEntry {
    const wallet = this.accounts.ensure(db, 'wallet_hot', hold.assetId);
    const { amount, networkFee } = request;
    const postings =
      request.feePaidBy === 'customer'
        ? [
            { accountId: hold.accountId, amount: amount + networkFee },
            { accountId: wallet.id, amount: -(amount + networkFee) },
          ]
        : [
            { accountId: hold.accountId, amount },
            { accountId: this.accounts.ensure(db, 'fees', hold.assetId).id, amount: networkFee },
            { accountId: wallet.id, amount: -(amount + networkFee) },
          ];
    return this.ledger.post(db, {
      type: 'withdrawal_settlement',
      description: `Withdrawal ${request.withdrawalId} broadcast as ${request.txid}`,
      idempotencyKey: key,
      sourceType: 'withdrawal',
      sourceRef: request.withdrawalId,
      createdBy,
      postings: postings.filter((p) => p.amount !== 0n),
    });
  }

  release(db: WritableDB, withdrawalId: string, reason: string, status: 'released' | 'expired' = 'released'): HoldRow {
    const hold = this.require(db, withdrawalId);
    if (hold.status === status) return hold;
    if (hold.status !== 'active') throw new VaultlineError('CONFLICT', `The hold for withdrawal ${withdrawalId} is already ${hold.status}.`);
    this.ledger.adjustHeld(db, hold.accountId, -(BigInt(hold.amount) + BigInt(hold.feeCap)));
    updateHold(db, hold.id, { status, reason, resolvedAt: this.clock.now().toISOString() });
    return this.require(db, withdrawalId);
  }

  /** Release every hold whose expiry has passed. */
  expireDue(db: WritableDB): HoldRow[] {
    return expiredHolds(db, this.clock.now().toISOString()).map((hold) => this.release(db, hold.referenceId, 'expired before settlement', 'expired'));
  }
}
