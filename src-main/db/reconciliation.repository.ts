/** SQL for deposits, holds and reconciliation (snapshots, exceptions, four-eyes adjustments). */
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { deposits, holds, reconAdjustments, reconExceptions, reconSnapshots } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

export type DepositRow = typeof deposits.$inferSelect;
export type HoldRow = typeof holds.$inferSelect;
export type SnapshotRow = typeof reconSnapshots.$inferSelect;
export type ExceptionRow = typeof reconExceptions.$inferSelect;
export type AdjustmentRow = typeof reconAdjustments.$inferSelect;

const findDepositStatement = perConnection((db) =>
  db.orm
    .select()
    .from(deposits)
    .where(and(eq(deposits.assetId, sql.placeholder('assetId')), eq(deposits.txid, sql.placeholder('txid')), eq(deposits.outputIndex, sql.placeholder('outputIndex'))))
    .prepare(),
);

/** Prepared once per connection: a bundle of deposits calls this several times per item. */
export function findDeposit(db: ReadableDB, assetId: string, txid: string, outputIndex: number): DepositRow | undefined {
  return findDepositStatement(db).get({ assetId, txid, outputIndex });
}

export function insertDeposit(db: WritableDB, row: DepositRow): void {
  db.orm.insert(deposits).values(row).run();
}

export function updateDeposit(db: WritableDB, id: string, changes: Partial<Omit<DepositRow, 'id'>>): void {
  db.orm.update(deposits).set(changes).where(eq(deposits.id, id)).run();
}

export function listDeposits(db: ReadableDB, status: DepositRow['status'] | undefined, limit: number): DepositRow[] {
  return db.orm
    .select()
    .from(deposits)
    .where(status ? eq(deposits.status, status) : undefined)
    .orderBy(desc(deposits.firstSeenAt))
    .limit(limit)
    .all();
}

export function findHoldByReference(db: ReadableDB, referenceType: string, referenceId: string): HoldRow | undefined {
  return db.orm
    .select()
    .from(holds)
    .where(and(eq(holds.referenceType, referenceType), eq(holds.referenceId, referenceId)))
    .get();
}

export function insertHold(db: WritableDB, row: HoldRow): void {
  db.orm.insert(holds).values(row).run();
}

export function updateHold(db: WritableDB, id: string, changes: Partial<Omit<HoldRow, 'id'>>): void {
  db.orm.update(holds).set(changes).where(eq(holds.id, id)).run();
}

export function expiredHolds(db: ReadableDB, now: string): HoldRow[] {
  return db.orm
    .select()
    .from(holds)
    .where(and(eq(holds.status, 'active'), lte(holds.expiresAt, now)))
    .all();
}

export function listHolds(db: ReadableDB, status: HoldRow['status'] | undefined, limit: number): HoldRow[] {
  return db.orm
    .select()
    .from(holds)
    .where(status ? eq(holds.status, status) : undefined)
    .orderBy(desc(holds.createdAt))
    .limit(limit)
    .all();
}

export function insertSnapshot(db: WritableDB, row: SnapshotRow): void {
  db.orm.insert(reconSnapshots).values(row).run();
}

export function findSnapshot(db: ReadableDB, id: string): SnapshotRow | undefined {
  return db.orm.select().from(reconSnapshots).where(eq(reconSnapshots.id, id)).get();
}

export function insertReconException(db: WritableDB, row: ExceptionRow): void {
  db.orm.insert(reconExceptions).values(row).run();
}

export function findReconException(db: ReadableDB, id: string): ExceptionRow | undefined {
  return db.orm.select().from(reconExceptions).where(eq(reconExceptions.id, id)).get();
}

export function updateReconException(db: WritableDB, id: string, changes: Partial<Omit<ExceptionRow, 'id'>>): void {
  db.orm.update(reconExceptions).set(changes).where(eq(reconExceptions.id, id)).run();
}

export function listReconExceptions(db: ReadableDB, status: ExceptionRow['status'] | undefined, limit: number): ExceptionRow[] {
  return db.orm
    .select()
    .from(reconExceptions)
    .where(status ? eq(reconExceptions.status, status) : undefined)
    .orderBy(asc(reconExceptions.status), desc(reconExceptions.openedAt))
    .limit(limit)
    .all();
}

export function insertAdjustment(db: WritableDB, row: AdjustmentRow): void {
  db.orm.insert(reconAdjustments).values(row).run();
}

export function findAdjustment(db: ReadableDB, id: string): AdjustmentRow | undefined {
  return db.orm.select().from(reconAdjustments).where(eq(reconAdjustments.id, id)).get();
}

export function adjustmentsOf(db: ReadableDB, exceptionId: string): AdjustmentRow[] {
  return db.orm.select().from(reconAdjustments).where(eq(reconAdjustments.exceptionId, exceptionId)).orderBy(asc(reconAdjustments.proposedAt)).all();
}

export function updateAdjustment(db: WritableDB, id: string, changes: Partial<Omit<AdjustmentRow, 'id'>>): void {
  db.orm.update(reconAdjustments).set(changes).where(eq(reconAdjustments.id, id)).run();
}
