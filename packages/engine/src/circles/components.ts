/**
 * Connected components of the road network (weakly connected: arc directions ignored) by
 * union–find with path halving and union by size (Tarjan 1975), and extraction of the largest
 * one. Component ids are numbered by smallest member node, so they are reproducible.
 */
import { networkFromEdges, type RoadNetwork } from './network.js';

export interface ComponentInfo {
  count: number;
  /** Component id of every node. */
  componentOf: Int32Array;
  /** Node count per component id. */
  sizes: Int32Array;
  largest: number;
}

export function connectedComponents(net: RoadNetwork): ComponentInfo {
  const n = net.nodeCount;
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < net.edgeCount; e++) {
    let a = find(net.edgeFrom[e]);
    let b = find(net.edgeTo[e]);
    if (a === b) continue;
    if (size[a] < size[b]) [a, b] = [b, a];
    parent[b] = a;
    size[a] += size[b];
  }
  const componentOf = new Int32Array(n).fill(-1);
  const rootId = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  let count = 0;
  for (let v = 0; v < n; v++) {
    const r = find(v);
    if (rootId[r] < 0) {
      rootId[r] = count++;
      sizes.push(0);
    }
    componentOf[v] = rootId[r];
    sizes[rootId[r]]++;
  }
  let largest = 0;
  for (let c = 1; c < count; c++) if (sizes[c] > sizes[largest]) largest = c;
  return { count, componentOf, sizes: Int32Array.from(sizes), largest };
}

/** The sub-network induced by the nodes with keep[v] = 1, renumbered in the original order. */
export function subNetwork(net: RoadNetwork, keep: Uint8Array): RoadNetwork {
  const newId = new Int32Array(net.nodeCount).fill(-1);
  let n = 0;
  for (let v = 0; v < net.nodeCount; v++) if (keep[v]) newId[v] = n++;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const osm = new Float64Array(n);
  for (let v = 0; v < net.nodeCount; v++) {
    const k = newId[v];
    if (k >= 0) {
      lon[k] = net.nodeLon[v];
      lat[k] = net.nodeLat[v];
      osm[k] = net.nodeOsmId[v];
    }
  }
  const edges: number[] = [];
  let geomCount = 0;
  for (let e = 0; e < net.edgeCount; e++) {
    if (newId[net.edgeFrom[e]] >= 0 && newId[net.edgeTo[e]] >= 0) {
      edges.push(e);
      geomCount += net.geomOffset[e + 1] - net.geomOffset[e];
    }
  }
  const m = edges.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const len = new Float64Array(m);
  const fwd = new Float64Array(m);
  const bwd = new Float64Array(m);
  const way = new Float64Array(m);
  const go = new Int32Array(m + 1);
  const glon = new Float64Array(geomCount);
  const glat = new Float64Array(geomCount);
  let g = 0;
  for (let i = 0; i < m; i++) {
    const e = edges[i];
    from[i] = newId[net.edgeFrom[e]];
    to[i] = newId[net.edgeTo[e]];
    len[i] = net.edgeLengthM[e];
    fwd[i] = net.edgeTimeFwd[e];
    bwd[i] = net.edgeTimeBwd[e];
    way[i] = net.edgeWayId[e];
    for (let k = net.geomOffset[e]; k < net.geomOffset[e + 1]; k++) {
      glon[g] = net.geomLon[k];
      glat[g] = net.geomLat[k];
      g++;
    }
    go[i + 1] = g;
  }
  return networkFromEdges({
    mode: net.mode,
    nodeLon: lon,
    nodeLat: lat,
    nodeOsmId: osm,
    edgeFrom: from,
    edgeTo: to,
    edgeLengthM: len,
    edgeTimeFwd: fwd,
    edgeTimeBwd: bwd,
    edgeWayId: way,
    geomOffset: go,
    geomLon: glon,
    geomLat: glat,
    offNetworkSpeedKmh: net.offNetworkSpeedMps * 3.6,
  });
}

export function largestComponent(net: RoadNetwork, info = connectedComponents(net)): RoadNetwork {
  if (info.count <= 1) return net;
  const keep = new Uint8Array(net.nodeCount);
  for (let v = 0; v < net.nodeCount; v++) keep[v] = info.componentOf[v] === info.largest ? 1 : 0;
  return subNetwork(net, keep);
}
