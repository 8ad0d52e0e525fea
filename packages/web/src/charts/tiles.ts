/**
 * The schematic tile map (示意图): one square cell per region on a grid, drawn as an ECharts map of
 * squares (a registered GeoJSON whose x is the column and y minus the row), so it colours, labels,
 * shows tooltips and answers clicks exactly as the outline map does (charts/map.ts), keyed by code.
 */
import { buildRegionMapOption, type MapValue } from './map';

export interface TileCellInput {
  code: string;
  col: number;
  row: number;
}

/** A cell's label: 村社 names without the committee suffix (…社区居民委员会 → …社区, …村民委员会 → …村). */
export function shortRegionName(name: string): string {
  // 社区居民委员会, 居委会 and 村民委员会, written as escapes (no Chinese in code: web/test/i18n.test.ts)
  return name
    .replace(/(\u793e\u533a)?\u5c45\u6c11\u59d4\u5458\u4f1a$/, '\u793e\u533a')
    .replace(/\u5c45\u59d4\u4f1a$/, '\u793e\u533a')
    .replace(/\u6751\u6c11\u59d4\u5458\u4f1a$/, '\u6751');
}

/** more cells than this: names on hover only */
const CROWDED = 60;

/** cell side 1, gap between cells */
const GAP = 0.08;

/** The cells as a GeoJSON FeatureCollection of squares (abstract coordinates, not degrees). */
export function tileFeatures(cells: readonly TileCellInput[]) {
  return {
    type: 'FeatureCollection' as const,
    features: cells.map((c) => {
      const [x0, x1, y0, y1] = [c.col + GAP, c.col + 1 - GAP, -c.row - 1 + GAP, -c.row - GAP];
      return {
        type: 'Feature' as const,
        id: c.code,
        properties: { code: c.code, name: c.code },
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [x0, y0],
              [x1, y0],
              [x1, y1],
              [x0, y1],
              [x0, y0],
            ],
          ],
        },
      };
    }),
  };
}

/**
 * ECharts option of the tile map: cells coloured by value with a continuous legend (visualMap),
 * labelled with the region's name, cells without a value grey; the title says it is schematic.
 */
export function buildTileMapOption(
  mapName: string,
  values: MapValue[],
  labels: { title: string; unit: string; schematic: string; noValue: string; synthetic?: string; cellPx?: number },
) {
  const base = buildRegionMapOption(mapName, values, { title: labels.title, unit: labels.unit, synthetic: labels.synthetic });
  const [series] = base.series;
  return {
    ...base,
    title: { ...base.title, subtext: labels.schematic, subtextStyle: { color: '#e6a23c', fontSize: 12 } },
    tooltip: base.tooltip,
    series: [
      {
        ...series,
        roam: false,
        aspectScale: 1,
        top: 56,
        bottom: 16,
        left: 'center',
        itemStyle: { areaColor: '#ebeef5', borderColor: '#fff', borderWidth: 1 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#fcd581' } },
        label: {
          show: values.length <= CROWDED,
          // names wrap inside their square when its size is known
          ...(labels.cellPx ? { width: Math.max(20, labels.cellPx * (1 - 2 * GAP) - 4) } : {}),
          fontSize: labels.cellPx && labels.cellPx < 56 ? 10 : 11,
          lineHeight: 12,
          color: '#303133',
          textBorderColor: '#fff',
          textBorderWidth: 2,
          overflow: 'break',
          formatter: (p: { data?: { label: string; value: number } }) =>
            p.data ? `${shortRegionName(p.data.label)}${Number.isFinite(p.data.value) ? '' : `\n${labels.noValue}`}` : '',
        },
      },
    ],
  };
}
