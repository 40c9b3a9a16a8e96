import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../lib/bytes';
import { contentKind, displayText, recordFileName } from './record-content';

describe('record content', () => {
  it('shows text and JSON inline, raster images inline, and saves PDFs, SVG and the rest', () => {
    expect(contentKind('application/json')).toBe('json');
    expect(contentKind('application/ld+json')).toBe('json');
    expect(contentKind('text/plain; charset=utf-8')).toBe('text');
    expect(contentKind('image/png')).toBe('image');
    expect(contentKind('image/svg+xml')).toBe('file');
    expect(contentKind('application/pdf')).toBe('pdf');
    expect(contentKind('application/octet-stream')).toBe('file');
  });

  it('decodes base64 to bytes and pretty-prints JSON, keeping what does not parse', () => {
    const bytes = fromBase64(btoa('{"a":1,"b":[2]}'));
    expect(Array.from(bytes.subarray(0, 2))).toEqual([0x7b, 0x22]);
    expect(displayText(bytes, 'json')).toEqual({ text: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}' });
    const broken = displayText(new TextEncoder().encode('{nope'), 'json');
    expect(broken.text).toBe('{nope');
    expect(broken.note).toMatch(/does not parse/);
    expect(displayText(new TextEncoder().encode('Zoë'), 'text').text).toBe('Zoë');
  });

  it('names a saved record plainly, with its id and an extension', () => {
    expect(recordFileName({ id: 'rec_0123456789abcdef0123', title: 'Proof of address — Zoë Müller', contentType: 'application/pdf' })).toBe('Proof_of_address_Zoe_Muller_rec_0123456789abcdef0123.pdf');
    expect(recordFileName({ id: 'rec_0123456789abcdef0123', title: '../../etc', contentType: 'application/x-unknown' })).toBe('etc_rec_0123456789abcdef0123.bin');
  });
});
