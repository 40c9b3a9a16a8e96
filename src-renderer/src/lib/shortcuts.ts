/**
 * Keyboard shortcuts: one table that drives both the key handling and the help dialog, so the
 * help can never list a shortcut that does not work. Chords (`mod+L`) fire at once; sequences
 * (`g` then `a`) fire when the second key follows within SEQUENCE_TIMEOUT_MS.
 *
 * Global shortcuts work everywhere. A screen's shortcuts (scope other than 'global') fire only
 * while that screen is open and has registered a handler (useScreenShortcuts); elsewhere their key
 * does nothing. Two screens may use the same key for the same action (j, k, o move and open rows
 * in every queue): only one screen is open at a time.
 */

export type GlobalAction =
  | 'lock'
  | 'help'
  | 'focusFilter'
  | 'goHome'
  | 'goKyc'
  | 'goAlerts'
  | 'goCases'
  | 'goWithdrawals'
  | 'goLedger'
  | 'goBundles'
  | 'goEvidence'
  | 'goAudit'
  | 'goOperators'
  | 'goSettings';

/** Actions of the Withdrawals queue. */
export type WithdrawalsAction = 'nextRow' | 'previousRow' | 'openRow' | 'approve' | 'reject' | 'sign' | 'newWithdrawal';

/** Actions of the KYC verification queue (the same row keys as Withdrawals). */
export type KycAction = 'nextRow' | 'previousRow' | 'openRow';

/** Actions of the Alerts queue: the row keys, take the next unassigned alert, select a row for a bulk action. */
export type AlertsAction = 'nextRow' | 'previousRow' | 'openRow' | 'nextUnassigned' | 'toggleSelect';

/** Actions of the Cases list. */
export type CasesAction = 'nextRow' | 'previousRow' | 'openRow';

export type ScreenAction = WithdrawalsAction | KycAction | AlertsAction | CasesAction;
export type ShortcutAction = GlobalAction | ScreenAction;

export type ShortcutScope = 'global' | 'withdrawals' | 'kyc' | 'alerts' | 'cases';

export const SCOPE_LABELS: Readonly<Record<ShortcutScope, string>> = { global: 'Everywhere', withdrawals: 'Withdrawals', kyc: 'KYC', alerts: 'Alerts', cases: 'Cases' };

interface ShortcutKeys {
  /** Keys as shown in the help, e.g. ['mod', 'L'] for a chord or ['g', 'a'] for a sequence. */
  readonly keys: readonly string[];
  readonly kind: 'chord' | 'sequence' | 'key';
  readonly description: string;
  /** Whether it also fires while typing in a field (only chords with a modifier should). */
  readonly inFields: boolean;
}

export type Shortcut = ShortcutKeys &
  (
    | { readonly scope: 'global'; readonly action: GlobalAction }
    | { readonly scope: 'withdrawals'; readonly action: WithdrawalsAction }
    | { readonly scope: 'kyc'; readonly action: KycAction }
    | { readonly scope: 'alerts'; readonly action: AlertsAction }
    | { readonly scope: 'cases'; readonly action: CasesAction }
  );

const global = (action: GlobalAction, keys: readonly string[], kind: Shortcut['kind'], description: string, inFields = false): Shortcut => ({ action, keys, kind, description, inFields, scope: 'global' });
const withdrawals = (action: WithdrawalsAction, key: string, description: string): Shortcut => ({ action, keys: [key], kind: 'key', description, inFields: false, scope: 'withdrawals' });
const kyc = (action: KycAction, key: string, description: string): Shortcut => ({ action, keys: [key], kind: 'key', description, inFields: false, scope: 'kyc' });
const alerts = (action: AlertsAction, key: string, description: string): Shortcut => ({ action, keys: [key], kind: 'key', description, inFields: false, scope: 'alerts' });
const cases = (action: CasesAction, key: string, description: string): Shortcut => ({ action, keys: [key], kind: 'key', description, inFields: false, scope: 'cases' });

