/**
 * Synthetic residents for demos on OSM extracts that come without population data: one resident
 * point per road-network node, with population proportional to the road length around the node
 * (half of every incident edge), at `peoplePerKm` people per km of road. Deterministic (node order
 * is the network's). Always labelled synthetic by the callers: these are NOT census figures.
 */
import type { Resident, RoadNetwork } from '@gongfu/engine/circles';

export const SYNTHETIC_RESIDENTS_SOURCE =
  '合成居民点（按路网节点周边道路长度分配人口，非普查数据）/ synthetic residents: population spread over network nodes by nearby road length, not census data';
export const DEFAULT_PEOPLE_PER_KM = 250;

export function syntheticResidents(net: RoadNetwork, options: { peoplePerKm?: number; region?: string | null } = {}): Resident[] {
  const perM = (options.peoplePerKm ?? DEFAULT_PEOPLE_PER_KM) / 1000;
  const len = new Float64Array(net.nodeCount);
  for (let e = 0; e < net.edgeCount; e++) {
    len[net.edgeFrom[e]] += net.edgeLengthM[e] / 2;
    len[net.edgeTo[e]] += net.edgeLengthM[e] / 2;
  }
  const width = String(net.nodeCount).length;
  const out: Resident[] = [];
  for (let v = 0; v < net.nodeCount; v++) {
    out.push({
      id: `S${String(v).padStart(width, '0')}`,
      lon: net.nodeLon[v],
      lat: net.nodeLat[v],
      population: Math.round(len[v] * perM * 100) / 100,
      region: options.region ?? null,
    });
  }
  return out;
}
