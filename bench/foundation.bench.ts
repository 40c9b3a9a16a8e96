/**
 * Foundation figures: unlock time (against the raw PKCS#11 + SQLite steps it is made of) and bus
 * overhead (a command through the bus against calling the same work directly).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pkcs11js from 'pkcs11js';
import { ADMIN, CUSTODY, initConsole, ok, removeDataDir, unlockAndLogin } from '../test/helpers/dev-data';
import { findOperatorById } from '../src-main/db/operators.repository';
import { figure, time, type Figure } from './harness';

/** The unlock steps done by hand with pkcs11js and better-sqlite3: the floor for unlock. */
function rawUnlock(dir: string): void {
  const config = JSON.parse(readFileSync(join(dir, 'console.json'), 'utf8')) as { custody: { modulePath: string; tokenLabel: string } };
  const wrapped = Buffer.from((JSON.parse(readFileSync(join(dir, 'db.key.wrapped'), 'utf8')) as { wrapped: string }).wrapped, 'base64');
  const lib = new pkcs11js.PKCS11();
  lib.load(config.custody.modulePath);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trimEnd() === config.custody.tokenLabel)!;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    lib.C_Login(session, pkcs11js.CKU_USER, CUSTODY.pin);
    lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }, { type: pkcs11js.CKA_LABEL, value: 'vaultline-wrap' }]);
    const [wrapKey] = lib.C_FindObjects(session, 1);
    lib.C_FindObjectsFinal(session);
    const key = lib.C_UnwrapKey(session, { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD }, wrapKey!, wrapped, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GENERIC_SECRET },
      { type: pkcs11js.CKA_TOKEN, value: false },
      { type: pkcs11js.CKA_SENSITIVE, value: false },
      { type: pkcs11js.CKA_EXTRACTABLE, value: true },
    ]);
    const value = lib.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_VALUE }])[0]!.value;
    lib.C_DestroyObject(session, key);
    const db = new Database(join(dir, 'vaultline.db'), { fileMustExist: true });
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.key(Buffer.from(`x'${value.toString('hex')}'`));
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.close();
    lib.C_Logout(session);
    lib.C_CloseSession(session);
  } finally {
    lib.C_Finalize();
    lib.close();
  }
}

export async function foundationBenchmarks(): Promise<Figure[]> {
  const { dir, core } = await initConsole();
  try {
    const figures: Figure[] = [];

    const unlock = await time(20, async () => {
      await ok(core, 'console.unlock', { pin: CUSTODY.pin });
      await ok(core, 'console.lock', {});
    }, 2);
    const raw = await time(20, () => rawUnlock(dir), 2);
    figures.push(figure('unlock + lock (bus, token login, unwrap, open DB)', 'ms', unlock.meanMs, 'raw pkcs11js + sqlite steps', raw.meanMs, 'lower', { p99Ms: unlock.p99Ms }));

    const caller = await unlockAndLogin(core, ADMIN);
    const db = core.console.requireDb();
    let nonce = 0;
    const direct = (input: { nonce: number }): { nonce: number } => ({ nonce: input.nonce });
    const viaBus = await time(20_000, () => core.bus.invoke('system.ping', { nonce: nonce++ }, caller));
    const directCall = await time(20_000, () => direct({ nonce: nonce++ }));
    figures.push(figure('no-op command through the bus (system.ping)', 'µs', viaBus.meanMs * 1000, 'direct function call', directCall.meanMs * 1000, 'lower', { p99Us: viaBus.p99Ms * 1000 }));

    const operatorId = (await ok(core, 'session.whoami', {}, caller)).operator.id;
    const audited = await time(2_000, () => core.bus.invoke('session.whoami', {}, caller));
    const directRead = await time(2_000, () => findOperatorById(db, operatorId));
    figures.push(
      figure('audited read through the bus (session.whoami: validate, session, role, tx, audit append + fsync)', 'µs', audited.meanMs * 1000, 'direct repository read', directRead.meanMs * 1000, 'lower', {
        p99Us: audited.p99Ms * 1000,
      }),
    );
    return figures;
  } finally {
    await core.close();
    removeDataDir(dir);
  }
}
