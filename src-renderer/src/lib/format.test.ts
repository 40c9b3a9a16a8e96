import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatUtc, groupHex, secondsUntil, shortHash } from './format';

describe('format', () => {
  it('shows UTC timestamps to the second', () => {
    expect(formatUtc('2026-11-25T11:52:51.142Z')).toBe('2026-11-25 11:52:51');
    expect(formatUtc(null)).toBe('—');
  });

  it('shortens hashes but leaves short strings alone', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(10)}…${'a'.repeat(6)}`);
    expect(shortHash('abc')).toBe('abc');
    expect(shortHash(null)).toBe('—');
  });

  it('groups hex for reading aloud', () => {
    expect(groupHex('0123456789abcdef01')).toBe('0123 4567 89ab cdef 01');
    expect(groupHex('0123 4567')).toBe('0123 4567');
  });

  it('formats counts and durations', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(90)).toBe('1 min 30 s');
    expect(formatDuration(3900)).toBe('1 h 5 min');
  });

  it('counts seconds until a moment, never below zero', () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    expect(secondsUntil('2026-01-01T00:00:30.000Z', now)).toBe(30);
    expect(secondsUntil('2025-12-31T23:59:00.000Z', now)).toBe(0);
    expect(secondsUntil(undefined, now)).toBe(0);
  });
});
