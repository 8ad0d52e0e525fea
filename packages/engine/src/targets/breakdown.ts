/**
 * Breakdown check (目标分解校验): do the sub-targets of a district target add up to it?
 *   sum:      Σ child_i            vs parent   (value targets: GDP, investment …)
 *   weighted: Σ w_i · child_i / Σ w_i vs parent (rate targets: each town's growth weighted by its
 *             base value, so the towns' rates combine to the district's rate)
 * ok when the children reach the parent within the tolerance (relative for sums, absolute in the
 * rate's own unit for weighted); a breakdown above the parent is fine (任务分解只增不减).
 */
import { fail } from './errors.js';

export interface BreakdownChild {
  value: number;
  /** the weight (base value) for a weighted breakdown */
  weight?: number;
}

export interface BreakdownCheck {
  method: 'sum' | 'weighted';
  parent: number;
  combined: number;
  /** combined − parent */
  gap: number;
  ok: boolean;
}

export function checkBreakdown(parent: number, children: BreakdownChild[], method: 'sum' | 'weighted', tolerance = 1e-6): BreakdownCheck {
  if (children.length === 0) fail('INVALID_ARGUMENT', '没有分解目标', 'No sub-targets to check', {});
  let combined: number;
  if (method === 'sum') combined = children.reduce((s, c) => s + c.value, 0);
  else {
    const w = children.reduce((s, c) => s + (c.weight ?? 0), 0);
    if (!(w > 0)) fail('INVALID_ARGUMENT', '加权分解须有正的权重（基数）', 'A weighted breakdown needs positive weights (base values)', {});
    combined = children.reduce((s, c) => s + c.value * (c.weight ?? 0), 0) / w;
  }
  const gap = combined - parent;
  const slack = method === 'sum' ? Math.abs(parent) * tolerance : tolerance;
  return { method, parent, combined, gap, ok: gap >= -slack };
}
