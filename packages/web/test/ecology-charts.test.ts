import { describe, expect, it } from 'vitest';
import { buildAqiCalendarOption, INVALID_COLOUR, LEVEL_COLOURS, type CalendarLabels } from '../src/charts/ecology';

const labels: CalendarLabels = {
  title: '柯桥区 2021 年空气质量日历',
  locale: 'zh',
  levelName: (l) => ['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染'][l - 1]!,
  invalid: '无效',
  pollutant: (p) => ({ pm25: 'PM2.5', o3: 'O₃', x: '<b>x</b>' })[p] ?? p,
  aqi: 'AQI',
  primary: '首要污染物',
};
const days = [
  { date: '2021-01-01', aqi: 152, level: 4, primary: ['pm25'] },
  { date: '2021-01-02', aqi: null, level: null, primary: [] },
  { date: '2021-06-01', aqi: 40, level: 1, primary: [] },
];

describe('air-quality calendar option', () => {
  const o = buildAqiCalendarOption(2021, days, labels);
  it('one cell per day: level (0 = not valid), AQI, primary pollutants', () => {
    expect(o.series[0]!.data).toEqual([
      ['2021-01-01', 4, 152, 'PM2.5'],
      ['2021-01-02', 0, -1, ''],
      ['2021-06-01', 1, 40, ''],
    ]);
    expect(o.calendar.range).toBe('2021');
  });
  it('colours by HJ 633 level; an invalid day is grey, not 优', () => {
    expect(o.visualMap.pieces).toEqual([
      { value: 1, color: '#00e400', label: '优' },
      { value: 2, color: '#ffff00', label: '良' },
      { value: 3, color: '#ff7e00', label: '轻度污染' },
      { value: 4, color: '#ff0000', label: '中度污染' },
      { value: 5, color: '#99004c', label: '重度污染' },
      { value: 6, color: '#7e0023', label: '严重污染' },
      { value: 0, color: INVALID_COLOUR, label: '无效' },
    ]);
    expect(LEVEL_COLOURS).toHaveLength(6);
  });
  it('tooltips name the level and primary pollutant, escaped', () => {
    const f = o.tooltip.formatter;
    expect(f({ value: ['2021-01-01', 4, 152, 'PM2.5'] })).toBe('2021-01-01\nAQI 152 · 中度污染\n首要污染物 PM2.5');
    expect(f({ value: ['2021-01-02', 0, -1, ''] })).toBe('2021-01-02\n无效');
    const x = buildAqiCalendarOption(2021, [{ date: '2021-01-03', aqi: 60, level: 2, primary: ['x'] }], labels);
    expect(x.tooltip.formatter({ value: x.series[0]!.data[0] })).not.toContain('<b>');
  });
});
