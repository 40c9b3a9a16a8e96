/**
 * Operators: enrolment (passphrase + approval key on their own token), login (passphrase, then a
 * fresh challenge signed by that token), roles under separation of duties, lockout after repeated
 * failures.
 */
import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { burnPassphraseCheck, hashPassphrase, verifyPassphrase } from '../platform/passphrase';
import { enrollOperatorKey, signWithOperatorKey } from '../hsm/operator.keystore';
import type { ReadableDB, WritableDB } from '../db/database';
import {
  findOperatorById,
  findOperatorByUsername,
  findOperatorsByTokenLabel,
  insertOperator,
  listOperators,
  updateOperator,
  type OperatorRow,
} from '../db/operators.repository';
import { ROLES, roleSetProblem, type Role } from '../../src-shared/roles';
import type { SessionOperator } from './sessions.service';
import type { CertifiedOperator } from '../custody/operator-certificate';

export const MAX_FAILED_LOGINS = 5;

export interface OperatorRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly senior: boolean;
  readonly status: 'active' | 'disabled';
  readonly tokenLabel: string;
  readonly keyFingerprint: string;
  readonly failedLogins: number;
  readonly lockedOut: boolean;
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

export interface NewOperator {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly senior: boolean;
  readonly passphrase: string;
  readonly tokenLabel: string;
  readonly tokenPin: string;
}

export interface Credentials {
  readonly username: string;
  readonly passphrase: string;
  readonly tokenPin: string;
}

export function parseRoles(json: string): Role[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((r): r is Role => (ROLES as readonly string[]).includes(r as string))) {
    throw new VaultlineError('DB_CORRUPT', 'An operator record holds an unknown role.');
  }
  return value;
}

export function toRecord(row: OperatorRow): OperatorRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: parseRoles(row.roles),
    senior: row.senior,
    status: row.status,
    tokenLabel: row.tokenLabel,
    keyFingerprint: row.keyFingerprint,
    failedLogins: row.failedLogins,
    lockedOut: row.lockedOut,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

export function toSessionOperator(row: OperatorRow): SessionOperator {
  return { id: row.id, username: row.username, displayName: row.displayName, roles: parseRoles(row.roles), senior: row.senior };
}

/** What an operator certificate states about an operator row. */
export function certifiedView(row: OperatorRow): CertifiedOperator {
  return { operatorId: row.id, username: row.username, roles: parseRoles(row.roles), senior: row.senior, status: row.status, publicKeySpki: row.publicKeySpki };
}

function checkRoles(roles: readonly Role[]): void {
  const problem = roleSetProblem(roles);
  if (problem) throw new VaultlineError('VALIDATION', `The roles are not allowed: ${problem}.`, { issues: [{ path: 'roles', message: problem }] });
}

/** Signs an operator certificate with the console identity key (see custody/operator-certificate.ts). */
export type Certifier = (row: OperatorRow) => string;

export class OperatorService {
  constructor(
    private readonly clock: Clock,
    private readonly modulePath: () => string,
    private readonly certifier: (db: WritableDB) => Certifier,
  ) {}

  private certify(db: WritableDB, id: string): void {
    const row = this.require(db, id);
    updateOperator(db, id, { certificate: this.certifier(db)(row) });
  }

  list(db: ReadableDB): OperatorRecord[] {
    return listOperators(db).map(toRecord);
  }

  require(db: ReadableDB, id: string): OperatorRow {
    const row = findOperatorById(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `No operator with id ${id}.`);
    return row;
  }

  async create(db: WritableDB, input: NewOperator, certifier?: Certifier): Promise<OperatorRecord> {
    checkRoles(input.roles);
    if (findOperatorByUsername(db, input.username)) {
      throw new VaultlineError('CONFLICT', `An operator named "${input.username}" already exists.`, { issues: [{ path: 'username', message: 'is taken' }] });
    }
    if (findOperatorsByTokenLabel(db, input.tokenLabel).length > 0) {
      throw new VaultlineError('CONFLICT', `Token "${input.tokenLabel}" is already enrolled for another operator.`, { issues: [{ path: 'tokenLabel', message: 'is already enrolled' }] });
    }
    const passphraseHash = await hashPassphrase(input.passphrase);
    const key = enrollOperatorKey(this.modulePath(), input.tokenLabel, input.tokenPin);
    const now = this.clock.now().toISOString();
    const row: OperatorRow = {
      id: `op_${randomBytes(10).toString('hex')}`,
      username: input.username,
      displayName: input.displayName,
      roles: JSON.stringify(input.roles),
      senior: input.senior,
      status: 'active',
      passphraseHash,
      tokenLabel: input.tokenLabel,
      tokenKeyId: key.keyId,
      publicKeySpki: key.spki.toString('base64'),
      keyFingerprint: key.fingerprint,
      certificate: null,
      failedLogins: 0,
      lockedOut: false,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: null,
    };
    insertOperator(db, row);
    updateOperator(db, row.id, { certificate: (certifier ?? this.certifier(db))(row) });
    return toRecord(row);
  }

