import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * Write a file so that a crash leaves either the old content or the new, never a half file:
 * write a temporary sibling, fsync it, rename over the target, fsync the directory.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { mode, flag: 'wx' });
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  fsyncDir(dirname(path));
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Stream to a file with the same guarantee as writeFileAtomic: a temporary sibling (never left
 * behind), fsync, rename over the target, fsync the directory. Returns the bytes written.
 */
export async function writeStreamAtomic(path: string, source: AsyncIterable<Uint8Array | string>, mode = 0o600): Promise<number> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let bytes = 0;
  const handle = await open(tmp, 'wx', mode);
  try {
    for await (const chunk of source) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
      bytes += data.length;
    }
    await handle.sync();
    await handle.close();
    renameSync(tmp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    rmSync(tmp, { force: true });
    throw error;
  }
  fsyncDir(dirname(path));
  return bytes;
}

/** Whether `path` names an existing folder (false for a file, a missing path or one that cannot be read). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
