/** Help text, generated from the same option lists the parser uses. */
import type { CliCommand } from './command';
import { GLOBAL_OPTIONS, type OptionSpecs } from './options';

function optionLines(specs: OptionSpecs): string {
  const entries = Object.entries(specs).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}${spec.multiple ? ' …' : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length));
  return entries.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`).join('\n');
}

function commandList(commands: readonly CliCommand[], withHelp: boolean): string {
  const names = commands.map((c) => [...c.path, ...(c.args ?? [])].join(' '));
  const width = Math.max(...names.map((n) => n.length), 'help [command]'.length);
  const lines = commands.map((c, i) => `  ${names[i]!.padEnd(width)}  ${c.summary}`);
  if (withHelp) lines.push(`  ${'help [command]'.padEnd(width)}  This help, or a command’s`);
  return lines.join('\n');
}

const SECRETS_HELP = `Secrets (PINs, passphrases) are never taken from the command line. A command reads each one
from a file (--pin-file F, --passphrase-file F, --token-pin-file F, …; one trailing newline is
trimmed), or from stdin with --secrets-stdin as one JSON object
  {"pin": custody token PIN, "passphrase": …, "tokenPin": …, "newPassphrase": …, "newTokenPin": …}
or, when stdin is a terminal, from a prompt that does not echo.`;

const EXIT_HELP = 'Exit status: 0 done; 1 the console refused or failed (or the audit chain is broken); 2 usage error; 130 cancelled.';

export function generalHelp(commands: readonly CliCommand[]): string {
  return `vaultline — the Vaultline custody and compliance console, from the command line.
Every command goes through the console's command bus: the same validation, roles and audit trail
as the app. Each run unlocks and signs in only as its command needs, and locks again when done.

Usage: vaultline <command> [options]

Commands:
${commandList(commands, true)}

Global options:
${optionLines(GLOBAL_OPTIONS)}

${SECRETS_HELP}

${EXIT_HELP}
Run "vaultline <command> --help" for a command's options.
`;
}

export function commandHelp(command: CliCommand): string {
  const usage = ['vaultline', ...command.path, ...(command.args ?? []), '[options]'].join(' ');
  const parts = [`Usage: ${usage}`, '', command.summary];
  if (command.details) parts.push('', command.details);
  if (Object.keys(command.options).length > 0) parts.push('', 'Options:', optionLines(command.options));
  parts.push('', 'Global options:', optionLines(GLOBAL_OPTIONS), '', EXIT_HELP);
  return `${parts.join('\n')}\n`;
}

export function groupHelp(group: string, commands: readonly CliCommand[]): string {
  const members = commands.filter((c) => c.path[0] === group);
  return `Usage: vaultline ${group} <${members.map((c) => c.path[1]).join('|')}> [options]\n\n${commandList(members, false)}\n`;
}
