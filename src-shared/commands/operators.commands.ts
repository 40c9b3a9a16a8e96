import { z } from 'zod';
import { defineCommand } from './define';
import { displayName, isoTimestamp, operatorId, passphrase, pin, role, tokenLabel, username } from '../schemas';

export const operatorStatus = z.enum(['active', 'disabled']);

export const operatorRecord = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  senior: z.boolean(),
  status: operatorStatus,
  tokenLabel: z.string(),
  /** sha256 of the operator's approval public key (SPKI DER), hex, grouped for reading aloud. */
  keyFingerprint: z.string(),
  failedLogins: z.number().int().nonnegative(),
  lockedOut: z.boolean(),
  createdAt: isoTimestamp,
  lastLoginAt: isoTimestamp.nullable(),
});

const adminOnly = { roles: ['admin'] as const };

/** Who an operator is, for names and pickers: nothing secret (no token, key, login history). */
export const operatorDirectoryEntry = z.object({ id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(role), status: operatorStatus });

export const operatorsDirectory = defineCommand({
  name: 'operators.directory',
  summary: 'Every operator by id, username, display name, roles and status (for assignee names and pickers)',
  access: 'session',
  input: z.object({}).strict(),
  output: z.object({ operators: z.array(operatorDirectoryEntry) }),
});

export const operatorsList = defineCommand({
  name: 'operators.list',
  summary: 'All operators with their roles and token enrolment',
  access: { roles: ['admin', 'auditor'] },
  input: z.object({}).strict(),
  output: z.object({ operators: z.array(operatorRecord) }),
});

export const operatorsCreate = defineCommand({
  name: 'operators.create',
  summary: 'Enrol an operator: passphrase plus an approval key generated on their own token',
  access: adminOnly,
  secrets: ['passphrase', 'tokenPin'],
  input: z
    .object({
      username,
      displayName,
      roles: z.array(role).min(1, 'must hold at least one role'),
      senior: z.boolean().default(false),
      passphrase,
      tokenLabel,
      tokenPin: pin,
    })
    .strict(),
  output: z.object({ operator: operatorRecord }),
});

export const operatorsUpdate = defineCommand({
  name: 'operators.update',
  summary: 'Change an operator’s roles, name, seniority or status',
  access: adminOnly,
  input: z
    .object({
      id: operatorId,
      displayName: displayName.optional(),
      roles: z.array(role).min(1, 'must hold at least one role').optional(),
      senior: z.boolean().optional(),
      status: operatorStatus.optional(),
    })
    .strict(),
  output: z.object({ operator: operatorRecord }),
});

export const operatorsResetPassphrase = defineCommand({
  name: 'operators.resetPassphrase',
  summary: 'Set a new passphrase for an operator and clear their failed-login lockout',
  access: adminOnly,
  secrets: ['passphrase'],
  input: z.object({ id: operatorId, passphrase }).strict(),
  output: z.object({ operator: operatorRecord }),
});
