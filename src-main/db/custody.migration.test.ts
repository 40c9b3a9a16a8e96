/** Migration 0013 (coin selection index): upgrades a 0012 database with coins in it; coin selection then walks the index. */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import { availableUtxos, availableUtxosSql } from './custody.repository';
import type { ReadableDB } from './database';
import { migrate, MIGRATIONS } from './migrate';
import * as schema from './schema';

describe('migration 0013_custody_coin_selection_index', () => {
  it('upgrades a 0012 database with coins: same rows, same order, and the sort becomes an index walk', () => {
    const sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = ON');
    migrate(sqlite, MIGRATIONS.filter((m) => m.name < '0013'));
    sqlite.prepare(`INSERT INTO wallets (id, asset_id, chain, network, role, scheme, label, created_at, created_by) VALUES ('W-1', 'BTC', 'bitcoin', 'mainnet', 'hot', 'hsm', 'hot', 't', 'op')`).run();
    const insert = sqlite.prepare(`INSERT INTO wallet_utxos (txid, vout, wallet_id, address, amount, prev_tx_hex, status, seen_at) VALUES (?, ?, 'W-1', 'bc1q', ?, '00', ?, 't')`);
    for (const [txid, vout, amount, status] of [['bb', 0, '9', 'available'], ['aa', 1, '10', 'available'], ['aa', 0, '10', 'available'], ['cc', 0, '500', 'spent'], ['dd', 0, '75', 'available']] as const) {
      insert.run(txid, vout, amount, status);
    }
    const db = { orm: drizzle(sqlite, { schema }), sqlite } as unknown as ReadableDB;
    const plan = () => {
      const query = availableUtxosSql(db, 'W-1', 8, 0);
      return (sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    };
    const order = () => availableUtxos(db, 'W-1').map((u) => `${u.txid}:${u.vout}`);
    // Before: the (wallet_id, status) index finds the coins, then a temporary B-tree sorts all of them.
    expect(plan()).toMatch(/TEMP B-TREE/);
    const before = order();
    expect(before).toEqual(['dd:0', 'aa:0', 'aa:1', 'bb:0']);

    migrate(sqlite);
    const indexes = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'wallet_utxos' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(['wallet_utxos_selection']);
    expect(plan()).toMatch(/USING INDEX wallet_utxos_selection/);
    expect(plan()).not.toMatch(/TEMP B-TREE/);
    expect(order()).toEqual(before);
    expect((sqlite.prepare('SELECT count(*) AS n FROM wallet_utxos').get() as { n: number }).n).toBe(5);
  });
});
