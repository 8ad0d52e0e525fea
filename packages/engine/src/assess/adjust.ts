/**
 * 加分/扣分 (bonus/penalty) items applied to the final score after aggregation.
 *   column rule: points = value × perUnit (missing → 0)
 *   step rule  : deviation d = direction·(x − target)/|target|·100 (%);
 *                bonus   = ⌊ d/stepPct⌋·pointsPerStep when d > 0,
 *                penalty = ⌊−d/stepPct⌋·pointsPerStep when d < 0
 *                (e.g. 年度经营业绩考核: +1 per 3 % over target, max +6; −1 per 3 % under, max −6)
 *   each item is capped at `cap`; the totals of all bonuses / all penalties at
 *   `adjustmentCaps.bonus` / `.penalty`.  final = aggregate + Σbonus − Σpenalty, then `finalClamp`.
 */

import type { AdjustmentDef } from './scheme.js';

export function adjustmentPoints(def: AdjustmentDef, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  const r = def.rule;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    let p = 0;
    if (v === v) {
      if (r.type === 'column') p = v * r.perUnit;
      else {
        const d = (r.direction * (v - r.target) * 100) / Math.abs(r.target);
        const steps = def.kind === 'bonus' ? Math.floor(d / r.stepPct + 1e-9) : Math.floor(-d / r.stepPct + 1e-9);
        p = steps > 0 ? steps * r.pointsPerStep : 0;
      }
    }
    if (p < 0) p = 0;
    if (def.cap !== undefined && p > def.cap) p = def.cap;
    out[i] = p;
  }
  return out;
}

export function capTotals(total: Float64Array, cap?: number): Float64Array {
  if (cap === undefined) return total;
  for (let i = 0; i < total.length; i++) if (total[i] > cap) total[i] = cap;
  return total;
}
