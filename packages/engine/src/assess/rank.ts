/**
 * Ranking with an explicit tie rule, O(n log n): one native sort of the finite values,
 * then a binary search per unit (no per-unit objects).
 *
 * Descending ranks (1 = highest score) are used for results; ascending ranks (1 = lowest)
 * reproduce R's `rank(x, ties.method = …, na.last = "keep")` used by COINr `n_rank`.
 * Tie rules (R names): min (competition "1224", COINr default), max ("1334"),
 * average ("1 2.5 2.5 4"), dense ("1223"), first (ties broken by unit order).
 * Missing values (NaN) get rank NaN and do not count.
 */

export type TieRule = 'min' | 'max' | 'average' | 'dense' | 'first';

function sortedFinite(x: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) m++;
  const s = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) s[j++] = v;
  }
  s.sort();
  return s;
}

/** First index with s[i] >= v. */
function lowerBound(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with s[i] > v. */
function upperBound(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ranks with 1 = smallest (R `rank`). */
export function rankAscending(x: ArrayLike<number>, ties: TieRule = 'min'): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (ties === 'first') return rankFirst(x, false);
  const s = sortedFinite(x);
  let dense: Int32Array | null = null;
  if (ties === 'dense') {
    dense = new Int32Array(s.length);
    let d = 0;
    for (let i = 0; i < s.length; i++) {
      if (i === 0 || s[i] !== s[i - 1]) d++;
      dense[i] = d;
    }
  }
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    const lo = lowerBound(s, v);
    switch (ties) {
      case 'min':
        out[i] = lo + 1;
        break;
      case 'max':
        out[i] = upperBound(s, v);
        break;
      case 'average':
        out[i] = (lo + 1 + upperBound(s, v)) / 2;
        break;
      case 'dense':
        out[i] = dense![lo];
        break;
    }
  }
  return out;
}

/** Ranks with 1 = largest, the convention for scores. */
export function rankDescending(x: ArrayLike<number>, ties: TieRule = 'min'): Float64Array {
  const n = x.length;
  if (ties === 'first') return rankFirst(x, true);
  const neg = new Float64Array(n);
  for (let i = 0; i < n; i++) neg[i] = -x[i];
  return rankAscending(neg, ties);
}

function rankFirst(x: ArrayLike<number>, descending: boolean): Float64Array {
  const n = x.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (x[i] === x[i]) idx.push(i);
  idx.sort((a, b) => (descending ? x[b] - x[a] : x[a] - x[b]) || a - b);
  const out = new Float64Array(n).fill(NaN);
  for (let r = 0; r < idx.length; r++) out[idx[r]] = r + 1;
  return out;
}

/**
 * Descending ranks computed separately inside each group (`groups[i]` = group key, null = no group
 * → rank NaN). Groups are visited in one pass each; total O(n log n).
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
