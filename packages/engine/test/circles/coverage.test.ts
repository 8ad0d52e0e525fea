import { describe, expect, it } from 'vitest';
import {
  AccessError,
  analyzeAccess,
  blindSpotsToGeoJSON,
  DEFAULT_PRESET,
  networkFromEdges,
  parseFacilities,
  parsePreset,
  parseResidents,
  whatIf,
  type AccessPreset,
} from '@gongfu/engine/circles';
import { DLAT, DLON, gridNetwork, LAT0, LON0 } from './helpers.js';

const at = (x: number, y = 0) => ({ lon: LON0 + x * DLON, lat: LAT0 + y * DLAT });

// A 200 m street 0 — 1 — 2 (100 m per edge), walking 5 km/h.
const preset: AccessPreset = parsePreset({
  version: 1,
  categories: [
    { id: 'education', nameZh: '教育', nameEn: 'Education' },
    { id: 'health', nameZh: '医疗', nameEn: 'Health' },
  ],
  levels: [
    {
      id: 'tiny',
      nameZh: '测试圈',
      nameEn: 'Test circle',
      mode: 'walking',
      source: 'test',
      illustrative: true,
      thresholds: [
        { category: 'education', meters: 120 },
        { category: 'health', meters: 150 },
      ],
    },
  ],
});
const facilities = parseFacilities(
  [
    { id: 'school', category: 'education', ...at(0) },
    { id: 'clinic', category: 'health', ...at(200) },
  ],
  ['education', 'health'],
);
const residents = parseResidents([
  { id: 'r1', ...at(100), population: 10, region: '330603001001' },
  { id: 'r2', ...at(200), population: 20, region: '330603001002' },
  { id: 'r3', ...at(50, 20), population: 30, region: '330603001001' },
  { id: 'r4', ...at(100, 1000), population: 5, region: '330603001002' },
]);

describe('coverage (hand-checked on a 3-node street)', () => {
  const net = gridNetwork(3, 1, 100);
  const report = analyzeAccess(net, facilities, residents, preset, { regionPrefixLengths: [9] });

  it('per-resident times: network + off-network walk, unsnapped resident reported', () => {
    const v = 5 / 3.6;
    const byId = Object.fromEntries(report.residents.map((r) => [r.id, r]));
    expect(report.categories).toEqual(['education', 'health']);
    expect(byId.r1.seconds[0]).toBeCloseTo(100 / v, 0); // 72 s to the school
    expect(byId.r1.seconds[1]).toBeCloseTo(100 / v, 0); // 72 s to the clinic
    expect(byId.r2.seconds[1]).toBeCloseTo(0, 5);
    expect(byId.r2.seconds[0]).toBeNull(); // 144 s > 120 m bound (86.4 s)
    expect(byId.r3.seconds[0]).toBeCloseTo((50 + 20) / v, 0); // 50 m along + 20 m off the road
    expect(byId.r3.facility).toEqual(['school', null]); // 170 m to the clinic > 150 m
    expect(byId.r4.snapDistanceM).toBeNull();
    expect(report.unsnappedResidents).toEqual(['r4']);
  });

  it('population-weighted shares per category, full circle and region', () => {
    const level = report.levels[0];
    const t = level.total;
    expect(t.population).toBe(65);
    expect(t.offNetworkPopulation).toBe(5);
    expect(t.categories.map((c) => [c.category, c.coveredPopulation, c.share])).toEqual([
      ['education', 40, 0.6154], // r1 + r3
      ['health', 30, 0.4615], // r1 + r2
    ]);
    expect([t.fullCirclePopulation, t.fullCircleShare]).toEqual([10, 0.1538]); // r1 only
    const regions = Object.fromEntries(level.regions.map((r) => [r.region, r]));
    expect(Object.keys(regions)).toEqual(['330603001', '330603001001', '330603001002']);
    expect(regions['330603001001'].categories.map((c) => c.share)).toEqual([1, 0.25]);
    expect(regions['330603001002'].categories.map((c) => c.coveredPopulation)).toEqual([0, 20]);
    expect(regions['330603001'].population).toBe(65);
  });

  it('blind spots cluster uncovered residents with their population', () => {
    const full = report.levels[0].blindSpots.filter((b) => b.category === '*');
    expect(full.map((b) => [b.population, b.residents])).toEqual([
      [50, ['r2', 'r3']],
      [5, ['r4']],
    ]);
    const gj = blindSpotsToGeoJSON(report);
    expect(gj.features.length).toBe(report.levels[0].blindSpots.length);
  });

  it('is byte-identical for the same input, whatever the input order', () => {
    const again = analyzeAccess(net, facilities.slice().reverse(), residents.slice().reverse(), preset, { regionPrefixLengths: [9] });
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
  });

  it('ties go to the facility with the smaller id', () => {
    const twins = parseFacilities(
      [
        { id: 'b', category: 'education', ...at(0) },
        { id: 'a', category: 'education', ...at(200) },
      ],
      ['education', 'health'],
    );
    const r = analyzeAccess(net, twins, parseResidents([{ id: 'mid', ...at(100), population: 1 }]), preset);
    expect(r.residents[0].facility[0]).toBe('a');
  });

  it('what-if: closing the clinic and adding one at the start of the street', () => {
    const res = whatIf(
      net,
      facilities,
      residents,
      { close: ['clinic'], add: [{ id: 'new', category: 'health', name: null, ...at(40) }] },
      preset,
    );
    const health = res.deltas.find((d) => d.region === '*' && d.category === 'health')!;
    expect([health.before, health.after]).toEqual([30, 40]); // r2 lost; r1 (60 m) and r3 (10 + 20 m) gained
    const full = res.deltas.find((d) => d.region === '*' && d.category === '*')!;
    expect([full.before, full.after]).toEqual([10, 40]);
  });
});

