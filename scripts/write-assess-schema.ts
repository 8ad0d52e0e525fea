/**
 * Writes docs/assess-scheme.schema.json, the JSON Schema of an assessment scheme, from the engine's
 * zod schema (`npm run docs:schema`). Editors complete and check a scheme that says
 * `"$schema": "…/docs/assess-scheme.schema.json"`; engine/test/assess/scheme-json-schema.test.ts
 * fails when the file and the zod schema drift apart.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemeJsonSchema } from '../packages/engine/src/assess/scheme.js';

const target = fileURLToPath(new URL('../docs/assess-scheme.schema.json', import.meta.url));
fs.writeFileSync(target, JSON.stringify(schemeJsonSchema(), null, 2) + '\n');
console.log(`wrote ${target}`);
