/**
 * The one place that posts to the book and enforces its invariants:
 *  - every entry balances per asset (debits = credits);
 *  - accounts exist and postings match their asset;
 *  - customer (no-negative) accounts never go below zero, holds included;
 *  - an idempotency key from outside is applied at most once (same content → the same entry back;
 *    different content → refused);
 *  - posted entries are never edited or deleted (SQL triggers too); a reversal links to its
 *    original, and an entry is reversed at most once.
 * Each post runs in a savepoint, so a refused entry leaves nothing behind even inside a larger
 * transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { connectionCache, type ReadableDB, type WritableDB } from '../db/database';
import {
  findEntryByIdempotencyKey,
  getAccount,
  getEntry,
  insertEntry,
  insertPosting,
  lastPostedAt,
  readBalance,
  reversalOf,
  writeBalance,
  type AccountRow,
} from '../db/ledger.repository';

export const ENTRY_TYPES = [
  'deposit',
  'deposit_reversal',
  'withdrawal_settlement',
  'internal_transfer',
  'fee',
  'trade_settlement',
  'adjustment',
  'reversal',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export interface PostingInput {
  readonly accountId: string;
  /** Signed minor units: positive debits the account, negative credits it. */
  readonly amount: bigint;
}

export interface EntryInput {
  readonly type: EntryType;
  readonly description: string;
  readonly postings: readonly PostingInput[];
  readonly createdBy: string;
  readonly idempotencyKey?: string | undefined;
  readonly sourceType?: string | undefined;
  readonly sourceRef?: string | undefined;
  readonly reversesSeq?: number | undefined;
  /** Allow no-negative accounts to go below zero (a reorg reversal routes shortfalls to suspense instead). */
  readonly allowOverdraft?: boolean;
}

export interface PostedEntry {
  readonly seq: number;
  readonly id: string;
  readonly postedAt: string;
  /** True when the idempotency key had already been applied: nothing new was written. */
  readonly replayed: boolean;
}

/** Normal-side effect of a signed (debit-positive) amount on an account. */
export function normalDelta(account: Pick<AccountRow, 'normal'>, amount: bigint): bigint {
  return account.normal === 'debit' ? amount : -amount;
}

/**
 * What an idempotency key is checked against: sha256 over the entry's content. Internal (never
 * leaves the database), so a plain JSON array in fixed order serves; it is on the posting hot path.
 */
export function contentHash(entry: EntryInput): string {
  const postings: string[] = [];
  for (const p of entry.postings) postings.push(p.accountId, p.amount.toString());
  const text = JSON.stringify([entry.type, entry.description, entry.sourceType ?? null, entry.sourceRef ?? null, entry.reversesSeq ?? null, postings]);
  return createHash('sha256').update(text).digest('hex');
}

/** Entry ids: random, drawn from a pooled buffer (one getrandom call per 1024 ids). */
const idPool = { buffer: Buffer.alloc(0), offset: 0 };
function newEntryId(): string {
  if (idPool.offset + 10 > idPool.buffer.length) {
    idPool.buffer = randomBytes(10 * 1024);
    idPool.offset = 0;
  }
  const id = idPool.buffer.toString('hex', idPool.offset, idPool.offset + 10);
  idPool.offset += 10;
  return `je_${id}`;
}

export class Ledger {
  constructor(private readonly clock: Clock) {}

  /** Accounts never change kind, asset or side once opened, so they are cached per connection. */
  account(db: ReadableDB, id: string): AccountRow {
    const byId = connectionCache<AccountRow>(db, 'accounts-by-id');
    let account = byId.get(id);
    if (!account) {
      account = getAccount(db, id);
      if (!account) throw new VaultlineError('NOT_FOUND', `Unknown account ${id}.`, { issues: [{ path: 'accountId', message: `no account ${id}` }] });
      byId.set(id, account);
    }
    return account;
  }

  post(db: WritableDB, entry: EntryInput): PostedEntry {
    return this.postMany(db, [entry])[0]!;
  }

  /** Post several entries all-or-nothing (one savepoint): an import either lands whole or not at all. */
  postMany(db: WritableDB, entries: readonly EntryInput[]): PostedEntry[] {
    return db.sqlite.transaction(() => {
      let previous = lastPostedAt(db);
      return entries.map((entry) => {
        const posted = this.postOne(db, entry, previous);
        previous = posted.postedAt;
        return posted;
      });
    })();
  }

