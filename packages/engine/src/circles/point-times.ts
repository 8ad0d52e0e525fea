/**
 * From node times to point times: a snapped point (a resident) on edge e at fraction f reaches
 * the nearest facility either through edgeFrom (f · timeBwd + cost[from]), through edgeTo
 * ((1 − f) · timeFwd + cost[to]) or, when a facility is snapped onto the same edge, directly
 * along it — plus its own off-network walk. The minimum wins; equal times go to the smaller
 * label (the tie rule of search.ts). Times beyond the search bound are reported as Infinity,
 * because only times ≤ bound are exact after a bounded search.
 */
import type { RoadNetwork } from './network.js';
import type { SearchResult } from './search.js';
import type { Snapped } from './snap.js';

export interface PointTimes {
  time: Float64Array;
  label: Int32Array;
}

/** Groups snapped destinations by edge: edge → indices into `dest` (ascending). */
export function destinationsByEdge(dest: Snapped, include?: (i: number) => boolean): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (let i = 0; i < dest.count; i++) {
    const e = dest.edge[i];
    if (e < 0 || (include && !include(i))) continue;
    const list = m.get(e);
    if (list) list.push(i);
    else m.set(e, [i]);
  }
  return m;
}

export function pointTimes(
  net: RoadNetwork,
  search: SearchResult,
  points: Snapped,
  dest: Snapped,
  destLabels: ArrayLike<number>,
  byEdge: Map<number, number[]>,
  maxCost = Infinity,
): PointTimes {
  const n = points.count;
  const time = new Float64Array(n).fill(Infinity);
  const label = new Int32Array(n).fill(-1);
  const { cost, label: nodeLabel } = search;
  for (let i = 0; i < n; i++) {
    const e = points.edge[i];
    if (e < 0) continue;
    const f = points.fraction[i];
    const fwd = net.edgeTimeFwd[e];
    const bwd = net.edgeTimeBwd[e];
    let best = Infinity;
    let bl = -1;
    const consider = (t: number, l: number) => {
      if (t < best || (t === best && l >= 0 && (bl < 0 || l < bl))) {
        best = t;
        bl = l;
      }
    };
    const a = net.edgeFrom[e];
    const b = net.edgeTo[e];
    if (bwd < Infinity && nodeLabel[a] >= 0) consider((f === 0 ? 0 : f * bwd) + cost[a], nodeLabel[a]);
    if (fwd < Infinity && nodeLabel[b] >= 0) consider((f === 1 ? 0 : (1 - f) * fwd) + cost[b], nodeLabel[b]);
    const same = byEdge.get(e);
    if (same) {
      for (const j of same) {
        const fj = dest.fraction[j];
        let t: number;
        if (fj === f) t = 0;
        else if (fj > f) t = fwd < Infinity ? (fj - f) * fwd : Infinity;
        else t = bwd < Infinity ? (f - fj) * bwd : Infinity;
        consider(t + dest.offTime[j], destLabels[j]);
      }
    }
    const total = points.offTime[i] + best;
    if (total <= maxCost) {
      time[i] = total;
      label[i] = bl;
    }
  }
  return { time, label };
}
