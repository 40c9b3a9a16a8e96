/**
 * `vaultline monitoring …`: rule-set versions (list, draft from a JSON file, approve), the alert
 * queue, and a backtest of a version over the stored history (waits for the job, progress on
 * stderr). Everything else is `vaultline call monitoring.…`.
 */
import { readFileSync } from 'node:fs';
import { formatUsdCents } from '../../../../src-shared/money';
import type { CommandOutput } from '../../../../src-shared/commands';
import { failed, fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { integerOption, requiredString, SIGN_IN_OPTIONS, stringOption } from '../options';
import { orDash, table } from '../table';
import { UsageError } from '../usage-error';

function renderVersions(v: CommandOutput<'monitoring.rules.list'>): string {
  const rows = v.versions.map((r) => [String(r.version), r.state, String(r.ruleCount), r.author, orDash(r.approvedBy), orDash(r.activatedAt?.slice(0, 19)), r.note]);
  return table(['VERSION', 'STATE', 'RULES', 'AUTHOR', 'APPROVED BY', 'ACTIVE SINCE', 'NOTE'], rows);
}

function renderAlerts(v: CommandOutput<'monitoring.alerts.list'>): string {
  const rows = v.rows.map((a) => [String(a.id), a.raisedAt.slice(0, 19), a.level, a.ruleId, a.customerId, orDash(a.customerName), a.direction, `${formatUsdCents(BigInt(a.usdCents))} USD`, a.state, orDash(a.assignee), orDash(a.outcome)]);
  const counts = `open ${v.counts.open}, unassigned ${v.counts.unassigned}, mine ${v.counts.mine}, closed ${v.counts.closed}, suppressed ${v.counts.suppressed}`;
  return `${table(['ALERT', 'RAISED', 'LEVEL', 'RULE', 'CUSTOMER', 'NAME', 'DIRECTION', 'VALUE', 'STATE', 'ASSIGNEE', 'OUTCOME'], rows)}${v.rows.length} of ${v.total} (${counts})${v.nextCursor ? `; more with --cursor ${v.nextCursor}` : ''}.\n`;
}

interface BacktestView {
  transactions: number;
  alerts: number;
  activeAlerts: number;
  perRule: { ruleId: string; wouldRaise: number; activeRaised: number; added: number; removed: number; historicalFalsePositiveRate: number | null }[];
}

function renderBacktest(r: BacktestView): string {
  const rows = r.perRule.map((x) => [x.ruleId, String(x.wouldRaise), String(x.activeRaised), `+${x.added}`, `-${x.removed}`, x.historicalFalsePositiveRate === null ? '-' : `${(x.historicalFalsePositiveRate * 100).toFixed(1)} %`]);
  return `${table(['RULE', 'WOULD RAISE', 'ACTIVE RAISED', 'ADDED', 'REMOVED', 'HISTORICAL FP'], rows)}${r.transactions} transactions: ${r.alerts} alerts under this version, ${r.activeAlerts} under the active one.\n`;
}

export const monitoringRulesCommand: CliCommand = {
  path: ['monitoring', 'rules'],
  summary: 'Monitoring rule-set versions: state, author, approver',
  options: { ...SIGN_IN_OPTIONS },
  run: (ctx) => withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('monitoring.rules.list', {}), renderVersions)),
};

export const monitoringRulesDraftCommand: CliCommand = {
  path: ['monitoring', 'rules', 'draft'],
  summary: 'Store a rule-set JSON file as a draft version (checked first; another compliance officer approves it)',
  args: ['<file>'],
  options: { note: { type: 'string', value: 'TEXT', description: 'what changed and why' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const path = ctx.args[0];
    if (!path) throw new UsageError('give the rule-set file: vaultline monitoring rules draft <file> --note TEXT', 'VALIDATION', '<file>');
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`${path} is not a readable JSON file (${(error as Error).message})`, 'VALIDATION', '<file>');
    }
    const note = requiredString(ctx.values, 'note');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.callUnchecked('monitoring.rules.draft', { document, note }), (v) => `Draft version ${v.version.version} stored (${v.version.ruleCount} rules); another compliance officer approves it.\n`));
  },
};

