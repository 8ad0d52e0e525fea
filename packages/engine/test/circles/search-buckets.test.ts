import { describe, expect, it } from 'vitest';
import { multiSourceSearch, networkFromEdges, SearchWorkspace, type RoadNetwork, type Seeds } from '@gongfu/engine/circles';
import { heapMultiSourceSearch } from './heap-search.js';
import { rng } from './helpers.js';

/**
 * The bucketed search (search.ts) against the single-heap search it replaced (heap-search.ts),
 * node for node: the same cost to the last bit, the same label (ties → smallest label) and the
 * same number of settled nodes — for the automatic bucket width and for forced widths that put
 * many nodes in one bucket (the exact per-bucket heap), one per bucket, or far more buckets.
 */

/** Random graph whose arc costs come from `costs` (zeros and repeated values force ties). */
function tieGraph(seed: number, n: number, m: number, costs: number[]): RoadNetwork {
  const r = rng(seed);
  const from: number[] = [];
  const to: number[] = [];
  for (let v = 1; v < n; v++) (from.push(v), to.push(Math.floor(r() * v)));
  while (from.length < m) {
    const a = Math.floor(r() * n);
    const b = Math.floor(r() * n);
    if (a !== b) (from.push(a), to.push(b));
  }
  const pick = () => costs[Math.floor(r() * costs.length)];
  const fwd = from.map(() => (r() < 0.1 ? Infinity : pick()));
  const bwd = from.map((_a, e) => (fwd[e] === Infinity || r() > 0.1 ? pick() : Infinity));
  return networkFromEdges({
    nodeLon: Array.from({ length: n }, () => 120 + r() * 0.01),
    nodeLat: Array.from({ length: n }, () => 30 + r() * 0.01),
    edgeFrom: from,
    edgeTo: to,
    edgeLengthM: from.map(() => 1),
    edgeTimeFwd: fwd,
    edgeTimeBwd: bwd,
  });
}

/** Several seeds per node and per label, duplicates, costs on the arc-cost grid and far beyond it. */
function randomSeeds(seed: number, n: number, costs: number[]): Seeds {
  const r = rng(seed);
  const node: number[] = [];
  const cost: number[] = [];
  const label: number[] = [];
  const k = 1 + Math.floor(r() * 12);
  for (let i = 0; i < k; i++) {
    const v = Math.floor(r() * n);
    const x = r();
    const c = x < 0.4 ? 0 : x < 0.7 ? costs[Math.floor(r() * costs.length)] : x < 0.9 ? r() * 5 : 20 + r() * 200;
    const l = Math.floor(r() * 6);
    (node.push(v), cost.push(c), label.push(l));
    if (r() < 0.3) (node.push(v), cost.push(c), label.push(l)); // the same seed twice
    if (r() < 0.3) (node.push(v), cost.push(c), label.push((l + 3) % 7)); // same node and cost, other label
    if (r() < 0.2) (node.push(Math.floor(r() * n)), cost.push(c), label.push(l)); // same label elsewhere
  }
  return { node, cost, label };
}

function expectSame(net: RoadNetwork, seeds: Seeds, bound: number, width: number | undefined, ws: SearchWorkspace, what: string) {
  const ref = heapMultiSourceSearch(net, seeds, bound);
  const got = multiSourceSearch(net, seeds, bound, ws, width);
  for (let v = 0; v < net.nodeCount; v++) {
    if (got.cost[v] !== ref.cost[v] || got.label[v] !== ref.label[v]) {
      expect(`${what}, node ${v}: cost ${got.cost[v]} label ${got.label[v]}`).toBe(
        `${what}, node ${v}: cost ${ref.cost[v]} label ${ref.label[v]}`,
      );
    }
  }
  expect(got.settled, `${what}: settled`).toBe(ref.settled);
  return ref;
}

const COST_SETS: [string, number[]][] = [
  ['integer costs with zeros', [0, 0, 1, 2, 3]],
  ['integer costs, no zeros', [1, 2, 3]],
  ['0.1/0.2/0.3 (float sums that differ by order)', [0.1, 0.2, 0.3, 0.7]],
  ['tiny and large costs', [1e-9, 0.5, 40, 300]],
  ['zeros and fractions', [0, 0.25, 0.1, 3.3]],
];

describe('bucketed multi-source search = single-heap search', () => {
  it('on 200 random graphs with zero-cost arcs, equal-cost ties, repeated seeds and bounds, at several bucket widths', () => {
    let ties = 0;
    let reached = 0;
    for (let g = 0; g < 200; g++) {
      const [name, costs] = COST_SETS[g % COST_SETS.length];
      const r = rng(1000 + g);
      const n = 10 + Math.floor(r() * 150);
      const net = tieGraph(g + 1, n, Math.floor(n * (1.1 + 1.5 * r())), costs);
      const seeds = randomSeeds(5000 + g, n, costs);
      const bound = [Infinity, 2, 3.3, 6, 50][g % 5];
      const ws = new SearchWorkspace(n);
      for (const width of [undefined, 1e-3, 0.05, 0.5, 1, 2.5, 1e4]) {
        const ref = expectSame(net, seeds, bound, width, ws, `graph ${g} (${name}), bound ${bound}, width ${width ?? 'auto'}`);
        if (width === undefined) {
          for (let v = 0; v < n; v++) if (ref.label[v] >= 0) reached++;
        }
      }
      // exact-cost ties between different labels are what the tie rule decides: make sure there are many
      const ref = heapMultiSourceSearch(net, seeds, bound);
      for (let v = 0; v < n; v++) {
        for (let a = net.inOffset[v]; a < net.inOffset[v + 1]; a++) {
          const u = net.inFrom[a];
          if (ref.label[u] >= 0 && ref.label[v] >= 0 && ref.label[u] !== ref.label[v] && ref.cost[u] === ref.cost[v] + net.inCost[a])
            ties++;
        }
      }
    }
    expect(reached).toBeGreaterThan(5000);
    expect(ties).toBeGreaterThan(200);
  });

  it('reuses one workspace across networks, bounds and seeds far apart in cost (the seed list ahead of the ring)', () => {
    const ws = new SearchWorkspace(300);
    for (let g = 0; g < 20; g++) {
      const net = tieGraph(700 + g, 300, 700, [0.5, 1, 1.5, 0, 2]);
      const r = rng(g);
      const seeds = {
        node: Array.from({ length: 8 }, () => Math.floor(r() * 300)),
        cost: Array.from({ length: 8 }, (_x, i) => i * 1000 + r()), // far beyond the ring's reach
        label: Array.from({ length: 8 }, (_x, i) => 7 - i),
      };
      expectSame(net, seeds, Infinity, undefined, ws, `graph ${g}, unbounded`);
      expectSame(net, seeds, 3500, 0.01, ws, `graph ${g}, bound 3500`);
    }
  });

  it('returns nothing settled for no seeds or only seeds beyond the bound', () => {
    const net = tieGraph(3, 20, 40, [1, 2]);
    const none = multiSourceSearch(net, { node: [], cost: [], label: [] }, 10);
    expect(none.settled).toBe(0);
    expect(Array.from(none.label).every((l) => l === -1)).toBe(true);
    const beyond = multiSourceSearch(net, { node: [1, 2], cost: [11, Infinity], label: [0, 1] }, 10);
    expect(beyond.settled).toBe(0);
    expect(Array.from(beyond.cost).every((c) => c === Infinity)).toBe(true);
  });
});
