/**
 * The database schema, in one place (drizzle). Migrations in ./migrations are generated from it
 * with `npm run db:generate` and committed; hand-written additions (triggers) are marked there.
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const operators = sqliteTable(
  'operators',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** JSON array of roles. */
    roles: text('roles').notNull(),
    senior: integer('senior', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['active', 'disabled'] }).notNull(),
    /** argon2id PHC string. */
    passphraseHash: text('passphrase_hash').notNull(),
    tokenLabel: text('token_label').notNull(),
    /** CKA_ID of the approval key pair on the operator's token, hex. */
    tokenKeyId: text('token_key_id').notNull(),
    /** SubjectPublicKeyInfo DER of the approval key, base64. */
    publicKeySpki: text('public_key_spki').notNull(),
    keyFingerprint: text('key_fingerprint').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedOut: integer('locked_out', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastLoginAt: text('last_login_at'),
  },
  (t) => [index('operators_token_label').on(t.tokenLabel)],
);

/**
 * Append-only, hash-chained audit trail (DESIGN.md, "Data"). `hash` = sha256 over the canonical
 * JSON of the other columns, which include `prev_hash`; triggers refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    operatorId: text('operator_id'),
    operatorUsername: text('operator_username'),
    command: text('command').notNull(),
    inputDigest: text('input_digest').notNull(),
    outcome: text('outcome', { enum: ['ok', 'refused', 'error'] }).notNull(),
    errorCode: text('error_code'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_command').on(t.command), index('audit_log_operator').on(t.operatorUsername)],
);
