/**
 * Sort order of a numeric column without comparison-sorting a million values: a one-pass bucket
 * (MSD radix) sort on integer keys quantised from the values, then an exact pass over equal keys.
 *   key(v) = ⌊(v − min)·s⌋ ascending, ⌊(max − v)·s⌋ descending, s = (2^K − 256)/(max − min)
 * Subtraction, multiplication by s > 0 and ⌊·⌋ are monotone in floating point, so v < w gives
 * key(v) ≤ key(w) (descending: ≥). Each key is packed with its unit index i < 2^B into one double,
 * key·2^B + i (exact: K = min(32, 53 − B)), so ordering packed numbers orders by key, then by
 * position (stable) and a single array is scattered. The top bits pick one of ≈ m/8 buckets (one
 * histogram pass, one scatter); buckets are insertion-sorted (typed-array sort when over-full);
 * runs of equal keys are then put in exact value order (insertion sort, or a comparison sort for
 * long runs, e.g. when a few huge values squeeze the rest into a handful of keys). O(m) expected.
 * Returns the indices of the non-missing values, best (largest) first when `descending`, and
 * `same[k]` = 1 when value k equals value k − 1 (for tie rules). Equal values keep ascending unit
 * order, so "first" ties are by position.
 */

const SMALL = 64;

export interface Order {
  idx: Uint32Array;
  same: Uint8Array;
}

/** `scratch` (length ≥ x.length, e.g. the caller's output array) is used as working memory if given. */
export function orderIndices(x: ArrayLike<number>, descending: boolean, scratch?: Float64Array): Order {
  const n = x.length;
  let m = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    m++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const idx = new Uint32Array(m);
  let idxBits = 1;
  while (2 ** idxBits < n) idxBits++;
  const keyBits = Math.min(32, 53 - idxBits);
  const scale = (2 ** keyBits - 256) / (max - min);
  if (m <= SMALL || keyBits < 16 || !(scale > 0 && scale < Infinity)) {
    // few values, all equal, an infinite range or too many units to pack: no useful integer keys
    let j = 0;
    for (let i = 0; i < n; i++) if (x[i] === x[i]) idx[j++] = i;
    if (min !== max) sortByValue(x, idx, 0, m, descending);
    return { idx, same: sameAsPrevious(x, idx, null) };
  }
  let bits = 1;
  while (bits < 24 && 1 << (bits + 3) < m) bits++;
  const unit = 2 ** idxBits;
  const bucketOf = 2 ** (bits - keyBits - idxBits); // packed · bucketOf = top `bits` bits of the key
  const packed = pack(x, min, max, scale, descending, unit, scratch ?? new Float64Array(n));
  const start = new Uint32Array((1 << bits) + 1);
  for (let i = 0; i < n; i++) {
    const p = packed[i];
    if (p === p) start[Math.floor(p * bucketOf) + 1]++;
  }
  for (let b = 0; b < 1 << bits; b++) start[b + 1] += start[b];
  const pos = start.slice(0, 1 << bits);
  const sorted = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const p = packed[i];
    if (p === p) sorted[pos[Math.floor(p * bucketOf)]++] = p;
  }
  for (let b = 0; b < 1 << bits; b++) {
    const lo = start[b];
    const hi = start[b + 1];
    if (hi - lo > SMALL) sorted.subarray(lo, hi).sort();
    else if (hi - lo > 1) insertion(sorted, lo, hi);
  }
  const key = packed.subarray(0, m); // the packed keys are no longer needed
  for (let k = 0; k < m; k++) {
    const p = sorted[k];
    const kk = Math.floor(p / unit);
    key[k] = kk;
    idx[k] = p - kk * unit;
  }
  fixEqualKeys(x, key, idx, descending);
  return { idx, same: sameAsPrevious(x, idx, key) };
}

/** key·2^idxBits + unit index, exact in a double (key < 2^keyBits, keyBits + idxBits ≤ 53); NaN for missing. */
function pack(x: ArrayLike<number>, min: number, max: number, s: number, desc: boolean, unit: number, out: Float64Array): Float64Array {
  if (desc) for (let i = 0; i < x.length; i++) out[i] = Math.floor((max - x[i]) * s) * unit + i;
  else for (let i = 0; i < x.length; i++) out[i] = Math.floor((x[i] - min) * s) * unit + i;
  return out;
}

function insertion(a: Float64Array, lo: number, hi: number): void {
  for (let k = lo + 1; k < hi; k++) {
    const v = a[k];
    let p = k - 1;
    while (p >= lo && a[p] > v) {
      a[p + 1] = a[p];
      p--;
    }
    a[p + 1] = v;
  }
}

/**
 * Runs of equal keys (rare: equal values, or distinct values closer than the key resolution) by
 * exact value, stably: insertion sort, or a comparison sort for long runs.
 */
function fixEqualKeys(x: ArrayLike<number>, key: Float64Array, idx: Uint32Array, desc: boolean): void {
  const m = idx.length;
  let p = 0;
  while (p < m) {
    let e = p + 1;
    while (e < m && key[e] === key[p]) e++;
    if (e - p > SMALL) sortByValue(x, idx, p, e, desc);
    else
      for (let k = p + 1; k < e; k++) {
        const id = idx[k];
        const v = x[id];
        let j = k - 1;
        while (j >= p && (desc ? x[idx[j]] < v : x[idx[j]] > v)) {
          idx[j + 1] = idx[j];
          j--;
        }
        idx[j + 1] = id;
      }
    p = e;
  }
}

/** Comparison sort of idx[lo..hi) by value, then by index. */
function sortByValue(x: ArrayLike<number>, idx: Uint32Array, lo: number, hi: number, desc: boolean): void {
  const part = Array.from(idx.subarray(lo, hi));
  part.sort((a, b) => (desc ? x[b] - x[a] : x[a] - x[b]) || a - b);
  idx.set(part, lo);
}

/** same[k] = 1 when the k-th value equals the previous one (equal values have equal keys). */
function sameAsPrevious(x: ArrayLike<number>, idx: Uint32Array, key: Float64Array | null): Uint8Array {
  const same = new Uint8Array(idx.length);
  for (let k = 1; k < idx.length; k++) if ((key === null || key[k] === key[k - 1]) && x[idx[k]] === x[idx[k - 1]]) same[k] = 1;
  return same;
}
