/**
 * `node out/main/browser-host.js --data DIR [--headless]`: the console in Chromium, for machines
 * without the Electron binary (`npm run start:browser`). Headed when a display exists; headless
 * otherwise, with a note, since a headless console is only useful to scripts.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore } from '../../core/core';
import { stderrLogger } from '../../platform/logger';
import { BrowserHostError, launchBrowserHost } from './browser-host';

const USAGE = 'usage: browser-host --data DIR [--headless]\n';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dataArg = argValue('--data') ?? process.env.VAULTLINE_DATA;
  if (!dataArg) {
    process.stderr.write(`browser-host: no data directory (--data DIR or VAULTLINE_DATA)\n${USAGE}`);
    return 64;
  }
  const dataDir = resolve(dataArg);
  if (!existsSync(dataDir)) {
    process.stderr.write(`browser-host: data directory ${dataDir} does not exist (make one with "vaultline demo --data ${dataArg}")\n`);
    return 66;
  }

  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const headless = process.argv.includes('--headless') || !hasDisplay;
  if (headless && !process.argv.includes('--headless')) {
    process.stderr.write('browser-host: no DISPLAY or WAYLAND_DISPLAY: running Chromium headless (nothing will appear on screen). Press Ctrl+C to stop.\n');
  }

  const core = createCore({ dataDir, logger: stderrLogger() });
  let host;
  try {
    host = await launchBrowserHost({ core, headless, rendererDir: join(import.meta.dirname, '../renderer') });
  } catch (error) {
    await core.close();
    process.stderr.write(`browser-host: ${error instanceof BrowserHostError ? error.message : `could not start: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return 69;
  }
  process.stdout.write(`browser-host: console for ${dataDir} open at ${host.url}${headless ? ' (headless)' : ''}\n`);

  const stop = (): void => void host.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  await host.closed;
  // The browser is gone: lock the console (closes the database, ends the token session).
  await core.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`browser-host: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
