/**
 * `vaultline cases …` and `vaultline sar …` (compliance analysts and officers): the case list with
 * its filing deadlines, and a SAR/STR export written to a file (goAML XML, FinCEN SAR XML or PDF;
 * the export is sealed in the vault as well). Everything else is `vaultline call cases.…` /
 * `vaultline call sar.…`.
 */
import { join } from 'node:path';
import type { CommandOutput } from '../../../../src-shared/commands';
import { writeFileAtomic } from '../../../platform/files';
import { fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { booleanOption, integerOption, requiredString, SIGN_IN_OPTIONS, stringOption } from '../options';
import { orDash, table } from '../table';
import { UsageError } from '../usage-error';

function daysLeft(r: CommandOutput<'cases.list'>['rows'][number]): string {
  if (r.daysLeft === null) return '-';
  return r.overdue ? `overdue ${-r.daysLeft} d` : `${r.daysLeft} d`;
}

function renderCases(v: CommandOutput<'cases.list'>): string {
  const rows = v.rows.map((r) => [r.id, r.status, r.title, r.customerIds.join(' '), String(r.alertCount), r.detectedAt.slice(0, 10), r.sarDueAt.slice(0, 10), daysLeft(r), orDash(r.decision), r.hasSar ? 'yes' : 'no']);
  return `${table(['CASE', 'STATUS', 'TITLE', 'CUSTOMERS', 'ALERTS', 'DETECTED', 'SAR DUE', 'LEFT', 'DECISION', 'SAR'], rows)}${v.rows.length} of ${v.total}${v.nextCursor ? `; more with --cursor ${v.nextCursor}` : ''}.\n`;
}

export const casesListCommand: CliCommand = {
  path: ['cases'],
  summary: 'Cases by filing deadline, soonest first, with days left (compliance)',
  options: {
    status: { type: 'string', value: 'STATUS', description: 'active | open | investigating | escalated | decision | closed' },
    overdue: { type: 'boolean', description: 'only cases whose SAR is overdue' },
    limit: { type: 'string', value: 'N', description: 'at most N (default 100, at most 500)' },
    cursor: { type: 'string', value: 'CURSOR', description: 'the next page, as the last one said' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const status = stringOption(ctx.values, 'status');
    const filter = { ...(status ? { status } : {}), ...(booleanOption(ctx.values, 'overdue') ? { overdue: true } : {}) };
    const cursor = stringOption(ctx.values, 'cursor');
    const input = { limit: integerOption(ctx.values, 'limit') ?? 100, filter, ...(cursor ? { cursor } : {}) };
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.callUnchecked('cases.list', input), renderCases));
  },
};

export const sarExportCommand: CliCommand = {
  path: ['sar', 'export'],
  summary: 'Export an approved SAR/STR to a folder as goAML XML (validated), FinCEN SAR XML or PDF',
  args: ['<sar-id>'],
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'goaml | fincen | pdf' },
    out: { type: 'string', value: 'DIR', description: 'the folder to write the file into' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const id = ctx.args[0];
    if (!id) throw new UsageError('give the report: vaultline sar export <sar-id> --format goaml --out DIR', 'VALIDATION', '<sar-id>');
    const format = requiredString(ctx.values, 'format');
    const out = requiredString(ctx.values, 'out');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) =>
      fromResult(await cli.callUnchecked('sar.export', { id, format }), (v) => {
        const path = join(out, v.fileName);
        writeFileAtomic(path, Buffer.from(v.contentBase64, 'base64'));
        return `${path}\n  sha256 ${v.sha256}${v.validated ? ', validated against the FIU schema' : ''}; sealed in the vault as ${v.recordId}.\n`;
      }),
    );
  },
};

export const CASES_COMMANDS: readonly CliCommand[] = [casesListCommand, sarExportCommand];
