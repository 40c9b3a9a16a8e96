#!/usr/bin/env node
// `npm test`: the whole suite from a fresh machine. Set-up (system packages, npm dependencies,
// build), then typecheck, lint, unit, integration (real SoftHSM2 + encrypted SQLite) and e2e
// (Chromium driving the built renderer bound to the real core).
import { build, checkNode, ensureDependencies, ensureSystemPackages, run, step } from './lib/ensure.mjs';

checkNode();
ensureSystemPackages();
ensureDependencies();
build();

const vitest = ['node_modules/vitest/vitest.mjs', 'run'];
const stages = [
  ['Typecheck (strict)', 'npm', ['run', '--silent', 'typecheck']],
  ['Lint (layer rules included)', 'npm', ['run', '--silent', 'lint']],
  ['Unit tests', process.execPath, [...vitest, '--project', 'unit']],
  ['Integration tests (SoftHSM2, encrypted SQLite)', process.execPath, [...vitest, '--project', 'integration']],
  ['End-to-end tests (Chromium)', process.execPath, [...vitest, '--project', 'e2e']],
];
const started = Date.now();
for (const [title, command, args] of stages) {
  step(title);
  run(command, args);
}
process.stdout.write(`\n✔ All checks passed in ${Math.round((Date.now() - started) / 1000)} s. Screenshots: test-results/\n`);
