/**
 * The session a front end is signed in with, kept by its host rather than passed by the front end
 * on every call: the renderer only ever calls `invoke(command, input)`. The host watches results to
 * learn of a new session (login) or its end (logout, lock, a refused handle).
 */
import type { Result } from '../../src-shared/errors';
import type { Bus, CallerContext, HostKind } from './bus';

export class HostSession {
  #handle: string | undefined;

  constructor(readonly host: HostKind) {}

  caller(): CallerContext {
    return { host: this.host, sessionHandle: this.#handle };
  }

  observe(command: unknown, result: Result<unknown>): void {
    if (result.ok) {
      if (command === 'session.login') {
        const handle = (result.value as { sessionHandle?: unknown }).sessionHandle;
        if (typeof handle === 'string') this.#handle = handle;
      } else if (command === 'session.logout' || command === 'console.lock') {
        this.#handle = undefined;
      }
    } else if (result.error.code === 'UNAUTHENTICATED' || result.error.code === 'LOCKED') {
      this.#handle = undefined;
    }
  }

  get signedIn(): boolean {
    return this.#handle !== undefined;
  }
}

/** `invoke` bound to one host session: what a front end's `window.api.invoke` ends up calling. */
export function sessionInvoker(bus: Pick<Bus, 'invoke'>, session: HostSession) {
  return async (command: unknown, input: unknown): Promise<Result<unknown>> => {
    const result = await bus.invoke(command, input, session.caller());
    session.observe(command, result);
    return result;
  };
}
