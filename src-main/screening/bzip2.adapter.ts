/**
 * bzip2 decompression as an async stream of blocks, over seek-bzip (the one owner of that library).
 *
 * Why not `Bunzip.decode`: it decodes the whole file in one synchronous call into one buffer (the
 * 2025-11-19 sdn_advanced.xml is 121 MB once decompressed). The decoder is driven here block by
 * block, exactly as `Bunzip.decode`'s own loop does (`_init_block`, `_read_bunzip`, the stream CRC
 * after the last block, a new stream header for multi-stream files), and each block's output is
 * handed on before the next one is decoded, with a turn of the event loop in between. Memory is
 * one bzip2 block's output (≈ 900 kB for ordinary text) plus the read window.
 *
 * seek-bzip's reader is synchronous, so the compressed input is read synchronously: from a file
 * through a 64 KiB window (`fs.readSync`), or from bytes already in memory (a bundle item). Each
 * block's CRC and the stream CRC are checked by the decoder (bzip2 format, "block CRC" and
 * "combined CRC"); a file cut short is refused, never decoded as far as it goes.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import Bunzip from 'seek-bzip';
import { VaultlineError } from '../errors';

const WINDOW = 64 * 1024;
const OUT_CHUNK = 1024 * 1024;

class InputEnded extends Error {}

/**
 * seek-bzip's input: readByte() over a file or a buffer (plain fields: it is called per byte). Past
 * the end it throws, since the library would otherwise read garbage bits.
 */
class SyncInput {
  private readonly buffer: Uint8Array;
  private length = 0;
  private pos = 0;
  private fileOffset = 0;
  private readonly fd: number | undefined;

  constructor(source: { readonly fd: number } | { readonly bytes: Uint8Array }) {
    if ('fd' in source) {
      this.fd = source.fd;
      this.buffer = new Uint8Array(WINDOW);
    } else {
      this.fd = undefined;
      this.buffer = source.bytes;
      this.length = source.bytes.length;
    }
  }

  private fill(): boolean {
    if (this.fd === undefined) return false;
    const n = readSync(this.fd, this.buffer, 0, WINDOW, this.fileOffset);
    this.fileOffset += n;
    this.length = n;
    this.pos = 0;
    return n > 0;
  }

  readByte(): number {
    if (this.pos >= this.length && !this.fill()) throw new InputEnded();
    return this.buffer[this.pos++]!;
  }

  read(buffer: Uint8Array, offset: number, length: number): number {
    for (let i = 0; i < length; i++) buffer[offset + i] = this.readByte();
    return length;
  }

  /** True when no byte is left (checked between streams, never inside one). */
  atEnd(): boolean {
    return this.pos >= this.length && !this.fill();
  }
}

/** Collects the decoder's writeByte calls into 1 MiB chunks (plain fields: this is the hot loop). */
class ChunkedOutput {
  chunks: Uint8Array[] = [];
  current = new Uint8Array(OUT_CHUNK);
  pos = 0;

  writeByte(byte: number): void {
    this.current[this.pos++] = byte;
    if (this.pos === OUT_CHUNK) {
      this.chunks.push(this.current);
      this.current = new Uint8Array(OUT_CHUNK);
      this.pos = 0;
    }
  }

  take(): Uint8Array[] {
    if (this.pos > 0) {
      this.chunks.push(this.current.slice(0, this.pos));
      this.pos = 0;
    }
    const out = this.chunks;
    this.chunks = [];
    return out;
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function refuse(what: string, reason: string, cause?: unknown): never {
  throw new VaultlineError('VALIDATION', `${what} is not valid bzip2 data: ${reason}`, { cause });
}

async function* decode(input: SyncInput, what: string): AsyncGenerator<Uint8Array> {
  const output = new ChunkedOutput();
  let bz: Bunzip;
  try {
    bz = new Bunzip(input, output);
  } catch (error) {
    refuse(what, error instanceof InputEnded ? 'the file is empty or cut short' : 'no bzip2 header ("BZh1"…"BZh9")', error);
  }
  for (;;) {
    let more: boolean;
    try {
      more = bz._init_block();
      if (more) bz._read_bunzip();
      else {
        // After the end-of-stream marker: the combined CRC of all blocks (bzip2 format).
        const expected = bz.reader.read(32) >>> 0;
        if (expected !== bz.streamCRC) refuse(what, 'the stream checksum does not match its blocks');
      }
    } catch (error) {
      if (error instanceof VaultlineError) throw error;
      refuse(what, error instanceof InputEnded ? 'the file is cut short' : `a block is damaged (${error instanceof Error ? error.message : String(error)})`, error);
    }
    for (const chunk of output.take()) yield chunk;
    if (!more) {
      // pbzip2 and lbzip2 write several streams one after another; decode them all.
      if (input.atEnd()) return;
      try {
        bz._start_bunzip(input, output);
      } catch (error) {
        refuse(what, 'bytes after the end of the bzip2 stream are not another bzip2 stream', error);
      }
    }
    await turn();
  }
}

/** Decompresses a .bz2 file, yielding its content in chunks as each block is decoded. */
export async function* bunzip2File(path: string): AsyncGenerator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new VaultlineError('IO', `cannot open the list file ${path}`, { cause: error });
  }
  try {
    yield* decode(new SyncInput({ fd }), path);
  } finally {
    closeSync(fd);
  }
}

/** Decompresses bzip2 bytes held in memory (e.g. a bundle item), yielding chunks block by block. */
export async function* bunzip2Bytes(bytes: Uint8Array, what = 'the list file'): AsyncGenerator<Uint8Array> {
  yield* decode(new SyncInput({ bytes }), what);
}

/** bzip2's magic: "BZh" and a block size digit 1–9. */
export function isBzip2(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39;
}

/**
 * Decompresses a stream of chunks (a bundle item as it arrives). The decoder reads synchronously,
 * so the compressed bytes are gathered first (refused beyond `maxCompressedBytes`; the SDN list is
 * 3.4 MB compressed); the output still streams block by block.
 */
export async function* bunzip2Chunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, what = 'the list file', maxCompressedBytes = 256 * 1024 * 1024): AsyncGenerator<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > maxCompressedBytes) throw new VaultlineError('VALIDATION', `${what} is larger than ${maxCompressedBytes / 1024 / 1024} MiB compressed`);
    parts.push(chunk);
  }
  yield* decode(new SyncInput({ bytes: Buffer.concat(parts) }), what);
}

/** The chunks as they are, or decompressed if they start with bzip2's magic. */
export async function* maybeBunzip2(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, what = 'the list file'): AsyncGenerator<Uint8Array> {
  const iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = async function* (): AsyncGenerator<Uint8Array> {
    yield first.value;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
  };
  if (isBzip2(first.value)) yield* bunzip2Chunks(rest(), what);
  else yield* rest();
}
