import type { CommandOutput } from '../../../../src-shared/commands';
import { fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { integerOption, SIGN_IN_OPTIONS, stringOption } from '../options';
import { orDash, table } from '../table';
import { EXIT } from '../usage-error';

type AuditList = CommandOutput<'audit.list'>;
type AuditVerify = CommandOutput<'audit.verify'>;

function renderList(v: AuditList): string {
  if (v.entries.length === 0) return 'No audit entries match.\n';
  const rows = v.entries.map((e) => [String(e.seq), e.at, orDash(e.operatorUsername), e.command, e.outcome, orDash(e.errorCode)]);
  const oldest = v.entries[v.entries.length - 1]!.seq;
  const more = v.total > v.entries.length ? ` (more with --before ${oldest})` : '';
  return `${table(['SEQ', 'TIME (UTC)', 'OPERATOR', 'COMMAND', 'OUTCOME', 'ERROR'], rows)}${v.entries.length} of ${v.total} entries, newest first${more}.\n`;
}

function renderVerify(v: AuditVerify): string {
  const chain = v.valid
    ? `Audit chain valid: ${v.entries} entries, head ${v.headHash ?? '(empty)'} (verified ${v.verifiedAt}).`
    : `AUDIT CHAIN BROKEN at entry ${v.firstBrokenSeq ?? '?'}: ${v.problem ?? 'unknown problem'} (${v.entries} entries checked, ${v.verifiedAt}).`;
  const signed =
    v.firstBadCheckpointSeq !== null
      ? `CHECKPOINT INVALID at entry ${v.firstBadCheckpointSeq}: ${v.checkpointProblem ?? 'unknown problem'}.`
      : `Checkpoints: ${v.checkpoints} signed by the console identity key, all valid; last at entry ${v.lastCheckpointSeq ?? '-'}, ${v.unsignedTail} newer entries not yet checkpointed.`;
  return `${chain}\n${signed}\n`;
}

const readerNote = 'Needs an operator who may read the trail (auditor, admin or compliance officer).';

export const auditListCommand: CliCommand = {
  path: ['audit', 'list'],
  summary: 'Audit entries, newest first, with filters',
  details: readerNote,
  options: {
    limit: { type: 'string', value: 'N', description: 'at most N entries (1–1000, default 200)' },
    before: { type: 'string', value: 'SEQ', description: 'only entries with a sequence number below SEQ (next page)' },
    command: { type: 'string', value: 'NAME', description: 'only this command (e.g. session.login)' },
    operator: { type: 'string', value: 'USERNAME', description: 'only this operator' },
    outcome: { type: 'string', value: 'ok|refused|error', description: 'only this outcome' },
    from: { type: 'string', value: 'TIME', description: 'from this UTC time (2025-01-31T00:00:00.000Z)' },
    to: { type: 'string', value: 'TIME', description: 'up to this UTC time' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const { values } = ctx;
    const input = {
      limit: integerOption(values, 'limit'),
      beforeSeq: integerOption(values, 'before'),
      command: stringOption(values, 'command'),
      operator: stringOption(values, 'operator'),
      outcome: stringOption(values, 'outcome'),
      from: stringOption(values, 'from'),
      to: stringOption(values, 'to'),
    };
    const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.callUnchecked('audit.list', present), renderList));
  },
};

export const auditVerifyCommand: CliCommand = {
  path: ['audit', 'verify'],
  summary: 'Recompute the audit hash chain; exit status 1 when it is broken',
  details: readerNote,
  options: { ...SIGN_IN_OPTIONS },
  run: (ctx) =>
    withConsole(ctx, { unlock: true, signIn: true }, async (cli) =>
      fromResult(await cli.call('audit.verify', {}), renderVerify, (v) => (v.valid && v.firstBadCheckpointSeq === null ? EXIT.ok : EXIT.failed)),
    ),
};
