// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

/*
 * Layer rules. The folder decides what a file may import (see STYLE.md, after VS Code's
 * "Bad layering" rules). Do not relax them to make an import work: move the code instead.
 *
 *   src-shared    pure TypeScript + zod: no Node, DOM, Electron or React
 *   src-renderer  src-shared and browser libraries only
 *   src-main      Node; `electron` only under src-main/hosts/electron
 *   native and dangerous libraries have one owner each:
 *     pkcs11js                         src-main/hsm/pkcs11.adapter.ts
 *     better-sqlite3(-multiple-ciphers), drizzle-orm   src-main/db/
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restricted = (...groups) => ({ patterns: groups.flat() });
const group = (names, message) => ({ group: names, message });

const noNode = group(nodeBuiltins, 'Bad layering: this layer must run without Node; move the code to src-main.');
const noElectron = group(['electron', 'electron/*'], 'Bad layering: only src-main/hosts/electron may import electron.');
const noPkcs11 = group(['pkcs11js'], 'pkcs11js belongs to src-main/hsm/pkcs11.adapter.ts only.');
const noDb = group(['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'drizzle-orm', 'drizzle-orm/*'], 'The database belongs to src-main/db only.');
const noMain = group(['**/src-main/**', '../src-main/*', '../../src-main/*'], 'Bad layering: src-main is not reachable from here.');
const noRenderer = group(['**/src-renderer/**'], 'Bad layering: src-renderer is not reachable from here.');
const noReact = group(['react', 'react-dom', 'react-dom/*', 'react/*'], 'Bad layering: src-shared has no UI.');

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'demo-data/**', 'src-main/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'bin/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].flatMap((object) => [
          { object, property: 'only', message: '.only must not be committed: it silently skips the rest of the suite.' },
          { object, property: 'skip', message: 'Do not skip tests to get green: fix the cause.' },
          { object, property: 'todo', message: 'A todo test passes without testing anything.' },
        ]),
      ],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', restricted(noNode, noElectron, noPkcs11, noDb, noMain, noRenderer, noReact)],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'window', 'document', '__dirname', 'require'],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', restricted(noNode, noElectron, noPkcs11, noDb, noMain)],
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  {
    // The one exception, and why: `buffer/` (with the slash) is the npm package, the browser's
    // implementation of Buffer, which @ngraveio/bc-ur (BC-UR, the QR codec air-gapped wallets use)
    // needs as a global. It is not Node's module; every Node built-in stays refused here.
    files: ['src-renderer/src/lib/ur/buffer-global.ts'],
    rules: {
      'no-restricted-imports': ['error', restricted(group(nodeBuiltins.filter((m) => m !== 'buffer'), noNode.message), noElectron, noPkcs11, noDb, noMain)],
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/hosts/electron/**', 'src-main/hsm/pkcs11.adapter.ts', 'src-main/db/**'],
    rules: { 'no-restricted-imports': ['error', restricted(noElectron, noPkcs11, noDb, noRenderer)] },
  },
  {
    files: ['src-main/hsm/pkcs11.adapter.ts'],
    rules: { 'no-restricted-imports': ['error', restricted(noElectron, noDb, noRenderer)] },
  },
  {
    files: ['src-main/db/**'],
    rules: { 'no-restricted-imports': ['error', restricted(noElectron, noPkcs11, noRenderer)] },
  },
  {
    files: ['src-main/hosts/electron/**'],
    rules: { 'no-restricted-imports': ['error', restricted(noPkcs11, noDb, noRenderer)] },
  },
  {
    // Tests may reach the database directly (tampering tests), never electron or the renderer's internals.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', restricted(noElectron)] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**', 'bin/**', 'eslint.config.js'],
    rules: { 'no-console': 'off' },
  },
);
