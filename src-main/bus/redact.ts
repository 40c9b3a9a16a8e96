import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical';

export const REDACTED = '[secret]';

/** Names that hold secrets wherever they appear, even where a caller put them by mistake. */
const SECRET_NAME = /pin$|passphrase|password|secret|seed|mnemonic|private.?key/i;

/**
 * A copy of `input` with secrets replaced: the values at the declared dotted paths, and any
 * property whose name says it is a secret.
 */
export function redact(input: unknown, paths: readonly string[]): unknown {
  if (input === null || typeof input !== 'object') return input;
  const copy: unknown = structuredClone(input);
  for (const path of paths) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
    const last = keys[keys.length - 1]!;
    if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, last)) {
      (node as Record<string, unknown>)[last] = REDACTED;
    }
  }
  const scrub = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (SECRET_NAME.test(key)) (node as Record<string, unknown>)[key] = REDACTED;
      else scrub(value);
    }
  };
  scrub(copy);
  return copy;
}

/** sha256 of the canonical JSON of the redacted input: what the audit trail records. */
export function inputDigest(input: unknown, secretPaths: readonly string[]): string {
  let text: string;
  try {
    text = canonicalJson(redact(input ?? null, secretPaths));
  } catch {
    text = canonicalJson({ unrepresentable: typeof input });
  }
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
