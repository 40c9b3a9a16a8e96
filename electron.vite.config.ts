import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * One build for every host. `out/main` holds the Node entry points: the Electron main process,
 * the core's utility process, the CLI and the browser host (the last two run under plain Node);
 * `out/preload` the sandboxed preload (CommonJS, as sandboxed preloads must be); `out/renderer`
 * the React app.
 */
export default defineConfig({
  main: {
    // Two libraries of the screening code are bundled instead of loaded from node_modules at run
    // time, because Node's ESM loader cannot load them as that code imports them: talisman has no
    // "exports" map (its extensionless deep imports, talisman/metrics/jaro-winkler, do not resolve),
    // and i18n-iso-countries' English names are a JSON file (which Node loads only with an import
    // attribute). Its Node entry would require every language file by a computed path, which a
    // bundle cannot follow: its plain entry is used (screening/countries.ts registers English).
    resolve: { alias: [{ find: /^i18n-iso-countries$/, replacement: 'i18n-iso-countries/index.js' }] },
    build: {
      externalizeDeps: { exclude: ['talisman', 'i18n-iso-countries'] },
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/hosts/electron/main.ts'),
          'core-process': resolve(import.meta.dirname, 'src-main/hosts/electron/core-process.ts'),
          cli: resolve(import.meta.dirname, 'src-main/hosts/cli/main.ts'),
          'browser-host': resolve(import.meta.dirname, 'src-main/hosts/browser/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-main/hosts/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
    plugins: [react()],
  },
});
