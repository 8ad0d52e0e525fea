/**
 * Outlier treatment, matching COINr `Treat.numeric()` / `winsorise()` / `check_SkewKurt()` /
 * `log_CT()` exactly [bluefoxr/COINr R/treat.R, v1.1.x]. The rule, as documented there:
 *
 * 1. pass(x) = |skew(x)| < skewThresh  OR  kurt(x) < kurtThresh   (defaults 2 and 3.5;
 *    skew/kurt are e1071 type 2 = Excel, see stats.ts). A column fails only if BOTH are exceeded.
 *    If skew/kurt cannot be computed (n < 4 or constant column) and the other test does not pass,
 *    the column is returned untreated (COINr: "f_pass has returned NA").
 * 2. If it fails, winsorise: repeat while failing (or `forceWin`) and nwin < winmax:
 *      if skew(x) ≥ 0: every value equal to max(x) is set to the largest remaining value;
 *      else          : every value equal to min(x) is set to the smallest remaining value;
 *      nwin = (#points tied at the current max) + (#points tied at the last treated min)
 *    — COINr's count, which includes earlier-winsorised points now tied at the extreme,
 *    so two outliers in a row count 1 then 2 (not cumulative). Points are marked winhi / winlo
 *    from the LAST high / low step only, as COINr does.
 *    Implementation: the data after any number of steps are clamp(x, capLo, capHi); one first
 *    pass gives the count, sum, the distinct extremes and (n ≥ 1000) power sums about a
 *    provisional centre, of all values (the first skew/kurtosis) and of the "bulk" between the
 *    extremes, which no step changes; each step's skew/kurtosis then comes from the bulk sums
 *    shifted to the new mean plus the clamped extremes (O(k) per step, equal to a fresh pass up
 *    to rounding, ~1e-15 relative); otherwise (n < 1000) a fresh pass per step.
 * 3. If still failing, apply the fallback to the ORIGINAL x (COINr `combine_treat = FALSE`):
 *      log_CT: log(x − min + 0.01·(max − min)).  Alternative `none` keeps the winsorised data.
 * NaN values are skipped everywhere and left NaN. With `winmax = null` (no limit) at most 64
 * steps per side are taken.
 */

import { logShiftedInto, type LogPass } from './fastlog.js';
import { clampView, identityView, isIdentity, materialiseView, type ColumnView } from './column-view.js';
import { skewKurtFromSums } from './stats.js';

export interface TreatSpec {
  method: 'none' | 'winsorise';
  /** Maximum number of winsorised points (COINr `winmax`), null = no limit. Default 5. */
  winmax?: number | null;
  skewThresh?: number;
  kurtThresh?: number;
  forceWin?: boolean;
  /** Second-stage transform when winsorisation is not enough. Default 'logCT' (COINr `log_CT`). */
  fallback?: 'logCT' | 'none';
  /** Apply the fallback to the winsorised data instead of the original (COINr `combine_treat`). */
  combine?: boolean;
}

export interface SkewKurtCheck {
  /** true = pass, false = fail, null = could not be decided (NA in COINr). */
  pass: boolean | null;
  skew: number;
  kurt: number;
}

/** Treated-point flags. */
export const WIN_HI = 1;
export const WIN_LO = -1;
export const LOG = 2;

export interface TreatReport {
  before: SkewKurtCheck;
  after: SkewKurtCheck;
  /** What changed the column: nothing, winsorisation, or the log fallback. */
  applied: 'none' | 'winsorise' | 'logCT';
  nwin: number;
}

export interface TreatOutcome {
  x: Float64Array;
  /** Per unit: 0 untreated, 1 winhi, −1 winlo, 2 log-transformed (empty when nothing was treated). */
  treated: Int8Array;
  /** Number of non-zero entries of `treated`. */
  nTreated: number;
  report: TreatReport;
  /** Range and count of the output's non-missing values when known for free (saves a pass later). */
  range?: { min: number; max: number; n: number };
}

const NONE_TREATED = new Int8Array(0);
const NOT_CHECKED: SkewKurtCheck = { pass: null, skew: NaN, kurt: NaN };

