import type { CommandOutput } from '../../../../src-shared/commands';
import { fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { yesNo } from '../table';

type Status = CommandOutput<'console.status'>;

function render(dataDir: string, s: Status): string {
  const lines = [`Data directory:   ${dataDir}`, `Initialised:      ${yesNo(s.initialized)}`];
  if (s.initialized) {
    lines.push(`Console:          ${s.consoleName ?? '-'} (${s.consoleId ?? '-'})`);
    lines.push(`Custody token:    ${s.custodyTokenLabel ?? '-'}`);
    lines.push(`Idle lock after:  ${s.idleTimeoutSeconds} s`);
    lines.push(`Failed unlocks:   ${s.unlockFailures}${s.unlockBlockedUntil ? ` (next attempt allowed at ${s.unlockBlockedUntil})` : ''}`);
  } else {
    lines.push('Run "vaultline init" (or "vaultline demo") to create a console here.');
  }
  return `${lines.join('\n')}\n`;
}

export const statusCommand: CliCommand = {
  path: ['status'],
  summary: 'Whether the data directory holds a console, and its unlock counters',
  details: 'Needs no PIN: a CLI run starts locked and locks again when it ends.',
  options: {},
  run: (ctx) =>
    withConsole(ctx, { unlock: false, signIn: false }, async (cli) =>
      fromResult(await cli.call('console.status', {}), (s) => render(cli.core.console.dataDir.root, s)),
    ),
};
