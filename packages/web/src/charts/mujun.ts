/**
 * ECharts option builders of the 亩均效益 views (unit-tested in test/mujun-charts.test.ts): the class
 * counts of a run stacked per town, platform or industry division. Group names are user data (a
 * platform is whatever the roster says), so the tooltip goes through htmlTooltip.
 */
import { htmlTooltip } from '../utils/escape';

export interface ClassCountRow {
  /** the group's name (town, platform, division code) */
  key: string;
  /** the group's stable code, used for ordering */
  code: string;
  class: string;
  n: number;
}

/** the classes in the order stacked, best at the bottom; `notRated` for 不参评 */
export const STACK_CLASSES = ['A', 'B', 'C', 'D', 'notRated'] as const;
export const CLASS_COLOURS: Record<(typeof STACK_CLASSES)[number], string> = {
  A: '#2e7d32',
  B: '#1976d2',
  C: '#f9a825',
  D: '#c62828',
  notRated: '#909399',
};

export interface ClassStackLabels {
  title: string;
  /** a class's name on the legend: A类 … 不参评 */
  className: (c: string) => string;
  /** a group's name on the axis (division 17 → 纺织业) */
  groupName: (row: ClassCountRow) => string;
  total: string;
}

interface AxisParam {
  seriesName?: string;
  name?: string;
  value?: unknown;
}

/** One bar per group (summed over 规上 and 规下), a stack segment per class; groups by code. */
export function buildClassStackOption(rows: ClassCountRow[], labels: ClassStackLabels) {
  const groups = new Map<string, { name: string; counts: Record<string, number> }>();
  for (const r of [...rows].sort((a, b) => a.code.localeCompare(b.code))) {
    const g = groups.get(r.code) ?? { name: labels.groupName(r), counts: {} };
    g.counts[r.class] = (g.counts[r.class] ?? 0) + r.n;
    groups.set(r.code, g);
  }
  const list = [...groups.values()];
  const classes = STACK_CLASSES.filter((c) => list.some((g) => g.counts[c]));
  const many = list.length > 8;
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: htmlTooltip((params: AxisParam[] | AxisParam) => {
        const ps = Array.isArray(params) ? params : [params];
        const counted = ps.filter((p) => Number(p.value) > 0);
        const total = counted.reduce((s, p) => s + Number(p.value), 0);
        return [`${ps[0]?.name ?? ''}：${labels.total} ${total}`, ...counted.map((p) => `${p.seriesName ?? ''} ${String(p.value)}`)].join(
          '\n',
        );
      }),
      extraCssText: 'white-space: pre-line;',
    },
    legend: { bottom: 0, data: classes.map((c) => labels.className(c)) },
    grid: { left: 8, right: 16, top: 40, bottom: many ? 40 : 32, containLabel: true },
    xAxis: {
      type: 'category',
      data: list.map((g) => g.name),
      axisLabel: { interval: 0, rotate: many ? 30 : 0, fontSize: many ? 11 : 12 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: classes.map((c) => ({
      type: 'bar',
      stack: 'classes',
      name: labels.className(c),
      barMaxWidth: 48,
      itemStyle: { color: CLASS_COLOURS[c] },
      data: list.map((g) => g.counts[c] ?? 0),
    })),
  };
}
