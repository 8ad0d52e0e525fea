/**
 * ECharts option of the 大屏's ranking: the children's values of the featured indicator as
 * horizontal bars, highest on top, on a dark background; synthetic values hatched lighter and the
 * unit in the axis name.
 */
export interface RankedValue {
  name: string;
  value: number;
  synthetic: boolean;
}

export function screenRankingOption(values: readonly RankedValue[], o: { unit: string; format: (v: number) => string }) {
  const top = values.slice(0, 16).reverse(); // ECharts draws the first category at the bottom
  return {
    backgroundColor: 'transparent',
    grid: { left: 8, right: 72, top: 28, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      name: o.unit,
      nameTextStyle: { color: '#9fb3c8' },
      axisLabel: { color: '#9fb3c8' },
      splitLine: { lineStyle: { color: '#1e3a5f' } },
    },
    yAxis: { type: 'category', data: top.map((v) => v.name), axisLabel: { color: '#e6f1ff', fontSize: 16 }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: top.map((v) => ({ value: v.value, itemStyle: { color: v.synthetic ? '#5b8db8' : '#2f9bff' } })),
        label: { show: true, position: 'right', color: '#e6f1ff', fontSize: 14, formatter: (p: { value: number }) => o.format(p.value) },
        barMaxWidth: 22,
      },
    ],
  };
}
