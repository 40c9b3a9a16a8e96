/**
 * Typed client over `window.api.invoke`. Every call answers with a result envelope (never throws
 * for a refused command); a transport failure becomes an INTERNAL error with a safe message.
 *
 * Calls that come back UNAUTHENTICATED, LOCKED or NOT_INITIALIZED mean the session or the console
 * state changed under us (idle lock, another host locked it): listeners (the session store) move
 * the UI back to Login or Unlock.
 */
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import type { ErrorCode, Result, WireError } from '../../src-shared/errors';
import { isErrorCode } from '../../src-shared/errors';

export type { CommandInput, CommandName, CommandOutput, Result, WireError };

/** Error codes that end the operator session in the UI. */
export type AuthLoss = Extract<ErrorCode, 'UNAUTHENTICATED' | 'LOCKED' | 'NOT_INITIALIZED'>;

type AuthLossListener = (code: AuthLoss, command: CommandName) => void;
const listeners = new Set<AuthLossListener>();

/** Subscribe to session loss; returns the unsubscribe function. */
export function onAuthLoss(listener: AuthLossListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isAuthLoss(code: ErrorCode): code is AuthLoss {
  return code === 'UNAUTHENTICATED' || code === 'LOCKED' || code === 'NOT_INITIALIZED';
}

/** Whether the page was opened by a Vaultline host (which installs `window.api`). */
export function hasBridge(): boolean {
  return typeof window.api?.invoke === 'function';
}

const BRIDGE_MISSING: WireError = { code: 'INTERNAL', message: 'This window is not connected to the console core.' };
const TRANSPORT_FAILED: WireError = { code: 'INTERNAL', message: 'The console core could not be reached; the operation was not completed.' };

/** A result envelope as it arrives: checked for shape, since the bridge is a boundary. */
function asResult<T>(raw: unknown): Result<T> {
  if (raw !== null && typeof raw === 'object' && 'ok' in raw) {
    const envelope = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (envelope.ok === true) return { ok: true, value: envelope.value as T };
    const error = envelope.error as Partial<WireError> | undefined;
    if (envelope.ok === false && error && isErrorCode(error.code) && typeof error.message === 'string') {
      return { ok: false, error: error.issues ? { code: error.code, message: error.message, issues: error.issues } : { code: error.code, message: error.message } };
    }
  }
  return { ok: false, error: TRANSPORT_FAILED };
}

export async function invoke<N extends CommandName>(command: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>>> {
  const bridge = window.api;
  if (!bridge) return { ok: false, error: BRIDGE_MISSING };
  let result: Result<CommandOutput<N>>;
  try {
    result = asResult<CommandOutput<N>>(await bridge.invoke(command, input));
  } catch {
    result = { ok: false, error: TRANSPORT_FAILED };
  }
  if (!result.ok && isAuthLoss(result.error.code)) {
    const code = result.error.code;
    for (const listener of listeners) listener(code, command);
  }
  return result;
}
