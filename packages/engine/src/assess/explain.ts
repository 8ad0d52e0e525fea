/**
 * Per-unit explanation.
 * - contribution of indicator j to the root score: c_j = y_j · Π f along the path, where at each node
 *   f = w_j / Σ_{children present} w_k for mean-type aggregation (amean; used as the linear
 *   approximation for gmean/hmean/topsis), f = w_j for wsum and f = 1 for sum. Under arithmetic /
 *   sum aggregation Σ_j c_j equals the root score exactly (`additive = true`).
 * - gap to target: for indicators with a target, target − x (higher-is-better) or x − target
 *   (lower-is-better), on the denominated, imputed value; > 0 means short of target;
 *   achievement = x/target (or target/x).
 * - gap to the unit ranked just above (nearest strictly higher final score) and to the leader:
 *   score gap and per-indicator contribution gaps, largest first (where the unit loses most).
 * - obstacle degree (障碍度, common in Chinese evaluation papers, e.g. 李加林 et al. 2025):
 *   I_j = 1 − X_j with X_j the normalised value rescaled to [0, 1] on the method's scale,
 *   F_j = effective weight, O_j = F_j·I_j / Σ_k F_k·I_k; indicators ranked by O_j.
 */

import type { AssessResult } from './pipeline.js';
import { normalisedRange } from './normalise.js';
import type { Plan } from './validate.js';
import type { Scored } from './pipeline.js';
import { fail } from './errors.js';
import { gradeAt } from './grade.js';

export interface IndicatorExplanation {
  indicator: string;
  value: number;
  normalised: number;
  weight: number;
  contribution: number;
  target?: number;
  gapToTarget?: number;
  achievement?: number;
  obstacle: number;
  obstacleRank: number;
}

export interface ComparisonGap {
  unitId: string;
  rank: number;
  score: number;
  scoreGap: number;
  byIndicator: { indicator: string; contributionGap: number }[];
}

export interface UnitExplanation {
  unitId: string;
  score: number;
  final: number;
  rank: number;
  grade: string | null;
  additive: boolean;
  indicators: IndicatorExplanation[];
  above?: ComparisonGap;
  leader?: ComparisonGap;
  /** Indicator ids by obstacle degree, largest first. */
  obstacles: string[];
}

interface Ctx {
  plan: Plan;
  result: AssessResult;
  scored: Scored;
  ranges: Record<string, [number, number]>;
  additive: boolean;
}

function contributions(ctx: Ctx, i: number): Map<string, number> {
  const { result, scored } = ctx;
  const out = new Map<string, number>();
  const walk = (id: string, f: number) => {
    const nw = result.weights[id];
    if (!nw) {
      const y = result.normalised[id][i];
      out.set(id, y === y ? y * f : 0);
      return;
    }
    const agg = scored.aggregation[id].method;
    let avail = 0;
    nw.children.forEach((c, j) => {
      const v = (result.normalised[c] ?? result.scores[c])[i];
      if (v === v) avail += nw.used[j];
    });
    nw.children.forEach((c, j) => {
      const factor = agg === 'sum' ? 1 : agg === 'wsum' ? nw.used[j] : avail > 0 ? nw.used[j] / avail : 0;
      walk(c, f * factor);
    });
  };
  walk(result.root, 1);
  return out;
}

function makeCtx(plan: Plan, result: AssessResult, scored: Scored): Ctx {
  const ranges: Record<string, [number, number]> = {};
  for (const id of result.indicators) ranges[id] = normalisedRange(scored.normalisation[id], result.normalised[id]);
  let additive = true;
  for (const id of result.nodes) if (!['amean', 'wsum', 'sum'].includes(scored.aggregation[id].method)) additive = false;
  return { plan, result, scored, ranges, additive };
}

function gapTo(ctx: Ctx, i: number, j: number, own: Map<string, number>): ComparisonGap {
  const other = contributions(ctx, j);
  const r = ctx.result;
  const byIndicator = r.indicators
    .map((id) => ({ indicator: id, contributionGap: (other.get(id) ?? 0) - (own.get(id) ?? 0) }))
    .sort((a, b) => b.contributionGap - a.contributionGap);
  return { unitId: r.unitIds[j], rank: r.rank[j], score: r.final[j], scoreGap: r.final[j] - r.final[i], byIndicator };
}

