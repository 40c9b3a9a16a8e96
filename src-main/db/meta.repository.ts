import { eq, sql } from 'drizzle-orm';
import { meta } from './schema';
import { perConnection, type ReadableDB, type WritableDB } from './database';

/** Small key/value facts about this console (its id, identity public key). */
const getStatement = perConnection((db) => db.orm.select().from(meta).where(eq(meta.key, sql.placeholder('key'))).prepare());

export function getMeta(db: ReadableDB, key: string): string | undefined {
  return getStatement(db).get({ key })?.value;
}

export function setMeta(db: WritableDB, key: string, value: string): void {
  db.orm.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
