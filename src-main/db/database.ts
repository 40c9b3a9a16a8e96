/**
 * Opening the encrypted database: the only place that constructs a connection (lint keeps
 * better-sqlite3-multiple-ciphers and drizzle-orm inside src-main/db). Read and write access are
 * different types, so a function's signature says whether it can change the book.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { VaultlineError } from '../errors';
import * as schema from './schema';
import { migrate } from './migrate';

export type Orm = BetterSQLite3Database<typeof schema>;

declare const readable: unique symbol;
declare const writable: unique symbol;

export interface ReadableDB {
  readonly [readable]: true;
  readonly orm: Orm;
  readonly sqlite: Database.Database;
}
export interface WritableDB extends ReadableDB {
  readonly [writable]: true;
}

const KEY_BYTES = 32;

/** `x'<64 hex>'` as bytes, built without an intermediate string so that it can be zeroed. */
function rawKeyLiteral(key: Uint8Array): Buffer {
  const digits = '0123456789abcdef';
  const out = Buffer.alloc(3 + key.length * 2);
  out[0] = 0x78; // x
  out[1] = 0x27; // '
  key.forEach((byte, i) => {
    out[2 + i * 2] = digits.charCodeAt(byte >> 4);
    out[3 + i * 2] = digits.charCodeAt(byte & 0x0f);
  });
  out[out.length - 1] = 0x27;
  return out;
}

export interface OpenOptions {
  /** Create the file if missing (key ceremony only); unlock never creates. */
  readonly create: boolean;
}

/**
 * hazmat: opens the database with a raw 256-bit key. The caller zeroes `key` afterwards.
 * Steps, each with its reason:
 */
export function openDatabase(path: string, key: Uint8Array, options: OpenOptions): WritableDB {
  // 1. Validate the key format: a wrong-length key is a bug or a damaged wrapped-key file.
  if (key.length !== KEY_BYTES) throw new VaultlineError('DB_KEY_INVALID', `The database key must be ${KEY_BYTES} bytes; the unwrapped key has ${key.length}.`);

  let sqlite: Database.Database;
  try {
    // 2. Never create a database on unlock: a missing file must stay an error, not become empty.
    //    A new one is created owner-only; SQLite gives its -wal and -shm files the same mode.
    if (options.create && !existsSync(path)) closeSync(openSync(path, 'wx', 0o600));
    sqlite = new Database(path, { fileMustExist: !options.create });
  } catch (error) {
    throw new VaultlineError('DB_CORRUPT', `The database file ${path} could not be opened.`, { detail: String(error) });
  }
  const literal = rawKeyLiteral(key);
  try {
    // 3. Name the cipher explicitly (SQLCipher v4 layout) so a library default cannot change the
    //    on-disk format, and so the standard sqlcipher tool can open it for disaster recovery.
    sqlite.pragma(`cipher = 'sqlcipher'`);
    sqlite.pragma('legacy = 4');
    // 4. Set the raw key (x'…' bypasses the passphrase KDF: the key is already random).
    sqlite.key(literal);
    // 5. Check it opens: a wrong key or a damaged first page fails here with SQLITE_NOTADB.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    sqlite.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new VaultlineError('DB_KEY_INVALID', 'The database cannot be decrypted with this console’s key: the key does not belong to it or the file is damaged. Nothing was changed.', {
        detail: String(error),
      });
    }
    throw new VaultlineError('DB_CORRUPT', 'The database file is damaged. Nothing was changed.', { detail: String(error) });
  } finally {
    literal.fill(0);
  }
  try {
    // 6. WAL: readers do not block the writer; a crash never leaves a half-written page.
    sqlite.pragma('journal_mode = WAL');
    // 7. FULL: a committed transaction survives power loss. This is a book of record.
    sqlite.pragma('synchronous = FULL');
    // 8. Foreign keys are not on by default in SQLite!
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 9. Bring the schema up to date, all-or-nothing.
    migrate(sqlite);
  } catch (error) {
    sqlite.close();
    if (error instanceof VaultlineError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      throw new VaultlineError('DB_CORRUPT', 'The database file is damaged. Nothing was changed.', { detail: String(error) });
    }
    throw error;
  }
  return { orm: drizzle(sqlite, { schema }), sqlite } as unknown as WritableDB;
}

export function closeDatabase(db: ReadableDB): void {
  if (db.sqlite.open) db.sqlite.close();
}

/**
 * `prepare(db)` run once per connection and kept with it: drizzle otherwise rebuilds a
 * statement's SQL on every call, which the hot paths (each audit entry, each signature, each
 * bundle item) cannot afford. Use it for prepared statements, never for rows.
 */
export function perConnection<T>(prepare: (db: ReadableDB) => T): (db: ReadableDB) => T {
  const byConnection = new WeakMap<Database.Database, T>();
  return (db) => {
    let prepared = byConnection.get(db.sqlite);
    if (prepared === undefined) {
      prepared = prepare(db);
      byConnection.set(db.sqlite, prepared);
    }
    return prepared;
  };
}

const generations = new WeakMap<Database.Database, number>();
const caches = new WeakMap<Database.Database, Map<string, { generation: number; map: Map<string, unknown> }>>();

/**
 * A per-connection cache of rows that never change once committed (accounts, assets). It is
 * emptied whenever a transaction on the connection rolls back, so it never holds a row that a
 * rollback took away.
 */
export function connectionCache<V>(db: ReadableDB, name: string): Map<string, V> {
  const generation = generations.get(db.sqlite) ?? 0;
  let byName = caches.get(db.sqlite);
  if (!byName) {
    byName = new Map();
    caches.set(db.sqlite, byName);
  }
  let entry = byName.get(name);
  if (!entry || entry.generation !== generation) {
    entry = { generation, map: new Map() };
    byName.set(name, entry);
  }
  return entry.map as Map<string, V>;
}

/**
 * Run `fn` inside one IMMEDIATE transaction, committing only if it resolves. `fn` may await (an
 * HSM call, argon2), so this is safe only while nothing else uses the connection meanwhile: the
 * command bus serialises commands for exactly this reason.
 */
export async function inTransaction<T>(db: WritableDB, fn: () => Promise<T> | T): Promise<T> {
  db.sqlite.exec('BEGIN IMMEDIATE');
  try {
    const result = await fn();
    db.sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.sqlite.inTransaction) db.sqlite.exec('ROLLBACK');
    generations.set(db.sqlite, (generations.get(db.sqlite) ?? 0) + 1);
    throw error;
  }
}

let dryRuns = 0;

/**
 * Run `fn` inside a savepoint that is always rolled back, whatever `fn` does: a dry run of writes
 * (a bundle preview runs the whole import and keeps none of it). Per-connection caches are reset
 * as after any rollback. Must be called inside a transaction (the bus's).
 */
export async function dryRun<T>(db: WritableDB, fn: () => Promise<T> | T): Promise<T> {
  const name = `dry_run_${++dryRuns}`;
  db.sqlite.exec(`SAVEPOINT ${name}`);
  try {
    return await fn();
  } finally {
    db.sqlite.exec(`ROLLBACK TO ${name}`);
    db.sqlite.exec(`RELEASE ${name}`);
    generations.set(db.sqlite, (generations.get(db.sqlite) ?? 0) + 1);
  }
}

/**
 * Check foreign keys at COMMIT instead of at each statement, for the rest of this transaction
 * (SQLite resets it at commit): rows that refer to a parent written later in the same
 * transaction, such as a bundle's items before the bundle's own record.
 */
export function deferForeignKeys(db: WritableDB): void {
  db.sqlite.pragma('defer_foreign_keys = ON');
}
