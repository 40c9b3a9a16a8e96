/**
 * The alert queue in Chromium (issue 9: "alert queue with 100 000 alerts in Chromium: time to first
 * rows and to scroll to the end"). A real console (SoftHSM2, encrypted SQLite) holds the alerts,
 * inserted through the monitoring repository in one transaction; the built renderer runs in
 * Debian's Chromium through the browser host, signed in as a compliance analyst, exactly as the e2e
 * tests drive it. Two figures, each beside the same queue holding 1 000 alerts in the same run:
 *  - time to first rows: from `g` `a` on the Home screen to the first alert row drawn (median of 5);
 *  - time to scroll to the end: the table (as high as the whole queue) scrolled to its bottom until its
 *    last row is drawn with real data (the oldest alert, not a placeholder): the queue asks the core
 *    only for the page of 500 under the window, by offset.
 * Both are measured inside the page (performance.now), so playwright's round trips do not count.
 * VAULTLINE_BENCH_ALERTS sets the large queue (default 100 000). Needs `npx electron-vite build`.
 */
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { inTransaction } from '../src-main/db/database';
import { insertAlert, insertMonitoredTx, LEVEL_RANK, usdKey } from '../src-main/db/monitoring.repository';
import type { Core } from '../src-main/core/core';
import { call, initConsole, removeDataDir, unlockAndLogin } from '../test/helpers/dev-data';
import { enrol, passphraseOf } from '../test/helpers/operators';
import { openWindow, requireBuiltRenderer } from '../test/e2e/page-helpers';
import { figure, type Figure } from './harness';

const ANALYST = { username: 'bench.analyst', token: { label: 'bench-analyst', pin: 'analyst-1234' } };
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
const BASELINE = 1000;

/** `count` alerts (and the monitored transactions they point at), numbered on from `from`, in one transaction. */
async function seedAlerts(core: Core, from: number, count: number): Promise<void> {
  const db = core.console.requireDb();
  await inTransaction(db, () => {
    const version = core.monitoring.ensureRules(db).version;
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const recordedAt = new Date().toISOString();
    for (let i = from; i < from + count; i++) {
      const at = new Date(start + i * 60_000).toISOString();
      const customerId = `C-${String(i % 3000).padStart(4, '0')}`;
      const usdCents = BigInt(1_000_000 + ((i * 7919) % 9_000_000));
      const txId = `dep:bench-${i}`;
      insertMonitoredTx(db, { id: txId, at, direction: i % 3 === 0 ? 'withdrawal' : 'deposit', customerId, assetId: 'BTC', amount: '1000000', usdCents: usdCents.toString(), counterpartyAddress: `bc1qbenchpeer${i % 5000}`, counterpartyCountry: 'DE', counterpartyVasp: null, counterpartyPep: false, sourceRef: `bench-${i}:0`, recordedAt }, i + 1);
      const level = LEVELS[i % 4]!;
      insertAlert(db, {
        raisedAt: at,
        ruleId: 'high-value',
        ruleVersion: version,
        ruleTitle: 'High value transaction',
        level,
        levelRank: LEVEL_RANK[level],
        actions: JSON.stringify([{ type: 'alert', level }]),
        conditions: JSON.stringify([{ path: 'rules[0].when', description: 'USD value ≥ 10 000', holds: true, values: { usdCents: usdCents.toString(), thresholdUsdCents: '1000000' } }]),
        txId,
        txRef: `bench-${i}:0`,
        customerId,
        assetId: 'BTC',
        amount: '1000000',
        usdCents: usdCents.toString(),
        usdKey: usdKey(usdCents),
        assignee: null,
        state: 'open',
        suppressionId: null,
        outcome: null,
        closeReason: null,
        closedBy: null,
        closedAt: null,
        caseId: null,
      });
    }
  });
}

