/** Bundle refusals: one error code per reason (src-shared/errors.ts), with an exact message. */
import type { ErrorCode, FieldIssue } from '../../src-shared/errors';
import { VaultlineError } from '../errors';

export type RefusalCode = Extract<ErrorCode, `BUNDLE_${string}`>;

export function refuse(code: RefusalCode, message: string, issues?: readonly FieldIssue[]): never {
  throw new VaultlineError(code, message, issues ? { issues } : {});
}

export function isRefusal(error: unknown): error is VaultlineError & { code: RefusalCode } {
  return error instanceof VaultlineError && error.code.startsWith('BUNDLE_');
}
