import type { Core, CoreOptions } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { Role } from '../../src-shared/roles';
import { ADMIN, CUSTODY, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin, type TokenSpec } from './dev-data';

export interface TestOperator {
  readonly username: string;
  readonly roles: Role[];
  readonly token: TokenSpec;
  readonly senior?: boolean;
}

export const passphraseOf = (username: string): string => `${username} test passphrase`;

/** Enrol an operator (their token must exist in the data dir) and sign them in. */
export async function enrol(core: Core, admin: CallerContext, op: TestOperator): Promise<CallerContext> {
  await ok(core, 'operators.create', {
    username: op.username,
    displayName: op.username,
    roles: op.roles,
    senior: op.senior ?? false,
    passphrase: passphraseOf(op.username),
    tokenLabel: op.token.label,
    tokenPin: op.token.pin,
  }, admin);
  return unlockAndLogin(core, { username: op.username, passphrase: passphraseOf(op.username), tokenPin: op.token.pin });
}

/** `[username, roles, senior?]`: one operator of a test console, with a token `t-<username>` and PIN `<username>-pin-1`. */
export type Staff = readonly (readonly [username: string, roles: readonly Role[], senior?: boolean])[];

export interface StaffedConsole {
  readonly dir: string;
  readonly core: Core;
  readonly admin: CallerContext;
  /** Each operator's session, by username (reassign after a re-login). */
  readonly who: Record<string, CallerContext>;
  /** Each operator's token PIN, by username. */
  readonly pins: Record<string, string>;
}

/**
 * A data directory with the custody token, the admin's token and one token per operator; a core
 * on it, initialised and unlocked; every operator enrolled and signed in.
 */
export async function staffedConsole(consoleName: string, staff: Staff, options: Partial<CoreOptions> = {}): Promise<StaffedConsole> {
  const tokens = staff.map(([name]) => ({ label: `t-${name}`, pin: `${name}-pin-1` }));
  const dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, ...tokens]);
  const core = newCore(dir, options);
  try {
    await ok(core, 'console.init', { consoleName, custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    const admin = await unlockAndLogin(core);
    const who: Record<string, CallerContext> = {};
    const pins: Record<string, string> = {};
    for (const [i, [name, roles, senior]] of staff.entries()) {
      pins[name] = tokens[i]!.pin;
      who[name] = await enrol(core, admin, { username: name, roles: [...roles], senior: senior ?? false, token: tokens[i]! });
    }
    return { dir, core, admin, who, pins };
  } catch (error) {
    await core.close();
    removeDataDir(dir);
    throw error;
  }
}
