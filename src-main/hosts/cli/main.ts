/** Entry point of the `vaultline` CLI (built to out/main/cli.js; bin/vaultline.mjs runs it). */
import { runCli } from './cli';
import { processIo } from './io';

// runCli never rejects; the exit status is set, not forced, so pending output is flushed first.
void runCli(process.argv.slice(2), processIo()).then((status) => {
  process.exitCode = status;
});
