/**
 * Keyboard shortcuts: one table that drives both the key handling and the help dialog, so the
 * help can never list a shortcut that does not work. Chords (`mod+L`) fire at once; sequences
 * (`g` then `a`) fire when the second key follows within SEQUENCE_TIMEOUT_MS.
 */

export type ShortcutAction =
  | 'lock'
  | 'help'
  | 'focusFilter'
  | 'goHome'
  | 'goLedger'
  | 'goEvidence'
  | 'goAudit'
  | 'goOperators'
  | 'goSettings';

export interface Shortcut {
  readonly action: ShortcutAction;
  /** Keys as shown in the help, e.g. ['mod', 'L'] for a chord or ['g', 'a'] for a sequence. */
  readonly keys: readonly string[];
  readonly kind: 'chord' | 'sequence' | 'key';
  readonly description: string;
  /** Whether it also fires while typing in a field (only chords with a modifier should). */
  readonly inFields: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'lock', keys: ['mod', 'L'], kind: 'chord', description: 'Lock the console now', inFields: true },
  { action: 'help', keys: ['?'], kind: 'key', description: 'Show keyboard shortcuts', inFields: false },
  { action: 'focusFilter', keys: ['/'], kind: 'key', description: 'Focus the filter of the current screen', inFields: false },
  { action: 'goHome', keys: ['g', 'h'], kind: 'sequence', description: 'Go to Home', inFields: false },
  { action: 'goLedger', keys: ['g', 'l'], kind: 'sequence', description: 'Go to Ledger', inFields: false },
  { action: 'goEvidence', keys: ['g', 'e'], kind: 'sequence', description: 'Go to Evidence', inFields: false },
  { action: 'goAudit', keys: ['g', 'a'], kind: 'sequence', description: 'Go to Audit', inFields: false },
  { action: 'goOperators', keys: ['g', 'o'], kind: 'sequence', description: 'Go to Operators', inFields: false },
  { action: 'goSettings', keys: ['g', 's'], kind: 'sequence', description: 'Go to Settings', inFields: false },
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
 * or ⌘, whichever the platform uses; both are accepted.
 */
export function matchShortcut(state: MatcherState, press: KeyPress): { action: ShortcutAction | null; state: MatcherState } {
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;

  if (mod && !press.altKey) {
    const chord = SHORTCUTS.find((s) => s.kind === 'chord' && s.keys[0] === 'mod' && s.keys[1]?.toLowerCase() === key);
    return { action: chord && (chord.inFields || !press.inField) ? chord.action : null, state: INITIAL_MATCHER };
  }
  if (press.inField || press.altKey || mod) return { action: null, state: INITIAL_MATCHER };

  if (state.pending !== null && press.at - state.pendingAt <= SEQUENCE_TIMEOUT_MS) {
    const sequence = SHORTCUTS.find((s) => s.kind === 'sequence' && s.keys[0] === state.pending && s.keys[1] === key);
    if (sequence) return { action: sequence.action, state: INITIAL_MATCHER };
  }
  const single = SHORTCUTS.find((s) => s.kind === 'key' && s.keys[0] === press.key);
  if (single) return { action: single.action, state: INITIAL_MATCHER };
  if (SHORTCUTS.some((s) => s.kind === 'sequence' && s.keys[0] === key)) return { action: null, state: { pending: key, pendingAt: press.at } };
  return { action: null, state: INITIAL_MATCHER };
}

/** How a key is written in the help, for the platform at hand. */
export function keyLabel(key: string, isMac: boolean): string {
  if (key === 'mod') return isMac ? '⌘' : 'Ctrl';
  return key;
}