function decide(skew: number, kurt: number, skewThresh: number, kurtThresh: number): boolean | null {
  const a = skew === skew ? Math.abs(skew) < skewThresh : null;
  const b = kurt === kurt ? kurt < kurtThresh : null;
  if (a === true || b === true) return true; // R: NA | TRUE is TRUE
  if (a === null || b === null) return null;
  return false;
}

/** Central sums of the non-missing values, returned as skew/kurt. */
function skewKurt(x: Float64Array): { skew: number; kurt: number } {
  let n = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      n++;
      s += v;
    }
  }
  const m = s / n;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    const d = v - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return skewKurtFromSums(n, s2, s3, s4);
}

/** COINr `check_SkewKurt`. */
export function checkSkewKurt(x: Float64Array, skewThresh = 2, kurtThresh = 3.5): SkewKurtCheck {
  const { skew, kurt } = skewKurt(x);
  return { pass: decide(skew, kurt, skewThresh, kurtThresh), skew, kurt };
}

export interface WinsoriseResult {
  x: Float64Array;
  nwin: number;
  treated: Int8Array;
  /** Number of winsorised points (non-zero entries of `treated`). */
  nTreated: number;
  /** Check of the input. */
  initial: SkewKurtCheck;
  /** Check of the output. */
  check: SkewKurtCheck;
}

/** The `k` largest (or smallest) distinct values with their counts, best-first. */
interface Extremes {
  values: number[];
  counts: number[];
}

function markPresent(x: Float64Array, flag: number): Int8Array {
  const t = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) t[i] = flag;
  return t;
}

/**
 * Power sums about c of the "bulk": the values strictly between the extreme lists, which no
 * winsorisation step can change (from the first pass, see there).
 */
interface Bulk {
  n: number;
  c: number;
  b1: number;
  b2: number;
  b3: number;
  b4: number;
}

/**
 * Skew/kurtosis after a step in O(k): bulk sums shifted to the new mean m by the binomial
 * expansion (δ = c − m), plus the listed extreme values, clamped, added exactly.
 * The relative rounding error is about (δ/σ)⁴·1e-16; beyond 10 bulk SDs (error > 1e-12) null is
 * returned and the caller makes an exact pass.
 */
function stepMoments(b: Bulk, hi: Extremes, lo: Extremes, capLo: number, capHi: number, m: number): { skew: number; kurt: number } | null {
  const d = b.c - m;
  if (!(b.n > 1) || d * d * b.n > 100 * b.b2) return null;
  const d2 = d * d;
  let s2 = b.b2 + 2 * d * b.b1 + d2 * b.n;
  let s3 = b.b3 + 3 * d * b.b2 + 3 * d2 * b.b1 + d2 * d * b.n;
  let s4 = b.b4 + 4 * d * b.b3 + 6 * d2 * b.b2 + 4 * d2 * d * b.b1 + d2 * d2 * b.n;
  let n = b.n;
  for (const list of [hi, lo]) {
    for (let j = 0; j < list.values.length; j++) {
      const v = Math.min(capHi, Math.max(capLo, list.values[j]));
      const c = list.counts[j];
      const e = v - m;
      const e2 = e * e;
      n += c;
      s2 += c * e2;
      s3 += c * e2 * e;
      s4 += c * e2 * e2;
    }
  }
  return skewKurtFromSums(n, s2, s3, s4);
}

/**
 * Skew/kurtosis of the bulk plus the clamped extremes when the mean has moved too far from the bulk's
 * centre for `stepMoments` (gross outliers: a few points 10⁶ SDs out), without a pass over the column:
 * the bulk's central sums about its own mean (from the power sums about c, shifted by δ₀ = P1/n),
 * then each extreme value v (c_j equal points) merged in about the running mean by the pairwise
 * update of Pébay (2008), "Formulas for robust, one-pass parallel computation of covariances and
 * arbitrary-order statistical moments", Sandia SAND2008-6212, eq. 3.1 with the second set's central
 * sums zero:
 *   n = nA + nB,  δ = v − mA,  m = mA + δ·nB/n
 *   M2 = M2A + δ²·nA·nB/n
 *   M3 = M3A + δ³·nA·nB·(nA − nB)/n² − 3δ·nB·M2A/n
 *   M4 = M4A + δ⁴·nA·nB·(nA² − nA·nB + nB²)/n³ + 6δ²·nB²·M2A/n² − 4δ·nB·M3A/n
 * Stable for any δ; equal to a fresh pass up to rounding. null when c is itself more than 10 bulk
 * SDs from the bulk mean (the caller then makes the pass).
 */
