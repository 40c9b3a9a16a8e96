import { VaultlineError } from '../errors';
import type { Bus } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import type { ReadableDB } from '../db/database';
import { getAccount } from '../db/ledger.repository';
import { findOperatorById } from '../db/operators.repository';
import { adjustmentsOf, findReconException, listReconExceptions, type AdjustmentRow, type ExceptionRow } from '../db/reconciliation.repository';
import type { LedgerModule } from '../ledger/ledger.module';
import { amountOf } from './ledger.handlers';
import { actor } from './session.handlers';

const usernameOf = (db: ReadableDB, id: string | null): string | null => (id ? (findOperatorById(db, id)?.username ?? id) : null);

function exceptionView(db: ReadableDB, e: ExceptionRow) {
  return {
    id: e.id,
    kind: e.kind,
    assetId: e.assetId,
    accountId: e.accountId,
    accountCode: getAccount(db, e.accountId)?.code ?? e.accountId,
    difference: e.difference,
    evidence: JSON.parse(e.evidence) as Record<string, unknown>,
    status: e.status,
    openedAt: e.openedAt,
    resolvedAt: e.resolvedAt,
    resolvedBy: e.resolvedBy,
    resolvedByUsername: usernameOf(db, e.resolvedBy),
    resolution: e.resolution,
    note: e.note,
    pendingAdjustment: e.status === 'open' && adjustmentsOf(db, e.id).some((a) => a.status === 'proposed'),
  };
}

const adjustmentView = (db: ReadableDB, a: AdjustmentRow) => ({ ...a, proposedByUsername: usernameOf(db, a.proposedBy), decidedByUsername: usernameOf(db, a.decidedBy) });

export function registerReconciliationHandlers(bus: Bus, console: ConsoleService, m: LedgerModule): void {
  const db = () => console.requireDb();

  bus.register('reconciliation.snapshots.import', (input) => {
    const { snapshot, exception } = m.reconciliation.importSnapshot(db(), {
      snapshotId: input.snapshotId,
      assetId: input.assetId,
      wallet: input.wallet,
      chainBalance: amountOf(db(), input.assetId, input.chainBalance, 'chainBalance'),
      asOf: input.asOf,
      blockHeight: input.blockHeight ?? null,
      utxos: input.utxos?.map((u, i) => ({ txid: u.txid, vout: u.vout, amount: amountOf(db(), input.assetId, u.amount, `utxos.${i}.amount`) })),
      source: input.source,
    });
    return { ledgerBalance: snapshot.ledgerBalance, chainBalance: snapshot.chainBalance, difference: snapshot.difference, exceptionId: exception?.id ?? null };
  });

  bus.register('reconciliation.exceptions.list', (input) => ({ exceptions: listReconExceptions(db(), input.status, input.limit).map((e) => exceptionView(db(), e)) }));

  bus.register('reconciliation.exceptions.get', (input) => {
    const exception = findReconException(db(), input.id);
    if (!exception) throw new VaultlineError('NOT_FOUND', `No reconciliation exception ${input.id}.`);
    return { exception: exceptionView(db(), exception), adjustments: adjustmentsOf(db(), exception.id).map((a) => adjustmentView(db(), a)) };
  });

  bus.register('reconciliation.exceptions.explain', (input, ctx) => ({ exception: exceptionView(db(), m.reconciliation.explain(db(), input.id, input.note, actor(ctx).id)) }));

  bus.register('reconciliation.adjustments.propose', (input, ctx) => {
    const exception = findReconException(db(), input.exceptionId);
    if (!exception) throw new VaultlineError('NOT_FOUND', `No reconciliation exception ${input.exceptionId}.`);
    const amount = amountOf(db(), exception.assetId, input.amount, 'amount');
    return { adjustment: adjustmentView(db(), m.reconciliation.propose(db(), exception.id, amount, input.note, actor(ctx).id)) };
  });

  bus.register('reconciliation.adjustments.approve', (input, ctx) => {
    const { adjustment, exception } = m.reconciliation.approve(db(), input.adjustmentId, input.note, actor(ctx).id, `operator:${actor(ctx).username}`);
    return { adjustment: adjustmentView(db(), adjustment), exception: exceptionView(db(), exception) };
  });

  bus.register('reconciliation.adjustments.reject', (input, ctx) => ({ adjustment: adjustmentView(db(), m.reconciliation.reject(db(), input.adjustmentId, input.note, actor(ctx).id)) }));
}
