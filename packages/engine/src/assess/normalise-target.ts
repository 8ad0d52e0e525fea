/**
 * Target-based normalisations (values compared with a fixed reference rather than the sample).
 *
 * - dist2targ (COINr `n_dist2targ`, v1.1.x):  direction 1: (x − min)/(targ − min);
 *   direction −1: (max − x)/(max − targ); optionally capped at 1.  min/max are observed.
 *   COINr tests: (0, 5, 11), targ 10 → (0, 0.5, 1.1); capped → (0, 0.5, 1).
 * - targetRatio (目标值法 / 实现程度, common Chinese form; no official formula text retrieved, see
 *   docs/reference/composite.md A4(f)): direction 1: x/target; direction −1: target/x;
 *   capped at `cap` (default 1 = 100 %), times `scale` (default 100).
 * - dist2frontier (distance to frontier, World Bank Doing-Business style):
 *   (x − worst)/(frontier − worst), clamped to [0, 1], × scale. frontier/worst default to the best/
 *   worst observed values (oriented by direction), or are fixed numbers.
 * - goalposts (COINr `n_goalposts`): direction 1: (x − lo)/(hi − lo); direction −1: (x − hi)/(lo − hi);
 *   truncated to [0, 1] if `truncate` (default), × scale.  COINr tests: x = 1, (0, 10, 1) → 0.1;
 *   11 → 1; −1 → 0; direction −1: 1 → 0.9, −1 → 1, 11 → 0.
 */

import { fail } from './errors.js';
import { summary } from './stats.js';

export function dist2Targ(x: Float64Array, target: number, direction: 1 | -1 = 1, capMax = false): Float64Array {
  const s = summary(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let y = direction === 1 ? (x[i] - s.min) / (target - s.min) : (s.max - x[i]) / (s.max - target);
    if (capMax && y > 1) y = 1;
    out[i] = y;
  }
  return out;
}

export function targetRatio(x: Float64Array, target: number, direction: 1 | -1 = 1, cap: number | null = 1, scale = 100): Float64Array {
  if (!(target > 0) && direction === 1)
    fail('INVALID_ARGUMENT', '目标值法要求目标值为正数', 'targetRatio needs a positive target', { target });
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    let r = direction === 1 ? v / target : target / v;
    if (cap !== null && r > cap) r = cap;
    out[i] = r * scale;
  }
  return out;
}

export function dist2Frontier(x: Float64Array, direction: 1 | -1 = 1, frontier?: number, worst?: number, scale = 100): Float64Array {
  const s = summary(x);
  const f = frontier ?? (direction === 1 ? s.max : s.min);
  const w = worst ?? (direction === 1 ? s.min : s.max);
  if (f === w) fail('ZERO_RANGE', '前沿值与最差值相同', 'frontier equals worst value', { frontier: f, worst: w });
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let y = (x[i] - w) / (f - w);
    if (y > 1) y = 1;
    else if (y < 0) y = 0;
    out[i] = y * scale;
  }
  return out;
}

export function goalposts(
  x: Float64Array,
  lower: number,
  upper: number,
  scale = 100,
  direction: 1 | -1 = 1,
  truncate = true,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let y = direction === 1 ? (x[i] - lower) / (upper - lower) : (x[i] - upper) / (lower - upper);
    if (truncate) {
      if (y > 1) y = 1;
      else if (y < 0) y = 0;
    }
    out[i] = y * scale;
  }
  return out;
}
