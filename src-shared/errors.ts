/**
 * Errors as they cross a process boundary: a code from one closed union, a message that is safe
 * to show to the operator, and for validation failures the fields at fault. Never a stack trace,
 * never a secret (see DESIGN.md, "The renderer is untrusted").
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_COMMAND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LOCKED',
  'NOT_INITIALIZED',
  'ALREADY_INITIALIZED',
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'UNLOCK_THROTTLED',
  'BAD_CREDENTIALS',
  'OPERATOR_LOCKED',
  'OPERATOR_DISABLED',
  'DB_KEY_INVALID',
  'DB_CORRUPT',
  'HSM_MODULE_MISSING',
  'HSM_TOKEN_MISSING',
  'HSM_KEY_MISSING',
  'HSM_ERROR',
  'NOT_FOUND',
  'INSUFFICIENT_FUNDS',
  'INTEGRITY_FAILURE',
  'DUPLICATE',
  'CONFLICT',
  'BUSY',
  'SHUTTING_DOWN',
  'IO',
  'INTERNAL',
  // Bundle refusals (docs/bundle-format.md, "Refusals"): each names exactly why a bundle was not taken.
  'BUNDLE_MALFORMED',
  'BUNDLE_TRUNCATED',
  'BUNDLE_TOO_LARGE',
  'BUNDLE_ZIP_BOMB',
  'BUNDLE_UNSUPPORTED',
  'BUNDLE_SIGNER_UNKNOWN',
  'BUNDLE_SIGNER_REVOKED',
  'BUNDLE_SIGNATURE_INVALID',
  'BUNDLE_WRONG_RECIPIENT',
  'BUNDLE_REPLAY',
  'BUNDLE_GAP',
  'BUNDLE_OUT_OF_ORDER',
  'BUNDLE_CHAIN_BROKEN',
  'BUNDLE_ITEM_MISMATCH',
  'BUNDLE_ITEM_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `admin.username`; empty for the whole input. */
  readonly path: string;
  readonly message: string;
}

/** A schema library's issues (zod's shape) as field issues, at most 20, under an optional path prefix. */
export function fieldIssues(error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] }, prefix = ''): FieldIssue[] {
  return error.issues.slice(0, 20).map((i) => ({ path: [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.'), message: i.message }));
}

export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
