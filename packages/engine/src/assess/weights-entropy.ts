/**
 * Entropy weights (熵权法).
 *   p_ij = x_ij / Σ_i x_ij,  e_j = −Σ_i p_ij·ln p_ij / ln m_j,  d_j = 1 − e_j,  w_j = d_j / Σ_k d_k
 * m_j = number of non-missing values in column j (missing cells are skipped).
 * Sources: pymcdm `entropy_weights` (Elsayed et al. 2017 fixture → [0.104991, 0.069124, 0.071373,
 * 0.449937, 0.304575]); scikit-criteria `EntropyWeighter` ([[1,2],[4,16]] → [0.358889, 0.641111]).
 *
 * Convention for zero shares — it changes results, so it is a pinned, explicit option:
 *   'zeroTerm' (default): 0·ln 0 = 0 (scipy.stats.entropy / scikit-criteria, most textbooks);
 *   'pymcdm'  : if a column has any p = 0 its entropy is set to 0 (pymcdm; on min-max data this
 *               makes every weight equal);
 *   'shift'   : add `shift` (default 1e-4, common in Chinese papers) to every value first.
 * Negative values are an error (entropy needs shares); normalise with min-max first.
 *
 * Speed: Σ v·ln v uses the table-driven logarithm of fastlog.ts (< 2·10⁻¹⁶ truncation),
 * in the column loop `entropySums` there.
 */

import { fail } from './errors.js';
import { entropySums, type ColumnSums } from './fastlog.js';

export type EntropyZeroRule = 'zeroTerm' | 'pymcdm' | 'shift';

export interface EntropyOptions {
  zeroShares?: EntropyZeroRule;
  shift?: number;
}

/** Σ over the shifted values v + shift (the 'shift' rule; plain Math.log, it is not the hot path). */
function shiftedSums(x: Float64Array, shift: number): ColumnSums {
  let m = 0;
  let sum = 0;
  let svl = 0;
  let anyZero = false;
  let negative = -1;
  for (let i = 0; i < x.length; i++) {
    const v0 = x[i];
    if (v0 !== v0) continue;
    const v = v0 + shift;
    m++;
    sum += v;
    if (v > 0) svl += v * Math.log(v);
    else if (v === 0) anyZero = true;
    else if (negative < 0) negative = i;
  }
  return { m, sum, svl, anyZero, negative };
}

export function entropyWeights(columns: readonly Float64Array[], opts: EntropyOptions = {}): Float64Array {
  const rule = opts.zeroShares ?? 'zeroTerm';
  const shift = rule === 'shift' ? (opts.shift ?? 1e-4) : 0;
  // one pass per column: m, S = Σv and Σ v·ln v;  Σ p ln p = (Σ v ln v)/S − ln S
  return entropyWeightsFromSums(
    columns.map((x) => (shift === 0 ? entropySums(x) : shiftedSums(x, shift))),
    rule,
    (j, row) => columns[j][row],
  );
}

/** Weights from each column's sums (`entropySums`, or `viewEntropySums` for a column view). */
export function entropyWeightsFromSums(
  sums: readonly ColumnSums[],
  rule: EntropyZeroRule,
  valueAt: (column: number, row: number) => number,
): Float64Array {
  const k = sums.length;
  const d = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const { m, sum, svl, anyZero, negative } = sums[j];
    if (negative >= 0)
      fail('NEGATIVE_VALUES', '熵权法要求非负数据，请先做极差标准化', 'entropy weights need non-negative data; min-max normalise first', {
        column: j,
        row: negative,
        value: valueAt(j, negative),
      });
    if (m < 2) fail('TOO_FEW_VALUES', '熵权法每列至少需要 2 个数值', 'entropy weights need at least 2 values per column', { column: j });
    let e = sum > 0 ? -(svl / sum - Math.log(sum)) / Math.log(m) : 1; // an all-zero column carries no information
    if (rule === 'pymcdm' && anyZero) e = 0;
    d[j] = 1 - e;
  }
  let total = 0;
  for (let j = 0; j < k; j++) total += d[j];
  const w = new Float64Array(k);
  for (let j = 0; j < k; j++) w[j] = total > 0 ? d[j] / total : 1 / k;
  return w;
}
