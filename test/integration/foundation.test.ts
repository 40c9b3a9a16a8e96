import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, CUSTODY, initConsole, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

describe('foundation: init, unlock, login, audit', () => {
  let dir: string;
  let core: Core;
  let admin: CallerContext;

  beforeAll(async () => {
    ({ dir, core } = await initConsole([{ label: 'test-op-frank', pin: 'frank-1234' }]));
    admin = await unlockAndLogin(core);
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
  });

  it('keeps the database and the wrapped key owner-only', () => {
    expect(statSync(join(dir, 'vaultline.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'db.key.wrapped')).mode & 0o777).toBe(0o600);
  });

  it('reports an initialised, unlocked console', async () => {
    const status = await ok(core, 'console.status', {});
    expect(status).toMatchObject({ initialized: true, locked: false, custodyTokenLabel: CUSTODY.label });
    expect(status.identityFingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  });

  it('audits the login and keeps the chain valid', async () => {
    const list = await ok(core, 'audit.list', { limit: 50 }, admin);
    const commandsSeen = list.entries.map((e) => e.command);
    expect(commandsSeen).toContain('session.login');
    expect(commandsSeen).toContain('console.unlock');
    expect(commandsSeen).toContain('console.init');
    const login = list.entries.find((e) => e.command === 'session.login');
    expect(login).toMatchObject({ operatorUsername: ADMIN.username, outcome: 'ok' });
    const verdict = await ok(core, 'audit.verify', {}, admin);
    expect(verdict).toMatchObject({ valid: true, firstBrokenSeq: null });
    expect(verdict.entries).toBeGreaterThanOrEqual(3);
  });

  it('enrols an auditor who can then sign in with their own token', async () => {
    const created = await ok(core, 'operators.create', {
      username: 'frank',
      displayName: 'Frank Auditor',
      roles: ['auditor'],
      passphrase: 'frank passphrase 1',
      tokenLabel: 'test-op-frank',
      tokenPin: 'frank-1234',
    }, admin);
    expect(created.operator.keyFingerprint).toMatch(/^[0-9a-f ]+$/);
    const frank = await unlockAndLogin(core, { username: 'frank', passphrase: 'frank passphrase 1', tokenPin: 'frank-1234' });
    const who = await ok(core, 'session.whoami', {}, frank);
    expect(who.operator.roles).toEqual(['auditor']);
    const denied = await call(core, 'operators.create', { username: 'x-y-z', displayName: 'X', roles: ['auditor'], passphrase: 'abcdefghijkl', tokenLabel: 'none', tokenPin: '1234' }, frank);
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses an admin who also holds an approval role', async () => {
    const result = await call(core, 'operators.create', { username: 'mixed', displayName: 'Mixed', roles: ['admin', 'custody_officer'], passphrase: 'abcdefghijkl', tokenLabel: 'none', tokenPin: '1234' }, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'roles' }] } });
  });

  it('rejects a wrong passphrase without saying which part was wrong', async () => {
    const result = await call(core, 'session.login', { username: ADMIN.username, passphrase: 'not the passphrase', tokenPin: ADMIN.tokenPin });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', message: 'Unknown operator or wrong passphrase.' } });
  });
});
