/** The 亩均效益 chart builder: classes stacked per group, summed over 规上 and 规下, tooltip escaped. */
import { describe, expect, it } from 'vitest';
import { buildClassStackOption, CLASS_COLOURS } from '../src/charts/mujun';
import { groupName } from '../src/views/mujun/labels';

const PAYLOAD = '<img src=x onerror=alert(1)>';
const labels = {
  title: '各镇街分类企业数',
  className: (c: string) => (c === 'notRated' ? '不参评' : `${c} 类`),
  groupName: (r: { key: string }) => r.key,
  total: '合计',
};

describe('class stack chart', () => {
  const rows = [
    { key: '柯岩街道', code: '330603002000', scale: 'above', class: 'C', n: 1 },
    { key: '华舍街道', code: '330603003000', scale: 'above', class: 'B', n: 1 },
    { key: '华舍街道', code: '330603003000', scale: 'below', class: 'B', n: 2 },
    { key: '华舍街道', code: '330603003000', scale: 'below', class: 'notRated', n: 1 },
  ];

  it('puts one bar per group in code order, a stacked series per class present, summed over sizes', () => {
    const o = buildClassStackOption(rows, labels);
    expect(o.xAxis.data).toEqual(['柯岩街道', '华舍街道']);
    expect(o.series.map((s) => s.name)).toEqual(['B 类', 'C 类', '不参评']);
    expect(o.series.map((s) => s.data)).toEqual([
      [0, 3],
      [1, 0],
      [0, 1],
    ]);
    expect(new Set(o.series.map((s) => s.stack)).size).toBe(1);
    expect(o.series[0].itemStyle.color).toBe(CLASS_COLOURS.B);
  });

  it('escapes a hostile group name in the tooltip', () => {
    const o = buildClassStackOption([{ key: PAYLOAD, code: 'x', class: 'A', n: 2 }], labels);
    const text = o.tooltip.formatter([{ name: PAYLOAD, seriesName: 'A 类', value: 2 }]);
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img');
    expect(text).toContain('合计 2');
  });

  it('names an industry division, never its bare code', () => {
    const t = (k: string, v?: Record<string, unknown>) => (k === 'mujun.division.17' ? '纺织业' : `${k}:${JSON.stringify(v ?? {})}`);
    const te = (k: string) => k === 'mujun.division.17';
    expect(groupName(t, te, 'division', { key: '17', code: '17' })).toBe('纺织业');
    expect(groupName(t, te, 'division', { key: '99', code: '99' })).toContain('mujun.division.other');
    expect(groupName(t, te, 'region', { key: '华舍街道', code: '330603003000' })).toBe('华舍街道');
    expect(groupName(t, te, 'platform', { key: '', code: '' })).toBe('mujun.chart.none:{}');
  });
});
