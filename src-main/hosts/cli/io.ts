/**
 * The process as the CLI sees it: where text goes and whether a person is at the keyboard.
 * Everything is written through process.stdout/stderr (the linter forbids console.*); prompts and
 * diagnostics go to stderr so that stdout carries only the result.
 */
export interface CliIo {
  readonly stdin: NodeJS.ReadStream;
  /** Whether stdin is a terminal, so secrets may be asked for without echo. */
  readonly interactive: boolean;
  readonly env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    interactive: process.stdin.isTTY === true,
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  };
}
