/**
 * Pure helpers of the Cases screen: the status workflow in order, the filing deadline as it reads,
 * why the operator cannot close a case (four eyes; a SAR decision needs the SAR filed), and what the
 * SAR panel may offer whom. The core enforces every one of these (cases.transition / close,
 * sar.approve / export / file); the screen explains them before a click is refused.
 */
import { CASE_STATUSES } from '../../../../src-shared/commands/cases.commands';

export type CaseStatus = (typeof CASE_STATUSES)[number];
export { CASE_STATUSES };

export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = { open: 'Open', investigating: 'Investigating', escalated: 'Escalated', decision: 'Decision', closed: 'Closed' };
export const STATUS_COLORS: Readonly<Record<CaseStatus, string>> = { open: 'blue', investigating: 'cyan', escalated: 'orange', decision: 'grape', closed: 'gray' };

export const caseStatusOf = (value: string | null | undefined): CaseStatus | undefined => (value && (CASE_STATUSES as readonly string[]).includes(value) ? (value as CaseStatus) : undefined);

/** The one step forward cases.transition takes from here (closing is cases.close, not a transition). */
export function nextStatus(status: CaseStatus): 'investigating' | 'escalated' | 'decision' | null {
  switch (status) {
    case 'open':
      return 'investigating';
    case 'investigating':
      return 'escalated';
    case 'escalated':
      return 'decision';
    case 'decision':
    case 'closed':
      return null;
    default: {
      const unknown: never = status;
      return unknown;
    }
  }
}

/** Whether a status is already behind the case (for the workflow stepper). */
export function statusIndex(status: CaseStatus): number {
  return CASE_STATUSES.indexOf(status);
}

export interface DeadlineText {
  readonly text: string;
  readonly overdue: boolean;
  readonly soon: boolean;
}

/** `12 days left`, `due today`, `overdue by 3 days`, or `no SAR due` (daysLeft null). */
export function deadlineText(daysLeft: number | null, soonDays = 7): DeadlineText {
  if (daysLeft === null) return { text: 'no SAR due', overdue: false, soon: false };
  if (daysLeft < 0) return { text: `overdue by ${-daysLeft} day${daysLeft === -1 ? '' : 's'}`, overdue: true, soon: false };
  if (daysLeft === 0) return { text: 'due today', overdue: false, soon: true };
  return { text: `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`, overdue: false, soon: daysLeft <= soonDays };
}

interface ClosableCase {
  readonly status: CaseStatus;
  readonly decision: 'sar' | 'no_sar' | null;
  readonly decidedBy: string | null;
}

/**
 * Why this operator cannot close the case now, or undefined when they can. Four eyes: whoever
 * recorded the decision does not also close; a SAR decision is closed only once the SAR is filed.
 */
export function closeBlocker(c: ClosableCase, me: { readonly id: string; readonly username: string }, sarState: 'draft' | 'approved' | 'filed' | null): string | undefined {
  if (c.status === 'closed') return 'The case is closed.';
  if (c.status !== 'decision') return 'A case is closed after its decision: move it through the workflow first.';
  if (c.decidedBy !== null && (c.decidedBy === me.id || c.decidedBy === me.username)) return 'You recorded the decision; another compliance officer or analyst closes the case (four eyes).';
  if (c.decision === 'sar' && sarState !== 'filed') return 'The decision is to file a SAR: the case closes once the SAR is filed.';
  return undefined;
}

export interface SarPermissions {
  readonly canDraft: boolean;
  readonly canEdit: boolean;
  readonly canApprove: boolean;
  /** Why approval is not offered (shown beside the disabled button). */
  readonly approveHint: string | undefined;
  readonly canExport: boolean;
  readonly canFile: boolean;
}

interface SarLike {
  readonly state: 'draft' | 'approved' | 'filed';
  readonly draftedBy: string;
  readonly updatedBy: string;
  readonly problems: readonly unknown[];
  /** Why an approved report's signed approval no longer verifies (the core re-checks it); null when it holds. */
  readonly approvalProblem?: string | null;
}

