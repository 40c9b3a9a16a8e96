/**
 * The hook later modules use to add demo data: createDemo runs DEMO_STEPS and then any step given,
 * in order, through the bus, with calls as the admin or as any demo operator. Also: a demo that
 * fails part-way leaves the directory as it found it.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, DEMO_CREDENTIALS, DEMO_STEPS, type DemoStep } from '../../src-main/demo/demo';
import { removeDataDir, requireBuiltCli, runCli } from '../helpers/dev-data';

describe('demo steps', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vaultline-demo-steps-'));
  });
  afterAll(() => removeDataDir(root));

  it('runs the steps in order, as the operators they choose', async () => {
    const seen: string[] = [];
    const probe: DemoStep = {
      name: 'probe',
      async run(ctx) {
        const operators = await ctx.admin('operators.list', {});
        seen.push(`operators:${operators.operators.length}`);
        const otto = await ctx.as('otto.auditor');
        const verdict = await otto('audit.verify', {});
        seen.push(`chain:${String(verdict.valid)}`);
        // The same session is reused, not a second login.
        expect(await ctx.as('otto.auditor')).toBe(otto);
        const who = await (await ctx.as('maria.mlro'))('session.whoami', {});
        seen.push(`whoami:${who.operator.username}`);
        // The demo's SAR case exports in every format: goAML, FinCEN (filer details set by the demo) and PDF.
        const anil = await ctx.as('anil.analyst');
        const cases = await anil('cases.list', { limit: 100 });
        const withSar = cases.rows.filter((c) => c.hasSar);
        expect(withSar.length).toBeGreaterThan(0);
        const sar = (await anil('cases.get', { id: withSar[0]!.id })).sar;
        if (!sar) throw new Error('the demo case with a SAR has no SAR summary');
        for (const format of ['goaml', 'fincen', 'pdf'] as const) {
          const exported = await anil('sar.export', { id: sar.id, format });
          expect(exported.contentBase64.length, format).toBeGreaterThan(0);
          if (format === 'goaml') expect(exported.validated, format).toBe(true);
        }
        const view = (await anil('sar.get', { id: sar.id })).sar;
        expect(new Set(view.exports.map((e) => e.format))).toEqual(new Set(['goaml', 'fincen', 'pdf']));
        seen.push(`sar:${sar.state}`);
      },
    };
    const progress: string[] = [];
    const result = await createDemo({ dataDir: join(root, 'with-probe'), steps: [...DEMO_STEPS, probe], progress: (line) => progress.push(line) });
    expect(seen).toEqual([`operators:${DEMO_CREDENTIALS.operators.length}`, 'chain:true', 'whoami:maria.mlro', 'sar:approved']);
    expect(progress).toContain('Demo data: probe');
    expect(progress.indexOf('Demo data: operators')).toBeLessThan(progress.indexOf('Demo data: probe'));
    expect(result.consoleId).toMatch(/^vl_/);
    expect(existsSync(result.credentialsFile)).toBe(true);
    // The whole demo (300 KYC files, 90 days of history, cases, three SAR exports): minutes on a busy two-core machine.
  }, 300_000);

  it('names the failed step and removes what it made', async () => {
    const broken: DemoStep = {
      name: 'broken',
      async run(ctx) {
        const cole = await ctx.as('cole.custody');
        await cole('operators.list', {});
      },
    };
    const dir = join(root, 'broken');
    await expect(createDemo({ dataDir: dir, steps: [...DEMO_STEPS, broken] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^Demo step "broken": operators\.list as cole\.custody was refused: /) as unknown,
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('reports a token script that fails, through the CLI, and leaves no directory behind', async () => {
    requireBuiltCli();
    const dir = join(root, 'no-script');
    const run = await runCli(['demo', '--data', dir, '--json'], { env: { VAULTLINE_HSM_SCRIPT: join(root, 'missing.sh') } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'IO', message: expect.stringContaining('Making the demo tokens failed') as unknown } });
    expect(existsSync(dir)).toBe(false);
  });
});
