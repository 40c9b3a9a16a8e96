/**
 * `vaultline monitoring …` through the built CLI: rule-set versions listed, a draft from a file,
 * self-approval refused and a second officer's approval, the alert queue, and a backtest that
 * waits for its job.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultRules from '../../resources/monitoring/default-rules.json';
import { CUSTODY, envelope, initConsole, ok, removeDataDir, requireBuiltCli, runCli, secretFile, unlockAndLogin } from '../helpers/dev-data';
import { enrol, passphraseOf } from '../helpers/operators';

const PEOPLE = [
  { username: 'olga', roles: ['compliance_officer' as const], token: { label: 't-olga', pin: 'olga-pin-1' } },
  { username: 'otto', roles: ['compliance_officer' as const], token: { label: 't-otto', pin: 'otto-pin-1' } },
  { username: 'carl', roles: ['custody_officer' as const], token: { label: 't-carl', pin: 'carl-pin-1' } },
];

describe('vaultline monitoring', () => {
  let dir: string;
  let work: string;
  const auth: Record<string, string[]> = {};
  const from = new Date(Date.now() - 3 * 3_600_000).toISOString();

  beforeAll(async () => {
    requireBuiltCli();
    const made = await initConsole(PEOPLE.map((p) => p.token));
    dir = made.dir;
    const admin = await unlockAndLogin(made.core);
    const who: Record<string, Awaited<ReturnType<typeof enrol>>> = {};
    for (const p of PEOPLE) who[p.username] = await enrol(made.core, admin, p);
    await ok(made.core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: '60000', asOf: new Date().toISOString(), source: 'test' }, who.carl);
    for (let i = 0; i < 3; i++) {
      await ok(made.core, 'ledger.deposits.record', { assetId: 'BTC', txid: (i + 1).toString(16).padStart(64, '0'), outputIndex: 0, address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', customerId: 'C-1', amount: i === 0 ? '0.5' : '0.01', confirmations: 6, seenAt: new Date(Date.now() - (2 - i) * 3_600_000).toISOString(), sender: { address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' } }, who.carl);
    }
    await made.core.close();
    work = mkdtempSync(join(tmpdir(), 'vaultline-cli-monitoring-'));
    const pin = secretFile(work, 'custody.pin', CUSTODY.pin);
    for (const p of PEOPLE) {
      auth[p.username] = ['--data', dir, '--user', p.username, '--pin-file', pin, '--passphrase-file', secretFile(work, `${p.username}.pass`, passphraseOf(p.username)), '--token-pin-file', secretFile(work, `${p.username}.tpin`, p.token.pin)];
    }
  }, 120_000);
  afterAll(() => {
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('lists versions, stores a draft from a file, and activates it only with a second officer', async () => {
    const listed = await runCli(['monitoring', 'rules', ...auth.olga!]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^1 +active +10 +system/m);
    const doc = structuredClone(defaultRules) as { rules: { id: string; when: unknown }[] };
    doc.rules.find((r) => r.id === 'high-value')!.when = { field: 'tx.usd', op: 'gte', value: '40000' };
    writeFileSync(join(work, 'rules.json'), JSON.stringify(doc));
    const drafted = await runCli(['monitoring', 'rules', 'draft', join(work, 'rules.json'), '--note', 'High value from 40 000 USD', ...auth.olga!, '--json']);
    expect(envelope(drafted)).toMatchObject({ ok: true, value: { version: { version: 2, state: 'draft' } } });
    writeFileSync(join(work, 'bad.json'), JSON.stringify({ ...doc, rules: [{ ...doc.rules[0], when: { field: 'tx.colour', op: 'eq', value: 1 } }] }));
    const bad = await runCli(['monitoring', 'rules', 'draft', join(work, 'bad.json'), '--note', 'bad', ...auth.olga!, '--json']);
    expect(bad.code).toBe(1);
    expect(envelope(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const self = await runCli(['monitoring', 'rules', 'approve', '2', ...auth.olga!, '--json']);
    expect(envelope(self)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const backtest = await runCli(['monitoring', 'backtest', '--version', '2', '--from', from, '--to', new Date().toISOString(), ...auth.otto!, '--json']);
    expect(backtest.code).toBe(0);
    const result = envelope(backtest);
    if (!result.ok) throw new Error(result.error.message);
    const hv = (result.value.perRule as { ruleId: string; activeRaised: number; removed: number }[]).find((r) => r.ruleId === 'high-value');
    expect(hv).toMatchObject({ activeRaised: 1, removed: 1 });
    const approved = await runCli(['monitoring', 'rules', 'approve', '2', ...auth.otto!]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('Version 2 is active');
  });

  it('shows the alert queue', async () => {
    const run = await runCli(['monitoring', 'alerts', '--state', 'all', ...auth.otto!]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/high-value +C-1/);
    expect(run.stdout).toMatch(/1 of 1 \(open 1, unassigned 1/);
  });
});