/** What the SAR panel offers: drafting by any SAR role, approval by an officer who neither drafted nor last edited it. */
export function sarPermissions(sar: SarLike | null, me: { readonly id: string; readonly username: string }, isOfficer: boolean, caseDecision: 'sar' | 'no_sar' | null): SarPermissions {
  const mine = (who: string): boolean => who === me.id || who === me.username;
  if (!sar) return { canDraft: caseDecision !== 'no_sar', canEdit: false, canApprove: false, approveHint: undefined, canExport: false, canFile: false };
  // A draft, or an approved report whose signed approval no longer holds, awaits an approval.
  const draft = sar.state === 'draft' || (sar.state === 'approved' && !!sar.approvalProblem);
  let approveHint: string | undefined;
  if (!draft) approveHint = undefined;
  else if (!isOfficer) approveHint = 'A compliance officer (MLRO) approves a SAR.';
  else if (mine(sar.draftedBy) || mine(sar.updatedBy)) approveHint = 'You drafted or last edited this SAR: another compliance officer approves it.';
  else if (sar.problems.length > 0) approveHint = 'Complete the draft first (see what is missing).';
  return {
    canDraft: false,
    canEdit: sar.state !== 'filed',
    canApprove: draft && approveHint === undefined,
    approveHint,
    canExport: sar.state !== 'draft',
    canFile: isOfficer && sar.state === 'approved' && !sar.approvalProblem,
  };
}

/** The parts of a SAR draft the panel's JSON editor holds (sar.update takes each as a whole). */
export const REPORT_FIELDS = ['subjects', 'reportingEntity', 'indicators', 'actionTaken'] as const;

export interface ReportFieldsUpdate {
  subjects?: Record<string, unknown>[];
  reportingEntity?: Record<string, unknown>;
  indicators?: string[];
  actionTaken?: string;
}

/** The editable report fields of a draft as two-space JSON (missing ones as null, so people see them). */
export function reportFieldsOf(draft: Readonly<Record<string, unknown>>): string {
  const out: Record<string, unknown> = {};
  for (const key of REPORT_FIELDS) out[key] = draft[key] ?? null;
  return JSON.stringify(out, null, 2);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The editor's text as a sar.update patch (null fields are left out), or what is wrong with it. */
export function reportFieldsUpdate(text: string): { readonly ok: true; readonly value: ReportFieldsUpdate } | { readonly ok: false; readonly message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Report fields are not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(json)) return { ok: false, message: 'Report fields must be a JSON object.' };
  const unknown = Object.keys(json).filter((k) => !(REPORT_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) return { ok: false, message: `Unknown report field${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')} (the narrative has its own box).` };
  const value: ReportFieldsUpdate = {};
  const { subjects, reportingEntity, indicators, actionTaken } = json;
  if (subjects !== null && subjects !== undefined) {
    if (!Array.isArray(subjects) || !subjects.every(isRecord)) return { ok: false, message: 'subjects must be a list of objects.' };
    value.subjects = subjects;
  }
  if (reportingEntity !== null && reportingEntity !== undefined) {
    if (!isRecord(reportingEntity)) return { ok: false, message: 'reportingEntity must be an object.' };
    value.reportingEntity = reportingEntity;
  }
  if (indicators !== null && indicators !== undefined) {
    if (!Array.isArray(indicators) || !indicators.every((i) => typeof i === 'string')) return { ok: false, message: 'indicators must be a list of codes such as "IUVC6".' };
    value.indicators = indicators;
  }
  if (actionTaken !== null && actionTaken !== undefined) {
    if (typeof actionTaken !== 'string') return { ok: false, message: 'actionTaken must be text.' };
    value.actionTaken = actionTaken;
  }
  return { ok: true, value };
}
