import type { CommandOutput } from '../../../../src-shared/commands';
import { ROLE_LABELS, ROLES } from '../../../../src-shared/roles';
import { fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { booleanOption, listOption, requiredString, SIGN_IN_OPTIONS } from '../options';
import { orDash, table, yesNo } from '../table';
import { UsageError } from '../usage-error';

type OperatorList = CommandOutput<'operators.list'>;
type OperatorCreated = CommandOutput<'operators.create'>;

function renderList(v: OperatorList): string {
  if (v.operators.length === 0) return 'No operators.\n';
  const rows = v.operators.map((o) => [
    o.username,
    o.displayName,
    o.roles.join(','),
    yesNo(o.senior),
    o.lockedOut ? 'locked out' : o.status,
    o.tokenLabel,
    orDash(o.lastLoginAt),
  ]);
  return table(['USERNAME', 'NAME', 'ROLES', 'SENIOR', 'STATUS', 'TOKEN', 'LAST LOGIN (UTC)'], rows);
}

function renderCreated(v: OperatorCreated): string {
  const o = v.operator;
  return [
    `Enrolled ${o.username} (${o.displayName}), id ${o.id}`,
    `  roles:             ${o.roles.map((r) => ROLE_LABELS[r]).join(', ')}${o.senior ? ' (senior)' : ''}`,
    `  token:             ${o.tokenLabel}`,
    `  approval key:      ${o.keyFingerprint}`,
    '',
  ].join('\n');
}

export const operatorsListCommand: CliCommand = {
  path: ['operators', 'list'],
  summary: 'Operators with their roles, status and tokens',
  details: 'Needs an administrator or an auditor.',
  options: { ...SIGN_IN_OPTIONS },
  run: (ctx) => withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('operators.list', {}), renderList)),
};

export const operatorsAddCommand: CliCommand = {
  path: ['operators', 'add'],
  summary: 'Enrol an operator: a passphrase, and an approval key made on their own token',
  details: [
    'Needs an administrator (--user). The new operator’s token must exist; its PIN and the new',
    'passphrase come from --new-token-pin-file and --new-passphrase-file, or from --secrets-stdin',
    'as {"pin": …, "passphrase": …, "tokenPin": …, "newPassphrase": …, "newTokenPin": …},',
    'or from prompts at a terminal.',
    '',
    `Roles: ${ROLES.join(', ')}. An administrator holds no approval role.`,
  ].join('\n'),
  options: {
    username: { type: 'string', value: 'NAME', description: 'the new operator’s username' },
    'display-name': { type: 'string', value: 'NAME', description: 'the new operator’s full name' },
    role: { type: 'string', multiple: true, value: 'ROLE', description: 'a role to grant (repeat for several)' },
    senior: { type: 'boolean', description: 'a senior operator (e.g. a senior custody officer)' },
    'token-label': { type: 'string', value: 'LABEL', description: 'label of the new operator’s own token' },
    'new-passphrase-file': { type: 'string', value: 'FILE', description: 'the new operator’s passphrase, from this file' },
    'new-token-pin-file': { type: 'string', value: 'FILE', description: 'the PIN of the new operator’s token, from this file' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const { values, secrets } = ctx;
    const username = requiredString(values, 'username');
    const displayName = requiredString(values, 'display-name');
    const tokenLabel = requiredString(values, 'token-label');
    const roles = listOption(values, 'role');
    if (roles.length === 0) throw new UsageError(`--role is required (one of: ${ROLES.join(', ')})`, 'VALIDATION', '--role');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const passphrase = await secrets.get('newPassphrase', `new passphrase for ${username}`, { confirm: true });
      const tokenPin = await secrets.get('newTokenPin', `token PIN of ${username} (${tokenLabel})`);
      const input = { username, displayName, roles, senior: booleanOption(values, 'senior'), passphrase, tokenLabel, tokenPin };
      return fromResult(await cli.callUnchecked('operators.create', input), renderCreated);
    });
  },
};
