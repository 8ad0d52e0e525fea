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
 * 3. If still failing, apply the fallback to the ORIGINAL x (COINr `combine_treat = FALSE`):
 *      log_CT: log(x − min + 0.01·(max − min)).  Alternative `none` keeps the winsorised data.
 * NaN values are skipped everywhere and left NaN. With `winmax = null` (no limit) at most 64
 * steps per side are taken.
 */

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
  /** Per unit: 0 untreated, 1 winhi, −1 winlo, 2 log-transformed. */
  treated: Int8Array;
  report: TreatReport;
}

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

/**
 * One pass: central moments about `m`, plus the k most extreme distinct values on each side with
 * their counts (a small sorted list; most elements are rejected by one comparison).
 */
function scanWithExtremes(x: Float64Array, m: number, k: number): { skew: number; kurt: number; hi: Extremes; lo: Extremes } {
  let n = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  const hv: number[] = [];
  const hc: number[] = [];
  const lv: number[] = [];
  const lc: number[] = [];
  let hiGate = -Infinity; // values below this cannot enter the high list once it is full
  let loGate = Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    n++;
    const d = v - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
    if (v >= hiGate) {
      let p = 0;
      while (p < hv.length && hv[p] > v) p++;
      if (p < hv.length && hv[p] === v) hc[p]++;
      else {
        hv.splice(p, 0, v);
        hc.splice(p, 0, 1);
        if (hv.length > k) {
          hv.pop();
          hc.pop();
        }
        if (hv.length === k) hiGate = hv[k - 1];
      }
    }
    if (v <= loGate) {
      let p = 0;
      while (p < lv.length && lv[p] < v) p++;
      if (p < lv.length && lv[p] === v) lc[p]++;
      else {
        lv.splice(p, 0, v);
        lc.splice(p, 0, 1);
        if (lv.length > k) {
          lv.pop();
          lc.pop();
        }
        if (lv.length === k) loGate = lv[k - 1];
      }
    }
  }
  return { ...skewKurtFromSums(n, s2, s3, s4), hi: { values: hv, counts: hc }, lo: { values: lv, counts: lc } };
}

/** Central moments of clamp(x, lo, hi) about m. */
function clampedMoments(x: Float64Array, lo: number, hi: number, m: number): { skew: number; kurt: number } {
  let n = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < x.length; i++) {
    let v = x[i];
    if (v !== v) continue;
    if (v > hi) v = hi;
    else if (v < lo) v = lo;
    n++;
    const d = v - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return skewKurtFromSums(n, s2, s3, s4);
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
  const winmax = opts.winmax === undefined ? 5 : opts.winmax;
  const st = opts.skewThresh ?? 2;
  const kt = opts.kurtThresh ?? 3.5;
  const force = opts.forceWin ?? false;
  const n = x0.length;
  let cnt = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x0[i];
    if (v === v) {
      cnt++;
      sum += v;
    }
  }
  // Each high (low) step consumes one distinct value; at most winmax steps per side can happen
  // (nwin ≥ steps on that side), plus one for the "next" value.
  const k = (winmax ?? Math.min(cnt, 64)) + 2;
  const first = scanWithExtremes(x0, sum / cnt, k);
  const hi = first.hi;
  const lo = first.lo;
  let check: SkewKurtCheck = { pass: decide(first.skew, first.kurt, st, kt), skew: first.skew, kurt: first.kurt };
  const initial = check;
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
    const mo = clampedMoments(x0, capLo, capHi, sum / cnt);
    check = { pass: decide(mo.skew, mo.kurt, st, kt), skew: mo.skew, kurt: mo.kurt };
  }
  const treated = new Int8Array(n);
  if (capHi === Infinity && capLo === -Infinity) return { x: x0, nwin, treated, initial, check };
  const x = new Float64Array(n);
  // COINr marks the points found at the extreme in the LAST high / low step (winhi / winlo):
  // exactly the points above the final high cap (below the final low cap).
  for (let i = 0; i < n; i++) {
    const v = x0[i];
    if (v > capHi) {
      x[i] = capHi;
      treated[i] = WIN_HI;
    } else if (v < capLo) {
      x[i] = capLo;
      treated[i] = WIN_LO;
    } else x[i] = v;
  }
  return { x, nwin, treated, initial, check };
}

/** COINr `log_CT`: log(x − min + 0.01·(max − min)). */
export function logCT(x: Float64Array): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const a = 0.01 * (max - min);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i] - min + a);
  return out;
}

/** COINr `Treat.numeric` with f1 = winsorise, f2 = log_CT (or none), f_pass = check_SkewKurt. */
export function treatColumn(x: Float64Array, spec: TreatSpec): TreatOutcome {
  const st = spec.skewThresh ?? 2;
  const kt = spec.kurtThresh ?? 3.5;
  if (spec.method === 'none') {
    const c = checkSkewKurt(x, st, kt);
    return { x, treated: new Int8Array(x.length), report: { before: c, after: c, applied: 'none', nwin: 0 } };
  }
  const w = winsorise(x, { winmax: spec.winmax, skewThresh: st, kurtThresh: kt, forceWin: spec.forceWin });
  const before = w.initial;
  if (before.pass === null || (before.pass && !spec.forceWin)) {
    return { x, treated: new Int8Array(x.length), report: { before, after: before, applied: 'none', nwin: 0 } };
  }
  const after1 = w.check;
  if (after1.pass !== false || (spec.fallback ?? 'logCT') === 'none') {
    return { x: w.x, treated: w.treated, report: { before, after: after1, applied: w.nwin > 0 ? 'winsorise' : 'none', nwin: w.nwin } };
  }
  const base = spec.combine ? w.x : x;
  const lx = logCT(base);
  const treated = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) treated[i] = LOG;
  return { x: lx, treated, report: { before, after: checkSkewKurt(lx, st, kt), applied: 'logCT', nwin: spec.combine ? w.nwin : 0 } };
}
