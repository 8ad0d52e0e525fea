import { describe, expect, it } from 'vitest';
import {
  buildContributionOption,
  buildRadarOption,
  buildRankHistoryOption,
  buildRankingBarOption,
  buildSensitivityOption,
  gradeColour,
} from '../src/charts/assess';
import { schemeTree, setMethod, setWeight, weightChecks } from '../src/views/assess/scheme';
import { sliderRange } from '../src/views/assess/whatif';
import type { SchemeDefinition } from '../src/api/assess';
import zh from '../src/views/assess/locales/zh-CN';
import en from '../src/views/assess/locales/en';

const scheme: SchemeDefinition = {
  schemaVersion: 1,
  id: 's',
  version: '1',
  name: { zh: '方案', en: 'Scheme' },
  indicators: [{ id: 'a', name: { zh: '甲', en: 'A' }, normalise: { method: 'goalposts' } }, { id: 'b', name: '乙' }, { id: 'c' }],
  nodes: [
    {
      id: 'econ',
      name: { zh: '经济', en: 'Economy' },
      children: [
        { id: 'a', weight: 0.6 },
        { id: 'b', weight: 0.4 },
      ],
    },
    {
      id: 'total',
      children: [
        { id: 'econ', weight: 0.5 },
        { id: 'c', weight: 0.5 },
      ],
      weighting: { method: 'equal' },
    },
  ],
  root: 'total',
};

describe('scheme editor helpers', () => {
  it('turns the scheme into a tree with weights and methods', () => {
    const [root] = schemeTree(scheme, 'zh-CN');
    expect(root).toMatchObject({ id: 'total', kind: 'node', method: 'equal', parent: null });
    expect(root.children!.map((c) => [c.id, c.weight, c.kind])).toEqual([
      ['econ', 0.5, 'node'],
      ['c', 0.5, 'indicator'],
    ]);
    const econ = root.children![0];
    expect(econ.children!.map((c) => [c.name, c.method])).toEqual([
      ['甲', 'goalposts'],
      ['乙', 'minmax'],
    ]);
    expect(schemeTree(scheme, 'en')[0].children![0].name).toBe('Economy');
  });

  it('edits weights immutably and checks sums of fixed-weight nodes only', () => {
    expect(weightChecks(scheme)).toEqual([{ node: 'econ', sum: 1, expected: 1, ok: true }]);
    const edited = setWeight(scheme, 'econ', 'a', 0.7);
    expect(scheme.nodes[0].children[0]).toEqual({ id: 'a', weight: 0.6 });
    expect(weightChecks(edited)).toEqual([{ node: 'econ', sum: 1.1, expected: 1, ok: false }]);
    expect(weightChecks(setWeight(edited, 'econ', 'b', 0.3))[0].ok).toBe(true);
    expect(weightChecks({ ...scheme, weights: { total: 100 } })[0]).toMatchObject({ ok: false, expected: 100 });
    expect(weightChecks({ ...scheme, weights: { relative: true } })).toEqual([]);
  });

  it('changes methods', () => {
    expect(setMethod(scheme, 'econ', 'node', 'entropy').nodes[0].weighting).toEqual({ method: 'entropy' });
    expect(setMethod(scheme, 'total', 'node', 'fixed').nodes[1].weighting).toBeUndefined();
    expect(setMethod(scheme, 'b', 'indicator', 'zscore').indicators[1].normalise).toEqual({ method: 'zscore' });
  });
});

describe('assessment charts', () => {
  const grades = ['一类', '二类', '三类'];
  it('bars: best at the top, coloured by grade, unit kept for clicks', () => {
    const o = buildRankingBarOption(
      [
        { unit: 'x', name: 'X', value: 80.123, grade: '二类' },
        { unit: 'y', name: 'Y', value: 91, grade: '一类' },
        { unit: 'z', name: 'Z', value: null },
      ],
      { title: 't', score: 's' },
      grades,
    );
    expect(o.yAxis.data).toEqual(['Z', 'X', 'Y']);
    expect(o.series[0].data[2]).toEqual({ value: 91, unit: 'y', itemStyle: { color: gradeColour('一类', grades) } });
    expect(o.series[0].data[1].value).toBe(80.12);
    expect(gradeColour(null, grades)).toBe('#909399');
  });

  it('radar with and without the average of all units', () => {
    const axes = [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ];
    const o = buildRadarOption(axes, { name: 'X', scores: { a: 80, b: null } }, { name: 'avg', scores: { a: 70, b: 60 } });
    expect(o.radar.indicator).toEqual([
      { name: 'A', max: 100 },
      { name: 'B', max: 100 },
    ]);
    expect(o.series[0].data).toEqual([
      { name: 'X', value: [80, 0] },
      { name: 'avg', value: [70, 60] },
    ]);
    expect(buildRadarOption(axes, { name: 'X', scores: { a: 104, b: 1 } }, null).radar.indicator[0].max).toBe(110);
  });

  it('contributions sorted, rank history inverted with run ids, sensitivity floating bars', () => {
    expect(
      buildContributionOption(
        [
          { name: 'a', contribution: 3 },
          { name: 'b', contribution: 10 },
        ],
        { title: 't' },
      ).yAxis.data,
    ).toEqual(['a', 'b']);
    const h = buildRankHistoryOption(
      [
        { period: '2025', runId: 9, rank: 3, published: true, version: 2 },
        { period: '2024', runId: 4, rank: 5, published: false, version: 1 },
      ],
      { title: 't', rank: 'r' },
    );
    expect(h.xAxis.data).toEqual(['2024 #4', '2025 #9']);
    expect(h.yAxis).toMatchObject({ inverse: true, min: 1, max: 5 });
    expect(h.series[0].data[1]).toMatchObject({ value: 3, runId: 9, symbol: 'circle' });
    const s = buildSensitivityOption(
      [
        { name: 'A', nominal: 1, low: 1, high: 3, median: 2 },
        { name: 'B', nominal: 2, low: 1, high: 2, median: 2 },
      ],
      { title: 't', interval: 'i', nominal: 'n', rank: 'r' },
    );
    expect(s.yAxis.data).toEqual(['B', 'A']);
    expect(s.series[0].data).toEqual([0.5, 0.5]);
    expect(s.series[1].data).toEqual([2, 3]);
    expect(s.series[2].data).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });
});

describe('what-if sliders and messages', () => {
  it('keeps the unit’s own value on the slider grid', () => {
    expect(sliderRange(7.3, null)).toEqual({ min: 0, max: 14.6, step: 0.001 });
    expect(sliderRange(0.005, null).step).toBe(0.0001);
    expect(sliderRange(55000, 75000)).toEqual({ min: 0, max: 150000, step: 1 });
    expect(sliderRange(null, null)).toEqual({ min: 0, max: 10, step: 0.001 });
    expect(sliderRange(-3, null).min).toBe(-6);
  });

  it('has the same message keys in Chinese and English', () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });
});
