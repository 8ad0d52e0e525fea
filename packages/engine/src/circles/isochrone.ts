/**
 * Isochrone polygons: the area from which a facility is reachable within a travel time, as
 * GeoJSON — by contouring a travel-time grid with marching squares (not a concave hull).
 *
 * 1. One bounded search from the facility (search.ts, arcs reversed: time *to* the facility,
 *    the same quantity the coverage figures use).
 * 2. Every reached edge is sampled every cellSize/2 metres along its shape; each sample's time
 *    comes from point-times.ts (through either end node, or directly along the facility's edge).
 * 3. A grid of cellSize-metre points (local equirectangular projection) takes at every point
 *    min over samples within `offNetworkM` of (sample time + distance / walking speed) —
 *    the "walk off the road the rest of the way" rule OpenTripPlanner and Valhalla use —
 *    capped by the time left, so roads do not bleed past the threshold.
 * 4. Marching squares (marching-squares.ts) at each threshold; rings become a MultiPolygon with
 *    holes (RFC 7946 winding), coordinates rounded to 1e-7°.
 */
import { EARTH_RADIUS_M, haversineMeters } from '../geo/index.js';
import { buildEdgeIndex, type EdgeIndex } from './edge-index.js';
import type { RoadNetwork } from './network.js';
import { contourRings, ringsToPolygons } from './marching-squares.js';
import { destinationsByEdge, pointTimes } from './point-times.js';
import { multiSourceSearch } from './search.js';
import { destinationSeeds, DEFAULT_MAX_SNAP_M, snapPoints, type Snapped } from './snap.js';

export interface IsochroneOptions {
  /** Grid spacing in metres (default 25; enlarged automatically to keep ≤ 1000 × 1000 points). */
  cellSizeM?: number;
  /** How far from a road a point may lie and still count (default 100 m). */
  offNetworkM?: number;
  maxSnapDistanceM?: number;
  index?: EdgeIndex;
}

export interface IsochroneFeature {
  type: 'Feature';
  properties: { facility: string; thresholdSeconds: number; minutes: number; snapped: boolean };
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
}

const r7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** Isochrones of one point for several thresholds (seconds), smallest first. */
export function isochrones(
  net: RoadNetwork,
  point: { id: string; lon: number; lat: number },
  thresholdsSeconds: number[],
  options: IsochroneOptions = {},
): IsochroneFeature[] {
  const ths = thresholdsSeconds.slice().sort((a, b) => a - b);
  const T = ths[ths.length - 1];
  const index = options.index ?? buildEdgeIndex(net);
  const snap = snapPoints(net, [point.lon], [point.lat], { maxDistanceM: options.maxSnapDistanceM ?? DEFAULT_MAX_SNAP_M, index });
  const empty = (snapped: boolean) =>
    ths.map((t) => ({
      type: 'Feature' as const,
      properties: { facility: point.id, thresholdSeconds: t, minutes: Math.round((t / 60) * 100) / 100, snapped },
      geometry: null,
    }));
  if (snap.edge[0] < 0) return empty(false);
  const walk = net.offNetworkSpeedMps;
  const off = options.offNetworkM ?? 100;
  const labels = [0];
  const search = multiSourceSearch(net, destinationSeeds(net, snap, labels), T);

  // 2. samples along reached edges
  let cell = options.cellSizeM ?? 25;
  const sLon: number[] = [];
  const sLat: number[] = [];
  const sEdge: number[] = [];
  const sFrac: number[] = [];
  for (let e = 0; e < net.edgeCount; e++) {
    if (search.label[net.edgeFrom[e]] < 0 && search.label[net.edgeTo[e]] < 0 && e !== snap.edge[0]) continue;
    const len = net.edgeLengthM[e];
    let acc = 0;
    const g0 = net.geomOffset[e];
    const g1 = net.geomOffset[e + 1];
    for (let k = g0; k < g1 - 1; k++) {
      const seg = haversineMeters(net.geomLon[k], net.geomLat[k], net.geomLon[k + 1], net.geomLat[k + 1]);
      const steps = Math.max(1, Math.ceil(seg / (cell / 2)));
      for (let s = 0; s <= steps; s++) {
        if (s === steps && k < g1 - 2) continue; // the next segment starts here
        const t = s / steps;
        sLon.push(net.geomLon[k] + t * (net.geomLon[k + 1] - net.geomLon[k]));
        sLat.push(net.geomLat[k] + t * (net.geomLat[k + 1] - net.geomLat[k]));
        sEdge.push(e);
        sFrac.push(len > 0 ? Math.min(1, (acc + t * seg) / len) : 0);
      }
      acc += seg;
    }
  }
  const n = sLon.length;
  const samples: Snapped = {
    count: n,
    edge: Int32Array.from(sEdge),
    fraction: Float64Array.from(sFrac),
    distanceM: new Float64Array(n),
    offTime: new Float64Array(n),
    lon: Float64Array.from(sLon),
    lat: Float64Array.from(sLat),
  };
  const st = pointTimes(net, search, samples, snap, labels, destinationsByEdge(snap), T);

  // 3. grid
  const deg = (Math.PI / 180) * EARTH_RADIUS_M;
  const kx = deg * Math.cos((point.lat * Math.PI) / 180);
  const ky = deg;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!(st.time[i] <= T)) continue;
    const x = sLon[i] * kx;
    const y = sLat[i] * ky;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  if (!Number.isFinite(minX)) return empty(true);
  while ((maxX - minX + 2 * off) / cell > 1000 || (maxY - minY + 2 * off) / cell > 1000) cell *= 2;
  const x0 = minX - off - 2 * cell;
  const y0 = minY - off - 2 * cell;
  const W = Math.ceil((maxX - minX + 2 * off) / cell) + 5;
  const H = Math.ceil((maxY - minY + 2 * off) / cell) + 5;
  const values = new Float64Array(W * H).fill(Infinity);
  const rc = Math.ceil(off / cell);
  for (let i = 0; i < n; i++) {
    const t = st.time[i];
    if (!(t <= T)) continue;
    const x = sLon[i] * kx;
    const y = sLat[i] * ky;
    const r = Math.min(off, (T - t) * walk);
    const gi = Math.round((x - x0) / cell);
    const gj = Math.round((y - y0) / cell);
    for (let dj = -rc; dj <= rc; dj++) {
      const j = gj + dj;
      if (j < 1 || j >= H - 1) continue;
      for (let di = -rc; di <= rc; di++) {
        const ii = gi + di;
        if (ii < 1 || ii >= W - 1) continue;
        const dx = x0 + ii * cell - x;
        const dy = y0 + j * cell - y;
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d > r) continue;
        const v = t + d / walk;
        const p = j * W + ii;
        if (v < values[p]) values[p] = v;
      }
    }
  }

  // 4. contours
  return ths.map((thr) => {
    const rings = contourRings({ width: W, height: H, values }, thr, thr + cell / walk);
    const polys = ringsToPolygons(rings).map((poly) =>
      poly.map((ring) => ring.map(([gx, gy]) => [r7((x0 + gx * cell) / kx), r7((y0 + gy * cell) / ky)])),
    );
    return {
      type: 'Feature' as const,
      properties: { facility: point.id, thresholdSeconds: thr, minutes: Math.round((thr / 60) * 100) / 100, snapped: true },
      geometry: polys.length > 0 ? { type: 'MultiPolygon' as const, coordinates: polys } : null,
    };
  });
}
