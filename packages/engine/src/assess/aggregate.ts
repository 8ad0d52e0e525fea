/**
 * Row-wise aggregation of child columns, as COINr `a_amean` / `a_gmean` / `a_hmean`
 * [bluefoxr/COINr R/aggregate.R]: missing values are dropped together with their weights and the
 * remaining weights are rescaled (weights are relative):
 *   amean: y = Σ w·x / Σ w          gmean: y = exp(Σ w·ln x / Σ w)  (x must be > 0)
 *   hmean: y = Σ w / Σ (w/x)        (x must be ≠ 0)
 * plus two non-COINr sums used by Chinese scoring rules (亩均, 加减分 tables):
 *   wsum : y = Σ w·x (no rescaling)  sum: y = Σ x
 * Data-availability threshold (COINr `dat_thresh`): if (#non-missing children)/(#children) < datThresh
 * the result is NaN. COINr's vignette example: rows (1,3,1), (2,NA,NA), (3,NA,1) with 2/3 →
 * (1.666667, NA, 2). A row with no data is NaN.
 * Column-major passes: O(n·k), no per-unit allocation.
 */

import { fail } from './errors.js';

export type MeanMethod = 'amean' | 'gmean' | 'hmean' | 'wsum' | 'sum';

function hasMissing(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) return true;
  return false;
}

function checkValues(x: Float64Array, method: MeanMethod, j: number): void {
  if (method === 'gmean') {
    for (let i = 0; i < x.length; i++)
      if (x[i] <= 0)
        fail('NON_POSITIVE_VALUES', '几何平均要求所有值为正，请将标准化下限设为正数（如 1–100）', 'geometric mean needs positive values; normalise to e.g. [1, 100]', {
          row: i,
          child: j,
          value: x[i],
        });
  } else if (method === 'hmean') {
    for (let i = 0; i < x.length; i++)
      if (x[i] === 0) fail('NON_POSITIVE_VALUES', '调和平均要求所有值非零', 'harmonic mean needs non-zero values', { row: i, child: j });
  }
}

/** Adds w·f(x) into acc; with den/cnt, only for present values (and counts them). */
function accumulate(x: Float64Array, w: number, method: MeanMethod, acc: Float64Array, den: Float64Array | null, cnt: Uint32Array | null): void {
  const n = x.length;
  if (den && cnt) {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v !== v) continue;
      acc[i] += method === 'amean' || method === 'wsum' ? w * v : method === 'sum' ? v : method === 'gmean' ? w * Math.log(v) : w / v;
      den[i] += w;
      cnt[i]++;
    }
    return;
  }
  switch (method) {
    case 'amean':
    case 'wsum':
      for (let i = 0; i < n; i++) acc[i] += w * x[i];
      break;
    case 'sum':
      for (let i = 0; i < n; i++) acc[i] += x[i];
      break;
    case 'gmean':
      for (let i = 0; i < n; i++) acc[i] += w * Math.log(x[i]);
      break;
    case 'hmean':
      for (let i = 0; i < n; i++) acc[i] += w / x[i];
      break;
  }
}

export function aggregateRows(
  columns: readonly Float64Array[],
  weights: ArrayLike<number>,
  method: MeanMethod = 'amean',
  datThresh?: number,
): Float64Array {
  const k = columns.length;
  const n = k > 0 ? columns[0].length : 0;
  const out = new Float64Array(n);
  // Per-row weight sums and counts are only needed once a missing value appears.
  let den: Float64Array | null = null;
  let cnt: Uint32Array | null = null;
  let wBefore = 0;
  for (let j = 0; j < k; j++) {
    const x = columns[j];
    const w = weights[j];
    checkValues(x, method, j);
    if (!den && hasMissing(x)) {
      den = new Float64Array(n).fill(wBefore);
      cnt = new Uint32Array(n).fill(j);
    }
    accumulate(x, w, method, out, den, cnt);
    wBefore += w;
  }
  if (!den || !cnt) {
    // complete data: every row has all k children
    if (method === 'amean') for (let i = 0; i < n; i++) out[i] /= wBefore;
    else if (method === 'gmean') for (let i = 0; i < n; i++) out[i] = Math.exp(out[i] / wBefore);
    else if (method === 'hmean') for (let i = 0; i < n; i++) out[i] = wBefore / out[i];
    return out;
  }
  const thresh = datThresh ?? -1;
  for (let i = 0; i < n; i++) {
    const c = cnt[i];
    if (c === 0 || c / k < thresh) {
      out[i] = NaN;
      continue;
    }
    const d = den[i];
    if (method === 'amean') out[i] = out[i] / d;
    else if (method === 'gmean') out[i] = Math.exp(out[i] / d);
    else if (method === 'hmean') out[i] = d / out[i];
  }
  return out;
}
