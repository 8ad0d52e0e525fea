/**
 * Sort order of a numeric column without comparison-sorting a million keys. Stable: equal values
 * keep ascending unit order, so "first" ties are by position. Returns the indices of the
 * non-missing values and their values, best (largest) first when `descending`.
 *
 * Large columns (≥ 4096 values): the values are quantised to 22-bit keys on their range,
 * q = ⌊(max − v)·(2²² − 1)/(max − min)⌋ (or v − min ascending), which is monotone in v, and
 * radix-sorted most significant digit first (one scatter pass into 2,048 buckets, then each bucket
 * in cache by the low 11 bits; both stable). Values then only differ in order inside one key, which
 * an insertion pass fixes. If that pass moves too much (values concentrated in few keys, e.g. one far outlier) or
 * the range is not finite, the bucket sort below finishes the job.
 * Small columns, and the fallback: a bucket (distribution) sort on the value range that carries the
 * keys with the indices, O(n) expected for any distribution without heavy mass concentration;
 * over-full buckets are bucket-sorted again on their own range (depth ≤ 6, then a comparison
 * sort), small ones get an insertion sort.
 */

const SMALL = 32;
const MAX_DEPTH = 6;
const RADIX_MIN = 4096;
const DIGIT = 11;
const RADIX = 1 << DIGIT;
const TOP_KEY = (1 << (2 * DIGIT)) - 1;

export interface Order {
  idx: Uint32Array;
  keys: Float64Array;
}

/** `into`: arrays of length ≥ x.length to fill (the result is then views of them). */
export function orderIndices(x: ArrayLike<number>, descending: boolean, into?: Order): Order {
  const { m, min, max } = countRange(x);
  const scale = TOP_KEY / (max - min);
  if (m >= RADIX_MIN && scale > 0 && Number.isFinite(scale)) {
    const o = into ? order(into.idx.subarray(0, m), into.keys.subarray(0, m)) : order(new Uint32Array(m), new Float64Array(m));
    radixOrder(x, descending, descending ? max : min, scale, o);
    if (!insertionFix(o.keys, o.idx, descending, 8 * m)) sortAll(o, descending);
    return o;
  }
  const o = compact(x, m);
  sortAll(o, descending);
  return o;
}

// Hot loops end in `return` of a call (see entropySums in fastlog.ts for why).
function countRange(x: ArrayLike<number>): { m: number; min: number; max: number } {
  const n = x.length;
  let m = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === v) {
      m++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return range(m, min, max);
}

function range(m: number, min: number, max: number): { m: number; min: number; max: number } {
  return { m, min, max };
}

function compact(x: ArrayLike<number>, m: number): Order {
  const idx = new Uint32Array(m);
  const keys = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      idx[j] = i;
      keys[j++] = v;
    }
  }
  return order(idx, keys);
}

function order(idx: Uint32Array, keys: Float64Array): Order {
  return { idx, keys };
}

function sortAll({ idx, keys }: Order, descending: boolean): void {
  const m = idx.length;
  if (m > 1) sortRange(keys, idx, { idx: new Uint32Array(m), keys: new Float64Array(m), bucket: new Uint32Array(m) }, 0, m, descending, 0);
}

/**
 * MSD radix sort on the quantised keys: one scatter pass by the top 11 bits (values carried with
 * their indices), then each bucket (a few hundred values, in cache) by the low 11 bits.
 */
function radixOrder(x: ArrayLike<number>, desc: boolean, origin: number, scale: number, { idx, keys }: Order): void {
  const starts = new Uint32Array(RADIX + 1);
  histogramHigh(x, desc, origin, scale, starts);
  let largest = 0;
  for (let b = 0; b < RADIX; b++) {
    const c = starts[b + 1];
    if (c > largest) largest = c;
    starts[b + 1] += starts[b];
  }
  scatterHigh(x, desc, origin, scale, starts.slice(0, RADIX), idx, keys);
  const scratch = { idx: new Uint32Array(largest), keys: new Float64Array(largest), bucket: new Uint32Array(largest) };
  const ends = new Uint32Array(largest + 1);
  for (let b = 0; b < RADIX; b++) {
    const lo = starts[b];
    const hi = starts[b + 1];
    if (hi - lo > SMALL) spreadBucket(keys, idx, lo, hi, desc, scratch, ends);
  }
}

