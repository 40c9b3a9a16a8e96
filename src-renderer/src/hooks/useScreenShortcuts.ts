import { useEffect, useRef } from 'react';
import type { ScreenAction } from '../lib/shortcuts';

export type ScreenHandlers = Readonly<Partial<Record<ScreenAction, () => void>>>;

/**
 * The open screen's shortcut handlers. One screen is open at a time, so one registry; the global
 * key handler (useGlobalShortcuts) asks it whether a screen key is live and runs the handler.
 */
let current: { readonly handlers: () => ScreenHandlers } | null = null;

export function screenHandler(action: ScreenAction): (() => void) | undefined {
  return current?.handlers()[action];
}

/**
 * Register this screen's shortcut handlers while it is mounted. The latest handlers are read at
 * key time, so they may close over fresh state without registering again on every render.
 */
export function useScreenShortcuts(handlers: ScreenHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const entry = { handlers: () => latest.current };
    current = entry;
    return () => {
      if (current === entry) current = null;
    };
  }, []);
}
