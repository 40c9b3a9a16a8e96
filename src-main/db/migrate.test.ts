import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrate';

const dir = join(import.meta.dirname, 'migrations');

describe('migrations', () => {
  it('embeds exactly the committed SQL files (run npm run db:generate after changing the schema)', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
    expect(MIGRATIONS.map((m) => m.name)).toEqual(files.map((f) => f.replace(/\.sql$/, '')));
    for (const m of MIGRATIONS) expect(m.sql).toBe(readFileSync(join(dir, `${m.name}.sql`), 'utf8'));
  });

  it('applies every migration once and refuses a changed one', () => {
    const db = new Database(':memory:');
    migrate(db);
    migrate(db);
    const applied = db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[];
    expect(applied.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const changed = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => migrate(db, changed)).toThrow(/differs from the one applied/);
  });

  it('refuses a database written by a newer version', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES ('9999_future', 'x', 'now')").run();
    expect(() => migrate(db)).toThrow(/newer Vaultline/);
  });

  it('makes the audit trail append-only', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare(`INSERT INTO audit_log VALUES (1, 't', NULL, NULL, 'c', 'd', 'ok', NULL, 'p', 'h')`).run();
    expect(() => db.prepare(`UPDATE audit_log SET command = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
  });
});
