/**
 * The browser host: the built renderer in Debian's Chromium, driven by playwright-core, with
 * `window.api.invoke` bound to the same command bus as the Electron and CLI hosts. Used by the
 * end-to-end tests and by `npm run start:browser` where the Electron binary is not available.
 *
 * Like the Electron host it is offline by design: the renderer is served from disk under a fake
 * origin with the app's CSP, and every other request is aborted before it leaves the browser.
 * The core runs in this process, so a slow PKCS#11 call briefly stalls the page's answers (the
 * Electron host runs it in a utility process instead); acceptable for tests and a dev fallback.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Route } from 'playwright-core';
import type { Result } from '../../../src-shared/errors';
import type { Bus } from '../../bus/bus';
import { HostSession, sessionInvoker } from '../../bus/host-session';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { APP_ORIGIN, resolveAsset } from './renderer-assets';

export { APP_ORIGIN } from './renderer-assets';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline Chromium: no sync, no updates, no background fetches, no QUIC. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-extensions',
  '--disable-default-apps',
  '--password-store=basic',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
];

/** The page-side name of the binding; `window.api` wraps it and is all the renderer uses. */
const BINDING = '__vaultlineInvoke';

/** Installed in every frame before any app script runs; only the app's top frame gets `window.api`. */
const INIT_SCRIPT = `(() => {
  if (window.top !== window || location.origin !== ${JSON.stringify(APP_ORIGIN)}) return;
  const api = Object.freeze({ invoke: (command, input) => window[${JSON.stringify(BINDING)}](command, input) });
  Object.defineProperty(window, 'api', { value: api, enumerable: false, configurable: false, writable: false });
})();`;

const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface BrowserHostOptions {
  /** The core's bus (or anything with its `invoke`). The host does not close the core. */
  readonly core: { readonly bus: Pick<Bus, 'invoke'> };
  /** The built renderer (`out/renderer`), holding index.html. */
  readonly rendererDir: string;
  readonly headless: boolean;
  /** Chromium to run; defaults to $VAULTLINE_CHROMIUM or Debian's /usr/bin/chromium. */
  readonly executablePath?: string;
  /** Page size; headed windows default to the window's own size. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Told about every request that was refused (not an app asset). */
  readonly onBlocked?: (url: string) => void;
}

export interface BrowserHost {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The app's URL (`http://vaultline.local/`). */
  readonly url: string;
  /** Settles when the browser is gone, whoever closed it; the profile directory is removed by then. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/** Thrown when the host cannot start; its message says what to install or build. */
export class BrowserHostError extends Error {
  override readonly name = 'BrowserHostError';
}

function refuse(message: string): Result<unknown> {
  return { ok: false, error: { code: 'FORBIDDEN', message } };
}

export async function launchBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const executablePath = options.executablePath ?? process.env.VAULTLINE_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new BrowserHostError(`Chromium not found at ${executablePath}: install it (Debian: apt-get install chromium) or set VAULTLINE_CHROMIUM.`);
  }
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new BrowserHostError(`No built renderer in ${options.rendererDir}: run "npx electron-vite build" first.`);
  }

  // A fresh profile each time: nothing from an earlier run (storage, cache) is reused.
  const profileDir = await mkdtemp(join(tmpdir(), 'vaultline-chromium-'));
  const viewport = options.viewport ?? (options.headless ? { width: 1440, height: 900 } : null);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      headless: options.headless,
      args: [...CHROMIUM_ARGS, ...(options.headless ? [] : ['--window-size=1440,900'])],
      viewport: viewport ? { ...viewport } : null,
      serviceWorkers: 'block',
      acceptDownloads: false,
      bypassCSP: false,
      offline: false,
      locale: 'en-US',
      timezoneId: 'UTC',
      // The host's owner decides what a signal means (main.ts closes the browser, then the core).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
    throw new BrowserHostError(`Chromium (${executablePath}) did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }

  // The profile is removed once the browser is gone, whoever closed it. Chromium can still flush a
  // file or two (network state, code cache) as it exits, so removal is checked and repeated.
  const removeProfile = async (): Promise<void> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
      await delay(200);
      if (!existsSync(profileDir)) return;
    }
  };
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const finish = async (): Promise<void> => {
    // For a persistent context, close() resolves once the browser process has exited.
    await context.close().catch(() => undefined);
    await removeProfile();
    markClosed();
  };
  let finishing: Promise<void> | undefined;
  const close = (): Promise<void> => (finishing ??= finish());
  context.once('close', () => void close());

  try {
    // Offline by design: the app's own files are served from disk, everything else is aborted.
    await context.route('**/*', async (route: Route) => {
      const url = route.request().url();
      const target = resolveAsset(url, options.rendererDir);
      if (!target) {
        options.onBlocked?.(url);
        await route.abort('blockedbyclient');
        return;
      }
      let body: Buffer;
      try {
        body = await readFile(target.path);
      } catch {
        await route.fulfill({ status: 404, headers: { ...RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Not found' });
        return;
      }
      await route.fulfill({ status: 200, headers: { ...RESPONSE_HEADERS, 'Content-Type': target.contentType }, body });
    });
    await context.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'offline console' }));

    // One session per host, kept here: the page only ever calls invoke(command, input).
    const session = new HostSession('browser');
    const invoke = sessionInvoker(options.core.bus, session);
    await context.exposeBinding(BINDING, async (source: { readonly page: Page; readonly frame: Frame }, command: unknown, input: unknown): Promise<Result<unknown>> => {
      // Only the app's own top-level page may call the core (as the Electron host checks senders).
      if (source.frame !== source.page.mainFrame()) return refuse('Calls are accepted only from the console window.');
      let origin: string;
      try {
        origin = new URL(source.frame.url()).origin;
      } catch {
        return refuse('Calls are accepted only from the console window.');
      }
      if (origin !== APP_ORIGIN) return refuse('Calls are accepted only from the console window.');
      return invoke(command, input);
    });
    await context.addInitScript({ content: INIT_SCRIPT });

    const page = context.pages()[0] ?? (await context.newPage());
    // Only one window: popups and extra tabs are closed as they open.
    context.on('page', (extra) => {
      if (extra !== page) void extra.close();
    });
    page.on('close', () => void close());
    const url = `${APP_ORIGIN}/`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return { context, page, url, closed, close };
  } catch (error) {
    await close();
    throw error;
  }
}
