import { describe, expect, it } from 'vitest';
import {
  bboxFeatureCollection,
  bboxOf,
  belowTarget,
  coverageTableRows,
  coveredShare,
  formatChange,
  formatShare,
  FULL_CIRCLE,
  isochroneRings,
  presetThreshold,
  residentStates,
  roadPolylines,
  viewOf,
  whatIfRows,
} from '../src/charts/circles';
import { blindSpotSize, buildAccessMapOption, categoryColor, type AccessMapInput } from '../src/charts/circles-map';
import type { AccessPreset, LevelReport, RunResidents, WhatIfResult } from '../src/api/circles';

const cat = (category: string, share: number, thresholdSeconds = 720, coveredPopulation = share * 100) => ({
  category,
  share,
  thresholdSeconds,
  coveredPopulation,
});
const row = (region: string, full: number, shares: [string, number][]) => ({
  region,
  residents: 3,
  population: 100,
  offNetworkPopulation: 0,
  fullCirclePopulation: full * 100,
  fullCircleShare: full,
  categories: shares.map(([c, s]) => cat(c, s)),
});
const level: LevelReport = {
  id: 'gb50180-15min',
  nameZh: '十五分钟生活圈',
  nameEn: '15-minute life circle',
  mode: 'walking',
  illustrative: true,
  source: 'GB 50180-2018',
  total: row('*', 0.25, [
    ['education', 0.5],
    ['health', 0.25],
  ]),
  regions: [
    row('330603001008', 0, [
      ['education', 0],
      ['health', 1],
    ]),
    row('330603', 0.25, [
      ['education', 0.5],
      ['health', 0.25],
    ]),
    row('330603001', 0.1, [['education', 0.2]]),
  ],
  blindSpots: [],
};

describe('coverage table', () => {
  it('puts the total first, aggregates before villages, null where a level has no such category', () => {
    const rows = coverageTableRows(level);
    expect(rows.map((r) => r.region)).toEqual(['*', '330603', '330603001', '330603001008']);
    expect(rows[0].total).toBe(true);
    expect(rows[0].shares).toEqual({ education: 0.5, health: 0.25 });
    expect(rows[2].shares).toEqual({ education: 0.2, health: null });
  });

  it('flags shares below a target, never a missing share or a missing target', () => {
    expect(belowTarget(0.5, 0.9)).toBe(true);
    expect(belowTarget(0.9, 0.9)).toBe(false);
    expect(belowTarget(null, 0.9)).toBe(false);
    expect(belowTarget(0.1, null)).toBe(false);
  });

  it('formats shares and changes in percent and percentage points', () => {
    expect(formatShare(0.63212)).toBe('63.2%');
    expect(formatShare(null)).toBe('—');
    expect(formatChange(0.1234)).toBe('+12.3');
    expect(formatChange(-0.004)).toBe('−0.4');
    expect(formatChange(0.00001)).toBe('0.0');
  });
});

describe('residents', () => {
  const residents: RunResidents = {
    categories: ['health', 'education', 'park'],
    items: [
      { id: 'a', region: null, population: 10, snapDistanceM: 5, seconds: [100, 700, null], facility: ['h', 'e', null] },
      { id: 'b', region: null, population: 30, snapDistanceM: 5, seconds: [800, 100, 1], facility: ['h', 'e', 'p'] },
      { id: 'c', region: null, population: 60, snapDistanceM: 5, seconds: [null, 10, 1], facility: [null, 'e', 'p'] },
      { id: 'd', region: null, population: 5, snapDistanceM: null, seconds: [null, null, null], facility: [null, null, null] },
    ],
  };
  it('covers a resident when the category is within the level threshold; the full circle needs all', () => {
    expect(residentStates(residents, level, 'health')).toEqual(['covered', 'uncovered', 'uncovered', 'unsnapped']);
    expect(residentStates(residents, level, 'education')).toEqual(['covered', 'covered', 'covered', 'unsnapped']);
    expect(residentStates(residents, level, FULL_CIRCLE)).toEqual(['covered', 'uncovered', 'uncovered', 'unsnapped']);
    // a category the level does not require covers nobody
    expect(residentStates(residents, level, 'park')).toEqual(['uncovered', 'uncovered', 'uncovered', 'unsnapped']);
    expect(coveredShare(residents, residentStates(residents, level, 'education'))).toBeCloseTo(100 / 105, 10);
  });
});

