/**
 * Cases and SAR/STR filings (issue 9, points 6 and 7). A case is opened from monitoring alerts and
 * worked through open → investigating → escalated → decision → closed; a SAR/STR is drafted from
 * the case, approved by a compliance officer who did not draft it, exported (goAML XML, FinCEN SAR
 * XML, PDF — each export sealed in the vault) and filed through the next outbound bundle.
 *
 * Confidentiality (FATF R21, tipping-off): every command here is for SAR_ROLES only
 * (compliance_analyst, compliance_officer; src-shared/roles.ts). Auditors get no case view: a case's
 * decision and history say whether a SAR exists. Every `sar.*` command is `confidential`: the
 * audit trail records it under the sealed name `compliance.sealed` (the SAR's own history, visible
 * to SAR_ROLES, says what was done); entries written before that sealing are hidden from
 * `audit.list` outside SAR_ROLES.
 */
import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, operatorId, pin, sha256Hex } from '../schemas';
import { SAR_ROLES } from '../roles';

export const caseId = z.string().regex(/^CASE-\d{6}$/, 'must be a case id such as CASE-000001');
export const sarId = z.string().regex(/^SAR-\d{6}$/, 'must be a SAR id such as SAR-000001');
export const alertId = z.number().int().positive('must be an alert id (a positive whole number)');
const attachmentId = z.string().regex(/^att_[0-9a-f]{20}$/, 'must be an attachment id (att_…)');
const reason = z.string().trim().min(10, 'must give the reason in at least 10 characters').max(4000);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const CASE_STATUSES = ['open', 'investigating', 'escalated', 'decision', 'closed'] as const;
export const caseStatus = z.enum(CASE_STATUSES);
export const caseDecision = z.enum(['sar', 'no_sar']);
export const SAR_STATES = ['draft', 'approved', 'filed'] as const;
export const sarState = z.enum(SAR_STATES);
export const sarKind = z.enum(['SAR', 'STR']);
export const sarFormat = z.enum(['goaml', 'fincen', 'pdf']);
/** Media types a case attachment may have (documents, images, exports from other tools). */
export const CASE_ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv', 'application/json', 'application/xml'] as const;
export const CASE_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
/** Default days from detection (the earliest alert) to the SAR filing deadline. */
export const DEFAULT_SAR_DEADLINE_DAYS = 30;

export const caseRow = z.object({
  id: caseId,
  title: z.string(),
  status: caseStatus,
  customerIds: z.array(z.string()),
  alertCount: z.number().int().nonnegative(),
  openedAt: isoTimestamp,
  openedBy: z.string(),
  /** The earliest alert's raisedAt: the filing deadline runs from it. */
  detectedAt: isoTimestamp,
  sarDueAt: isoTimestamp,
  /** Whole days until sarDueAt (negative once overdue); null once no SAR is due (filed, no_sar, closed). */
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  assignee: z.string().nullable(),
  decision: caseDecision.nullable(),
  hasSar: z.boolean(),
});

export const caseDetail = caseRow.extend({
  decisionRationale: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: isoTimestamp.nullable(),
  closedBy: z.string().nullable(),
  closedAt: isoTimestamp.nullable(),
  closeReason: z.string().nullable(),
});

export const caseAlertView = z.object({
  id: alertId,
  raisedAt: isoTimestamp,
  level: z.enum(['low', 'medium', 'high', 'critical']),
  ruleId: z.string(),
  ruleTitle: z.string(),
  ruleVersion: z.number().int(),
  customerId: z.string(),
  txRef: z.string(),
  assetId: z.string(),
  /** Minor units of the asset, decimal text. */
  amount: z.string(),
  usdCents: z.string(),
  state: z.string(),
  outcome: z.string().nullable(),
});

export const caseNoteView = z.object({ at: isoTimestamp, by: z.string(), text: z.string() });
export const caseAttachmentView = z.object({ id: attachmentId, fileName: z.string(), mediaType: z.string(), size: z.number().int().nonnegative(), sha256: sha256Hex, at: isoTimestamp, by: z.string() });
export const caseEventView = z.object({ at: isoTimestamp, by: z.string(), action: z.string(), detail: z.string() });

export const sarExportView = z.object({
  id: z.string(),
  format: sarFormat,
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: sha256Hex,
  /** The vault record holding the exported file. */
  recordId: z.string(),
  /** sha256 of the approved content it was made from. */
  contentSha256: sha256Hex,
  validated: z.boolean(),
  at: isoTimestamp,
  by: z.string(),
});

export const sarSummary = z.object({
  id: sarId,
  caseId,
  kind: sarKind,
  state: sarState,
  draftedBy: z.string(),
  draftedAt: isoTimestamp,
  approvedBy: z.string().nullable(),
  approvedAt: isoTimestamp.nullable(),
  filedAt: isoTimestamp.nullable(),
});

export const fieldIssue = z.object({ path: z.string(), message: z.string() });