function mergedMoments(b: Bulk, hi: Extremes, lo: Extremes, capLo: number, capHi: number): { skew: number; kurt: number } | null {
  let n = b.n;
  const d0 = b.b1 / n;
  const d02 = d0 * d0;
  let m2 = b.b2 - 2 * d0 * b.b1 + n * d02;
  if (!(n > 1) || !(d02 * n <= 100 * m2)) return null;
  let m3 = b.b3 - 3 * d0 * b.b2 + 3 * d02 * b.b1 - n * d02 * d0;
  let m4 = b.b4 - 4 * d0 * b.b3 + 6 * d02 * b.b2 - 4 * d02 * d0 * b.b1 + n * d02 * d02;
  let mean = b.c + d0;
  for (const list of [hi, lo]) {
    for (let j = 0; j < list.values.length; j++) {
      const nb = list.counts[j];
      const na = n;
      n = na + nb;
      const d = Math.min(capHi, Math.max(capLo, list.values[j])) - mean;
      const d2 = d * d;
      m4 += (d2 * d2 * na * nb * (na * na - na * nb + nb * nb)) / (n * n * n) + (6 * d2 * nb * nb * m2) / (n * n) - (4 * d * nb * m3) / n;
      m3 += (d2 * d * na * nb * (na - nb)) / (n * n) - (3 * d * nb * m2) / n;
      m2 += (d2 * na * nb) / n;
      mean += (d * nb) / n;
    }
  }
  return skewKurtFromSums(n, m2, m3, m4);
}

/** Count, sum, min and max of the non-missing values (a small function so V8 optimises the loop). */
function sumMinMax(x: Float64Array): { n: number; sum: number; min: number; max: number } {
  const len = x.length;
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v !== v) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return countSumRange(n, sum, min, max);
}

function countSumRange(n: number, sum: number, min: number, max: number): { n: number; sum: number; min: number; max: number } {
  return { n, sum, min, max };
}

interface FirstPass {
  n: number;
  sum: number;
  min: number;
  max: number;
  /** The k largest / smallest distinct values with their counts, best first. */
  hi: Extremes;
  lo: Extremes;
  /** Skew/kurtosis of the column, or null when they need the exact second pass. */
  moments: { skew: number; kurt: number } | null;
  /** Sums of the values strictly between the full extreme lists (null: lists not full, n < 1000). */
  bulk: Bulk | null;
}

/**
 * One pass for the first check and the winsorisation loop: count, Σx, the k most extreme distinct
 * values on each side (whose first entries are min and max) and the power sums P_p = Σ(x − c)^p
 * about a provisional centre c (the first value), of all values — turned into skew and kurtosis by
 * `momentsFromPowerSums` (null: the caller makes the exact second pass) — and of the bulk.
 */
function firstPass(x: Float64Array, k: number): FirstPass {
  const len = x.length;
  let i0 = 0;
  while (i0 < len && x[i0] !== x[i0]) i0++;
  const c = x[i0];
  const hv: number[] = [];
  const hc: number[] = [];
  const lv: number[] = [];
  const lc: number[] = [];
  const hi = { values: hv, counts: hc };
  const lo = { values: lv, counts: lc };
  const gated: number[] = []; // values that met a gate (few once the lists are full)
  let hiGate = -Infinity; // values below this cannot enter the high list once it is full
  let loGate = Infinity;
  const sums = new Float64Array(5); // n, P1..P4 of the values that passed both gates
  // `bulkRun` leaves only for a value that may enter an extreme list. A value that passes both
  // gates is below the k-th largest and above the k-th smallest value seen so far, so it is below /
  // above the final ones too: the loop's sums are bulk sums, and the gated values are sorted out after.
  let i = i0;
  while (i < len) {
    i = bulkRun(x, i, hiGate, loGate, c, sums);
    if (i >= len) break;
    const v = x[i++];
    gated.push(v);
    if (v >= hiGate) hiGate = insertExtreme(hv, hc, v, k, true);
    if (v <= loGate) loGate = insertExtreme(lv, lc, v, k, false);
  }
  return firstPassResult(k, c, { n: sums[0], c, b1: sums[1], b2: sums[2], b3: sums[3], b4: sums[4] }, gated, hi, lo);
}

