import { describe, expect, it } from 'vitest';
import { INITIAL_MATCHER, keyLabel, matchShortcut, SEQUENCE_TIMEOUT_MS, SHORTCUTS, type KeyPress } from './shortcuts';

const press = (key: string, at: number, extra: Partial<KeyPress> = {}): KeyPress => ({ key, at, ctrlKey: false, metaKey: false, altKey: false, inField: false, ...extra });

describe('matchShortcut', () => {
  it('fires a sequence when the second key follows in time', () => {
    const first = matchShortcut(INITIAL_MATCHER, press('g', 1000));
    expect(first.action).toBeNull();
    const second = matchShortcut(first.state, press('a', 1500));
    expect(second.action).toBe('goAlerts');
    expect(second.state).toEqual(INITIAL_MATCHER);
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('l', 100)).action).toBe('goLedger');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('e', 100)).action).toBe('goEvidence');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('w', 100)).action).toBe('goWithdrawals');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('k', 100)).action).toBe('goKyc');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('c', 100)).action).toBe('goCases');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('b', 100)).action).toBe('goBundles');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('u', 100)).action).toBe('goAudit');
  });

  it('takes the next unassigned alert with n and selects with x only on the Alerts screen', () => {
    const alertsOpen = (action: string): boolean => ['nextRow', 'previousRow', 'openRow', 'nextUnassigned', 'toggleSelect'].includes(action);
    expect(matchShortcut(INITIAL_MATCHER, press('n', 0), alertsOpen).action).toBe('nextUnassigned');
    expect(matchShortcut(INITIAL_MATCHER, press('x', 0), alertsOpen).action).toBe('toggleSelect');
    expect(matchShortcut(INITIAL_MATCHER, press('x', 0)).action).toBeNull();
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0), alertsOpen).state, press('a', 100), alertsOpen).action).toBe('goAlerts');
  });

  it('g then k is KYC even on a screen whose k moves up a row', () => {
    const kycOpen = (action: string): boolean => ['nextRow', 'previousRow', 'openRow'].includes(action);
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0), kycOpen).state, press('k', 100), kycOpen).action).toBe('goKyc');
    expect(matchShortcut(INITIAL_MATCHER, press('k', 0), kycOpen).action).toBe('previousRow');
    expect(matchShortcut(INITIAL_MATCHER, press('o', 0), kycOpen).action).toBe('openRow');
  });

  it('fires a screen’s keys only while that screen handles them', () => {
    const withdrawalsOpen = (action: string): boolean => ['nextRow', 'previousRow', 'approve', 'reject', 'sign'].includes(action);
    expect(matchShortcut(INITIAL_MATCHER, press('j', 0)).action).toBeNull();
    expect(matchShortcut(INITIAL_MATCHER, press('a', 0)).action).toBeNull();
    expect(matchShortcut(INITIAL_MATCHER, press('j', 0), withdrawalsOpen).action).toBe('nextRow');
    expect(matchShortcut(INITIAL_MATCHER, press('k', 0), withdrawalsOpen).action).toBe('previousRow');
    expect(matchShortcut(INITIAL_MATCHER, press('a', 0), withdrawalsOpen).action).toBe('approve');
    expect(matchShortcut(INITIAL_MATCHER, press('n', 0), withdrawalsOpen).action).toBeNull();
    // A sequence still wins over the screen key it ends with: g then a is Alerts, not approve.
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0), withdrawalsOpen).state, press('a', 100), withdrawalsOpen).action).toBe('goAlerts');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0), withdrawalsOpen).state, press('s', 100), withdrawalsOpen).action).toBe('goSettings');
    // Never while typing (a PIN, a reason).
    expect(matchShortcut(INITIAL_MATCHER, press('a', 0, { inField: true }), withdrawalsOpen).action).toBeNull();
    expect(matchShortcut(INITIAL_MATCHER, press('A', 0), withdrawalsOpen).action).toBeNull();
  });

  it('drops a sequence that is too slow', () => {
    const first = matchShortcut(INITIAL_MATCHER, press('g', 1000));
    expect(matchShortcut(first.state, press('a', 1000 + SEQUENCE_TIMEOUT_MS + 1)).action).toBeNull();
  });

  it('fires mod chords with Ctrl or Meta, even in fields', () => {
    expect(matchShortcut(INITIAL_MATCHER, press('l', 0, { ctrlKey: true })).action).toBe('lock');
    expect(matchShortcut(INITIAL_MATCHER, press('L', 0, { metaKey: true, inField: true })).action).toBe('lock');
    expect(matchShortcut(INITIAL_MATCHER, press('l', 0, { ctrlKey: true, altKey: true })).action).toBeNull();
  });

  it('ignores plain keys while typing in a field', () => {
    expect(matchShortcut(INITIAL_MATCHER, press('/', 0, { inField: true })).action).toBeNull();
    const first = matchShortcut(INITIAL_MATCHER, press('g', 0, { inField: true }));
    expect(matchShortcut(first.state, press('a', 10)).action).toBeNull();
  });

  it('maps single keys', () => {
    expect(matchShortcut(INITIAL_MATCHER, press('?', 0)).action).toBe('help');
    expect(matchShortcut(INITIAL_MATCHER, press('/', 0)).action).toBe('focusFilter');
    expect(matchShortcut(INITIAL_MATCHER, press('x', 0)).action).toBeNull();
  });

  it('has no two shortcuts on the same keys within a scope, and no screen key that a global one takes', () => {
    const keys = SHORTCUTS.map((s) => `${s.scope === 'global' ? 'global' : 'screen:' + s.scope} ${s.keys.join(' ').toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
    const global = new Set(SHORTCUTS.filter((s) => s.scope === 'global').map((s) => s.keys.join(' ').toLowerCase()));
    expect(SHORTCUTS.filter((s) => s.scope !== 'global' && global.has(s.keys.join(' ').toLowerCase()))).toEqual([]);
  });

  it('labels mod per platform', () => {
    expect(keyLabel('mod', true)).toBe('⌘');
    expect(keyLabel('mod', false)).toBe('Ctrl');
    expect(keyLabel('g', false)).toBe('g');
  });
});
