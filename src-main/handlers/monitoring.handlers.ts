import type { Bus, HandlerContext } from '../bus/bus';
import type { RuleVersionRow, SuppressionRow } from '../db/monitoring.repository';
import { listSuppressions } from '../db/monitoring.repository';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import type { JobService } from '../services/jobs.service';
import type { AlertQueue } from '../monitoring/alert-queue';
import { checkBacktest, runBacktest } from '../monitoring/backtest.job';
import type { Actor, MonitoringService } from '../monitoring/monitoring.service';
import { actor } from './session.handlers';

export function ruleVersionView(r: RuleVersionRow) {
  return {
    version: r.version,
    state: r.state,
    author: r.author,
    createdAt: r.createdAt,
    approvedBy: r.approvedBy,
    activatedAt: r.activatedAt,
    rejectedBy: r.rejectedBy,
    rejectReason: r.rejectReason,
    ruleCount: r.ruleCount,
    note: r.note,
    sha256: r.sha256,
  };
}

export function suppressionView(s: SuppressionRow, now: string) {
  return { ...s, active: s.revokedAt === null && s.until > now && s.createdAt <= now };
}

export function registerMonitoringHandlers(bus: Bus, console: ConsoleService, monitoring: MonitoringService, queue: AlertQueue, jobs: JobService, clock: Clock): void {
  const db = () => console.requireDb();
  const who = (ctx: HandlerContext): Actor => {
    const op = actor(ctx);
    return { id: op.id, username: op.username, roles: op.roles };
  };

  bus.register('monitoring.rules.list', () => ({ versions: monitoring.versions(db()).map(ruleVersionView) }));
  bus.register('monitoring.rules.get', (input) => {
    monitoring.ensureRules(db());
    const row = monitoring.requireVersion(db(), input.version);
    return { version: ruleVersionView(row), document: monitoring.document(row) };
  });
  bus.register('monitoring.rules.draft', (input, ctx) => ({ version: ruleVersionView(monitoring.draft(db(), input.document, input.note, who(ctx))) }));
  bus.register('monitoring.rules.approve', (input, ctx) => ({ version: ruleVersionView(monitoring.approve(db(), input.version, who(ctx))) }));
  bus.register('monitoring.rules.reject', (input, ctx) => ({ version: ruleVersionView(monitoring.reject(db(), input.version, input.reason, who(ctx))) }));

  bus.register('monitoring.backtest.start', (input, ctx) => {
    checkBacktest(db(), monitoring, input.version, input.from, input.to);
    const job = jobs.start('monitoring.backtest', actor(ctx).id, async (progress) => ({
      ...(await runBacktest((work) => bus.exclusive(() => work(db())), monitoring, input.version, input.from, input.to, progress)),
    }));
    return { job: job.id };
  });

  bus.register('monitoring.alerts.list', (input, ctx) => queue.list(db(), input, actor(ctx).id));
  bus.register('monitoring.alerts.groups', (input, ctx) => queue.groups(db(), input.by, input.filter, actor(ctx).id));
  bus.register('monitoring.alerts.get', (input) => {
    const detail = queue.get(db(), input.id);
    return { ...detail, ...monitoring.explainFigures(db(), detail.alert.ruleVersion, detail.figures, detail.conditions) };
  });
  bus.register('monitoring.alerts.assign', (input, ctx) => ({ updated: queue.assign(db(), input.ids, input.assignee, actor(ctx).id) }));
  bus.register('monitoring.alerts.next', (_input, ctx) => ({ alert: queue.next(db(), actor(ctx).id) }));
  bus.register('monitoring.alerts.close', (input, ctx) => ({ closed: queue.close(db(), input.ids, input.outcome, input.reason, actor(ctx).id) }));

  bus.register('monitoring.suppressions.create', (input, ctx) => ({ suppression: suppressionView(monitoring.suppress(db(), input, who(ctx)), clock.now().toISOString()) }));
  bus.register('monitoring.suppressions.list', () => {
    const now = clock.now().toISOString();
    const hits = monitoring.suppressionHits(db());
    const rows = listSuppressions(db()).map((s) => ({ ...suppressionView(s, now), hits: hits.get(s.id) ?? 0 }));
    return { suppressions: [...rows.filter((s) => s.active), ...rows.filter((s) => !s.active)] };
  });
  bus.register('monitoring.suppressions.revoke', (input, ctx) => ({ suppression: suppressionView(monitoring.revokeSuppression(db(), input.id, input.reason, who(ctx)), clock.now().toISOString()) }));
}
