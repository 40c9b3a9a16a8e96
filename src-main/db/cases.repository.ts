/**
 * SQL for cases and SAR/STR filings: cases, their notes, attachments and history, the alerts they
 * gather (monitoring_alerts.case_id), SAR filings and their exports, and the read-only look-ups a
 * SAR draft is prefilled from (monitored transactions, deposits, withdrawals, assets, wallets).
 */
import { and, asc, count, eq, gt, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  assets,
  caseAttachments,
  caseEvents,
  caseNotes,
  cases,
  deposits,
  monitoredTransactions,
  monitoringAlertEvents,
  monitoringAlerts,
  sarExports,
  sarFilings,
  walletAddresses,
  withdrawals,
} from './schema';
import type { ReadableDB, WritableDB } from './database';

export type CaseRow = typeof cases.$inferSelect;
export type CaseStatus = CaseRow['status'];
export type CaseNoteRow = typeof caseNotes.$inferSelect;
export type CaseAttachmentRow = typeof caseAttachments.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type SarRow = typeof sarFilings.$inferSelect;
export type SarExportRow = typeof sarExports.$inferSelect;
export type AlertRow = typeof monitoringAlerts.$inferSelect;
export type MonitoredTxRow = typeof monitoredTransactions.$inferSelect;
export type DepositRow = typeof deposits.$inferSelect;
export type WithdrawalRow = typeof withdrawals.$inferSelect;
export type AssetRow = typeof assets.$inferSelect;

/** The next id of a sequence such as CASE-000001 (commands run one at a time, in a write transaction). */
function nextId(db: ReadableDB, table: 'cases' | 'sar_filings', prefix: string): string {
  const row = db.sqlite.prepare<[], { n: number | null }>(`SELECT max(CAST(substr(id, ${prefix.length + 2}) AS INTEGER)) AS n FROM ${table}`).get();
  return `${prefix}-${String((row?.n ?? 0) + 1).padStart(6, '0')}`;
}

// ─── cases ───────────────────────────────────────────────────────────────────────────────────

export const nextCaseId = (db: ReadableDB): string => nextId(db, 'cases', 'CASE');
export const insertCase = (db: WritableDB, row: CaseRow): void => void db.orm.insert(cases).values(row).run();
export const findCase = (db: ReadableDB, id: string): CaseRow | undefined => db.orm.select().from(cases).where(eq(cases.id, id)).get();
export const updateCase = (db: WritableDB, id: string, patch: Partial<Omit<CaseRow, 'id'>>): void => void db.orm.update(cases).set(patch).where(eq(cases.id, id)).run();

export interface CaseFilter {
  readonly status?: CaseStatus | 'active' | undefined;
  /** An operator id, or null for unassigned. */
  readonly assignee?: string | null | undefined;
  /** Only cases whose SAR is still due and whose due date is before this instant (detectedAt before `dueBefore - deadline`). */
  readonly detectedBefore?: string | undefined;
}

/** Cases whose SAR is still due: not closed, no 'no_sar' decision, no filed SAR. */
const sarStillDue = sql`(${cases.status} != 'closed' AND (${cases.decision} IS NULL OR ${cases.decision} = 'sar') AND NOT EXISTS (SELECT 1 FROM sar_filings f WHERE f.case_id = "cases"."id" AND f.state = 'filed'))`;

function where(f: CaseFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (f.status === 'active') parts.push(ne(cases.status, 'closed'));
  else if (f.status) parts.push(eq(cases.status, f.status));
  if (f.assignee === null) parts.push(isNull(cases.assignee));
  else if (f.assignee !== undefined) parts.push(eq(cases.assignee, f.assignee));
  if (f.detectedBefore !== undefined) parts.push(and(sarStillDue, sql`${cases.detectedAt} < ${f.detectedBefore}`));
  return parts.length > 0 ? and(...parts) : undefined;
}

export type CaseListRow = CaseRow & { alertCount: number; hasSar: boolean; sarFiled: boolean };

const listColumns = {
  alertCount: sql<number>`(SELECT count(*) FROM monitoring_alerts a WHERE a.case_id = "cases"."id")`,
  hasSar: sql<number>`EXISTS (SELECT 1 FROM sar_filings f WHERE f.case_id = "cases"."id")`,
  sarFiled: sql<number>`EXISTS (SELECT 1 FROM sar_filings f WHERE f.case_id = "cases"."id" AND f.state = 'filed')`,
};

const asListRow = (r: CaseRow & { alertCount: number; hasSar: number; sarFiled: number }): CaseListRow => ({ ...r, hasSar: r.hasSar === 1, sarFiled: r.sarFiled === 1 });

/** Cases by detection time (= by filing deadline, soonest first), keyset-paged after (detectedAt, id). */
export function listCases(db: ReadableDB, f: CaseFilter, after: { detectedAt: string; id: string } | undefined, limit: number): CaseListRow[] {
  const page = after ? or(gt(cases.detectedAt, after.detectedAt), and(eq(cases.detectedAt, after.detectedAt), gt(cases.id, after.id))) : undefined;
  return db.orm
    .select({ ...casesColumns(), ...listColumns })
    .from(cases)
    .where(and(where(f), page))
    .orderBy(asc(cases.detectedAt), asc(cases.id))
    .limit(limit)
    .all()
    .map(asListRow);
}

export const countCases = (db: ReadableDB, f: CaseFilter): number => db.orm.select({ n: count() }).from(cases).where(where(f)).get()?.n ?? 0;

export function caseListRow(db: ReadableDB, id: string): CaseListRow | undefined {
  const row = db.orm.select({ ...casesColumns(), ...listColumns }).from(cases).where(eq(cases.id, id)).get();
  return row ? asListRow(row) : undefined;
}

