import { describe, expect, it } from 'vitest';
import { buildPlanActualOption, cumulate } from '../src/charts/targets';

const labels = { title: 'T', months: ['1月', '2月', '3月'], plan: '计划', actual: '实际', unit: '亿元' };

describe('targets chart options', () => {
  it('plan as a dashed line and actual as bars, by month, rounded', () => {
    const o = buildPlanActualOption(
      [
        { month: 2, plan: 20, actual: null },
        { month: 1, plan: 10.004, actual: 9.996 },
      ],
      labels,
    );
    expect(o.xAxis.data).toEqual(['1月', '2月']);
    expect(o.series[0]).toMatchObject({ name: '计划', type: 'line', data: [10, 20] });
    expect(o.series[1]).toMatchObject({ name: '实际', type: 'bar', data: [10, null] });
    expect(o.yAxis.name).toBe('亿元');
    expect('formatter' in o.tooltip).toBe(false);
  });
  it('cumulates monthly amounts, keeping gaps', () => {
    expect(cumulate([1, 2, null, 3])).toEqual([1, 3, null, 6]);
  });
});
