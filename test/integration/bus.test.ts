/**
 * The bus's refusals, on a real console (SoftHSM2 token, encrypted database): each refusal has a
 * clear code and is written to the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, initConsole, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';

describe('bus refusals', () => {
  let dir: string;
  let core: Core;
  let admin: CallerContext;
  const custody = { label: 'test-op-carl', pin: 'carl-12345' };

  beforeAll(async () => {
    ({ dir, core } = await initConsole([custody]));
    admin = await unlockAndLogin(core);
    await ok(core, 'operators.create', { username: 'carl', displayName: 'Carl Custody', roles: ['custody_officer'], passphrase: 'carl passphrase 1', tokenLabel: custody.label, tokenPin: custody.pin }, admin);
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
  });

  const lastEntry = async () => (await ok(core, 'audit.list', { limit: 1 }, admin)).entries[0]!;

  it('names every invalid field and writes the refusal to the trail', async () => {
    const result = await call(core, 'operators.create', { username: 'X', displayName: '', roles: [], passphrase: 'short', tokenLabel: 'ok', tokenPin: '1' }, admin);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.issues?.map((i) => i.path).sort()).toEqual(['displayName', 'passphrase', 'roles', 'tokenPin', 'username']);
    expect(result.error.message).not.toContain('short');
    expect(await lastEntry()).toMatchObject({ command: 'operators.create', outcome: 'refused', errorCode: 'VALIDATION', operatorUsername: ADMIN.username });
  });

  it('refuses unknown input fields instead of ignoring them', async () => {
    const result = await call(core, 'audit.list', { limit: 5, sneaky: true } as never, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses an unknown command and audits it under a sanitised name', async () => {
    const result = await core.bus.invoke('ledger.eraseEverything<script>', {}, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await lastEntry()).toMatchObject({ command: 'unknown:ledger.eraseEverything?script?', outcome: 'refused', errorCode: 'UNKNOWN_COMMAND' });
  });

  it('refuses a call without a session, and one with a forged handle', async () => {
    expect(await call(core, 'audit.list', { limit: 1 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call(core, 'audit.list', { limit: 1 }, { host: 'test', sessionHandle: 'forged' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await lastEntry()).toMatchObject({ command: 'audit.list', outcome: 'refused', errorCode: 'UNAUTHENTICATED', operatorId: null });
  });

  it('refuses a role that is not allowed and says which roles are', async () => {
    const carl = await unlockAndLogin(core, { username: 'carl', passphrase: 'carl passphrase 1', tokenPin: custody.pin });
    const result = await call(core, 'operators.list', {}, carl);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!result.ok) expect(result.error.message).toContain('admin, auditor');
    expect(await lastEntry()).toMatchObject({ command: 'operators.list', outcome: 'refused', errorCode: 'FORBIDDEN', operatorUsername: 'carl' });
  });

  it('answers the operator directory to any signed-in operator: who they are, nothing secret', async () => {
    const carl = await unlockAndLogin(core, { username: 'carl', passphrase: 'carl passphrase 1', tokenPin: custody.pin });
    const { operators } = await ok(core, 'operators.directory', {}, carl);
    const carlRow = operators.find((o) => o.username === 'carl');
    expect(carlRow).toEqual({ id: expect.stringMatching(/^op_/) as unknown, username: 'carl', displayName: 'Carl Custody', roles: ['custody_officer'], status: 'active' });
    expect(operators.map((o) => o.username)).toContain(ADMIN.username);
    for (const o of operators) expect(Object.keys(o).sort()).toEqual(['displayName', 'id', 'roles', 'status', 'username']);
    const anonymous = await call(core, 'operators.directory', {});
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps secrets out of results and the trail, and names who failed to sign in', async () => {
    const result = await call(core, 'session.login', { username: 'carl', passphrase: 'carl passphrase 1', tokenPin: 'wrong-pin' });
    expect(result).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    expect(await lastEntry()).toMatchObject({ command: 'session.login', outcome: 'refused', operatorUsername: 'carl' });
    await call(core, 'session.login', { username: 'nobody', passphrase: 'whatever passphrase', tokenPin: '1234' });
    expect(await lastEntry()).toMatchObject({ command: 'session.login', errorCode: 'BAD_CREDENTIALS', operatorUsername: null });
    const trail = JSON.stringify((await ok(core, 'audit.list', { limit: 1000 }, admin)).entries);
    for (const secret of ['carl passphrase 1', 'wrong-pin', custody.pin, ADMIN.passphrase, ADMIN.tokenPin]) {
      expect(trail).not.toContain(secret);
      expect(JSON.stringify(result)).not.toContain(secret);
    }
  });

  it('locks an operator out after repeated wrong passphrases, and an admin reset lets them in again', async () => {
    // A successful login clears earlier failures (the wrong token PIN above counted as one).
    await unlockAndLogin(core, { username: 'carl', passphrase: 'carl passphrase 1', tokenPin: custody.pin });
    for (let i = 0; i < 5; i++) {
      expect(await call(core, 'session.login', { username: 'carl', passphrase: `wrong passphrase ${i}`, tokenPin: custody.pin })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    }
    expect(await call(core, 'session.login', { username: 'carl', passphrase: 'carl passphrase 1', tokenPin: custody.pin })).toMatchObject({ ok: false, error: { code: 'OPERATOR_LOCKED' } });
    const carlRow = (await ok(core, 'operators.list', {}, admin)).operators.find((o) => o.username === 'carl')!;
    expect(carlRow).toMatchObject({ lockedOut: true, failedLogins: 5 });
    await ok(core, 'operators.resetPassphrase', { id: carlRow.id, passphrase: 'carl passphrase 2' }, admin);
    await unlockAndLogin(core, { username: 'carl', passphrase: 'carl passphrase 2', tokenPin: custody.pin });
  });

  it('ends a disabled operator’s session at once', async () => {
    const carl = await unlockAndLogin(core, { username: 'carl', passphrase: 'carl passphrase 2', tokenPin: custody.pin });
    const id = (await ok(core, 'session.whoami', {}, carl)).operator.id;
    await ok(core, 'operators.update', { id, status: 'disabled' }, admin);
    expect(await call(core, 'session.whoami', {}, carl)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call(core, 'session.login', { username: 'carl', passphrase: 'carl passphrase 2', tokenPin: custody.pin })).toMatchObject({ ok: false, error: { code: 'OPERATOR_DISABLED' } });
  });

  it('keeps the chain valid through all of the above', async () => {
    expect(await ok(core, 'audit.verify', {}, admin)).toMatchObject({ valid: true });
  });
});
