/** ECharts option for a choropleth of regions keyed by region code (never by name). */
import { htmlTooltip } from '../utils/escape';
export interface MapValue {
  code: string;
  name: string;
  value: number | null;
  synthetic?: boolean;
}

export function buildRegionMapOption(mapName: string, values: MapValue[], labels: { title: string; unit: string; synthetic?: string }) {
  const numbers = values.map((v) => v.value).filter((v): v is number => v !== null);
  const tag = (v: MapValue) => (v.synthetic && labels.synthetic ? `（${labels.synthetic}）` : '');
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: {
      trigger: 'item',
      formatter: htmlTooltip(
        (p: { name: string; value: number; data?: { label: string; tag?: string } }) =>
          `${p.data?.label ?? p.name}: ${Number.isFinite(p.value) ? p.value : '—'} ${labels.unit}${p.data?.tag ?? ''}`,
      ),
    },
    visualMap: numbers.length
      ? {
          min: Math.min(...numbers),
          max: Math.max(...numbers),
          left: 8,
          bottom: 8,
          calculable: true,
          inRange: { color: ['#e0f3f8', '#4575b4'] },
        }
      : undefined,
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: true,
        label: {
          show: true,
          textBorderColor: '#fff',
          textBorderWidth: 2,
          formatter: (p: { data?: { label: string } }) => p.data?.label ?? '',
        },
        data: values.map((v) => ({ name: v.code, label: v.name, value: v.value ?? NaN, tag: tag(v) })),
      },
    ],
  };
}
