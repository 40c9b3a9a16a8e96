/**
 * What the online node puts in a bundle, from files its systems or operators produce:
 *  - JSON: `{"items": [ {"type": "chain-event", "id": "dep-1", "data": {…}},
 *                       {"type": "attachment", "id": "doc-1", "file": "passport.jpg", "contentType": "image/jpeg"} ]}`
 *  - JSON Lines: one such item per line (for large batches);
 *  - CSV with `--type T`: a header row of field names, one item per row (flat item types only).
 * Every JSON item is checked against its type's schema here, so a mistake is caught on the
 * online side with the field named, not refused later by the console.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, extname, resolve } from 'node:path';
import { z } from 'zod';
import { CONTENT_TYPES, ITEM_ID_PATTERN } from '../../src-shared/bundles/bundle-format';
import { ITEM_SCHEMAS, type JsonItemType } from '../../src-shared/bundles/item-schemas';
import { ITEM_TYPE_NAMES, type ItemTypeName } from '../../src-shared/bundles/item-types';
import { VaultlineError } from '../errors';
import { jsonItem, type OutgoingItem } from '../bundles/bundle.writer';
import { parseCsv } from './csv';

const itemSpec = z.union([
  z.object({ type: z.enum(ITEM_TYPE_NAMES).exclude(['attachment', 'sealed']), id: z.string().optional(), data: z.unknown() }).strict(),
  z.object({ type: z.literal('attachment'), id: z.string(), file: z.string().min(1), contentType: z.enum(CONTENT_TYPES) }).strict(),
]);
type ItemSpec = z.infer<typeof itemSpec>;

/** Item types whose payload is a flat object, so a CSV row can be one. */
export const CSV_TYPES: readonly JsonItemType[] = ['chain-event', 'broadcast-receipt', 'withdrawal-request'];
const INTEGER_FIELDS = new Set(['outputIndex', 'confirmations', 'blockHeight', 'vout']);
const BOOLEAN_FIELDS = new Set(['finalized']);

function fail(where: string, message: string): never {
  throw new VaultlineError('VALIDATION', `${where}: ${message}`);
}

function fileDigest(path: string): { size: number; sha256: string } {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1024 * 1024);
  let size = 0;
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { size, sha256: hash.digest('hex') };
}

function toItem(spec: ItemSpec, where: string, baseDir: string, autoId: () => string): OutgoingItem {
  if (spec.type === 'attachment') {
    if (!ITEM_ID_PATTERN.test(spec.id)) fail(where, `id "${spec.id}" must be 1–100 characters of a–z, 0–9, ".", "_" or "-"`);
    const path = resolve(baseDir, spec.file);
    let isFile: boolean;
    try {
      isFile = statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) fail(where, `attachment file ${path} cannot be read`);
    const { size, sha256 } = fileDigest(path);
    return { id: spec.id, type: 'attachment', contentType: spec.contentType, size, sha256, body: () => createReadStream(path) };
  }
  const id = spec.id ?? autoId();
  if (!ITEM_ID_PATTERN.test(id)) fail(where, `id "${id}" must be 1–100 characters of a–z, 0–9, ".", "_" or "-"`);
  const checked = ITEM_SCHEMAS[spec.type].safeParse(spec.data);
  if (!checked.success) fail(where, `${spec.type} ${id}: ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(data)'} ${i.message}`).join('; ')}`);
  return jsonItem(id, spec.type, checked.data);
}

function counterFor(): (type: ItemTypeName) => () => string {
  const counts = new Map<ItemTypeName, number>();
  return (type) => () => {
    const n = (counts.get(type) ?? 0) + 1;
    counts.set(type, n);
    return `${type}-${String(n).padStart(6, '0')}`;
  };
}

/** Items from a .json, .jsonl or .csv file (CSV needs `csvType`). */
export function readItemsFile(path: string, csvType?: ItemTypeName): OutgoingItem[] {
  const full = resolve(path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    throw new VaultlineError('VALIDATION', `Cannot read ${full}.`);
  }
  const baseDir = dirname(full);
  const auto = counterFor();
  const ext = extname(full).toLowerCase();
  if (ext === '.csv') {
    if (!csvType) throw new VaultlineError('VALIDATION', `${full} is CSV: say which item type each row is (--type, one of ${CSV_TYPES.join(', ')}).`);
    if (!(CSV_TYPES as readonly string[]).includes(csvType)) throw new VaultlineError('VALIDATION', `Rows of CSV can be ${CSV_TYPES.join(', ')} items; ${csvType} is not flat.`);
    const rows = parseCsv(text);
    const [header, ...body] = rows;
    if (!header || header.length === 0) throw new VaultlineError('VALIDATION', `${full} has no header row.`);
    return body
      .filter((row) => row.some((cell) => cell !== ''))
      .map((row, i) => {
        const data: Record<string, unknown> = {};
        let id: string | undefined;
        header.forEach((name, c) => {
          const cell = row[c] ?? '';
          if (name === 'id') id = cell || undefined;
          else if (cell === '') return;
          else if (INTEGER_FIELDS.has(name) && /^\d+$/.test(cell)) data[name] = Number(cell);
          else if (BOOLEAN_FIELDS.has(name) && /^(true|false)$/i.test(cell)) data[name] = cell.toLowerCase() === 'true';
          else data[name] = cell;
        });
        return toItem({ type: csvType as Exclude<ItemTypeName, 'attachment' | 'sealed'>, id, data }, `${full} row ${i + 2}`, baseDir, auto(csvType));
      });
  }
  const specs: { spec: unknown; where: string }[] = [];
  if (ext === '.jsonl' || ext === '.ndjson') {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        specs.push({ spec: JSON.parse(line), where: `${full} line ${i + 1}` });
      } catch {
        fail(`${full} line ${i + 1}`, 'is not valid JSON');
      }
    });
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      fail(full, 'is not valid JSON');
    }
    const list = Array.isArray(value) ? value : (value as { items?: unknown } | null)?.items;
    if (!Array.isArray(list)) fail(full, 'must be a JSON array of items, or an object with an "items" array');
    list.forEach((spec, i) => specs.push({ spec, where: `${full} item ${i + 1}` }));
  }
  return specs.map(({ spec, where }) => {
    const parsed = itemSpec.safeParse(spec);
    if (!parsed.success) fail(where, `must be {"type", "id"?, "data"} or an attachment {"type": "attachment", "id", "file", "contentType"} (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return toItem(parsed.data, where, baseDir, auto(parsed.data.type));
  });
}

