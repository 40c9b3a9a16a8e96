/**
 * Unlock, lock and their faults on a real SoftHSM2 token and a real encrypted database file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, CUSTODY, initConsole, newCore, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { ManualClock } from '../../src-main/platform/clock';
import { CustodyKeystore } from '../../src-main/hsm/custody.keystore';
import type { Core } from '../../src-main/core/core';

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('unlock and lock', () => {
  let dir: string;
  let core: Core;
  let clock: ManualClock;

  beforeAll(async () => {
    const made = await initConsole();
    dir = made.dir;
    await made.core.close();
  });
  afterEach(async () => {
    await core?.close();
  });
  afterAll(() => removeDataDir(dir));

  const fresh = (): Core => {
    clock = new ManualClock('2026-03-01T09:00:00.000Z');
    rmSync(join(dir, 'unlock-attempts.json'), { force: true });
    core = newCore(dir, { clock });
    return core;
  };

  it('counts wrong PINs, spaces out attempts after three, and records them in the trail at the next unlock', async () => {
    fresh();
    for (const n of [1, 2, 3]) {
      const result = await call(core, 'console.unlock', { pin: `wrong-${n}` });
      expect(result).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT', message: `The custody token PIN is not correct (${n} failed attempt${n === 1 ? '' : 's'}).` } });
    }
    // Even the right PIN waits now: the token is not asked at all.
    expect(await call(core, 'console.unlock', { pin: CUSTODY.pin })).toMatchObject({ ok: false, error: { code: 'UNLOCK_THROTTLED' } });
    expect((await ok(core, 'console.status', {})).unlockFailures).toBe(3);
    clock.advance(31_000);
    await ok(core, 'console.unlock', { pin: CUSTODY.pin });
    expect((await ok(core, 'console.status', {})).unlockFailures).toBe(0);
    const admin = await unlockAndLogin(core);
    const entries = (await ok(core, 'audit.list', { limit: 20, command: 'console.unlock' }, admin)).entries;
    expect(entries.map((e) => e.errorCode)).toEqual([null, 'UNLOCK_THROTTLED', 'PIN_INCORRECT', 'PIN_INCORRECT', 'PIN_INCORRECT']);
    expect((await ok(core, 'audit.verify', {}, admin)).valid).toBe(true);
  });

  it('flushes the locked-time journal once, even when the process died after the flush committed', async () => {
    fresh();
    clock.advance(3_600_000); // this test's entries are the ones stamped with this hour
    const journal = join(dir, 'audit-pending.jsonl');
    expect(await call(core, 'console.unlock', { pin: 'wrong-a' })).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    const flushedBytes = readFileSync(journal);
    await ok(core, 'console.unlock', { pin: CUSTODY.pin });
    expect(existsSync(journal)).toBe(false);
    await ok(core, 'console.lock', {});
    // As if the process had died between the flush's commit and the journal's removal, and one
    // more wrong PIN came in after the restart.
    writeFileSync(journal, flushedBytes);
    expect(await call(core, 'console.unlock', { pin: 'wrong-b' })).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    await ok(core, 'console.unlock', { pin: CUSTODY.pin });
    const admin = await unlockAndLogin(core);
    const refusals = (await ok(core, 'audit.list', { limit: 50, command: 'console.unlock' }, admin)).entries.filter((e) => e.errorCode === 'PIN_INCORRECT');
    expect(refusals.filter((e) => e.at === clock.now().toISOString())).toHaveLength(2);
    expect((await ok(core, 'audit.verify', {}, admin)).valid).toBe(true);
  });

  it('locks on demand: sessions end and nothing can be read until the next unlock', async () => {
    fresh();
    const admin = await unlockAndLogin(core);
    await ok(core, 'console.lock', {});
    expect(await call(core, 'audit.list', { limit: 1 }, admin)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await ok(core, 'console.unlock', { pin: CUSTODY.pin });
    expect(await call(core, 'audit.list', { limit: 1 }, admin)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('locks itself after the idle timeout (default 5 minutes), not before', async () => {
    fresh();
    const admin = await unlockAndLogin(core);
    clock.advance(4 * 60_000);
    expect(core.checkIdle()).toBe(false);
    await ok(core, 'session.whoami', {}, admin);
    clock.advance(4 * 60_000);
    expect(core.checkIdle()).toBe(false);
    // A front end polling the status (a quiet command) with its session is not activity.
    for (let i = 0; i < 12; i++) {
      clock.advance(5_000);
      await ok(core, 'console.status', {}, admin);
    }
    expect(core.checkIdle()).toBe(true);
    expect((await ok(core, 'console.status', {})).locked).toBe(true);
    const again = await unlockAndLogin(core);
    const idle = (await ok(core, 'audit.list', { limit: 10, command: 'event.idleLock' }, again)).entries;
    expect(idle).toHaveLength(1);
  });

  it('refuses a tampered wrapped key and changes nothing', async () => {
    fresh();
    const keyPath = join(dir, 'db.key.wrapped');
    const original = readFileSync(keyPath, 'utf8');
    const dbHash = sha(join(dir, 'vaultline.db'));
    const file = JSON.parse(original) as { wrapped: string };
    const bytes = Buffer.from(file.wrapped, 'base64');
    bytes[3] = bytes[3]! ^ 0x01;
    writeFileSync(keyPath, JSON.stringify({ ...file, wrapped: bytes.toString('base64') }));
    try {
      expect(await call(core, 'console.unlock', { pin: CUSTODY.pin })).toMatchObject({ ok: false, error: { code: 'DB_KEY_INVALID' } });
      expect(sha(join(dir, 'vaultline.db'))).toBe(dbHash);
    } finally {
      writeFileSync(keyPath, original);
    }
  });

  it('refuses a database key that unwraps but is not this database’s, and changes nothing', async () => {
    fresh();
    const keyPath = join(dir, 'db.key.wrapped');
    const original = readFileSync(keyPath, 'utf8');
    const dbHash = sha(join(dir, 'vaultline.db'));
    const config = JSON.parse(readFileSync(join(dir, 'console.json'), 'utf8')) as { custody: { modulePath: string; wrappingKeyId: string; identityKeyId: string } };
    const store = CustodyKeystore.open(config.custody.modulePath, CUSTODY.label, CUSTODY.pin);
    const other = store.newWrappedSecret(config.custody);
    store.close();
    writeFileSync(keyPath, JSON.stringify({ ...(JSON.parse(original) as object), wrapped: other.toString('base64') }));
    try {
      const result = await call(core, 'console.unlock', { pin: CUSTODY.pin });
      expect(result).toMatchObject({ ok: false, error: { code: 'DB_KEY_INVALID' } });
      if (!result.ok) expect(result.error.message).toContain('Nothing was changed');
      expect(sha(join(dir, 'vaultline.db'))).toBe(dbHash);
    } finally {
      writeFileSync(keyPath, original);
    }
  });

  it('refuses a damaged database file without overwriting it', async () => {
    fresh();
    const dbPath = join(dir, 'vaultline.db');
    const original = readFileSync(dbPath);
    const damaged = Buffer.from(original);
    for (let i = 16; i < 4096; i++) damaged[i] = damaged[i]! ^ 0xff;
    writeFileSync(dbPath, damaged);
    try {
      const result = await call(core, 'console.unlock', { pin: CUSTODY.pin });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['DB_KEY_INVALID', 'DB_CORRUPT']).toContain(result.error.code);
      expect(readFileSync(dbPath).equals(damaged)).toBe(true);
      expect((await ok(core, 'console.status', {})).locked).toBe(true);
    } finally {
      writeFileSync(dbPath, original);
    }
  });

  it('never creates an empty database in place of a missing one', async () => {
    fresh();
    const dbPath = join(dir, 'vaultline.db');
    const moved = `${dbPath}.moved`;
    writeFileSync(moved, readFileSync(dbPath));
    rmSync(dbPath);
    try {
      expect(await call(core, 'console.unlock', { pin: CUSTODY.pin })).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
      expect(existsSync(dbPath)).toBe(false);
    } finally {
      writeFileSync(dbPath, readFileSync(moved));
      rmSync(moved);
    }
  });

  it('names the module path it tried when the PKCS#11 module is missing', async () => {
    fresh();
    await core.close();
    core = newCore(dir, { clock, modulePath: '/opt/hsm/missing-pkcs11.so' });
    const result = await call(core, 'console.unlock', { pin: CUSTODY.pin });
    expect(result).toMatchObject({ ok: false, error: { code: 'HSM_MODULE_MISSING' } });
    if (!result.ok) expect(result.error.message).toContain('/opt/hsm/missing-pkcs11.so');
  });

  it('refuses a second key ceremony in the same directory', async () => {
    fresh();
    const result = await call(core, 'console.init', { consoleName: 'Again', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    expect(result).toMatchObject({ ok: false, error: { code: 'ALREADY_INITIALIZED' } });
  });
});
