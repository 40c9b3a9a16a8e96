import type { CommandInput, CommandOutput } from '../../../../src-shared/commands';
import { failed, fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { requiredString, SIGN_IN_OPTIONS, stringOption } from '../options';
import { EXIT, UsageError } from '../usage-error';

type Verdict = CommandOutput<'evidence.verify'>;
type Scope = CommandInput<'evidence.export'>['scope'];

/** `customer:C-0001`, `case:CASE-7`, `withdrawal:W-1`, `period:2026-01-01T00:00:00.000Z..2026-02-01T00:00:00.000Z`. */
export function parseScope(text: string): Scope {
  const [kind, rest] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
  if (kind === 'customer' || kind === 'case' || kind === 'withdrawal') return { kind, id: rest };
  if (kind === 'period') {
    const [from, to] = rest.split('..');
    if (from && to) return { kind, from, to };
  }
  throw new UsageError('--scope must be customer:ID, case:ID, withdrawal:ID or period:FROM..TO', 'VALIDATION', '--scope');
}

function renderVerdict(v: Verdict): string {
  const lines = v.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
  const head = v.valid ? `Evidence package ${v.packageId ?? '?'} is intact.` : 'EVIDENCE PACKAGE FAILED ITS CHECKS.';
  return `${head}\n${lines.join('\n')}\nConsole ${v.consoleId ?? '?'}, key fingerprint ${v.identityFingerprint ?? '?'}; ${v.records} records, ${v.auditEntries} audit entries.\n`;
}

export const evidenceExportCommand: CliCommand = {
  path: ['evidence', 'export'],
  summary: 'Export a signed evidence package (records, audit slice, checkpoint, PDF summary) to a folder',
  details: 'Needs an auditor or compliance officer. The package is written beside the target and renamed into place only when complete.',
  options: {
    scope: { type: 'string', value: 'KIND:ID', description: 'customer:ID, case:ID, withdrawal:ID or period:FROM..TO (UTC times)' },
    out: { type: 'string', value: 'DIR', description: 'the folder to write the package to' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const scope = parseScope(requiredString(ctx.values, 'scope'));
    const directory = requiredString(ctx.values, 'out');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const started = await cli.call('evidence.export', { scope, directory });
      if (!started.ok) return failed(started.error);
      let last = '';
      for (;;) {
        const polled = await cli.call('jobs.get', { id: started.value.jobId });
        if (!polled.ok) return failed(polled.error);
        const { job } = polled.value;
        const line = `${job.step} (${job.done}/${job.total})`;
        if (line !== last && !ctx.global.json) ctx.io.err(`  ${line}\n`);
        last = line;
        if (job.state === 'failed') return failed(job.error ?? { code: 'INTERNAL', message: 'The export failed.' });
        if (job.state === 'done') return { ok: true, value: { ...started.value, ...job.result }, text: `Evidence package written: ${typeof job.result?.path === 'string' ? job.result.path : started.value.fileName}\n` };
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  },
};

export const evidenceVerifyCommand: CliCommand = {
  path: ['evidence', 'verify'],
  summary: 'Check an evidence package: signatures, every file, the audit chain, record checksums',
  args: ['<package.zip>'],
  details: 'Runs on any machine, without a console or HSM. Give --fingerprint (from the console Home screen) to also check that the key is the console’s.',
  withoutConsole: true,
  options: { fingerprint: { type: 'string', value: 'HEX', description: 'the console identity fingerprint you hold from a trusted source' } },
  run(ctx) {
    const path = ctx.args[0];
    if (!path) throw new UsageError('give the package file: vaultline evidence verify <package.zip>', 'VALIDATION', '<package.zip>');
    const expectedFingerprint = stringOption(ctx.values, 'fingerprint');
    return withConsole(ctx, { unlock: false, signIn: false }, async (cli) =>
      fromResult(await cli.call('evidence.verify', { path, ...(expectedFingerprint ? { expectedFingerprint } : {}) }), renderVerdict, (v) => (v.valid ? EXIT.ok : EXIT.failed)),
    );
  },
};
