/** ECharts options for indicator time series; synthetic series are drawn dashed and named so. */
import type { Observation } from '../api/types';

export interface TrendLabels {
  title: string;
  unit: string;
  synthetic: string;
}

export type TrendPoint = Pick<Observation, 'period' | 'value' | 'id' | 'synthetic'>;

export function buildTrendOption(observations: TrendPoint[], labels: TrendLabels) {
  const sorted = [...observations].sort((a, b) => a.period.localeCompare(b.period));
  const anySynthetic = sorted.some((o) => o.synthetic);
  return {
    aria: { enabled: true },
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

export interface SeriesGroup {
  key: string;
  name: string;
  unit: string;
  observations: Observation[];
}

/** Groups observations into one series per indicator × subject, at most `max` series (largest first). */
export function groupSeries(
  observations: Observation[],
  name: (o: Observation) => string,
  unit: (o: Observation) => string,
  max = 12,
): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  for (const o of observations) {
    const key = `${o.indicatorCode}|${o.subjectCode}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, name: name(o), unit: unit(o), observations: [] }));
    g.observations.push(o);
  }
  return [...groups.values()].sort((a, b) => b.observations.length - a.observations.length || a.key.localeCompare(b.key)).slice(0, max);
}

/**
 * Several series on one period axis (one y axis per unit, at most two); every point keeps its
 * observation id so a click opens its provenance.
 */
export function buildMultiTrendOption(groups: SeriesGroup[], labels: { title: string; synthetic: string }) {
  const periods = [...new Set(groups.flatMap((g) => g.observations.map((o) => o.period)))].sort();
  const units = [...new Set(groups.map((g) => g.unit))].slice(0, 2);
  return {
    // the aria description (series and values as text) serves screen readers and the browser tests
    aria: { enabled: true, data: { maxCount: 50 } },
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 64, right: units.length > 1 ? 64 : 24, top: 48, bottom: 56 },
    xAxis: { type: 'category', data: periods },
    yAxis: (units.length ? units : ['']).map((u) => ({ type: 'value', name: u, scale: true })),
    series: groups.map((g) => {
      const byPeriod = new Map(g.observations.map((o) => [o.period, o]));
      const synthetic = g.observations.some((o) => o.synthetic);
      return {
        type: 'line',
        name: synthetic ? `${g.name}（${labels.synthetic}）` : g.name,
        yAxisIndex: Math.max(0, units.indexOf(g.unit)),
        connectNulls: true,
        symbolSize: 7,
        lineStyle: synthetic ? { type: 'dashed' } : undefined,
        data: periods.map((p) => {
          const o = byPeriod.get(p);
          return o ? { value: o.value, observationId: o.id } : null;
        }),
      };
    }),
  };
}

/** Year-on-year change of the latest point, as a fraction, when the previous period exists. */
export function yearOnYear(observations: Pick<Observation, 'period' | 'value'>[]): number | null {
  const sorted = [...observations].sort((a, b) => a.period.localeCompare(b.period));
  const last = sorted[sorted.length - 1];
  if (!last) return null;
  const previousPeriod = `${Number(last.period.slice(0, 4)) - 1}${last.period.slice(4)}`;
  const previous = sorted.find((o) => o.period === previousPeriod);
  return previous && previous.value !== 0 ? last.value / previous.value - 1 : null;
}
