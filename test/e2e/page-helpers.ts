/**
 * What every e2e file shares: waiting assertions for playwright-core locators under vitest (no
 * @playwright/test here), the console window (the built renderer in Debian's Chromium through the
 * browser host, bound to a real core), a demo console made by `createDemo`, and signing in and out
 * through the window as an operator would.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newCore, ok, REPO_ROOT, removeDataDir } from '../helpers/dev-data';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { createDemo, DEMO_CREDENTIALS, type DemoUsername } from '../../src-main/demo/demo';
import { demoOperator } from '../../src-main/demo/demo-credentials';
import { launchBrowserHost, type BrowserHost } from '../../src-main/hosts/browser/browser-host';

const TIMEOUT = 20_000;

export const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');
export const SHOTS = join(REPO_ROOT, 'test-results/e2e');
/** The window size every e2e screenshot is taken at. */
export const VIEWPORT = { width: 1440, height: 900 } as const;

export async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: TIMEOUT });
}

export async function hasText(locator: Locator, expected: string | RegExp): Promise<void> {
  await visible(locator);
  const poll = expect.poll(async () => (await locator.textContent()) ?? '', { timeout: TIMEOUT, interval: 100 });
  if (typeof expected === 'string') await poll.toContain(expected);
  else await poll.toMatch(expected);
}

export async function hasAttribute(locator: Locator, name: string, value: string): Promise<void> {
  await expect.poll(() => locator.getAttribute(name), { timeout: TIMEOUT, interval: 100 }).toBe(value);
}

/** The e2e tests drive the built renderer; without it they say how to build it. */
export function requireBuiltRenderer(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The e2e tests drive the built renderer, and ${RENDERER_DIR}/index.html is missing: run "npx electron-vite build" first.`);
  }
}

/** Where a window reports what went wrong in the page: uncaught errors and refused requests. */
export interface WindowSinks {
  readonly pageErrors?: string[];
  readonly blocked?: string[];
}

export interface ConsoleWindow {
  readonly host: BrowserHost;
  readonly page: Page;
}

/**
 * The console window on `core`: headless Chromium at VIEWPORT, a 20 s default timeout (a screen
 * answering through the real core on a loaded machine can take more than a second), reduced
 * motion (screenshots without half-finished transitions), page errors and blocked requests
 * collected into the caller's arrays. Screenshots go to SHOTS, made here.
 */
export async function openWindow(core: Core, sinks: WindowSinks = {}): Promise<ConsoleWindow> {
  mkdirSync(SHOTS, { recursive: true });
  const { blocked, pageErrors } = sinks;
  const host = await launchBrowserHost({ core, headless: true, rendererDir: RENDERER_DIR, viewport: VIEWPORT, ...(blocked ? { onBlocked: (url: string) => blocked.push(url) } : {}) });
  const page = host.page;
  page.setDefaultTimeout(TIMEOUT);
  if (pageErrors) page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return { host, page };
}

export interface DemoConsole extends ConsoleWindow {
  /** A temporary folder holding the demo data directory (`dir`); removed by `close`. */
  readonly root: string;
  readonly dir: string;
  readonly core: Core;
  /** Close the window, then the core, then remove the folder. */
  close(): Promise<void>;
}

/**
 * A fresh demo console (`createDemo`, about a minute) in a temporary folder named after `name`,
 * its core, and its window on the unlock screen.
 */
export async function openDemoConsole(name: string, sinks: WindowSinks = {}): Promise<DemoConsole> {
  requireBuiltRenderer();
  const root = mkdtempSync(join(tmpdir(), `vaultline-${name}-e2e-`));
  const dir = join(root, 'demo');
  let core: Core | undefined;
  try {
    await createDemo({ dataDir: dir });
    core = newCore(dir);
    const window = await openWindow(core, sinks);
    const opened = core;
    return {
      ...window,
      root,
      dir,
      core: opened,
      close: async () => {
        await window.host.close();
        await opened.close();
        removeDataDir(root);
      },
    };
  } catch (error) {
    await core?.close();
    removeDataDir(root);
    throw error;
  }
}

/** Unlock a demo console with its custody token PIN, through the window. */
export async function unlockDemo(page: Page): Promise<void> {
  await page.getByLabel('Custody token PIN').fill(DEMO_CREDENTIALS.custody.pin);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

export interface Credentials {
  readonly username: string;
  readonly passphrase: string;
  readonly tokenPin: string;
  readonly displayName: string;
}

/** Sign in through the login screen and wait for the operator's name in the header. */
export async function signInWith(page: Page, who: Credentials): Promise<void> {
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Passphrase').fill(who.passphrase);
  await page.getByLabel('Operator token PIN').fill(who.tokenPin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await hasText(page.getByTestId('operator-name'), who.displayName);
}

/** Sign a demo operator in through the login screen. */
export async function signIn(page: Page, username: DemoUsername): Promise<void> {
  await signInWith(page, demoOperator(username));
}

/** Sign out from the operator menu and wait for the login screen. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('operator-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await visible(page.getByRole('button', { name: 'Sign in' }));
}

/** A session of a demo operator on the same bus, beside the window's (a test's source of truth). */
export async function demoSession(core: Core, username: DemoUsername): Promise<CallerContext> {
  const who = demoOperator(username);
  return { host: 'test', sessionHandle: (await ok(core, 'session.login', { username: who.username, passphrase: who.passphrase, tokenPin: who.tokenPin })).sessionHandle };
}
