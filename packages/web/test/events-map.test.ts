import { describe, expect, it } from 'vitest';
import { caseMapOption, OPEN_COLOUR, OVERDUE_COLOUR } from '../src/charts/events-map';

describe('live case map option', () => {
  const points = [
    { id: 1, lon: 120.4, lat: 30.0, overdue: false, label: '#1' },
    { id: 2, lon: 120.5, lat: 30.1, overdue: true, label: '#2' },
    { id: 3, lon: 120.6, lat: 30.2, overdue: false, label: '#3' },
  ];
  const o = caseMapOption('events-x', points, { open: '在办', overdue: '超期' });
  it('draws overdue cases red on top of the open ones, on the registered outline', () => {
    expect(o.geo.map).toBe('events-x');
    const [open, overdue] = o.series;
    expect(open!.data.map((d) => d.id)).toEqual([1, 3]);
    expect(overdue!.data.map((d) => d.id)).toEqual([2]);
    expect(overdue!.itemStyle.color).toBe(OVERDUE_COLOUR);
    expect(open!.itemStyle.color).toBe(OPEN_COLOUR);
    expect(overdue!.z).toBeGreaterThan(open!.z);
    expect(overdue!.data[0]!.value).toEqual([120.5, 30.1]);
  });
  it('names the series for the legend and puts the label, escaped, in the tooltip', () => {
    expect(o.legend.data).toEqual(['超期', '在办']);
    expect(o.series[1]!.tooltip.formatter({ data: { label: '#2 垃圾<img src=x>' } })).toBe('#2 垃圾&lt;img src=x&gt;');
  });
});
