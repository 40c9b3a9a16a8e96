/**
 * How results leave the CLI. With --json: the result envelope, exactly as the bus answers it
 * ({ok, value} or {ok, error}), on stdout. Otherwise: the command's text on stdout, and errors as
 * "CODE: message" plus field issues on stderr. The exit status says which it was.
 */
import type { WireError } from '../../../src-shared/errors';
import type { CliIo } from './io';
import type { Outcome } from './command';
import { EXIT } from './usage-error';

/** JSON for the envelope; money is bigint minor units in the core, so it travels as a string. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

export function formatError(error: WireError): string {
  const lines = [`vaultline: ${error.code}: ${error.message}`];
  for (const issue of error.issues ?? []) lines.push(`  ${issue.path || '(input)'}: ${issue.message}`);
  return `${lines.join('\n')}\n`;
}

/** Print an outcome and return the exit status. */
export function report(outcome: Outcome, json: boolean, io: CliIo): number {
  if (outcome.ok) {
    io.out(json ? toJson({ ok: true, value: outcome.value }) : outcome.text);
    return outcome.exitCode ?? EXIT.ok;
  }
  if (json) io.out(toJson({ ok: false, error: outcome.error }));
  else io.err(formatError(outcome.error));
  return EXIT.failed;
}