/**
 * The first pass's hot loop: power sums about c of x[from…] until a value meets a gate (returns
 * its index, or x.length). The sums go on from and back to `acc` (n, P1..P4), so the result is that
 * of one loop over the column. Kept small and separate from the list bookkeeping: while the lists
 * fill up it returns after a few values, so V8 has run its last lines before it compiles the loop
 * (on-stack replacement); a large function with the bookkeeping inline took ~23 ms per compile and
 * was compiled five times on a first call (code after the loop without type feedback deoptimised).
 * No call inside the loop: that made V8 box every double (16 MB of garbage per million).
 */
function bulkRun(x: Float64Array, from: number, hiGate: number, loGate: number, c: number, acc: Float64Array): number {
  const len = x.length;
  let n = acc[0];
  let p1 = acc[1];
  let p2 = acc[2];
  let p3 = acc[3];
  let p4 = acc[4];
  let i = from;
  for (; i < len; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (v >= hiGate || v <= loGate) break;
    n++;
    const d = v - c;
    const d2 = d * d;
    p1 += d;
    p2 += d2;
    p3 += d2 * d;
    p4 += d2 * d2;
  }
  acc[0] = n;
  acc[1] = p1;
  acc[2] = p2;
  acc[3] = p3;
  acc[4] = p4;
  return i;
}

/** Adds the gated values to the sums: all of them for the column, those inside the lists for the bulk. */
function firstPassResult(k: number, c: number, passed: Bulk, gated: number[], hi: Extremes, lo: Extremes): FirstPass {
  const all = { ...passed };
  const bulk = { ...passed };
  const full = hi.values.length === k && lo.values.length === k;
  const top = full ? hi.values[k - 1] : -Infinity;
  const bottom = full ? lo.values[k - 1] : Infinity;
  for (const v of gated) {
    addPowers(all, v - c);
    if (v < top && v > bottom) addPowers(bulk, v - c);
  }
  const n = all.n;
  return {
    n,
    sum: n * c + all.b1, // Σx from the power sums about c: no separate accumulator in the loop
    min: n ? lo.values[0] : Infinity,
    max: n ? hi.values[0] : -Infinity,
    hi,
    lo,
    moments: momentsFromPowerSums(n, all.b1, all.b2, all.b3, all.b4),
    bulk: full && top > bottom && n >= 1000 && bulk.n >= 2 ? bulk : null,
  };
}

function addPowers(s: Bulk, d: number): void {
  const d2 = d * d;
  s.n++;
  s.b1 += d;
  s.b2 += d2;
  s.b3 += d2 * d;
  s.b4 += d2 * d2;
}

/**
 * Skew and kurtosis from power sums P_p = Σ(x − c)^p about a provisional centre c, by the binomial
 * expansion with δ = P1/n (= mean − c):
 *   s2 = P2 − 2δP1 + nδ²,  s3 = P3 − 3δP2 + 3δ²P1 − nδ³,  s4 = P4 − 4δP3 + 6δ²P2 − 4δ³P1 + nδ⁴
 * The relative rounding error is about (δ/σ)⁴·1e-16, so beyond 10 SDs (c an outlier) the answer is
 * null and the caller makes an exact pass about the mean; also for n < 1000, where that is cheap.
 */
function momentsFromPowerSums(n: number, p1: number, p2: number, p3: number, p4: number): { skew: number; kurt: number } | null {
  const dl = p1 / n;
  const dl2 = dl * dl;
  const s2 = p2 - 2 * dl * p1 + n * dl2;
  if (n < 1000 || !(dl2 * n <= 100 * s2)) return null;
  const s3 = p3 - 3 * dl * p2 + 3 * dl2 * p1 - n * dl2 * dl;
  const s4 = p4 - 4 * dl * p3 + 6 * dl2 * p2 - 4 * dl2 * dl * p1 + n * dl2 * dl2;
  return skewKurtFromSums(n, s2, s3, s4);
}

