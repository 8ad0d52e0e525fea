import { describe, expect, it } from 'vitest';
import { buildTrendOption, yearOnYear } from '../src/charts/trend';
import { buildRegionMapOption } from '../src/charts/map';
import type { Observation } from '../src/api/types';

const obs = (period: string, value: number, synthetic = false): Observation => ({
  id: Number(period.replace(/\D/g, '')), indicatorCode: 'GDP', subjectKind: 'region', subjectCode: '330603000000', subjectName: '柯桥区',
  regionCode: '330603000000', period, value, status: 'final', source: 's', batchId: 1, synthetic, loadedBy: 'x', loadedAt: '', isCurrent: true,
});

describe('chart options', () => {
  it('orders a trend by period and keeps observation ids for provenance', () => {
    const option = buildTrendOption([obs('2024', 3), obs('2022', 1), obs('2023', 2)], { title: 'GDP', unit: '亿元', synthetic: 'synthetic' });
    expect(option.xAxis.data).toEqual(['2022', '2023', '2024']);
    expect(option.series[0].data).toEqual([{ value: 1, observationId: 2022 }, { value: 2, observationId: 2023 }, { value: 3, observationId: 2024 }]);
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
    const option = buildRegionMapOption('330600000000', [{ code: '330603000000', name: '柯桥区', value: 2252.28 }, { code: '330624000000', name: '新昌县', value: null }], { title: 't', unit: '亿元' });
    expect(option.series[0].nameProperty).toBe('code');
    expect(option.series[0].data[0]).toEqual({ name: '330603000000', label: '柯桥区', value: 2252.28 });
    expect(option.visualMap).toMatchObject({ min: 2252.28, max: 2252.28 });
  });
});
