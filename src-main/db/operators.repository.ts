import { asc, eq, sql } from 'drizzle-orm';
import { operators } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

export type OperatorRow = typeof operators.$inferSelect;
export type NewOperatorRow = typeof operators.$inferInsert;

const byIdStatement = perConnection((db) => db.orm.select().from(operators).where(eq(operators.id, sql.placeholder('id'))).prepare());

/** Prepared once per connection: the quorum check looks up every approver before each signature. */
export function findOperatorById(db: ReadableDB, id: string): OperatorRow | undefined {
  return byIdStatement(db).get({ id });
}

export function findOperatorByUsername(db: ReadableDB, username: string): OperatorRow | undefined {
  return db.orm.select().from(operators).where(eq(operators.username, username)).get();
}

export function findOperatorsByTokenLabel(db: ReadableDB, tokenLabel: string): OperatorRow[] {
  return db.orm.select().from(operators).where(eq(operators.tokenLabel, tokenLabel)).all();
}

export function listOperators(db: ReadableDB): OperatorRow[] {
  return db.orm.select().from(operators).orderBy(asc(operators.username)).all();
}

export function countOperators(db: ReadableDB): number {
  return db.orm.select({ n: sql<number>`count(*)` }).from(operators).get()?.n ?? 0;
}

export function insertOperator(db: WritableDB, row: NewOperatorRow): void {
  db.orm.insert(operators).values(row).run();
}

export function updateOperator(db: WritableDB, id: string, changes: Partial<Omit<OperatorRow, 'id' | 'createdAt'>>): void {
  db.orm.update(operators).set(changes).where(eq(operators.id, id)).run();
}
