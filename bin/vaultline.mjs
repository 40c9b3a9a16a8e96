#!/usr/bin/env node
// The `vaultline` command: runs the built CLI (out/main/cli.js), or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`vaultline: the CLI is not built (${cli} is missing); run "npm run build" first.\n`);
  process.exit(2);
}
await import(pathToFileURL(cli).href);
