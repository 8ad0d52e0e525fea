/**
 * Ranking with an explicit tie rule in O(n) expected time (bucket-sort order, order.ts), no
 * per-unit objects.
 *
 * Descending ranks (1 = highest score) are used for results; ascending ranks (1 = lowest)
 * reproduce R's `rank(x, ties.method = …, na.last = "keep")` used by COINr `n_rank`.
 * Tie rules (R names): min (competition "1224", COINr default), max ("1334"),
 * average ("1 2.5 2.5 4"), dense ("1223"), first (ties broken by unit order).
 * Missing values (NaN) get rank NaN and do not count.
 */

import { orderIndices, type Order } from './order.js';

export type TieRule = 'min' | 'max' | 'average' | 'dense' | 'first';

function ranksFromOrder(n: number, { idx, keys }: Order, ties: TieRule): Float64Array {
  const out = new Float64Array(n);
  const m = idx.length;
  if (m < n) out.fill(NaN); // the slots of missing values stay NaN
  if (ties === 'min') {
    minRanks(idx, keys, out);
    return out;
  }
  let p = 0;
  let dense = 0;
  while (p < m) {
    const v = keys[p];
    let q = p + 1;
    while (q < m && keys[q] === v) q++;
    dense++;
    // positions p..q-1 (0-based) are tied
    for (let k = p; k < q; k++) out[idx[k]] = ties === 'max' ? q : ties === 'average' ? (p + 1 + q) / 2 : ties === 'dense' ? dense : k + 1;
    p = q;
  }
  return out;
}

/** Competition ranks ("1224"): a run of equal values all get the position of its first. */
function minRanks(idx: Uint32Array, keys: Float64Array, out: Float64Array): void {
  let r = 0;
  let prev = NaN;
  for (let k = 0; k < idx.length; k++) {
    const v = keys[k];
    if (v !== prev) {
      r = k + 1;
      prev = v;
    }
    out[idx[k]] = r;
  }
}

/**
 * The order's index and value arrays, kept between calls: ranking a million units needs 12 MB of
 * them, and fresh memory costs page faults on first touch and unmapping when freed.
 */
let workspace: Order = { idx: new Uint32Array(0), keys: new Float64Array(0) };

function ordered(x: ArrayLike<number>, descending: boolean): Order {
  if (workspace.idx.length < x.length) workspace = { idx: new Uint32Array(x.length), keys: new Float64Array(x.length) };
  return orderIndices(x, descending, workspace);
}

/** Ranks with 1 = smallest (R `rank`). */
export function rankAscending(x: ArrayLike<number>, ties: TieRule = 'min'): Float64Array {
  return ranksFromOrder(x.length, ordered(x, false), ties);
}

/** Ranks with 1 = largest, the convention for scores. */
export function rankDescending(x: ArrayLike<number>, ties: TieRule = 'min'): Float64Array {
  return ranksFromOrder(x.length, ordered(x, true), ties);
}

/**
 * Descending ranks computed separately inside each group (`groups[i]` = group key, null = no group
 * → rank NaN).
 */
export function rankWithinGroups(x: ArrayLike<number>, groups: readonly (string | null)[], ties: TieRule = 'min'): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  const members = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (g === null || g === undefined) continue;
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(i);
  }
  for (const list of members.values()) {
    const sub = new Float64Array(list.length);
    for (let k = 0; k < list.length; k++) sub[k] = x[list[k]];
    const r = rankDescending(sub, ties);
    for (let k = 0; k < list.length; k++) out[list[k]] = r[k];
  }
  return out;
}
