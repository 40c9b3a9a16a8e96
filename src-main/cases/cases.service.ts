/**
 * Cases: an investigation opened from one or more monitoring alerts, worked through a fixed
 * workflow — open → investigating → escalated → decision → closed — one step at a time. The
 * decision records whether a SAR/STR is filed ('sar' | 'no_sar') and why. Closing needs a second
 * person (the closer is never the decider) and, after a 'sar' decision, the SAR filed. The only way
 * back is `reopen` (a compliance officer, with a reason): the case returns to investigating and the
 * decision is set aside (the history keeps it).
 *
 * Deadline: a SAR is due `deadlineDays` (30 unless set otherwise, sar-settings.ts) after detection —
 * the earliest alert's raisedAt. It stops running once the SAR is filed, the decision is 'no_sar',
 * or the case is closed.
 *
 * Everything here is SAR-confidential: attachments are vault records of type 'sar', which the
 * vault hides from everyone outside SAR_ROLES.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { CASE_ATTACHMENT_MAX_BYTES, type caseAttachmentView, type caseRow } from '../../src-shared/commands/cases.commands';
import { VaultlineError } from '../errors';
import { canSeeSars, type Role } from '../../src-shared/roles';
import { findOperatorById } from '../db/operators.repository';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import {
  alertsByIds,
  attachmentsOf,
  caseListRow,
  countCases,
  findAttachment,
  findCase,
  insertAttachment,
  insertCase,
  insertCaseEvent,
  insertNote,
  linkAlerts,
  listCases,
  nextCaseId,
  sarOfCase,
  updateCase,
  type CaseAttachmentRow,
  type CaseFilter,
  type CaseListRow,
  type CaseRow,
  type CaseStatus,
} from '../db/cases.repository';
import type { FailureSink, VaultService } from '../vault/vault.service';
import type { SessionOperator } from '../services/sessions.service';
import { readSarSettings } from './sar-settings';

export const DAY_MS = 86_400_000;

/** The workflow, in order. */
export const WORKFLOW: readonly CaseStatus[] = ['open', 'investigating', 'escalated', 'decision', 'closed'];

export type CaseView = z.infer<typeof caseRow>;
export type AttachmentView = z.infer<typeof caseAttachmentView>;

/** PDF, PNG and JPEG must start with their signature (a renamed file is refused). */
const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export interface Deadline {
  readonly sarDueAt: string;
  readonly daysLeft: number | null;
  readonly overdue: boolean;
}

/**
 * The SAR deadline of a case at `now`: due `deadlineDays` after detection; whole days left rounded
 * up (a deadline 36 hours away has 2 days left, one due now has 0), negative once overdue (overdue by
 * 1 hour is -1). `stillDue` false (filed, no_sar, closed) → no days left and never overdue.
 */
export function deadlineOf(detectedAt: string, deadlineDays: number, now: Date, stillDue: boolean): Deadline {
  const due = Date.parse(detectedAt) + deadlineDays * DAY_MS;
  const sarDueAt = new Date(due).toISOString();
  if (!stillDue) return { sarDueAt, daysLeft: null, overdue: false };
  const left = due - now.getTime();
  return { sarDueAt, daysLeft: left >= 0 ? Math.ceil(left / DAY_MS) : -Math.ceil(-left / DAY_MS), overdue: left < 0 };
}

export const sarStillDue = (r: Pick<CaseListRow, 'status' | 'decision' | 'sarFiled'>): boolean => r.status !== 'closed' && r.decision !== 'no_sar' && !r.sarFiled;

export class CasesService {
  constructor(
    private readonly clock: Clock,
    private readonly vault: VaultService,
  ) {}

  require(db: ReadableDB, id: string): CaseRow {
    const row = findCase(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `There is no case ${id}.`);
    return row;
  }

