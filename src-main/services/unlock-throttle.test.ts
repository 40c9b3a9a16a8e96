import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, UnlockThrottle } from './unlock-throttle';

const file = (): string => join(mkdtempSync(join(tmpdir(), 'vl-throttle-')), 'unlock-attempts.json');

describe('UnlockThrottle', () => {
  it('allows the free attempts, then spaces out further ones, doubling', () => {
    const throttle = new UnlockThrottle(file());
    const t0 = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) throttle.recordFailure(t0);
    expect(throttle.blockedUntil(t0)).toBeUndefined();
    throttle.recordFailure(t0);
    expect(throttle.blockedUntil(t0)?.toISOString()).toBe('2026-01-01T00:00:30.000Z');
    expect(throttle.blockedUntil(new Date('2026-01-01T00:00:31Z'))).toBeUndefined();
    throttle.recordFailure(new Date('2026-01-01T00:00:31Z'));
    expect(throttle.blockedUntil(new Date('2026-01-01T00:00:31Z'))?.toISOString()).toBe('2026-01-01T00:01:31.000Z');
    expect(throttle.failures()).toBe(FREE_ATTEMPTS + 1);
  });

  it('survives a restart and resets after a success', () => {
    const path = file();
    new UnlockThrottle(path).recordFailure(new Date());
    expect(new UnlockThrottle(path).failures()).toBe(1);
    new UnlockThrottle(path).reset();
    expect(new UnlockThrottle(path).failures()).toBe(0);
  });

  it('does not treat a damaged counter file as zero failures', () => {
    const path = file();
    writeFileSync(path, '{not json');
    expect(new UnlockThrottle(path).failures()).toBe(FREE_ATTEMPTS);
  });
});
