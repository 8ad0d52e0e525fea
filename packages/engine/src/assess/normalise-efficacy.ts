/**
 * 功效系数法 (efficacy-coefficient scoring), two published forms.
 *
 * 1. Single threshold (统计师 exam form): d = (x − x_s)/(x_h − x_s) × 40 + 60,
 *    x_h = 满意值 (satisfactory), x_s = 不允许值 (unacceptable). Example: 5.81 with 12/6 → 58.73.
 *    Direction-agnostic: for a lower-is-better indicator give x_h < x_s. Not clamped unless asked
 *    (the published example scores below 60).
 *
 * 2. Five bands (财政部《国有资本金效绩评价计分方法》财统字〔1999〕6号, superseded but still used):
 *    standards s_0..s_4 = 优秀, 良好, 平均, 较低, 较差 values; band coefficients c = 1.0, 0.8, 0.6, 0.4, 0.2
 *    (the commonly used values; the retrieved excerpts confirm the structure, not the numbers).
 *      x ≥ s_0 → points·c_0 (full marks);  x < s_4 → 0;
 *      otherwise in band s_k ≤ x < s_{k−1}:  本档基础分 = points·c_k,
 *      功效系数 = (x − s_k)/(s_{k−1} − s_k),  调整分 = 功效系数·(points·c_{k−1} − points·c_k),
 *      单项得分 = 本档基础分 + 调整分.
 *    Example coefficient: x = 90 %, 上档 100 %, 本档 80 % → 0.5.
 *    Lower-is-better indicators: give standards in decreasing goodness, i.e. ascending numbers;
 *    the orientation is detected from s_0 < s_4.
 */

import { fail } from './errors.js';

export function efficacyScore(x: number, satisfactory: number, unacceptable: number): number {
  return ((x - unacceptable) / (satisfactory - unacceptable)) * 40 + 60;
}

export function efficacy(x: Float64Array, satisfactory: number, unacceptable: number, clampMin?: number, clampMax?: number): Float64Array {
  if (satisfactory === unacceptable)
    fail('INVALID_ARGUMENT', '满意值不能等于不允许值', 'satisfactory value must differ from unacceptable value');
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let d = efficacyScore(x[i], satisfactory, unacceptable);
    if (clampMin !== undefined && d < clampMin) d = clampMin;
    if (clampMax !== undefined && d > clampMax) d = clampMax;
    out[i] = d;
  }
  return out;
}

/** 功效系数 within a band: (actual − 本档标准值)/(上档标准值 − 本档标准值). */
export function bandCoefficient(actual: number, bandStandard: number, upperStandard: number): number {
  return (actual - bandStandard) / (upperStandard - bandStandard);
}

export const DEFAULT_BAND_COEFFICIENTS = [1.0, 0.8, 0.6, 0.4, 0.2] as const;

export function efficacyBandScore(
  x: number,
  standards: readonly number[],
  coefficients: readonly number[] = DEFAULT_BAND_COEFFICIENTS,
  points = 100,
): number {
  if (x !== x) return NaN;
  const k = standards.length;
  const flip = standards[0] < standards[k - 1];
  const v = flip ? -x : x;
  const s = (i: number) => (flip ? -standards[i] : standards[i]);
  if (v >= s(0)) return points * coefficients[0];
  if (v < s(k - 1)) return 0;
  for (let b = 1; b < k; b++) {
    if (v >= s(b)) {
      const base = points * coefficients[b];
      const upper = points * coefficients[b - 1];
      return base + bandCoefficient(v, s(b), s(b - 1)) * (upper - base);
    }
  }
  return 0;
}

export function efficacyBands(
  x: Float64Array,
  standards: readonly number[],
  coefficients: readonly number[] = DEFAULT_BAND_COEFFICIENTS,
  points = 100,
): Float64Array {
  if (standards.length < 2 || standards.length !== coefficients.length)
    fail('INVALID_ARGUMENT', '档次标准值与系数个数必须相同且不少于 2', 'band standards and coefficients must match in length (≥ 2)');
  for (let i = 1; i < standards.length; i++) {
    const asc = standards[0] < standards[standards.length - 1];
    if (asc ? standards[i] <= standards[i - 1] : standards[i] >= standards[i - 1])
      fail('INVALID_ARGUMENT', '档次标准值必须严格单调', 'band standards must be strictly monotone', { standards });
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = efficacyBandScore(x[i], standards, coefficients, points);
  return out;
}
