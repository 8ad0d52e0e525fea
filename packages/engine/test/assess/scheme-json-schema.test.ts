import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScheme } from '@gongfu/engine/assess';
import { schemeJsonSchema } from '../../src/assess/scheme';

const FILE = new URL('../../../../docs/assess-scheme.schema.json', import.meta.url);

describe('the checked-in JSON Schema of a scheme', () => {
  it('is what the zod schema generates (run `npm run docs:schema` after changing the scheme)', () => {
    expect(JSON.parse(fs.readFileSync(FILE, 'utf8'))).toEqual(schemeJsonSchema());
  });

  it('lets a scheme name it as $schema for editors, which the engine ignores', () => {
    const scheme = {
      $schema: '../docs/assess-scheme.schema.json',
      schemaVersion: 1,
      id: 't',
      version: '1',
      name: 'test',
      indicators: [
        { id: 'a', direction: 1 },
        { id: 'b', direction: -1 },
      ],
      nodes: [
        {
          id: 'root',
          children: [
            { id: 'a', weight: 0.5 },
            { id: 'b', weight: 0.5 },
          ],
        },
      ],
      root: 'root',
    };
    expect(parseScheme(scheme).scheme.id).toBe('t');
    expect(() => parseScheme({ ...scheme, $schemas: 'x' })).toThrow(/\$schema/);
  });
});
