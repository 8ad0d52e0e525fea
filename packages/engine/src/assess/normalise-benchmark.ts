/**
 * Benchmark ratio × weight (亩均效益 "亩产论英雄" scoring).
 *   score_i = clamp(x_i / benchmark × points, floor × points, cap × points)
 * for higher-is-better indicators; lower-is-better uses benchmark / x_i.
 * Published example (Huangyan 2022, 规上): 亩均税收 ÷ 24.097 × 30 + 亩均增加值 ÷ 136.16 × 20 + …;
 * cap example 1.5 × weight, floor 0 (docs/reference/mujun.md). Scores are then summed
 * (aggregation `sum`), not averaged.
 */

import { fail } from './errors.js';

export function benchmarkScore(
  x: Float64Array,
  benchmark: number,
  points: number,
  direction: 1 | -1 = 1,
  cap: number | null = null,
  floor: number | null = 0,
): Float64Array {
  if (!(benchmark > 0)) fail('INVALID_ARGUMENT', '标杆值必须为正数', 'benchmark must be positive', { benchmark });
  const hi = cap === null ? Infinity : cap * points;
  const lo = floor === null ? -Infinity : floor * points;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    let s = (direction === 1 ? v / benchmark : benchmark / v) * points;
    if (s > hi) s = hi;
    if (s < lo) s = lo;
    out[i] = v === v ? s : NaN;
  }
  return out;
}
