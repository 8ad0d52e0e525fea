import { describe, expect, it } from 'vitest';
import {
  contourRings,
  isochrones,
  isochronesToGeoJSON,
  parseCandidates,
  parseResidents,
  pointInRing,
  ringsToPolygons,
  signedArea,
  suggestSites,
} from '@gongfu/engine/circles';
import { DLAT, DLON, gridNetwork, LAT0, LON0 } from './helpers.js';

const at = (x: number, y = 0) => ({ lon: LON0 + x * DLON, lat: LAT0 + y * DLAT });

describe('marching squares', () => {
  it('traces a counter-clockwise outer ring and a clockwise hole', () => {
    // 7×7 grid, a ring of low values around a high centre
    const W = 7;
    const values = new Float64Array(W * W).fill(10);
    for (let j = 1; j <= 5; j++) for (let i = 1; i <= 5; i++) values[j * W + i] = 0;
    values[3 * W + 3] = 10;
    const rings = contourRings({ width: W, height: W, values }, 5);
    expect(rings.length).toBe(2);
    const polys = ringsToPolygons(rings);
    expect(polys.length).toBe(1);
    expect(polys[0].length).toBe(2);
    expect(signedArea(polys[0][0])).toBeGreaterThan(0);
    expect(signedArea(polys[0][1])).toBeLessThan(0);
    expect(pointInRing(3, 3, polys[0][0])).toBe(true);
    expect(pointInRing(3, 3, polys[0][1])).toBe(true);
    // outer ring through the midpoints between 0 and 10 (x = 0.5 … 5.5): area 25 − corners cut
    expect(signedArea(polys[0][0])).toBeCloseTo(25 - 4 * 0.125, 6);
  });
});

describe('isochrones', () => {
  it('nested polygons around a facility on a 100 m street grid', () => {
    const net = gridNetwork(21, 21, 100);
    const feats = isochrones(net, { id: 'f', ...at(1000, 1000) }, [600, 300]);
    expect(feats.map((f) => f.properties.thresholdSeconds)).toEqual([300, 600]);
    const areaKm2 = (f: (typeof feats)[number]) => {
      const ring = f.geometry!.coordinates[0][0].map(([lon, lat]) => [(lon - LON0) / DLON, (lat - LAT0) / DLAT]);
      return signedArea(ring) / 1e6;
    };
    const a300 = areaKm2(feats[0]);
    const a600 = areaKm2(feats[1]);
    // 300 s at 5 km/h = 417 m: an L1 "diamond" of radius 417 m (0.35 km²) widened by the off-road walk
    expect(a300).toBeGreaterThan(0.3);
    expect(a300).toBeLessThan(0.75);
    expect(a600).toBeGreaterThan(3 * a300);
    const ring = feats[0].geometry!.coordinates[0][0];
    const c = at(1000, 1000);
    expect(pointInRing(c.lon, c.lat, ring)).toBe(true);
    const far = at(1000 + 600, 1000);
    expect(pointInRing(far.lon, far.lat, ring)).toBe(false);
    expect(isochronesToGeoJSON(feats).features.length).toBe(2);
    expect(JSON.stringify(isochrones(net, { id: 'f', ...at(1000, 1000) }, [600, 300]))).toBe(JSON.stringify(feats));
  });

  it('an unsnappable facility yields null geometry', () => {
    const net = gridNetwork(3, 3, 100);
    const [f] = isochrones(net, { id: 'x', ...at(100, 5000) }, [300]);
    expect(f.geometry).toBeNull();
    expect(f.properties.snapped).toBe(false);
  });
});

describe('site suggestion (greedy maximal coverage)', () => {
  it('picks the candidate covering most uncovered people first, ties by id', () => {
    const net = gridNetwork(11, 1, 100); // a 1 km street
    const residents = parseResidents(
      Array.from({ length: 11 }, (_x, i) => ({ id: `r${String(i).padStart(2, '0')}`, ...at(i * 100), population: 1 })),
    );
    const candidates = parseCandidates([
      { id: 'c', ...at(1000) },
      { id: 'b', ...at(500) },
      { id: 'a', ...at(0) },
      { id: 'z', ...at(500, 2000) }, // too far from the road
    ]);
    const thr = 250 / (5 / 3.6); // 250 m walk
    const s = suggestSites(net, [], residents, candidates, 'education', thr, 3);
    expect(s.baselineCoveredPopulation).toBe(0);
    expect(s.picks.map((p) => [p.candidate, p.gain])).toEqual([
      ['b', 5], // r03..r07
      ['a', 3], // r00..r02 (tie with c → smaller id)
      ['c', 3],
    ]);
    expect(s.picks[2].coveredPopulation).toBe(11);
    expect(s.picks[2].share).toBe(1);
    expect(s.unsnappedCandidates).toEqual(['z']);
  });

  it('counts existing facilities as already covering', () => {
    const net = gridNetwork(11, 1, 100);
    const residents = parseResidents(Array.from({ length: 11 }, (_x, i) => ({ id: `r${i}`, ...at(i * 100), population: 1 })));
    const candidates = parseCandidates([
      { id: 'a', ...at(0) },
      { id: 'b', ...at(500) },
    ]);
    const existing = [{ id: 'e', category: 'education', name: null, ...at(400) }];
    const s = suggestSites(net, existing, residents, candidates, 'education', 250 / (5 / 3.6), 2);
    expect(s.baselineCoveredPopulation).toBe(5); // r2..r6
    expect(s.picks.map((p) => [p.candidate, p.gain])).toEqual([
      ['a', 2], // r0, r1
      ['b', 1], // r7
    ]);
  });
});
