/**
 * Reconciliation: the ledger's wallet balances against what the chain says (balance or UTXO
 * snapshots from the online node). Every difference opens an exception with its evidence.
 * Resolving one needs a note; a correcting adjustment needs a second person to approve it.
 */
import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { WritableDB } from '../db/database';
import { balanceAsOf, type AccountKind } from '../db/ledger.repository';
import {
  adjustmentsOf,
  findAdjustment,
  findReconException,
  findSnapshot,
  insertAdjustment,
  insertReconException,
  insertSnapshot,
  updateAdjustment,
  updateReconException,
  type AdjustmentRow,
  type ExceptionRow,
  type SnapshotRow,
} from '../db/reconciliation.repository';
import type { Ledger } from './ledger';
import type { AccountsService } from './accounts.service';

export interface Utxo {
  readonly txid: string;
  readonly vout: number;
  readonly amount: bigint;
}

export interface ChainSnapshot {
  readonly snapshotId: string;
  readonly assetId: string;
  readonly wallet: Extract<AccountKind, 'wallet_hot' | 'wallet_cold' | 'omnibus'>;
  readonly chainBalance: bigint;
  readonly asOf: string;
  readonly blockHeight: number | null;
  readonly utxos?: readonly Utxo[] | undefined;
  readonly source: string;
}

export class ReconciliationService {
  constructor(
    private readonly clock: Clock,
    private readonly ledger: Ledger,
    private readonly accounts: AccountsService,
  ) {}

  /** Compare one snapshot with the ledger as of the snapshot's time. Idempotent by snapshot id. */
  importSnapshot(db: WritableDB, s: ChainSnapshot): { snapshot: SnapshotRow; exception: ExceptionRow | undefined } {
    const existing = findSnapshot(db, s.snapshotId);
    if (existing) {
      if (existing.chainBalance !== s.chainBalance.toString() || existing.asOf !== s.asOf || existing.assetId !== s.assetId) {
        throw new VaultlineError('DUPLICATE', `Snapshot ${s.snapshotId} was already imported with different figures; nothing was changed.`);
      }
      return { snapshot: existing, exception: undefined };
    }
    if (s.chainBalance < 0n) throw new VaultlineError('VALIDATION', 'A chain balance cannot be negative.', { issues: [{ path: 'chainBalance', message: 'must not be negative' }] });
    if (s.utxos) {
      const seen = new Set<string>();
      let total = 0n;
      for (const u of s.utxos) {
        const key = `${u.txid}:${u.vout}`;
        if (seen.has(key)) throw new VaultlineError('VALIDATION', `The snapshot lists UTXO ${key} twice.`, { issues: [{ path: 'utxos', message: `duplicate ${key}` }] });
        seen.add(key);
        total += u.amount;
      }
      if (total !== s.chainBalance) {
        throw new VaultlineError('VALIDATION', `The snapshot's UTXOs add up to ${total}, not to its stated balance ${s.chainBalance}; nothing was imported.`, {
          issues: [{ path: 'utxos', message: 'do not add up to chainBalance' }],
        });
      }
    }
    const account = this.accounts.ensure(db, s.wallet, s.assetId);
    const ledgerBalance = balanceAsOf(db, account.id, s.asOf);
    const difference = s.chainBalance - ledgerBalance;
    const now = this.clock.now().toISOString();
    const evidence = {
      source: s.source,
      blockHeight: s.blockHeight,
      asOf: s.asOf,
      chainBalance: s.chainBalance.toString(),
      ledgerBalance: ledgerBalance.toString(),
      account: account.code,
      utxoCount: s.utxos?.length ?? null,
      utxos: s.utxos?.slice(0, 1000).map((u) => ({ txid: u.txid, vout: u.vout, amount: u.amount.toString() })) ?? null,
    };
    const snapshot: SnapshotRow = {
      id: s.snapshotId,
      assetId: s.assetId,
      accountId: account.id,
      chainBalance: s.chainBalance.toString(),
      ledgerBalance: ledgerBalance.toString(),
      difference: difference.toString(),
      asOf: s.asOf,
      blockHeight: s.blockHeight,
      evidence: JSON.stringify(evidence),
      importedAt: now,
    };
    insertSnapshot(db, snapshot);
    if (difference === 0n) return { snapshot, exception: undefined };
    const exception: ExceptionRow = {
      id: `rex_${randomBytes(8).toString('hex')}`,
      kind: 'balance_mismatch',
      snapshotId: snapshot.id,
      assetId: s.assetId,
      accountId: account.id,
      difference: difference.toString(),
      evidence: snapshot.evidence,
      status: 'open',
      openedAt: now,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      note: null,
    };
    insertReconException(db, exception);
    return { snapshot, exception };
  }

