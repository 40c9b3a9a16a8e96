import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, sha256Hex } from '../schemas';

export const recordType = z.enum(['kyc', 'transaction', 'correspondence', 'sar', 'risk_assessment', 'approval', 'report']);
export const recordSubject = z.enum(['customer', 'case', 'withdrawal', 'console']);
const subjectId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a reference (letters, digits, _ . : -)');
const recordId = z.string().regex(/^rec_[0-9a-f]{20}$/, 'must be a record id (rec_…)');
const purpose = z.string().trim().min(5, 'must say why the record is read (at least 5 characters)').max(500);
const reason = z.string().trim().min(10, 'must give the reason in at least 10 characters').max(2000);
const contentType = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'must be a media type like application/pdf');
const jurisdiction = z.string().regex(/^[A-Z]{2}$/, 'must be a jurisdiction code such as EU, UK, US, CH');

export const searchTerms = z
  .object({
    names: z.array(z.string().min(1).max(200)).max(50).optional(),
    addresses: z.array(z.string().min(10).max(120)).max(200).optional(),
    txHashes: z.array(z.string().min(10).max(80)).max(200).optional(),
  })
  .strict();

export const recordView = z.object({
  id: z.string(),
  type: recordType,
  subjectType: recordSubject,
  subjectId: z.string(),
  title: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: sha256Hex,
  createdAt: isoTimestamp,
  createdBy: z.string(),
  jurisdiction: z.string(),
  retentionBasis: z.enum(['creation', 'relationship_end']),
  retentionYears: z.number().int(),
  retentionUntil: isoTimestamp.nullable(),
  legalHold: z.boolean(),
  legalHoldReason: z.string().nullable(),
  shreddedAt: isoTimestamp.nullable(),
});

const recordMeta = {
  type: recordType,
  subjectType: recordSubject,
  subjectId,
  title: z.string().trim().min(1).max(200),
  contentType,
  jurisdiction: jurisdiction.optional(),
  terms: searchTerms.optional(),
};

const writers = { roles: ['compliance_analyst', 'compliance_officer', 'custody_officer'] as const };
const readers = { roles: ['compliance_analyst', 'compliance_officer', 'custody_officer', 'auditor'] as const };
const officer = { roles: ['compliance_officer'] as const };

export const vaultRecordsPut = defineCommand({
  name: 'vault.records.put',
  summary: 'Store a record (sealed under its own HSM-wrapped key) for a customer, case or withdrawal',
  access: writers,
  input: z.object({ ...recordMeta, contentBase64: z.string().max(36_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64') }).strict(),
  output: z.object({ record: recordView }),
});

export const vaultRecordsImportFile = defineCommand({
  name: 'vault.records.importFile',
  summary: 'Store a file from disk as a record, streamed (document scans up to 25 MB)',
  access: writers,
  input: z.object({ ...recordMeta, path: z.string().min(1).max(4096) }).strict(),
  output: z.object({ record: recordView }),
});

export const vaultRecordsList = defineCommand({
  name: 'vault.records.list',
  summary: 'Records of a subject or type (metadata only)',
  access: readers,
  input: z
    .object({ subjectType: recordSubject.optional(), subjectId: subjectId.optional(), type: recordType.optional(), from: isoTimestamp.optional(), to: isoTimestamp.optional(), limit: z.number().int().min(1).max(1000).default(200) })
    .strict(),
  output: z.object({ records: z.array(recordView), total: z.number().int() }),
});

export const vaultRecordsRead = defineCommand({
  name: 'vault.records.read',
  summary: 'Read a record’s content: logged with who, when and why, and checked for integrity',
  access: readers,
  input: z.object({ id: recordId, purpose }).strict(),
  output: z.object({ record: recordView, contentBase64: z.string() }),
});

export const vaultRecordsGet = defineCommand({
  name: 'vault.records.get',
  summary: 'One record’s metadata and search terms (its content is read with vault.records.read)',
  access: readers,
  input: z.object({ id: recordId }).strict(),
  output: z.object({ record: recordView, terms: z.array(z.object({ kind: z.enum(['name', 'address', 'txhash']), value: z.string() })) }),
});

export const vaultSearch = defineCommand({
  name: 'vault.search',
  summary: 'Find records by person name, wallet address, transaction hash and date (314(a)-style); every hit is logged',
  access: { roles: ['auditor', 'compliance_officer', 'compliance_analyst'] },
  input: z
    .object({
      name: z.string().trim().min(2).max(200).optional(),
      address: z.string().trim().min(10).max(120).optional(),
      txHash: z.string().trim().min(10).max(80).optional(),
      from: isoTimestamp.optional(),
      to: isoTimestamp.optional(),
      purpose,
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict()
    .refine((q) => q.name !== undefined || q.address !== undefined || q.txHash !== undefined || q.from !== undefined || q.to !== undefined, {
      message: 'give at least a name, an address, a transaction hash or a date',
      path: ['name'],
    }),
  output: z.object({ records: z.array(recordView) }),
});

export const accessView = z.object({
  recordId: z.string(),
  at: isoTimestamp,
  operatorUsername: z.string().nullable(),
  kind: z.enum(['content', 'search', 'export']),
  purpose: z.string(),
  outcome: z.enum(['ok', 'integrity_failure']),
});

export const vaultAccessList = defineCommand({
  name: 'vault.access.list',
  summary: 'Who read which record, when and why',
  access: { roles: ['auditor', 'compliance_officer'] },
  input: z.object({ recordId: recordId.optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  output: z.object({ access: z.array(accessView) }),
});

export const vaultLegalHold = defineCommand({
  name: 'vault.legalHold.set',
  summary: 'Place or lift a legal hold: a held record is never shredded',
  access: officer,
  input: z.object({ id: recordId, hold: z.boolean(), reason }).strict(),
  output: z.object({ record: recordView }),
});

export const vaultRelationshipEnd = defineCommand({
  name: 'vault.relationship.end',
  summary: 'Record the end of a customer relationship: relationship-based records run out from it',
  access: officer,
  input: z.object({ customerId: subjectId, endedAt: isoTimestamp }).strict(),
  output: z.object({ recordsUpdated: z.number().int() }),
});

export const vaultRetentionSweep = defineCommand({
  name: 'vault.retention.sweep',
  summary: 'Crypto-shred every record past its retention date and not under legal hold',
  access: officer,
  input: z.object({}).strict(),
  output: z.object({ shredded: z.array(z.object({ id: z.string(), type: recordType, retentionUntil: isoTimestamp })) }),
});

export const alertView = z.object({ id: z.string(), kind: z.string(), subject: z.string(), detail: z.string(), raisedAt: isoTimestamp, acknowledgedAt: isoTimestamp.nullable(), acknowledgedBy: z.string().nullable() });

export const integrityAlertsList = defineCommand({
  name: 'integrity.alerts.list',
  summary: 'Integrity alerts: records or data that failed their checks',
  access: { roles: ['compliance_officer', 'auditor', 'admin'] },
  input: z.object({ open: z.boolean().optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  output: z.object({ alerts: z.array(alertView) }),
});

export const integrityAlertsAcknowledge = defineCommand({
  name: 'integrity.alerts.acknowledge',
  summary: 'Acknowledge an integrity alert once it has been looked into',
  access: { roles: ['compliance_officer', 'admin'] },
  input: z.object({ id: z.string().min(1).max(64) }).strict(),
  output: z.object({ acknowledged: z.literal(true) }),
});
