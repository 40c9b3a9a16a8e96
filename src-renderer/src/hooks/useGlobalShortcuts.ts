import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { INITIAL_MATCHER, matchShortcut, type MatcherState, type ShortcutAction } from '../lib/shortcuts';
import { screenHandler } from './useScreenShortcuts';
import { useSession } from '../stores/session.store';
import { useUi } from '../stores/ui.store';

/** Screens mark their main filter with this attribute; `/` focuses it. */
export const FILTER_ATTRIBUTE = 'data-shortcut-filter';

function inField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function useGlobalShortcuts(): void {
  const navigate = useNavigate();
  const lock = useSession((s) => s.lock);
  const setShortcutsOpen = useUi((s) => s.setShortcutsOpen);
  const state = useRef<MatcherState>(INITIAL_MATCHER);

  useEffect(() => {
    const run = (action: ShortcutAction): void => {
      switch (action) {
        case 'lock':
          void lock();
          break;
        case 'help':
          setShortcutsOpen(true);
          break;
        case 'focusFilter':
          document.querySelector<HTMLElement>(`[${FILTER_ATTRIBUTE}]`)?.focus();
          break;
        case 'goHome':
          void navigate('/');
          break;
        case 'goKyc':
          void navigate('/kyc');
          break;
        case 'goAlerts':
          void navigate('/alerts');
          break;
        case 'goCases':
          void navigate('/cases');
          break;
        case 'goBundles':
          void navigate('/bundles');
          break;
        case 'goWithdrawals':
          void navigate('/withdrawals');
          break;
        case 'goLedger':
          void navigate('/ledger');
          break;
        case 'goEvidence':
          void navigate('/evidence');
          break;
        case 'goAudit':
          void navigate('/audit');
          break;
        case 'goOperators':
          void navigate('/operators');
          break;
        case 'goSettings':
          void navigate('/settings');
          break;
        case 'nextRow':
        case 'previousRow':
        case 'openRow':
        case 'approve':
        case 'reject':
        case 'sign':
        case 'newWithdrawal':
        case 'nextUnassigned':
        case 'toggleSelect':
          screenHandler(action)?.();
          break;
        default: {
          const unknown: never = action;
          return unknown;
        }
      }
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.repeat || event.isComposing) return;
      const { action, state: next } = matchShortcut(state.current, {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inField: inField(event.target),
        at: performance.now(),
      }, (screenAction) => screenHandler(screenAction) !== undefined);
      state.current = next;
      if (action) {
        event.preventDefault();
        run(action);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [lock, navigate, setShortcutsOpen]);
}
