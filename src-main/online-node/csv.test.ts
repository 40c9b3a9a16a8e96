import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields, doubled quotes, commas and new lines inside quotes, CRLF', () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"line\none",\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line\none', ''],
    ]);
  });
  it('keeps a last row without a line feed', () => {
    expect(parseCsv('a\n1')).toEqual([['a'], ['1']]);
  });
});