/** Inserts v into a best-first list of at most k distinct values (kept out of the hot loop). */
function insertExtreme(values: number[], counts: number[], v: number, k: number, high: boolean): number {
  let p = 0;
  while (p < values.length && (high ? values[p] > v : values[p] < v)) p++;
  if (p < values.length && values[p] === v) counts[p]++;
  else {
    values.splice(p, 0, v);
    counts.splice(p, 0, 1);
    if (values.length > k) {
      values.pop();
      counts.pop();
    }
  }
  return values.length === k ? values[k - 1] : high ? -Infinity : Infinity;
}

/**
 * Central moments of clamp(x, lo, hi) about m. Points outside the caps (few: the winsorised ones)
 * are counted in the loop on a rarely-taken branch and added once as k·(cap − m)^p afterwards.
 */
function clampedMoments(x: Float64Array, lo: number, hi: number, m: number): { skew: number; kurt: number } {
  const len = x.length;
  let n = 0;
  let nh = 0;
  let nl = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (v > hi) {
      nh++;
      continue;
    }
    if (v < lo) {
      nl++;
      continue;
    }
    n++;
    const d = v - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return withCaps(n, nh, nl, s2, s3, s4, lo, hi, m);
}

/** Adds the nh points at the high cap and nl at the low cap to the central sums about m. */
function withCaps(
  n: number,
  nh: number,
  nl: number,
  s2: number,
  s3: number,
  s4: number,
  lo: number,
  hi: number,
  m: number,
): { skew: number; kurt: number } {
  if (nh > 0) {
    const d = hi - m;
    s2 += nh * d * d;
    s3 += nh * d * d * d;
    s4 += nh * d * d * d * d;
  }
  if (nl > 0) {
    const d = lo - m;
    s2 += nl * d * d;
    s3 += nl * d * d * d;
    s4 += nl * d * d * d * d;
  }
  return skewKurtFromSums(n + nh + nl, s2, s3, s4);
}

/**
 * COINr `winsorise()`. The input is not modified. Each step only lowers the current maximum to the
 * next distinct value (or raises the minimum), so after any number of steps the data are
 * clamp(x, capLo, capHi): the distinct extremes are collected in the first pass and every step
 * costs one pass (moments of the clamped data; the mean is updated exactly by
 * Σ += ties·(next − ext)). The clamped copy is written once at the end.
 */
export function winsorise(
  x0: Float64Array,
  opts: { winmax?: number | null; skewThresh?: number; kurtThresh?: number; forceWin?: boolean } = {},
): WinsoriseResult {
  return applyCaps(x0, winsoriseCaps(x0, opts));
}

