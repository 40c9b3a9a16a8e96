import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatBytes, fromBase64, toBase64 } from './bytes';

describe('base64 for the bus', () => {
  it('round-trips any bytes, including ones larger than one slice', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});
