/**
 * The Electron host: one locked-down window, the core in a utility process, one IPC channel.
 * The only file set (with preload and core-process) that imports `electron`.
 */
import { app, BrowserWindow, ipcMain, session, utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_CHANNEL } from '../../../src-shared/api';
import type { Result } from '../../../src-shared/errors';
import type { CallerContext } from '../../bus/bus';
import { HostSession, sessionInvoker } from '../../bus/host-session';
import { CONTENT_SECURITY_POLICY, isAppAsset, isTrustedSender } from './security';
import type { CoreMessage, CoreRequest } from './protocol';

const CALL_TIMEOUT_MS = 10 * 60_000;

function dataDirFromArgs(): string {
  const i = process.argv.indexOf('--data');
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : (process.env.VAULTLINE_DATA ?? join(app.getPath('userData'), 'data'));
}

/** Talks to the core process; answers every call, with BUSY on timeout or a dead core. */
class CoreProcess {
  readonly #child: UtilityProcess;
  readonly #pending = new Map<number, (result: Result<unknown>) => void>();
  #nextId = 1;
  #closing = false;

  constructor(dataDir: string) {
    this.#child = utilityProcess.fork(join(import.meta.dirname, 'core-process.js'), ['--data', dataDir], { serviceName: 'vaultline-core' });
    this.#child.on('message', (message: CoreMessage) => {
      if (message.type !== 'result') return;
      this.#pending.get(message.id)?.(message.result);
      this.#pending.delete(message.id);
    });
    this.#child.on('exit', () => {
      for (const resolve of this.#pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message: 'The console core stopped.' } });
      this.#pending.clear();
    });
  }

  invoke(command: unknown, input: unknown, caller: CallerContext): Promise<Result<unknown>> {
    if (this.#closing) return Promise.resolve({ ok: false, error: { code: 'SHUTTING_DOWN', message: 'The console is shutting down.' } });
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve({ ok: false, error: { code: 'BUSY', message: 'The console core did not answer in time.' } });
      }, CALL_TIMEOUT_MS);
      this.#pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      const request: CoreRequest = { type: 'invoke', id, command, input, caller };
      this.#child.postMessage(request);
    });
  }

  shutdown(): void {
    this.#closing = true;
    const request: CoreRequest = { type: 'shutdown' };
    this.#child.postMessage(request);
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  const rendererDir = join(import.meta.dirname, '../renderer');
  const rendererDirUrl = pathToFileURL(rendererDir).href;
  const indexUrl = pathToFileURL(join(rendererDir, 'index.html')).href;

  // Offline by design: anything that is not one of the app's own files is cancelled.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAppAsset(details.url, rendererDirUrl) }));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  // Camera (QR scanning) is the one permission the console may ask for.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'media'));

  const core = new CoreProcess(dataDirFromArgs());
  const hostSession = new HostSession('electron');
  const invoke = sessionInvoker(core, hostSession);

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Vaultline',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());

  ipcMain.handle(IPC_CHANNEL, async (event, command: unknown, input: unknown) => {
    const frame = event.senderFrame;
    if (!isTrustedSender(frame?.url, frame !== null && frame === win.webContents.mainFrame, indexUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the console window.' } };
    }
    return invoke(command, input);
  });

  win.once('ready-to-show', () => win.show());
  await win.loadURL(indexUrl);

  app.on('window-all-closed', () => {
    core.shutdown();
    app.quit();
  });
}

app.enableSandbox();
start().catch((error: unknown) => {
  process.stderr.write(`vaultline: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  app.exit(1);
});
