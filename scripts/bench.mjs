#!/usr/bin/env node
// `npm run bench`: set-up as for the tests, then every benchmark, each beside its same-run baseline.
import { join } from 'node:path';
import { ROOT, checkNode, ensureDependencies, ensureSystemPackages, run } from './lib/ensure.mjs';

checkNode();
ensureSystemPackages({ needBrowser: false });
ensureDependencies();
run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/run.ts', ...process.argv.slice(2)]);
