/**
 * Snapping points (facilities, residents, candidate sites) onto the road network: the
 * orthogonal projection onto the nearest edge segment (not the nearest node), found with the
 * grid index of edge-index.ts. This is the "point-to-edge" link that pgRouting's
 * pgr_withPoints / Pandana's `get_node_ids` approximate, done exactly.
 *
 * For each point the result keeps the edge, the fraction of the edge length from edgeFrom to
 * the snapped position (haversine length along the shape), and the off-network distance
 * (haversine, point → snapped position). The off-network leg is walked at
 * `net.offNetworkSpeedMps` whatever the network's mode. Points farther than `maxDistanceM`
 * from every road get edge = -1 and are listed as unsnapped by the callers: never moved
 * silently onto a distant road.
 */
import { haversineMeters } from '../geo/index.js';
import { buildEdgeIndex, nearestSegment, type EdgeIndex } from './edge-index.js';
import type { RoadNetwork } from './network.js';

export const DEFAULT_MAX_SNAP_M = 300;

export interface Snapped {
  count: number;
  /** Edge id, or -1 when no road is within maxDistanceM. */
  edge: Int32Array;
  /** Position along the edge from edgeFrom, 0..1. */
  fraction: Float64Array;
  /** Off-network distance in metres (Infinity when unsnapped). */
  distanceM: Float64Array;
  /** Off-network walking time in seconds. */
  offTime: Float64Array;
  /** Snapped position on the road. */
  lon: Float64Array;
  lat: Float64Array;
}

export interface SnapOptions {
  maxDistanceM?: number;
  index?: EdgeIndex;
}

/** Snaps points given as lon/lat columns (WGS-84). */
export function snapPoints(net: RoadNetwork, lon: ArrayLike<number>, lat: ArrayLike<number>, options: SnapOptions = {}): Snapped {
  const n = lon.length;
  const idx = options.index ?? buildEdgeIndex(net);
  const maxD = options.maxDistanceM ?? DEFAULT_MAX_SNAP_M;
  const out: Snapped = {
    count: n,
    edge: new Int32Array(n).fill(-1),
    fraction: new Float64Array(n),
    distanceM: new Float64Array(n).fill(Infinity),
    offTime: new Float64Array(n).fill(Infinity),
    lon: new Float64Array(n).fill(NaN),
    lat: new Float64Array(n).fill(NaN),
  };
  for (let i = 0; i < n; i++) {
    // planar search radius a little above maxD so projection error cannot lose a road
    const ns = nearestSegment(idx, lon[i], lat[i], maxD * 1.01 + 1);
    if (ns.seg < 0) continue;
    const k = ns.seg;
    const sLon = net.geomLon[k] + ns.t * (net.geomLon[k + 1] - net.geomLon[k]);
    const sLat = net.geomLat[k] + ns.t * (net.geomLat[k + 1] - net.geomLat[k]);
    const d = haversineMeters(lon[i], lat[i], sLon, sLat);
    if (d > maxD) continue;
    const e = ns.edge;
    const along = idx.along[k] + haversineMeters(net.geomLon[k], net.geomLat[k], sLon, sLat);
    const len = net.edgeLengthM[e];
    out.edge[i] = e;
    out.fraction[i] = len > 0 ? Math.min(1, along / len) : 0;
    out.distanceM[i] = d;
    out.offTime[i] = d / net.offNetworkSpeedMps;
    out.lon[i] = sLon;
    out.lat[i] = sLat;
  }
  return out;
}

/**
 * Seeds for a search towards the snapped points (facilities as destinations): a traveller at
 * edgeFrom reaches the point after fraction · timeFwd, one at edgeTo after (1 − fraction) ·
 * timeBwd; both plus the point's off-network time. Unsnapped points and closed directions
 * give no seed. `labels[i]` is the label of point i (default i).
 */
export function destinationSeeds(
  net: RoadNetwork,
  s: Snapped,
  labels?: ArrayLike<number>,
  include?: (i: number) => boolean,
): { node: Int32Array; cost: Float64Array; label: Int32Array } {
  const node: number[] = [];
  const cost: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < s.count; i++) {
    const e = s.edge[i];
    if (e < 0 || (include && !include(i))) continue;
    const l = labels ? labels[i] : i;
    const f = s.fraction[i];
    const fwd = net.edgeTimeFwd[e];
    const bwd = net.edgeTimeBwd[e];
    if (fwd < Infinity) {
      node.push(net.edgeFrom[e]);
      cost.push(s.offTime[i] + f * fwd);
      label.push(l);
    }
    if (bwd < Infinity) {
      node.push(net.edgeTo[e]);
      cost.push(s.offTime[i] + (1 - f) * bwd);
      label.push(l);
    }
  }
  return { node: Int32Array.from(node), cost: Float64Array.from(cost), label: Int32Array.from(label) };
}
