import { existsSync, mkdirSync } from 'node:fs';
import type { CommandOutput } from '../../../../src-shared/commands';
import { failed, fromResult, type CliCommand } from '../command';
import { withConsole } from '../cli-console';
import { requiredString, STDIN_SECRETS_OPTION } from '../options';

type Init = CommandOutput<'console.init'>;

function render(dataDir: string, v: Init): string {
  return [
    `Console created in ${dataDir}`,
    `  console id:            ${v.consoleId}`,
    `  first administrator:   ${v.adminOperatorId}`,
    `  identity fingerprint:  ${v.identityFingerprint}`,
    '',
    'Record the identity fingerprint with the ceremony minutes: the online node pins this key.',
    v.identityPublicKeyPem.trimEnd(),
    '',
  ].join('\n');
}

export const initCommand: CliCommand = {
  path: ['init'],
  summary: 'Key ceremony: create a console in the data directory with its first administrator',
  details: [
    'The custody token and the administrator’s own token must exist already (for SoftHSM2, see',
    'hsm/make-dev-data.sh). In the custody token the ceremony creates a non-extractable AES-256',
    'wrapping key and the console identity key; beside the database, the wrapped database key.',
    '',
    'Secrets: --pin-file (custody token PIN), --passphrase-file (the administrator’s new passphrase),',
    '--token-pin-file (the PIN of the administrator’s token), or --secrets-stdin with',
    '{"pin": …, "passphrase": …, "tokenPin": …}, or prompts at a terminal.',
    '',
    'Example:',
    '  vaultline init --data /srv/vaultline --console-name "Main vault" --custody-token custody \\',
    '    --admin alice --admin-name "Alice Admin" --admin-token alice-token \\',
    '    --pin-file custody.pin --passphrase-file alice.pass --token-pin-file alice.pin',
  ].join('\n'),
  options: {
    'console-name': { type: 'string', value: 'NAME', description: 'name of this console, shown to operators' },
    'custody-token': { type: 'string', value: 'LABEL', description: 'label of the custody token (HSM partition)' },
    admin: { type: 'string', value: 'USERNAME', description: 'username of the first administrator' },
    'admin-name': { type: 'string', value: 'NAME', description: 'display name of the first administrator' },
    'admin-token': { type: 'string', value: 'LABEL', description: 'label of the administrator’s own token' },
    'pin-file': { type: 'string', value: 'FILE', description: 'custody token PIN, from this file' },
    'passphrase-file': { type: 'string', value: 'FILE', description: 'the administrator’s new passphrase, from this file' },
    'token-pin-file': { type: 'string', value: 'FILE', description: 'the PIN of the administrator’s token, from this file' },
    ...STDIN_SECRETS_OPTION,
  },
  async run(ctx) {
    const { values, secrets } = ctx;
    const consoleName = requiredString(values, 'console-name');
    const custodyTokenLabel = requiredString(values, 'custody-token');
    const username = requiredString(values, 'admin');
    const displayName = requiredString(values, 'admin-name');
    const tokenLabel = requiredString(values, 'admin-token');
    // A real HSM needs no token directory of ours; the console's files still need a home.
    if (!existsSync(ctx.global.dataDir)) mkdirSync(ctx.global.dataDir, { recursive: true, mode: 0o700 });

    return withConsole(ctx, { unlock: false, signIn: false }, async (cli) => {
      // Say so before asking for any secret: a ceremony never runs twice in one directory.
      const status = await cli.call('console.status', {});
      if (status.ok && status.value.initialized) {
        return failed({ code: 'ALREADY_INITIALIZED', message: `${cli.core.console.dataDir.root} already holds a console.` });
      }
      const custodyPin = await secrets.get('pin', `custody token PIN (${custodyTokenLabel})`);
      const passphrase = await secrets.get('passphrase', `new passphrase for ${username}`, { confirm: true });
      const tokenPin = await secrets.get('tokenPin', `token PIN of ${username} (${tokenLabel})`);
      const result = await cli.call('console.init', { consoleName, custodyTokenLabel, custodyPin, admin: { username, displayName, passphrase, tokenLabel, tokenPin } });
      return fromResult(result, (v) => render(cli.core.console.dataDir.root, v));
    });
  },
};