export const monitoringRulesApproveCommand: CliCommand = {
  path: ['monitoring', 'rules', 'approve'],
  summary: 'Activate a draft rule-set version (a compliance officer who is not its author)',
  args: ['<version>'],
  options: { ...SIGN_IN_OPTIONS },
  run(ctx) {
    const version = Number(ctx.args[0]);
    if (!Number.isInteger(version) || version < 1) throw new UsageError('give the version number: vaultline monitoring rules approve <version>', 'VALIDATION', '<version>');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('monitoring.rules.approve', { version }), (v) => `Version ${v.version.version} is active.\n`));
  },
};

export const monitoringAlertsCommand: CliCommand = {
  path: ['monitoring', 'alerts'],
  summary: 'The alert queue: open alerts (or --state), highest value or newest first',
  options: {
    state: { type: 'string', value: 'STATE', description: 'open | closed | suppressed | all (default open)' },
    level: { type: 'string', value: 'LEVEL', description: 'low | medium | high | critical' },
    rule: { type: 'string', value: 'ID', description: 'a rule id, e.g. high-value' },
    customer: { type: 'string', value: 'ID', description: 'a customer id' },
    assignee: { type: 'string', value: 'WHO', description: 'me | unassigned | an operator id' },
    sort: { type: 'string', value: 'BY', description: 'raisedAt | level | rule | customer | amount (descending; default raisedAt)' },
    limit: { type: 'string', value: 'N', description: 'at most N (default 100, at most 500)' },
    cursor: { type: 'string', value: 'CURSOR', description: 'the next page, as the last one said' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const filter = Object.fromEntries(
      Object.entries({ state: stringOption(ctx.values, 'state'), level: stringOption(ctx.values, 'level'), ruleId: stringOption(ctx.values, 'rule'), customerId: stringOption(ctx.values, 'customer'), assignee: stringOption(ctx.values, 'assignee') }).filter(([, v]) => v !== undefined),
    );
    const sort = stringOption(ctx.values, 'sort');
    const input = { filter, limit: integerOption(ctx.values, 'limit') ?? 100, ...(sort ? { sort: { by: sort, dir: 'desc' } } : {}), ...(stringOption(ctx.values, 'cursor') ? { cursor: stringOption(ctx.values, 'cursor') } : {}) };
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.callUnchecked('monitoring.alerts.list', input), renderAlerts));
  },
};

export const monitoringBacktestCommand: CliCommand = {
  path: ['monitoring', 'backtest'],
  summary: 'Backtest a rule-set version over the stored history, beside the active one',
  options: {
    version: { type: 'string', value: 'N', description: 'the rule-set version to test' },
    from: { type: 'string', value: 'TIME', description: 'start (UTC, 2026-01-01T00:00:00.000Z)' },
    to: { type: 'string', value: 'TIME', description: 'end, exclusive' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const version = integerOption(ctx.values, 'version');
    if (version === undefined) throw new UsageError('give --version N', 'VALIDATION', '--version');
    const input = { version, from: requiredString(ctx.values, 'from'), to: requiredString(ctx.values, 'to') };
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const started = await cli.callUnchecked('monitoring.backtest.start', input);
      if (!started.ok) return fromResult(started, () => '');
      let last = '';
      for (;;) {
        const polled = await cli.call('jobs.get', { id: started.value.job });
        if (!polled.ok) return failed(polled.error);
        const { job } = polled.value;
        const line = `${job.step} (${job.done}/${job.total})`;
        if (line !== last && !ctx.global.json) ctx.io.err(`  ${line}\n`);
        last = line;
        if (job.state === 'failed') return failed(job.error ?? { code: 'INTERNAL', message: 'The backtest failed.' });
        if (job.state === 'done') return { ok: true, value: job.result, text: renderBacktest(job.result as unknown as BacktestView) };
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  },
};

export const MONITORING_COMMANDS: readonly CliCommand[] = [monitoringRulesCommand, monitoringRulesDraftCommand, monitoringRulesApproveCommand, monitoringAlertsCommand, monitoringBacktestCommand];
