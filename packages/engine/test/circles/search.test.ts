import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  destinationSeeds,
  importOsmNetwork,
  multiSourceSearch,
  networkFromEdges,
  snapPoints,
  type RoadNetwork,
} from '@gongfu/engine/circles';
import { randomNetwork, referenceDijkstra, rng } from './helpers.js';

/** Multi-source result vs. one reference Dijkstra per source and the minimum (ties → smaller label). */
function checkAgainstBruteForce(
  net: RoadNetwork,
  seeds: { node: ArrayLike<number>; cost: ArrayLike<number>; label: ArrayLike<number> },
  maxCost: number,
) {
  const multi = multiSourceSearch(net, seeds, maxCost);
  const best = new Float64Array(net.nodeCount).fill(Infinity);
  const bestLabel = new Int32Array(net.nodeCount).fill(-1);
  const labels = [...new Set(Array.from(seeds.label))].sort((a, b) => a - b);
  for (const l of labels) {
    const nodes: number[] = [];
    const costs: number[] = [];
    for (let i = 0; i < seeds.label.length; i++) if (seeds.label[i] === l) (nodes.push(seeds.node[i]), costs.push(seeds.cost[i]));
    const d = referenceDijkstra(net, nodes, costs, maxCost);
    for (let v = 0; v < net.nodeCount; v++) {
      if (d[v] < best[v]) ((best[v] = d[v]), (bestLabel[v] = l));
    }
  }
  let reached = 0;
  for (let v = 0; v < net.nodeCount; v++) {
    expect(multi.cost[v], `cost of node ${v}`).toBe(best[v]);
    expect(multi.label[v], `label of node ${v}`).toBe(bestLabel[v]);
    if (best[v] < Infinity) reached++;
  }
  return reached;
}

describe('multi-source bounded Dijkstra', () => {
  it('equals per-source brute force on 30 seeded random graphs (one-ways, ties, partial-edge seeds)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(seed * 7919);
      const n = 20 + Math.floor(r() * 80);
      const net = randomNetwork(seed, n, Math.floor(n * (1.2 + r())));
      const k = 1 + Math.floor(r() * 6);
      const node: number[] = [];
      const cost: number[] = [];
      const label: number[] = [];
      for (let s = 0; s < k; s++) {
        // a source on an edge seeds both ends with partial costs
        const e = Math.floor(r() * net.edgeCount);
        const f = r() < 0.2 ? 0 : r();
        if (net.edgeTimeFwd[e] < Infinity) (node.push(net.edgeFrom[e]), cost.push(f * net.edgeTimeFwd[e]), label.push(s));
        if (net.edgeTimeBwd[e] < Infinity) (node.push(net.edgeTo[e]), cost.push((1 - f) * net.edgeTimeBwd[e]), label.push(s));
      }
      // a duplicate source at the same node as another one forces exact ties
      if (node.length > 0) (node.push(node[0]), cost.push(cost[0]), label.push(k));
      const bound = seed % 3 === 0 ? Infinity : 200 + r() * 800;
      checkAgainstBruteForce(net, { node, cost, label }, bound);
    }
  });

  it('equals per-source brute force on the Monaco walking network (every node)', async () => {
    const { network: net } = await importOsmNetwork(readFileSync(new URL('../../../server/seed/osm/monaco.osm.pbf', import.meta.url)));
    const r = rng(42);
    const lon: number[] = [];
    const lat: number[] = [];
    for (let i = 0; i < 12; i++) {
      const v = Math.floor(r() * net.nodeCount);
      lon.push(net.nodeLon[v] + (r() - 0.5) * 0.001);
      lat.push(net.nodeLat[v] + (r() - 0.5) * 0.001);
    }
    const snapped = snapPoints(net, lon, lat);
    const seeds = destinationSeeds(net, snapped, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]); // 6 facilities × 2 entrances
    const reached = checkAgainstBruteForce(net, seeds, 900);
    expect(reached).toBeGreaterThan(500);
    const unbounded = checkAgainstBruteForce(net, seeds, Infinity);
    expect(unbounded).toBe(net.nodeCount); // largest component only: every node reachable on foot
  });

  it('follows arcs backwards: time is node → facility on one-way streets', () => {
    // 0 —(100 s, one-way 0→1)→ 1, facility at node 1
    const net = networkFromEdges({
      nodeLon: [120, 120.001],
      nodeLat: [30, 30],
      edgeFrom: [0],
      edgeTo: [1],
      edgeLengthM: [96],
      edgeTimeFwd: [100],
      edgeTimeBwd: [Infinity],
    });
    const toOne = multiSourceSearch(net, { node: [1], cost: [0], label: [7] });
    expect(Array.from(toOne.cost)).toEqual([100, 0]);
    expect(Array.from(toOne.label)).toEqual([7, 7]);
    const toZero = multiSourceSearch(net, { node: [0], cost: [0], label: [3] });
    expect(Array.from(toZero.cost)).toEqual([0, Infinity]);
    expect(Array.from(toZero.label)).toEqual([3, -1]);
  });
});
