/**
 * What the renderer knows about the console and who is signed in: the last console.status, the
 * operator view from session.login, and why the UI last fell back to Unlock or Login. Never a PIN,
 * passphrase or key; the session handle itself stays with the host (see host-session.ts).
 */
import { create } from 'zustand';
import { notifications } from '@mantine/notifications';
import { invoke, onAuthLoss } from '../api';
import type { CommandOutput, WireError } from '../api';
import type { ConsoleStatus, OperatorView } from '../lib/phase';

/** Nothing from a session may stay on screen once it ended: toasts can name operators and data. */
function clearSessionTraces(): void {
  notifications.clean();
}

export type Notice = { readonly tone: 'info' | 'warning'; readonly text: string };

interface SessionState {
  readonly status: ConsoleStatus | null;
  /** False when the core did not answer the last status call. */
  readonly reachable: boolean;
  readonly unreachableError: WireError | null;
  readonly operator: OperatorView | null;
  readonly expiresAt: string | null;
  /** Shown on the Unlock/Login screen: why the operator is there. */
  readonly notice: Notice | null;

  readonly refreshStatus: () => Promise<ConsoleStatus | null>;
  readonly unlocked: () => Promise<void>;
  readonly signedIn: (login: CommandOutput<'session.login'>) => void;
  /** Forget the operator locally (the core has already ended the session). */
  readonly sessionEnded: (notice: Notice | null) => void;
  readonly lock: () => Promise<WireError | null>;
  readonly logout: () => Promise<WireError | null>;
  readonly clearNotice: () => void;
}

export const useSession = create<SessionState>()((set, get) => ({
  status: null,
  reachable: true,
  unreachableError: null,
  operator: null,
  expiresAt: null,
  notice: null,

  async refreshStatus() {
    const result = await invoke('console.status', {});
    if (!result.ok) {
      set({ reachable: false, unreachableError: result.error });
      return null;
    }
    const status = result.value;
    const { operator } = get();
    if (status.locked && operator) {
      clearSessionTraces();
      set({
        status,
        reachable: true,
        unreachableError: null,
        operator: null,
        expiresAt: null,
        notice: { tone: 'warning', text: `The console was locked (idle for ${Math.round(status.idleTimeoutSeconds / 60)} min, or locked elsewhere). Unlock it to continue.` },
      });
    } else {
      set({ status, reachable: true, unreachableError: null });
    }
    return status;
  },

  async unlocked() {
    set({ notice: null });
    await get().refreshStatus();
  },

  signedIn(login) {
    set({ operator: login.operator, expiresAt: login.expiresAt, notice: null });
  },

  sessionEnded(notice) {
    clearSessionTraces();
    set({ operator: null, expiresAt: null, notice });
  },

  async lock() {
    const result = await invoke('console.lock', {});
    clearSessionTraces();
    set({ operator: null, expiresAt: null, notice: result.ok ? { tone: 'info', text: 'The console is locked.' } : null });
    await get().refreshStatus();
    return result.ok ? null : result.error;
  },

  async logout() {
    const result = await invoke('session.logout', {});
    clearSessionTraces();
    set({ operator: null, expiresAt: null, notice: { tone: 'info', text: 'You signed out.' } });
    return result.ok ? null : result.error;
  },

  clearNotice() {
    set({ notice: null });
  },
}));

// A command refused for a lost session or a locked console sends the UI back to Login or Unlock.
onAuthLoss((code) => {
  const { operator, sessionEnded, refreshStatus } = useSession.getState();
  switch (code) {
    case 'UNAUTHENTICATED':
      if (operator) sessionEnded({ tone: 'warning', text: 'Your session ended. Sign in again to continue.' });
      break;
    case 'LOCKED':
      sessionEnded({ tone: 'warning', text: 'The console was locked. Unlock it to continue.' });
      void refreshStatus();
      break;
    case 'NOT_INITIALIZED':
      sessionEnded(null);
      void refreshStatus();
      break;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
});
