import { describe, expect, it } from 'vitest';
import { isAssessError, parseScheme, schemeFromMeta, type MetaRow } from '@gongfu/engine/assess';

const META: MetaRow[] = [
  { row: 2, code: 'GDP_GROWTH', name: 'GDP增速', level: 1, parent: 'ECON', direction: 1, weight: 0.6, target: 7.5 },
  { row: 3, code: 'ENERGY', name: '单位GDP能耗', level: 1, parent: 'ECON', direction: -1, weight: 0.4, unit: '吨标准煤/万元' },
  { row: 4, code: 'INCOME', name: '农村居民人均可支配收入', level: 1, parent: 'LIFE', direction: 1 },
  { row: 5, code: 'ECON', name: '经济发展', level: 2, parent: 'INDEX', weight: 0.5 },
  { row: 6, code: 'LIFE', name: '民生共富', level: 2, parent: 'INDEX', weight: 0.5 },
  { row: 7, code: 'INDEX', name: '综合指数', level: 3 },
];

const HAND_WRITTEN = {
  schemaVersion: 1,
  id: 'towns',
  version: '1',
  name: '镇街考核',
  indicators: [
    { id: 'GDP_GROWTH', name: 'GDP增速', direction: 1, target: 7.5 },
    { id: 'ENERGY', name: '单位GDP能耗', direction: -1, unit: '吨标准煤/万元' },
    { id: 'INCOME', name: '农村居民人均可支配收入', direction: 1 },
  ],
  nodes: [
    {
      id: 'ECON',
      name: '经济发展',
      children: [
        { id: 'GDP_GROWTH', weight: 0.6 },
        { id: 'ENERGY', weight: 0.4 },
      ],
    },
    { id: 'LIFE', name: '民生共富', children: ['INCOME'] },
    {
      id: 'INDEX',
      name: '综合指数',
      children: [
        { id: 'ECON', weight: 0.5 },
        { id: 'LIFE', weight: 0.5 },
      ],
    },
  ],
  root: 'INDEX',
};

describe('a scheme from an indicator-metadata table (COINr iMeta shape)', () => {
  it('equals the hand-written scheme', () => {
    const built = schemeFromMeta(META, { id: 'towns', name: '镇街考核' });
    expect(parseScheme(built).scheme).toEqual(parseScheme(HAND_WRITTEN).scheme);
  });

  it('reports every problem at once with its row and column', () => {
    const bad: MetaRow[] = [
      ...META.slice(0, 2),
      { ...META[2], direction: 0 },
      { ...META[3], parent: 'NOPE' },
      { ...META[4], code: 'ECON' },
      { row: 8, code: 'EMPTY', level: 2, parent: 'INDEX' },
      META[5],
    ];
    try {
      schemeFromMeta(bad, { id: 'x' });
      expect.unreachable();
    } catch (e) {
      expect(isAssessError(e) && e.code).toBe('META_INVALID');
      const issues = (e as { details: { issues: { row: number; column: string }[] } }).details.issues;
      expect(
        issues.map((i) => `${i.row}:${i.column}`),
        JSON.stringify(issues),
      ).toEqual(['4:direction', '6:code', '4:parent', '5:parent', '8:code']);
    }
  });

  it('declares the denominators its indicators name (COINr iMeta Denominator) and divides by them', () => {
    const withDenominator: MetaRow[] = META.map((r) => (r.code === 'INCOME' ? { ...r, denominator: 'POPULATION' } : r));
    const built = schemeFromMeta(withDenominator, { id: 'towns', name: '镇街考核' });
    const expected = {
      ...HAND_WRITTEN,
      denominators: { POPULATION: { column: 'POPULATION' } },
      indicators: HAND_WRITTEN.indicators.map((i) => (i.id === 'INCOME' ? { ...i, denominator: 'POPULATION' } : i)),
    };
    expect(parseScheme(built).scheme).toEqual(parseScheme(expected).scheme);
  });

  it('refuses a denominator on an aggregate row', () => {
    const bad: MetaRow[] = META.map((r) => (r.code === 'ECON' ? { ...r, denominator: 'POPULATION' } : r));
    expect(() => schemeFromMeta(bad, { id: 'x' })).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ issues: [expect.objectContaining({ row: 5, column: 'denominator' })] }),
      }),
    );
  });
});
