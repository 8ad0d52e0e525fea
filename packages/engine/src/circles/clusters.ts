/**
 * Blind-spot clusters: single-linkage clustering of points (uncovered residents) with linking
 * distance ε — the connected components of the "within ε" graph, i.e. DBSCAN with minPts = 1
 * (Ester et al. 1996). Neighbours are found through a uniform grid of ε-sized cells (only the
 * 3×3 block around a point can hold neighbours) and merged with union–find, O(n) expected.
 * Distances use the same local equirectangular projection as the edge index.
 * Cluster order: population descending, then smallest member id, so output is reproducible.
 */
import { EARTH_RADIUS_M } from '../geo/index.js';

export interface PointCluster {
  /** Member indices (into the input columns), ascending. */
  members: number[];
  weight: number;
  /** Weighted centroid (by weight; plain mean when all weights are 0). */
  lon: number;
  lat: number;
  bbox: [number, number, number, number];
}

export function clusterPoints(
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
