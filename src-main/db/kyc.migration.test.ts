/** Migration 0006 (KYC and screening): history kept as written, one active list version, resolutions final. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';

describe('migration 0006_kyc_screening', () => {
  const fresh = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.prepare(
      `INSERT INTO kyc_customers (id, type, status, legal_name, address_line, address_city, address_country, expected_products, expected_monthly_volume_usd, source_of_funds, pep_declared, profile_digest, profile_version, source, created_at, created_by, updated_at)
       VALUES ('C-1', 'individual', 'pending_review', 'A B', 'l', 'c', 'DE', '[]', 0, 'salary', 0, 'd', 1, 'console', 't', 'op', 't')`,
    ).run();
    db.prepare(`INSERT INTO kyc_events (customer_id, at, actor, kind, detail) VALUES ('C-1', 't', 'op', 'created', '{}')`).run();
    db.prepare(`INSERT INTO screening_lists VALUES ('l1', 'sanctions', 'L1', 0.85, 't')`).run();
    db.prepare(`INSERT INTO screening_list_versions (list_id, version, published_at, format, source, digest, entry_count, added, changed, removed, active, imported_at, imported_by, via) VALUES ('l1', 'v1', 'p1', 'pep-csv', 's', 'd1', 1, 1, 0, 0, 1, 't', 'op', 'console')`).run();
    db.prepare(`INSERT INTO screening_entries (list_id, entry_id, digest, kind, primary_name, data, from_version) VALUES ('l1', 'E1', 'e', 'individual', 'X', '{}', 1)`).run();
    db.prepare(
      `INSERT INTO screening_hits (id, customer_id, subject_type, subject_id, subject_name, subject_digest, list_id, entry_id, entry_row, entry_digest, list_version_id, score, matched_name, explanation, status, raised_at, raised_by)
       VALUES ('h1', 'C-1', 'customer', 'C-1', 'A B', 'd', 'l1', 'E1', 1, 'e', 1, 0.9, 'X', '{}', 'open', 't', 'op')`,
    ).run();
    return db;
  };

  it('keeps the KYC history and risk assessments as written', () => {
    const db = fresh();
    expect(() => db.prepare(`UPDATE kyc_events SET kind = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM kyc_events`).run()).toThrow(/append-only/);
    db.prepare(`INSERT INTO risk_config_versions VALUES (1, '{}', 's', 't')`).run();
    db.prepare(`INSERT INTO risk_assessments (customer_id, config_version, score, level, factors, cdd_level, edd_reasons, review_months, next_review_at, trigger, assessed_at, assessed_by) VALUES ('C-1', 1, 8, 'low', '[]', 'simplified', '[]', 36, 't', 'created', 't', 'op')`).run();
    expect(() => db.prepare(`UPDATE risk_assessments SET score = 90`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM risk_assessments`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`UPDATE risk_config_versions SET document = 'x'`).run()).toThrow(/immutable/);
  });

  it('allows one active version per list, never reactivates one, and closes an entry once', () => {
    const db = fresh();
    const insert = db.prepare(`INSERT INTO screening_list_versions (list_id, version, published_at, format, source, digest, entry_count, added, changed, removed, active, imported_at, imported_by, via) VALUES ('l1', ?, 'p2', 'pep-csv', 's', 'd2', 1, 0, 0, 0, ?, 't', 'op', 'console')`);
    expect(() => insert.run('v2', 1)).toThrow(/UNIQUE/);
    db.prepare(`UPDATE screening_list_versions SET active = 0 WHERE id = 1`).run();
    insert.run('v2', 1);
    expect(() => db.prepare(`UPDATE screening_list_versions SET active = 1 WHERE id = 1`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`UPDATE screening_list_versions SET digest = 'x' WHERE id = 2`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM screening_list_versions WHERE id = 1`).run()).toThrow(/kept/);
    db.prepare(`UPDATE screening_entries SET to_version = 2 WHERE id = 1`).run();
    expect(() => db.prepare(`UPDATE screening_entries SET to_version = 1 WHERE id = 1`).run()).toThrow(/closed/);
    expect(() => db.prepare(`DELETE FROM screening_entries`).run()).toThrow(/kept/);
  });

  it('makes a hit’s resolution final but lets it record a delisting', () => {
    const db = fresh();
    db.prepare(`UPDATE screening_hits SET score = 0.95 WHERE id = 'h1'`).run();
    db.prepare(`UPDATE screening_hits SET status = 'false_positive', resolved_at = 't', resolved_by = 'op', resolution_reason = 'different person' WHERE id = 'h1'`).run();
    expect(() => db.prepare(`UPDATE screening_hits SET status = 'open' WHERE id = 'h1'`).run()).toThrow(/never changed/);
    expect(() => db.prepare(`UPDATE screening_hits SET resolution_reason = 'x' WHERE id = 'h1'`).run()).toThrow(/never changed/);
    db.prepare(`UPDATE screening_hits SET delisted_at = 't2' WHERE id = 'h1'`).run();
    expect(() => db.prepare(`DELETE FROM screening_hits`).run()).toThrow(/kept/);
  });

  it('keeps consent records as written', () => {
    const db = fresh();
    db.prepare(`INSERT INTO kyc_consents (customer_id, kind, granted, given_at, text_version, source, recorded_at) VALUES ('C-1', 'screening', 1, 't', 'v1', 'console', 't')`).run();
    expect(() => db.prepare(`UPDATE kyc_consents SET granted = 0`).run()).toThrow(/immutable/);
    expect(() => db.prepare(`DELETE FROM kyc_consents`).run()).toThrow(/immutable/);
  });
});