  private open(db: WritableDB, exceptionId: string): ExceptionRow {
    const exception = findReconException(db, exceptionId);
    if (!exception) throw new VaultlineError('NOT_FOUND', `No reconciliation exception ${exceptionId}.`);
    if (exception.status !== 'open') throw new VaultlineError('CONFLICT', `Exception ${exceptionId} is already resolved.`);
    return exception;
  }

  /** Close an exception that needs no entry (a timing difference, say), with the reason why. */
  explain(db: WritableDB, exceptionId: string, note: string, operatorId: string): ExceptionRow {
    this.open(db, exceptionId);
    if (adjustmentsOf(db, exceptionId).some((a) => a.status === 'proposed')) {
      throw new VaultlineError('CONFLICT', 'An adjustment is waiting for approval; approve or reject it first.');
    }
    updateReconException(db, exceptionId, { status: 'resolved', resolution: 'explained', note, resolvedBy: operatorId, resolvedAt: this.clock.now().toISOString() });
    return findReconException(db, exceptionId)!;
  }

  /** Propose a correcting entry: `amount` (signed, debit-positive) on the wallet, suspense opposite. */
  propose(db: WritableDB, exceptionId: string, amount: bigint, note: string, operatorId: string): AdjustmentRow {
    this.open(db, exceptionId);
    if (amount === 0n) throw new VaultlineError('VALIDATION', 'An adjustment must not be zero.', { issues: [{ path: 'amount', message: 'must not be zero' }] });
    if (adjustmentsOf(db, exceptionId).some((a) => a.status === 'proposed')) throw new VaultlineError('CONFLICT', 'This exception already has an adjustment waiting for approval.');
    const row: AdjustmentRow = {
      id: `adj_${randomBytes(8).toString('hex')}`,
      exceptionId,
      amount: amount.toString(),
      note,
      proposedBy: operatorId,
      proposedAt: this.clock.now().toISOString(),
      status: 'proposed',
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      entrySeq: null,
    };
    insertAdjustment(db, row);
    return row;
  }

  /** Four-eyes: the approver must be someone other than the proposer. Posts the entry. */
  approve(db: WritableDB, adjustmentId: string, note: string, operatorId: string, createdBy: string): { adjustment: AdjustmentRow; exception: ExceptionRow } {
    const adjustment = findAdjustment(db, adjustmentId);
    if (!adjustment) throw new VaultlineError('NOT_FOUND', `No adjustment ${adjustmentId}.`);
    if (adjustment.status !== 'proposed') throw new VaultlineError('CONFLICT', `Adjustment ${adjustmentId} was already ${adjustment.status}.`);
    if (adjustment.proposedBy === operatorId) throw new VaultlineError('FORBIDDEN', 'Four-eyes: the operator who proposed an adjustment cannot approve it.');
    const exception = this.open(db, adjustment.exceptionId);
    const amount = BigInt(adjustment.amount);
    const wallet = this.ledger.account(db, exception.accountId);
    const suspense = this.accounts.ensure(db, 'suspense', exception.assetId);
    const entry = this.ledger.post(db, {
      type: 'adjustment',
      description: `Reconciliation adjustment for ${wallet.code}: ${adjustment.note}`,
      idempotencyKey: `recon-adjustment:${adjustment.id}`,
      sourceType: 'reconciliation',
      sourceRef: exception.id,
      createdBy,
      postings: [
        { accountId: wallet.id, amount },
        { accountId: suspense.id, amount: -amount },
      ],
    });
    const now = this.clock.now().toISOString();
    updateAdjustment(db, adjustment.id, { status: 'approved', decidedBy: operatorId, decidedAt: now, decisionNote: note, entrySeq: entry.seq });
    updateReconException(db, exception.id, { status: 'resolved', resolution: 'adjusted', note: adjustment.note, resolvedBy: operatorId, resolvedAt: now });
    return { adjustment: findAdjustment(db, adjustment.id)!, exception: findReconException(db, exception.id)! };
  }

  reject(db: WritableDB, adjustmentId: string, note: string, operatorId: string): AdjustmentRow {
    const adjustment = findAdjustment(db, adjustmentId);
    if (!adjustment) throw new VaultlineError('NOT_FOUND', `No adjustment ${adjustmentId}.`);
    if (adjustment.status !== 'proposed') throw new VaultlineError('CONFLICT', `Adjustment ${adjustmentId} was already ${adjustment.status}.`);
    updateAdjustment(db, adjustment.id, { status: 'rejected', decidedBy: operatorId, decidedAt: this.clock.now().toISOString(), decisionNote: note });
    return findAdjustment(db, adjustment.id)!;
  }
}
