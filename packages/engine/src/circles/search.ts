/**
 * Multi-source bounded Dijkstra (Dijkstra 1959, with all sources in the initial queue — the
 * "super-source" construction; pgRouting's pgr_drivingDistance(…, equicost := true) gives the
 * same partition of the graph into nearest-facility areas), on a two-level bucket queue.
 *
 * One search per facility category answers, for every node v, the travel time from v to the
 * nearest facility and which one: arcs are followed backwards (RoadNetwork's incoming-arc CSR),
 * so the time is v → facility even on one-way streets. A seed is (node, initial cost, label):
 * a facility snapped onto an edge seeds both end nodes with the partial edge time plus its
 * off-network walk. Nodes are settled in (cost, label, node) order, so ties go to the smallest
 * label — the same answer as a separate Dijkstra per source followed by a minimum with the
 * same tie rule. The search stops at `maxCost` (inclusive); farther nodes stay at Infinity / -1.
 *
 * Queue (issue 19): Dial's bucket queue (Dial 1969, "Algorithm 360: shortest-path forest with
 * topological ordering", CACM 12(11); the circular bucket array of Cherkassky, Goldberg &
 * Radzik 1996, "Shortest paths algorithms: theory and experimental evaluation", §3) over exact
 * float costs — buckets only group, cost[] keeps the float sums. A node of cost c sits in
 * bucket b(c) = ⌊c / w⌋; b is monotone in c and a relaxation never yields less than the cost
 * being settled, so every bucket below the current one is final. Two modes:
 * - direct (w = min arc / 2, no zero-cost arcs): c + a ≥ c + 2w lands ≥ 1 bucket ahead even
 *   after rounding, so no node can improve another of its bucket: every node in the current
 *   bucket is already final and the bucket is settled in any order. The final (cost, label)
 *   of a node is the lexicographic minimum over its in-neighbours' final values plus the arc,
 *   which does not depend on that order — the same float additions along the same paths;
 * - exact (otherwise: zero-cost arcs, or arcs so cheap next to the dearest that the ring cap
 *   sets w > min arc / 2): the current bucket is a small binary heap in (cost, label, node)
 *   order — the pop order of the single-heap search.
 * Both give the single-heap search's result (test/circles/heap-search.ts, tested node for node) and its
 * `settled` count. Arcs cost ≤ maxArc, so live buckets span ≤ maxArc / w + 3 and a ring of
 * B ≥ that (≤ 2^15; w grows when arc costs spread wider, switching to the exact mode) suffices;
 * seeds farther ahead wait in a sorted list until the ring reaches them. Buckets are singly
 * linked lists in a recycled entry pool; a node gets one entry per bucket it enters (costs only
 * fall, so it never re-enters one); stale entries and stale heap keys are skipped (lazy
 * deletion, no position array). Complexity O(V + E + C / w) per category in the direct mode
 * (C the largest cost settled), O(V log h + E + C / w) in the exact mode with h the current
 * bucket's size — against O((V + E) log V) for the single heap.
 */
import type { RoadNetwork } from './network.js';

export interface Seeds {
  node: ArrayLike<number>;
  cost: ArrayLike<number>;
  label: ArrayLike<number>;
}

export interface SearchResult {
  /** Travel time (s) from each node to its nearest source, Infinity beyond maxCost. */
  cost: Float64Array;
  /** Label (facility index) of that source, -1 when unreached. */
  label: Int32Array;
  /** Nodes settled. */
  settled: number;
}

interface Widths {
  /** 1 / bucket width. */
  inv: number;
  /** Bucket offsets a relaxation can reach ahead of the current bucket (with rounding margin). */
  reach: number;
  /** Every arc costs ≥ 2 widths: no node can improve another of its bucket (settle in any order). */
  direct: boolean;
}

/** Largest ring of buckets (the width grows when arc costs spread wider). */
const MAX_RING = 1 << 15;

const arcStats = new WeakMap<Float64Array, Widths>();

/** Bucket width for a network's arc costs (cached per CSR cost array). */
function widths(inCost: Float64Array, widthOverride?: number): Widths {
  if (widthOverride === undefined) {
    const hit = arcStats.get(inCost);
    if (hit) return hit;
  }
  let maxArc = 0;
  let minArc = Infinity;
  for (let k = 0; k < inCost.length; k++) {
    const c = inCost[k];
    if (c > maxArc) maxArc = c;
    if (c < minArc) minArc = c;
  }
  let w = widthOverride ?? minArc / 2;
  if (maxArc / w > MAX_RING) w = maxArc / MAX_RING;
  if (!(w > 0 && w < Infinity)) w = 1;
  const inv = 1 / w;
  const out = { inv, reach: Math.ceil(maxArc * inv) + 3, direct: minArc >= 2 * w };
  if (widthOverride === undefined) arcStats.set(inCost, out);
  return out;
}

