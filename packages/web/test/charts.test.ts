import { describe, expect, it } from 'vitest';
import { buildMultiTrendOption, buildTrendOption, groupSeries, yearOnYear } from '../src/charts/trend';
import { sparklinePoints } from '../src/charts/sparkline';
import { buildRegionMapOption } from '../src/charts/map';
import type { Observation } from '../src/api/types';

const obs = (period: string, value: number, synthetic = false): Observation => ({
  id: Number(period.replace(/\D/g, '')),
  indicatorCode: 'GDP',
  subjectKind: 'region',
  subjectCode: '330603000000',
  subjectName: '柯桥区',
  regionCode: '330603000000',
  period,
  value,
  status: 'final',
  source: 's',
  batchId: 1,
  synthetic,
  loadedBy: 'x',
  loadedAt: '',
  isCurrent: true,
});

describe('chart options', () => {
  it('orders a trend by period and keeps observation ids for provenance', () => {
    const option = buildTrendOption([obs('2024', 3), obs('2022', 1), obs('2023', 2)], {
      title: 'GDP',
      unit: '亿元',
      synthetic: 'synthetic',
    });
    expect(option.xAxis.data).toEqual(['2022', '2023', '2024']);
    expect(option.series[0].data).toEqual([
      { value: 1, observationId: 2022 },
      { value: 2, observationId: 2023 },
      { value: 3, observationId: 2024 },
    ]);
    expect(option.series[0].name).toBe('GDP');
    expect(option.series[0].lineStyle).toBeUndefined();
  });

  it('names and dashes a series that contains synthetic values', () => {
    const option = buildTrendOption([obs('2024-01', 3, true)], { title: 'Output', unit: '', synthetic: 'synthetic' });
    expect(option.series[0].name).toBe('Output（synthetic）');
    expect(option.series[0].lineStyle).toEqual({ type: 'dashed' });
  });

  it('computes year-on-year change for years and months, null without a base', () => {
    expect(yearOnYear([obs('2023', 2030.29), obs('2024', 2252.28)])).toBeCloseTo(0.10934, 4);
    expect(yearOnYear([obs('2025-03', 110), obs('2026-03', 121), obs('2026-02', 5)])).toBeCloseTo(0.1, 10);
    expect(yearOnYear([obs('2022', 1), obs('2024', 2)])).toBeNull();
    expect(yearOnYear([])).toBeNull();
  });

  it('keys map regions by code, not by name', () => {
    const option = buildRegionMapOption(
      '330600000000',
      [
        { code: '330603000000', name: '柯桥区', value: 2252.28 },
        { code: '330624000000', name: '新昌县', value: null },
      ],
      { title: 't', unit: '亿元' },
    );
    expect(option.series[0].nameProperty).toBe('code');
    expect(option.series[0].data[0]).toEqual({ name: '330603000000', label: '柯桥区', value: 2252.28, tag: '' });
    expect(option.visualMap).toMatchObject({ min: 2252.28, max: 2252.28 });
  });

  it('labels a synthetic region on the map', () => {
    const option = buildRegionMapOption('m', [{ code: '330603003000', name: '华舍街道', value: 5, synthetic: true }], {
      title: 't',
      unit: '',
      synthetic: '合成数据',
    });
    expect(option.series[0].data[0].tag).toBe('（合成数据）');
  });

  it('groups observations into one series per indicator and subject, on a shared period axis', () => {
    const rows = [
      obs('2023', 1),
      obs('2024', 2),
      { ...obs('2024', 5, true), subjectCode: '330603003000', subjectName: '华舍街道', id: 99 },
    ];
    const groups = groupSeries(
      rows,
      (o) => o.subjectName,
      () => '亿元',
    );
    expect(groups.map((g) => g.name)).toEqual(['柯桥区', '华舍街道']);
    const option = buildMultiTrendOption(groups, { title: 'T', synthetic: 'synthetic' });
    expect(option.xAxis.data).toEqual(['2023', '2024']);
    expect(option.series[0].data).toEqual([
      { value: 1, observationId: 2023 },
      { value: 2, observationId: 2024 },
    ]);
    // missing periods are gaps, synthetic series are named and dashed
    expect(option.series[1].data).toEqual([null, { value: 5, observationId: 99 }]);
    expect(option.series[1].name).toBe('华舍街道（synthetic）');
    expect(option.series[1].lineStyle).toEqual({ type: 'dashed' });
    expect(option.aria.enabled).toBe(true);
  });

  it('puts a second unit on a second y axis and caps the number of series', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ ...obs('2024', i), subjectCode: String(i), id: i }));
    expect(
      groupSeries(
        rows,
        (o) => o.subjectCode,
        () => '',
        12,
      ),
    ).toHaveLength(12);
    const two = buildMultiTrendOption(
      [
        { key: 'a', name: 'a', unit: '亿元', observations: [obs('2024', 1)] },
        { key: 'b', name: 'b', unit: '%', observations: [obs('2024', 2)] },
      ],
      { title: '', synthetic: '' },
    );
    expect(two.yAxis.map((y) => y.name)).toEqual(['亿元', '%']);
    expect(two.series.map((s) => s.yAxisIndex)).toEqual([0, 1]);
  });

  it('draws sparklines inside their box, flat series in the middle', () => {
    expect(sparklinePoints([1, 3, 2], 100, 20, 0)).toBe('0,20 50,0 100,10');
    expect(sparklinePoints([4, 4], 100, 20, 0)).toBe('0,10 100,10');
    expect(sparklinePoints([7], 100, 20)).toBe('50,10');
    expect(sparklinePoints([], 100, 20)).toBe('');
  });
});

