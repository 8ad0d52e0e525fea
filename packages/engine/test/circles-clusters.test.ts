/**
 * Blind-spot clustering (circles/clusters.ts) in linear time (issue 19): the same clusters as the
 * previous ε-cell implementation (kept here verbatim as the reference) on random point sets —
 * uniform, dense blobs, points on a lattice exactly ε apart — and fast on 100,000 dense points.
 */
import { describe, expect, it } from 'vitest';
import { clusterPoints, type PointCluster } from '../src/circles/clusters.js';
import { EARTH_RADIUS_M } from '../src/geo/index.js';
import { mulberry32 } from '../src/random.js';

function referenceClusters(
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  weight: ArrayLike<number>,
  members: readonly number[],
  epsM: number,
  order: (a: number, b: number) => number = (a, b) => a - b,
): PointCluster[] {
  const n = members.length;
  if (n === 0) return [];
  let midLat = 0;
  for (const i of members) midLat += lat[i];
  midLat /= n;
  const deg = (Math.PI / 180) * EARTH_RADIUS_M;
  const kx = deg * Math.cos((midLat * Math.PI) / 180);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    x[j] = lon[members[j]] * kx;
    y[j] = lat[members[j]] * deg;
  }
  const cellOf = new Map<string, number[]>();
  const key = (cx: number, cy: number) => `${cx},${cy}`;
  for (let j = 0; j < n; j++) {
    const k = key(Math.floor(x[j] / epsM), Math.floor(y[j] / epsM));
    const l = cellOf.get(k);
    if (l) l.push(j);
    else cellOf.set(k, [j]);
  }
  const parent = new Int32Array(n);
  for (let j = 0; j < n; j++) parent[j] = j;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const eps2 = epsM * epsM;
  for (let j = 0; j < n; j++) {
    const cx = Math.floor(x[j] / epsM);
    const cy = Math.floor(y[j] / epsM);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const l = cellOf.get(key(cx + dx, cy + dy));
        if (!l) continue;
        for (const k of l) {
          if (k <= j) continue;
          const ddx = x[k] - x[j];
          const ddy = y[k] - y[j];
          if (ddx * ddx + ddy * ddy <= eps2) {
            const a = find(j);
            const b = find(k);
            if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
          }
        }
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    const r = find(j);
    const g = groups.get(r);
    if (g) g.push(members[j]);
    else groups.set(r, [members[j]]);
  }
  const out: PointCluster[] = [];
  for (const g of groups.values()) {
    g.sort(order);
    let w = 0;
    let sx = 0;
    let sy = 0;
    let mx = 0;
    let my = 0;
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const i of g) {
      const wi = weight[i];
      w += wi;
      sx += wi * lon[i];
      sy += wi * lat[i];
      mx += lon[i];
      my += lat[i];
      if (lon[i] < bbox[0]) bbox[0] = lon[i];
      if (lat[i] < bbox[1]) bbox[1] = lat[i];
      if (lon[i] > bbox[2]) bbox[2] = lon[i];
      if (lat[i] > bbox[3]) bbox[3] = lat[i];
    }
    out.push({
      members: g,
      weight: w,
      lon: w > 0 ? sx / w : mx / g.length,
      lat: w > 0 ? sy / w : my / g.length,
      bbox,
    });
  }
  out.sort((a, b) => b.weight - a.weight || order(a.members[0], b.members[0]));
  return out;
}

function points(n: number, seed: number, kind: 'uniform' | 'blobs') {
  const r = mulberry32(seed);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const w = new Float64Array(n);
  const centres = Array.from({ length: 8 }, () => [120.5 + r() * 0.1, 30.0 + r() * 0.1]);
  for (let i = 0; i < n; i++) {
    if (kind === 'uniform') {
      lon[i] = 120.5 + r() * 0.1;
      lat[i] = 30.0 + r() * 0.1;
    } else {
      const [a, b] = centres[Math.floor(r() * centres.length)];
      lon[i] = a + (r() - 0.5) * 0.01 * r();
      lat[i] = b + (r() - 0.5) * 0.01 * r();
    }
    w[i] = Math.floor(r() * 5);
  }
  return { lon, lat, w };
}

const shape = (cs: PointCluster[]) => cs.map((c) => c.members.join(','));

describe('clusterPoints (linear)', () => {
  for (const kind of ['uniform', 'blobs'] as const)
    for (const [n, eps] of [
      [50, 300],
      [500, 300],
      [2000, 150],
      [3000, 600],
      [1500, 40],
    ] as const)
      it(`gives the reference clusters: ${kind}, ${n} points, ε = ${eps} m`, () => {
        for (let seed = 1; seed <= 3; seed++) {
          const { lon, lat, w } = points(n, seed * 7919 + n, kind);
          const members = Array.from({ length: n }, (_, i) => i).filter((i) => i % 5 !== 0);
          const got = clusterPoints(lon, lat, w, members, eps);
          const want = referenceClusters(lon, lat, w, members, eps);
          expect(shape(got)).toEqual(shape(want));
          expect(got).toEqual(want);
        }
      });

  it('links points exactly ε apart on a lattice, as the reference does', () => {
    const deg = (Math.PI / 180) * EARTH_RADIUS_M;
    const lon: number[] = [];
    const lat: number[] = [];
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < 20; j++) {
        lon.push(120.5 + (i * 250 * (i % 4 === 3 ? 1.5 : 1)) / (deg * Math.cos((30 * Math.PI) / 180)));
        lat.push(30 + (j * 250) / deg);
      }
    const members = lon.map((_, i) => i);
    const w = lon.map(() => 1);
    for (const eps of [249, 250, 251, 400])
      expect(shape(clusterPoints(lon, lat, w, members, eps))).toEqual(shape(referenceClusters(lon, lat, w, members, eps)));
  });

  // 100,000 points in 2 km × 2 km (ε = 300 m): the ε-cell reference took 81 s here, this ~1 s on a loaded machine
  it('clusters 100,000 points of one dense area in linear time', { timeout: 30_000 }, () => {
    const r = mulberry32(1);
    const n = 100_000;
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lon[i] = 120.5 + r() * 0.02;
      lat[i] = 30 + r() * 0.02;
    }
    const members = Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    const got = clusterPoints(lon, lat, new Float64Array(n).fill(1), members, 300);
    const ms = performance.now() - t0;
    expect(got).toHaveLength(1);
    expect(got[0].members).toHaveLength(n);
    expect(ms).toBeLessThan(5000);
  });
});
