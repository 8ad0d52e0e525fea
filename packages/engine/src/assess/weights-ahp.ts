/**
 * AHP (Saaty) weights from a reciprocal pairwise-comparison matrix A (a_ij = importance of i over j,
 * a_ji = 1/a_ij, 1–9 scale).
 *   eigenvector (default): w = principal right eigenvector of A (power iteration to 1e-13), Σw = 1;
 *   geometric : w_i ∝ (Π_j a_ij)^{1/n};   arithmetic (和积法): w_i = mean_j (a_ij / Σ_k a_kj).
 *   λmax = mean_i (A·w)_i / w_i,  CI = (λmax − n)/(n − 1),  CR = CI / RI(n)   (CR = 0 for n ≤ 2).
 * Random-index tables — the choice changes CR, so it is explicit:
 *   'saaty' (default, the table in Chinese textbooks; pyDecision): 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32,
 *           1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59   (n = 1..15)
 *   'tummala-ling' (Tummala & Ling 1998; pymcdm): 0, 0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952,
 *           1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831
 * A matrix with CR ≥ maxCR (0.1) is refused with `AHP_INCONSISTENT` unless `force` is set.
 * Fixture (Wang & Chin 2011 via pymcdm): w = [0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391], CR ≈ 0.23.
 */

import { fail } from './errors.js';

export const RI_SAATY = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59] as const;
export const RI_TUMMALA_LING = [
  0, 0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831,
] as const;

export interface AhpOptions {
  method?: 'eigenvector' | 'geometric' | 'arithmetic';
  ri?: 'saaty' | 'tummala-ling';
  maxCR?: number;
  force?: boolean;
  /** Relative tolerance for a_ji·a_ij = 1 (entries like 0.143 for 1/7 are accepted). Default 0.02. */
  reciprocalTolerance?: number;
}

export interface AhpResult {
  weights: Float64Array;
  lambdaMax: number;
  ci: number;
  cr: number;
  ri: number;
  consistent: boolean;
}

export function ahpWeights(matrix: readonly (readonly number[])[], opts: AhpOptions = {}): AhpResult {
  const n = matrix.length;
  const tol = opts.reciprocalTolerance ?? 0.02;
  if (n < 1 || n > 15) fail('AHP_MATRIX_INVALID', 'AHP 判断矩阵阶数须在 1–15 之间', 'AHP matrix order must be 1..15', { n });
  for (let i = 0; i < n; i++) {
    if (matrix[i].length !== n) fail('AHP_MATRIX_INVALID', 'AHP 判断矩阵必须是方阵', 'AHP matrix must be square', { row: i });
    for (let j = 0; j < n; j++) {
      const a = matrix[i][j];
      if (!(a > 0) || !Number.isFinite(a))
        fail(
          'AHP_MATRIX_INVALID',
          `AHP 判断矩阵第 ${i + 1} 行第 ${j + 1} 列必须为正数`,
          `AHP entry (${i + 1}, ${j + 1}) must be positive`,
          { row: i, col: j },
        );
      if (i === j && Math.abs(a - 1) > 1e-9) fail('AHP_MATRIX_INVALID', 'AHP 判断矩阵对角线必须为 1', 'AHP diagonal must be 1', { row: i });
      if (Math.abs(a * matrix[j][i] - 1) > tol)
        fail(
          'AHP_MATRIX_INVALID',
          `AHP 判断矩阵不互反：a(${i + 1},${j + 1})·a(${j + 1},${i + 1}) ≠ 1`,
          `AHP matrix not reciprocal at (${i + 1}, ${j + 1})`,
          {
            row: i,
            col: j,
          },
        );
    }
  }
  const method = opts.method ?? 'eigenvector';
  let w = new Float64Array(n);
  if (method === 'geometric') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.log(matrix[i][j]);
      w[i] = Math.exp(s / n);
    }
  } else if (method === 'arithmetic') {
    for (let j = 0; j < n; j++) {
      let col = 0;
      for (let i = 0; i < n; i++) col += matrix[i][j];
      for (let i = 0; i < n; i++) w[i] += matrix[i][j] / col / n;
    }
  } else {
    w.fill(1 / n);
    for (let it = 0; it < 10000; it++) {
      const next = new Float64Array(n);
      let s = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += matrix[i][j] * w[j];
        next[i] = v;
        s += v;
      }
      let diff = 0;
      for (let i = 0; i < n; i++) {
        next[i] /= s;
        diff = Math.max(diff, Math.abs(next[i] - w[i]));
      }
      w = next;
      if (diff < 1e-13) break;
    }
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i];
  for (let i = 0; i < n; i++) w[i] /= s;
  let lambda = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += matrix[i][j] * w[j];
    lambda += v / w[i];
  }
  lambda /= n;
  const ci = n > 2 ? (lambda - n) / (n - 1) : 0;
  const table = opts.ri === 'tummala-ling' ? RI_TUMMALA_LING : RI_SAATY;
  const ri = table[n - 1];
  const cr = n > 2 ? ci / ri : 0;
  const maxCR = opts.maxCR ?? 0.1;
  const consistent = cr < maxCR;
  if (!consistent && !opts.force)
    fail(
      'AHP_INCONSISTENT',
      `AHP 判断矩阵一致性比例 CR = ${cr.toFixed(4)} ≥ ${maxCR}，请调整判断矩阵（或显式强制使用）`,
      `AHP consistency ratio CR = ${cr.toFixed(4)} ≥ ${maxCR}; revise the matrix or set force`,
      { cr, ci, lambdaMax: lambda, ri },
    );
  return { weights: w, lambdaMax: lambda, ci, cr, ri, consistent };
}
