/**
 * Ledger figures (issue 4):
 *  - posting throughput through the ledger's own API vs raw prepared INSERTs of the same rows into
 *    the same encrypted database, in the same run (target ratio ≥ 0.7);
 *  - balance lookup, balance as of a past time, and a customer statement page at 1M and at 10M
 *    postings: constant in the size of history.
 * VAULTLINE_BENCH_POSTINGS (default 10000000) sets the large history size.
 */
import { randomBytes, createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CUSTODY, initConsole, removeDataDir } from '../test/helpers/dev-data';
import { inTransaction } from '../src-main/db/database';
import { balanceAsOf, readBalance, statementPage } from '../src-main/db/ledger.repository';
import type { EntryInput } from '../src-main/ledger/ledger';
import { figure, time, type Figure } from './harness';

const CUSTOMERS = 1_000;
const THROUGHPUT_ENTRIES = 40_000;
const BATCH = 1_000;

/** Writes the same rows the ledger writes (entry, two postings, two balance updates), with no checks. */
class RawWriter {
  readonly #entry: Database.Statement;
  readonly #posting: Database.Statement;
  readonly #balance: Database.Statement;
  readonly #balances = new Map<string, bigint>();
  constructor(private readonly sqlite: Database.Database) {
    this.#entry = sqlite.prepare(
      `INSERT INTO journal_entries (id, type, idempotency_key, content_hash, description, source_type, source_ref, reverses_seq, posted_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    );
    this.#posting = sqlite.prepare('INSERT INTO postings (entry_seq, account_id, asset_id, amount, balance_after, posted_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.#balance = sqlite.prepare('UPDATE account_balances SET balance = ?, last_entry_seq = ?, updated_at = ? WHERE account_id = ?');
    for (const row of sqlite.prepare('SELECT account_id AS id, balance FROM account_balances').all() as { id: string; balance: string }[]) this.#balances.set(row.id, BigInt(row.balance));
  }
  write(e: EntryInput, normal: (accountId: string) => 1n | -1n, postedAt: string, hash: string, id: string): void {
    const seq = Number(this.#entry.run(id, e.type, e.idempotencyKey ?? null, hash, e.description, e.sourceType ?? null, e.sourceRef ?? null, postedAt, e.createdBy).lastInsertRowid);
    for (const p of e.postings) {
      const after = (this.#balances.get(p.accountId) ?? 0n) + normal(p.accountId) * p.amount;
      this.#balances.set(p.accountId, after);
      this.#posting.run(seq, p.accountId, 'BTC', p.amount.toString(), after.toString(), postedAt);
      this.#balance.run(after.toString(), seq, postedAt, p.accountId);
    }
  }
}

export async function ledgerBenchmarks(): Promise<Figure[]> {
  const large = Number(process.env.VAULTLINE_BENCH_POSTINGS ?? 10_000_000);
  const { dir, core } = await initConsole();
  try {
    const unlocked = await core.bus.invoke('console.unlock', { pin: CUSTODY.pin }, { host: 'test' });
    if (!unlocked.ok) throw new Error(unlocked.error.message);
    const db = core.console.requireDb();
    const { ledger, accounts } = core.ledger;
    const hot = await inTransaction(db, () => accounts.ensure(db, 'wallet_hot', 'BTC'));
    const customers = await inTransaction(db, () => Array.from({ length: CUSTOMERS }, (_, i) => accounts.ensure(db, 'customer', 'BTC', `B-${i}`)));
    const normal = (id: string): 1n | -1n => (id === hot.id ? 1n : -1n);

    let n = 0;
    const deposit = (): EntryInput => {
      n += 1;
      const amount = BigInt(1_000 + (n % 50_000));
      return {
        type: 'deposit',
        description: `Deposit ${n}`,
        idempotencyKey: `bench-deposit:${n}`,
        sourceType: 'deposit',
        sourceRef: `dep_${n}`,
        createdBy: 'bench',
        postings: [
          { accountId: hot.id, amount },
          { accountId: customers[n % CUSTOMERS]!.id, amount: -amount },
        ],
      };
    };

    // ── throughput: ledger API vs raw inserts, alternating rounds so both see the same file size ──
    const raw = new RawWriter(db.sqlite);
    let apiMs = 0;
    let rawMs = 0;
    for (let round = 0; round < THROUGHPUT_ENTRIES / BATCH; round++) {
      const apiBatch = Array.from({ length: BATCH }, deposit);
      let t = performance.now();
      await inTransaction(db, () => ledger.postMany(db, apiBatch));
      apiMs += performance.now() - t;
      const rawBatch = Array.from({ length: BATCH }, deposit);
      const ids = rawBatch.map(() => `je_${randomBytes(10).toString('hex')}`);
      const hashes = rawBatch.map((e) => createHash('sha256').update(e.description).digest('hex'));
      const at = new Date().toISOString();
      t = performance.now();
      db.sqlite.transaction(() => rawBatch.forEach((e, i) => raw.write(e, normal, at, hashes[i]!, ids[i]!)))();
      rawMs += performance.now() - t;
    }
    const apiRate = (THROUGHPUT_ENTRIES * 1000) / apiMs;
    const rawRate = (THROUGHPUT_ENTRIES * 1000) / rawMs;
    const figures: Figure[] = [figure('posting throughput through the ledger API (entries of 2 postings)', 'entries/s', apiRate, 'raw prepared INSERTs of the same rows', rawRate, 'higher', { target: '≥ 0.7' })];

    // ── lookups as history grows: measured at 1M postings and at the large size ──
    const probe = customers[7]!;
    const lookups = async (): Promise<{ balance: number; asOf: number; page: number }> => {
      const midpoint = new Date(Date.now() - 60_000).toISOString();
      return {
        balance: (await time(20_000, () => readBalance(db, probe.id))).meanMs * 1000,
        asOf: (await time(5_000, () => balanceAsOf(db, probe.id, midpoint))).meanMs * 1000,
        page: (await time(2_000, () => statementPage(db, probe.id, { afterId: 1000 }, 100))).meanMs * 1000,
      };
    };
    const grow = (targetPostings: number): void => {
      const current = (db.sqlite.prepare('SELECT max(id) AS n FROM postings').get() as { n: number }).n;
      const entries = Math.max(0, Math.floor((targetPostings - current) / 2));
      const at = new Date(Date.now() - 120_000).toISOString();
      for (let done = 0; done < entries; done += 50_000) {
        const size = Math.min(50_000, entries - done);
        db.sqlite.transaction(() => {
          for (let i = 0; i < size; i++) {
            const e = deposit();
            raw.write(e, normal, at, e.idempotencyKey!, `je_${n.toString(16).padStart(20, '0')}`);
          }
        })();
      }
    };
    grow(1_000_000);
    const atMillion = await lookups();
    process.stdout.write(`  history grown to 1M postings; growing to ${large.toLocaleString('en')}…\n`);
    grow(large);
    const atLarge = await lookups();
    const label = `${(large / 1e6).toFixed(0)}M`;
    figures.push(
      figure(`balance lookup at ${label} postings`, 'µs', atLarge.balance, 'same lookup at 1M postings', atMillion.balance, 'lower'),
      figure(`balance as of a past time at ${label} postings`, 'µs', atLarge.asOf, 'same at 1M postings', atMillion.asOf, 'lower'),
      figure(`customer statement page (100 lines) at ${label} postings`, 'µs', atLarge.page, 'same page at 1M postings', atMillion.page, 'lower'),
    );
    return figures;
  } finally {
    await core.close();
    removeDataDir(dir);
  }
}