  view(db: ReadableDB, row: CaseListRow, now = this.clock.now(), deadlineDays = readSarSettings(db).deadlineDays): CaseView {
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      customerIds: JSON.parse(row.customerIds) as string[],
      alertCount: row.alertCount,
      openedAt: row.openedAt,
      openedBy: row.openedBy,
      detectedAt: row.detectedAt,
      ...deadlineOf(row.detectedAt, deadlineDays, now, sarStillDue(row)),
      assignee: row.assignee,
      decision: row.decision,
      hasSar: row.hasSar,
    };
  }

  viewOf(db: ReadableDB, id: string): CaseView {
    const row = caseListRow(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `There is no case ${id}.`);
    return this.view(db, row);
  }

  private event(db: WritableDB, caseId: string, by: string, action: string, detail: Record<string, unknown> = {}): void {
    insertCaseEvent(db, { caseId, at: this.clock.now().toISOString(), by, action, detail: JSON.stringify(detail) });
  }

  /** A SAR event in the case's history (sar.service.ts). */
  record(db: WritableDB, caseId: string, by: string, action: string, detail: Record<string, unknown> = {}): void {
    this.event(db, caseId, by, action, detail);
  }

  /** Open a case from alerts; each alert gets the case id. Unknown alerts or alerts in another case are refused. */
  create(db: WritableDB, alertIds: readonly number[], title: string, operator: SessionOperator): CaseView {
    const ids = [...new Set(alertIds)];
    const alerts = alertsByIds(db, ids);
    const found = new Set(alerts.map((a) => a.id));
    const issues = [
      ...ids.filter((id) => !found.has(id)).map((id) => ({ path: `alertIds.${alertIds.indexOf(id)}`, message: `there is no alert ${id}` })),
      ...alerts.filter((a) => a.caseId !== null).map((a) => ({ path: `alertIds.${alertIds.indexOf(a.id)}`, message: `alert ${a.id} is already in case ${a.caseId}` })),
    ];
    if (issues.length > 0) throw new VaultlineError('VALIDATION', `The case cannot be opened: ${issues.map((i) => i.message).join('; ')}. Nothing was changed.`, { issues });
    const at = this.clock.now().toISOString();
    const id = nextCaseId(db);
    const detectedAt = alerts.map((a) => a.raisedAt).sort()[0]!;
    insertCase(db, {
      id,
      title,
      status: 'open',
      customerIds: JSON.stringify([...new Set(alerts.map((a) => a.customerId))].sort()),
      detectedAt,
      assignee: operator.id,
      decision: null,
      decisionRationale: null,
      decidedBy: null,
      decidedAt: null,
      closedBy: null,
      closedAt: null,
      closeReason: null,
      openedBy: operator.username,
      openedAt: at,
      updatedAt: at,
    });
    const linked = linkAlerts(db, ids, id, at, operator.username);
    // linkAlerts only takes alerts in no case; the check above makes this an invariant.
    if (linked !== ids.length) throw new VaultlineError('CONFLICT', 'An alert joined another case meanwhile; nothing was changed.');
    this.event(db, id, operator.username, 'opened', { title, alertIds: ids, detectedAt });
    return this.viewOf(db, id);
  }

  list(db: ReadableDB, filter: { status?: CaseStatus | 'active' | undefined; assignee?: string | null | undefined; overdue?: boolean | undefined }, cursor: string | undefined, limit: number) {
    const now = this.clock.now();
    const { deadlineDays } = readSarSettings(db);
    // Overdue: still due, and detected more than deadlineDays ago.
    const f: CaseFilter = { status: filter.status, assignee: filter.assignee, ...(filter.overdue === true ? { detectedBefore: new Date(now.getTime() - deadlineDays * DAY_MS).toISOString() } : {}) };
    const after = cursor ? parseCursor(cursor) : undefined;
    let rows = listCases(db, f, after, limit + 1);
    const more = rows.length > limit;
    rows = rows.slice(0, limit);
    const last = rows[rows.length - 1];
    let views = rows.map((r) => this.view(db, r, now, deadlineDays));
    // overdue: false — the complement, filtered here (pages may then be shorter than `limit`).
    if (filter.overdue === false) views = views.filter((v) => !v.overdue);
    const total = filter.overdue === false ? countCases(db, f) - countCases(db, { ...f, detectedBefore: new Date(now.getTime() - deadlineDays * DAY_MS).toISOString() }) : countCases(db, f);
    return { rows: views, nextCursor: more && last ? `${last.detectedAt}|${last.id}` : null, total };
  }

  assign(db: WritableDB, id: string, assignee: string | null, by: string): CaseView {
    const row = this.require(db, id);
    if (row.status === 'closed') throw new VaultlineError('CONFLICT', `Case ${id} is closed; reopen it first.`);
    if (assignee !== null) {
      const op = findOperatorById(db, assignee);
      const roles = op ? (JSON.parse(op.roles) as Role[]) : [];
      if (!op || op.status !== 'active') throw new VaultlineError('NOT_FOUND', `There is no active operator ${assignee}.`, { issues: [{ path: 'assignee', message: 'unknown operator' }] });
      // SAR confidentiality: a case goes only to someone who may see it.
      if (!canSeeSars(roles)) throw new VaultlineError('VALIDATION', `${op.username} holds no compliance role; cases go to compliance analysts and officers.`, { issues: [{ path: 'assignee', message: 'not a compliance operator' }] });
    }
    updateCase(db, id, { assignee, updatedAt: this.clock.now().toISOString() });
    this.event(db, id, by, 'assigned', { assignee });
    return this.viewOf(db, id);
  }

  note(db: WritableDB, id: string, text: string, by: string): { at: string; by: string; text: string } {
    const row = this.require(db, id);
    if (row.status === 'closed') throw new VaultlineError('CONFLICT', `Case ${id} is closed; reopen it to add notes.`);
    const note = insertNote(db, { caseId: id, at: this.clock.now().toISOString(), by, text });
    updateCase(db, id, { updatedAt: note.at });
    this.event(db, id, by, 'note', { noteId: note.id });
    return { at: note.at, by: note.by, text: note.text };
  }

  /** Seal a file in the vault (type 'sar': SAR-confidential) and attach it to the case. */
  async attach(db: WritableDB, id: string, file: { fileName: string; mediaType: string; content: Buffer }, by: string): Promise<AttachmentView> {
    const row = this.require(db, id);
    if (row.status === 'closed') throw new VaultlineError('CONFLICT', `Case ${id} is closed; reopen it to attach files.`);
    const size = file.content.length;
    if (size === 0) throw new VaultlineError('VALIDATION', 'The file is empty. Nothing was changed.', { issues: [{ path: 'contentBase64', message: 'is empty' }] });
    if (size > CASE_ATTACHMENT_MAX_BYTES) {
      throw new VaultlineError('VALIDATION', `The file is ${(size / 1024 / 1024).toFixed(1)} MB; a case attachment may be at most 25 MB. Nothing was changed.`, { issues: [{ path: 'contentBase64', message: 'exceeds 25 MB' }] });
    }
    const signature = SIGNATURES[file.mediaType];
    if (signature && signature.some((b, i) => file.content[i] !== b)) {
      throw new VaultlineError('VALIDATION', `The file's content is not ${file.mediaType}, though it was sent as such. Nothing was changed.`, { issues: [{ path: 'contentBase64', message: `content does not start with the ${file.mediaType} signature` }] });
    }
    const record = await this.vault.put(db, { type: 'sar', subjectType: 'case', subjectId: id, title: file.fileName, contentType: file.mediaType }, file.content, `operator:${by}`);
    const attachment: CaseAttachmentRow = {
      id: `att_${randomBytes(10).toString('hex')}`,
      caseId: id,
      recordId: record.id,
      fileName: file.fileName,
      mediaType: file.mediaType,
      size,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      at: this.clock.now().toISOString(),
      by,
    };
    insertAttachment(db, attachment);
    updateCase(db, id, { updatedAt: attachment.at });
    this.event(db, id, by, 'attachment', { attachmentId: attachment.id, fileName: file.fileName, sha256: attachment.sha256, size });
    return attachmentView(attachment);
  }

  readAttachment(db: WritableDB, id: string, attachmentId: string, reader: { operatorId: string; username: string }, onFailure: FailureSink): { attachment: AttachmentView; content: Buffer } {
    this.require(db, id);
    const attachment = findAttachment(db, id, attachmentId);
    if (!attachment) throw new VaultlineError('NOT_FOUND', `Case ${id} has no attachment ${attachmentId}.`);
    const content = this.vault.readAll(db, attachment.recordId, { ...reader, purpose: `case ${id}: attachment ${attachment.fileName}`, kind: 'content' }, onFailure);
    return { attachment: attachmentView(attachment), content };
  }

  attachments(db: ReadableDB, id: string): AttachmentView[] {
    return attachmentsOf(db, id).map(attachmentView);
  }

  /** One step forward; 'decision' records the decision and its rationale (the reason). */
  transition(db: WritableDB, id: string, to: 'investigating' | 'escalated' | 'decision', reason: string, decision: 'sar' | 'no_sar' | undefined, by: string): CaseView {
    const row = this.require(db, id);
    const from = WORKFLOW.indexOf(row.status);
    const target = WORKFLOW.indexOf(to);
    if (target !== from + 1) {
      const next = WORKFLOW[from + 1];
      throw new VaultlineError(
        'CONFLICT',
        target <= from
          ? `Case ${id} is ${row.status}; it cannot go back to ${to} (a compliance officer may reopen it). Nothing was changed.`
          : `Case ${id} is ${row.status}; the next step is ${next ?? 'none'}, not ${to} (steps are not skipped). Nothing was changed.`,
      );
    }
    const at = this.clock.now().toISOString();
    if (to === 'decision') {
      if (decision === undefined) throw new VaultlineError('VALIDATION', 'A decision (sar or no_sar) is required.', { issues: [{ path: 'decision', message: 'is required' }] });
      const sar = sarOfCase(db, id);
      if (decision === 'no_sar' && sar?.state === 'filed') throw new VaultlineError('CONFLICT', `Case ${id} already has a filed ${sar.kind} (${sar.id}); the decision cannot be no_sar.`);
      updateCase(db, id, { status: 'decision', decision, decisionRationale: reason, decidedBy: by, decidedAt: at, updatedAt: at });
      this.event(db, id, by, 'decision', { decision, rationale: reason });
    } else {
      updateCase(db, id, { status: to, updatedAt: at });
      this.event(db, id, by, to, { reason });
    }
    return this.viewOf(db, id);
  }

  /** Back to investigating from a decision or a closed case (the decision is set aside; the history keeps it). */
  reopen(db: WritableDB, id: string, reason: string, by: string): CaseView {
    const row = this.require(db, id);
    if (row.status !== 'decision' && row.status !== 'closed') throw new VaultlineError('CONFLICT', `Case ${id} is ${row.status}; only a decided or closed case is reopened.`);
    const at = this.clock.now().toISOString();
    updateCase(db, id, { status: 'investigating', decision: null, decisionRationale: null, decidedBy: null, decidedAt: null, closedBy: null, closedAt: null, closeReason: null, updatedAt: at });
    this.event(db, id, by, 'reopened', { reason, from: row.status, decision: row.decision, decidedBy: row.decidedBy });
    return this.viewOf(db, id);
  }

  /** Four eyes: whoever recorded the decision cannot close; a 'sar' decision needs the SAR filed. */
  close(db: WritableDB, id: string, reason: string, by: string): CaseView {
    const row = this.require(db, id);
    if (row.status !== 'decision') throw new VaultlineError('CONFLICT', `Case ${id} is ${row.status}; only a case with a decision can be closed.`);
    if (row.decidedBy === by) throw new VaultlineError('FORBIDDEN', `You recorded the decision on case ${id}; another person must close it (four eyes).`);
    if (row.decision === 'sar') {
      const sar = sarOfCase(db, id);
      if (sar?.state !== 'filed') throw new VaultlineError('CONFLICT', `Case ${id} was decided 'sar'; file the ${sar?.kind ?? 'SAR/STR'} before closing (${sar ? `${sar.id} is ${sar.state}` : 'none is drafted yet'}).`);
    }
    const at = this.clock.now().toISOString();
    updateCase(db, id, { status: 'closed', closedBy: by, closedAt: at, closeReason: reason, updatedAt: at });
    this.event(db, id, by, 'closed', { reason });
    return this.viewOf(db, id);
  }
}

function parseCursor(cursor: string): { detectedAt: string; id: string } {
  const [detectedAt, id] = cursor.split('|');
  if (!detectedAt || !id || Number.isNaN(Date.parse(detectedAt))) throw new VaultlineError('VALIDATION', 'The cursor is not one this list gave.', { issues: [{ path: 'cursor', message: 'is not a cursor from cases.list' }] });
  return { detectedAt, id };
}

const attachmentView = (a: CaseAttachmentRow): AttachmentView => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size, sha256: a.sha256, at: a.at, by: a.by });
