/**
 * Terminal prompts. Secrets are read with the terminal in raw mode so nothing is echoed; the
 * prompt itself goes to stderr. Ctrl-C cancels (raw mode turns it into a byte, not a signal).
 */
import { createInterface } from 'node:readline/promises';
import { CancelledError } from './usage-error';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const ESC = '\u001b';
const BACKSPACES = new Set(['\u007f', '\b']);

/** Read a line without echo. `stdin` must be a TTY. */
export function promptHidden(stdin: NodeJS.ReadStream, question: string): Promise<string> {
  if (!stdin.isTTY) return Promise.reject(new Error('promptHidden needs a terminal'));
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === CTRL_C || (ch === CTRL_D && value === '')) {
          finish();
          reject(new CancelledError());
          return;
        }
        if (BACKSPACES.has(ch)) value = value.slice(0, -1);
        // An escape sequence (arrow keys and the like): drop the rest of it.
        else if (ch === ESC) break;
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Read a line with echo (for names, never for secrets). */
export async function promptVisible(stdin: NodeJS.ReadStream, question: string): Promise<string> {
  const rl = createInterface({ input: stdin, output: process.stderr, terminal: true });
  try {
    const closed = new Promise<never>((_, reject) => rl.once('close', () => reject(new CancelledError())));
    return (await Promise.race([rl.question(question), closed])).trim();
  } finally {
    rl.close();
  }
}