/** Reusable queue storage for repeated searches on one network. */
export class SearchWorkspace {
  /** Bucket lists: head entry per ring slot, entries in a recycled pool. */
  head: Int32Array = new Int32Array(0);
  entNode: Int32Array = new Int32Array(1024);
  entNext: Int32Array = new Int32Array(1024);
  /** Current bucket's lazy heap: key (cost), label, node. */
  hKey: Float64Array = new Float64Array(1024);
  hLab: Int32Array = new Int32Array(1024);
  hNode: Int32Array = new Int32Array(1024);
  constructor(readonly nodeCount: number) {}
}

function grow32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The search. `bucketWidth` overrides the automatic width (tests and benches only: any
 * positive width gives the same result).
 */
export function multiSourceSearch(
  net: RoadNetwork,
  seeds: Seeds,
  maxCost = Infinity,
  workspace?: SearchWorkspace,
  bucketWidth?: number,
): SearchResult {
  const n = net.nodeCount;
  const ws = workspace && workspace.nodeCount === n ? workspace : new SearchWorkspace(n);
  const cost = new Float64Array(n).fill(Infinity);
  const label = new Int32Array(n).fill(-1);
  const { inOffset, inFrom, inCost } = net;

  // Seeds: best (cost, label) per node, then the surviving seeds in (cost, label, node) order.
  for (let i = 0; i < seeds.node.length; i++) {
    const v = seeds.node[i];
    const c = seeds.cost[i];
    const l = seeds.label[i];
    if (!(c <= maxCost)) continue;
    if (c < cost[v] || (c === cost[v] && l < label[v])) {
      cost[v] = c;
      label[v] = l;
    }
  }
  const order: number[] = [];
  for (let i = 0; i < seeds.node.length; i++) {
    const v = seeds.node[i];
    if (cost[v] === seeds.cost[i] && label[v] === seeds.label[i]) order.push(v);
  }
  order.sort((a, b) => cost[a] - cost[b] || label[a] - label[b] || a - b);
  const seedNode: number[] = [];
  const seedCost: number[] = [];
  const seedLabel: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    if (i > 0 && v === order[i - 1]) continue; // the same seed given twice
    seedNode.push(v);
    seedCost.push(cost[v]);
    seedLabel.push(label[v]);
  }
  if (seedNode.length === 0) return { cost, label, settled: 0 };

  const { inv, reach, direct } = widths(inCost, bucketWidth);
  let ringSize = 16;
  while (ringSize < reach + 2) ringSize *= 2;
  const mask = ringSize - 1;
  if (ws.head.length !== ringSize) ws.head = new Int32Array(ringSize).fill(-1);
  const head = ws.head;
  let entNode = ws.entNode;
  let entNext = ws.entNext;
  let freeEnt = -1;
  let entUsed = 0;
  let pending = 0;
  let hKey = ws.hKey;
  let hLab = ws.hLab;
  let hNode = ws.hNode;
  let hSize = 0;

  let cur = Math.floor(seedCost[0] * inv);
  let slot = 0;
  let nextSeed = 0;
  let settled = 0;

  for (;;) {
    // Seeds whose bucket has come within reach join their bucket's list.
    while (nextSeed < seedNode.length) {
      const b = Math.floor(seedCost[nextSeed] * inv);
      if (b > cur + reach) break;
      const v = seedNode[nextSeed];
      const stale = cost[v] !== seedCost[nextSeed] || label[v] !== seedLabel[nextSeed];
      nextSeed++;
      if (stale) continue; // a seed improved on by a search path already has that path's entry
      let e = freeEnt;
      if (e >= 0) freeEnt = entNext[e];
      else {
        e = entUsed++;
        if (e === entNode.length) {
          entNode = grow32(entNode);
          entNext = grow32(entNext);
        }
      }
      const s = (slot + (b - cur)) & mask;
      entNode[e] = v;
      entNext[e] = head[s];
      head[s] = e;
      pending++;
    }
    // Load the current bucket into the heap (entries whose node has since moved down are stale).
    let e = head[slot];
    if (e >= 0) {
      const first = e;
      head[slot] = -1;
      let last = e;
      while (e >= 0) {
        const v = entNode[e];
        const c = cost[v];
        pending--;
        if (Math.floor(c * inv) === cur) {
          // push (c, label[v], v)
          if (hSize === hKey.length) {
            const k2 = new Float64Array(hSize * 2);
            k2.set(hKey);
            hKey = k2;
            hLab = grow32(hLab);
            hNode = grow32(hNode);
          }
          const l = label[v];
          let i = hSize++;
          while (!direct && i > 0) {
            const p = (i - 1) >> 1;
            const kp = hKey[p];
            if (kp < c) break;
            if (kp === c) {
              const lp = hLab[p];
              if (lp < l || (lp === l && hNode[p] < v)) break;
            }
            hKey[i] = kp;
            hLab[i] = hLab[p];
            hNode[i] = hNode[p];
            i = p;
          }
          hKey[i] = c;
          hLab[i] = l;
          hNode[i] = v;
        }
        last = e;
        e = entNext[e];
      }
      entNext[last] = freeEnt; // recycle the whole chain
      freeEnt = first;
    }
    while (hSize > 0) {
      // pop (in direct mode the bucket is a stack: its order is immaterial)
      const n1 = --hSize;
      const top = direct ? n1 : 0;
      const v = hNode[top];
      const cv = hKey[top];
      const lv = hLab[top];
      if (!direct && n1 > 0) {
        const k = hKey[n1];
        const l = hLab[n1];
        const x = hNode[n1];
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= n1) break;
          let kc = hKey[c];
          let lc = hLab[c];
          let xc = hNode[c];
          if (c + 1 < n1) {
            const k2 = hKey[c + 1];
            const l2 = hLab[c + 1];
            const x2 = hNode[c + 1];
            if (k2 < kc || (k2 === kc && (l2 < lc || (l2 === lc && x2 < xc)))) {
              c++;
              kc = k2;
              lc = l2;
              xc = x2;
            }
          }
          if (kc > k || (kc === k && (lc > l || (lc === l && xc > x)))) break;
          hKey[i] = kc;
          hLab[i] = lc;
          hNode[i] = xc;
          i = c;
        }
        hKey[i] = k;
        hLab[i] = l;
        hNode[i] = x;
      }
      if (cost[v] !== cv || label[v] !== lv) continue; // stale
      settled++;
      for (let a = inOffset[v], end = inOffset[v + 1]; a < end; a++) {
        const u = inFrom[a];
        const nc = cv + inCost[a];
        if (nc > maxCost) continue;
        const cu = cost[u];
        if (nc < cu || (nc === cu && lv < label[u])) {
          cost[u] = nc;
          label[u] = lv;
          const nb = Math.floor(nc * inv);
          if (nb === cur) {
            if (hSize === hKey.length) {
              const k2 = new Float64Array(hSize * 2);
              k2.set(hKey);
              hKey = k2;
              hLab = grow32(hLab);
              hNode = grow32(hNode);
            }
            let i = hSize++;
            while (!direct && i > 0) {
              const p = (i - 1) >> 1;
              const kp = hKey[p];
              if (kp < nc) break;
              if (kp === nc) {
                const lp = hLab[p];
                if (lp < lv || (lp === lv && hNode[p] < u)) break;
              }
              hKey[i] = kp;
              hLab[i] = hLab[p];
              hNode[i] = hNode[p];
              i = p;
            }
            hKey[i] = nc;
            hLab[i] = lv;
            hNode[i] = u;
          } else if (Math.floor(cu * inv) !== nb) {
            let f = freeEnt;
            if (f >= 0) freeEnt = entNext[f];
            else {
              f = entUsed++;
              if (f === entNode.length) {
                entNode = grow32(entNode);
                entNext = grow32(entNext);
              }
            }
            const s = (slot + (nb - cur)) & mask;
            entNode[f] = u;
            entNext[f] = head[s];
            head[s] = f;
            pending++;
          }
        }
      }
    }
    // Next bucket, or jump to the next seed when nothing else is queued.
    if (pending === 0) {
      if (nextSeed >= seedNode.length) break;
      const b = Math.floor(seedCost[nextSeed] * inv);
      slot = (slot + (b - cur)) & mask;
      cur = b;
    } else {
      cur++;
      slot = (slot + 1) & mask;
    }
  }
  ws.entNode = entNode;
  ws.entNext = entNext;
  ws.hKey = hKey;
  ws.hLab = hLab;
  ws.hNode = hNode;
  return { cost, label, settled };
}
