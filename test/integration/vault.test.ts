/**
 * The record vault on a real SoftHSM2 token and encrypted database: envelope encryption, access
 * logging, integrity failures, SAR confidentiality, retention with legal hold and crypto-shredding,
 * search — and signed audit checkpoints with their tamper cases.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, CUSTODY, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';
import { ManualClock } from '../../src-main/platform/clock';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

describe('record vault', () => {
  let dir: string;
  let core: Core;
  let clock: ManualClock;
  let mlro: CallerContext;
  let analyst: CallerContext;
  let custody: CallerContext;
  let auditor: CallerContext;

  const relogin = async (): Promise<void> => {
    mlro = await unlockAndLogin(core, { username: 'mia', passphrase: 'mia test passphrase', tokenPin: 'mia-pin-1' });
    analyst = await unlockAndLogin(core, { username: 'ann', passphrase: 'ann test passphrase', tokenPin: 'ann-pin-1' });
    custody = await unlockAndLogin(core, { username: 'cal', passphrase: 'cal test passphrase', tokenPin: 'cal-pin-1' });
    auditor = await unlockAndLogin(core, { username: 'aud', passphrase: 'aud test passphrase', tokenPin: 'aud-pin-1' });
  };
  const put = (caller: CallerContext, overrides: Record<string, unknown> = {}) =>
    ok(core, 'vault.records.put', { type: 'correspondence', subjectType: 'customer', subjectId: 'C-1', title: 'Letter', contentType: 'text/plain', contentBase64: b64('hello vault'), ...overrides } as never, caller);
  const sqlite = () => core.console.requireDb().sqlite;

  beforeAll(async () => {
    const tokens = ['mia', 'ann', 'cal', 'aud'].map((u) => ({ label: `t-${u}`, pin: `${u}-pin-1` }));
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, ...tokens]);
    clock = new ManualClock('2026-01-05T09:00:00.000Z');
    core = newCore(dir, { clock });
    await ok(core, 'console.init', { consoleName: 'Vault test', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    const admin = await unlockAndLogin(core);
    await enrol(core, admin, { username: 'mia', roles: ['compliance_officer'], token: tokens[0]! });
    await enrol(core, admin, { username: 'ann', roles: ['compliance_analyst'], token: tokens[1]! });
    await enrol(core, admin, { username: 'cal', roles: ['custody_officer'], token: tokens[2]! });
    await enrol(core, admin, { username: 'aud', roles: ['auditor'], token: tokens[3]! });
    await relogin();
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
  });

  it('stores content sealed (not readable in the database) and reads it back, logging who, when and why', async () => {
    const { record } = await put(analyst, { contentBase64: b64('Passport number X1234567') });
    expect(record).toMatchObject({ size: 24, sha256: createHash('sha256').update('Passport number X1234567').digest('hex'), retentionBasis: 'creation', retentionUntil: '2031-01-05T09:00:00.000Z' });
    const raw = sqlite().prepare('SELECT ciphertext FROM record_chunks WHERE record_id = ?').all(record.id) as { ciphertext: Buffer }[];
    expect(Buffer.concat(raw.map((r) => r.ciphertext)).includes(Buffer.from('X1234567'))).toBe(false);
    const read = await ok(core, 'vault.records.read', { id: record.id, purpose: 'periodic KYC review' }, mlro);
    expect(Buffer.from(read.contentBase64, 'base64').toString()).toBe('Passport number X1234567');
    const log = await ok(core, 'vault.access.list', { recordId: record.id }, auditor);
    expect(log.access).toEqual([{ recordId: record.id, at: clock.now().toISOString(), operatorUsername: 'mia', kind: 'content', purpose: 'periodic KYC review', outcome: 'ok' }]);
    expect(await call(core, 'vault.records.read', { id: record.id, purpose: 'x' }, mlro)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'purpose' }] } });
  });

  it('streams a 25 MB scan from a file, and refuses a larger one', async () => {
    const scan = randomBytes(25 * 1024 * 1024);
    const path = join(dir, 'scan.bin');
    writeFileSync(path, scan);
    const { record } = await ok(core, 'vault.records.importFile', { type: 'kyc', subjectType: 'customer', subjectId: 'C-2', title: 'ID scan', contentType: 'image/png', path }, analyst);
    expect(record).toMatchObject({ size: scan.length, sha256: createHash('sha256').update(scan).digest('hex') });
    const back = await ok(core, 'vault.records.read', { id: record.id, purpose: 'check the scan' }, mlro);
    expect(Buffer.from(back.contentBase64, 'base64').equals(scan)).toBe(true);
    writeFileSync(path, Buffer.alloc(25 * 1024 * 1024 + 1));
    expect(await call(core, 'vault.records.importFile', { type: 'kyc', subjectType: 'customer', subjectId: 'C-2', title: 'Too big', contentType: 'image/png', path }, analyst)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('detects a changed byte in a stored record: error and an integrity alert, never data', async () => {
    const { record } = await put(analyst, { contentBase64: b64('wire instructions') });
    const db = sqlite();
    db.exec('DROP TRIGGER record_chunks_no_update');
    db.prepare("UPDATE record_chunks SET ciphertext = (substr(ciphertext, 1, 3) || X'FF' || substr(ciphertext, 5)) WHERE record_id = ?").run(record.id);
    const result = await call(core, 'vault.records.read', { id: record.id, purpose: 'investigation' }, mlro);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTEGRITY_FAILURE' } });
    expect(JSON.stringify(result)).not.toContain(b64('wire'));
    const alerts = await ok(core, 'integrity.alerts.list', { open: true }, auditor);
    expect(alerts.alerts.find((a) => a.subject === record.id)).toMatchObject({ kind: 'record_integrity', detail: 'chunk 0 was altered' });
    const log = await ok(core, 'vault.access.list', { recordId: record.id }, auditor);
    expect(log.access[0]).toMatchObject({ outcome: 'integrity_failure', operatorUsername: 'mia' });
  });

  it('detects a changed checksum', async () => {
    const { record } = await put(analyst, { contentBase64: b64('risk assessment v1') });
    sqlite().prepare(`UPDATE records SET sha256 = ? WHERE id = ?`).run('0'.repeat(64), record.id);
    expect(await call(core, 'vault.records.read', { id: record.id, purpose: 'investigation' }, mlro)).toMatchObject({ ok: false, error: { code: 'INTEGRITY_FAILURE' } });
  });

  it('keeps SARs invisible outside compliance', async () => {
    const { record } = await put(mlro, { type: 'sar', subjectType: 'case', subjectId: 'CASE-9', title: 'SAR draft' });
    expect((await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: 'CASE-9' }, analyst)).total).toBe(1);
    expect((await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: 'CASE-9' }, custody)).total).toBe(0);
    expect((await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: 'CASE-9' }, auditor)).total).toBe(0);
    expect(await call(core, 'vault.records.read', { id: record.id, purpose: 'curious read' }, custody)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(core, 'vault.records.get', { id: record.id }, auditor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await ok(core, 'vault.records.get', { id: record.id }, analyst)).record.title).toBe('SAR draft');
    // Who read a SAR, and an alert about one, would also tell that it exists.
    await ok(core, 'vault.records.read', { id: record.id, purpose: 'MLRO review of the draft' }, mlro);
    expect((await ok(core, 'vault.access.list', {}, mlro)).access.some((a) => a.recordId === record.id)).toBe(true);
    expect((await ok(core, 'vault.access.list', {}, auditor)).access.some((a) => a.recordId === record.id)).toBe(false);
    sqlite().prepare('UPDATE records SET sha256 = ? WHERE id = ?').run('1'.repeat(64), record.id);
    await call(core, 'vault.records.read', { id: record.id, purpose: 'MLRO second review' }, mlro);
    expect((await ok(core, 'integrity.alerts.list', {}, mlro)).alerts.some((a) => a.subject === record.id)).toBe(true);
    expect((await ok(core, 'integrity.alerts.list', {}, auditor)).alerts.some((a) => a.subject === record.id)).toBe(false);
  });

  it('finds records by name, address and transaction hash however they are typed, and logs each hit', async () => {
    const { record } = await put(analyst, {
      title: 'Travel rule message',
      terms: { names: ['José Álvarez-Núñez'], addresses: ['0x52908400098527886E0F7030069857D2E4169EE7', 'bc1qAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ'], txHashes: ['0xABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789'] },
    });
    const find = async (q: Record<string, string>) => (await ok(core, 'vault.search', { purpose: '314(a) request 2026-17', ...q }, auditor)).records.map((r) => r.id);
    expect(await find({ name: 'nunez jose' })).toEqual([record.id]);
    expect(await find({ name: 'ALVAREZ' })).toEqual([record.id]);
    expect(await find({ name: 'alvarez maria' })).toEqual([]);
    expect(await find({ address: '0x52908400098527886e0f7030069857d2e4169ee7' })).toEqual([record.id]);
    expect(await find({ address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' })).toEqual([record.id]);
    expect(await find({ txHash: 'abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF0123456789' })).toEqual([record.id]);
    expect(await find({ name: 'alvarez', to: '2025-12-31T00:00:00.000Z' })).toEqual([]);
    const log = await ok(core, 'vault.access.list', { recordId: record.id }, auditor);
    expect(log.access.filter((a) => a.kind === 'search' && a.purpose === '314(a) request 2026-17')).toHaveLength(5);
  });

  it('keeps records through retention and legal hold, then shreds them and leaves a tombstone', async () => {
    const kept = (await put(analyst, { subjectId: 'C-3', title: 'Held letter' })).record;
    const gone = (await put(analyst, { subjectId: 'C-3', title: 'Old letter' })).record;
    const kyc = (await put(analyst, { type: 'kyc', subjectId: 'C-3', title: 'KYC file' })).record;
    expect(kyc.retentionUntil).toBeNull();
    expect(await ok(core, 'vault.retention.sweep', {}, mlro)).toEqual({ shredded: [] });
    // Nothing can remove content before its time, not even SQL.
    expect(() => sqlite().prepare('DELETE FROM record_chunks WHERE record_id = ?').run(gone.id)).toThrow(/only by shredding/);
    expect(() => sqlite().prepare('UPDATE records SET shredded_at = ? WHERE id = ?').run(clock.now().toISOString(), gone.id)).toThrow(/cannot be shredded/);
    expect(() => sqlite().prepare('DELETE FROM records WHERE id = ?').run(gone.id)).toThrow(/never deleted/);
    await ok(core, 'vault.legalHold.set', { id: kept.id, hold: true, reason: 'Subpoena 26-CV-1042, preserve all records' }, mlro);
    await ok(core, 'vault.relationship.end', { customerId: 'C-3', endedAt: clock.now().toISOString() }, mlro);
    clock.advance((5 * 366 + 2) * 86_400_000);
    await relogin();
    const swept = await ok(core, 'vault.retention.sweep', {}, mlro);
    const ids = swept.shredded.map((s) => s.id);
    expect(ids).toContain(gone.id);
    expect(ids).toContain(kyc.id);
    expect(ids).not.toContain(kept.id);
    const read = await call(core, 'vault.records.read', { id: gone.id, purpose: 'after retention' }, mlro);
    expect(read).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    if (!read.ok) expect(read.error.message).toContain('tombstone');
    const tombstone = (await ok(core, 'vault.records.list', { subjectId: 'C-3' }, mlro)).records.find((r) => r.id === gone.id);
    expect(tombstone).toMatchObject({ sha256: gone.sha256, shreddedAt: clock.now().toISOString() });
    expect((sqlite().prepare('SELECT count(*) AS n FROM record_chunks WHERE record_id = ?').get(gone.id) as { n: number }).n).toBe(0);
    expect((await ok(core, 'vault.records.read', { id: kept.id, purpose: 'legal hold review' }, mlro)).contentBase64).toBe(b64('hello vault'));
  });

  it('refuses a role that may not manage retention', async () => {
    expect(await call(core, 'vault.retention.sweep', {}, analyst)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(core, 'vault.legalHold.set', { id: `rec_${'0'.repeat(20)}`, hold: true, reason: 'should not be allowed' }, auditor)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('signed audit checkpoints', () => {
  let dir: string;
  let core: Core;
  let admin: CallerContext;

  beforeAll(async () => {
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }]);
    core = newCore(dir);
    await ok(core, 'console.init', { consoleName: 'Checkpoint test', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    admin = await unlockAndLogin(core);
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
  });

  it('signs a checkpoint at lock and on demand, and verifies chain and checkpoints', async () => {
    await ok(core, 'console.lock', {});
    admin = await unlockAndLogin(core);
    for (let i = 0; i < 5; i++) await ok(core, 'operators.list', {}, admin);
    const made = await ok(core, 'audit.checkpoint', {}, admin);
    expect(made.checkpoint).not.toBeNull();
    const list = await ok(core, 'audit.checkpoints.list', {}, admin);
    expect(list.checkpoints.length).toBeGreaterThanOrEqual(2);
    const verdict = await ok(core, 'audit.verify', {}, admin);
    expect(verdict).toMatchObject({ valid: true, firstBadCheckpointSeq: null, checkpointProblem: null });
    expect(verdict.checkpoints).toBe(list.checkpoints.length);
    expect(verdict.lastCheckpointSeq).toBe(made.checkpoint!.seq);
  });

  it('points at the first changed audit row', async () => {
    const db = core.console.requireDb().sqlite;
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET outcome = 'refused' WHERE seq = 3").run();
    const verdict = await ok(core, 'audit.verify', {}, admin);
    expect(verdict).toMatchObject({ valid: false, firstBrokenSeq: 3 });
    db.prepare("UPDATE audit_log SET outcome = 'ok' WHERE seq = 3").run();
    expect((await ok(core, 'audit.verify', {}, admin)).valid).toBe(true);
  });

  it('detects a changed checkpoint: its signature, or the head it claims', async () => {
    const db = core.console.requireDb().sqlite;
    db.exec('DROP TRIGGER audit_checkpoints_no_update');
    const [first] = db.prepare('SELECT seq, signature, head_hash AS headHash FROM audit_checkpoints ORDER BY seq LIMIT 1').all() as { seq: number; signature: string; headHash: string }[];
    const flipped = `${first!.signature.slice(0, 20)}${first!.signature[20] === '0' ? '1' : '0'}${first!.signature.slice(21)}`;
    db.prepare('UPDATE audit_checkpoints SET signature = ? WHERE seq = ?').run(flipped, first!.seq);
    expect(await ok(core, 'audit.verify', {}, admin)).toMatchObject({ firstBadCheckpointSeq: first!.seq });
    db.prepare('UPDATE audit_checkpoints SET signature = ?, head_hash = ? WHERE seq = ?').run(first!.signature, 'f'.repeat(64), first!.seq);
    const verdict = await ok(core, 'audit.verify', {}, admin);
    expect(verdict.firstBadCheckpointSeq).toBe(first!.seq);
    expect(verdict.checkpointProblem).toMatch(/changed/);
  });
});
