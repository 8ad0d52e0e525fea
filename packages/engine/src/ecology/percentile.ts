/**
 * HJ 663-2013 §5.3 (附录 A) 百分位数计算方法, quoted:
 *   (1) 将污染物浓度序列按数值从小到大排序，排序后的浓度序列为 {X(i), i = 1, 2, …, n}；
 *   (2) 计算第 p 百分位数 m_p 的序数 k：k = 1 + (n − 1) × p%；
 *   (3) 第 p 百分位数 m_p 计算公式：m_p = X(s) + (X(s+1) − X(s)) × (k − s)，
 *       式中 s 为 k 的整数部分；当 k 为整数时 m_p = X(k)。
 * Used for the O3 90th percentile of the daily maximum 8-hour values and the CO 95th percentile of
 * the daily means. NaN (invalid days) are left out; an empty set gives NaN.
 */
import { fail } from './errors.js';

export function percentileHj663(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) fail('INVALID_ARGUMENT', `百分位数 p 无效：${p}`, `invalid percentile p: ${p}`, { p });
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) xs.push(values[i]!);
  const n = xs.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(xs).sort();
  const k = 1 + ((n - 1) * p) / 100;
  const s = Math.floor(k + 1e-12);
  if (s >= n) return sorted[n - 1]!;
  const xs1 = sorted[s - 1]!;
  return xs1 + (sorted[s]! - xs1) * (k - s);
}
