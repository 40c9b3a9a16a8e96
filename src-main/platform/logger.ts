/**
 * Diagnostics for whoever runs the console (stderr by default). Never given secrets: callers log
 * codes, command names and error objects from the core, which carry none.
 */
export interface Logger {
  error(message: string, error?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`;
  return String(error);
}

export function stderrLogger(level: 'error' | 'warn' | 'info' = 'warn'): Logger {
  const write = (tag: string, text: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${tag} ${text}\n`);
  };
  return {
    error: (message, error) => write('ERROR', error === undefined ? message : `${message}: ${describe(error)}`),
    warn: (message) => {
      if (level !== 'error') write('WARN', message);
    },
    info: (message) => {
      if (level === 'info') write('INFO', message);
    },
  };
}

export const silentLogger: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined };
