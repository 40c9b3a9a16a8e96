/**
 * The JSON Schema of the bundle format (draft 2020-12), generated from the zod schemas that the
 * console itself validates with, so the published schema and the code cannot drift apart:
 * resources/bundle-format.schema.json is this function's output (`npm run bundle:schema` writes
 * it; a unit test fails when it is stale). Limits that JSON Schema cannot say (sizes of entries,
 * directions) are carried as `x-vaultline` annotations.
 */
import { z } from 'zod';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_LIMITS, indexLine, manifest } from './bundle-format';
import { ITEM_SCHEMAS } from './item-schemas';
import { ITEM_TYPES, ITEM_TYPE_NAMES } from './item-types';

type JsonObject = Record<string, unknown>;

function schemaOf(type: z.ZodType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { target: 'draft-2020-12', io: 'input' }) as JsonObject;
  return rest;
}

export function bundleJsonSchema(): JsonObject {
  const items: JsonObject = {};
  for (const name of ITEM_TYPE_NAMES) {
    const spec = ITEM_TYPES[name];
    const annotation = { 'x-vaultline': { title: spec.title, directions: spec.directions, maxBytes: spec.maxBytes, contentTypes: spec.contentTypes } };
    items[`item:${name}`] =
      name === 'attachment'
        ? { description: 'Opaque bytes (a document or list file), referenced by id from another item.', ...annotation }
        : name === 'sealed'
          ? { description: 'An outbound item sealed to the online node with HPKE (RFC 9180): see docs/bundle-format.md, "Sealed items".', ...annotation }
          : { ...schemaOf(ITEM_SCHEMAS[name]), ...annotation };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:vaultline:bundle-format:${BUNDLE_FORMAT_VERSION}`,
    title: `Vaultline bundle format ${BUNDLE_FORMAT_VERSION} (${BUNDLE_FORMAT})`,
    description:
      'A bundle is a ZIP holding manifest.json (RFC 8785 canonical JSON, $defs/manifest), manifest.sig (DER ECDSA P-256 over SHA-256 of manifest.json), index.jsonl (one canonical $defs/indexLine per line, LF-terminated, sorted by id) and items/<id> in index order. Each JSON item is canonical JSON valid against $defs/item:<type>. See docs/bundle-format.md.',
    'x-vaultline-limits': BUNDLE_LIMITS,
    $ref: '#/$defs/manifest',
    $defs: { manifest: schemaOf(manifest), indexLine: schemaOf(indexLine), ...items },
  };
}