export function winsoriseCaps(
  x0: Float64Array,
  opts: { winmax?: number | null; skewThresh?: number; kurtThresh?: number; forceWin?: boolean } = {},
): WinsoriseCaps {
  const winmax = opts.winmax === undefined ? 5 : opts.winmax;
  const st = opts.skewThresh ?? 2;
  const kt = opts.kurtThresh ?? 3.5;
  const force = opts.forceWin ?? false;
  // Each high (low) step consumes one distinct value; at most winmax steps per side can happen
  // (nwin ≥ steps on that side), plus one for the "next" value.
  const k = (winmax ?? 64) + 2;
  const first = firstPass(x0, k);
  const cnt = first.n;
  let sum = first.sum;
  const { min, max } = first;
  const m0 = first.moments ?? clampedMoments(x0, -Infinity, Infinity, sum / cnt);
  let check: SkewKurtCheck = { pass: decide(m0.skew, m0.kurt, st, kt), skew: m0.skew, kurt: m0.kurt };
  const initial = check;
  if (!(check.pass === false || force) || cnt === 0)
    return { capLo: -Infinity, capHi: Infinity, nwin: 0, initial, check, min: cnt ? min : NaN, max: cnt ? max : NaN, n: cnt, beyond: 0 };
  const { hi, lo } = first;
  const bulk = first.bulk;
  let nwin = 0;
  let nHi = 0;
  let nLo = 0;
  let th = 0; // index into hi.values of the current maximum
  let tl = 0;
  let capHi = Infinity;
  let capLo = -Infinity;
  let tiesHi = hi.counts[0] ?? 0; // points at the current maximum (originals + earlier winsorised)
  let tiesLo = lo.counts[0] ?? 0;
  const below = () => winmax === null || nwin < winmax;
  while ((check.pass === false || force) && below()) {
    if (check.skew !== check.skew) break;
    const high = check.skew >= 0;
    if (high) {
      if (th + 1 >= hi.values.length) break; // no distinct value left below the maximum
      const ext = hi.values[th];
      const next = hi.values[th + 1];
      if (next <= capLo) break; // the two caps would meet: nothing sensible left to do
      sum += tiesHi * (next - ext);
      capHi = next;
      nHi = tiesHi;
      th++;
      tiesHi += hi.counts[th];
    } else {
      if (tl + 1 >= lo.values.length) break;
      const ext = lo.values[tl];
      const next = lo.values[tl + 1];
      if (next >= capHi) break;
      sum += tiesLo * (next - ext);
      capLo = next;
      nLo = tiesLo;
      tl++;
      tiesLo += lo.counts[tl];
    }
    nwin = nHi + nLo;
    const mo =
      (bulk && (stepMoments(bulk, hi, lo, capLo, capHi, sum / cnt) ?? mergedMoments(bulk, hi, lo, capLo, capHi))) ||
      clampedMoments(x0, capLo, capHi, sum / cnt);
    check = { pass: decide(mo.skew, mo.kurt, st, kt), skew: mo.skew, kurt: mo.kurt };
  }
  let beyond = 0; // points above the final high cap or below the low cap (the extreme lists count them exactly)
  for (let j = 0; j < th; j++) beyond += hi.counts[j];
  for (let j = 0; j < tl; j++) beyond += lo.counts[j];
  return { capLo, capHi, nwin, initial, check, min, max, n: cnt, beyond };
}

/** The caps found by the COINr loop, without materialising the winsorised column. */
export interface WinsoriseCaps {
  capLo: number;
  capHi: number;
  /** Range and count of the input's non-missing values. */
  min: number;
  max: number;
  n: number;
  nwin: number;
  initial: SkewKurtCheck;
  check: SkewKurtCheck;
  /** Number of points outside [capLo, capHi] (the winsorised ones). */
  beyond: number;
}

/** Writes clamp(x0, capLo, capHi) and the winhi/winlo flags. */
export function applyCaps(x0: Float64Array, c: WinsoriseCaps): WinsoriseResult {
  const n = x0.length;
  const { capLo, capHi, nwin, initial, check } = c;
  const treated = new Int8Array(n);
  if (capHi === Infinity && capLo === -Infinity) return { x: x0, nwin, treated, nTreated: 0, initial, check };
  const x = new Float64Array(n);
  const nTreated = clampInto(x0, capLo, capHi, x, treated);
  return { x, nwin, treated, nTreated, initial, check };
}

/**
 * x = clamp(x0, capLo, capHi), flags winhi / winlo; returns the number of flagged points. COINr marks
 * the points found at the extreme in the LAST high / low step: exactly those beyond the final caps.
 */
function clampInto(x0: Float64Array, capLo: number, capHi: number, x: Float64Array, treated: Int8Array): number {
  const n = x0.length;
  let nTreated = 0;
  for (let i = 0; i < n; i++) {
    const v = x0[i];
    if (v > capHi) {
      x[i] = capHi;
      treated[i] = WIN_HI;
      nTreated++;
    } else if (v < capLo) {
      x[i] = capLo;
      treated[i] = WIN_LO;
      nTreated++;
    } else x[i] = v;
  }
  return nTreated;
}

/** COINr `log_CT`: log(x − min + 0.01·(max − min)). */
export function logCT(x: Float64Array): Float64Array {
  const r = sumMinMax(x);
  return logCTKnown(x, r.min, r.max).out;
}

