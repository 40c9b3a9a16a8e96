import { eq } from 'drizzle-orm';
import { meta } from './schema';
import type { ReadableDB, WritableDB } from './database';

/** Small key/value facts about this console (its id, identity public key). */
export function getMeta(db: ReadableDB, key: string): string | undefined {
  return db.orm.select().from(meta).where(eq(meta.key, key)).get()?.value;
}

export function setMeta(db: WritableDB, key: string, value: string): void {
  db.orm.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
