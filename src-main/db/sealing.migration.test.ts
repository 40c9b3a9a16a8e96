/** Migration 0015 (sealed outbound items): envelopes and node encryption keys are kept as they were. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';

describe('migration 0015_sealed_outbound_items', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.prepare(`INSERT INTO bundle_items (bundle_id, direction, item_id, type, content_type, size, sha256, status, module, note, created_at) VALUES (NULL, 'outbound', 'sealed-1', 'filed-report', 'application/json', 2, 's', 'queued', 'm', NULL, 't')`).run();
    return db;
  };
  const key = (db: Database.Database, id: string, fingerprint: string, status = 'current') =>
    db.prepare(`INSERT INTO node_encryption_keys VALUES (?, 'node-1', 'pk', ?, 'sf', 'b', 'i', 't', 't', ?, NULL)`).run(id, fingerprint, status);

  it('seals a queued item once; its envelope never changes', () => {
    const db = fresh();
    db.prepare(`INSERT INTO bundle_item_sealed_chunks VALUES (1, 0, x'00')`).run();
    db.prepare(`UPDATE bundle_items SET sealed_to = 'k1', sealed_size = 1, sealed_sha256 = 'h' WHERE id = 1`).run();
    expect(() => db.prepare(`UPDATE bundle_items SET sealed_to = 'k2' WHERE id = 1`).run()).toThrow(/stays sealed/);
    expect(() => db.prepare(`UPDATE bundle_items SET sealed_sha256 = 'x' WHERE id = 1`).run()).toThrow(/stays sealed/);
    expect(() => db.prepare(`UPDATE bundle_items SET sealed_to = NULL WHERE id = 1`).run()).toThrow(/stays sealed/);
    expect(() => db.prepare(`UPDATE bundle_item_sealed_chunks SET data = x'01'`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM bundle_item_sealed_chunks`).run()).toThrow(/immutable/);
  });

  it('keeps one current encryption key; a key only moves from current to replaced and is never deleted', () => {
    const db = fresh();
    key(db, 'e1', 'f1');
    expect(() => key(db, 'e2', 'f2')).toThrow(/UNIQUE/);
    db.prepare(`UPDATE node_encryption_keys SET status = 'replaced', replaced_at = 't2' WHERE id = 'e1'`).run();
    key(db, 'e2', 'f2');
    expect(() => db.prepare(`UPDATE node_encryption_keys SET status = 'current' WHERE id = 'e1'`).run()).toThrow(/current to replaced/);
    expect(() => db.prepare(`UPDATE node_encryption_keys SET public_key = 'other' WHERE id = 'e2'`).run()).toThrow(/current to replaced/);
    expect(() => db.prepare(`DELETE FROM node_encryption_keys`).run()).toThrow(/kept/);
  });
});