function explainOne(ctx: Ctx, i: number, above: number, leader: number): UnitExplanation {
  const { plan, result: r } = ctx;
  const own = contributions(ctx, i);
  const eff = r.effectiveWeights;
  const inds: IndicatorExplanation[] = [];
  let totalObstacle = 0;
  const raw: number[] = [];
  for (const id of r.indicators) {
    const def = plan.indicatorById.get(id)!;
    const y = r.normalised[id][i];
    const [lo, hi] = ctx.ranges[id];
    let X = hi > lo ? (y - lo) / (hi - lo) : 1;
    if (!(X === X)) X = 0;
    X = Math.min(1, Math.max(0, X));
    const o = eff[id] * (1 - X);
    raw.push(o);
    totalObstacle += o;
    const value = r.base[id][i];
    const e: IndicatorExplanation = {
      indicator: id,
      value,
      normalised: y,
      weight: eff[id],
      contribution: own.get(id) ?? 0,
      obstacle: 0,
      obstacleRank: 0,
    };
    if (def.target !== undefined) {
      e.target = def.target;
      e.gapToTarget = def.direction === 1 ? def.target - value : value - def.target;
      e.achievement = def.direction === 1 ? value / def.target : def.target / value;
    }
    inds.push(e);
  }
  inds.forEach((e, k) => (e.obstacle = totalObstacle > 0 ? raw[k] / totalObstacle : 0));
  const byObstacle = [...inds].sort((a, b) => b.obstacle - a.obstacle);
  byObstacle.forEach((e, k) => (e.obstacleRank = k + 1));
  return {
    unitId: r.unitIds[i],
    score: r.scores[r.root][i],
    final: r.final[i],
    rank: r.rank[i],
    grade: gradeAt(r.grades, i),
    additive: ctx.additive,
    indicators: inds,
    ...(above >= 0 ? { above: gapTo(ctx, i, above, own) } : {}),
    ...(leader >= 0 && leader !== i && r.final[leader] > r.final[i] ? { leader: gapTo(ctx, i, leader, own) } : {}),
    obstacles: byObstacle.map((e) => e.indicator),
  };
}

/** Index of the unit just above each unit (nearest strictly higher final score), −1 if none. */
function aboveIndex(final: Float64Array): { above: Int32Array; leader: number } {
  const n = final.length;
  const idx = Array.from({ length: n }, (_, i) => i).filter((i) => final[i] === final[i]);
  idx.sort((a, b) => final[b] - final[a] || a - b);
  const above = new Int32Array(n).fill(-1);
  let lastHigher = -1;
  for (let p = 0; p < idx.length; p++) {
    const i = idx[p];
    if (p > 0 && final[idx[p - 1]] > final[i]) lastHigher = idx[p - 1];
    above[i] = lastHigher;
  }
  return { above, leader: idx.length ? idx[0] : -1 };
}

export function explainUnits(plan: Plan, result: AssessResult, scored: Scored, units?: readonly number[]): UnitExplanation[] {
  const ctx = makeCtx(plan, result, scored);
  const { above, leader } = aboveIndex(result.final);
  const list = units ?? Array.from({ length: result.unitIds.length }, (_, i) => i);
  return list.map((i) => explainOne(ctx, i, above[i], leader));
}

/** Explanation of one unit from a finished run (plan and scored data as returned by the stages). */
export function explainUnitAt(plan: Plan, result: AssessResult, scored: Scored, unitId: string): UnitExplanation {
  const i = result.unitIds.indexOf(unitId);
  if (i < 0) {
    const dropped = result.screening?.removed.find((u) => u.unit === unitId);
    if (dropped)
      fail('SCREENED_OUT', `单位 ${unitId} 已在筛选中剔除：${dropped.zh}`, `unit ${unitId} was screened out: ${dropped.en}`, {
        unit: unitId,
        reason: dropped.reason,
      });
    fail('UNKNOWN_UNIT', `未找到单位 ${unitId}`, `unknown unit ${unitId}`, { unit: unitId });
  }
  return explainUnits(plan, result, scored, [i])[0];
}
