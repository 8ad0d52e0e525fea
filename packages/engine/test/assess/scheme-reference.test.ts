import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemeFields } from '../../src/assess/scheme-fields';
import { schemeReferenceMarkdown, undocumentedSchemeFields } from '../../src/assess/scheme-reference';
import { schemeJsonSchema } from '../../src/assess/scheme';

const FILE = new URL('../../../../docs/assess-scheme.md', import.meta.url);

describe('the field reference of a scheme (docs/assess-scheme.md)', () => {
  it('documents every field of the zod schema, and nothing that is not one (add it to scheme-docs.ts)', () => {
    expect(undocumentedSchemeFields()).toEqual({ undocumented: [], stale: [] });
  });

  it('is what the zod schema and scheme-docs.ts generate (run `npm run docs:schema` after changing either)', () => {
    expect(fs.readFileSync(FILE, 'utf8')).toBe(schemeReferenceMarkdown());
  });

  it('lists fields with their path, type, default and variants as a scheme writes them', () => {
    const byPath = new Map(schemeFields(schemeJsonSchema()).map((f) => [f.path, f]));
    expect(byPath.get('screening.datThresh')).toMatchObject({ type: 'number', required: false, default: String(2 / 3) });
    expect(byPath.get('indicators[].direction')).toMatchObject({ type: '1 | -1', default: '1' });
    expect(byPath.get('normalise[goalposts].lower')).toMatchObject({ type: 'number', required: true });
    expect(byPath.get('nodes[].children')).toMatchObject({ type: '(string | object)[]', required: true });
    expect(byPath.get('indicators[].normalise')).toMatchObject({ sameAs: 'normalise' });
    expect(byPath.get('aggregation.byLevel.<level>')).toMatchObject({ sameAs: 'aggregation.default' });
    // a repeated spec is described once, where it is defined
    expect([...byPath.keys()].some((p) => p.startsWith('indicators[].normalise.'))).toBe(false);
  });
});
