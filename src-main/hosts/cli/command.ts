/**
 * The shape of one CLI command. Commands are thin: they turn options into bus input, run it through
 * a CliConsole (the same bus as every other host) and say how to show the answer to a person.
 */
import type { Result, WireError } from '../../../src-shared/errors';
import type { OptionSpecs, ParsedValues } from './options';
import type { SecretSource } from './secrets';
import type { CliIo } from './io';

export interface GlobalOptions {
  readonly dataDir: string;
  readonly json: boolean;
  readonly modulePath: string | undefined;
}

export interface RunContext {
  readonly values: ParsedValues;
  /** Positional arguments after the command's own words (e.g. the bus command of `call`). */
  readonly args: readonly string[];
  readonly global: GlobalOptions;
  readonly secrets: SecretSource;
  readonly io: CliIo;
}

export interface CliCommand {
  /** The words that name it: `['audit', 'list']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Positional arguments, for help and for the count check: `['<command>']`. */
  readonly args?: readonly string[];
  /** Extra help paragraphs. */
  readonly details?: string;
  readonly options: OptionSpecs;
  /** Runs without a data directory (it only reads its own input). */
  readonly withoutConsole?: boolean;
  run(ctx: RunContext): Promise<Outcome>;
}

/** What a command produced: a value with its human rendering, or a console error. */
export type Outcome =
  | { readonly ok: true; readonly value: unknown; readonly text: string; readonly exitCode?: number }
  | { readonly ok: false; readonly error: WireError };

export function failed(error: WireError): Outcome {
  return { ok: false, error };
}

/** An Outcome from a bus result: `render` shows the value to a person. */
export function fromResult<T>(result: Result<T>, render: (value: T) => string, exitCode?: (value: T) => number): Outcome {
  if (!result.ok) return { ok: false, error: result.error };
  const code = exitCode?.(result.value);
  return code === undefined ? { ok: true, value: result.value, text: render(result.value) } : { ok: true, value: result.value, text: render(result.value), exitCode: code };
}
