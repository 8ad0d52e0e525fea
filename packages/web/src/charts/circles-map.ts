/**
 * ECharts option of the accessibility map — no online tiles: the road network is drawn from its
 * GeoJSON as polylines on a geo coordinate system whose only "region" is the network's bounding
 * box (register it with `bboxFeatureCollection`). Layers: isochrones, residents (covered /
 * uncovered, labelled synthetic when they are), facilities per category, blind spots, suggested
 * sites, what-if facilities. Every clickable point carries `kind` and `id` in its data.
 */
import { htmlTooltip } from '../utils/escape';
import type { Bbox, IsochroneRing, MapView, ResidentState } from './circles';

export const CATEGORY_COLORS = [
  '#1f77b4',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#ff7f0e',
  '#2ca02c',
  '#7f7f7f',
];
export const COVERED_COLOR = '#2e9d5b';
export const UNCOVERED_COLOR = '#e8a33d';
const ISO_COLORS = ['#4575b4', '#74add1', '#abd9e9', '#e0f3f8'];

export type MapPointKind = 'facility' | 'blindSpot' | 'site' | 'added' | 'pending';

export interface MapFacility {
  id: string;
  name: string | null;
  category: string;
  lon: number;
  lat: number;
  closed?: boolean;
}

export interface AccessMapInput {
  mapName: string;
  bbox: Bbox;
  roads: number[][][];
  /** category ids in legend order, with their display names */
  categories: { id: string; name: string }[];
  facilities: MapFacility[];
  residents: { lon: number; lat: number; population: number }[];
  residentStates: ResidentState[] | null;
  isochrones: IsochroneRing[];
  blindSpots: { lon: number; lat: number; population: number }[];
  sites: { lon: number; lat: number; rank: number }[];
  added: { lon: number; lat: number; name: string }[];
  pending: { lon: number; lat: number } | null;
  selectedFacility: string | null;
  view: MapView | null;
  labels: {
    roads: string;
    covered: string;
    uncovered: string;
    /** appended to the resident layers when the residents are synthetic */
    synthetic: string | null;
    isochrone: (minutes: number) => string;
    blindSpots: string;
    sites: string;
    added: string;
    pending: string;
    closed: string;
    population: string;
  };
}

export function categoryColor(index: number): string {
  return CATEGORY_COLORS[((index % CATEGORY_COLORS.length) + CATEGORY_COLORS.length) % CATEGORY_COLORS.length];
}

interface PointDatum {
  value: [number, number];
  kind: MapPointKind;
  id: string;
  tip: string;
}

/** Scales a population to a symbol size in pixels (8–28). */
export function blindSpotSize(population: number, max: number): number {
  if (!(max > 0)) return 8;
  return Math.round(8 + 20 * Math.sqrt(Math.max(0, population) / max));
}

