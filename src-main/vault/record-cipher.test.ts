import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openChunk, sealChunk } from './record-cipher';

const key = randomBytes(32);
const prefix = randomBytes(8);

describe('record cipher', () => {
  it('opens what it sealed', () => {
    const text = Buffer.from('customer passport scan');
    expect(openChunk(key, prefix, 'rec_1', 0, true, sealChunk(key, prefix, 'rec_1', 0, true, text)).equals(text)).toBe(true);
  });

  it('refuses a changed byte, another record, another position, or a chunk presented as final', () => {
    const sealed = sealChunk(key, prefix, 'rec_1', 3, false, Buffer.alloc(1000, 7));
    const flipped = Buffer.from(sealed);
    flipped[10] = flipped[10]! ^ 1;
    expect(() => openChunk(key, prefix, 'rec_1', 3, false, flipped)).toThrow();
    expect(() => openChunk(key, prefix, 'rec_2', 3, false, sealed)).toThrow();
    expect(() => openChunk(key, prefix, 'rec_1', 4, false, sealed)).toThrow();
    expect(() => openChunk(key, prefix, 'rec_1', 3, true, sealed)).toThrow();
    expect(() => openChunk(randomBytes(32), prefix, 'rec_1', 3, false, sealed)).toThrow();
  });
});