describe('schematic tile map', () => {
  it('draws one unit square per cell, x by column and y down by row, keyed by code', async () => {
    const { tileFeatures } = await import('../src/charts/tiles');
    const fc = tileFeatures([
      { code: 'a', col: 0, row: 0 },
      { code: 'b', col: 2, row: 1 },
    ]);
    expect(fc.features.map((f) => f.properties.code)).toEqual(['a', 'b']);
    const ring = fc.features[1].geometry.coordinates[0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    expect(Math.min(...xs)).toBeGreaterThan(2);
    expect(Math.max(...xs)).toBeLessThan(3);
    expect(Math.max(...ys)).toBeLessThan(-1);
    expect(Math.min(...ys)).toBeGreaterThan(-2);
  });

  it('colours cells by value with a legend, greys and labels cells without one, and says it is schematic', async () => {
    const { buildTileMapOption } = await import('../src/charts/tiles');
    const option = buildTileMapOption(
      'tiles-x',
      [
        { code: 'a', name: '柯桥街道', value: 10 },
        { code: 'b', name: '华舍街道', value: 30, synthetic: true },
        { code: 'c', name: '湖塘街道', value: null },
      ],
      { title: '柯桥区 · GDP', unit: '亿元', schematic: '示意图', noValue: '无数据', synthetic: '合成' },
    );
    expect(option.title.subtext).toBe('示意图');
    expect(option.visualMap).toMatchObject({ min: 10, max: 30 });
    const [series] = option.series;
    expect(series).toMatchObject({ type: 'map', map: 'tiles-x', nameProperty: 'code', roam: false, aspectScale: 1 });
    expect(series.data.map((d) => d.name)).toEqual(['a', 'b', 'c']);
    expect(Number.isNaN(series.data[2].value)).toBe(true);
    expect(series.itemStyle.areaColor).toBe('#ebeef5'); // cells without a value
    const label = series.label.formatter as (p: { data?: { label: string; value: number } }) => string;
    expect(label({ data: { label: '湖塘街道', value: NaN } })).toBe('湖塘街道\n无数据');
    expect(label({ data: { label: '柯桥街道', value: 10 } })).toBe('柯桥街道');
    expect(series.data[1].tag).toBe('（合成）');
  });

  it('labels 村社 cells without the committee suffix and hides the names of a crowded map until hovered', async () => {
    const { buildTileMapOption, shortRegionName } = await import('../src/charts/tiles');
    expect(['柯迎社区居民委员会', '湖塘村民委员会', '华舍街道'].map(shortRegionName)).toEqual(['柯迎社区', '湖塘村', '华舍街道']);
    const many = Array.from({ length: 61 }, (_, i) => ({ code: String(i), name: `村${i}`, value: i }));
    const labels = { title: 't', unit: '', schematic: 's', noValue: 'n' };
    expect(buildTileMapOption('m', many, labels).series[0].label.show).toBe(false);
    expect(buildTileMapOption('m', many.slice(0, 60), labels).series[0].label.show).toBe(true);
  });

  it('reads the level of a statistical region code from its trailing zeros', async () => {
    const { levelOfCode } = await import('../src/utils/regions');
    expect(['330000000000', '330600000000', '330603000000', '330603001000', '330603001001'].map(levelOfCode)).toEqual([
      'province',
      'city',
      'county',
      'town',
      'village',
    ]);
  });
});
