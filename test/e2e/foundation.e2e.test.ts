/**
 * End to end: the built renderer in Chromium (browser host, playwright-core) bound to a real core
 * on a real SoftHSM2 data directory. Unlock → login → Audit shows that login and a valid chain →
 * Operators. Screenshots go to test-results/e2e/ for a human to look at.
 *
 * Needs `npx electron-vite build` first (it reads out/renderer), SoftHSM2 and Debian's chromium.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ADMIN, CUSTODY, initConsole, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import type { Core } from '../../src-main/core/core';
import { APP_ORIGIN, type BrowserHost } from '../../src-main/hosts/browser/browser-host';
import { CONTENT_SECURITY_POLICY } from '../../src-main/hosts/csp';
import { hasAttribute, hasText, openWindow, requireBuiltRenderer, SHOTS, visible } from './page-helpers';

const FRANK = { label: 'test-op-frank', pin: 'frank-1234' };

requireBuiltRenderer();

describe('foundation e2e: unlock, login, audit, operators in Chromium', () => {
  let dir: string;
  let core: Core;
  let host: BrowserHost;
  let page: Page;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  };

  beforeAll(async () => {
    ({ dir, core } = await initConsole([FRANK]));
    ({ host, page } = await openWindow(core, { pageErrors, blocked }));
  });

  afterAll(async () => {
    await host?.close();
    await core?.close();
    if (dir) removeDataDir(dir);
  });

  it('serves the app under its own origin with the CSP, and reaches nothing else', async () => {
    const response = await page.reload({ waitUntil: 'domcontentloaded' });
    expect(response?.url()).toBe(`${APP_ORIGIN}/`);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const outside = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'reached',
        () => 'blocked',
      ),
    );
    expect(outside).toBe('blocked');
    expect(await page.evaluate('typeof window.api?.invoke')).toBe('function');
  });

  it('shows the unlock screen with the console name', async () => {
    await visible(page.getByText('Unlock console'));
    await hasText(page.getByTestId('console-name'), 'Test console');
    await hasText(page.getByTestId('custody-token-label'), CUSTODY.label);
    await shot('01-unlock');
  });

  it('refuses a wrong PIN with a clear error, counts it and clears the field', async () => {
    const pin = page.getByLabel('Custody token PIN');
    await pin.fill('wrong-pin-0000');
    await page.getByRole('button', { name: 'Unlock' }).click();
    const alert = page.getByTestId('error-alert');
    await hasText(alert, /custody token PIN is not correct \(1 failed attempt\)/);
    expect(await pin.inputValue()).toBe('');
    await shot('02-wrong-pin');
  });

  it('unlocks with the right PIN and signs the admin in', async () => {
    await page.getByLabel('Custody token PIN').fill(CUSTODY.pin);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await visible(page.getByText('Sign in', { exact: true }).first());
    await shot('03-login');

    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Passphrase').fill(ADMIN.passphrase);
    await page.getByLabel('Operator token PIN').fill(ADMIN.tokenPin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await hasText(page.getByTestId('operator-name'), ADMIN.displayName);
    await hasText(page.getByTestId('operator-roles'), 'Administrator');
    await hasText(page.getByTestId('header-console-name'), 'Test console');
    await shot('04-home');
  });

  it('shows an administrator no compliance module, and says which roles one needs when reached by its key', async () => {
    // Every module is built now (Alerts and Cases were the last); the administrator holds no compliance role.
    expect(await page.getByTestId('nav-alerts').count()).toBe(0);
    expect(await page.getByTestId('nav-cases').count()).toBe(0);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await visible(page.getByText('Alerts needs another role'));
    await visible(page.getByText(/Compliance analyst, Compliance officer \(MLRO\), Auditor/));
    await shot('05-module-needs-role');
  });

  it('Audit shows the login, the refused unlock and a valid chain, paging as it scrolls', async () => {
    // Enough history for several pages, made through the bus by a second session of the admin.
    const other = await unlockAndLogin(core);
    for (let i = 0; i < 240; i++) await ok(core, 'audit.verify', {}, other);
    await page.getByTestId('nav-audit').click();
    await hasAttribute(page.getByTestId('chain-status'), 'data-valid', 'true');
    await hasText(page.getByTestId('chain-verdict'), 'Audit chain intact');
    const entries = Number((await page.getByTestId('chain-entries').textContent()) ?? '0');
    expect(entries).toBeGreaterThanOrEqual(240);

    // The first page is 100 entries, and only the rows in view are in the DOM.
    await hasText(page.getByTestId('audit-count'), /^Showing 100 of \d+ entries$/);
    expect(await page.locator('[data-testid="audit-row"]').count()).toBeLessThan(100);
    await shot('06-audit');

    // Scrolling to the end fetches older pages (keyset, beforeSeq) down to entry #1, the ceremony.
    const row = (command: string, outcome: string): Locator => page.locator(`[data-testid="audit-row"][data-command="${command}"][data-outcome="${outcome}"]`);
    const first = page.locator('[data-testid="audit-row"][data-seq="1"]');
    for (let i = 0; i < 30 && (await first.count()) === 0; i++) {
      await page.getByTestId('audit-table').hover();
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(150);
    }
    await hasText(first, 'console.init');
    await visible(row('console.unlock', 'refused').first());
    await hasText(row('console.unlock', 'refused').first(), 'PIN_INCORRECT');
    await visible(row('session.login', 'ok').first());
    // Everything down to #1 is loaded; only entries written since the first page (this screen's own
    // audit.list calls) are newer than the view.
    const [, shown, total] = /Showing (\d+) of (\d+)/.exec((await page.getByTestId('audit-count').textContent()) ?? '') ?? [];
    expect(Number(shown)).toBeGreaterThanOrEqual(240);
    expect(Number(total) - Number(shown)).toBeLessThan(10);
    expect(await page.getByText('Loading older entries').count()).toBe(0);
    await shot('07-audit-scrolled-to-start');

    // `/` focuses the command filter; a prefix narrows the table to matching entries.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await page.keyboard.type('session.');
    await hasText(page.getByTestId('audit-count'), /matching entr/);
    // Read all rows in one evaluation: rows re-render as the filtered page arrives.
    const shownCommands = async (): Promise<string[]> => {
      const value: unknown = await page.evaluate(`Array.from(document.querySelectorAll('[data-testid="audit-row"]'), (row) => row.getAttribute('data-command') ?? '')`);
      return Array.isArray(value) ? value.map(String) : [];
    };
    await expect.poll(async () => (await shownCommands()).every((c) => c.startsWith('session.')), { timeout: 10_000 }).toBe(true);
    expect(await shownCommands()).toContain('session.login');
    await shot('08-audit-filtered');

    await row('session.login', 'ok').first().click();
    await visible(page.getByTestId('audit-entry-detail'));
    await shot('09-audit-entry');
    await page.keyboard.press('Escape');
  });

  it('Operators lists the admin and enrols an auditor', async () => {
    await page.getByTestId('nav-operators').click();
    const admin = page.locator(`[data-testid="operator-row"][data-username="${ADMIN.username}"]`);
    await visible(admin);
    await hasText(admin, /Administrator|Admin/);
    await shot('10-operators');

    await page.getByTestId('create-operator').click();
    const form = page.getByTestId('create-operator-form');
    await form.getByLabel('Username').fill('frank');
    await form.getByLabel('Display name').fill('Frank Auditor');
    await form.locator('.mantine-MultiSelect-input').click();
    await page.getByRole('option', { name: 'Auditor' }).click();
    await page.keyboard.press('Escape');
    await form.locator('input[name="passphrase"]').fill('frank passphrase 1');
    await form.locator('input[name="confirm"]').fill('frank passphrase 1');
    await form.getByLabel('Token label').fill(FRANK.label);
    await form.locator('input[name="tokenPin"]').fill(FRANK.pin);
    await shot('11-create-operator');
    await form.getByRole('button', { name: 'Enrol operator' }).click();
    const frank = page.locator('[data-testid="operator-row"][data-username="frank"]');
    await visible(frank);
    await shot('12-operator-created');

    // A refused passphrase shows the field issue beside the field; nothing is kept in the form.
    await page.getByRole('button', { name: 'Actions for frank' }).click();
    await page.getByRole('menuitem', { name: 'Reset passphrase' }).click();
    const reset = page.getByTestId('reset-passphrase-form');
    await reset.locator('input[name="passphrase"]').fill('too short');
    await reset.locator('input[name="confirm"]').fill('too short');
    await reset.getByRole('button', { name: 'Reset passphrase' }).click();
    await hasText(reset, 'Must be at least 12 characters');
    expect(await reset.locator('input[name="passphrase"]').inputValue()).toBe('');
    await shot('12b-reset-passphrase-refused');
    await reset.locator('input[name="passphrase"]').fill('frank passphrase 2');
    await reset.locator('input[name="confirm"]').fill('frank passphrase 2');
    await reset.getByRole('button', { name: 'Reset passphrase' }).click();
    await reset.waitFor({ state: 'detached' });

    // Disable, through the edit dialog.
    await page.getByRole('button', { name: 'Actions for frank' }).click();
    await page.getByRole('menuitem', { name: 'Edit roles and status' }).click();
    const edit = page.getByTestId('edit-operator-form');
    await edit.getByText('Disabled', { exact: true }).click();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await hasText(frank, 'Disabled');
  });

  it('keyboard: ? shows the shortcuts, g then s opens Settings', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await visible(page.getByTestId('shortcuts-help'));
    await shot('13-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-help').waitFor({ state: 'hidden' });
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await hasText(page.getByTestId('idle-timeout'), '5 min');
    await shot('14-settings');
  });

  it('Lock (mod+L) returns to the unlock screen, as does an idle lock decided by the core', async () => {
    await page.keyboard.press('Control+L');
    await visible(page.getByText('Unlock console'));
    await shot('15-locked');

    await page.getByLabel('Custody token PIN').fill(CUSTODY.pin);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Passphrase').fill(ADMIN.passphrase);
    await page.getByLabel('Operator token PIN').fill(ADMIN.tokenPin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await hasText(page.getByTestId('operator-name'), ADMIN.displayName);

    // What the idle timer does when it fires; the UI learns of it from its console.status poll.
    core.console.lock('idle');
    await hasText(page.getByTestId('notice'), /console was locked/);
    await visible(page.getByText('Unlock console'));
    await shot('16-idle-locked');
  });

  it('made no outside request and threw no page error', () => {
    expect(blocked.filter((url) => !url.startsWith('https://example.com'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

// After the suite above has closed its core: each core points SOFTHSM2_CONF at its own data dir.
describe('foundation e2e: a data directory without a console', () => {
  let dir: string;
  let core: Core;
  let host: BrowserHost;

  beforeAll(async () => {
    dir = makeDataDir([CUSTODY]);
    core = newCore(dir);
    ({ host } = await openWindow(core));
  });

  afterAll(async () => {
    await host?.close();
    await core?.close();
    if (dir) removeDataDir(dir);
  });

  it('says the console is not initialised and how to initialise it', async () => {
    await hasText(host.page.getByTestId('not-initialised'), 'vaultline init');
    await host.page.screenshot({ path: join(SHOTS, '00-not-initialised.png') });
  });
});