export const sarView = sarSummary.extend({
  /**
   * The report as JSON, in the shape src-main/reporting/sar.model.ts (`SarDraftInput`) reads:
   * amounts as decimal text in the asset's unit, USD as decimal text. Fields the KYC file does not
   * hold (an ID document's issue date, an entity's business) are left out and listed in `problems`.
   */
  draft: z.record(z.string(), z.unknown()),
  /** What must be completed before approval (empty when the draft is complete). */
  problems: z.array(fieldIssue),
  /** sha256 of the canonical JSON of the draft as it stands. */
  contentSha256: sha256Hex,
  /** The content hash the approval binds; null until approved (and again after any change). */
  approvedSha256: sha256Hex.nullable(),
  /**
   * The statement the approver's own token signed (canonical JSON: console, report, content hash,
   * approver, role, time) and the signature (P-256, DER hex); null until approved. Re-verified
   * against the approver's operator certificate before every export and the filing.
   */
  approval: z.object({ statement: z.string(), signature: z.string() }).nullable(),
  /** Why the stored approval of an approved or filed report no longer verifies; null when it holds (or there is none yet). */
  approvalProblem: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: isoTimestamp,
  filedBy: z.string().nullable(),
  filedFormat: sarFormat.nullable(),
  /** The outbound bundle items that carry the filing (the report item and its document). */
  bundleItemId: z.string().nullable(),
  attachmentItemId: z.string().nullable(),
  exports: z.array(sarExportView),
});

const compliance = { roles: SAR_ROLES };
const officer = { roles: ['compliance_officer'] as const };

// ─── cases ───────────────────────────────────────────────────────────────────────────────────

export const casesCreate = defineCommand({
  name: 'cases.create',
  summary: 'Open a case from one or more alerts (each alert joins the case)',
  access: compliance,
  input: z.object({ alertIds: z.array(alertId).min(1, 'must name at least one alert').max(500), title: z.string().trim().min(3, 'must be at least 3 characters').max(200) }).strict(),
  output: z.object({ case: caseRow }),
});

