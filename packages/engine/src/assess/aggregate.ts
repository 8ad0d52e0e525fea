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

export function aggregateRows(
  columns: readonly Float64Array[],
  weights: ArrayLike<number>,
  method: MeanMethod = 'amean',
  datThresh?: number,
): Float64Array {
  const k = columns.length;
  const n = k > 0 ? columns[0].length : 0;
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  const cnt = new Uint32Array(n);
  for (let j = 0; j < k; j++) {
    const x = columns[j];
    const w = weights[j];
    switch (method) {
      case 'amean':
      case 'wsum':
        for (let i = 0; i < n; i++) {
          const v = x[i];
          if (v === v) {
            num[i] += w * v;
            den[i] += w;
            cnt[i]++;
          }
        }
        break;
      case 'sum':
        for (let i = 0; i < n; i++) {
          const v = x[i];
          if (v === v) {
            num[i] += v;
            cnt[i]++;
          }
        }
        break;
      case 'gmean':
        for (let i = 0; i < n; i++) {
          const v = x[i];
          if (v === v) {
            if (v <= 0)
              fail('NON_POSITIVE_VALUES', '几何平均要求所有值为正，请将标准化下限设为正数（如 1–100）', 'geometric mean needs positive values; normalise to e.g. [1, 100]', {
                row: i,
                child: j,
                value: v,
              });
            num[i] += w * Math.log(v);
            den[i] += w;
            cnt[i]++;
          }
        }
        break;
      case 'hmean':
        for (let i = 0; i < n; i++) {
          const v = x[i];
          if (v === v) {
            if (v === 0)
              fail('NON_POSITIVE_VALUES', '调和平均要求所有值非零', 'harmonic mean needs non-zero values', { row: i, child: j });
            num[i] += w / v;
            den[i] += w;
            cnt[i]++;
          }
        }
        break;
    }
  }
  const out = new Float64Array(n);
  const thresh = datThresh ?? -1;
  for (let i = 0; i < n; i++) {
    const c = cnt[i];
    if (c === 0 || c / k < thresh) {
      out[i] = NaN;
      continue;
    }
    switch (method) {
      case 'amean':
        out[i] = num[i] / den[i];
        break;
      case 'gmean':
        out[i] = Math.exp(num[i] / den[i]);
        break;
      case 'hmean':
        out[i] = den[i] / num[i];
        break;
      default:
        out[i] = num[i];
    }
  }
  return out;
}
