/**
 * ECharts option of the live case map: the region's outline (a registered map) under the open
 * cases as points — overdue ones red and drawn on top, the rest blue — with the category, town and
 * report time in the tooltip. The point's case id rides in its data for the click.
 * ECharts renders tooltips as HTML, so the label (category and town names) is escaped.
 */
import { htmlTooltip } from '../utils/escape';

export interface MapPoint {
  id: number;
  lon: number;
  lat: number;
  overdue: boolean;
  label: string;
}

export const OVERDUE_COLOUR = '#d93026';
export const OPEN_COLOUR = '#2f7ed8';

export function caseMapOption(mapName: string, points: readonly MapPoint[], names: { open: string; overdue: string }) {
  const series = (overdue: boolean) => ({
    name: overdue ? names.overdue : names.open,
    type: 'scatter',
    coordinateSystem: 'geo',
    z: overdue ? 3 : 2,
    symbolSize: overdue ? 9 : 6,
    itemStyle: { color: overdue ? OVERDUE_COLOUR : OPEN_COLOUR, opacity: 0.85 },
    data: points.filter((p) => p.overdue === overdue).map((p) => ({ value: [p.lon, p.lat], id: p.id, label: p.label })),
    tooltip: { formatter: htmlTooltip((p: { data: { label: string } }) => p.data.label) },
  });
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 4, data: [names.overdue, names.open] },
    geo: {
      map: mapName,
      roam: true,
      itemStyle: { areaColor: '#eef3f9', borderColor: '#8aa4c2' },
      emphasis: { disabled: true },
      label: { show: true, color: '#6b7f95', fontSize: 11 },
    },
    series: [series(false), series(true)],
  };
}
