/**
 * Reference implementation of the multi-source search (search.ts) with one indexed binary heap
 * over all nodes — the engine's search before issue 19, kept here as the oracle its bucketed
 * successor is tested against node for node (search-buckets.test.ts).
 *
 * Multi-source bounded Dijkstra (Dijkstra 1959, with all sources in the initial queue — the
 * "super-source" construction; pgRouting's pgr_drivingDistance(…, equicost := true) gives the
 * same partition of the graph into nearest-facility areas).
 *
 * One search per facility category answers, for every node v, the travel time from v to the
 * nearest facility and which one: arcs are followed backwards (RoadNetwork's incoming-arc CSR),
 * so the time is v → facility even on one-way streets. A seed is (node, initial cost, label):
 * a facility snapped onto an edge seeds both end nodes with the partial edge time plus its
 * off-network walk. Nodes are settled in (cost, label, node) order, so ties go to the smallest
 * label — the same answer as a separate Dijkstra per source followed by a minimum with the
 * same tie rule. The search stops at `maxCost` (inclusive); farther nodes stay at Infinity / -1.
 * Complexity O((V + E) log V) per category with the binary heap on typed arrays (heap.ts).
 */
import { NodeHeap } from './heap.js';
import type { RoadNetwork } from '../../src/circles/network.js';
import type { SearchResult, Seeds } from '../../src/circles/search.js';

export function heapMultiSourceSearch(net: RoadNetwork, seeds: Seeds, maxCost = Infinity, nodeHeap?: NodeHeap): SearchResult {
  const n = net.nodeCount;
  const cost = new Float64Array(n).fill(Infinity);
  const label = new Int32Array(n).fill(-1);
  const heap = nodeHeap && nodeHeap.pos.length === n ? nodeHeap : new NodeHeap(n);
  heap.reset(label);
  for (let i = 0; i < seeds.node.length; i++) {
    const v = seeds.node[i];
    const c = seeds.cost[i];
    const l = seeds.label[i];
    if (!(c <= maxCost)) continue;
    if (c < cost[v] || (c === cost[v] && l < label[v])) {
      cost[v] = c;
      label[v] = l;
      heap.push(v, c);
    }
  }
  const { inOffset, inFrom, inCost } = net;
  let settled = 0;
  while (heap.size > 0) {
    const v = heap.pop();
    settled++;
    const cv = cost[v];
    const lv = label[v];
    for (let k = inOffset[v], end = inOffset[v + 1]; k < end; k++) {
      const u = inFrom[k];
      const nc = cv + inCost[k];
      if (nc > maxCost) continue;
      const cu = cost[u];
      if (nc < cu || (nc === cu && lv < label[u])) {
        cost[u] = nc;
        label[u] = lv;
        heap.push(u, nc);
      }
    }
  }
  return { cost, label, settled };
}