export const casesList = defineCommand({
  name: 'cases.list',
  summary: 'Cases by filing deadline (soonest first), with days left and overdue flags',
  access: compliance,
  input: z
    .object({
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      filter: z
        .object({
          /** 'active': every status but closed. */
          status: z.union([caseStatus, z.literal('active')]).optional(),
          assignee: z.union([z.literal('me'), z.literal('unassigned'), operatorId]).optional(),
          overdue: z.boolean().optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  output: z.object({ rows: z.array(caseRow), nextCursor: z.string().nullable(), total: z.number().int().nonnegative() }),
});

export const casesGet = defineCommand({
  name: 'cases.get',
  summary: 'A case with its alerts, notes, attachments, history and SAR summary',
  access: compliance,
  input: z.object({ id: caseId }).strict(),
  output: z.object({
    case: caseDetail,
    alerts: z.array(caseAlertView),
    notes: z.array(caseNoteView),
    attachments: z.array(caseAttachmentView),
    history: z.array(caseEventView),
    sar: sarSummary.nullable(),
  }),
});

export const casesAssign = defineCommand({
  name: 'cases.assign',
  summary: 'Give a case to an operator (or to nobody)',
  access: compliance,
  input: z.object({ id: caseId, assignee: operatorId.nullable() }).strict(),
  output: z.object({ case: caseRow }),
});

export const casesNote = defineCommand({
  name: 'cases.note',
  summary: 'Add a note to a case (notes are never edited)',
  access: compliance,
  input: z.object({ id: caseId, text: z.string().trim().min(1, 'must not be empty').max(20_000) }).strict(),
  output: z.object({ note: caseNoteView }),
});

export const casesAttach = defineCommand({
  name: 'cases.attach',
  summary: 'Attach a file to a case (sealed in the vault; at most 25 MB)',
  access: compliance,
  input: z
    .object({
      id: caseId,
      // eslint-disable-next-line no-control-regex -- control characters are what the pattern refuses
      fileName: z.string().trim().min(1).max(200).regex(/^[^/\\\u0000-\u001f]+$/, 'must be a file name without a folder'),
      mediaType: z.enum(CASE_ATTACHMENT_TYPES),
      // 25 MB as base64 is 34 952 536 characters; a little more is let through so that the size
      // check below can name the real size.
      contentBase64: base64.max(36_000_000, 'must be at most 25 MB of content'),
    })
    .strict(),
  output: z.object({ attachment: caseAttachmentView }),
});

export const casesAttachmentGet = defineCommand({
  name: 'cases.attachment.get',
  summary: 'Read a case attachment from the vault (the read is logged)',
  access: compliance,
  input: z.object({ id: caseId, attachmentId }).strict(),
  output: z.object({ attachment: caseAttachmentView, contentBase64: z.string() }),
});

export const casesTransition = defineCommand({
  name: 'cases.transition',
  summary: 'Move a case one step on (open → investigating → escalated → decision), or reopen it',
  access: compliance,
  input: z
    .object({
      id: caseId,
      to: z.enum(['investigating', 'escalated', 'decision']),
      reason,
      /** Required when `to` is 'decision': whether a SAR/STR is filed. `reason` is the rationale. */
      decision: caseDecision.optional(),
    })
    .strict()
    .refine((i) => (i.to === 'decision') === (i.decision !== undefined), { path: ['decision'], message: "is required when moving to 'decision', and only then" }),
  output: z.object({ case: caseRow }),
});

export const casesReopen = defineCommand({
  name: 'cases.reopen',
  summary: 'Reopen a decided or closed case for more investigation (compliance officer; the decision is set aside)',
  access: officer,
  input: z.object({ id: caseId, reason }).strict(),
  output: z.object({ case: caseRow }),
});

export const casesClose = defineCommand({
  name: 'cases.close',
  summary: 'Close a decided case: by someone other than who decided (four eyes); a SAR decision needs the SAR filed',
  access: compliance,
  input: z.object({ id: caseId, reason }).strict(),
  output: z.object({ case: caseRow }),
});

// ─── SAR / STR ───────────────────────────────────────────────────────────────────────────────

export const sarDraft = defineCommand({
  name: 'sar.draft',
  confidential: true,
  summary: 'Draft a SAR/STR from a case: subject from the KYC file, transactions and evidence from the alerts, narrative from the template',
  access: compliance,
  input: z.object({ caseId, kind: sarKind }).strict(),
  output: z.object({ sar: sarView }),
});

export const sarGet = defineCommand({
  name: 'sar.get',
  confidential: true,
  summary: 'A SAR/STR: its draft, what is missing, approval, exports and filing',
  access: compliance,
  input: z.object({ id: sarId }).strict(),
  output: z.object({ sar: sarView }),
});

export const sarUpdate = defineCommand({
  name: 'sar.update',
  confidential: true,
  summary: 'Edit a SAR/STR before it is filed; a change to an approved report voids the approval',
  access: compliance,
  input: z
    .object({
      id: sarId,
      kind: sarKind.optional(),
      narrative: z.string().max(20_000).optional(),
      actionTaken: z.string().max(4_000).optional(),
      indicators: z.array(z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be an FIU indicator code like "IUVC6"')).max(100).optional(),
      submissionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
      /** Whole replacements, checked against the report model (problems are returned, see sar.get). */
      subjects: z.array(z.record(z.string(), z.unknown())).min(1).max(100).optional(),
      transactions: z.array(z.record(z.string(), z.unknown())).min(1).max(10_000).optional(),
      reportingEntity: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  output: z.object({ sar: sarView }),
});

export const sarApprove = defineCommand({
  name: 'sar.approve',
  confidential: true,
  summary: 'Approve a complete SAR/STR with your own token (compliance officer who neither drafted nor last edited it): it signs the content hash',
  access: officer,
  secrets: ['tokenPin'],
  input: z.object({ id: sarId, tokenPin: pin }).strict(),
  output: z.object({ sar: sarView }),
});

export const sarExport = defineCommand({
  name: 'sar.export',
  confidential: true,
  summary: 'Export an approved SAR/STR as goAML XML (validated against the XSD), FinCEN SAR XML or PDF; the file is sealed in the vault',
  access: compliance,
  input: z.object({ id: sarId, format: sarFormat }).strict(),
  output: z.object({ exportId: z.string(), recordId: z.string(), fileName: z.string(), mediaType: z.string(), contentBase64: z.string(), sha256: sha256Hex, validated: z.boolean() }),
});

export const sarFile = defineCommand({
  name: 'sar.file',
  confidential: true,
  summary: 'File an approved SAR/STR: its export (goAML XML unless another format is chosen) is queued in the next outbound bundle',
  access: officer,
  input: z.object({ id: sarId, format: sarFormat.default('goaml') }).strict(),
  output: z.object({ sar: sarView }),
});

export const sarSettingsGet = defineCommand({
  name: 'sar.settings.get',
  confidential: true,
  summary: 'SAR filing settings: deadline, reporting entity, FIU jurisdiction, FinCEN filer details',
  access: compliance,
  input: z.object({}).strict(),
  output: z.object({
    deadlineDays: z.number().int(),
    jurisdiction: z.string(),
    reportingEntity: z.record(z.string(), z.unknown()).nullable(),
    defaultIndicators: z.array(z.string()),
    fincen: z.record(z.string(), z.unknown()).nullable(),
  }),
});

export const sarSettingsSet = defineCommand({
  name: 'sar.settings.set',
  confidential: true,
  summary: 'Set the SAR filing settings (compliance officer); each part is checked before anything is stored',
  access: officer,
  input: z
    .object({
      deadlineDays: z.number().int().min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').optional(),
      /** ISO 3166-1 alpha-2 of the FIU filed with ("AE" for the shipped goAML schema). */
      jurisdiction: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code').optional(),
      /** The goAML reporting entity and person (sar.model.ts `reportingEntity`). */
      reportingEntity: z.record(z.string(), z.unknown()).optional(),
      defaultIndicators: z.array(z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be an FIU indicator code like "IUVC6"')).max(100).optional(),
      /** FinCEN filer details (fincen-sar.export.ts `fincenOptionsSchema`). */
      fincen: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  output: z.object({ saved: z.literal(true) }),
});
