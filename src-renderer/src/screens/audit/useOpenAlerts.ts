import { useEffect, useState } from 'react';
import { invoke } from '../../api';

/**
 * How many integrity alerts are open (records or data that failed their checks), for a badge.
 * Undefined until known, or when the operator may not list them.
 */
export function useOpenAlerts(enabled: boolean, revision: number): number | undefined {
  const [count, setCount] = useState<number | undefined>();
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void invoke('integrity.alerts.list', { open: true, limit: 1000 }).then((result) => {
      if (live) setCount(result.ok ? result.value.alerts.length : undefined);
    });
    return () => {
      live = false;
    };
  }, [enabled, revision]);
  return enabled ? count : undefined;
}
