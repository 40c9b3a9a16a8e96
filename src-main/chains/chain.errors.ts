/**
 * How the chain families fail. Two kinds, kept apart on purpose:
 *
 * - a caller passed something malformed (a 32-byte public key, a negative amount): that is a
 *   programming or data error, thrown at once as `VALIDATION` naming the field;
 * - a transaction does not match what was approved (another destination, a higher fee, a PSBT
 *   input without its previous transaction): that is a *refusal*. `check*` functions return every
 *   refusal they find with a stable code, so the audit trail says exactly why; `sign*` functions run
 *   the same check and throw `INTEGRITY_FAILURE` carrying those refusals if any is found.
 *
 * Both are the core's one error type (`VaultlineError`); messages are safe to show the operator
 * (addresses and amounts, never key material).
 */
import { VaultlineError } from '../errors';

export function invalid(path: string, message: string): never {
  throw new VaultlineError('VALIDATION', `${path}: ${message}`, { issues: [{ path, message }] });
}

/** One reason a transaction was refused; `path` points into the transaction (`outputs[1].script`). */
export interface Refusal<Code extends string = string> {
  readonly code: Code;
  readonly path: string;
  readonly message: string;
}

export type CheckResult<Checked, Code extends string = string> =
  | { readonly ok: true; readonly value: Checked }
  | { readonly ok: false; readonly refusals: readonly Refusal<Code>[] };

/** The error a signer throws when its built-in check refuses: nothing was signed. */
export function refusedError(what: string, refusals: readonly Refusal[]): VaultlineError {
  const summary = refusals.map((r) => r.code).join(', ');
  return new VaultlineError('INTEGRITY_FAILURE', `Refused to sign the ${what}: ${summary}.`, {
    issues: refusals.map((r) => ({ path: r.path, message: `${r.code}: ${r.message}` })),
    detail: refusals.map((r) => `${r.code} at ${r.path}: ${r.message}`).join('\n'),
  });
}

/** Run a check and return its value, or throw the refusals: the only way into a signer. */
export function requireChecked<Checked>(what: string, result: CheckResult<Checked>): Checked {
  if (!result.ok) throw refusedError(what, result.refusals);
  return result.value;
}
