import { describe, expect, it } from 'vitest';
import { INITIAL_MATCHER, keyLabel, matchShortcut, SEQUENCE_TIMEOUT_MS, SHORTCUTS, type KeyPress } from './shortcuts';

const press = (key: string, at: number, extra: Partial<KeyPress> = {}): KeyPress => ({ key, at, ctrlKey: false, metaKey: false, altKey: false, inField: false, ...extra });

describe('matchShortcut', () => {
  it('fires a sequence when the second key follows in time', () => {
    const first = matchShortcut(INITIAL_MATCHER, press('g', 1000));
    expect(first.action).toBeNull();
    const second = matchShortcut(first.state, press('a', 1500));
    expect(second.action).toBe('goAudit');
    expect(second.state).toEqual(INITIAL_MATCHER);
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('l', 100)).action).toBe('goLedger');
    expect(matchShortcut(matchShortcut(INITIAL_MATCHER, press('g', 0)).state, press('e', 100)).action).toBe('goEvidence');
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

  it('has no two shortcuts on the same keys', () => {
    const keys = SHORTCUTS.map((s) => s.keys.join(' ').toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('labels mod per platform', () => {
    expect(keyLabel('mod', true)).toBe('⌘');
    expect(keyLabel('mod', false)).toBe('Ctrl');
    expect(keyLabel('g', false)).toBe('g');
  });
});