  private postOne(db: WritableDB, entry: EntryInput, previousPostedAt: string | undefined): PostedEntry {
    if (entry.postings.length < 2) throw new VaultlineError('VALIDATION', 'An entry needs at least two postings.', { issues: [{ path: 'postings', message: 'needs at least two postings' }] });
    if (entry.description.length === 0 || entry.description.length > 500) {
      throw new VaultlineError('VALIDATION', 'An entry needs a description of 1–500 characters.', { issues: [{ path: 'description', message: 'must be 1–500 characters' }] });
    }
    const totals = new Map<string, bigint>();
    const resolved = entry.postings.map((p) => {
      if (p.amount === 0n) throw new VaultlineError('VALIDATION', 'A posting amount must not be zero.', { issues: [{ path: 'postings', message: 'zero amount' }] });
      const account = this.account(db, p.accountId);
      totals.set(account.assetId, (totals.get(account.assetId) ?? 0n) + p.amount);
      return { account, amount: p.amount };
    });
    for (const [asset, total] of totals) {
      if (total !== 0n) {
        throw new VaultlineError('VALIDATION', `The entry does not balance in ${asset}: debits and credits differ by ${total} minor units.`, {
          issues: [{ path: 'postings', message: `unbalanced in ${asset} by ${total}` }],
        });
      }
    }

    const hash = contentHash(entry);
    if (entry.idempotencyKey !== undefined) {
      const existing = findEntryByIdempotencyKey(db, entry.idempotencyKey);
      if (existing) {
        if (existing.contentHash !== hash) {
          throw new VaultlineError('DUPLICATE', `Idempotency key "${entry.idempotencyKey}" was already used for a different entry (${existing.id}); nothing was posted.`);
        }
        return { seq: existing.seq, id: existing.id, postedAt: existing.postedAt, replayed: true };
      }
    }
    if (entry.reversesSeq !== undefined) {
      if (!getEntry(db, entry.reversesSeq)) throw new VaultlineError('NOT_FOUND', `There is no entry ${entry.reversesSeq} to reverse.`);
      const already = reversalOf(db, entry.reversesSeq);
      if (already) throw new VaultlineError('CONFLICT', `Entry ${entry.reversesSeq} was already reversed by ${already.id}.`);
    }

    // Ledger time never runs backwards, so a running balance is also a balance as of that time.
    const now = this.clock.now().toISOString();
    const postedAt = previousPostedAt !== undefined && previousPostedAt > now ? previousPostedAt : now;
    const id = newEntryId();
    const seq = insertEntry(db, {
      id,
      type: entry.type,
      idempotencyKey: entry.idempotencyKey ?? null,
      contentHash: hash,
      description: entry.description,
      sourceType: entry.sourceType ?? null,
      sourceRef: entry.sourceRef ?? null,
      reversesSeq: entry.reversesSeq ?? null,
      postedAt,
      createdBy: entry.createdBy,
    });
    for (const { account, amount } of resolved) {
      const { balance, held } = readBalance(db, account.id);
      const after = balance + normalDelta(account, amount);
      if (!account.allowNegative && !entry.allowOverdraft && after - held < 0n) {
        throw new VaultlineError('INSUFFICIENT_FUNDS', `Account ${account.code} would be overdrawn: available ${balance - held}, change ${normalDelta(account, amount)} (minor units). Nothing was posted.`);
      }
      insertPosting(db, seq, account.id, account.assetId, amount, after, postedAt);
      writeBalance(db, account.id, after, held, seq, postedAt);
    }
    return { seq, id, postedAt, replayed: false };
  }

  /** Change an account's held amount (holds for pending withdrawals); refuses to hold more than is available. */
  adjustHeld(db: WritableDB, accountId: string, delta: bigint): void {
    const account = this.account(db, accountId);
    const { balance, held } = readBalance(db, accountId);
    const nextHeld = held + delta;
    if (nextHeld < 0n) throw new VaultlineError('INTERNAL', `Held amount of ${account.code} would go below zero.`);
    if (delta > 0n && !account.allowNegative && balance - nextHeld < 0n) {
      throw new VaultlineError('INSUFFICIENT_FUNDS', `Account ${account.code} has ${balance - held} available; ${delta} cannot be held (minor units).`);
    }
    writeBalance(db, accountId, balance, nextHeld, null, this.clock.now().toISOString());
  }
}