export function buildAccessMapOption(input: AccessMapInput) {
  const { labels } = input;
  const midLat = (input.bbox[1] + input.bbox[3]) / 2;
  const synth = labels.synthetic ? `（${labels.synthetic}）` : '';
  const residentLayer = (state: ResidentState, name: string, color: string) => ({
    name: name + synth,
    type: 'scatter',
    coordinateSystem: 'geo',
    geoIndex: 0,
    silent: true,
    symbolSize: 3,
    itemStyle: { color, opacity: 0.75 },
    data: input.residentStates
      ? input.residents.filter((_, i) => input.residentStates![i] === state).map((r) => [r.lon, r.lat, r.population])
      : [],
    z: 3,
  });
  const isoItems = input.isochrones.flatMap((iso, k) =>
    iso.rings.map((ring) => ({ ring, color: ISO_COLORS[(input.isochrones.length - 1 - k) % ISO_COLORS.length] })),
  );
  const maxBlind = Math.max(0, ...input.blindSpots.map((b) => b.population));
  const point = (lon: number, lat: number, kind: MapPointKind, id: string, tip: string): PointDatum => ({
    value: [lon, lat],
    kind,
    id,
    tip,
  });

  const facilityLayers = input.categories.map((c, i) => ({
    name: c.name,
    type: 'scatter',
    coordinateSystem: 'geo',
    geoIndex: 0,
    symbol: 'circle',
    symbolSize: 9,
    itemStyle: { color: categoryColor(i), borderColor: '#fff', borderWidth: 1 },
    data: input.facilities
      .filter((f) => f.category === c.id)
      .map((f) => ({
        ...point(f.lon, f.lat, 'facility', f.id, `${f.name ?? f.id} · ${c.name}${f.closed ? ` · ${labels.closed}` : ''}`),
        symbolSize: f.id === input.selectedFacility ? 16 : 9,
        itemStyle: f.closed ? { color: '#fff', borderColor: categoryColor(i), borderWidth: 2, opacity: 0.9 } : undefined,
      })),
    z: 5,
  }));

  const series = [
    {
      name: labels.roads,
      type: 'lines',
      coordinateSystem: 'geo',
      geoIndex: 0,
      polyline: true,
      silent: true,
      large: true,
      lineStyle: { color: '#9aa5b1', width: 1, opacity: 0.8 },
      data: input.roads.map((coords) => ({ coords })),
      z: 1,
    },
    {
      name: labels.isochrone(input.isochrones.length ? Math.max(...input.isochrones.map((i) => i.minutes)) : 0),
      type: 'custom',
      coordinateSystem: 'geo',
      geoIndex: 0,
      silent: true,
      data: isoItems.map((item) => item.ring[0]),
      renderItem: (params: { dataIndex: number }, api: { coord: (p: number[]) => number[] }) => {
        const item = isoItems[params.dataIndex];
        return {
          type: 'polygon',
          shape: { points: item.ring.map((c) => api.coord(c)) },
          style: { fill: item.color, opacity: 0.45, stroke: '#4575b4', lineWidth: 1 },
        };
      },
      z: 2,
    },
    residentLayer('covered', labels.covered, COVERED_COLOR),
    residentLayer('uncovered', labels.uncovered, UNCOVERED_COLOR),
    ...facilityLayers,
    {
      name: labels.blindSpots,
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex: 0,
      symbol: 'circle',
      itemStyle: { color: 'rgba(214,39,40,0.25)', borderColor: '#d62728', borderWidth: 2 },
      data: input.blindSpots.map((b, i) => ({
        ...point(b.lon, b.lat, 'blindSpot', String(i), `${labels.blindSpots} #${i + 1} · ${labels.population} ${Math.round(b.population)}`),
        symbolSize: blindSpotSize(b.population, maxBlind),
      })),
      z: 6,
    },
    {
      name: labels.sites,
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex: 0,
      symbol: 'pin',
      symbolSize: 30,
      itemStyle: { color: '#6a3d9a' },
      label: { show: true, formatter: (p: { data: PointDatum }) => p.data.id, color: '#fff', fontSize: 10 },
      data: input.sites.map((s) => point(s.lon, s.lat, 'site', String(s.rank), `${labels.sites} ${s.rank}`)),
      z: 7,
    },
    {
      name: labels.added,
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex: 0,
      symbol: 'diamond',
      symbolSize: 16,
      itemStyle: { color: '#00a65a', borderColor: '#fff', borderWidth: 1 },
      data: input.added.map((a, i) => point(a.lon, a.lat, 'added', String(i), `${labels.added} · ${a.name}`)),
      z: 8,
    },
    {
      name: labels.pending,
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex: 0,
      symbol: 'pin',
      symbolSize: 26,
      itemStyle: { color: '#00a65a' },
      data: input.pending ? [point(input.pending.lon, input.pending.lat, 'pending', 'pending', labels.pending)] : [],
      z: 9,
    },
  ];
  return {
    aria: { enabled: true, data: { maxCount: 3 } },
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: htmlTooltip((p: { data?: { tip?: string } }) => p.data?.tip ?? ''),
    },
    geo: {
      map: input.mapName,
      roam: true,
      aspectScale: Math.cos((midLat * Math.PI) / 180),
      silent: true,
      itemStyle: { areaColor: '#f7f9fb', borderColor: '#dcdfe6', borderWidth: 1 },
      emphasis: { disabled: true },
      label: { show: false },
      top: 40,
      bottom: 12,
      ...(input.view ? { center: input.view.center, zoom: input.view.zoom } : {}),
    },
    series,
    // only layers with something to show get a legend entry
    legend: {
      type: 'scroll',
      top: 4,
      left: 8,
      right: 8,
      textStyle: { fontSize: 11 },
      data: series.filter((x) => x.data.length > 0).map((x) => x.name),
    },
  };
}
