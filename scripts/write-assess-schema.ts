/**
 * Writes the two generated documents of the assessment scheme format (`npm run docs:schema`):
 * - docs/assess-scheme.schema.json, the JSON Schema from the engine's zod schema, each field described: editors complete
 *   and check a scheme that says `"$schema": "…/docs/assess-scheme.schema.json"`;
 * - docs/assess-scheme.md, the field reference (type, default, meaning, COINr equivalent).
 * engine/test/assess/scheme-json-schema.test.ts and scheme-reference.test.ts fail when either file
 * and the zod schema drift apart.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describedSchemeJsonSchema, schemeReferenceMarkdown } from '../packages/engine/src/assess/scheme-reference.js';

const write = (name: string, text: string) => {
  const target = fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
  fs.writeFileSync(target, text);
  console.log(`wrote ${target}`);
};
write('assess-scheme.schema.json', JSON.stringify(describedSchemeJsonSchema(), null, 2) + '\n');
write('assess-scheme.md', schemeReferenceMarkdown());
