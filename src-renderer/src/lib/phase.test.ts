import { describe, expect, it } from 'vitest';
import { phaseOf, type ConsoleStatus } from './phase';

const status = (over: Partial<ConsoleStatus>): ConsoleStatus => ({ initialized: true, locked: false, idleTimeoutSeconds: 300, unlockFailures: 0, ...over });
const admin = { id: 'op_1', username: 'a', displayName: 'A', roles: ['admin' as const], senior: false };

describe('phaseOf', () => {
  it('walks from start to signed in', () => {
    expect(phaseOf(null, true, null)).toBe('starting');
    expect(phaseOf(null, false, null)).toBe('unreachable');
    expect(phaseOf(status({ initialized: false, locked: true }), true, null)).toBe('uninitialised');
    expect(phaseOf(status({ locked: true }), true, null)).toBe('locked');
    expect(phaseOf(status({}), true, null)).toBe('signedOut');
    expect(phaseOf(status({}), true, admin)).toBe('signedIn');
  });

  it('a locked console wins over a remembered operator', () => {
    expect(phaseOf(status({ locked: true }), true, admin)).toBe('locked');
  });
});
