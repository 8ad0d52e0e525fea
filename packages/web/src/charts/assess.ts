/** Small pure ECharts option builders of the assessment views (unit-tested in test/assess.test.ts). */

export interface Bar {
  unit: string;
  name: string;
  value: number | null;
  grade?: string | null;
}

const GRADE_COLOURS = ['#2e7d32', '#1976d2', '#f9a825', '#ef6c00', '#c62828'];

/** Colour of a grade by its position in the scheme's grade list (best first). */
export function gradeColour(grade: string | null | undefined, grades: string[]): string {
  const i = grade ? grades.indexOf(grade) : -1;
  return i < 0 ? '#909399' : GRADE_COLOURS[Math.min(i, GRADE_COLOURS.length - 1)];
}

/** Horizontal bars of final scores, best at the top; bars coloured by grade. */
export function buildRankingBarOption(bars: Bar[], labels: { title: string; score: string }, grades: string[] = []) {
  const sorted = [...bars].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity)).reverse();
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 48, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: labels.score, scale: true },
    yAxis: { type: 'category', data: sorted.map((b) => b.name), axisLabel: { fontSize: sorted.length > 30 ? 9 : 12 } },
    series: [
      {
        type: 'bar',
        name: labels.score,
        barMaxWidth: 28,
        data: sorted.map((b) => ({
          value: b.value === null ? null : Math.round(b.value * 100) / 100,
          unit: b.unit,
          itemStyle: { color: gradeColour(b.grade, grades) },
        })),
        // value labels only while they fit (the 90 counties show them in the tooltip)
        label: {
          show: sorted.length <= 30,
          position: 'right',
          formatter: (p: { value: number | null }) => (p.value === null ? '—' : String(p.value)),
        },
      },
    ],
  };
}

/** Radar of the unit's scores on the root's children, with the average of all units when given. */
export function buildRadarOption(
  axes: { id: string; name: string }[],
  unit: { name: string; scores: Record<string, number | null> },
  mean: { name: string; scores: Record<string, number | null> } | null,
) {
  const all = [unit, ...(mean ? [mean] : [])].flatMap((s) => axes.map((a) => s.scores[a.id] ?? 0));
  const max = Math.max(100, ...all.map((v) => Math.ceil(v / 10) * 10));
  const series = [unit, ...(mean ? [mean] : [])].map((s) => ({
    name: s.name,
    value: axes.map((a) => (s.scores[a.id] === null ? 0 : Math.round((s.scores[a.id] ?? 0) * 100) / 100)),
  }));
  return {
    tooltip: {},
    legend: { bottom: 0, data: series.map((s) => s.name) },
    radar: { indicator: axes.map((a) => ({ name: a.name, max })), radius: '65%' },
    series: [{ type: 'radar', data: series, areaStyle: { opacity: 0.15 } }],
  };
}

/** Contribution of each indicator to the total (largest first). */
export function buildContributionOption(items: { name: string; contribution: number | null }[], labels: { title: string }) {
  const sorted = [...items].sort((a, b) => (a.contribution ?? 0) - (b.contribution ?? 0));
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: sorted.map((i) => i.name) },
    series: [
      {
        type: 'bar',
        data: sorted.map((i) => (i.contribution === null ? null : Math.round(i.contribution * 100) / 100)),
        itemStyle: { color: '#409eff' },
      },
    ],
  };
}

/** Rank over periods (rank 1 at the top); one point per run, published runs drawn solid. */
export function buildRankHistoryOption(
  history: { period: string; runId: number; rank: number | null; published: boolean; version: number }[],
  labels: { title: string; rank: string },
) {
  const points = [...history].sort((a, b) => a.period.localeCompare(b.period) || a.runId - b.runId);
  const maxRank = Math.max(1, ...points.map((p) => p.rank ?? 1));
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 20, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: points.map((p) => `${p.period} #${p.runId}`) },
    yAxis: { type: 'value', name: labels.rank, inverse: true, min: 1, max: maxRank, minInterval: 1 },
    series: [
      {
        type: 'line',
        name: labels.rank,
        data: points.map((p) => ({
          value: p.rank,
          runId: p.runId,
          symbol: p.published ? 'circle' : 'emptyCircle',
          symbolSize: p.published ? 9 : 7,
        })),
      },
    ],
  };
}

/** Rank intervals from the sensitivity analysis: a floating bar from the low to the high rank, a dot at the nominal rank. */
export function buildSensitivityOption(
  units: { name: string; nominal: number | null; low: number | null; high: number | null; median: number | null }[],
  labels: { title: string; interval: string; nominal: string; rank: string },
) {
  const rows = [...units].sort((a, b) => (b.nominal ?? 0) - (a.nominal ?? 0));
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, data: [labels.interval, labels.nominal] },
    grid: { left: 8, right: 24, top: 36, bottom: 36, containLabel: true },
    xAxis: { type: 'value', name: labels.rank, min: 0, minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((u) => u.name) },
    series: [
      {
        type: 'bar',
        stack: 'interval',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: rows.map((u) => (u.low === null ? null : u.low - 0.5)),
      },
      {
        type: 'bar',
        stack: 'interval',
        name: labels.interval,
        itemStyle: { color: 'rgba(64,158,255,0.45)' },
        data: rows.map((u) => (u.low === null || u.high === null ? null : u.high - u.low + 1)),
      },
      { type: 'scatter', name: labels.nominal, itemStyle: { color: '#c62828' }, data: rows.map((u, i) => [u.nominal, i]) },
    ],
  };
}
