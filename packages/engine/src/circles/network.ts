/**
 * The road network as flat typed arrays (structure of arrays), with a compressed sparse row
 * (CSR, "reverse star") adjacency of the arcs *entering* each node.
 *
 * Why incoming arcs: accessibility asks "how long from this home to the nearest school", i.e.
 * shortest paths *towards* the facilities. Searching outward from the facilities over reversed
 * arcs answers that for every node at once (pgRouting's pgr_drivingDistance on the reversed
 * graph; identical to the forward graph for walking, where every arc has a twin).
 *
 * An edge is one undirected road piece between two graph nodes with its polyline geometry,
 * length (m) and a travel time (s) per direction (Infinity where that direction is closed).
 * CSR build: counting sort of arcs by head node, stable in edge order, so the layout — and
 * every search result — depends only on the input order.
 */
import { AccessError } from './errors.js';
import type { TravelMode } from './profiles.js';

export interface RoadNetwork {
  mode: TravelMode;
  nodeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** OSM node id of each graph node (0 for synthetic graphs). */
  nodeOsmId: Float64Array;
  edgeCount: number;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeLengthM: Float64Array;
  /** Seconds from edgeFrom to edgeTo; Infinity when closed in that direction. */
  edgeTimeFwd: Float64Array;
  /** Seconds from edgeTo to edgeFrom; Infinity when closed in that direction. */
  edgeTimeBwd: Float64Array;
  /** OSM way id per edge (0 for synthetic graphs). */
  edgeWayId: Float64Array;
  /** Edge e's shape points are geom[geomOffset[e] .. geomOffset[e+1]), from edgeFrom to edgeTo. */
  geomOffset: Int32Array;
  geomLon: Float64Array;
  geomLat: Float64Array;
  /** Arcs entering node v: inFrom/inCost/inEdge[inOffset[v] .. inOffset[v+1]). */
  inOffset: Int32Array;
  inFrom: Int32Array;
  inCost: Float64Array;
  inEdge: Int32Array;
  /** Walking speed for off-network legs, m/s. */
  offNetworkSpeedMps: number;
}

export interface EdgeListInput {
  mode?: TravelMode;
  nodeLon: ArrayLike<number>;
  nodeLat: ArrayLike<number>;
  nodeOsmId?: ArrayLike<number>;
  edgeFrom: ArrayLike<number>;
  edgeTo: ArrayLike<number>;
  /** Defaults to the straight haversine length when no geometry is given. */
  edgeLengthM: ArrayLike<number>;
  edgeTimeFwd: ArrayLike<number>;
  edgeTimeBwd: ArrayLike<number>;
  edgeWayId?: ArrayLike<number>;
  /** Optional shape points; default is the straight segment between the end nodes. */
  geomOffset?: ArrayLike<number>;
  geomLon?: ArrayLike<number>;
  geomLat?: ArrayLike<number>;
  offNetworkSpeedKmh?: number;
}

function emptyNetwork(): AccessError {
  return new AccessError(
    'EMPTY_NETWORK',
    '路网为空：没有可用于该出行方式的道路',
    'The road network is empty: no roads usable by this travel mode',
  );
}

