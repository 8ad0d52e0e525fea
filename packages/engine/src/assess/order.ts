/**
 * Sort order of a numeric column without comparison-sorting a million keys: a bucket
 * (distribution) sort on the value range that carries the keys with the indices, so every pass is
 * sequential except one scatter. O(n) expected for any distribution without heavy mass
 * concentration; over-full buckets are bucket-sorted again on their own range (depth ≤ 6, then a
 * comparison sort), small ones get an insertion sort. Stable: equal values keep ascending unit
 * order, so "first" ties are by position.
 * Returns the indices of the non-missing values and their values, best (largest) first when
 * `descending`.
 */

const SMALL = 32;
const MAX_DEPTH = 6;

export interface Order {
  idx: Uint32Array;
  keys: Float64Array;
}

export function orderIndices(x: ArrayLike<number>, descending: boolean): Order {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (x[i] === x[i]) m++;
  const idx = new Uint32Array(m);
  const keys = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === v) {
      idx[j] = i;
      keys[j++] = v;
    }
  }
  if (m > 1) {
    const scratch = { idx: new Uint32Array(m), keys: new Float64Array(m), bucket: new Uint32Array(m) };
    sortRange(keys, idx, scratch, 0, m, descending, 0);
  }
  return { idx, keys };
}

interface Scratch {
  idx: Uint32Array;
  keys: Float64Array;
  bucket: Uint32Array;
}

function sortRange(keys: Float64Array, idx: Uint32Array, s: Scratch, lo: number, hi: number, desc: boolean, depth: number): void {
  const len = hi - lo;
  if (len <= SMALL) return insertion(keys, idx, lo, hi, desc);
  if (depth >= MAX_DEPTH) return comparisonSort(keys, idx, lo, hi, desc);
  let min = Infinity;
  let max = -Infinity;
  for (let k = lo; k < hi; k++) {
    const v = keys[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return; // all tied: already in index order (stable)
  const nb = Math.max(1, len >> 2);
  const scale = nb / (max - min);
  if (!Number.isFinite(scale) || scale === 0) return comparisonSort(keys, idx, lo, hi, desc);
  const counts = new Uint32Array(nb + 1);
  const bucket = s.bucket;
  for (let k = lo; k < hi; k++) {
    let b = desc ? Math.floor((max - keys[k]) * scale) : Math.floor((keys[k] - min) * scale);
    if (b >= nb) b = nb - 1;
    bucket[k] = b;
    counts[b + 1]++;
  }
  for (let b = 0; b < nb; b++) counts[b + 1] += counts[b];
  const pos = counts.slice(0, nb);
  const ti = s.idx;
  const tk = s.keys;
  for (let k = lo; k < hi; k++) {
    const p = lo + pos[bucket[k]]++;
    ti[p] = idx[k];
    tk[p] = keys[k];
  }
  idx.set(ti.subarray(lo, hi), lo);
  keys.set(tk.subarray(lo, hi), lo);
  for (let b = 0; b < nb; b++) {
    const a = counts[b];
    const e = counts[b + 1];
    if (e - a > 1) sortRange(keys, idx, s, lo + a, lo + e, desc, depth + 1);
  }
}

function insertion(keys: Float64Array, idx: Uint32Array, lo: number, hi: number, desc: boolean): void {
  for (let k = lo + 1; k < hi; k++) {
    const v = keys[k];
    const id = idx[k];
    let p = k - 1;
    while (p >= lo && (desc ? keys[p] < v : keys[p] > v)) {
      keys[p + 1] = keys[p];
      idx[p + 1] = idx[p];
      p--;
    }
    keys[p + 1] = v;
    idx[p + 1] = id;
  }
}

function comparisonSort(keys: Float64Array, idx: Uint32Array, lo: number, hi: number, desc: boolean): void {
  const perm = Array.from({ length: hi - lo }, (_, k) => lo + k);
  perm.sort((a, b) => (desc ? keys[b] - keys[a] : keys[a] - keys[b]) || idx[a] - idx[b]);
  const k2 = perm.map((p) => keys[p]);
  const i2 = perm.map((p) => idx[p]);
  keys.set(k2, lo);
  idx.set(i2, lo);
}
