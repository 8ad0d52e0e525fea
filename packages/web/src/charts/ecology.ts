/**
 * ECharts option of the air-quality calendar (unit-tested in test/ecology-charts.test.ts): one cell
 * per day of the year coloured by its AQI level in the colours of HJ 633-2012 表 2, a day without a
 * valid AQI (HJ 663) in grey — never as 优. Station and pollutant names go through htmlTooltip.
 */
import { htmlTooltip } from '../utils/escape';

/** HJ 633-2012 表 2: 优 绿 (0,228,0), 良 黄 (255,255,0), 轻度 橙 (255,126,0), 中度 红 (255,0,0), 重度 紫 (153,0,76), 严重 褐红 (126,0,35) */
export const LEVEL_COLOURS = ['#00e400', '#ffff00', '#ff7e00', '#ff0000', '#99004c', '#7e0023'] as const;
export const INVALID_COLOUR = '#dcdfe6';

export interface CalendarDay {
  date: string;
  aqi: number | null;
  /** 1…6, null when the day is not valid */
  level: number | null;
  primary: string[];
}

export interface CalendarLabels {
  title: string;
  locale: 'zh' | 'en';
  /** the level's name: 1 → 优 */
  levelName: (level: number) => string;
  invalid: string;
  pollutant: (p: string) => string;
  aqi: string;
  primary: string;
}

/** [date, level (0 = not valid), AQI or −1, primary pollutants' names] */
type Cell = [string, number, number, string];

export function buildAqiCalendarOption(year: number, days: CalendarDay[], labels: CalendarLabels) {
  const data: Cell[] = days.map((d) => [d.date, d.level ?? 0, d.aqi ?? -1, d.primary.map(labels.pollutant).join('、')]);
  const nameMap = labels.locale === 'zh' ? 'ZH' : 'EN';
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: {
      formatter: htmlTooltip((p: { value?: Cell }) => {
        const v = p.value;
        if (!v) return '';
        if (v[1] === 0) return `${v[0]}\n${labels.invalid}`;
        return `${v[0]}\n${labels.aqi} ${v[2]} · ${labels.levelName(v[1])}` + (v[3] ? `\n${labels.primary} ${v[3]}` : '');
      }),
    },
    visualMap: {
      type: 'piecewise',
      dimension: 1,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      pieces: [
        ...LEVEL_COLOURS.map((color, i) => ({ value: i + 1, color, label: labels.levelName(i + 1) })),
        { value: 0, color: INVALID_COLOUR, label: labels.invalid },
      ],
    },
    calendar: {
      range: String(year),
      top: 60,
      left: 40,
      right: 20,
      cellSize: ['auto', 16],
      dayLabel: { firstDay: 1, nameMap },
      monthLabel: { nameMap },
      yearLabel: { show: false },
      itemStyle: { borderColor: '#fff', borderWidth: 1 },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', data }],
  };
}
