/**
 * How a record's content is shown once read. Text and JSON inline; raster images through a `blob:`
 * URL (the CSP allows `img-src blob:`); PDFs and anything else are saved as a file, because the CSP
 * has `frame-src 'none'` and `object-src 'none'` (src-main/hosts/csp.ts): the console embeds no
 * document viewer, and a PDF viewer is exactly the kind of parser an air-gapped console keeps out.
 * SVG is treated as a file too: it is a document that can carry script, not a picture.
 */

export type ContentKind = 'text' | 'json' | 'image' | 'pdf' | 'file';

const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export function contentKind(contentType: string): ContentKind {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type.startsWith('text/')) return 'text';
  if (type === 'application/pdf') return 'pdf';
  if (IMAGES.has(type)) return 'image';
  return 'file';
}

/** UTF-8 text of a record; JSON pretty-printed when it parses (and shown as stored when not). */
export function displayText(bytes: Uint8Array, kind: 'text' | 'json'): { readonly text: string; readonly note?: string } {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (kind === 'text') return { text };
  try {
    return { text: JSON.stringify(JSON.parse(text) as unknown, null, 2) };
  } catch {
    return { text, note: 'The record says it is JSON but does not parse; shown as stored.' };
  }
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/json': 'json',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

/** A safe file name for saving a record: its title, plain, with the id and an extension. */
export function recordFileName(record: { readonly id: string; readonly title: string; readonly contentType: string }): string {
  const base = record.title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[_.]+|[_.]+$/g, '')
    .slice(0, 80);
  const ext = EXTENSIONS[record.contentType.toLowerCase()] ?? 'bin';
  return `${base || 'record'}_${record.id}.${ext}`;
}