describe('input errors', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(AccessError);
      expect((e as AccessError).zh.length).toBeGreaterThan(0);
      return (e as AccessError).code;
    }
    return 'no error';
  };
  const cats = DEFAULT_PRESET.categories.map((c) => c.id);
  it('rejects facilities with missing or out-of-range coordinates, unknown categories, duplicates', () => {
    expect(code(() => parseFacilities([{ id: 1, category: 'health', lon: 120.5 }], cats))).toBe('INVALID_COORDINATES');
    expect(code(() => parseFacilities([{ id: 1, category: 'health', lon: 120.5, lat: 95 }], cats))).toBe('INVALID_COORDINATES');
    expect(code(() => parseFacilities([{ id: 1, category: 'health', lon: NaN, lat: 30 }], cats))).toBe('INVALID_COORDINATES');
    expect(code(() => parseFacilities([{ id: 1, category: 'karaoke', lon: 120.5, lat: 30 }], cats))).toBe('UNKNOWN_CATEGORY');
    expect(
      code(() =>
        parseFacilities(
          [
            { id: 1, category: 'health', lon: 120.5, lat: 30 },
            { id: '1', category: 'health', lon: 120.5, lat: 30 },
          ],
          cats,
        ),
      ),
    ).toBe('INVALID_INPUT');
    expect(code(() => parseResidents([{ id: 'x', lon: 120.5, lat: 30, population: -1 }]))).toBe('INVALID_INPUT');
  });
  it('rejects an empty network, unknown levels and mode mismatches, and bad presets', () => {
    expect(
      code(() =>
        networkFromEdges({ nodeLon: [], nodeLat: [], edgeFrom: [], edgeTo: [], edgeLengthM: [], edgeTimeFwd: [], edgeTimeBwd: [] }),
      ),
    ).toBe('EMPTY_NETWORK');
    const net = gridNetwork(2, 1);
    expect(code(() => analyzeAccess(net, [], [], DEFAULT_PRESET, { levels: ['nope'] }))).toBe('UNKNOWN_LEVEL');
    expect(code(() => analyzeAccess(net, [], [], DEFAULT_PRESET, { levels: ['zj-rural-30min'] }))).toBe('MODE_MISMATCH');
    expect(code(() => parsePreset({ version: 1, categories: [], levels: [] }))).toBe('INVALID_PRESET');
    const bad = structuredClone(DEFAULT_PRESET);
    bad.levels[0].thresholds[0].category = 'karaoke';
    expect(code(() => parsePreset(bad))).toBe('UNKNOWN_CATEGORY');
  });
  it('converts GCJ-02 input to WGS-84', () => {
    const [f] = parseFacilities([{ id: 'a', category: 'health', lon: 120.4807, lat: 30.0775 }], cats, 'gcj02');
    expect(Math.abs(f.lon - 120.4807) + Math.abs(f.lat - 30.0775)).toBeGreaterThan(0.001);
  });
  it('the default preset is valid plain JSON', () => {
    expect(parsePreset(JSON.parse(JSON.stringify(DEFAULT_PRESET)))).toEqual(DEFAULT_PRESET);
  });
});
