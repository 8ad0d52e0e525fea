import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScheme } from '@gongfu/engine/assess';
import { describedSchemeJsonSchema } from '../../src/assess/scheme-reference';
import { twoIndicatorScheme } from './two-indicator-scheme.js';

const FILE = new URL('../../../../docs/assess-scheme.schema.json', import.meta.url);

describe('the checked-in JSON Schema of a scheme', () => {
  it('is what the zod schema generates (run `npm run docs:schema` after changing the scheme)', () => {
    expect(JSON.parse(fs.readFileSync(FILE, 'utf8'))).toEqual(describedSchemeJsonSchema());
  });

  it('describes each field for editors, with its COINr equivalent', () => {
    const schema = describedSchemeJsonSchema() as {
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    };
    expect(schema.properties.screening!.properties!.datThresh!.description).toMatch(
      /^Minimum share of indicators with a value.* COINr: `dat_thresh`\.$/,
    );
  });

  it('lets a scheme name it as $schema for editors, which the engine ignores', () => {
    const scheme = { $schema: '../docs/assess-scheme.schema.json', ...twoIndicatorScheme() };
    expect(parseScheme(scheme).scheme.id).toBe('t');
    expect(() => parseScheme({ ...scheme, $schemas: 'x' })).toThrow(/\$schema/);
  });
});
