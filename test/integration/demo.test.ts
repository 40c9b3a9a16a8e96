/**
 * `vaultline demo`: a demo directory made through the built CLI, whose operators can then use it
 * through the CLI: the admin and the auditor read the audit trail and its chain verifies; a custody
 * officer asking for the trail is refused, and that refusal is itself in the trail.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, DEMO_CREDENTIALS_FILE, DEMO_WARNING, parseCredentialsFile, type DemoUsername } from '../../src-main/demo/demo';
import { demoOperator } from '../../src-main/demo/demo-credentials';
import { ROLES } from '../../src-shared/roles';
import defaultRules from '../../resources/monitoring/default-rules.json';
import { envelope, removeDataDir, requireBuiltCli, runCli, type CliRun } from '../helpers/dev-data';

describe('vaultline demo', () => {
  let root: string;
  let dir: string;
  let made: CliRun;

  /** A CLI run signed in as a demo operator, secrets on stdin. */
  const as = (username: DemoUsername, args: readonly string[]): Promise<CliRun> => {
    const who = demoOperator(username);
    return runCli([...args, '--data', dir, '--user', username, '--secrets-stdin'], {
      stdin: JSON.stringify({ pin: DEMO_CREDENTIALS.custody.pin, passphrase: who.passphrase, tokenPin: who.tokenPin }),
    });
  };

  beforeAll(async () => {
    requireBuiltCli();
    root = mkdtempSync(join(tmpdir(), 'vaultline-demo-test-'));
    dir = join(root, 'demo');
    made = await runCli(['demo', '--data', dir]);
    // The demo makes 300 KYC files, 90 days of ledger, custody, monitoring and cases: over two minutes on a busy two-core machine.
  }, 300_000);
  afterAll(() => removeDataDir(root));

  it('creates the directory and prints every credential, marked demo-only', () => {
    expect(made.stderr).toContain('Demo data: operators');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(DEMO_WARNING);
    expect(made.stdout).toContain(`Custody token PIN (to unlock): ${DEMO_CREDENTIALS.custody.pin}`);
    for (const o of DEMO_CREDENTIALS.operators) {
      expect(made.stdout).toMatch(new RegExp(`^${o.username.replace('.', '\\.')} .* ${o.passphrase} +${o.tokenPin} +${o.tokenLabel}$`, 'm'));
    }
  });

  it('writes the credentials to DEMO-CREDENTIALS.txt, readable by its owner only', () => {
    const file = join(dir, DEMO_CREDENTIALS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toContain(DEMO_WARNING);
    const pairs = parseCredentialsFile(text);
    expect(pairs.get('custody.pin')).toBe(DEMO_CREDENTIALS.custody.pin);
    expect(pairs.get('custody.token_label')).toBe(DEMO_CREDENTIALS.custody.tokenLabel);
    expect(pairs.get('admin.username')).toBe(DEMO_CREDENTIALS.admin.username);
    for (const o of DEMO_CREDENTIALS.operators) {
      expect(pairs.get(`operator.${o.username}.passphrase`)).toBe(o.passphrase);
      expect(pairs.get(`operator.${o.username}.token_pin`)).toBe(o.tokenPin);
      expect(pairs.get(`operator.${o.username}.roles`)).toBe(o.roles.join(','));
    }
  });

  it('has operators of every role, each on their own token', async () => {
    const run = await as('ada.admin', ['operators', 'list', '--json']);
    expect(run.code).toBe(0);
    const result = envelope(run);
    if (!result.ok) throw new Error(result.error.message);
    const operators = result.value.operators as { username: string; roles: string[]; senior: boolean; tokenLabel: string }[];
    expect(operators.map((o) => o.username).sort()).toEqual(DEMO_CREDENTIALS.operators.map((o) => o.username).sort());
    expect(new Set(operators.flatMap((o) => o.roles))).toEqual(new Set(ROLES));
    expect(operators.filter((o) => o.roles.includes('custody_officer'))).toHaveLength(3);
    expect(operators.find((o) => o.username === 'carla.custody')?.senior).toBe(true);
    expect(new Set(operators.map((o) => o.tokenLabel)).size).toBe(operators.length);
  });

  it('lets the admin and the auditor read the audit trail, whose chain verifies', async () => {
    const adminList = await as('ada.admin', ['audit', 'list', '--command', 'operators.create', '--json']);
    expect(adminList.code).toBe(0);
    expect(envelope(adminList)).toMatchObject({ ok: true, value: { total: DEMO_CREDENTIALS.operators.length - 1 } });

    const auditorList = await as('otto.auditor', ['audit', 'list', '--command', 'console.init']);
    expect(auditorList.code).toBe(0);
    expect(auditorList.stdout).toMatch(/^\d+ +\S+ +- +console\.init +ok/m);
    const enrolments = await as('otto.auditor', ['audit', 'list', '--command', 'operators.create']);
    expect(enrolments.stdout).toMatch(/^\d+ +\S+ +ada\.admin +operators\.create +ok/m);

    for (const who of ['ada.admin', 'otto.auditor'] as const) {
      const verify = await as(who, ['audit', 'verify']);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/^Audit chain valid: \d+ entries, head [0-9a-f]{64}/);
    }
  });

  it('refuses a custody officer who asks for the audit trail, and audits the refusal', async () => {
    const denied = await as('cole.custody', ['audit', 'list', '--json']);
    expect(denied.code).toBe(1);
    expect(envelope(denied)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const human = await as('cole.custody', ['audit', 'list']);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('vaultline: FORBIDDEN: Your roles do not allow "audit.list"');

    const trail = await as('otto.auditor', ['audit', 'list', '--operator', 'cole.custody', '--outcome', 'refused', '--json']);
    expect(trail.code).toBe(0);
    const result = envelope(trail);
    expect(result).toMatchObject({ ok: true, value: { total: 2 } });
    expect(result).toMatchObject({
      ok: true,
      value: { entries: [{ command: 'audit.list', operatorUsername: 'cole.custody', outcome: 'refused', errorCode: 'FORBIDDEN' }, { command: 'audit.list', outcome: 'refused' }] },
    });
    const verify = await as('otto.auditor', ['audit', 'verify', '--json']);
    expect(envelope(verify)).toMatchObject({ ok: true, value: { valid: true, firstBrokenSeq: null } });
  });

  it('has transaction history in which every default monitoring rule raised an alert, some already closed with each outcome', async () => {
    const run = await as('anil.analyst', ['call', 'monitoring.alerts.groups', '--input', JSON.stringify({ by: 'rule', filter: { state: 'all' } }), '--json']);
    expect(run.code).toBe(0);
    const groups = envelope(run);
    if (!groups.ok) throw new Error(groups.error.message);
    const byRule = new Map((groups.value.groups as { key: string; total: number }[]).map((g) => [g.key, g.total]));
    for (const rule of defaultRules.rules) expect(byRule.get(rule.id) ?? 0, rule.id).toBeGreaterThan(0);
    const closed = await as('anil.analyst', ['call', 'monitoring.alerts.list', '--input', JSON.stringify({ limit: 500, filter: { state: 'closed' } }), '--json']);
    const rows = envelope(closed);
    if (!rows.ok) throw new Error(rows.error.message);
    expect(new Set((rows.value.rows as { outcome: string }[]).map((r) => r.outcome))).toEqual(new Set(['false_positive', 'valuable', 'risk_confirmed']));
  });

  it('refuses a directory that is not empty and leaves it as it was', async () => {
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'keep me\n');
    const run = await runCli(['demo', '--data', busy, '--json']);
    expect(run.code).toBe(1);
    expect(envelope(run)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(readdirSync(busy)).toEqual(['notes.txt']);
    const again = await runCli(['demo', '--data', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty');
  });
});
