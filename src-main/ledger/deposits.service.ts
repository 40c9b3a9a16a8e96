/**
 * Deposits as the online node reports them: recorded when first seen, credited to the customer
 * once they reach the asset's confirmation policy, reversed if a reorg drops them.
 */
import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { WritableDB } from '../db/database';
import { readBalance, type AssetRow } from '../db/ledger.repository';
import { findDeposit, insertDeposit, insertReconException, updateDeposit, type DepositRow } from '../db/reconciliation.repository';
import type { Ledger } from './ledger';
import type { AccountsService } from './accounts.service';

export interface DepositReport {
  readonly assetId: string;
  readonly txid: string;
  readonly outputIndex: number;
  readonly address: string;
  readonly customerId: string;
  readonly amount: bigint;
  readonly confirmations: number;
  readonly finalized: boolean;
  readonly blockHeight: number | null;
  /** Who sent it, as the online node knows (chain data, Travel Rule): read by transaction monitoring. */
  readonly sender?: DepositSender | undefined;
  /** When the transaction was seen on chain (ISO); the recording time when absent. */
  readonly seenAt?: string | undefined;
}

export interface DepositSender {
  readonly address?: string | undefined;
  readonly country?: string | undefined;
  readonly vasp?: string | undefined;
  readonly pep?: boolean | undefined;
}

/** Told of each deposit the first time it is recorded, inside the same transaction (transaction monitoring). */
export type NewDepositListener = (db: WritableDB, deposit: DepositRow, report: DepositReport, createdBy: string) => void;

export function meetsPolicy(asset: Pick<AssetRow, 'finality' | 'confirmations'>, deposit: { confirmations: number; finalized: boolean }): boolean {
  return asset.finality === 'finalized' ? deposit.finalized : deposit.confirmations >= (asset.confirmations ?? Number.POSITIVE_INFINITY);
}

