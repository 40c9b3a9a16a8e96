import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleJsonSchema } from '../../src-shared/bundles/bundle-json-schema';
import { ITEM_TYPE_NAMES } from '../../src-shared/bundles/item-types';

describe('resources/bundle-format.schema.json', () => {
  it('is exactly what the zod schemas generate (run "npm run bundle:schema" after changing them)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/bundle-format.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(bundleJsonSchema())));
  });

  it('defines the manifest, the index line and every item type', () => {
    const defs = bundleJsonSchema().$defs as Record<string, { required?: string[] }>;
    expect(defs.manifest?.required).toEqual(expect.arrayContaining(['bundleId', 'sender', 'recipient', 'sequence', 'previousBundleHash', 'index']));
    expect(Object.keys(defs).filter((k) => k.startsWith('item:')).sort()).toEqual(ITEM_TYPE_NAMES.map((n) => `item:${n}`).sort());
  });
});
