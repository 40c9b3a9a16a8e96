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
    build: {
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
