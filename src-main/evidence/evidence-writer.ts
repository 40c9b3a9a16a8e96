/**
 * Writes an evidence package: a ZIP streamed to a temporary file beside the target, fsynced and
 * renamed into place only when complete, so a failure (full disk, lock, integrity error) leaves
 * no partial package. Every file's SHA-256 is computed as it is written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import yazl from 'yazl';
import { VaultlineError } from '../errors';
import { fsyncDir } from '../platform/files';

export interface WrittenFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** The one boundary a test may replace: where the bytes go. */
export type OpenOutput = (path: string) => Writable;

export const openFile: OpenOutput = (path) => createWriteStream(path, { flags: 'wx', mode: 0o600 });

function ioError(error: unknown, directory: string): VaultlineError {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new VaultlineError('IO', `The disk holding ${directory} is full; no package was written.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new VaultlineError('IO', `The folder ${directory} is not writable; no package was written.`);
    case 'ENOENT':
    case 'ENOTDIR':
      return new VaultlineError('IO', `The folder ${directory} does not exist; no package was written.`);
    default:
      return error instanceof VaultlineError ? error : new VaultlineError('IO', `The package could not be written to ${directory}; nothing was left behind.`, { detail: String(error) });
  }
}

export class PackageWriter {
  readonly #zip = new yazl.ZipFile();
  readonly #files: WrittenFile[] = [];
  readonly #tmp: string;
  readonly #out: Writable;
  readonly #closed: Promise<void>;
  #failure: unknown;

  constructor(
    readonly directory: string,
    readonly fileName: string,
    private readonly mtime: Date,
    openOutput: OpenOutput = openFile,
  ) {
    this.#tmp = join(directory, `.${fileName}.${randomBytes(4).toString('hex')}.partial`);
    try {
      this.#out = openOutput(this.#tmp);
    } catch (error) {
      throw ioError(error, directory);
    }
    this.#closed = new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        this.#failure ??= error;
        reject(error);
      };
      this.#out.on('error', fail);
      this.#zip.outputStream.on('error', fail);
      this.#out.on('finish', () => resolve());
    });
    this.#closed.catch(() => undefined);
    this.#zip.outputStream.pipe(this.#out);
  }

  get files(): readonly WrittenFile[] {
    return this.#files;
  }

  private check(): void {
    if (this.#failure !== undefined) throw ioError(this.#failure, this.directory);
  }

  addBuffer(path: string, data: Uint8Array): WrittenFile {
    this.check();
    const file = { path, sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
    this.#zip.addBuffer(Buffer.from(data), path, { mtime: this.mtime, mode: 0o100644 });
    this.#files.push(file);
    return file;
  }

  /** Stream a file in; resolves once it has been read whole (its hash is then known). */
  addStream(path: string, content: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<WrittenFile> {
    this.check();
    const hash = createHash('sha256');
    let size = 0;
    const counted = async function* (): AsyncGenerator<Uint8Array> {
      for await (const piece of content) {
        hash.update(piece);
        size += piece.length;
        yield piece;
      }
    };
    const stream = Readable.from(counted(), { objectMode: false });
    const ended = new Promise<WrittenFile>((resolve, reject) => {
      stream.on('end', () => {
        const file = { path, sha256: hash.digest('hex'), size };
        this.#files.push(file);
        resolve(file);
      });
      stream.on('error', reject);
      this.#closed.catch(reject);
    });
    this.#zip.addReadStream(stream, path, { mtime: this.mtime, mode: 0o100644 });
    return ended;
  }

  /** Finish the ZIP, make it durable, and move it into place. Returns the final path. */
  async commit(): Promise<string> {
    this.#zip.end();
    try {
      await this.#closed;
      const fd = openSync(this.#tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      const target = join(this.directory, this.fileName);
      renameSync(this.#tmp, target);
      fsyncDir(this.directory);
      return target;
    } catch (error) {
      this.abort();
      throw ioError(error, this.directory);
    }
  }

  /** Remove whatever was written. Safe to call more than once. */
  abort(): void {
    (this.#out as WriteStream).destroy?.();
    rmSync(this.#tmp, { force: true });
  }

  get temporaryName(): string {
    return basename(this.#tmp);
  }
}
