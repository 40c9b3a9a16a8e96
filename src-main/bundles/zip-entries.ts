/**
 * A ZIP opened for streaming with yauzl: the central directory is read one entry at a time
 * (lazyEntries), and each entry's data is streamed; nothing is loaded whole. yauzl's own checks
 * stay on: entry sizes are validated while inflating (a member that inflates past its declared size
 * fails), and file names are strict (no absolute paths, no "..", no backslashes).
 */
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { refuse } from './bundle-refusal';
import { BlockFileReader } from './block-file-reader';

export type ZipSource = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

const OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true };

/** yauzl's words for a file that ends too early (no end-of-central-directory record, short reads). */
const TRUNCATION = /end of central directory record signature not found|unexpected EOF|not enough bytes|invalid central directory file header signature|invalid local file header signature|invalid comment length|Zip64 end of central directory locator/i;

export function describeZipError(error: unknown, what: string): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/too many bytes in the stream/i.test(message)) refuse('BUNDLE_ZIP_BOMB', `${what} inflates to more bytes than it declares.`);
  if (TRUNCATION.test(message)) refuse('BUNDLE_TRUNCATED', `${what} is truncated or is not a ZIP file (${message.slice(0, 120)}).`);
  refuse('BUNDLE_MALFORMED', `${what} is not a valid ZIP file (${message.slice(0, 160)}).`);
}

export class ZipEntries {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly fileBytes: number,
  ) {
    // An error with no listener would crash the process; next() has its own listener for callers.
    zip.on('error', () => undefined);
  }

  static async open(source: ZipSource, maxFileBytes: number): Promise<ZipEntries> {
    let size: number;
    if (source.kind === 'file') {
      try {
        size = (await stat(source.path)).size;
      } catch {
        refuse('BUNDLE_MALFORMED', `The bundle file cannot be read: ${source.path}.`);
      }
    } else {
      size = source.bytes.length;
    }
    if (size > maxFileBytes) refuse('BUNDLE_TOO_LARGE', `The bundle file is ${size} bytes; the limit is ${maxFileBytes}.`);
    if (size === 0) refuse('BUNDLE_TRUNCATED', 'The bundle file is empty.');
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      const done = (error: Error | null, zipfile: yauzl.ZipFile | undefined): void => (error || !zipfile ? reject(error ?? new Error('no zip')) : resolve(zipfile));
      if (source.kind === 'file') {
        let reader: BlockFileReader;
        try {
          reader = new BlockFileReader(source.path, size);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        yauzl.fromRandomAccessReader(reader, size, OPTIONS, done);
      } else yauzl.fromBuffer(Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength), OPTIONS, done);
    }).catch((error: unknown) => describeZipError(error, 'The bundle file'));
    return new ZipEntries(zip, size);
  }

  get entryCount(): number {
    return this.zip.entryCount;
  }

  /** The next central-directory entry, or undefined at the end. */
  next(): Promise<yauzl.Entry | undefined> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        this.zip.off('entry', onEntry);
        this.zip.off('end', onEnd);
        this.zip.off('error', onError);
      };
      const onEntry = (entry: yauzl.Entry): void => {
        cleanup();
        resolve(entry);
      };
      const onEnd = (): void => {
        cleanup();
        resolve(undefined);
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      this.zip.on('entry', onEntry);
      this.zip.on('end', onEnd);
      this.zip.on('error', onError);
      this.zip.readEntry();
    }).catch((error: unknown) => describeZipError(error, 'The bundle’s directory')) as Promise<yauzl.Entry | undefined>;
  }

  async open(entry: yauzl.Entry): Promise<Readable> {
    try {
      return await this.zip.openReadStreamPromise(entry);
    } catch (error) {
      return describeZipError(error, `Entry ${entry.fileName}`);
    }
  }

  /** An entry's bytes as chunks, each error mapped to a refusal that names the entry. */
  async *chunks(entry: yauzl.Entry): AsyncGenerator<Buffer> {
    const stream = await this.open(entry);
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      describeZipError(error, `Entry ${entry.fileName}`);
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }
}
