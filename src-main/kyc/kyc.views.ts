/** What the KYC commands answer: rows turned into the shapes src-shared/commands/kyc*.commands.ts declare. */
import type { z } from 'zod';
import type { ReadableDB } from '../db/database';
import { assessmentsOf, consentsOf, documentsOf, eventsOf, latestAssessment, openHitCount, ownersOf, type AssessmentRow, type CustomerListRow, type CustomerRow, type DocumentRow } from '../db/kyc.repository';
import { findEntryRow, findList, findVersion, hitsOfCustomer, versionsOf, type HitRow, type ListRow, type ListVersionRow } from '../db/screening.repository';
import type { assessmentView, customerDetail, customerSummary, documentView, hitView } from '../../src-shared/commands/kyc.commands';
import type { listVersionView } from '../../src-shared/commands/kyc-screening.commands';
import type { ListEntry, MatchFeature } from '../screening/screening.types';
import type { KycService } from './kyc.service';

type Summary = z.infer<typeof customerSummary>;

export function summaryView(row: CustomerRow, openHits: number): Summary {
  return {
    id: row.id,
    type: row.type,
    legalName: row.legalName,
    status: row.status,
    country: row.residence ?? row.jurisdiction ?? row.addressCountry,
    riskLevel: row.riskLevel,
    riskScore: row.riskScore,
    cddLevel: row.cddLevel,
    nextReviewAt: row.nextReviewAt,
    reviewReason: row.reviewReason,
    openHits,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const listSummaryView = (row: CustomerListRow): Summary => summaryView(row, row.openHits);
export const customerSummaryOf = (db: ReadableDB, row: CustomerRow): Summary => summaryView(row, openHitCount(db, row.id));

export function documentViewOf(d: DocumentRow): z.infer<typeof documentView> {
  return { id: d.id, recordId: d.recordId, kind: d.kind, fileName: d.fileName, contentType: d.contentType, size: d.size, sha256: d.sha256, description: d.description, source: d.source, addedAt: d.addedAt, addedBy: d.addedBy };
}

export function assessmentViewOf(a: AssessmentRow): z.infer<typeof assessmentView> {
  return {
    id: a.id,
    configVersion: a.configVersion,
    score: a.score,
    level: a.level,
    factors: JSON.parse(a.factors) as z.infer<typeof assessmentView>['factors'],
    forcedBy: a.forcedBy,
    cddLevel: a.cddLevel,
    eddReasons: JSON.parse(a.eddReasons) as string[],
    reviewMonths: a.reviewMonths,
    nextReviewAt: a.nextReviewAt,
    trigger: a.trigger,
    assessedAt: a.assessedAt,
    assessedBy: a.assessedBy,
  };
}

export function hitViewOf(db: ReadableDB, h: HitRow, lists = new Map<string, ListRow | undefined>()): z.infer<typeof hitView> {
  let list = lists.get(h.listId);
  if (!lists.has(h.listId)) lists.set(h.listId, (list = findList(db, h.listId)));
  const entryRow = findEntryRow(db, h.entryRow);
  const entry = entryRow ? (JSON.parse(entryRow.data) as ListEntry) : undefined;
  const explanation = JSON.parse(h.explanation) as { agreed?: MatchFeature[]; penalised?: MatchFeature[] };
  return {
    id: h.id,
    customerId: h.customerId,
    subjectType: h.subjectType,
    subjectId: h.subjectId,
    subjectName: h.subjectName,
    listId: h.listId,
    listName: list?.name ?? h.listId,
    listKind: list?.kind ?? 'sanctions',
    listVersion: findVersion(db, h.listVersionId)?.version ?? String(h.listVersionId),
    entryId: h.entryId,
    entryName: entryRow?.primaryName ?? h.entryId,
    entryKind: entry?.kind ?? 'unknown',
    programs: [...(entry?.programs ?? [])],
    entryCountries: [...(entry?.countries ?? [])],
    entryBirthDates: [...(entry?.birthDates ?? [])],
    matchedName: h.matchedName,
    score: h.score,
    agreed: explanation.agreed ?? [],
    penalised: explanation.penalised ?? [],
    status: h.status,
    raisedAt: h.raisedAt,
    raisedBy: h.raisedBy,
    resolvedAt: h.resolvedAt,
    resolvedBy: h.resolvedBy,
    resolutionReason: h.resolutionReason,
    delistedAt: h.delistedAt,
  };
}

export function listVersionViewOf(v: ListVersionRow): z.infer<typeof listVersionView> {
  return { id: v.id, version: v.version, publishedAt: v.publishedAt, format: v.format, source: v.source, digest: v.digest, entryCount: v.entryCount, added: v.added, changed: v.changed, removed: v.removed, active: v.active, importedAt: v.importedAt, importedBy: v.importedBy, via: v.via };
}

export const versionsView = (db: ReadableDB, listId: string): z.infer<typeof listVersionView>[] => versionsOf(db, listId, 20).map(listVersionViewOf);

/** The whole file, as the review screen shows it. */
export function customerDetailOf(db: ReadableDB, kyc: KycService, row: CustomerRow, now: Date): z.infer<typeof customerDetail> {
  const lists = new Map<string, ListRow | undefined>();
  const hits = hitsOfCustomer(db, row.id).map((h) => hitViewOf(db, h, lists));
  const latest = latestAssessment(db, row.id);
  const edd = kyc.eddOf(db, row.id);
  return {
    customer: {
      ...summaryView(row, hits.filter((h) => h.status === 'open').length),
      profile: kyc.profileOf(db, row),
      profileVersion: row.profileVersion,
      eddSourceOfFunds: row.eddSourceOfFunds,
      eddSourceOfWealth: row.eddSourceOfWealth,
      approvedAt: row.approvedAt,
      approvedBy: row.approvedBy,
    },
    beneficialOwners: ownersOf(db, row.id, true).map((o) => ({ id: o.id, legalName: o.legalName, dateOfBirth: o.dateOfBirth, nationality: o.nationality, residence: o.residence, ownershipPercent: o.ownershipPercent, control: o.control, addedAt: o.addedAt, removedAt: o.removedAt })),
    documents: documentsOf(db, row.id).map(documentViewOf),
    hits,
    risk: latest ? assessmentViewOf(latest) : null,
    assessments: assessmentsOf(db, row.id, 20).map((a) => ({ id: a.id, configVersion: a.configVersion, score: a.score, level: a.level, cddLevel: a.cddLevel, trigger: a.trigger, assessedAt: a.assessedAt, assessedBy: a.assessedBy })),
    history: eventsOf(db, row.id, 200).map((e) => ({ id: e.id, at: e.at, actor: e.actor, kind: e.kind, statusBefore: e.statusBefore, statusAfter: e.statusAfter, detail: JSON.parse(e.detail) as Record<string, unknown> })),
    consents: consentsOf(db, row.id).map((c) => ({ kind: c.kind as 'data_processing', granted: c.granted, givenAt: c.givenAt, textVersion: c.textVersion, source: c.source, recordedAt: c.recordedAt })),
    edd,
    gate: kyc.gate(db, row.id, now),
  };
}
