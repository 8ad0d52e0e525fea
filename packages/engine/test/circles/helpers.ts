import { networkFromEdges, type RoadNetwork } from '@gongfu/engine/circles';
import { haversineMeters } from '@gongfu/engine/geo';
import { mulberry32 } from '../../src/random.js';

/** The engine's seeded PRNG under the name these tests use. */
export const rng = mulberry32;

export const LON0 = 120.48;
export const LAT0 = 30.08;
/** Degrees per metre near LAT0 (approximate, for placing test points). */
export const DLAT = 1 / 111195;
export const DLON = 1 / (111195 * Math.cos((LAT0 * Math.PI) / 180));

/** A w×h street grid with `spacing` metres between nodes, walking at `kmh`. */
export function gridNetwork(w: number, h: number, spacing = 100, kmh = 5): RoadNetwork {
  const lon: number[] = [];
  const lat: number[] = [];
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      lon.push(LON0 + i * spacing * DLON);
      lat.push(LAT0 + j * spacing * DLAT);
    }
  const from: number[] = [];
  const to: number[] = [];
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      const v = j * w + i;
      if (i + 1 < w) (from.push(v), to.push(v + 1));
      if (j + 1 < h) (from.push(v), to.push(v + w));
    }
  const len = from.map((a, e) => haversineMeters(lon[a], lat[a], lon[to[e]], lat[to[e]]));
  const t = len.map((l) => l / (kmh / 3.6));
  return networkFromEdges({
    nodeLon: lon,
    nodeLat: lat,
    edgeFrom: from,
    edgeTo: to,
    edgeLengthM: len,
    edgeTimeFwd: t,
    edgeTimeBwd: t,
    offNetworkSpeedKmh: kmh,
  });
}

/** Random connected-ish graph: random points, random edges with random one-way directions. */
export function randomNetwork(seed: number, n: number, m: number, onewayShare = 0.2): RoadNetwork {
  const r = rng(seed);
  const lon = Array.from({ length: n }, () => LON0 + r() * 0.02);
  const lat = Array.from({ length: n }, () => LAT0 + r() * 0.02);
  const from: number[] = [];
  const to: number[] = [];
  for (let v = 1; v < n; v++) (from.push(v), to.push(Math.floor(r() * v))); // spanning tree
  while (from.length < m) {
    const a = Math.floor(r() * n);
    const b = Math.floor(r() * n);
    if (a !== b) (from.push(a), to.push(b));
  }
  const len = from.map((a, e) => haversineMeters(lon[a], lat[a], lon[to[e]], lat[to[e]]) * (1 + r()));
  const fwd: number[] = [];
  const bwd: number[] = [];
  len.forEach((l, e) => {
    const speed = [5, 15, 40][e % 3] / 3.6;
    const t = r() < 0.1 ? Math.round(l / speed) : l / speed; // some integer times to force ties
    const x = r();
    fwd.push(x < onewayShare / 2 ? Infinity : t);
    bwd.push(x >= onewayShare / 2 && x < onewayShare ? Infinity : t);
  });
  return networkFromEdges({ nodeLon: lon, nodeLat: lat, edgeFrom: from, edgeTo: to, edgeLengthM: len, edgeTimeFwd: fwd, edgeTimeBwd: bwd });
}

/**
 * Reference: plain O(V²) Dijkstra from one source (list of seeds) towards it, written
 * independently of the engine's heap and CSR (scans the edge list).
 */
export function referenceDijkstra(net: RoadNetwork, seedNodes: number[], seedCosts: number[], maxCost = Infinity): Float64Array {
  const n = net.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  for (let i = 0; i < seedNodes.length; i++)
    if (seedCosts[i] <= maxCost && seedCosts[i] < dist[seedNodes[i]]) dist[seedNodes[i]] = seedCosts[i];
  // adjacency: for node v, edges incident
  const inc: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < net.edgeCount; e++) {
    inc[net.edgeFrom[e]].push(e);
    inc[net.edgeTo[e]].push(e);
  }
  for (;;) {
    let v = -1;
    for (let u = 0; u < n; u++) if (!done[u] && dist[u] < Infinity && (v < 0 || dist[u] < dist[v])) v = u;
    if (v < 0) break;
    done[v] = 1;
    for (const e of inc[v]) {
      // travel u → v along e
      let u: number;
      let c: number;
      if (net.edgeTo[e] === v) ((u = net.edgeFrom[e]), (c = net.edgeTimeFwd[e]));
      else ((u = net.edgeTo[e]), (c = net.edgeTimeBwd[e]));
      if (net.edgeFrom[e] === v && net.edgeTo[e] === v) continue;
      const nd = dist[v] + c;
      if (nd <= maxCost && nd < dist[u]) dist[u] = nd;
    }
  }
  return dist;
}
