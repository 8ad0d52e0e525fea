/**
 * Column loops that need a natural logarithm per value, table-driven:
 *   v = m·2^e, c = 1 + i/1024 (top 10 mantissa bits, so m − c is exact), r = (m − c)/c < 2⁻¹⁰,
 *   ln v = (e − 1023)·ln 2 + ln c + r − r²/2 + r³/3 − r⁴/4
 * Truncation ≤ r⁵/5 < 2·10⁻¹⁶ absolute; about 2× faster than Math.log in V8. The exponent and top
 * mantissa bits come from the value's high word in memory (a Uint32Array view of the column:
 * `entropySums`) or, for computed values, from an integer ⌊v·2^sh⌋ and Math.clz32
 * (`viewEntropySums`, `logShiftedInto`). Zero, subnormal, infinite and NaN inputs go to Math.log.
 * The loops live in this file with the kernel (`lnScaled`, or written out), so V8 inlines it.
 */

import { viewAt, type ColumnView } from './column-view.js';

export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TB = 1024;
const C = new Float64Array(TB);
const LN_C = new Float64Array(TB);
const INV_C = new Float64Array(TB);
for (let i = 0; i < TB; i++) {
  C[i] = 1 + i / TB;
  LN_C[i] = Math.log(C[i]);
  INV_C[i] = 1 / C[i];
}
const INV_POW2 = new Float64Array(2048); // 2^−(e−1023) for biased exponent e
const E_LN2 = new Float64Array(2048); // (e − 1023)·ln 2
for (let e = 0; e < 2048; e++) {
  INV_POW2[e] = Math.pow(2, 1023 - e);
  E_LN2[e] = (e - 1023) * Math.LN2;
}

/** Uint32 view of a Float64Array's buffer: the high word of element i is at 2i + 1 (little-endian). */
export function highWords(x: Float64Array): Uint32Array {
  return new Uint32Array(x.buffer, x.byteOffset, x.length * 2);
}

/** Column sums used by entropy weights: count, Σv, Σ v·ln v (v > 0), zero / negative flags. */
export interface ColumnSums {
  m: number;
  sum: number;
  svl: number;
  anyZero: boolean;
  /** Index of the first negative value, −1 if none. */
  negative: number;
}

/** INV_POW2 with NaN at the zero/subnormal and infinite/NaN exponents: such values poison the sum. */
const INV_POW2_OR_NAN = INV_POW2.slice();
INV_POW2_OR_NAN[0] = NaN;
INV_POW2_OR_NAN[2047] = NaN;

const POW2_NEG = new Float64Array(32); // 2^−e
for (let e = 0; e < 32; e++) POW2_NEG[e] = Math.pow(2, -e);
const E_SHIFTED_LN2 = new Float64Array(32); // (e − sh)·ln 2, filled per call

/**
 * Where a fast loop stopped (the first index of a pair it could not take) and what it summed.
 * Fast loops hold only the common path — a slow branch inside them cost ~35 % in registers — and
 * end in a call (`stop`): V8 compiles a long first call's loop on the fly (on-stack replacement)
 * before the code after the loop has ever run; operations there without type feedback (an object
 * literal, `length − missing`) deoptimised at loop exit on call after call, and the loop kept
 * running unoptimised, boxing every double (measured: 2–6 young-generation GCs and 2–7× the time
 * per million values).
 */
interface Run {
  next: number;
  sum: number;
  svl: number;
}

function stop(run: Run, next: number, sum: number, svl: number): void {
  run.next = next;
  run.sum += sum;
  run.svl += svl;
}

/** What the values that leave the fast loops add up to: zeros, missing, negative and rare others. */
interface Slow {
  missing: number;
  sum: number;
  svl: number;
  anyZero: boolean;
  negative: number;
}

function addSlow(s: Slow, t: number, at: number): void {
  if (t > 0) {
    s.sum += t;
    s.svl += t * Math.log(t);
  } else if (t === 0) s.anyZero = true;
  else if (t !== t) s.missing++;
  else if (s.negative < 0) s.negative = at; // (negative data is refused by the caller; not summed)
}

/**
 * The driver of a two-lane fast loop: runs it, hands each pair it stops at (and an odd last value)
 * to the slow path, and adds up both.
 */
function sums(len: number, fast: (from: number, to: number, run: Run) => void, valueAt: (i: number) => number): ColumnSums {
  const even = len - (len & 1);
  const run: Run = { next: 0, sum: 0, svl: 0 };
  const slow: Slow = { missing: 0, sum: 0, svl: 0, anyZero: false, negative: -1 };
  while (run.next < even) {
    fast(run.next, even, run);
    const j = run.next;
    if (j >= even) break;
    addSlow(slow, valueAt(j), j);
    addSlow(slow, valueAt(j + 1), j + 1);
    run.next = j + 2;
  }
  if (even < len) addSlow(slow, valueAt(even), even);
  return { m: len - slow.missing, sum: run.sum + slow.sum, svl: run.svl + slow.svl, anyZero: slow.anyZero, negative: slow.negative };
}

