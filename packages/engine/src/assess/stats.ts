/**
 * Column statistics on Float64Array with NaN = missing (skipped, like R's `na.rm = TRUE`).
 *
 * - mean = Σx/n; SD: sample (n − 1, R `sd`, COINr's z-score) or population (n) — always explicit.
 * - skew: e1071 type 2 = Excel SKEW = COINr `skew()` [bluefoxr/COINr R/treat.R]:
 *     d = x − mean, g = √n·Σd³/(Σd²)^{3/2}, skew = g·√(n(n−1))/(n−2)   (needs n ≥ 3)
 * - kurt: e1071 type 2 = Excel KURT (excess) = COINr `kurt()`:
 *     r = n·Σd⁴/(Σd²)², kurt = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3))     (needs n ≥ 4)
 * Sums are two-pass (mean first, then central moments) for numerical stability.
 */

export interface ColumnSummary {
  n: number;
  min: number;
  max: number;
  mean: number;
}

export function summary(x: ArrayLike<number>): ColumnSummary {
  let n = 0;
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    n++;
    s += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return n === 0 ? { n: 0, min: NaN, max: NaN, mean: NaN } : { n, min, max, mean: s / n };
}

export function countFinite(x: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) n++;
  return n;
}

/** True if at least one value is present (stops at the first one). */
export function hasFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) return true;
  return false;
}

export function mean(x: ArrayLike<number>): number {
  return summary(x).mean;
}

export type SdKind = 'sample' | 'population';

/** Standard deviation; `sample` divides by n − 1 (R `sd`), `population` by n. */
export function sd(x: ArrayLike<number>, kind: SdKind = 'sample'): number {
  const m = mean(x);
  let n = 0;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    n++;
    const d = v - m;
    ss += d * d;
  }
  const den = kind === 'sample' ? n - 1 : n;
  return den > 0 ? Math.sqrt(ss / den) : NaN;
}

export interface Moments {
  n: number;
  mean: number;
  /** e1071 type 2 / Excel SKEW; NaN when n < 3 or zero variance. */
  skew: number;
  /** e1071 type 2 / Excel KURT (excess); NaN when n < 4 or zero variance. */
  kurt: number;
}

/** Skew and kurtosis in one pass over the centred data (COINr definitions). */
export function moments(x: ArrayLike<number>): Moments {
  const m = mean(x);
  let n = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    n++;
    const d = v - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { n, mean: m, ...skewKurtFromSums(n, s2, s3, s4) };
}

/** Skew/kurt from central sums Σd², Σd³, Σd⁴ (shared with the fused winsorisation loop). */
export function skewKurtFromSums(n: number, s2: number, s3: number, s4: number): { skew: number; kurt: number } {
  let skew = NaN;
  let kurt = NaN;
  if (n >= 3 && s2 > 0) {
    const g = (Math.sqrt(n) * s3) / Math.pow(s2, 1.5);
    skew = (g * Math.sqrt(n * (n - 1))) / (n - 2);
  }
  if (n >= 4 && s2 > 0) {
    const r = (n * s4) / (s2 * s2);
    kurt = (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  }
  return { skew, kurt };
}

export function skew(x: ArrayLike<number>): number {
  return moments(x).skew;
}

export function kurt(x: ArrayLike<number>): number {
  return moments(x).kurt;
}

/** Pearson correlation of two columns over rows where both are present. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== x || y !== y) continue;
    n++;
    sa += x;
    sb += y;
  }
  if (n < 2) return NaN;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== x || y !== y) continue;
    const dx = x - ma;
    const dy = y - mb;
    sab += dx * dy;
    saa += dx * dx;
    sbb += dy * dy;
  }
  return sab / Math.sqrt(saa * sbb);
}