/**
 * log_CT with the range already known, in one pass that also gives the output's range and the
 * skew/kurtosis check's sums (fastlog.ts `logShiftedInto`).
 */
function logCTKnown(x: Float64Array, min: number, max: number): { out: Float64Array; pass: LogPass } {
  const out = new Float64Array(x.length);
  const a = 0.01 * (max - min);
  return { out, pass: logShiftedInto(x, min, a, max - min + a, out) };
}

/** The outcome of `treatView`: the treated column as a view (column-view.ts), not yet written. */
export interface TreatedView {
  view: ColumnView;
  nTreated: number;
  report: TreatReport;
  /** Range and count of the treated column's non-missing values when known. */
  range?: { min: number; max: number; n: number };
}

/**
 * COINr `Treat.numeric` with f1 = winsorise, f2 = log_CT (or none), f_pass = check_SkewKurt.
 * With method 'none' nothing is computed (the report says "not checked"). Winsorisation comes back
 * as a clamp view of x; the log fallback is computed (its skew/kurtosis must be checked).
 */
export function treatView(x: Float64Array, spec: TreatSpec): TreatedView {
  const st = spec.skewThresh ?? 2;
  const kt = spec.kurtThresh ?? 3.5;
  if (spec.method === 'none') {
    return { view: identityView(x), nTreated: 0, report: { before: NOT_CHECKED, after: NOT_CHECKED, applied: 'none', nwin: 0 } };
  }
  const caps = winsoriseCaps(x, { winmax: spec.winmax, skewThresh: st, kurtThresh: kt, forceWin: spec.forceWin });
  const before = caps.initial;
  const inRange = { min: caps.min, max: caps.max, n: caps.n };
  if (before.pass === null || (before.pass && !spec.forceWin)) {
    return { view: identityView(x), nTreated: 0, report: { before, after: before, applied: 'none', nwin: 0 }, range: inRange };
  }
  const after1 = caps.check;
  const capped = { min: Math.max(caps.min, caps.capLo), max: Math.min(caps.max, caps.capHi), n: caps.n };
  const clamped = caps.capHi === Infinity && caps.capLo === -Infinity ? identityView(x) : clampView(x, caps.capLo, caps.capHi);
  if (after1.pass !== false || (spec.fallback ?? 'logCT') === 'none') {
    return {
      view: clamped,
      nTreated: caps.beyond,
      report: { before, after: after1, applied: caps.nwin > 0 ? 'winsorise' : 'none', nwin: caps.nwin },
      range: capped,
    };
  }
  const base = spec.combine ? materialiseView(clamped) : x;
  const r = spec.combine ? capped : inRange;
  const { out: lx, pass } = logCTKnown(base, r.min, r.max);
  const mo = momentsFromPowerSums(pass.n, pass.p1, pass.p2, pass.p3, pass.p4) ?? clampedMoments(lx, -Infinity, Infinity, pass.sum / pass.n);
  const after: SkewKurtCheck = { pass: decide(mo.skew, mo.kurt, st, kt), skew: mo.skew, kurt: mo.kurt };
  return {
    view: identityView(lx),
    nTreated: caps.n, // every present value is log-transformed
    report: { before, after, applied: 'logCT', nwin: spec.combine ? caps.nwin : 0 },
    range: { min: pass.min, max: pass.max, n: pass.n },
  };
}

/** `treatView` written out, with per-unit flags: 1 winhi, −1 winlo, 2 log-transformed. */
export function treatColumn(x: Float64Array, spec: TreatSpec): TreatOutcome {
  const t = treatView(x, spec);
  const { view, report } = t;
  if (report.applied === 'logCT') return { x: view.x, treated: markPresent(x, LOG), nTreated: t.nTreated, report, range: t.range };
  if (isIdentity(view)) return { x, treated: NONE_TREATED, nTreated: 0, report, range: t.range };
  const out = new Float64Array(x.length);
  const treated = new Int8Array(x.length);
  const nTreated = clampInto(x, view.lo, view.hi, out, treated);
  return { x: out, treated, nTreated, report, range: t.range };
}