/** From Home, `g` `a`, until the first alert row is drawn: milliseconds measured in the page. */
async function timeToFirstRows(page: Page): Promise<number> {
  await page.getByTestId('nav-alerts').waitFor();
  // Home first, so that every run starts from the same place with no queue mounted.
  await page.evaluate(`location.hash = '#/'`);
  await page.getByTestId('alerts-screen').waitFor({ state: 'detached' });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const result: unknown = await page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    const seen = () => document.querySelector('[data-testid="alert-row"]') ? resolve(performance.now() - t0) : requestAnimationFrame(seen);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'g' }));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    requestAnimationFrame(seen);
  })`);
  return Number(result);
}

/**
 * Scroll the queue to its end until its last row (position `total`, the oldest alert: id 1) is drawn
 * with real data, not a placeholder: milliseconds measured in the page.
 */
async function timeToScrollToEnd(page: Page, total: number): Promise<number> {
  const result: unknown = await page.evaluate(`new Promise((resolve, reject) => {
    const table = document.querySelector('[data-testid="alerts-table"]');
    if (!table) return reject(new Error('no alert table'));
    const t0 = performance.now();
    const step = () => {
      table.scrollTop = table.scrollHeight;
      const last = table.querySelector('[data-testid="alert-row"][aria-rowindex="${total}"]');
      if (last) {
        if (last.getAttribute('data-alert-id') !== '1') return reject(new Error('the last row is alert ' + last.getAttribute('data-alert-id') + ', not the oldest'));
        const box = last.getBoundingClientRect();
        const view = table.getBoundingClientRect();
        // On screen, not only in the DOM (inside the table's visible box).
        if (box.bottom <= view.bottom + 1 && box.top >= view.top) return resolve(performance.now() - t0);
      }
      if (performance.now() - t0 > 600000) return reject(new Error('the queue did not reach its end in 10 minutes'));
      requestAnimationFrame(step);
    };
    step();
  })`);
  return Number(result);
}

export async function alertsUiBenchmarks(): Promise<Figure[]> {
  requireBuiltRenderer();
  const large = Number(process.env.VAULTLINE_BENCH_ALERTS ?? 100_000);
  const { dir, core } = await initConsole([ANALYST.token]);
  try {
    const admin = await unlockAndLogin(core);
    await enrol(core, admin, { username: ANALYST.username, roles: ['compliance_analyst'], token: ANALYST.token });
    await seedAlerts(core, 0, BASELINE);
    const { host, page } = await openWindow(core);
    try {
      // The console is already unlocked (the core is shared with this window): sign in.
      // (page-helpers' signInWith waits with vitest's expect.poll, which needs a vitest run.)
      await page.getByLabel('Username').fill(ANALYST.username);
      await page.getByLabel('Passphrase').fill(passphraseOf(ANALYST.username));
      await page.getByLabel('Operator token PIN').fill(ANALYST.token.pin);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('operator-name').filter({ hasText: ANALYST.username }).waitFor();
      const measure = async (total: number): Promise<{ first: number; end: number }> => {
        await timeToFirstRows(page); // warm: the screen's code and the first query plan
        // The median of five: one run is at the mercy of a garbage collection or the other engineers' load.
        const runs: number[] = [];
        for (let i = 0; i < 5; i++) runs.push(await timeToFirstRows(page));
        const first = runs.sort((a, b) => a - b)[2]!;
        const end = await timeToScrollToEnd(page, total);
        return { first, end };
      };
      const small = await measure(BASELINE);
      let t = performance.now();
      await seedAlerts(core, BASELINE, large - BASELINE);
      const seedMs = performance.now() - t;
      t = performance.now();
      const big = await measure(large);
      const totalSeconds = Math.round((performance.now() - t) / 100) / 10;
      // Where the scroll's time goes: one page of the queue as the core answers it (rows, total and
      // counts), asked from Node without the window, ten pages deep.
      const analyst = await unlockAndLogin(core, { username: ANALYST.username, passphrase: passphraseOf(ANALYST.username), tokenPin: ANALYST.token.pin });
      let cursor: string | undefined;
      const pageMs: number[] = [];
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        const answer = await call(core, 'monitoring.alerts.list', { limit: 500, ...(cursor ? { cursor } : {}) }, analyst);
        if (i > 0) pageMs.push(performance.now() - t0);
        if (!answer.ok) throw new Error(answer.error.message);
        cursor = answer.value.nextCursor ?? undefined;
      }
      const corePageMs = Math.round((pageMs.reduce((a, b) => a + b, 0) / pageMs.length) * 10) / 10;
      // A page by offset at the end of the queue (what the table asks for when it jumps there): the index steps over the rest.
      const deepMs: number[] = [];
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        const answer = await call(core, 'monitoring.alerts.list', { limit: 500, offset: large - 500 - i * 500 }, analyst);
        if (i > 0) deepMs.push(performance.now() - t0);
        if (!answer.ok) throw new Error(answer.error.message);
      }
      const coreDeepOffsetPageMs = Math.round((deepMs.reduce((a, b) => a + b, 0) / deepMs.length) * 10) / 10;
      // The same ten pages asked from the page through window.api (the browser host's binding), without React.
      const bridged: unknown = await page.evaluate(`(async () => {
        let cursor; const ms = [];
        for (let i = 0; i < 11; i++) {
          const t0 = performance.now();
          const answer = await window.api.invoke('monitoring.alerts.list', cursor ? { limit: 500, cursor } : { limit: 500 });
          if (i > 0) ms.push(performance.now() - t0);
          if (!answer.ok) throw new Error(answer.error.message);
          cursor = answer.value.nextCursor ?? undefined;
        }
        return ms.reduce((a, b) => a + b, 0) / ms.length;
      })()`);
      const bridgePageMs = Math.round(Number(bridged) * 10) / 10;
      const details = { alerts: large, baselineAlerts: BASELINE, pageSize: 500, seedSeconds: Math.round(seedMs / 100) / 10, totalSeconds, corePageMs, coreDeepOffsetPageMs, bridgePageMs };
      return [
        figure(`alert queue (${large} alerts) in Chromium: time to first rows`, 'ms', big.first, `the same queue with ${BASELINE} alerts`, small.first, 'lower', details),
        figure(`alert queue (${large} alerts) in Chromium: scroll to the end`, 'ms', big.end, `the same queue with ${BASELINE} alerts`, small.end, 'lower', { ...details, msPerThousandAlerts: Math.round((big.end / large) * 1000 * 10) / 10, baselineMsPerThousandAlerts: Math.round((small.end / BASELINE) * 1000 * 10) / 10 }),
      ];
    } finally {
      await host.close();
    }
  } finally {
    await core.close();
    removeDataDir(dir);
  }
}
