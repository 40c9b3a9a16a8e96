import type { ErrorCode, FieldIssue, WireError } from '../src-shared/errors';

/**
 * The one error type of the core. `message` is written for the operator and must be safe to show
 * (no secrets, no paths into key material); `detail` is for the audit trail and logs only and never
 * crosses the process boundary.
 */
export class VaultlineError extends Error {
  override readonly name = 'VaultlineError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { readonly issues?: readonly FieldIssue[]; readonly detail?: string; readonly cause?: unknown } = {},
  ) {
    super(message);
  }

  get issues(): readonly FieldIssue[] | undefined {
    return this.options.issues;
  }

  get detail(): string | undefined {
    return this.options.detail;
  }
}

export function fail(code: ErrorCode, message: string, options?: VaultlineError['options']): never {
  throw new VaultlineError(code, message, options);
}

/**
 * What may cross to a front end. Anything that is not a VaultlineError is an internal fault: the
 * operator sees a generic message and the original stays in the main process.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof VaultlineError) {
    return error.issues ? { code: error.code, message: error.message, issues: error.issues } : { code: error.code, message: error.message };
  }
  return { code: 'INTERNAL', message: 'An internal error occurred; the operation was not completed.' };
}
