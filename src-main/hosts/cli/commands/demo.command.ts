import { ROLE_LABELS } from '../../../../src-shared/roles';
import { createDemo, type DemoResult } from '../../../demo/demo';
import { stderrLogger } from '../../../platform/logger';
import type { CliCommand } from '../command';
import { table, yesNo } from '../table';

function render(r: DemoResult): string {
  const bar = '='.repeat(24);
  const c = r.credentials;
  const rows = c.operators.map((o) => [o.username, o.roles.map((role) => ROLE_LABELS[role]).join(', '), yesNo(o.senior), o.passphrase, o.tokenPin, o.tokenLabel]);
  return [
    `Demo console created in ${r.dataDir}`,
    `  console id:            ${r.consoleId}`,
    `  identity fingerprint:  ${r.identityFingerprint}`,
    '',
    `${bar} ${r.warning} ${bar}`,
    `Custody token PIN (to unlock): ${c.custody.pin}   (token ${c.custody.tokenLabel})`,
    '',
    table(['USERNAME', 'ROLES', 'SENIOR', 'PASSPHRASE', 'TOKEN PIN', 'TOKEN'], rows).trimEnd(),
    '',
    `Also written to ${r.credentialsFile} (mode 0600).`,
    `${bar} ${r.warning} ${bar}`,
    '',
    `Try: vaultline audit list --data ${r.dataDir} --user ${c.admin.username}   (it asks for the PINs and passphrase)`,
    '',
  ].join('\n');
}

export const demoCommand: CliCommand = {
  path: ['demo'],
  summary: 'Create a demo console in a new or empty directory (DEMO ONLY)',
  details: [
    'Makes SoftHSM2 tokens (hsm/make-dev-data.sh), runs the key ceremony, enrols operators of every',
    'role and adds the demo data, all through the command bus. Prints every credential and writes them',
    'to DIR/DEMO-CREDENTIALS.txt. The credentials are fixed and public: never use a demo console for',
    'real assets. On failure the directory is left as it was found.',
  ].join('\n'),
  options: {},
  // A failed demo throws a VaultlineError; cli.ts turns it into the error envelope.
  async run(ctx) {
    const result = await createDemo({
      dataDir: ctx.global.dataDir,
      modulePath: ctx.global.modulePath,
      logger: stderrLogger('error'),
      progress: (line) => ctx.io.err(`${line}\n`),
    });
    return { ok: true, value: result, text: render(result) };
  },
};