describe('preset and what-if', () => {
  const preset = {
    version: 1,
    categories: [{ id: 'education', nameZh: '教育', nameEn: 'Education' }],
    levels: [
      {
        id: 'l',
        nameZh: 'l',
        nameEn: 'l',
        mode: 'walking',
        source: '',
        illustrative: true,
        thresholds: [
          { category: 'education', meters: 1000 },
          { category: 'health', minutes: 15 },
        ],
      },
    ],
  } as AccessPreset;
  it('reads a threshold in metres or minutes', () => {
    expect(presetThreshold(preset, 'l', 'education')).toEqual({ meters: 1000 });
    expect(presetThreshold(preset, 'l', 'health')).toEqual({ minutes: 15 });
    expect(presetThreshold(preset, 'x', 'education')).toBeNull();
    expect(presetThreshold(null, 'l', 'education')).toBeNull();
  });

  it('lists the full circle and each category before and after', () => {
    const result: WhatIfResult = {
      synthetic: true,
      added: [],
      closed: [],
      before: [{ level: 'l', fullCircleShare: 0, fullCirclePopulation: 0, categories: [cat('education', 0, 720, 0)] }],
      after: [{ level: 'l', fullCircleShare: 0.4, fullCirclePopulation: 40, categories: [cat('education', 0.4, 720, 40)] }],
      deltas: [],
    };
    expect(whatIfRows(result, 'l')).toEqual([
      { category: FULL_CIRCLE, before: 0, after: 0.4, change: 0.4, beforePopulation: 0, afterPopulation: 40 },
      { category: 'education', before: 0, after: 0.4, change: 0.4, beforePopulation: 0, afterPopulation: 40 },
    ]);
    expect(whatIfRows(result, 'other')).toEqual([]);
  });
});

describe('map geometry', () => {
  it('takes LineStrings (and MultiLineStrings) from the network GeoJSON and their extent', () => {
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [7.41, 43.72],
              [7.42, 43.73],
            ],
          },
        },
        {
          type: 'Feature' as const,
          properties: {},
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [
                [7.43, 43.74],
                [7.44, 43.75],
              ],
            ],
          },
        },
        { type: 'Feature' as const, properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } },
      ],
    };
    const lines = roadPolylines(fc as never);
    expect(lines).toHaveLength(2);
    expect(bboxOf(lines.flat())).toEqual([7.41, 43.72, 7.44, 43.75]);
    expect(bboxOf([])).toBeNull();
    expect(bboxFeatureCollection([0, 1, 2, 3]).features[0].geometry.coordinates[0]).toEqual([
      [0, 1],
      [2, 1],
      [2, 3],
      [0, 3],
      [0, 1],
    ]);
  });

  it('keeps outer rings of isochrones, largest time first', () => {
    const ring = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { minutes: 5 },
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [
                ring,
                [
                  [0.2, 0.2],
                  [0.3, 0.2],
                  [0.3, 0.3],
                ],
              ],
            ],
          },
        },
        { type: 'Feature' as const, properties: { minutes: 15 }, geometry: { type: 'MultiPolygon', coordinates: [[ring], [ring]] } },
        { type: 'Feature' as const, properties: { minutes: 10 }, geometry: null },
      ],
    };
    const out = isochroneRings(fc as never);
    expect(out.map((i) => [i.minutes, i.rings.length])).toEqual([
      [15, 2],
      [5, 1],
    ]);
  });

  it('zooms on a blind spot: centre of its box, zoom by the smaller ratio with a margin, clamped', () => {
    expect(viewOf([0, 0, 10, 10], [4, 4, 6, 5])).toEqual({ center: [5, 4.5], zoom: 3.33 });
    expect(viewOf([0, 0, 10, 10], [5, 5, 5, 5]).zoom).toBe(40);
    expect(viewOf([0, 0, 10, 10], [0, 0, 10, 10]).zoom).toBe(1);
  });
});

