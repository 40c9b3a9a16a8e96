/**
 * SAR/STR filings: drafted from a case (sar-prefill.ts), edited, approved by a compliance officer
 * who neither drafted nor last edited it, exported and filed.
 *
 * - The approval binds the sha256 of the canonical JSON of the exact content approved, and the
 *   approver's own token signs a statement of it (sar-approval.ts; PIN entered at approval). Any
 *   later change voids it (the report goes back to draft); every export and the filing recompute the
 *   hash and re-verify the signature through the approver's operator certificate, and refuse a
 *   report whose content or approval no longer holds.
 * - Exports (goAML XML validated against the FIU's XSD, FinCEN SAR XML, PDF) are each sealed in the
 *   vault as a 'sar' record with their sha256. An unapproved report is refused before anything is
 *   produced or stored.
 * - Filing queues the chosen export (goAML XML by default) as an attachment with a `filed-report`
 *   item in the next outbound bundle — the item carries the signed approval statement, its signature
 *   and the approver's certificate — and the report becomes 'filed' — final (a trigger keeps it so).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from '../../src-shared/canonical';
import type { sarExportView, sarSummary, sarView } from '../../src-shared/commands/cases.commands';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import {
  alertsOfCase,
  assetsByIds,
  depositsByIds,
  exportsOf,
  findSar,
  insertExport,
  insertSar,
  monitoredByIds,
  nextSarId,
  sarOfCase,
  updateSar,
  walletAddress,
  withdrawalsByIds,
  type SarExportRow,
  type SarRow,
} from '../db/cases.repository';
import type { KycService } from '../kyc/kyc.service';
import type { KycProfile } from '../kyc/profile';
import { findCustomer } from '../db/kyc.repository';
import type { OutboxService } from '../bundles/outbox.service';
import type { FailureSink, VaultService } from '../vault/vault.service';
import type { SessionOperator } from '../services/sessions.service';
import type { ConsoleService } from '../services/console.service';
import { getMeta } from '../db/meta.repository';
import { findOperatorById } from '../db/operators.repository';
import { signWithOperatorKey } from '../hsm/operator.keystore';
import { derHex } from '../custody/approval';
import type { QuorumContext } from '../custody/quorum';
import { checkSarApproval, requireSarApproval, sarApprovalStatement, type VerifiedSarApproval } from './sar-approval';
import { parseSarDraft, type SarKind, type SarReport } from '../reporting/sar.model';
import { exportGoamlXml } from '../reporting/goaml.export';
import { exportFincenSarXml, type FincenOptionsInput } from '../reporting/fincen-sar.export';
import { sarPdf } from '../reporting/sar.pdf';
import type { CasesService } from './cases.service';
import { prefillDraft, sarProblems } from './sar-prefill';
import { readSarSettings } from './sar-settings';

export type SarFormat = 'goaml' | 'fincen' | 'pdf';
type Json = Record<string, unknown>;

export interface SarEdits {
  readonly kind?: SarKind | undefined;
  readonly narrative?: string | undefined;
  readonly actionTaken?: string | undefined;
  readonly indicators?: readonly string[] | undefined;
  readonly submissionDate?: string | undefined;
  readonly subjects?: readonly Json[] | undefined;
  readonly transactions?: readonly Json[] | undefined;
  readonly reportingEntity?: Json | undefined;
}

export interface SarExportResult {
  readonly row: SarExportRow;
  readonly content: Buffer;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

const FILE = {
  goaml: { mediaType: 'application/xml', name: (id: string, kind: SarKind) => `${id}-${kind}-goaml.xml`, item: 'goaml-xml' },
  fincen: { mediaType: 'application/xml', name: (id: string) => `${id}-fincen-sarx.xml`, item: 'fincen-sar-xml' },
  pdf: { mediaType: 'application/pdf', name: (id: string, kind: SarKind) => `${id}-${kind}.pdf`, item: 'pdf' },
} as const;

export class SarService {
  constructor(
    private readonly clock: Clock,
    private readonly cases: CasesService,
    private readonly kyc: KycService,
    private readonly vault: VaultService,
    private readonly outbox: OutboxService,
    private readonly console: ConsoleService,
    private readonly operatorModulePath: () => string,
  ) {}

  private approvalContext(db: ReadableDB): QuorumContext {
    const identity = this.console.identity;
    const consoleId = getMeta(db, 'console_id');
    if (!identity || !consoleId) throw new VaultlineError('LOCKED', 'The console is locked.');
    return { consoleId, identitySpki: identity.spki, now: this.clock.now().toISOString() };
  }

  require(db: ReadableDB, id: string): SarRow {
    const row = findSar(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `There is no SAR/STR ${id}.`);
    return row;
  }

  /** Draft a report from the case: one per case. */
  draft(db: WritableDB, caseId: string, kind: SarKind, operator: SessionOperator): SarRow {
    const kase = this.cases.require(db, caseId);
    if (kase.status === 'closed') throw new VaultlineError('CONFLICT', `Case ${caseId} is closed; reopen it before drafting a report.`);
    if (kase.decision === 'no_sar') throw new VaultlineError('CONFLICT', `Case ${caseId} was decided no_sar; reopen it before drafting a report.`);
    const existing = sarOfCase(db, caseId);
    if (existing) throw new VaultlineError('DUPLICATE', `Case ${caseId} already has ${existing.kind} ${existing.id} (${existing.state}).`);
    const alerts = alertsOfCase(db, caseId);
    const transactions = monitoredByIds(db, [...new Set(alerts.map((a) => a.txId))]);
    const deposits = depositsByIds(db, transactions.filter((t) => t.direction === 'deposit').map((t) => t.id.replace(/^dep:/, '')));
    const withdrawals = withdrawalsByIds(db, transactions.filter((t) => t.direction === 'withdrawal').map((t) => t.id.replace(/^wd:/, '')));
    const walletAddresses = new Map<string, string>();
    for (const w of withdrawals) {
      const address = walletAddress(db, w.walletId);
      if (address) walletAddresses.set(w.walletId, address);
    }
    const profiles = new Map<string, KycProfile>();
    for (const customerId of new Set(transactions.map((t) => t.customerId))) {
      const row = findCustomer(db, customerId);
      if (row) profiles.set(customerId, this.kyc.profileOf(db, row));
    }
    const settings = readSarSettings(db);
    const now = this.clock.now().toISOString();
    const draft = prefillDraft({
      caseId,
      kind,
      detectedAt: kase.detectedAt,
      today: now.slice(0, 10),
      alerts,
      transactions,
      deposits: new Map(deposits.map((d) => [d.id, d])),
      withdrawals: new Map(withdrawals.map((w) => [w.id, w])),
      assets: new Map(assetsByIds(db, [...new Set(transactions.map((t) => t.assetId))]).map((a) => [a.id, a])),
      walletAddresses,
      profiles,
      reportingEntity: settings.reportingEntity,
      indicators: settings.defaultIndicators,
    });
    const text = canonicalJson(draft);
    const row: SarRow = {
      id: nextSarId(db),
      caseId,
      kind,
      state: 'draft',
      draft: text,
      contentSha256: sha256(text),
      draftedBy: operator.username,
      draftedAt: now,
      updatedBy: operator.username,
      updatedAt: now,
      approvedBy: null,
      approvedAt: null,
      approvedSha256: null,
      approvalStatement: null,
      approvalSignature: null,
      filedBy: null,
      filedAt: null,
      filedFormat: null,
      filedExportId: null,
      bundleItemId: null,
      attachmentItemId: null,
    };
    insertSar(db, row);
    this.cases.record(db, caseId, operator.username, 'sar.drafted', { sarId: row.id, kind, sha256: row.contentSha256 });
    return row;
  }

  /** Change the draft. A filed report never changes; a change to an approved one voids the approval. */
  update(db: WritableDB, id: string, edits: SarEdits, operator: SessionOperator): SarRow {
    const row = this.require(db, id);
    if (row.state === 'filed') throw new VaultlineError('CONFLICT', `${row.kind} ${id} was filed on ${row.filedAt}; a filed report never changes.`);
    const draft = JSON.parse(row.draft) as Json;
    const changed: string[] = [];
    for (const [key, value] of Object.entries(edits) as [string, unknown][]) {
      if (value === undefined) continue;
      const next: unknown = key === 'narrative' || key === 'actionTaken' ? (value as string).replace(/\r\n?/g, '\n') : value;
      if (canonicalJson(draft[key] ?? null) === canonicalJson(next)) continue;
      draft[key] = next;
      changed.push(key);
    }
    if (changed.length === 0) return row;
    const text = canonicalJson(draft);
    const now = this.clock.now().toISOString();
    const voided = row.state === 'approved';
    updateSar(db, id, {
      kind: draft.kind as SarKind,
      draft: text,
      contentSha256: sha256(text),
      updatedBy: operator.username,
      updatedAt: now,
      ...(voided ? { state: 'draft' as const, approvedBy: null, approvedAt: null, approvedSha256: null, approvalStatement: null, approvalSignature: null } : {}),
    });
    this.cases.record(db, row.caseId, operator.username, 'sar.updated', { sarId: id, fields: changed, sha256: sha256(text), ...(voided ? { approvalVoided: { approvedBy: row.approvedBy, approvedSha256: row.approvedSha256 } } : {}) });
    return this.require(db, id);
  }

  /**
   * Approval by a compliance officer who neither drafted nor last edited the report: their own
   * token (PIN entered now) signs the statement binding the content hash. An approved report whose
   * approval no longer verifies (unsigned, from before migration 0014, or altered) may be approved
   * again.
   */
  approve(db: WritableDB, id: string, operator: SessionOperator, tokenPin: string): SarRow {
    const row = this.require(db, id);
    if (!operator.roles.includes('compliance_officer')) throw new VaultlineError('FORBIDDEN', 'Only a compliance officer (MLRO) approves a SAR/STR.');
    const ctx = this.approvalContext(db);
    if (row.state === 'filed' || (row.state === 'approved' && checkSarApproval(db, row, ctx).ok)) throw new VaultlineError('CONFLICT', `${row.kind} ${id} is already ${row.state}.`);
    if (row.draftedBy === operator.username || row.updatedBy === operator.username) {
      throw new VaultlineError('FORBIDDEN', `You ${row.draftedBy === operator.username ? 'drafted' : 'last edited'} ${row.kind} ${id}; another compliance officer must approve it (four eyes).`);
    }
    if (sha256(row.draft) !== row.contentSha256) throw new VaultlineError('INTEGRITY_FAILURE', `${row.kind} ${id}: the stored draft does not match its content hash; it was changed outside the console.`);
    const draft = JSON.parse(row.draft) as Json;
    const problems = sarProblems(draft);
    if (problems.length > 0) throw new VaultlineError('VALIDATION', `${row.kind} ${id} is not complete; nothing was approved. See the fields listed.`, { issues: problems });
    const approvedAt = ctx.now;
    // The approved report must parse whole, approval included (approval not before detection).
    parseSarDraft({ ...draft, approval: { mlroUsername: operator.username, approvedAt } });
    const me = findOperatorById(db, operator.id);
    if (!me) throw new VaultlineError('UNAUTHENTICATED', 'Your operator record is gone.');
    const statement = sarApprovalStatement(ctx.consoleId, row, { id: operator.id, username: operator.username }, approvedAt);
    const raw = signWithOperatorKey(this.operatorModulePath(), me.tokenLabel, tokenPin, me.tokenKeyId, Buffer.from(me.publicKeySpki, 'base64'), Buffer.from(statement, 'utf8'));
    const signature = derHex(raw);
    updateSar(db, id, { state: 'approved', approvedBy: operator.username, approvedAt, approvedSha256: row.contentSha256, approvalStatement: statement, approvalSignature: signature });
    // The signature must hold as every export and the filing will check it (certificate, role, key).
    requireSarApproval(db, this.require(db, id), ctx, 'nothing was approved');
    this.cases.record(db, row.caseId, operator.username, 'sar.approved', { sarId: id, sha256: row.contentSha256, signed: true });
    return this.require(db, id);
  }

  /**
   * The approved report and its verified approval, after checking that its content is still exactly
   * what was approved and that the approver's signature holds.
   */
  private approvedReport(db: ReadableDB, row: SarRow, format: string, done = 'nothing was exported'): { report: SarReport; approval: VerifiedSarApproval } {
    if (row.state === 'draft' || row.approvedBy === null || row.approvedAt === null || row.approvedSha256 === null) {
      throw new VaultlineError('VALIDATION', `${row.kind} ${row.id} is not approved; it cannot be exported as ${format}. Nothing was produced or stored.`, {
        issues: [{ path: 'approval', message: 'the report must be approved by a compliance officer (MLRO) before it is exported' }],
      });
    }
    if (sha256(row.draft) !== row.approvedSha256 || row.contentSha256 !== row.approvedSha256) {
      throw new VaultlineError('INTEGRITY_FAILURE', `${row.kind} ${row.id}: its content no longer matches what was approved; ${done}.`);
    }
    const approval = requireSarApproval(db, row, this.approvalContext(db), done);
    return { report: parseSarDraft({ ...(JSON.parse(row.draft) as Json), approval: { mlroUsername: row.approvedBy, approvedAt: row.approvedAt } }), approval };
  }

  /** Produce an export of the approved report and seal it in the vault. */
  async export(db: WritableDB, id: string, format: SarFormat, by: string): Promise<SarExportResult> {
    const row = this.require(db, id);
    const names = { goaml: 'goAML XML', fincen: 'FinCEN SAR XML', pdf: 'PDF' } as const;
    const { report } = this.approvedReport(db, row, names[format]);
    let content: Buffer;
    let validated = false;
    switch (format) {
      case 'goaml':
        content = Buffer.from(await exportGoamlXml(report), 'utf8');
        validated = true; // exportGoamlXml refuses XML that does not validate against the FIU's XSD
        break;
      case 'fincen': {
        const options = readSarSettings(db).fincen;
        if (!options) throw new VaultlineError('VALIDATION', 'FinCEN filer details are not set (sar.settings.set fincen); nothing was exported.', { issues: [{ path: 'fincen', message: 'set the transmitter, filing institution and contact office first' }] });
        content = Buffer.from(exportFincenSarXml(report, options as FincenOptionsInput), 'utf8');
        break;
      }
      case 'pdf':
        content = Buffer.from(await sarPdf(report));
        break;
      default: {
        const never: never = format;
        throw new VaultlineError('VALIDATION', `Unknown format ${String(never)}.`);
      }
    }
    const spec = FILE[format];
    const fileName = spec.name(row.id, row.kind);
    const record = await this.vault.put(db, { type: 'sar', subjectType: 'case', subjectId: row.caseId, title: fileName, contentType: spec.mediaType }, content, `operator:${by}`);
    const exported: SarExportRow = {
      id: `sx_${randomBytes(10).toString('hex')}`,
      sarId: row.id,
      format,
      fileName,
      mediaType: spec.mediaType,
      size: content.length,
      sha256: sha256(content),
      recordId: record.id,
      contentSha256: row.approvedSha256!,
      validated,
      at: this.clock.now().toISOString(),
      by,
    };
    if (exported.sha256 !== record.sha256) throw new VaultlineError('INTERNAL', 'The vault stored different bytes than were exported.');
    insertExport(db, exported);
    this.cases.record(db, row.caseId, by, 'sar.exported', { sarId: row.id, format, sha256: exported.sha256, recordId: record.id, validated });
    return { row: exported, content };
  }

  /**
   * File the approved report: the export in `format` (an existing one of the approved content, read
   * back from the vault and checked, or a new one) goes into the next outbound bundle as an
   * attachment with its `filed-report` item.
   */
  async file(db: WritableDB, id: string, format: SarFormat, operator: SessionOperator, onFailure: FailureSink): Promise<SarRow> {
    const row = this.require(db, id);
    if (row.state === 'filed') throw new VaultlineError('CONFLICT', `${row.kind} ${id} was already filed on ${row.filedAt}.`);
    const { approval } = this.approvedReport(db, row, FILE[format].item, 'nothing was filed');
    const kase = this.cases.require(db, row.caseId);
    if (kase.decision !== 'sar') throw new VaultlineError('CONFLICT', `Case ${kase.id} has no decision to file (${kase.decision ?? 'none yet'}); record the decision 'sar' before filing ${id}.`);
    const previous = exportsOf(db, id).filter((e) => e.format === format && e.contentSha256 === row.approvedSha256).pop();
    let exported: SarExportResult;
    if (previous) {
      const content = this.vault.readAll(db, previous.recordId, { operatorId: operator.id, username: operator.username, purpose: `filing ${row.kind} ${id}`, kind: 'export' }, onFailure);
      exported = { row: previous, content };
    } else {
      exported = await this.export(db, id, format, operator.username);
    }
    const settings = readSarSettings(db);
    const filedAt = this.clock.now().toISOString();
    const attachment = this.outbox.queueBytes(db, 'attachment', exported.row.mediaType as 'application/xml' | 'application/pdf', exported.content);
    const item = this.outbox.queue(db, 'filed-report', {
      reportId: id,
      kind: row.kind,
      jurisdiction: format === 'fincen' ? 'US' : settings.jurisdiction,
      format: FILE[format].item,
      filedAt,
      attachmentId: attachment.itemId,
      approval,
    });
    updateSar(db, id, { state: 'filed', filedBy: operator.username, filedAt, filedFormat: format, filedExportId: exported.row.id, bundleItemId: item.itemId, attachmentItemId: attachment.itemId });
    this.cases.record(db, row.caseId, operator.username, 'sar.filed', { sarId: id, format, sha256: exported.row.sha256, bundleItemId: item.itemId, attachmentItemId: attachment.itemId });
    return this.require(db, id);
  }

  summary(row: SarRow): z.infer<typeof sarSummary> {
    return { id: row.id, caseId: row.caseId, kind: row.kind, state: row.state, draftedBy: row.draftedBy, draftedAt: row.draftedAt, approvedBy: row.approvedBy, approvedAt: row.approvedAt, filedAt: row.filedAt };
  }

  view(db: ReadableDB, row: SarRow): z.infer<typeof sarView> {
    const draft = JSON.parse(row.draft) as Json;
    let approvalProblem: string | null = null;
    if (row.state !== 'draft') {
      if (sha256(row.draft) !== row.approvedSha256 || row.contentSha256 !== row.approvedSha256) approvalProblem = 'its content no longer matches what was approved';
      else {
        const checked = checkSarApproval(db, row, this.approvalContext(db));
        if (!checked.ok) approvalProblem = checked.reason;
      }
    }
    return {
      ...this.summary(row),
      draft,
      problems: row.state === 'draft' ? sarProblems(draft) : [],
      contentSha256: row.contentSha256,
      approvedSha256: row.approvedSha256,
      approval: row.approvalStatement !== null && row.approvalSignature !== null ? { statement: row.approvalStatement, signature: row.approvalSignature } : null,
      approvalProblem,
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt,
      filedBy: row.filedBy,
      filedFormat: row.filedFormat,
      bundleItemId: row.bundleItemId,
      attachmentItemId: row.attachmentItemId,
      exports: exportsOf(db, row.id).map(exportView),
    };
  }
}

export const exportView = (e: SarExportRow): z.infer<typeof sarExportView> => ({
  id: e.id,
  format: e.format,
  fileName: e.fileName,
  mediaType: e.mediaType,
  size: e.size,
  sha256: e.sha256,
  recordId: e.recordId,
  contentSha256: e.contentSha256,
  validated: e.validated,
  at: e.at,
  by: e.by,
});
