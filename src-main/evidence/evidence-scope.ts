/** What an evidence package covers: the records of a customer, case or withdrawal, or a period. */
import { VaultlineError } from '../errors';
import type { ReadableDB } from '../db/database';
import { firstSeqAtOrAfter } from '../db/audit.repository';
import { customerAccounts } from '../db/ledger.repository';
import { listRecords, type RecordRow, type RecordType } from '../db/vault.repository';

export type EvidenceScope =
  | { readonly kind: 'customer' | 'case' | 'withdrawal'; readonly id: string }
  | { readonly kind: 'period'; readonly from: string; readonly to: string };

export interface ScopeContents {
  readonly records: RecordRow[];
  /** First audit entry of the slice. */
  readonly auditFromSeq: number;
  readonly customerWithAccounts: string | null;
  readonly bytes: number;
}

export function describeScope(scope: EvidenceScope): string {
  return scope.kind === 'period' ? `records created from ${scope.from} to ${scope.to}` : `${scope.kind} ${scope.id}`;
}

export function resolveScope(db: ReadableDB, scope: EvidenceScope, hiddenTypes: readonly RecordType[]): ScopeContents {
  const records = (
    scope.kind === 'period'
      ? listRecords(db, { from: scope.from, to: scope.to, excludeTypes: hiddenTypes }, 1_000_000)
      : listRecords(db, { subjectType: scope.kind, subjectId: scope.id, excludeTypes: hiddenTypes }, 1_000_000)
  ).filter((r) => r.shreddedAt === null);
  const customerWithAccounts = scope.kind === 'customer' && customerAccounts(db, scope.id).length > 0 ? scope.id : null;
  if (records.length === 0 && customerWithAccounts === null) {
    throw new VaultlineError('NOT_FOUND', `There is nothing to export for ${describeScope(scope)}: no records${scope.kind === 'customer' ? ' and no ledger accounts' : ''}.`);
  }
  const start = scope.kind === 'period' ? scope.from : (records[0]?.createdAt ?? '0000');
  const auditFromSeq = firstSeqAtOrAfter(db, start) ?? 1;
  return { records, auditFromSeq, customerWithAccounts, bytes: records.reduce((n, r) => n + r.size, 0) };
}
