/** What the console says about a record (never its content): in answers and in evidence packages. */
import type { RecordRow } from '../db/vault.repository';

export function recordView(r: RecordRow) {
  return {
    id: r.id,
    type: r.type,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    title: r.title,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    jurisdiction: r.jurisdiction,
    retentionBasis: r.retentionBasis,
    retentionYears: r.retentionYears,
    retentionUntil: r.retentionUntil,
    legalHold: r.legalHold,
    legalHoldReason: r.legalHoldReason,
    shreddedAt: r.shreddedAt,
  };
}
