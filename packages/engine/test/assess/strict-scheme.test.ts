/** Strict schemes: each misspelt or misplaced key is an error with its JSON path and the nearest valid key. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAssessError, parseScheme, PRESETS } from '@gongfu/engine/assess';
import { levenshtein, nearest } from '../../src/assess/levenshtein.js';
import { twoIndicatorScheme } from './two-indicator-scheme.js';

const base = () => ({ ...twoIndicatorScheme(), weights: { relative: true } });

function issuesOf(edit: (s: any) => void): { path: string; code: string; message: string; key?: string; suggestion?: string }[] {
  const s = base();
  edit(s);
  try {
    parseScheme(s);
  } catch (e) {
    if (isAssessError(e) && e.code === 'SCHEME_INVALID') return e.details.issues as never;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('strict scheme keys', () => {
  it('the base scheme parses', () => expect(parseScheme(base()).scheme.id).toBe('t'));

  it.each([
    ['treat.winMax', (s: any) => (s.treat = { method: 'winsorise', winMax: 3 }), 'winmax'],
    ['indicators.1.denominater', (s: any) => (s.indicators[1].denominater = 'pop'), 'denominator'],
    ['screen', (s: any) => (s.screen = { unitScreen: 'byNA' }), 'screening'],
    ['screening.datthresh', (s: any) => (s.screening = { unitScreen: 'byNA', datthresh: 0.5 }), 'datThresh'],
    ['nodes.0.children.0.wieght', (s: any) => (s.nodes[0].children[0] = { id: 'a', wieght: 0.5 }), 'weight'],
    ['indicators.0.name.eng', (s: any) => (s.indicators[0].name = { zh: '甲', eng: 'A' }), 'en'],
    ['aggregation.method', (s: any) => (s.aggregation = { method: 'gmean' }), 'aggregation.default.method'],
    ['nodes.0.aggregation.datthresh', (s: any) => (s.nodes[0].aggregation = { method: 'amean', datthresh: 0.5 }), 'datThresh'],
    ['normalise.uper', (s: any) => (s.normalise = { method: 'minmax', uper: 10 }), 'upper'],
    ['ranking.tie', (s: any) => (s.ranking = { tie: 'max' }), 'ties'],
  ])('%s is rejected with its path and nearest key', (where, edit, suggestion) => {
    const issues = issuesOf(edit);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: where, code: 'unknown_key', key: where.split('.').at(-1), suggestion });
    expect(issues[0].message).toContain(`did you mean "${suggestion}"?`);
  });

  it('reports every unknown key at once, each with its own path', () => {
    const issues = issuesOf((s) => {
      s.indicators[0].drection = 1;
      s.indicators[1].tagret = 5;
      s.weigths = {};
    });
    expect(issues.map((i) => [i.path, i.suggestion])).toEqual([
      ['indicators.0.drection', 'direction'],
      ['indicators.1.tagret', 'target'],
      ['weigths', 'weights'],
    ]);
  });

  it('the first problem is in the message, with the count of the rest', () => {
    try {
      parseScheme({ ...base(), foo: 1, bar: 2 });
      expect.unreachable();
    } catch (e) {
      expect(isAssessError(e) && e.en).toMatch(/^invalid scheme: foo — unknown key "foo" .*\(\+1 more\)$/);
    }
  });

  it('every preset and the demo schemes still parse', () => {
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/assess/presets');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(() => parseScheme(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))), f).not.toThrow();
    expect(PRESETS.length).toBeGreaterThan(0);
  });

  it('levenshtein', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('winMax', 'winmax')).toBe(0);
    expect(nearest('denominater', ['direction', 'denominator', 'target'])).toBe('denominator');
  });
});