export class DepositsService {
  readonly #onNew: NewDepositListener[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly ledger: Ledger,
    private readonly accounts: AccountsService,
  ) {}

  onNewDeposit(listener: NewDepositListener): void {
    this.#onNew.push(listener);
  }

  /** Record or update a deposit; credit it if it now meets the policy. Safe to repeat. */
  record(db: WritableDB, report: DepositReport, createdBy: string): DepositRow {
    const asset = this.accounts.requireAsset(db, report.assetId);
    if (report.amount <= 0n) throw new VaultlineError('VALIDATION', 'A deposit amount must be positive.', { issues: [{ path: 'amount', message: 'must be positive' }] });
    const now = this.clock.now().toISOString();
    let deposit = findDeposit(db, report.assetId, report.txid, report.outputIndex);
    if (deposit) {
      if (deposit.address !== report.address || deposit.customerId !== report.customerId || BigInt(deposit.amount) !== report.amount) {
        throw new VaultlineError('DUPLICATE', `Output ${report.txid}:${report.outputIndex} was already recorded with a different address, customer or amount; nothing was changed.`);
      }
      if (deposit.status === 'reversed' || deposit.status === 'dropped') {
        throw new VaultlineError('CONFLICT', `Output ${report.txid}:${report.outputIndex} was dropped by a reorg; a re-mined transaction is recorded as a new deposit report after review.`);
      }
      updateDeposit(db, deposit.id, {
        confirmations: Math.max(deposit.confirmations, report.confirmations),
        finalized: deposit.finalized || report.finalized,
        blockHeight: report.blockHeight ?? deposit.blockHeight,
        updatedAt: now,
      });
    } else {
      insertDeposit(db, {
        id: `dep_${randomBytes(8).toString('hex')}`,
        assetId: report.assetId,
        txid: report.txid,
        outputIndex: report.outputIndex,
        address: report.address,
        customerId: report.customerId,
        amount: report.amount.toString(),
        confirmations: report.confirmations,
        finalized: report.finalized,
        blockHeight: report.blockHeight,
        status: 'pending',
        entrySeq: null,
        reversalEntrySeq: null,
        firstSeenAt: now,
        updatedAt: now,
      });
      const recorded = findDeposit(db, report.assetId, report.txid, report.outputIndex)!;
      for (const listener of this.#onNew) listener(db, recorded, report, createdBy);
    }
    deposit = findDeposit(db, report.assetId, report.txid, report.outputIndex)!;
    if (deposit.status === 'pending' && meetsPolicy(asset, deposit)) {
      const wallet = this.accounts.ensure(db, 'wallet_hot', asset.id);
      const customer = this.accounts.ensure(db, 'customer', asset.id, deposit.customerId);
      const amount = BigInt(deposit.amount);
      const posted = this.ledger.post(db, {
        type: 'deposit',
        description: `Deposit ${deposit.txid}:${deposit.outputIndex} to ${deposit.address}`,
        idempotencyKey: `deposit:${asset.id}:${deposit.txid}:${deposit.outputIndex}`,
        sourceType: 'deposit',
        sourceRef: deposit.id,
        createdBy,
        postings: [
          { accountId: wallet.id, amount },
          { accountId: customer.id, amount: -amount },
        ],
      });
      updateDeposit(db, deposit.id, { status: 'credited', entrySeq: posted.seq, updatedAt: now });
      deposit = findDeposit(db, report.assetId, report.txid, report.outputIndex)!;
    }
    return deposit;
  }

  /**
   * A reorg dropped the transaction. A pending deposit is marked dropped; a credited one is
   * reversed by an entry linked to the original. If the customer has already moved the money, the
   * part they no longer have goes to suspense and opens a reconciliation exception: the book stays
   * true and a customer balance never goes negative.
   */
  reorg(db: WritableDB, assetId: string, txid: string, outputIndex: number, reason: string, createdBy: string): { deposit: DepositRow; shortfall: bigint } {
    const deposit = findDeposit(db, assetId, txid, outputIndex);
    if (!deposit) throw new VaultlineError('NOT_FOUND', `No deposit ${txid}:${outputIndex} is recorded for ${assetId}.`);
    const now = this.clock.now().toISOString();
    if (deposit.status === 'dropped' || deposit.status === 'reversed') return { deposit, shortfall: 0n };
    if (deposit.status === 'pending') {
      updateDeposit(db, deposit.id, { status: 'dropped', updatedAt: now });
      return { deposit: findDeposit(db, assetId, txid, outputIndex)!, shortfall: 0n };
    }
    const amount = BigInt(deposit.amount);
    const wallet = this.accounts.ensure(db, 'wallet_hot', assetId);
    const customer = this.accounts.ensure(db, 'customer', assetId, deposit.customerId);
    const { balance, held } = readBalance(db, customer.id);
    const available = balance - held > 0n ? balance - held : 0n;
    const fromCustomer = available >= amount ? amount : available;
    const shortfall = amount - fromCustomer;
    const postings = [{ accountId: wallet.id, amount: -amount }];
    if (fromCustomer > 0n) postings.push({ accountId: customer.id, amount: fromCustomer });
    let suspenseId: string | undefined;
    if (shortfall > 0n) {
      suspenseId = this.accounts.ensure(db, 'suspense', assetId).id;
      postings.push({ accountId: suspenseId, amount: shortfall });
    }
    const posted = this.ledger.post(db, {
      type: 'deposit_reversal',
      description: `Reorg: deposit ${txid}:${outputIndex} dropped (${reason})`,
      idempotencyKey: `deposit-reversal:${assetId}:${txid}:${outputIndex}`,
      sourceType: 'deposit',
      sourceRef: deposit.id,
      reversesSeq: deposit.entrySeq ?? undefined,
      createdBy,
      postings,
    });
    updateDeposit(db, deposit.id, { status: 'reversed', reversalEntrySeq: posted.seq, updatedAt: now });
    if (shortfall > 0n && suspenseId) {
      insertReconException(db, {
        id: `rex_${randomBytes(8).toString('hex')}`,
        kind: 'reorg_shortfall',
        snapshotId: null,
        assetId,
        accountId: customer.id,
        difference: shortfall.toString(),
        evidence: JSON.stringify({ deposit: deposit.id, txid, outputIndex, reason, reversalEntry: posted.id, customerAvailable: available.toString(), amount: amount.toString() }),
        status: 'open',
        openedAt: now,
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
        note: null,
      });
    }
    return { deposit: findDeposit(db, assetId, txid, outputIndex)!, shortfall };
  }
}

