import { UsageError } from './usage-error';

/** All of a stream as UTF-8, refusing more than `maxBytes` (stdin secrets are small). */
export async function readAll(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buffer.length;
      if (size > maxBytes) throw new UsageError(`stdin holds more than ${maxBytes} bytes`);
      chunks.push(buffer);
    }
    const all = Buffer.concat(chunks);
    try {
      return all.toString('utf8');
    } finally {
      all.fill(0);
    }
  } finally {
    for (const chunk of chunks) chunk.fill(0);
  }
}
