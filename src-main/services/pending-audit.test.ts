import { describe, expect, it } from 'vitest';
import { parsePending, unflushed } from './pending-audit';

const line = (command: string, at: string): string =>
  `${JSON.stringify({ at, operatorId: null, operatorUsername: null, command, inputDigest: 'd', outcome: 'refused', errorCode: 'LOCKED' })}\n`;

describe('pending audit journal', () => {
  const first = Buffer.from(line('a', '2026-01-01T00:00:00.000Z') + line('b', '2026-01-01T00:00:01.000Z'));

  it('takes everything when nothing was flushed before', () => {
    const { rest, mark } = unflushed(first, undefined);
    expect(parsePending(rest).map((e) => e.command)).toEqual(['a', 'b']);
    expect(mark.bytes).toBe(first.length);
  });

  it('skips the head a committed flush already took, and keeps what came after it', () => {
    const { mark } = unflushed(first, undefined);
    const grown = Buffer.concat([first, Buffer.from(line('c', '2026-01-01T00:00:02.000Z'))]);
    expect(parsePending(unflushed(grown, mark).rest).map((e) => e.command)).toEqual(['c']);
    expect(parsePending(unflushed(first, mark).rest)).toEqual([]);
  });

  it('takes everything from a different journal that happens to be as long', () => {
    const { mark } = unflushed(first, undefined);
    const other = Buffer.from(line('x', '2026-02-01T00:00:00.000Z') + line('y', '2026-02-01T00:00:01.000Z'));
    expect(other.length).toBe(first.length);
    expect(parsePending(unflushed(other, mark).rest).map((e) => e.command)).toEqual(['x', 'y']);
  });

  it('skips a torn last line', () => {
    const torn = Buffer.concat([first, Buffer.from('{"at":"2026')]);
    expect(parsePending(torn).map((e) => e.command)).toEqual(['a', 'b']);
  });
});
