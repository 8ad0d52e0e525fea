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
 * NaN values are skipped everywhere and left NaN.
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
  check: SkewKurtCheck;
}

/** COINr `winsorise()` on a copy of x. */
export function winsorise(
  x0: Float64Array,
  opts: { winmax?: number | null; skewThresh?: number; kurtThresh?: number; forceWin?: boolean } = {},
): WinsoriseResult {
  const winmax = opts.winmax === undefined ? 5 : opts.winmax;
  const st = opts.skewThresh ?? 2;
  const kt = opts.kurtThresh ?? 3.5;
  const force = opts.forceWin ?? false;
  const x = Float64Array.from(x0);
  const n = x.length;
  let check = checkSkewKurt(x, st, kt);
  let nwin = 0;
  let lastHi = Number.NaN; // value that the last high step assigned
  let lastLo = Number.NaN;
  let nHi = 0;
  let nLo = 0;
  const below = () => winmax === null || nwin < winmax;
  if (check.pass === false || force) {
    while ((check.pass === false || force) && below()) {
      if (check.skew !== check.skew) break;
      // one pass: extreme value, its tie count, and the next value inward
      let ext = check.skew >= 0 ? -Infinity : Infinity;
      let next = ext;
      let ties = 0;
      const high = check.skew >= 0;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v !== v) continue;
        if (high ? v > ext : v < ext) {
          next = ext;
          ext = v;
          ties = 1;
        } else if (v === ext) {
          ties++;
        } else if (high ? v > next : v < next) {
          next = v;
        }
      }
      if (!Number.isFinite(next)) break; // nothing left to winsorise towards
      for (let i = 0; i < n; i++) if (x[i] === ext) x[i] = next;
      if (high) {
        nHi = ties;
        lastHi = next;
      } else {
        nLo = ties;
        lastLo = next;
      }
      nwin = nHi + nLo;
      check = checkSkewKurt(x, st, kt);
    }
  }
  // COINr marks the indices found at the last high/low step: those now hold lastHi/lastLo and were
  // at the extreme then. Reconstruct: a point is winhi if it changed and now equals lastHi.
  const treated = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    if (x[i] !== x0[i]) {
      if (nHi > 0 && x[i] === lastHi) treated[i] = WIN_HI;
      else if (nLo > 0 && x[i] === lastLo) treated[i] = WIN_LO;
    }
  }
  return { x, nwin, treated, check };
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
  const before = checkSkewKurt(x, st, kt);
  const none = (): TreatOutcome => ({
    x,
    treated: new Int8Array(x.length),
    report: { before, after: before, applied: 'none', nwin: 0 },
  });
  if (spec.method === 'none' || before.pass === null) return none();
  if (before.pass && !spec.forceWin) return none();
  const w = winsorise(x, { winmax: spec.winmax, skewThresh: st, kurtThresh: kt, forceWin: spec.forceWin });
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