function casesColumns() {
  const { id, title, status, customerIds, detectedAt, assignee, decision, decisionRationale, decidedBy, decidedAt, closedBy, closedAt, closeReason, openedBy, openedAt, updatedAt } = cases;
  return { id, title, status, customerIds, detectedAt, assignee, decision, decisionRationale, decidedBy, decidedAt, closedBy, closedAt, closeReason, openedBy, openedAt, updatedAt };
}

// ─── alerts of a case ────────────────────────────────────────────────────────────────────────

export const alertsByIds = (db: ReadableDB, ids: readonly number[]): AlertRow[] =>
  ids.length === 0 ? [] : db.orm.select().from(monitoringAlerts).where(inArray(monitoringAlerts.id, [...ids])).orderBy(asc(monitoringAlerts.id)).all();

export const alertsOfCase = (db: ReadableDB, caseId: string): AlertRow[] =>
  db.orm.select().from(monitoringAlerts).where(eq(monitoringAlerts.caseId, caseId)).orderBy(asc(monitoringAlerts.raisedAt), asc(monitoringAlerts.id)).all();

/** Put alerts into a case (only alerts in no case yet) and note it in each alert's history. */
export function linkAlerts(db: WritableDB, ids: readonly number[], caseId: string, at: string, by: string): number {
  const changed = db.orm
    .update(monitoringAlerts)
    .set({ caseId })
    .where(and(inArray(monitoringAlerts.id, [...ids]), isNull(monitoringAlerts.caseId)))
    .run().changes;
  for (const alertId of ids) db.orm.insert(monitoringAlertEvents).values({ alertId, at, by, action: 'case', detail: `added to case ${caseId}` }).run();
  return changed;
}

// ─── notes, attachments, history ─────────────────────────────────────────────────────────────

export function insertNote(db: WritableDB, row: Omit<CaseNoteRow, 'id'>): CaseNoteRow {
  const id = Number(db.orm.insert(caseNotes).values(row).run().lastInsertRowid);
  return { id, ...row };
}
export const notesOf = (db: ReadableDB, caseId: string): CaseNoteRow[] => db.orm.select().from(caseNotes).where(eq(caseNotes.caseId, caseId)).orderBy(asc(caseNotes.id)).all();

export const insertAttachment = (db: WritableDB, row: CaseAttachmentRow): void => void db.orm.insert(caseAttachments).values(row).run();
export const attachmentsOf = (db: ReadableDB, caseId: string): CaseAttachmentRow[] =>
  db.orm.select().from(caseAttachments).where(eq(caseAttachments.caseId, caseId)).orderBy(asc(caseAttachments.at), asc(sql`rowid`)).all();
export const findAttachment = (db: ReadableDB, caseId: string, id: string): CaseAttachmentRow | undefined =>
  db.orm.select().from(caseAttachments).where(and(eq(caseAttachments.caseId, caseId), eq(caseAttachments.id, id))).get();

export const insertCaseEvent = (db: WritableDB, row: Omit<CaseEventRow, 'id'>): void => void db.orm.insert(caseEvents).values(row).run();
export const eventsOf = (db: ReadableDB, caseId: string): CaseEventRow[] => db.orm.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id)).all();

// ─── SAR filings and exports ─────────────────────────────────────────────────────────────────

export const nextSarId = (db: ReadableDB): string => nextId(db, 'sar_filings', 'SAR');
export const insertSar = (db: WritableDB, row: SarRow): void => void db.orm.insert(sarFilings).values(row).run();
export const findSar = (db: ReadableDB, id: string): SarRow | undefined => db.orm.select().from(sarFilings).where(eq(sarFilings.id, id)).get();
export const sarOfCase = (db: ReadableDB, caseId: string): SarRow | undefined => db.orm.select().from(sarFilings).where(eq(sarFilings.caseId, caseId)).get();
export const updateSar = (db: WritableDB, id: string, patch: Partial<Omit<SarRow, 'id' | 'caseId'>>): void => void db.orm.update(sarFilings).set(patch).where(eq(sarFilings.id, id)).run();

export const insertExport = (db: WritableDB, row: SarExportRow): void => void db.orm.insert(sarExports).values(row).run();
export const exportsOf = (db: ReadableDB, sarId: string): SarExportRow[] => db.orm.select().from(sarExports).where(eq(sarExports.sarId, sarId)).orderBy(asc(sarExports.at), asc(sql`rowid`)).all();

// ─── what a SAR draft is prefilled from (read-only) ──────────────────────────────────────────

export const monitoredByIds = (db: ReadableDB, ids: readonly string[]): MonitoredTxRow[] =>
  ids.length === 0 ? [] : db.orm.select().from(monitoredTransactions).where(inArray(monitoredTransactions.id, [...ids])).all();
export const depositsByIds = (db: ReadableDB, ids: readonly string[]): DepositRow[] => (ids.length === 0 ? [] : db.orm.select().from(deposits).where(inArray(deposits.id, [...ids])).all());
export const withdrawalsByIds = (db: ReadableDB, ids: readonly string[]): WithdrawalRow[] => (ids.length === 0 ? [] : db.orm.select().from(withdrawals).where(inArray(withdrawals.id, [...ids])).all());
export const assetsByIds = (db: ReadableDB, ids: readonly string[]): AssetRow[] => (ids.length === 0 ? [] : db.orm.select().from(assets).where(inArray(assets.id, [...ids])).all());

/** A wallet's first deposit address: where a withdrawal from it leaves (account-based chains). */
export const walletAddress = (db: ReadableDB, walletId: string): string | undefined =>
  db.orm.select({ address: walletAddresses.address }).from(walletAddresses).where(eq(walletAddresses.walletId, walletId)).orderBy(asc(walletAddresses.purpose), asc(walletAddresses.index)).limit(1).get()?.address;