export const SHORTCUTS: readonly Shortcut[] = [
  global('lock', ['mod', 'L'], 'chord', 'Lock the console now', true),
  global('help', ['?'], 'key', 'Show keyboard shortcuts'),
  global('focusFilter', ['/'], 'key', 'Focus the filter of the current screen'),
  global('goHome', ['g', 'h'], 'sequence', 'Go to Home'),
  global('goKyc', ['g', 'k'], 'sequence', 'Go to KYC'),
  global('goAlerts', ['g', 'a'], 'sequence', 'Go to Alerts'),
  global('goCases', ['g', 'c'], 'sequence', 'Go to Cases'),
  global('goWithdrawals', ['g', 'w'], 'sequence', 'Go to Withdrawals'),
  global('goLedger', ['g', 'l'], 'sequence', 'Go to Ledger'),
  global('goBundles', ['g', 'b'], 'sequence', 'Go to Bundles'),
  global('goEvidence', ['g', 'e'], 'sequence', 'Go to Evidence'),
  // `g a` is Alerts (the queue compliance staff live in); the audit trail is `g u`.
  global('goAudit', ['g', 'u'], 'sequence', 'Go to Audit'),
  global('goOperators', ['g', 'o'], 'sequence', 'Go to Operators'),
  global('goSettings', ['g', 's'], 'sequence', 'Go to Settings'),
  withdrawals('nextRow', 'j', 'Next withdrawal in the queue (the detail follows)'),
  withdrawals('previousRow', 'k', 'Previous withdrawal in the queue'),
  withdrawals('openRow', 'o', 'Open the selected withdrawal'),
  withdrawals('approve', 'a', 'Approve: open the detail with the PIN field ready'),
  withdrawals('reject', 'r', 'Reject: open the detail with the reason field ready'),
  withdrawals('sign', 's', 'Sign: open the detail with the Sign button focused (Enter signs)'),
  withdrawals('newWithdrawal', 'n', 'New treasury withdrawal'),
  kyc('nextRow', 'j', 'Next customer in the queue (the file follows if open)'),
  kyc('previousRow', 'k', 'Previous customer in the queue'),
  kyc('openRow', 'o', 'Open the selected customer’s file'),
  alerts('nextRow', 'j', 'Next alert in the queue (the detail follows if open)'),
  alerts('previousRow', 'k', 'Previous alert in the queue'),
  alerts('openRow', 'o', 'Open the selected alert'),
  alerts('nextUnassigned', 'n', 'Take the next unassigned alert (highest level, oldest first) and open it'),
  alerts('toggleSelect', 'x', 'Select or unselect the current alert for a bulk action'),
  cases('nextRow', 'j', 'Next case in the list (the case follows if open)'),
  cases('previousRow', 'k', 'Previous case in the list'),
  cases('openRow', 'o', 'Open the selected case'),
];

export const SEQUENCE_TIMEOUT_MS = 1200;

/** The parts of a KeyboardEvent the matcher reads (so it can be tested without a DOM). */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** Whether focus is in a text field, select or editable element. */
  readonly inField: boolean;
  /** Milliseconds, monotonic. */
  readonly at: number;
}

export interface MatcherState {
  readonly pending: string | null;
  readonly pendingAt: number;
}

export const INITIAL_MATCHER: MatcherState = { pending: null, pendingAt: 0 };

/**
 * Feed one key press; returns the action it completes (if any) and the next state. `mod` is Ctrl
 * or ⌘, whichever the platform uses; both are accepted. `screenActive` says which screen actions
 * the open screen handles (none by default): a screen key elsewhere completes nothing.
 */
export function matchShortcut(state: MatcherState, press: KeyPress, screenActive: (action: ScreenAction) => boolean = () => false): { action: ShortcutAction | null; state: MatcherState } {
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  const live = (s: Shortcut): boolean => s.scope === 'global' || screenActive(s.action);

  if (mod && !press.altKey) {
    const chord = SHORTCUTS.find((s) => s.kind === 'chord' && live(s) && s.keys[0] === 'mod' && s.keys[1]?.toLowerCase() === key);
    return { action: chord && (chord.inFields || !press.inField) ? chord.action : null, state: INITIAL_MATCHER };
  }
  if (press.inField || press.altKey || mod) return { action: null, state: INITIAL_MATCHER };

  if (state.pending !== null && press.at - state.pendingAt <= SEQUENCE_TIMEOUT_MS) {
    const sequence = SHORTCUTS.find((s) => s.kind === 'sequence' && live(s) && s.keys[0] === state.pending && s.keys[1] === key);
    if (sequence) return { action: sequence.action, state: INITIAL_MATCHER };
  }
  const single = SHORTCUTS.find((s) => s.kind === 'key' && live(s) && s.keys[0] === press.key);
  if (single) return { action: single.action, state: INITIAL_MATCHER };
  if (SHORTCUTS.some((s) => s.kind === 'sequence' && s.keys[0] === key)) return { action: null, state: { pending: key, pendingAt: press.at } };
  return { action: null, state: INITIAL_MATCHER };
}

/** How a key is written in the help, for the platform at hand. */
export function keyLabel(key: string, isMac: boolean): string {
  if (key === 'mod') return isMac ? '⌘' : 'Ctrl';
  return key;
}
