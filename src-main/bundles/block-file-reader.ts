/**
 * A yauzl RandomAccessReader over a file that reads it in 1 MiB blocks and keeps the last few:
 * a bundle of 100 000 small items is 300 000 tiny reads (directory record, local header, data),
 * which one by one through the thread pool cost far more than the bytes themselves. Memory is
 * bounded by the cache (BLOCKS × BLOCK_BYTES), whatever the size of the file. Reads are
 * synchronous: the core runs off the window's thread (DESIGN.md), and a 1 MiB read from local
 * media takes about a millisecond.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

const BLOCK_BYTES = 1024 * 1024;
const BLOCKS = 8;

export class BlockFileReader extends yauzl.RandomAccessReader {
  readonly #fd: number;
  readonly #size: number;
  /** Block number → bytes, least recently used first. */
  readonly #cache = new Map<number, Buffer>();

  constructor(path: string, size: number) {
    super();
    this.#fd = openSync(path, 'r');
    this.#size = size;
  }

  #block(n: number): Buffer {
    const hit = this.#cache.get(n);
    if (hit) {
      this.#cache.delete(n);
      this.#cache.set(n, hit);
      return hit;
    }
    const start = n * BLOCK_BYTES;
    const buffer = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, this.#size - start));
    let done = 0;
    while (done < buffer.length) {
      const read = readSync(this.#fd, buffer, done, buffer.length - done, start + done);
      if (read === 0) break;
      done += read;
    }
    const block = buffer.subarray(0, done);
    this.#cache.set(n, block);
    if (this.#cache.size > BLOCKS) this.#cache.delete(this.#cache.keys().next().value!);
    return block;
  }

  /** Bytes [start, end) of the file, copied out of the cached blocks. */
  #bytes(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(Math.max(0, end - start));
    let at = start;
    while (at < end) {
      const n = Math.floor(at / BLOCK_BYTES);
      const block = this.#block(n);
      const offset = at - n * BLOCK_BYTES;
      if (offset >= block.length) break;
      const take = Math.min(end - at, block.length - offset);
      block.copy(out, at - start, offset, offset + take);
      at += take;
    }
    return at === end ? out : out.subarray(0, at - start);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    let at = start;
    // Large members stream block by block; nothing holds more than one block at a time.
    const stream: Readable = new Readable({
      read: () => {
        if (at >= end) {
          stream.push(null);
          return;
        }
        const next = Math.min(end, (Math.floor(at / BLOCK_BYTES) + 1) * BLOCK_BYTES);
        try {
          const chunk = this.#bytes(at, next);
          if (chunk.length === 0) throw new Error('unexpected EOF');
          at += chunk.length;
          stream.push(chunk);
        } catch (error) {
          stream.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      },
    });
    return stream;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    try {
      const bytes = this.#bytes(position, position + length);
      if (bytes.length < length) throw new Error('unexpected EOF');
      bytes.copy(buffer, offset);
    } catch (error) {
      setImmediate(() => callback(error instanceof Error ? error : new Error(String(error))));
      return;
    }
    setImmediate(() => callback(null));
  }

  override close(callback: (err: Error | null) => void): void {
    try {
      closeSync(this.#fd);
      this.#cache.clear();
      setImmediate(() => callback(null));
    } catch (error) {
      setImmediate(() => callback(error instanceof Error ? error : new Error(String(error))));
    }
  }
}
