import { useEffect } from 'react';
import { hasBridge } from '../api';
import { useSession } from '../stores/session.store';

/**
 * console.status is a quiet command (not audited), so it is cheap to ask often. Polling it is how
 * an idle lock decided by the core brings the UI back to Unlock without the operator clicking.
 */
export const STATUS_POLL_MS = 5_000;

export function useStatusPoll(intervalMs = STATUS_POLL_MS): void {
  const refreshStatus = useSession((s) => s.refreshStatus);
  useEffect(() => {
    if (!hasBridge()) return;
    const timer = window.setInterval(() => void refreshStatus(), intervalMs);
    const onFocus = (): void => void refreshStatus();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refreshStatus, intervalMs]);
}