/**
 * One pass for entropy weights: count, Σv, Σ v·ln v (v > 0), zero and negative detection, two values
 * per iteration with two accumulators (about 30 % faster than one). A subnormal or infinite value
 * makes the fast sum NaN and the column is redone by the portable loop.
 */
export function entropySums(x: Float64Array): ColumnSums {
  if (!LITTLE_ENDIAN) return entropySumsPortable(x);
  const u = highWords(x);
  const r = sums(
    x.length,
    (from, to, run) => memoryRun(x, u, from, to, run),
    (i) => x[i],
  );
  return r.svl === r.svl ? r : entropySumsPortable(x);
}

function memoryRun(x: Float64Array, u: Uint32Array, from: number, to: number, run: Run): void {
  let s0 = 0;
  let s1 = 0;
  let a0 = 0;
  let a1 = 0;
  let i = from;
  for (; i < to; i += 2) {
    const v = x[i];
    const w = x[i + 1];
    if (!(v > 0 && w > 0)) break;
    const h = u[2 * i + 1];
    const g = u[2 * i + 3];
    const e = h >>> 20;
    const f = g >>> 20;
    const k = (h >>> 10) & 1023;
    const l = (g >>> 10) & 1023;
    const r = (v * INV_POW2_OR_NAN[e] - C[k]) * INV_C[k];
    const q = (w * INV_POW2_OR_NAN[f] - C[l]) * INV_C[l];
    s0 += v;
    s1 += w;
    a0 += v * (E_LN2[e] + LN_C[k] + (r - r * r * (0.5 - r * (1 / 3 - r * 0.25))));
    a1 += w * (E_LN2[f] + LN_C[l] + (q - q * q * (0.5 - q * (1 / 3 - q * 0.25))));
  }
  stop(run, i, s0 + s1, a0 + a1);
}

/** The same sums with Math.log (big-endian platforms, and columns with subnormal or infinite values). */
export function entropySumsPortable(x: Float64Array): ColumnSums {
  const slow: Slow = { missing: 0, sum: 0, svl: 0, anyZero: false, negative: -1 };
  for (let i = 0; i < x.length; i++) addSlow(slow, x[i], i);
  return { m: x.length - slow.missing, sum: slow.sum, svl: slow.svl, anyZero: slow.anyZero, negative: slow.negative };
}

/**
 * The entropy sums of a column view y = (clamp(x, lo, hi) − o)·k + l (column-view.ts) without
 * writing it, for |y| ≤ bound. Computed values have no memory bits to read, so the exponent comes
 * from an integer: T = y·2^sh with 2^29 < bound·2^sh ≤ 2^30, j = ⌊T⌋, e = 31 − clz32(j), the top 10
 * mantissa bits are j >>> (e − 10) and T·2^−e ∈ [1, 2) exactly; then the same table and series.
 * Values below bound·2^−20 (j < 1024) and non-positive ones take the slow path.
 */
export function viewEntropySums(view: ColumnView): ColumnSums {
  const { x, lo, hi, o, k, l, bound } = view;
  const sh = 30 - Math.ceil(Math.log2(bound));
  const S = Math.pow(2, sh);
  for (let e = 0; e < 32; e++) E_SHIFTED_LN2[e] = (e - sh) * Math.LN2;
  // without caps the clamp is skipped: it costs ~15 % of this loop
  const fast =
    lo === -Infinity && hi === Infinity
      ? (from: number, to: number, run: Run) => scaledRun(x, o, k, l, S, from, to, run)
      : (from: number, to: number, run: Run) => clampedRun(x, lo, hi, o, k, l, S, from, to, run);
  return sums(x.length, fast, (i) => viewAt(view, i));
}

function clampedRun(
  x: Float64Array,
  lo: number,
  hi: number,
  o: number,
  k: number,
  l: number,
  S: number,
  from: number,
  to: number,
  run: Run,
): void {
  let s0 = 0;
  let s1 = 0;
  let a0 = 0;
  let a1 = 0;
  let i = from;
  for (; i < to; i += 2) {
    const v = (Math.min(Math.max(x[i], lo), hi) - o) * k + l;
    const w = (Math.min(Math.max(x[i + 1], lo), hi) - o) * k + l;
    const tv = v * S;
    const tw = w * S;
    const jv = tv | 0;
    const jw = tw | 0;
    if (!(jv >= 1024 && jw >= 1024)) break;
    s0 += v;
    s1 += w;
    a0 += v * lnScaled(tv, jv);
    a1 += w * lnScaled(tw, jw);
  }
  stop(run, i, s0 + s1, a0 + a1);
}

/** `clampedRun` without the clamp. */
function scaledRun(x: Float64Array, o: number, k: number, l: number, S: number, from: number, to: number, run: Run): void {
  let s0 = 0;
  let s1 = 0;
  let a0 = 0;
  let a1 = 0;
  let i = from;
  for (; i < to; i += 2) {
    const v = (x[i] - o) * k + l;
    const w = (x[i + 1] - o) * k + l;
    const tv = v * S;
    const tw = w * S;
    const jv = tv | 0;
    const jw = tw | 0;
    if (!(jv >= 1024 && jw >= 1024)) break;
    s0 += v;
    s1 += w;
    a0 += v * lnScaled(tv, jv);
    a1 += w * lnScaled(tw, jw);
  }
  stop(run, i, s0 + s1, a0 + a1);
}

