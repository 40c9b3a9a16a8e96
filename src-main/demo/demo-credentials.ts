/**
 * The demo console's credentials. DEMO ONLY — NEVER USE FOR REAL ASSETS: they are fixed, published
 * in the source, and printed on screen. They are deterministic so that the launch script, the e2e
 * tests and a person following the README can all sign in without reading anything first.
 */
import type { Role } from '../../src-shared/roles';

export const DEMO_WARNING = 'DEMO ONLY — NEVER USE FOR REAL ASSETS';

export interface DemoOperator {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly senior: boolean;
  readonly passphrase: string;
  readonly tokenLabel: string;
  readonly tokenPin: string;
}

const operator = <U extends string>(username: U, displayName: string, roles: readonly Role[], senior: boolean, tokenPin: string) =>
  ({
    username,
    displayName,
    roles,
    senior,
    passphrase: `${username.split('.')[0]}-demo-passphrase`,
    tokenLabel: `demo-op-${username.split('.')[0]}`,
    tokenPin,
  }) as const satisfies DemoOperator;

/** The administrator comes first: the key ceremony enrols them; the rest are enrolled by them. */
export const DEMO_OPERATORS = [
  operator('ada.admin', 'Ada Admin', ['admin'], false, '100001'),
  operator('carla.custody', 'Carla Custody', ['custody_officer'], true, '200002'),
  operator('cole.custody', 'Cole Custody', ['custody_officer'], false, '300003'),
  operator('chen.custody', 'Chen Custody', ['custody_officer'], false, '400004'),
  operator('anil.analyst', 'Anil Analyst', ['compliance_analyst'], false, '500005'),
  operator('maria.mlro', 'Maria MLRO', ['compliance_officer'], false, '600006'),
  operator('otto.auditor', 'Otto Auditor', ['auditor'], false, '700007'),
] as const;

export type DemoUsername = (typeof DEMO_OPERATORS)[number]['username'];

export const DEMO_CREDENTIALS = {
  consoleName: 'Vaultline Demo Console',
  custody: { tokenLabel: 'demo-custody', pin: '135790' },
  admin: DEMO_OPERATORS[0],
  operators: DEMO_OPERATORS,
} as const;

export type DemoCredentials = typeof DEMO_CREDENTIALS;

export function demoOperator(username: DemoUsername): DemoOperator {
  const found = DEMO_OPERATORS.find((o) => o.username === username);
  if (!found) throw new Error(`no demo operator ${username}`);
  return found;
}

export const DEMO_CREDENTIALS_FILE = 'DEMO-CREDENTIALS.txt';

/**
 * DEMO-CREDENTIALS.txt: `key=value` lines that a shell script can grep
 * (`grep '^custody.pin=' | cut -d= -f2-`). Operator keys are `operator.<username>.<field>`;
 * usernames may hold dots, fields never do, so split at the first and the last dot.
 */
export function formatCredentialsFile(dataDir: string, credentials: DemoCredentials = DEMO_CREDENTIALS): string {
  const lines = [
    `# Vaultline demo console — ${DEMO_WARNING}`,
    `# Data directory: ${dataDir}`,
    '# These credentials are published in the Vaultline source. Anyone can unlock this console.',
    '',
    `console.name=${credentials.consoleName}`,
    `custody.token_label=${credentials.custody.tokenLabel}`,
    `custody.pin=${credentials.custody.pin}`,
    `admin.username=${credentials.admin.username}`,
  ];
  for (const o of credentials.operators) {
    lines.push(
      '',
      `operator.${o.username}.display_name=${o.displayName}`,
      `operator.${o.username}.roles=${o.roles.join(',')}`,
      `operator.${o.username}.senior=${o.senior ? 'yes' : 'no'}`,
      `operator.${o.username}.passphrase=${o.passphrase}`,
      `operator.${o.username}.token_label=${o.tokenLabel}`,
      `operator.${o.username}.token_pin=${o.tokenPin}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The `key=value` pairs of a credentials file (comments and blank lines skipped). */
export function parseCredentialsFile(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes('=')) continue;
    const at = line.indexOf('=');
    pairs.set(line.slice(0, at), line.slice(at + 1));
  }
  return pairs;
}
