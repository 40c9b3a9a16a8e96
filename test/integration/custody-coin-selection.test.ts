/**
 * Coin selection over a wallet with thousands of coins (real SoftHSM2 token, encrypted database): the
 * `wallet_utxos_selection` index of migration 0013 serves `availableUtxos` as an index walk (EXPLAIN QUERY PLAN:
 * the index, no temporary B-tree), and the order is the one coin selection has always used — largest amount
 * first by integer value (not text: '9' is smaller than '10'), ties by txid then vout — over available coins of
 * that wallet only, whole or paged the way the signing path pages it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src-main/db/database';
import { availableUtxos, availableUtxosSql, upsertUtxo, type UtxoRow } from '../../src-main/db/custody.repository';
import type { Core } from '../../src-main/core/core';
import { initConsole, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';

const OFFICER = { username: 'coins.officer', token: { label: 'coins-officer', pin: 'officer-1234' } };
const N = 3000;

/** A deterministic generator (xorshift32), so a failure is reproducible. */
const rng = (seed: number) => () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};

const byCoinSelectionOrder = (a: UtxoRow, b: UtxoRow): number => {
  const x = BigInt(a.amount);
  const y = BigInt(b.amount);
  if (x !== y) return x > y ? -1 : 1;
  if (a.txid !== b.txid) return a.txid < b.txid ? -1 : 1;
  return a.vout - b.vout;
};

describe('custody coin selection', () => {
  let dir: string;
  let core: Core;
  let walletId: string;
  let otherWalletId: string;
  let expected: UtxoRow[];

  beforeAll(async () => {
    ({ dir, core } = await initConsole([OFFICER.token]));
    const admin = await unlockAndLogin(core);
    const officer = await enrol(core, admin, { username: OFFICER.username, roles: ['custody_officer'], token: OFFICER.token });
    walletId = (await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'Coins hot' }, officer)).wallet.id;
    otherWalletId = (await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'cold', scheme: 'hsm', label: 'Coins cold' }, officer)).wallet.id;
    const address = (await ok(core, 'custody.addresses.new', { walletId, count: 1 }, officer)).addresses[0]!.address;
    const otherAddress = (await ok(core, 'custody.addresses.new', { walletId: otherWalletId, count: 1 }, officer)).addresses[0]!.address;
    const random = rng(0x5eed);
    const hex64 = () => Array.from({ length: 8 }, () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')).join('');
    // Amounts of 1 to 11 digits (text order and integer order disagree), a third of them from a few shared values
    // (ties the outpoint decides), some outpoints with several outputs, some coins reserved or spent, some in
    // another wallet of the same asset.
    const shared = ['100000', '99999', '2100000000', '5'];
    const rows: UtxoRow[] = [];
    for (let i = 0; i < N; i++) {
      const amount = random() < 1 / 3 ? shared[Math.floor(random() * shared.length)]! : String(1 + Math.floor(random() * 10 ** (1 + Math.floor(random() * 11)))).slice(0, 11);
      const status = i % 10 === 3 ? 'reserved' : i % 10 === 7 ? 'spent' : 'available';
      const other = i % 9 === 0;
      const txid = i % 4 === 1 ? rows[i - 1]!.txid : hex64();
      const vout = i % 4 === 1 ? rows[i - 1]!.vout + 1 : Math.floor(random() * 3);
      rows.push({ txid, vout, walletId: other ? otherWalletId : walletId, address: other ? otherAddress : address, amount, prevTxHex: '00', status, reservedBy: status === 'reserved' ? 'W-test' : null, seenAt: '2026-04-01T09:00:00.000Z' });
    }
    const db = core.console.requireDb();
    await inTransaction(db, () => {
      for (const row of rows) upsertUtxo(db, row);
    });
    expected = rows.filter((r) => r.walletId === walletId && r.status === 'available').sort(byCoinSelectionOrder);
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    if (dir) removeDataDir(dir);
  });

  it('gives the wallet’s available coins, largest integer amount first, ties by txid then vout', () => {
    const got = availableUtxos(core.console.requireDb(), walletId);
    expect(expected.length).toBeGreaterThan(N / 2);
    expect(got.map((u) => `${u.amount} ${u.txid}:${u.vout}`)).toEqual(expected.map((u) => `${u.amount} ${u.txid}:${u.vout}`));
    expect(got.every((u) => u.walletId === walletId && u.status === 'available')).toBe(true);
    // Text order would put '99999' above '2100000000'; integer order does not.
    expect(BigInt(got[0]!.amount) >= BigInt(got[got.length - 1]!.amount)).toBe(true);
    expect(got.findIndex((u) => u.amount === '2100000000')).toBeLessThan(got.findIndex((u) => u.amount === '99999'));
  });

  it('pages the same order the way the signing path reads it (growing pages), and odd windows are slices of it', () => {
    const db = core.console.requireDb();
    const paged: UtxoRow[] = [];
    for (let offset = 0, page = 8; ; offset += page, page *= 4) {
      const rows = availableUtxos(db, walletId, page, offset);
      paged.push(...rows);
      if (rows.length < page) break;
    }
    expect(paged).toEqual(expected);
    expect(availableUtxos(db, walletId, 137, 911)).toEqual(expected.slice(911, 911 + 137));
    expect(availableUtxos(db, walletId, 10, expected.length)).toEqual([]);
  });

  it('walks the wallet_utxos_selection index for the order (no temporary B-tree), for the query availableUtxos runs', () => {
    const db = core.console.requireDb();
    const plan = (limit: number, offset: number) => {
      const query = availableUtxosSql(db, walletId, limit, offset);
      return db.sqlite
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
        .all(...query.params)
        .map((r) => r.detail)
        .join(' | ');
    };
    for (const [limit, offset] of [[8, 0], [512, 40], [-1, 0]] as const) {
      const detail = plan(limit, offset);
      expect(detail).toMatch(/USING INDEX wallet_utxos_selection \(wallet_id=\? AND status=\?\)/);
      expect(detail).not.toMatch(/TEMP B-TREE/);
    }
  });
});
