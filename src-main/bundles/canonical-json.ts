/**
 * Strict reading of the canonical JSON that manifests, index lines and JSON items are made of:
 * valid UTF-8 (no BOM), valid JSON, and byte-for-byte its own RFC 8785 form. The last rule also
 * refuses duplicate keys, which parsers resolve differently (a classic parser-differential trick).
 */
import { canonicalJson } from '../../src-shared/canonical';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

export function parseCanonicalJson(bytes: Uint8Array): Parsed {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not valid JSON' };
  }
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch {
    return { ok: false, problem: 'has no canonical JSON form' };
  }
  if (canonical !== text) return { ok: false, problem: 'is not in RFC 8785 canonical form (key order, spacing, number form, or a duplicate key)' };
  return { ok: true, value };
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
