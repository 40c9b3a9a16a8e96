// Writes resources/bundle-format.schema.json from the zod schemas (`npm run bundle:schema`, run by tsx).
// A unit test (src-shared/bundles/bundle-json-schema.test.ts) fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleJsonSchema } from '../src-shared/bundles/bundle-json-schema';

const path = join(import.meta.dirname, '../resources/bundle-format.schema.json');
writeFileSync(path, `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${path}\n`);
