#!/usr/bin/env node
// `npm start`: launch the console on a demo data directory with SoftHSM2 dev tokens.
//   npm start                      Electron if its binary is present, else the browser host
//   npm start -- --data DIR        another data directory (made as a demo if it does not exist)
//   npm run start:browser          always the browser host (Chromium bound to the same core)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, build, checkNode, ensureDependencies, ensureSystemPackages, fail, run, step } from './lib/ensure.mjs';

const args = process.argv.slice(2);
const dataIndex = args.indexOf('--data');
const dataDir = resolve(dataIndex >= 0 && args[dataIndex + 1] ? args[dataIndex + 1] : join(ROOT, 'demo-data'));
const forceBrowser = args.includes('--browser');

checkNode();
ensureSystemPackages();
ensureDependencies();
build();

if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) {
  step(`Creating a demo data directory at ${dataDir}`);
  run(process.execPath, [join(ROOT, 'out/main/cli.js'), 'demo', '--data', dataDir]);
} else {
  step(`Using the data directory ${dataDir} (demo credentials, if it is a demo: ${join(dataDir, 'DEMO-CREDENTIALS.txt')})`);
}

function electronBinary() {
  const pathFile = join(ROOT, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return undefined;
  const bin = join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

let electron = forceBrowser ? undefined : electronBinary();
if (!forceBrowser && !electron) {
  step('Fetching the Electron binary (npm installs skip it)');
  const fetched = run(process.execPath, [join(ROOT, 'node_modules/electron/install.js')], { env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '' }, allowFailure: true });
  electron = fetched ? electronBinary() : undefined;
  if (!electron) process.stdout.write('The Electron binary is missing and cannot be downloaded here; falling back to the browser host (Chromium bound to the same core).\n');
}

if (electron) {
  step('Rebuilding native addons for Electron’s ABI (npm test rebuilds them for Node again)');
  const rebuilt = run('npx', ['--yes', '@electron/rebuild', '--only', 'better-sqlite3,pkcs11js,argon2'], { allowFailure: true });
  if (!rebuilt) fail('Could not rebuild the native addons for Electron; run `npm run start:browser` to use the browser host instead.');
  step('Launching Vaultline (Electron)');
  run(electron, [ROOT, '--data', dataDir]);
} else {
  step('Launching Vaultline (browser host)');
  run(process.execPath, [join(ROOT, 'out/main/browser-host.js'), '--data', dataDir]);
}
