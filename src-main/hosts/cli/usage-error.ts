/**
 * Errors of the command line itself, as opposed to the console's (those arrive as WireErrors from
 * the bus). A usage error exits with status 2; a cancelled prompt with 130, as shells do for ^C.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The code the JSON envelope carries: a usage error is a validation failure of the argv. */
    readonly code: 'VALIDATION' | 'UNKNOWN_COMMAND' = 'VALIDATION',
    /** The option or argument at fault, e.g. `--pin`; becomes the envelope's field issue. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
