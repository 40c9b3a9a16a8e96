// Set-up shared by `npm start`, `npm test` and `npm run bench`: checks Node, installs missing
// system packages with apt-get when it has the rights (or says exactly what to install), installs
// npm dependencies, checks the native addons load under this Node, and builds.
// Uses Node built-ins only: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
const require = createRequire(join(ROOT, 'package.json'));

export function step(message) {
  process.stdout.write(`\n▶ ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\n✖ ${message}\n`);
  process.exit(1);
}

/** Run a command in the repo, streaming its output; exit with its status if it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...options.env } });
  if (result.error) fail(`${command} could not be started: ${result.error.message}`);
  if (result.status !== 0) {
    if (options.allowFailure) return false;
    fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  return true;
}

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js ${process.versions.node} is too old: Vaultline needs Node.js 20.19 or newer.`);
}

/**
 * System packages: [what must exist, Debian package that provides it].
 * `chromium` is needed for the browser host and the e2e tests; compilers for the native addons.
 */
const SYSTEM = [
  ['softhsm2-util', 'softhsm2', 'SoftHSM2, the dev/test PKCS#11 token'],
  ['pkcs11-tool', 'opensc', 'OpenSC, PKCS#11 tools and the smartcard module'],
  ['chromium', 'chromium', 'Chromium, for the browser host and e2e tests'],
  ['openssl', 'openssl', 'OpenSSL, to check signed evidence with standard tools'],
  ['unzip', 'unzip', 'unzip, to open evidence packages as an auditor would'],
  ['make', 'make', 'make, to build native addons'],
  ['g++', 'g++', 'a C++ compiler, to build native addons'],
  ['python3', 'python3', 'Python 3, for node-gyp'],
];

export function ensureSystemPackages({ needBrowser = true } = {}) {
  const missing = SYSTEM.filter(([cmd, , ]) => (needBrowser || cmd !== 'chromium') && !have(cmd));
  if (missing.length === 0) return;
  const packages = missing.map(([, pkg]) => pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && have('apt-get')) {
    step(`Installing system packages: ${packages.join(' ')}`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    const still = missing.filter(([cmd]) => !have(cmd));
    if (still.length > 0) fail(`apt-get ran, yet these are still missing: ${still.map(([c]) => c).join(', ')}`);
    return;
  }
  fail(
    `Missing system packages:\n${missing.map(([cmd, pkg, why]) => `  - ${cmd} (${why}): Debian/Ubuntu package "${pkg}"`).join('\n')}\n` +
      `Install them with:\n  sudo apt-get install ${packages.join(' ')}\n(on other systems, install the same tools with your package manager)`,
  );
}

function nativeAddonsLoad() {
  const probe = `
    const D = require('better-sqlite3'); new D(':memory:').close();
    require('pkcs11js'); require('argon2');`;
  return spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, stdio: 'ignore' }).status === 0;
}

export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules/.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (stale) {
    step('Installing npm dependencies (native addons compile from source; this takes a few minutes the first time)');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  if (!nativeAddonsLoad()) {
    // Built for another ABI (e.g. rebuilt for Electron by `npm start`): rebuild for this Node.
    step(`Rebuilding native addons for Node ${process.versions.node}`);
    run('npm', ['rebuild', 'better-sqlite3', 'pkcs11js', 'argon2']);
    if (!nativeAddonsLoad()) fail('The native addons (better-sqlite3-multiple-ciphers, pkcs11js, argon2) still do not load; see the npm output above.');
  }
}

export function build() {
  step('Building (electron-vite: main, preload, renderer)');
  run(join(ROOT, 'node_modules/.bin/electron-vite'), ['build']);
}

export function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function output(command, args) {
  return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8' });
}
