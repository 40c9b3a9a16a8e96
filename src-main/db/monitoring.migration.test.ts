/** Migration 0007 (monitoring): rule versions immutable, history kept, alert evidence and outcomes final, suppressions bounded. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';

describe('migration 0007_monitoring', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.prepare(`INSERT INTO monitoring_rule_versions (version, document, sha256, note, rule_count, state, author, created_at) VALUES (1, '{}', 's', 'n', 1, 'draft', 'op-1', 't')`).run();
    db.prepare(
      `INSERT INTO monitored_transactions (id, seq, at, direction, customer_id, asset_id, amount, usd_cents, counterparty_pep, source_ref, recorded_at) VALUES ('dep:1', 1, '2026-01-01T00:00:00.000Z', 'deposit', 'C-1', 'BTC', '100', '5000', 0, 'x:0', 't')`,
    ).run();
    db.prepare(
      `INSERT INTO monitoring_alerts (id, raised_at, rule_id, rule_version, rule_title, level, level_rank, actions, conditions, tx_id, tx_ref, customer_id, asset_id, amount, usd_cents, usd_key, state)
       VALUES (1, 't', 'high-value', 1, 'High value', 'medium', 2, '[]', '[]', 'dep:1', 'x:0', 'C-1', 'BTC', '100', '5000', '00000000000000005000', 'open')`,
    ).run();
    return db;
  };

  it('keeps rule versions: content immutable, one active, states only move forward', () => {
    const db = fresh();
    expect(() => db.prepare(`UPDATE monitoring_rule_versions SET document = '{"x":1}'`).run()).toThrow(/immutable/);
    db.prepare(`UPDATE monitoring_rule_versions SET state = 'active', approved_by = 'op-2', activated_at = 't2' WHERE version = 1`).run();
    db.prepare(`INSERT INTO monitoring_rule_versions (version, document, sha256, note, rule_count, state, author, created_at) VALUES (2, '{}', 's', 'n', 1, 'draft', 'op-1', 't')`).run();
    expect(() => db.prepare(`UPDATE monitoring_rule_versions SET state = 'active' WHERE version = 2`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`UPDATE monitoring_rule_versions SET state = 'draft' WHERE version = 1`).run()).toThrow(/immutable/);
    db.prepare(`UPDATE monitoring_rule_versions SET state = 'retired' WHERE version = 1`).run();
    expect(() => db.prepare(`UPDATE monitoring_rule_versions SET state = 'active' WHERE version = 1`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM monitoring_rule_versions`).run()).toThrow(/kept/);
  });

  it('keeps monitored transactions, alert evidence and closed outcomes as written', () => {
    const db = fresh();
    expect(() => db.prepare(`UPDATE monitored_transactions SET usd_cents = '1'`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM monitored_transactions`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`UPDATE monitoring_alerts SET conditions = '[1]'`).run()).toThrow(/evidence/);
    db.prepare(`UPDATE monitoring_alerts SET assignee = 'op-3'`).run();
    db.prepare(`UPDATE monitoring_alerts SET state = 'closed', outcome = 'false_positive', close_reason = 'known customer pattern', closed_by = 'op-3', closed_at = 't3'`).run();
    expect(() => db.prepare(`UPDATE monitoring_alerts SET outcome = 'valuable'`).run()).toThrow(/final/);
    db.prepare(`UPDATE monitoring_alerts SET case_id = 'CASE-1'`).run();
    expect(() => db.prepare(`DELETE FROM monitoring_alerts`).run()).toThrow(/kept/);
    db.prepare(`INSERT INTO monitoring_alert_events (alert_id, at, by, action, detail) VALUES (1, 't', 'op', 'raised', '{}')`).run();
    expect(() => db.prepare(`UPDATE monitoring_alert_events SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM monitoring_alert_events`).run()).toThrow(/append-only/);
  });

  it('bounds a suppression to 180 days and revokes it once', () => {
    const db = fresh();
    const insert = db.prepare(`INSERT INTO monitoring_suppressions (customer_id, rule_id, until, reason, case_id, created_by, created_at) VALUES ('C-1', 'high-value', ?, 'reviewed', 'CASE-1', 'op', '2026-01-01T00:00:00.000Z')`);
    expect(() => insert.run('2026-07-01T00:00:00.000Z')).toThrow(/180 days/);
    expect(() => insert.run('2025-12-31T00:00:00.000Z')).toThrow(/180 days/);
    insert.run('2026-06-30T00:00:00.000Z');
    db.prepare(`UPDATE monitoring_suppressions SET revoked_at = 't', revoked_by = 'op', revoke_reason = 'r'`).run();
    expect(() => db.prepare(`UPDATE monitoring_suppressions SET revoked_at = 't2'`).run()).toThrow(/once/);
    expect(() => db.prepare(`DELETE FROM monitoring_suppressions`).run()).toThrow(/kept/);
  });
});
