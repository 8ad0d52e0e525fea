import { describe, expect, it } from 'vitest';
import { screenRankingOption } from '../src/views/screen/charts';
import { DEFAULT_REFRESH_SECONDS, nextFeatured, refreshSeconds } from '../src/views/screen/rotation';

describe('大屏 timing', () => {
  it('reads the refresh from the URL within 30 s to 1 h, else 5 minutes', () => {
    expect(refreshSeconds(undefined)).toBe(DEFAULT_REFRESH_SECONDS);
    expect(refreshSeconds('abc')).toBe(DEFAULT_REFRESH_SECONDS);
    expect(refreshSeconds('0')).toBe(DEFAULT_REFRESH_SECONDS);
    expect(refreshSeconds('5')).toBe(30);
    expect(refreshSeconds(['120', '9'])).toBe(120);
    expect(refreshSeconds('86400')).toBe(3600);
  });
  it('features the cards in turn and starts over', () => {
    expect(nextFeatured(['A', 'B', 'C'], 'A')).toBe('B');
    expect(nextFeatured(['A', 'B', 'C'], 'C')).toBe('A');
    expect(nextFeatured(['A', 'B'], 'gone')).toBe('A');
    expect(nextFeatured(['A', 'B'], null)).toBe('A');
    expect(nextFeatured([], 'A')).toBeNull();
  });
});

describe('大屏 ranking option', () => {
  const values = Array.from({ length: 20 }, (_, i) => ({ name: `镇${i}`, value: 100 - i, synthetic: i === 0 }));
  const option = screenRankingOption(values, { unit: '亿元', format: (v) => v.toFixed(1) });
  it('draws the 16 highest, highest on top (ECharts puts the first category at the bottom)', () => {
    expect(option.yAxis.data).toHaveLength(16);
    expect(option.yAxis.data.at(-1)).toBe('镇0');
    expect(option.yAxis.data[0]).toBe('镇15');
    expect(option.series[0]!.data.at(-1)!.value).toBe(100);
  });
  it('marks synthetic values apart, names the unit and formats labels', () => {
    const colours = new Set(option.series[0]!.data.map((d) => d.itemStyle.color));
    expect(colours.size).toBe(2);
    expect(option.series[0]!.data.at(-1)!.itemStyle.color).not.toBe(option.series[0]!.data[0]!.itemStyle.color);
    expect(option.xAxis.name).toBe('亿元');
    expect(option.series[0]!.label.formatter({ value: 12.345 })).toBe('12.3');
  });
});
