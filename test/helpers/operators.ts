import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { Role } from '../../src-shared/roles';
import { ok, unlockAndLogin, type TokenSpec } from './dev-data';

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