  update(
    db: WritableDB,
    actorId: string,
    input: { id: string; displayName?: string | undefined; roles?: Role[] | undefined; senior?: boolean | undefined; status?: 'active' | 'disabled' | undefined },
  ): OperatorRecord {
    const row = this.require(db, input.id);
    const roles = input.roles ?? parseRoles(row.roles);
    checkRoles(roles);
    const status = input.status ?? row.status;
    if (input.id === actorId && (status !== 'active' || !roles.includes('admin'))) {
      throw new VaultlineError('FORBIDDEN', 'Administrators cannot disable themselves or remove their own admin role.');
    }
    const wasActiveAdmin = row.status === 'active' && parseRoles(row.roles).includes('admin');
    if (wasActiveAdmin && (status !== 'active' || !roles.includes('admin'))) {
      const otherAdmins = listOperators(db).filter((o) => o.id !== row.id && o.status === 'active' && parseRoles(o.roles).includes('admin'));
      if (otherAdmins.length === 0) throw new VaultlineError('CONFLICT', 'The last active administrator cannot be removed.');
    }
    updateOperator(db, row.id, {
      displayName: input.displayName ?? row.displayName,
      roles: JSON.stringify(roles),
      senior: input.senior ?? row.senior,
      status,
      updatedAt: this.clock.now().toISOString(),
    });
    // Roles, seniority or status changed: the certificate the signing module trusts changes with them.
    this.certify(db, row.id);
    return toRecord(this.require(db, row.id));
  }

  async resetPassphrase(db: WritableDB, id: string, passphrase: string): Promise<OperatorRecord> {
    const row = this.require(db, id);
    updateOperator(db, row.id, { passphraseHash: await hashPassphrase(passphrase), failedLogins: 0, lockedOut: false, updatedAt: this.clock.now().toISOString() });
    return toRecord(this.require(db, row.id));
  }

  async changeOwnPassphrase(db: WritableDB, id: string, current: string, next: string): Promise<void> {
    const row = this.require(db, id);
    if (!(await verifyPassphrase(row.passphraseHash, current))) throw new VaultlineError('BAD_CREDENTIALS', 'The current passphrase is not correct.');
    if (current === next) throw new VaultlineError('VALIDATION', 'The new passphrase must differ from the current one.', { issues: [{ path: 'next', message: 'must differ from the current passphrase' }] });
    updateOperator(db, row.id, { passphraseHash: await hashPassphrase(next), updatedAt: this.clock.now().toISOString() });
  }

  /**
   * Passphrase first (argon2id), then the operator's token: log in with its PIN and sign a fresh
   * challenge, checked against the enrolled public key. `recordFailure` persists the failed-login
   * count even though the command as a whole fails and its transaction is rolled back.
   */
  async authenticate(
    db: ReadableDB,
    credentials: Credentials,
    recordFailure: (write: (db: WritableDB) => void) => void,
    attribute: (operator: { id: string; username: string }) => void,
  ): Promise<OperatorRow> {
    const row = findOperatorByUsername(db, credentials.username);
    // Only a name that belongs to an operator goes into the trail: a mistyped passphrase in the
    // username field must not be written down.
    if (row) attribute({ id: row.id, username: row.username });
    const badCredentials = new VaultlineError('BAD_CREDENTIALS', 'Unknown operator or wrong passphrase.');
    if (!row) {
      await burnPassphraseCheck(credentials.passphrase);
      throw badCredentials;
    }
    if (row.lockedOut) {
      throw new VaultlineError('OPERATOR_LOCKED', `This operator is locked after ${MAX_FAILED_LOGINS} failed logins; an administrator must reset the passphrase.`);
    }
    const countFailure = (): void =>
      recordFailure((w) => {
        const failed = row.failedLogins + 1;
        updateOperator(w, row.id, { failedLogins: failed, lockedOut: failed >= MAX_FAILED_LOGINS, updatedAt: this.clock.now().toISOString() });
      });
    if (!(await verifyPassphrase(row.passphraseHash, credentials.passphrase))) {
      countFailure();
      throw badCredentials;
    }
    if (row.status !== 'active') throw new VaultlineError('OPERATOR_DISABLED', 'This operator account is disabled.');
    try {
      const challenge = Buffer.concat([Buffer.from('vaultline-login:'), randomBytes(32)]);
      signWithOperatorKey(this.modulePath(), row.tokenLabel, credentials.tokenPin, row.tokenKeyId, Buffer.from(row.publicKeySpki, 'base64'), challenge);
    } catch (error) {
      if (error instanceof VaultlineError && (error.code === 'PIN_INCORRECT' || error.code === 'BAD_CREDENTIALS')) countFailure();
      throw error;
    }
    return row;
  }

  recordLogin(db: WritableDB, id: string): void {
    updateOperator(db, id, { failedLogins: 0, lastLoginAt: this.clock.now().toISOString() });
  }
}
