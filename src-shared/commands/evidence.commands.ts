import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp } from '../schemas';
import { recordType } from './vault.commands';
import { ERROR_CODES } from '../errors';

const ref = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a reference (letters, digits, _ . : -)');

export const evidenceScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), id: ref }).strict(),
  z.object({ kind: z.literal('case'), id: ref }).strict(),
  z.object({ kind: z.literal('withdrawal'), id: ref }).strict(),
  z
    .object({ kind: z.literal('period'), from: isoTimestamp, to: isoTimestamp })
    .strict()
    .refine((p) => p.from < p.to, { message: 'must end after it starts', path: ['to'] }),
]);

const exporters = { roles: ['auditor', 'compliance_officer'] as const };

export const evidencePreview = defineCommand({
  name: 'evidence.preview',
  summary: 'What an evidence package for this scope would hold',
  access: exporters,
  input: z.object({ scope: evidenceScope }).strict(),
  output: z.object({
    records: z.number().int(),
    bytes: z.number().int(),
    byType: z.partialRecord(recordType, z.number().int()),
    auditFromSeq: z.number().int(),
    auditToSeq: z.number().int(),
    ledgerStatement: z.boolean(),
    sample: z.array(z.object({ id: z.string(), type: recordType, title: z.string(), createdAt: isoTimestamp, size: z.number().int() })),
  }),
});

export const evidenceExport = defineCommand({
  name: 'evidence.export',
  summary: 'Export a signed evidence package to a folder (runs as a job; poll jobs.get)',
  access: exporters,
  input: z.object({ scope: evidenceScope, directory: z.string().min(1).max(4096) }).strict(),
  output: z.object({ jobId: z.string(), packageId: z.string(), fileName: z.string() }),
});

export const evidenceVerify = defineCommand({
  name: 'evidence.verify',
  summary: 'Check an evidence package file: signatures, file hashes, audit chain, record checksums',
  access: 'public',
  needsUnlock: false,
  input: z.object({ path: z.string().min(1).max(4096), expectedFingerprint: z.string().max(100).optional() }).strict(),
  output: z.object({
    valid: z.boolean(),
    packageId: z.string().nullable(),
    consoleId: z.string().nullable(),
    identityFingerprint: z.string().nullable(),
    records: z.number().int(),
    auditEntries: z.number().int(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
  }),
});

export const jobView = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
  step: z.string(),
  startedAt: isoTimestamp,
  finishedAt: isoTimestamp.nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
});

export const jobsGet = defineCommand({
  name: 'jobs.get',
  summary: 'Progress of a long job you started',
  access: 'session',
  quiet: true,
  input: z.object({ id: z.string().regex(/^job_[0-9a-f]{16}$/) }).strict(),
  output: z.object({ job: jobView }),
});