/** Builds a RoadNetwork (with its incoming-arc CSR) from edge columns. */
export function networkFromEdges(input: EdgeListInput): RoadNetwork {
  const n = input.nodeLon.length;
  const m = input.edgeFrom.length;
  if (n === 0 || m === 0) throw emptyNetwork();
  const edgeFrom = Int32Array.from(input.edgeFrom);
  const edgeTo = Int32Array.from(input.edgeTo);
  for (let e = 0; e < m; e++) {
    if (!(edgeFrom[e] >= 0 && edgeFrom[e] < n && edgeTo[e] >= 0 && edgeTo[e] < n)) {
      throw new AccessError('INVALID_INPUT', `第 ${e} 条边的端点编号越界`, `edge ${e} refers to a node out of range`, { edge: e });
    }
  }
  const nodeLon = Float64Array.from(input.nodeLon);
  const nodeLat = Float64Array.from(input.nodeLat);
  let geomOffset: Int32Array;
  let geomLon: Float64Array;
  let geomLat: Float64Array;
  if (input.geomOffset && input.geomLon && input.geomLat) {
    geomOffset = Int32Array.from(input.geomOffset);
    geomLon = Float64Array.from(input.geomLon);
    geomLat = Float64Array.from(input.geomLat);
  } else {
    geomOffset = new Int32Array(m + 1);
    geomLon = new Float64Array(2 * m);
    geomLat = new Float64Array(2 * m);
    for (let e = 0; e < m; e++) {
      geomOffset[e + 1] = 2 * (e + 1);
      geomLon[2 * e] = nodeLon[edgeFrom[e]];
      geomLat[2 * e] = nodeLat[edgeFrom[e]];
      geomLon[2 * e + 1] = nodeLon[edgeTo[e]];
      geomLat[2 * e + 1] = nodeLat[edgeTo[e]];
    }
  }
  const edgeTimeFwd = Float64Array.from(input.edgeTimeFwd);
  const edgeTimeBwd = Float64Array.from(input.edgeTimeBwd);

  // Counting sort of arcs by head node.
  const inOffset = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    if (edgeTimeFwd[e] < Infinity) inOffset[edgeTo[e] + 1]++;
    if (edgeTimeBwd[e] < Infinity) inOffset[edgeFrom[e] + 1]++;
  }
  for (let v = 0; v < n; v++) inOffset[v + 1] += inOffset[v];
  const arcs = inOffset[n];
  const inFrom = new Int32Array(arcs);
  const inCost = new Float64Array(arcs);
  const inEdge = new Int32Array(arcs);
  const fill = inOffset.slice(0, n);
  for (let e = 0; e < m; e++) {
    const a = edgeFrom[e];
    const b = edgeTo[e];
    if (edgeTimeFwd[e] < Infinity) {
      const k = fill[b]++;
      inFrom[k] = a;
      inCost[k] = edgeTimeFwd[e];
      inEdge[k] = e;
    }
    if (edgeTimeBwd[e] < Infinity) {
      const k = fill[a]++;
      inFrom[k] = b;
      inCost[k] = edgeTimeBwd[e];
      inEdge[k] = e;
    }
  }
  return {
    mode: input.mode ?? 'walking',
    nodeCount: n,
    nodeLon,
    nodeLat,
    nodeOsmId: input.nodeOsmId ? Float64Array.from(input.nodeOsmId) : new Float64Array(n),
    edgeCount: m,
    edgeFrom,
    edgeTo,
    edgeLengthM: Float64Array.from(input.edgeLengthM),
    edgeTimeFwd,
    edgeTimeBwd,
    edgeWayId: input.edgeWayId ? Float64Array.from(input.edgeWayId) : new Float64Array(m),
    geomOffset,
    geomLon,
    geomLat,
    inOffset,
    inFrom,
    inCost,
    inEdge,
    offNetworkSpeedMps: (input.offNetworkSpeedKmh ?? 5) / 3.6,
  };
}

/** The edge columns of a network (inverse of networkFromEdges), e.g. to subset or tile it. */
export function networkToEdges(net: RoadNetwork): Required<EdgeListInput> {
  return {
    mode: net.mode,
    nodeLon: net.nodeLon,
    nodeLat: net.nodeLat,
    nodeOsmId: net.nodeOsmId,
    edgeFrom: net.edgeFrom,
    edgeTo: net.edgeTo,
    edgeLengthM: net.edgeLengthM,
    edgeTimeFwd: net.edgeTimeFwd,
    edgeTimeBwd: net.edgeTimeBwd,
    edgeWayId: net.edgeWayId,
    geomOffset: net.geomOffset,
    geomLon: net.geomLon,
    geomLat: net.geomLat,
    offNetworkSpeedKmh: net.offNetworkSpeedMps * 3.6,
  };
}
