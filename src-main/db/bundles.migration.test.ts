/** Migration 0003 (bundles): the history is append-only and items only move forward. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';

describe('migration 0003_bundles', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.prepare(
      `INSERT INTO bundles VALUES ('b1', 'inbound', 1, 'h1', 'p', 'node', 'Node', 'f', 'vl_x', 'g', 't', 't', 'op', 1, 10, 1, 0, 'f.zip', 100, '{}', 'sig', 'i')`,
    ).run();
    db.prepare(`INSERT INTO bundle_items (bundle_id, direction, item_id, type, content_type, size, sha256, status, module, note, created_at) VALUES ('b1', 'inbound', 'a', 'chain-event', 'application/json', 2, 's', 'deferred', 'm', NULL, 't')`).run();
    db.prepare(`INSERT INTO bundle_items (bundle_id, direction, item_id, type, content_type, size, sha256, status, module, note, created_at) VALUES (NULL, 'outbound', 'q', 'acknowledgement', 'application/json', 2, 's', 'queued', 'm', NULL, 't')`).run();
    db.prepare(`INSERT INTO bundle_item_chunks VALUES (1, 0, x'7b7d')`).run();
    return db;
  };

  it('keeps recorded bundles, their items and their bytes', () => {
    const db = fresh();
    expect(() => db.prepare(`UPDATE bundles SET sequence = 2`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM bundles`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM bundle_items WHERE item_id = 'a'`).run()).toThrow(/kept/);
    expect(() => db.prepare(`UPDATE bundle_item_chunks SET data = x'00'`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM bundle_item_chunks`).run()).toThrow(/immutable/);
  });

  it('lets items move forward only: deferred → applied, queued → sent; never their content', () => {
    const db = fresh();
    db.prepare(`UPDATE bundle_items SET status = 'applied' WHERE item_id = 'a'`).run();
    expect(() => db.prepare(`UPDATE bundle_items SET status = 'deferred' WHERE item_id = 'a'`).run()).toThrow(/forward/);
    expect(() => db.prepare(`UPDATE bundle_items SET sha256 = 'x' WHERE item_id = 'a'`).run()).toThrow(/forward/);
    db.prepare(`UPDATE bundle_items SET status = 'sent', bundle_id = 'b1' WHERE item_id = 'q'`).run();
    expect(() => db.prepare(`UPDATE bundle_items SET bundle_id = NULL WHERE item_id = 'q'`).run()).toThrow(/forward/);
  });

  it('allows one active online-node key at a time', () => {
    const db = fresh();
    const key = db.prepare(`INSERT INTO node_keys VALUES (?, 'n', 'N', 's', ?, 'active', NULL, NULL, 't', NULL, NULL, NULL)`);
    key.run('k1', 'f1');
    expect(() => key.run('k2', 'f2')).toThrow(/UNIQUE/);
  });
});
