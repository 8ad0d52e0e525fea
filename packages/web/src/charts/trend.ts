/** ECharts option for an indicator's time series; synthetic points are drawn dashed and named so. */
import type { Observation } from '../api/types';

export interface TrendLabels {
  title: string;
  unit: string;
  synthetic: string;
}

export function buildTrendOption(observations: Observation[], labels: TrendLabels) {
  const sorted = [...observations].sort((a, b) => a.period.localeCompare(b.period));
  const anySynthetic = sorted.some((o) => o.synthetic);
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 24, top: 48, bottom: 32 },
    xAxis: { type: 'category', data: sorted.map((o) => o.period) },
    yAxis: { type: 'value', name: labels.unit, scale: true },
    series: [
      {
        type: 'line',
        name: anySynthetic ? `${labels.title}（${labels.synthetic}）` : labels.title,
        data: sorted.map((o) => ({ value: o.value, observationId: o.id })),
        smooth: false,
        symbolSize: 8,
        lineStyle: anySynthetic ? { type: 'dashed' } : undefined,
        label: { show: sorted.length <= 12, position: 'top' },
      },
    ],
  };
}

/** Year-on-year change of the latest point, as a fraction, when the previous period exists. */
export function yearOnYear(observations: Observation[]): number | null {
  const sorted = [...observations].sort((a, b) => a.period.localeCompare(b.period));
  const last = sorted[sorted.length - 1];
  if (!last) return null;
  const previousPeriod = /^\d{4}$/.test(last.period)
    ? String(Number(last.period) - 1)
    : `${Number(last.period.slice(0, 4)) - 1}${last.period.slice(4)}`;
  const previous = sorted.find((o) => o.period === previousPeriod);
  return previous && previous.value !== 0 ? last.value / previous.value - 1 : null;
}
