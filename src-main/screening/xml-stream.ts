/**
 * Streaming XML for the list importers: saxes (a non-validating SAX parser, no DOM) fed chunk by
 * chunk, UTF-8 decoded across chunk boundaries, with the element stack and each element's own text
 * handed to the importer at its close tag. A document type declaration is refused (lists have none,
 * and entity declarations are how XML bombs work); any well-formedness error is refused with its
 * line and column. The bytes read are hashed on the way through.
 */
import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { VaultlineError } from '../errors';

export interface XmlHandlers {
  /** `stack` holds the ancestors' names and this element's name last. */
  open(name: string, attributes: Readonly<Record<string, string>>, stack: readonly string[]): void;
  /** `text` is the element's own character data (not its children's), untrimmed. */
  close(name: string, text: string, stack: readonly string[]): void;
}

export interface XmlReadResult {
  readonly sha256: string;
}

/** The line being parsed, for the importers' messages. */
export interface XmlPosition {
  readonly line: number;
}

export async function readXml(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  what: string,
  handlers: (position: XmlPosition) => XmlHandlers,
  onProgress?: (bytesRead: number) => void,
): Promise<XmlReadResult> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const position = {
    get line(): number {
      return parser.line;
    },
  };
  const h = handlers(position);
  const stack: string[] = [];
  const texts: string[] = [];
  let sawRoot = false;

  parser.on('error', (error) => {
    throw new VaultlineError('VALIDATION', `${what} is not well-formed XML: ${error.message}`, { cause: error });
  });
  parser.on('doctype', () => {
    throw new VaultlineError('VALIDATION', `${what}, line ${parser.line}: a document type declaration is not accepted in a list file`);
  });
  parser.on('opentag', (tag) => {
    sawRoot = true;
    stack.push(tag.name);
    texts.push('');
    h.open(tag.name, tag.attributes, stack);
  });
  parser.on('text', (text) => {
    if (texts.length > 0) texts[texts.length - 1] += text;
  });
  parser.on('cdata', (text) => {
    if (texts.length > 0) texts[texts.length - 1] += text;
  });
  parser.on('closetag', (tag) => {
    const text = texts.pop() ?? '';
    h.close(tag.name, text, stack);
    stack.pop();
  });

  const hash = createHash('sha256');
  // Fatal decoding: invalid UTF-8 refuses the file. (A check for U+FFFD after lenient decoding
  // would be five times faster but wrong: the UN list publishes literal U+FFFD characters.)
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch (error) {
      throw new VaultlineError('VALIDATION', `${what}, near line ${parser.line}: the bytes are not valid UTF-8`, { cause: error });
    }
  };
  let bytes = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    parser.write(decode(chunk));
    bytes += chunk.length;
    onProgress?.(bytes);
  }
  parser.write(decode());
  parser.close();
  if (!sawRoot) throw new VaultlineError('VALIDATION', `${what} holds no XML element`);
  return { sha256: hash.digest('hex') };
}

/** Chunks of a string (tests, small inputs). */
export function* utf8Chunks(text: string, size = 64 * 1024): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
