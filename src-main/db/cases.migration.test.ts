/** Migration 0008 (cases and SAR filings): notes, history, attachments and exports append-only; a filed report final. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';

describe('migration 0008_cases_sar', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.prepare(`INSERT INTO cases (id, title, status, customer_ids, detected_at, opened_by, opened_at, updated_at) VALUES ('CASE-000001', 'High value', 'open', '["C-1"]', 't', 'anna', 't', 't')`).run();
    db.prepare(
      `INSERT INTO records (id, type, subject_type, subject_id, title, content_type, size, sha256, chunk_size, chunk_count, key_id, nonce_prefix, jurisdiction, retention_basis, retention_years, created_at, created_by)
       VALUES ('rec_1', 'sar', 'case', 'CASE-000001', 'x.pdf', 'application/pdf', 1, 'h', 65536, 1, 'k', x'00', 'EU', 'creation', 5, 't', 'anna')`,
    ).run();
    return db;
  };

  it('keeps notes, history and attachments as written, and every case', () => {
    const db = fresh();
    db.prepare(`INSERT INTO case_notes (case_id, at, by, text) VALUES ('CASE-000001', 't', 'anna', 'first look')`).run();
    expect(() => db.prepare(`UPDATE case_notes SET text = 'edited'`).run()).toThrow(/never edited/);
    expect(() => db.prepare(`DELETE FROM case_notes`).run()).toThrow(/never deleted/);
    db.prepare(`INSERT INTO case_events (case_id, at, by, action, detail) VALUES ('CASE-000001', 't', 'anna', 'opened', '{}')`).run();
    expect(() => db.prepare(`UPDATE case_events SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM case_events`).run()).toThrow(/append-only/);
    db.prepare(`INSERT INTO case_attachments (id, case_id, record_id, file_name, media_type, size, sha256, at, by) VALUES ('att_1', 'CASE-000001', 'rec_1', 'x.pdf', 'application/pdf', 1, 'h', 't', 'anna')`).run();
    expect(() => db.prepare(`UPDATE case_attachments SET file_name = 'y.pdf'`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM cases`).run()).toThrow(/kept/);
    expect(() => db.prepare(`INSERT INTO case_notes (case_id, at, by, text) VALUES ('CASE-404', 't', 'anna', 'x')`).run()).toThrow(/FOREIGN KEY/);
  });

  it('lets a SAR move to filed once and never change after', () => {
    const db = fresh();
    db.prepare(
      `INSERT INTO sar_filings (id, case_id, kind, state, draft, content_sha256, drafted_by, drafted_at, updated_by, updated_at) VALUES ('SAR-000001', 'CASE-000001', 'STR', 'draft', '{}', 'h', 'anna', 't', 'anna', 't')`,
    ).run();
    expect(() => db.prepare(`INSERT INTO sar_filings (id, case_id, kind, state, draft, content_sha256, drafted_by, drafted_at, updated_by, updated_at) VALUES ('SAR-000002', 'CASE-000001', 'SAR', 'draft', '{}', 'h', 'anna', 't', 'anna', 't')`).run()).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO sar_exports (id, sar_id, format, file_name, media_type, size, sha256, record_id, content_sha256, validated, at, by) VALUES ('sx_1', 'SAR-000001', 'goaml', 'f.xml', 'application/xml', 1, 'h', 'rec_1', 'h', 1, 't', 'olga')`).run();
    expect(() => db.prepare(`UPDATE sar_exports SET sha256 = 'x'`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM sar_exports`).run()).toThrow(/immutable/);
    db.prepare(`UPDATE sar_filings SET state = 'approved', approved_by = 'omar', approved_at = 't', approved_sha256 = 'h'`).run();
    db.prepare(`UPDATE sar_filings SET state = 'filed', filed_by = 'omar', filed_at = 't'`).run();
    expect(() => db.prepare(`UPDATE sar_filings SET draft = '{"narrative":"changed"}'`).run()).toThrow(/never changes/);
    expect(() => db.prepare(`DELETE FROM sar_filings`).run()).toThrow(/kept/);
  });
});
