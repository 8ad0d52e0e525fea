/**
 * ECharts option builders of the 挂图作战 views (unit-tested in test/targets-charts.test.ts): a
 * target's expected vs actual by month, and the 661 board's planned vs actual investment by month.
 * Only numbers and translated labels reach the chart; tooltips are ECharts' own (no formatter).
 */
export const LIGHT_COLOURS = { green: '#2e7d32', yellow: '#f9a825', red: '#c62828' } as const;

export interface SeriesLabels {
  title: string;
  months: string[];
  plan: string;
  actual: string;
  unit: string;
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/** Plan as a line, actual as bars (months without a value are gaps). */
export function buildPlanActualOption(rows: { month: number; plan: number | null; actual: number | null }[], labels: SeriesLabels) {
  const sorted = [...rows].sort((a, b) => a.month - b.month);
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: [labels.plan, labels.actual] },
    grid: { left: 56, right: 16, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: sorted.map((r) => labels.months[r.month - 1]) },
    yAxis: { type: 'value', name: labels.unit },
    series: [
      {
        name: labels.plan,
        type: 'line',
        data: sorted.map((r) => round(r.plan)),
        itemStyle: { color: '#909399' },
        lineStyle: { type: 'dashed' },
      },
      { name: labels.actual, type: 'bar', data: sorted.map((r) => round(r.actual)), itemStyle: { color: '#1976d2' } },
    ],
  };
}

/** Cumulative sums of monthly amounts (null months add nothing but stay null). */
export function cumulate(values: (number | null)[]): (number | null)[] {
  let s = 0;
  return values.map((v) => (v === null ? null : (s += v)));
}
