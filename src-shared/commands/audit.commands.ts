import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, sha256Hex } from '../schemas';

export const auditOutcome = z.enum(['ok', 'refused', 'error']);

export const auditEntry = z.object({
  seq: z.number().int().positive(),
  at: isoTimestamp,
  operatorId: z.string().nullable(),
  operatorUsername: z.string().nullable(),
  command: z.string(),
  inputDigest: sha256Hex,
  outcome: auditOutcome,
  errorCode: z.string().nullable(),
  prevHash: sha256Hex,
  hash: sha256Hex,
});

const readers = { roles: ['auditor', 'admin', 'compliance_officer'] as const };

export const auditList = defineCommand({
  name: 'audit.list',
  summary: 'Audit entries, newest first, with filters',
  access: readers,
  input: z
    .object({
      limit: z.number().int().min(1).max(1000).default(200),
      /** Return entries with seq strictly below this (keyset pagination). */
      beforeSeq: z.number().int().positive().optional(),
      command: z.string().max(100).optional(),
      operator: z.string().max(64).optional(),
      outcome: auditOutcome.optional(),
      from: isoTimestamp.optional(),
      to: isoTimestamp.optional(),
    })
    .strict(),
  output: z.object({ entries: z.array(auditEntry), total: z.number().int().nonnegative() }),
});

export const auditVerify = defineCommand({
  name: 'audit.verify',
  summary: 'Recompute the hash chain and report the first broken entry',
  access: readers,
  input: z.object({}).strict(),
  output: z.object({
    valid: z.boolean(),
    entries: z.number().int().nonnegative(),
    headHash: sha256Hex.nullable(),
    firstBrokenSeq: z.number().int().positive().nullable(),
    problem: z.string().nullable(),
    verifiedAt: isoTimestamp,
    /** Signed checkpoints checked (signature by the HSM identity key, and the chain's hash at each). */
    checkpoints: z.number().int().nonnegative(),
    lastCheckpointSeq: z.number().int().positive().nullable(),
    firstBadCheckpointSeq: z.number().int().positive().nullable(),
    checkpointProblem: z.string().nullable(),
    /** Entries after the last checkpoint: protected by the chain, not yet by a signature. */
    unsignedTail: z.number().int().nonnegative(),
  }),
});

export const checkpointView = z.object({
  seq: z.number().int().positive(),
  headHash: sha256Hex,
  at: isoTimestamp,
  keyFingerprint: z.string(),
  signature: z.string(),
  message: z.string(),
});

export const auditCheckpoint = defineCommand({
  name: 'audit.checkpoint',
  summary: 'Sign a checkpoint of the audit chain now with the console identity key',
  access: readers,
  input: z.object({}).strict(),
  output: z.object({ checkpoint: checkpointView.nullable() }),
});

export const auditCheckpointsList = defineCommand({
  name: 'audit.checkpoints.list',
  summary: 'Signed checkpoints of the audit chain',
  access: readers,
  input: z.object({}).strict(),
  output: z.object({ checkpoints: z.array(checkpointView) }),
});
