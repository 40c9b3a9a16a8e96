/**
 * Retention rules (resources/retention.json): how long each record type is kept, per
 * jurisdiction, and from when — the record's creation, or the end of the customer relationship.
 */
import { z } from 'zod';
import policyJson from '../../resources/retention.json';
import { RECORD_TYPES, type RecordType } from '../db/vault.repository';

const policySchema = z.object({
  version: z.number().int(),
  defaultJurisdiction: z.string(),
  jurisdictions: z.record(z.string(), z.object({ years: z.number().int().min(5, 'FATF R11 requires at least five years'), source: z.string() })),
  recordTypes: z.record(z.enum(RECORD_TYPES), z.object({ basis: z.enum(['creation', 'relationship_end']) })),
});

export type RetentionPolicy = z.infer<typeof policySchema>;

export const RETENTION_POLICY: RetentionPolicy = policySchema.parse(policyJson);

export interface Retention {
  readonly jurisdiction: string;
  readonly basis: 'creation' | 'relationship_end';
  readonly years: number;
}

export function retentionFor(type: RecordType, jurisdiction: string | undefined, policy: RetentionPolicy = RETENTION_POLICY): Retention {
  const j = jurisdiction ?? policy.defaultJurisdiction;
  const rule = policy.jurisdictions[j];
  if (!rule) throw new Error(`no retention rule for jurisdiction ${j}`);
  return { jurisdiction: j, basis: policy.recordTypes[type]?.basis ?? 'creation', years: rule.years };
}

/** `from` plus whole years, in UTC (29 February rolls to 1 March). */
export function addYears(from: string, years: number): string {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
}