describe('access map option', () => {
  const input: AccessMapInput = {
    mapName: 'access-1',
    bbox: [7.4, 43.7, 7.45, 43.76],
    roads: [
      [
        [7.41, 43.72],
        [7.42, 43.73],
      ],
    ],
    categories: [
      { id: 'education', name: '教育' },
      { id: 'health', name: '医疗' },
    ],
    facilities: [
      { id: 'f1', name: 'School', category: 'education', lon: 7.42, lat: 43.73 },
      { id: 'f2', name: null, category: 'health', lon: 7.43, lat: 43.74, closed: true },
    ],
    residents: [
      { lon: 7.41, lat: 43.72, population: 10 },
      { lon: 7.44, lat: 43.75, population: 20 },
    ],
    residentStates: ['covered', 'uncovered'],
    isochrones: [
      {
        minutes: 15,
        rings: [
          [
            [7.41, 43.72],
            [7.42, 43.72],
            [7.42, 43.73],
          ],
        ],
      },
    ],
    blindSpots: [{ lon: 7.44, lat: 43.75, population: 20 }],
    sites: [{ lon: 7.43, lat: 43.73, rank: 1 }],
    added: [{ lon: 7.415, lat: 43.725, name: 'new' }],
    pending: null,
    selectedFacility: 'f1',
    view: { center: [7.44, 43.75], zoom: 4 },
    labels: {
      roads: '道路',
      covered: '已覆盖居民',
      uncovered: '未覆盖居民',
      synthetic: '合成数据',
      isochrone: (m) => `${m} 分钟等时圈`,
      blindSpots: '盲区',
      sites: '建议选址',
      added: '新增设施',
      pending: '待添加',
      closed: '已关闭',
      population: '人口',
    },
  };
  const option = buildAccessMapOption(input);
  const byName = (name: string) => option.series.find((s) => s.name === name) as { data: unknown[]; [k: string]: unknown };

  it('draws the roads as polylines on the network extent, with the latitude-corrected aspect', () => {
    expect(option.geo.map).toBe('access-1');
    expect(option.geo.aspectScale).toBeCloseTo(Math.cos((43.73 * Math.PI) / 180), 10);
    expect(option.geo).toMatchObject({ center: [7.44, 43.75], zoom: 4 });
    expect(byName('道路')).toMatchObject({ type: 'lines', polyline: true, data: [{ coords: input.roads[0] }] });
    expect(option.series.every((s) => (s as { coordinateSystem?: string }).coordinateSystem === 'geo')).toBe(true);
  });

  it('labels synthetic residents and splits them into covered and uncovered', () => {
    expect(byName('已覆盖居民（合成数据）').data).toEqual([[7.41, 43.72, 10]]);
    expect(byName('未覆盖居民（合成数据）').data).toEqual([[7.44, 43.75, 20]]);
    const real = buildAccessMapOption({ ...input, labels: { ...input.labels, synthetic: null } });
    expect(real.series.map((s) => s.name)).toContain('已覆盖居民');
  });

  it('colours facilities by category, marks the selected and the closed ones; points carry kind and id', () => {
    const edu = byName('教育');
    expect(edu.itemStyle).toMatchObject({ color: categoryColor(0) });
    expect(edu.data).toEqual([expect.objectContaining({ value: [7.42, 43.73], kind: 'facility', id: 'f1', symbolSize: 16 })]);
    const health = byName('医疗').data[0] as { itemStyle: { color: string }; tip: string };
    expect(health.itemStyle.color).toBe('#fff');
    expect(health.tip).toContain('已关闭');
    expect(byName('盲区').data[0]).toMatchObject({ kind: 'blindSpot', id: '0', symbolSize: 28 });
    expect(byName('建议选址').data[0]).toMatchObject({ kind: 'site', id: '1' });
    expect(byName('新增设施').data[0]).toMatchObject({ kind: 'added', value: [7.415, 43.725] });
    expect(byName('待添加').data).toEqual([]);
  });

  it('draws each isochrone ring as a polygon in screen coordinates', () => {
    const iso = byName('15 分钟等时圈') as unknown as {
      renderItem: (p: { dataIndex: number }, api: { coord: (c: number[]) => number[] }) => { shape: { points: number[][] } };
    };
    const shape = iso.renderItem({ dataIndex: 0 }, { coord: ([x, y]) => [x * 10, y * 10] }).shape;
    expect(shape.points[1]).toEqual([74.2, 437.2]);
  });

  it('sizes blind spots by population', () => {
    expect(blindSpotSize(0, 100)).toBe(8);
    expect(blindSpotSize(100, 100)).toBe(28);
    expect(blindSpotSize(25, 100)).toBe(18);
    expect(blindSpotSize(5, 0)).toBe(8);
  });
});

describe('access map legend', () => {
  it('lists only the layers that have something to show', async () => {
    const { buildAccessMapOption: build } = await import('../src/charts/circles-map');
    const labels = {
      roads: 'R',
      covered: 'C',
      uncovered: 'U',
      synthetic: null,
      isochrone: (m: number) => `I${m}`,
      blindSpots: 'B',
      sites: 'S',
      added: 'A',
      pending: 'P',
      closed: 'X',
      population: 'pop',
    };
    const option = build({
      mapName: 'm',
      bbox: [0, 0, 1, 1],
      roads: [
        [
          [0, 0],
          [1, 1],
        ],
      ],
      categories: [
        { id: 'health', name: 'H' },
        { id: 'park', name: 'K' },
      ],
      facilities: [{ id: 'h', name: null, category: 'health', lon: 0.5, lat: 0.5 }],
      residents: [{ lon: 0.1, lat: 0.1, population: 1 }],
      residentStates: ['uncovered'],
      isochrones: [],
      blindSpots: [],
      sites: [],
      added: [],
      pending: null,
      selectedFacility: null,
      view: null,
      labels,
    });
    expect(option.legend.data).toEqual(['R', 'U', 'H']);
  });
});

describe('what-if coordinates', () => {
  it('converts GCJ-02 / BD-09 input to WGS-84 with the engine’s datum code, WGS-84 unchanged', async () => {
    const { toWgs84 } = await import('../src/views/circles/scenario');
    const { convertPoint } = await import('../../engine/src/geo/coords');
    expect(toWgs84(120.4903, 30.0819, 'wgs84')).toEqual([120.4903, 30.0819]);
    const [lon, lat] = toWgs84(120.4903, 30.0819, 'gcj02');
    const [x, y] = convertPoint(120.4903, 30.0819, 'gcj02', 'wgs84');
    expect(lon).toBeCloseTo(x, 6);
    expect(lat).toBeCloseTo(y, 6);
    expect(Math.abs(lon - 120.4903)).toBeGreaterThan(0.002); // the offset in Keqiao is a few hundred metres
    const [bx] = toWgs84(120.4903, 30.0819, 'bd09');
    expect(bx).toBeLessThan(lon);
  });
});