/**
 * One distribution pass over keys[lo, hi) (in cache) into hi − lo sub-buckets of its own value range;
 * what remains out of order is left to the insertion pass.
 */
function spreadBucket(keys: Float64Array, idx: Uint32Array, lo: number, hi: number, desc: boolean, s: Scratch, ends: Uint32Array): void {
  const { min, max } = rangeOf(keys, lo, hi);
  if (max > min && Number.isFinite(max - min)) distribute(keys, idx, lo, hi, desc, min, max, hi - lo, s, ends);
}

function rangeOf(keys: Float64Array, lo: number, hi: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let k = lo; k < hi; k++) {
    const v = keys[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * A stable distribution pass of keys[lo, hi) (with their indices) into nb equal-width buckets of
 * [min, max], best first when `desc`, through the scratch arrays. Afterwards ends[b] is the end of
 * bucket b relative to lo (so bucket b is [ends[b − 1], ends[b]), with ends[−1] = 0).
 */
function distribute(
  keys: Float64Array,
  idx: Uint32Array,
  lo: number,
  hi: number,
  desc: boolean,
  min: number,
  max: number,
  nb: number,
  s: Scratch,
  ends: Uint32Array,
): void {
  const scale = nb / (max - min);
  ends.fill(0, 0, nb + 1);
  const bucket = s.bucket; // scratch is indexed from 0 for the range [lo, hi)
  for (let k = lo; k < hi; k++) {
    let b = Math.floor((desc ? max - keys[k] : keys[k] - min) * scale);
    if (b >= nb) b = nb - 1;
    bucket[k - lo] = b;
    ends[b + 1]++;
  }
  for (let b = 0; b < nb; b++) ends[b + 1] += ends[b];
  const ti = s.idx;
  const tk = s.keys;
  for (let k = lo; k < hi; k++) {
    const p = ends[bucket[k - lo]]++;
    ti[p] = idx[k];
    tk[p] = keys[k];
  }
  idx.set(ti.subarray(0, hi - lo), lo);
  keys.set(tk.subarray(0, hi - lo), lo);
}

function quantum(v: number, desc: boolean, origin: number, scale: number): number {
  const b = Math.floor((desc ? origin - v : v - origin) * scale);
  return b > TOP_KEY ? TOP_KEY : b;
}

function histogramHigh(x: ArrayLike<number>, desc: boolean, origin: number, scale: number, starts: Uint32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === v) starts[(quantum(v, desc, origin, scale) >>> DIGIT) + 1]++;
  }
}

function scatterHigh(
  x: ArrayLike<number>,
  desc: boolean,
  origin: number,
  scale: number,
  pos: Uint32Array,
  idx: Uint32Array,
  keys: Float64Array,
): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    const p = pos[quantum(v, desc, origin, scale) >>> DIGIT]++;
    idx[p] = i;
    keys[p] = v;
  }
}

/**
 * Insertion sort of nearly sorted data (stable: equal values never pass each other). Returns false,
 * leaving the arrays a valid permutation, when more than `budget` element moves would be needed.
 */
function insertionFix(keys: Float64Array, idx: Uint32Array, desc: boolean, budget: number): boolean {
  const m = keys.length;
  let moves = 0;
  for (let k = 1; k < m; k++) {
    const v = keys[k];
    const prev = keys[k - 1];
    if (desc ? prev >= v : prev <= v) continue;
    const id = idx[k];
    let p = k - 1;
    while (p >= 0 && (desc ? keys[p] < v : keys[p] > v)) {
      keys[p + 1] = keys[p];
      idx[p + 1] = idx[p];
      p--;
    }
    keys[p + 1] = v;
    idx[p + 1] = id;
    moves += k - 1 - p;
    if (moves > budget) return false;
  }
  return true;
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
  const { min, max } = rangeOf(keys, lo, hi);
  if (min === max) return; // all tied: already in index order (stable)
  const nb = Math.max(1, len >> 2);
  const scale = nb / (max - min);
  if (!Number.isFinite(scale) || scale === 0) return comparisonSort(keys, idx, lo, hi, desc);
  const ends = new Uint32Array(nb + 1);
  distribute(keys, idx, lo, hi, desc, min, max, nb, s, ends);
  for (let b = 0; b < nb; b++) {
    const a = b === 0 ? 0 : ends[b - 1];
    if (ends[b] - a > 1) sortRange(keys, idx, s, lo + a, lo + ends[b], desc, depth + 1);
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
