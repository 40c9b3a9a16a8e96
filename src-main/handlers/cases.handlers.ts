import type { Bus } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import { alertsOfCase, eventsOf, notesOf, sarOfCase, type AlertRow } from '../db/cases.repository';
import type { CasesService } from '../cases/cases.service';
import type { SarService } from '../cases/sar.service';
import { readSarSettings, saveSarSettings } from '../cases/sar-settings';
import { actor } from './session.handlers';

const alertView = (a: AlertRow) => ({
  id: a.id,
  raisedAt: a.raisedAt,
  level: a.level,
  ruleId: a.ruleId,
  ruleTitle: a.ruleTitle,
  ruleVersion: a.ruleVersion,
  customerId: a.customerId,
  txRef: a.txRef,
  assetId: a.assetId,
  amount: a.amount,
  usdCents: a.usdCents,
  state: a.state,
  outcome: a.outcome,
});

/** cases.* and sar.*: every one of them SAR_ROLES only (src-shared/commands/cases.commands.ts). */
export function registerCasesHandlers(bus: Bus, console: ConsoleService, cases: CasesService, sars: SarService): void {
  const db = () => console.requireDb();

  bus.register('cases.create', (input, ctx) => ({ case: cases.create(db(), input.alertIds, input.title, actor(ctx)) }));

  bus.register('cases.list', (input, ctx) => {
    const f = input.filter ?? {};
    const assignee = f.assignee === 'me' ? actor(ctx).id : f.assignee === 'unassigned' ? null : f.assignee;
    return cases.list(db(), { status: f.status, assignee, overdue: f.overdue }, input.cursor, input.limit);
  });

  bus.register('cases.get', (input) => {
    const view = cases.viewOf(db(), input.id);
    const row = cases.require(db(), input.id);
    const sar = sarOfCase(db(), input.id);
    return {
      case: {
        ...view,
        decisionRationale: row.decisionRationale,
        decidedBy: row.decidedBy,
        decidedAt: row.decidedAt,
        closedBy: row.closedBy,
        closedAt: row.closedAt,
        closeReason: row.closeReason,
      },
      alerts: alertsOfCase(db(), input.id).map(alertView),
      notes: notesOf(db(), input.id).map((n) => ({ at: n.at, by: n.by, text: n.text })),
      attachments: cases.attachments(db(), input.id),
      history: eventsOf(db(), input.id).map((e) => ({ at: e.at, by: e.by, action: e.action, detail: e.detail })),
      sar: sar ? sars.summary(sar) : null,
    };
  });

  bus.register('cases.assign', (input, ctx) => ({ case: cases.assign(db(), input.id, input.assignee, actor(ctx).username) }));

  bus.register('cases.note', (input, ctx) => ({ note: cases.note(db(), input.id, input.text, actor(ctx).username) }));

  bus.register('cases.attach', async (input, ctx) => ({
    attachment: await cases.attach(db(), input.id, { fileName: input.fileName, mediaType: input.mediaType, content: Buffer.from(input.contentBase64, 'base64') }, actor(ctx).username),
  }));

  bus.register('cases.attachment.get', (input, ctx) => {
    const operator = actor(ctx);
    const { attachment, content } = cases.readAttachment(db(), input.id, input.attachmentId, { operatorId: operator.id, username: operator.username }, (w) => ctx.onFailure(w));
    return { attachment, contentBase64: content.toString('base64') };
  });

  bus.register('cases.transition', (input, ctx) => ({ case: cases.transition(db(), input.id, input.to, input.reason, input.decision, actor(ctx).username) }));

  bus.register('cases.reopen', (input, ctx) => ({ case: cases.reopen(db(), input.id, input.reason, actor(ctx).username) }));

  bus.register('cases.close', (input, ctx) => ({ case: cases.close(db(), input.id, input.reason, actor(ctx).username) }));

  bus.register('sar.draft', (input, ctx) => ({ sar: sars.view(db(), sars.draft(db(), input.caseId, input.kind, actor(ctx))) }));

  bus.register('sar.get', (input) => ({ sar: sars.view(db(), sars.require(db(), input.id)) }));

  bus.register('sar.update', (input, ctx) => {
    const { id, ...edits } = input;
    return { sar: sars.view(db(), sars.update(db(), id, edits, actor(ctx))) };
  });

  bus.register('sar.approve', (input, ctx) => ({ sar: sars.view(db(), sars.approve(db(), input.id, actor(ctx), input.tokenPin)) }));

  bus.register('sar.export', async (input, ctx) => {
    const { row, content } = await sars.export(db(), input.id, input.format, actor(ctx).username);
    return { exportId: row.id, recordId: row.recordId, fileName: row.fileName, mediaType: row.mediaType, contentBase64: content.toString('base64'), sha256: row.sha256, validated: row.validated };
  });

  bus.register('sar.file', async (input, ctx) => ({ sar: sars.view(db(), await sars.file(db(), input.id, input.format, actor(ctx), (w) => ctx.onFailure(w))) }));

  bus.register('sar.settings.get', () => {
    const s = readSarSettings(db());
    return { deadlineDays: s.deadlineDays, jurisdiction: s.jurisdiction, reportingEntity: s.reportingEntity, defaultIndicators: [...s.defaultIndicators], fincen: s.fincen };
  });

  bus.register('sar.settings.set', (input) => {
    saveSarSettings(db(), input);
    return { saved: true as const };
  });
}
