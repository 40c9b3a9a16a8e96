/**
 * End to end: the KYC screen on the demo console in Chromium through the browser host.
 *
 * Anil (compliance analyst) opens the queue with `g` `k`, sees a count per status, and opens the
 * demo's customer who submitted through the online node and waits in review with an open PEP-list
 * hit (src-main/demo/kyc.demo-step.ts, DEMO_PENDING_CUSTOMER). He reads the passport (the vault
 * logs the read with its purpose; PDF.js draws it, since the CSP allows no frames), resolves the
 * hit as a false positive with a reason (a short one is refused first), looks at the risk with its
 * factors, and approves the customer. Where the file needs enhanced due diligence, his approval is
 * refused by the core and Maria (MLRO) approves with the sources of funds and wealth. After a
 * reload, the file is approved and the hit still shows as resolved, never raised again.
 *
 * Every figure the test expects is read from the core through the bus (an auditor's session).
 * Screenshots go to test-results/e2e/kyc-*.png.
 *
 * Needs `npx electron-vite build` first (it reads out/renderer), SoftHSM2 and Debian's chromium.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ok } from '../helpers/dev-data';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { DEMO_CREDENTIALS, type DemoUsername } from '../../src-main/demo/demo';
import { DEMO_EDD_CUSTOMER, DEMO_PENDING_CUSTOMER } from '../../src-main/demo/kyc.demo-step';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import { demoSession, hasAttribute, hasText, openDemoConsole, requireBuiltRenderer, SHOTS, signIn as signInDemo, visible, type DemoConsole } from './page-helpers';

const REASON = 'Different person: the listed member of the National Council is another Lukas Brenner; passport shows born 1994 in Graz';

/** The part of a DOM canvas the check reads (the test's own tsconfig has no DOM types). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { readonly data: ArrayLike<number> } } | null;
}

requireBuiltRenderer();

describe('kyc e2e: a submitted customer reviewed, its false-positive PEP hit resolved, and approved', () => {
  let demo: DemoConsole | undefined;
  let core: Core;
  let page: Page;
  /** A separate auditor session: the test's source of truth, read through the same bus. */
  let truth: CallerContext;
  let hitId: string;
  const pageErrors: string[] = [];
  const blocked: string[] = [];

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `kyc-${name}.png`), fullPage: false });
  };
  const read = <N extends CommandName>(command: N, input: CommandInput<N>): Promise<CommandOutput<N>> => ok(core, command, input, truth);
  const file = () => page.getByTestId('kyc-file');
  const row = (id: string) => page.locator(`[data-testid="kyc-row"][data-customer-id="${id}"]`);

  const signIn = (username: DemoUsername): Promise<void> => signInDemo(page, username);
  const closeFile = async (): Promise<void> => {
    if (await file().isVisible()) {
      await page.keyboard.press('Escape');
      await file().waitFor({ state: 'hidden' });
    }
  };
  const switchTo = async (username: DemoUsername): Promise<void> => {
    await closeFile();
    await page.getByTestId('operator-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await visible(page.getByRole('button', { name: 'Sign in' }));
    await signIn(username);
  };
  /** `g` then `k`, from wherever the window is. */
  const openQueueByKeyboard = async (): Promise<void> => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('k');
    await visible(page.getByTestId('kyc-screen'));
  };
  const openFile = async (id: string): Promise<void> => {
    await row(id).click();
    await hasAttribute(file(), 'data-customer-id', id);
  };

  beforeAll(async () => {
    demo = await openDemoConsole('kyc', { pageErrors, blocked });
    ({ core, page } = demo);
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('unlocks, signs Anil in, and g then k opens the queue with a count per status', async () => {
    await page.getByLabel('Custody token PIN').fill(DEMO_CREDENTIALS.custody.pin);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await signIn('anil.analyst');
    truth = await demoSession(core, 'otto.auditor');

    await openQueueByKeyboard();
    const total = async (status: 'pending_review' | 'information_requested' | 'approved' | 'rejected') => (await read('kyc.customers.list', { status: [status], limit: 1 })).total;
    const pending = await total('pending_review');
    expect(pending).toBeGreaterThan(0);
    await hasText(page.getByTestId('kyc-count-pending'), String(pending));
    await hasText(page.getByTestId('kyc-count-approved'), String(await total('approved')));
    await hasText(page.getByTestId('kyc-count-rejected'), String(await total('rejected')));
    await hasText(page.getByTestId('kyc-count-reviews'), String((await read('kyc.reviews.due', { withinDays: 30 })).total));
    await expect.poll(() => page.getByTestId('kyc-row').count(), { timeout: 20_000, interval: 100 }).toBe(pending);
    await visible(row(DEMO_PENDING_CUSTOMER));
    await shot('01-queue');

    // The reviews due: overdue first; past the grace period withdrawals are blocked.
    await page.getByTestId('kyc-tab-reviews').click();
    const due = await read('kyc.reviews.due', { withinDays: 30 });
    await expect.poll(() => page.getByTestId('kyc-review-row').count(), { timeout: 20_000, interval: 100 }).toBe(due.reviews.length);
    const blocking = due.reviews.filter((r) => r.blocksWithdrawals).length;
    await expect.poll(() => page.locator('[data-testid="kyc-review-row"][data-blocks="true"]').count(), { timeout: 20_000, interval: 100 }).toBe(blocking);
    await shot('02-reviews-due');

    // The help lists the screen's keys and g then k.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-help');
    await hasText(help, 'Go to KYC');
    await hasText(help.locator('[data-scope="kyc"]').first(), 'Next customer');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await page.getByTestId('kyc-tab-pending').click();
  });

  it('Anil opens the submitted customer: an open PEP hit, with its score and evidence', async () => {
    await openFile(DEMO_PENDING_CUSTOMER);
    const got = await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER });
    expect(got.customer.status).toBe('pending_review');
    const open = got.hits.filter((h) => h.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    const hit = open[0]!;
    hitId = hit.id;
    await hasText(page.getByTestId('kyc-file-name'), got.customer.legalName);
    await hasAttribute(file(), 'data-open-hits', String(open.length));
    const card = page.locator(`[data-testid="kyc-hit"][data-hit-id="${hitId}"]`);
    await hasAttribute(card, 'data-hit-status', 'open');
    await hasText(card.getByTestId('hit-score'), hit.score.toFixed(2));
    await hasText(card.getByTestId('hit-entry-name'), hit.entryName);
    await hasText(card, hit.listName);
    expect(await card.getByTestId('hit-agreed').count()).toBe(hit.agreed.length);
    expect(await card.getByTestId('hit-penalised').count()).toBe(hit.penalised.length);
    await shot('03-file-open-hit');
  });

  it('reads the passport for a stated purpose: PDF.js draws it beside the submitted data', async () => {
    const got = await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER });
    const passport = got.documents.find((d) => d.kind === 'passport')!;
    expect(passport).toBeDefined();
    await page.locator(`[data-testid="kyc-document-row"][data-document-id="${passport.id}"]`).click();
    await page.getByTestId('kyc-view-document').click();
    const viewer = page.getByTestId('kyc-viewer');
    await hasAttribute(viewer, 'data-document-id', passport.id);
    await hasAttribute(viewer, 'data-kind', 'pdf');
    await visible(page.getByTestId('kyc-pdf-page').first());
    // The canvas holds drawn pixels, not a blank page.
    const inked = await page.getByTestId('kyc-pdf-page').first().evaluate((canvas) => {
      const c = canvas as unknown as CanvasLike;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(100);
    await visible(page.locator('[data-testid="kyc-extracted-field"][data-field="idDocument"][data-evidenced]'));
    await hasText(page.locator('[data-testid="kyc-extracted-field"][data-field="legalName"]'), got.customer.profile.legalName);
    await viewer.scrollIntoViewIfNeeded();
    await shot('04-document');
  });

  it('resolves the hit as a false positive: a short reason is refused, a real one recorded', async () => {
    const card = page.locator(`[data-testid="kyc-hit"][data-hit-id="${hitId}"]`);
    await card.scrollIntoViewIfNeeded();
    await card.getByTestId('hit-reason').fill('not him');
    await card.getByTestId('hit-resolve-button').click();
    await hasText(card, 'Give the reason in at least 10 characters');
    expect((await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER })).hits.find((h) => h.id === hitId)!.status).toBe('open');

    await card.getByTestId('hit-reason').fill(REASON);
    await card.getByTestId('hit-resolve-button').click();
    await hasAttribute(card, 'data-hit-status', 'false_positive');
    await hasText(card.getByTestId('hit-resolution'), 'anil.analyst');
    await hasText(page.getByTestId('kyc-notice'), 'Hit resolved');
    const resolved = (await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER })).hits.find((h) => h.id === hitId)!;
    expect(resolved).toMatchObject({ status: 'false_positive', resolvedBy: 'operator:anil.analyst', resolutionReason: REASON });
    await card.scrollIntoViewIfNeeded();
    await shot('05-hit-resolved');
  });

  it('shows the risk score with every factor’s contribution, the CDD level and the next review', async () => {
    const got = await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER });
    const risk = got.risk!;
    expect(risk).not.toBeNull();
    const section = page.getByTestId('kyc-risk');
    await section.scrollIntoViewIfNeeded();
    await hasAttribute(section, 'data-level', risk.level);
    await hasText(page.getByTestId('kyc-risk-score'), (Math.round(risk.score * 10) / 10).toFixed(1));
    await hasText(page.getByTestId('kyc-next-review'), risk.nextReviewAt.slice(0, 10));
    await expect.poll(() => page.getByTestId('kyc-risk-factor').count(), { timeout: 20_000, interval: 100 }).toBe(risk.factors.length);
    for (const f of risk.factors) await hasAttribute(page.locator(`[data-testid="kyc-risk-factor"][data-factor="${f.factor}"]`), 'data-contribution', String(f.contribution));
    // recharts drew one bar per factor that adds points (a zero contribution has no bar to draw).
    await expect.poll(() => page.locator('[data-testid="kyc-risk-chart"] .recharts-bar-rectangle').count(), { timeout: 20_000, interval: 100 }).toBe(risk.factors.filter((f) => f.contribution > 0).length);
    await shot('06-risk');
  });

  it('approves the customer (the MLRO where enhanced due diligence applies)', async () => {
    const before = await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER });
    expect(before.hits.filter((h) => h.status === 'open')).toEqual([]);
    const form = page.getByTestId('kyc-decision-form');
    await form.scrollIntoViewIfNeeded();
    if (before.edd.required) {
      // The analyst's approval reaches the core and is refused there, in its words.
      await page.getByTestId('kyc-edd-funds').fill('Salary as a software engineer, payslips for twelve months seen');
      await page.getByTestId('kyc-edd-wealth').fill('Savings from salary; no other wealth declared or evidenced');
      await page.getByTestId('kyc-decision-submit').click();
      await hasAttribute(page.getByTestId('kyc-refusal'), 'data-code', 'FORBIDDEN');
      await hasText(page.getByTestId('kyc-refusal-message'), 'only a compliance officer may approve');
      await shot('07-analyst-refused-edd');
      await switchTo('maria.mlro');
      await openQueueByKeyboard();
      await openFile(DEMO_PENDING_CUSTOMER);
      await page.getByTestId('kyc-decision-form').scrollIntoViewIfNeeded();
      await page.getByTestId('kyc-edd-funds').fill('Salary as a software engineer, payslips for twelve months seen');
      await page.getByTestId('kyc-edd-wealth').fill('Savings from salary; no other wealth declared or evidenced');
    }
    await page.getByTestId('kyc-decision-text').fill('Identity checked against the passport; PEP hit cleared as a namesake');
    await page.getByTestId('kyc-decision-submit').click();
    await hasAttribute(file(), 'data-status', 'approved');
    await hasText(page.getByTestId('kyc-notice'), 'Approved');
    const after = await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER });
    expect(after.customer.status).toBe('approved');
    expect(after.customer.approvedBy).toBe(before.edd.required ? 'operator:maria.mlro' : 'operator:anil.analyst');
    expect(after.gate.withdrawalsAllowed).toBe(true);
    await hasText(page.getByTestId('kyc-gate'), 'Withdrawals allowed');
    // The screen followed the file to its new tab.
    await hasAttribute(page.getByTestId('kyc-tab-approved'), 'aria-selected', 'true');
    await page.getByTestId('kyc-file-summary').scrollIntoViewIfNeeded();
    await shot('08-approved');
  });

  it('after a reload the file is approved and the hit is still resolved, not raised again', async () => {
    await page.reload({ waitUntil: 'domcontentloaded' });
    // The browser host keeps the core's session; a fresh page may still ask to sign in again.
    const signInButton = page.getByRole('button', { name: 'Sign in' });
    await Promise.race([visible(page.getByTestId('operator-name')), visible(signInButton)]);
    if (await signInButton.isVisible()) await signIn('anil.analyst');
    await openQueueByKeyboard();
    await page.getByTestId('kyc-tab-approved').click();
    // Hundreds of approved files, only those in view in the DOM: find it by id.
    await page.getByTestId('kyc-search').fill(DEMO_PENDING_CUSTOMER);
    await expect.poll(() => page.getByTestId('kyc-row').count(), { timeout: 20_000, interval: 100 }).toBe(1);
    await openFile(DEMO_PENDING_CUSTOMER);
    await hasAttribute(file(), 'data-status', 'approved');
    await hasAttribute(file(), 'data-open-hits', '0');
    const card = page.locator(`[data-testid="kyc-hit"][data-hit-id="${hitId}"]`);
    await hasAttribute(card, 'data-hit-status', 'false_positive');
    await hasText(card.getByTestId('hit-resolution'), REASON);
    const got = await read('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER });
    // One hit for that list entry, resolved: none raised again for it.
    const forEntry = got.hits.filter((h) => h.entryId === got.hits.find((x) => x.id === hitId)!.entryId);
    expect(forEntry.map((h) => h.status)).toEqual(['false_positive']);
    expect(got.hits.filter((h) => h.status === 'open')).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    await shot('09-after-reload');

    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('EDD: a declared PEP’s photographed ID card in the viewer; the hit confirmed; the analyst refused, the MLRO approves with the sources of funds and wealth', async () => {
    await switchTo('anil.analyst');
    await openQueueByKeyboard();
    await page.getByTestId('kyc-tab-pending').click();
    await page.getByTestId('kyc-search').fill(DEMO_EDD_CUSTOMER);
    await expect.poll(() => page.getByTestId('kyc-row').count(), { timeout: 20_000, interval: 100 }).toBe(1);
    await openFile(DEMO_EDD_CUSTOMER);
    const got = await read('kyc.customers.get', { customerId: DEMO_EDD_CUSTOMER });
    expect(got.edd).toMatchObject({ required: true, requiresOfficer: true });

    // The ID card is an image: shown from its bytes, decoded by the browser.
    const card = got.documents.find((d) => d.contentType === 'image/png')!;
    expect(card).toBeDefined();
    await page.locator(`[data-testid="kyc-document-row"][data-document-id="${card.id}"]`).click();
    await page.getByTestId('kyc-view-document').click();
    const viewer = page.getByTestId('kyc-viewer');
    await hasAttribute(viewer, 'data-document-id', card.id);
    await hasAttribute(viewer, 'data-kind', 'image');
    const img = viewer.locator('img').first();
    await visible(img);
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: 20_000, interval: 100 }).toBe(480);
    await viewer.scrollIntoViewIfNeeded();
    await shot('10-edd-id-card-image');

    // She is the listed member of the National Assembly: a true match.
    const hit = got.hits.find((h) => h.status === 'open' && h.listKind === 'pep')!;
    const hitCard = page.locator(`[data-testid="kyc-hit"][data-hit-id="${hit.id}"]`);
    await hitCard.scrollIntoViewIfNeeded();
    await hitCard.getByTestId('hit-resolution-choice').getByText('True match').click();
    await hitCard.getByTestId('hit-reason').fill('Same person: declared her seat in the National Assembly; date of birth and nationality agree');
    await hitCard.getByTestId('hit-resolve-button').click();
    await hasAttribute(hitCard, 'data-hit-status', 'true_match');

    // Enhanced due diligence: the analyst's approval is refused by the core.
    await page.getByTestId('kyc-decision-form').scrollIntoViewIfNeeded();
    await visible(page.getByTestId('kyc-edd-note'));
    const funds = 'Parliamentary salary and a teaching position; payslips and tax returns for two years seen';
    const wealth = 'Inherited family property in Lyon (notarial deed) and savings from salary';
    await page.getByTestId('kyc-edd-funds').fill(funds);
    await page.getByTestId('kyc-edd-wealth').fill(wealth);
    await page.getByTestId('kyc-decision-submit').click();
    await hasAttribute(page.getByTestId('kyc-refusal'), 'data-code', 'FORBIDDEN');
    await hasText(page.getByTestId('kyc-refusal-message'), 'only a compliance officer may approve');
    expect((await read('kyc.customers.get', { customerId: DEMO_EDD_CUSTOMER })).customer.status).toBe('pending_review');
    await shot('11-edd-analyst-refused');

    await switchTo('maria.mlro');
    await openQueueByKeyboard();
    await page.getByTestId('kyc-search').fill(DEMO_EDD_CUSTOMER);
    await expect.poll(() => page.getByTestId('kyc-row').count(), { timeout: 20_000, interval: 100 }).toBe(1);
    await openFile(DEMO_EDD_CUSTOMER);
    await page.getByTestId('kyc-decision-form').scrollIntoViewIfNeeded();
    await page.getByTestId('kyc-edd-funds').fill(funds);
    await page.getByTestId('kyc-edd-wealth').fill(wealth);
    await page.getByTestId('kyc-decision-text').fill('EDD completed: PEP confirmed, sources of funds and wealth evidenced');
    await page.getByTestId('kyc-decision-submit').click();
    await hasAttribute(file(), 'data-status', 'approved');
    const after = await read('kyc.customers.get', { customerId: DEMO_EDD_CUSTOMER });
    expect(after.customer).toMatchObject({ status: 'approved', approvedBy: 'operator:maria.mlro', eddSourceOfFunds: funds, eddSourceOfWealth: wealth, cddLevel: 'enhanced' });
    await hasText(page.getByTestId('kyc-edd-required'), `Source of funds: ${funds}`);
    await page.getByTestId('kyc-file-summary').scrollIntoViewIfNeeded();
    await shot('12-edd-approved');
  });

  it('Screening: the lists in force, an ad hoc name ranked and explained, a re-screen of everyone with progress', async () => {
    await closeFile();
    await page.getByTestId('kyc-open-screening').click();
    const drawer = page.getByTestId('kyc-screening-drawer');
    const lists = (await read('kyc.lists.list', {})).lists;
    await expect.poll(() => page.getByTestId('kyc-list-row').count(), { timeout: 20_000, interval: 100 }).toBe(lists.length);
    for (const l of lists) await hasText(page.locator(`[data-testid="kyc-list-row"][data-list-id="${l.id}"]`), l.active!.version);

    await page.getByTestId('kyc-adhoc-name').fill('Aung Kyaw Htet');
    await page.getByTestId('kyc-adhoc-birth').fill('1964');
    await page.getByTestId('kyc-adhoc-submit').click();
    const expected = await read('kyc.screen.name', { name: 'Aung Kyaw Htet', birthDate: '1964', limit: 10 });
    expect(expected.matches.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('kyc-adhoc-candidate').count(), { timeout: 20_000, interval: 100 }).toBe(expected.matches.length);
    const first = page.locator('[data-testid="kyc-adhoc-candidate"][data-rank="1"]');
    await hasText(first, expected.matches[0]!.entryName);
    await hasText(first, expected.matches[0]!.agreed[0]!.detail);
    await first.scrollIntoViewIfNeeded();
    await shot('13-screening-adhoc');

    // Maria is a compliance officer: she re-screens everyone against the whole of every list.
    await drawer.getByTestId('kyc-rescreen-reason').fill('Quarterly full re-screen after the matcher review');
    await drawer.getByTestId('kyc-rescreen-start').click();
    const progress = drawer.getByTestId('kyc-rescreen-progress');
    await visible(progress);
    await drawer.getByTestId('kyc-rescreen-section').scrollIntoViewIfNeeded();
    await shot('14-rescreen-progress');
    await hasAttribute(progress, 'data-state', 'done');
    const status = await read('kyc.rescreen.status', {});
    expect(status.pending).toEqual([]);
    expect(status.last.filter((r) => r.reason === 'Quarterly full re-screen after the matcher review').map((r) => r.listId).sort()).toEqual(lists.map((l) => l.id).sort());
    await shot('15-rescreen-done');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('re-verifies an approved customer from the reviews due: back in the queue with the reason', async () => {
    await page.getByTestId('kyc-search').fill('');
    await page.getByTestId('kyc-tab-reviews').click();
    const due = await read('kyc.reviews.due', { withinDays: 30 });
    const target = due.reviews.find((r) => !r.blocksWithdrawals && r.openHits === 0)!;
    expect(target).toBeDefined();
    await page.locator(`[data-testid="kyc-review-row"][data-customer-id="${target.id}"]`).click();
    await hasAttribute(file(), 'data-customer-id', target.id);
    const form = page.getByTestId('kyc-reverify-form');
    await form.scrollIntoViewIfNeeded();
    await page.getByTestId('kyc-reverify-reason').fill('Periodic review: passport renewal and address confirmation');
    await page.getByTestId('kyc-reverify-submit').click();
    await hasAttribute(file(), 'data-status', 'pending_review');
    const after = await read('kyc.customers.get', { customerId: target.id });
    expect(after.customer.status).toBe('pending_review');
    expect(after.history[0]).toMatchObject({ kind: 'review_started', detail: expect.objectContaining({ reason: 'Periodic review: passport renewal and address confirmation' }) as unknown });
    expect(after.gate.withdrawalsAllowed).toBe(true);
    await page.getByTestId('kyc-file-summary').scrollIntoViewIfNeeded();
    await shot('16-reverify-started');

    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