/** ln(T·2^−sh) for T ≥ 1024 given j = ⌊T⌋ (E_SHIFTED_LN2 filled for sh). Small: V8 inlines it. */
function lnScaled(T: number, j: number): number {
  const e = 31 - Math.clz32(j);
  const k = (j >>> (e - 10)) & 1023;
  const r = (T * POW2_NEG[e] - C[k]) * INV_C[k];
  return E_SHIFTED_LN2[e] + LN_C[k] + (r - r * r * (0.5 - r * (1 / 3 - r * 0.25)));
}

/** What `logShiftedInto` learns on the way: count, sum, range and power sums about `c`. */
export interface LogPass {
  n: number;
  sum: number;
  min: number;
  max: number;
  c: number;
  p1: number;
  p2: number;
  p3: number;
  p4: number;
}

/**
 * COINr log_CT's transform in one pass, out[i] = ln((x[i] − min) + a), with the logarithm of
 * `viewEntropySums` (t ≤ bound is computed, not read back from memory), plus the count, sum and
 * range of the output and its power sums Σ(y − c)^p about c = ln of the first argument, for the skew and
 * kurtosis check that follows. Arguments below bound·2^−20 (only when a = 0) take Math.log.
 */
export function logShiftedInto(x: Float64Array, min: number, a: number, bound: number, out: Float64Array): LogPass {
  const sh = 30 - Math.ceil(Math.log2(bound * (1 + 1e-9)));
  const S = Math.pow(2, sh);
  for (let e = 0; e < 32; e++) E_SHIFTED_LN2[e] = (e - sh) * Math.LN2;
  const len = x.length;
  let i0 = 0;
  while (i0 < len && !(x[i0] === x[i0])) out[i0++] = NaN;
  const c = i0 < len ? Math.log(x[i0] - min + a) : 0;
  const acc = new Float64Array(8); // n, sum, min, max, P1..P4: the running sums of `logRun`
  acc[2] = Infinity;
  acc[3] = -Infinity;
  // A short first run executes the loop's last lines before V8 compiles the long one (see `logRun`).
  let i = logRun(x, i0, Math.min(len, i0 + 16), min, a, S, c, out, acc);
  while (i < len) {
    i = logRun(x, i, len, min, a, S, c, out, acc);
    if (i >= len) break;
    // an argument below bound·2^−20, or missing: Math.log
    const y = Math.log(x[i] - min + a);
    out[i++] = y;
    if (y === y) addLog(acc, y, c);
  }
  return logPass(acc[0], acc[1], acc[2], acc[3], c, acc[4], acc[5], acc[6], acc[7]);
}

/**
 * The loop of `logShiftedInto` over [from, to), from and back to the running sums in `acc`; returns
 * where it stopped (an argument it cannot take, or `to`). No call in the loop but the inlined
 * kernel, and the last lines have run (the short first run) before the long run is compiled on the
 * fly: otherwise the compiled loop deoptimised at its exit on every call and the next call ran
 * unoptimised, boxing every double (192 MB of garbage per million values).
 */
function logRun(
  x: Float64Array,
  from: number,
  to: number,
  min: number,
  a: number,
  S: number,
  c: number,
  out: Float64Array,
  acc: Float64Array,
): number {
  let n = acc[0];
  let sum = acc[1];
  let lo = acc[2];
  let hi = acc[3];
  let p1 = acc[4];
  let p2 = acc[5];
  let p3 = acc[6];
  let p4 = acc[7];
  let i = from;
  for (; i < to; i++) {
    const t = x[i] - min + a;
    const tv = t * S;
    const j = tv | 0;
    if (!(j >= 1024)) break;
    const y = lnScaled(tv, j);
    out[i] = y;
    n++;
    sum += y;
    if (y < lo) lo = y;
    if (y > hi) hi = y;
    const d = y - c;
    const d2 = d * d;
    p1 += d;
    p2 += d2;
    p3 += d2 * d;
    p4 += d2 * d2;
  }
  acc[0] = n;
  acc[1] = sum;
  acc[2] = lo;
  acc[3] = hi;
  acc[4] = p1;
  acc[5] = p2;
  acc[6] = p3;
  acc[7] = p4;
  return i;
}

/** One value of the slow path into the running sums. */
function addLog(acc: Float64Array, y: number, c: number): void {
  acc[0]++;
  acc[1] += y;
  if (y < acc[2]) acc[2] = y;
  if (y > acc[3]) acc[3] = y;
  const d = y - c;
  const d2 = d * d;
  acc[4] += d;
  acc[5] += d2;
  acc[6] += d2 * d;
  acc[7] += d2 * d2;
}

function logPass(n: number, sum: number, min: number, max: number, c: number, p1: number, p2: number, p3: number, p4: number): LogPass {
  return { n, sum, min, max, c, p1, p2, p3, p4 };
}
