/**
 * Blind-spot clusters: single-linkage clustering of points (uncovered residents) with linking
 * distance ε — the connected components of the "within ε" graph, i.e. DBSCAN with minPts = 1
 * (Ester et al. 1996). Points are binned into a uniform grid of ε/√2 cells and merged with
 * union–find: a cell's points at once, neighbouring cells (5×5 block) by their first pair within ε —
 * linear in the number of points however dense they are (the ε-cell version compared every pair in
 * a dense block: 100,000 uncovered residents took ~2 s, issue 19).
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
  // Cells of side ε/√2: two points in one cell are closer than ε (the diagonal), so a cell's points
  // join without a distance test; a neighbour within ε lies at most 2 cells away. Two cells are
  // compared point by point only while they are in different components, and the scan stops at the
  // first pair within ε, so dense areas cost O(n), not O(n²) as with ε-sized cells.
  const side = epsM / Math.SQRT2;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    cx[j] = Math.floor(x[j] / side);
    cy[j] = Math.floor(y[j] / side);
  }
  const cellOf = new Map<string, number[]>();
  const key = (a: number, b: number) => `${a},${b}`;
  for (let j = 0; j < n; j++) {
    const k = key(cx[j], cy[j]);
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
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const eps2 = epsM * epsM;
  for (const l of cellOf.values()) for (let t = 1; t < l.length; t++) union(l[0], l[t]);
  for (const l of cellOf.values()) {
    const ax = cx[l[0]];
    const ay = cy[l[0]];
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        // each pair of cells once: the neighbour comes later in (y, x) order
        if (dy < 0 || (dy === 0 && dx <= 0)) continue;
        const m = cellOf.get(key(ax + dx, ay + dy));
        if (!m || find(l[0]) === find(m[0])) continue;
        scan: for (const j of l) {
          for (const k of m) {
            const ddx = x[k] - x[j];
            const ddy = y[k] - y[j];
            if (ddx * ddx + ddy * ddy <= eps2) {
              union(j, k);
              break scan;
            }
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
