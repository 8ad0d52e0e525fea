/**
 * Normalisation dispatcher: applies one `NormaliseSpec` (scheme.ts) to an indicator column.
 * Formulas and sources are in normalise-basic.ts (COINr data-driven methods), normalise-target.ts
 * (目标值法, distance to target / frontier, goalposts), normalise-efficacy.ts (功效系数法, both forms)
 * and normalise-benchmark.ts (亩均 benchmark ratio × weight). `normalisedRange` gives the scale
 * bounds of each method, used to put values on [0, 1] for the obstacle degree (障碍度).
 */

import { fail } from './errors.js';
import { borda, dist2Max, fracMax, minMax, percentileRank, rankNorm, zScore, type KnownRange } from './normalise-basic.js';
import { benchmarkScore } from './normalise-benchmark.js';
import { efficacy, efficacyBands } from './normalise-efficacy.js';
import { dist2Frontier, dist2Targ, goalposts, targetRatio } from './normalise-target.js';
import type { NormaliseSpec } from './scheme.js';
import { summary } from './stats.js';

export interface IndicatorContext {
  id: string;
  direction: 1 | -1;
  target?: number;
}

function needTarget(spec: { target?: number }, ind: IndicatorContext): number {
  const t = spec.target ?? ind.target;
  if (t === undefined) fail('SCHEME_INVALID', `指标 ${ind.id} 缺少目标值`, `indicator ${ind.id} has no target`, { indicator: ind.id });
  return t;
}

/** `known` = observed range of x if an earlier step has it (skips a pass for min-max). */
export function normalise(x: Float64Array, spec: NormaliseSpec, ind: IndicatorContext, known?: KnownRange): Float64Array {
  const d = ind.direction;
  switch (spec.method) {
    case 'none':
      return x;
    case 'minmax':
      return minMax(x, d, spec.lower, spec.upper, ind.id, known);
    case 'zscore':
      return zScore(x, d, spec.mean, spec.sd, spec.sdKind, ind.id);
    case 'rank':
      return rankNorm(x, d);
    case 'percentile':
      return percentileRank(x, d, spec.scale);
    case 'borda':
      return borda(x, d);
    case 'fracmax':
      return fracMax(x, d);
    case 'dist2max':
      return dist2Max(x, d, ind.id);
    case 'dist2targ':
      return dist2Targ(x, needTarget(spec, ind), d, spec.capMax);
    case 'targetRatio':
      return targetRatio(x, needTarget(spec, ind), d, spec.cap, spec.scale);
    case 'dist2frontier':
      return dist2Frontier(x, d, spec.frontier, spec.worst, spec.scale);
    case 'goalposts':
      return goalposts(x, spec.lower, spec.upper, spec.scale, d, spec.truncate);
    case 'efficacy':
      return efficacy(x, spec.satisfactory, spec.unacceptable, spec.clampMin, spec.clampMax);
    case 'efficacyBands':
      return efficacyBands(x, spec.standards, spec.coefficients, spec.points);
    case 'benchmark':
      return benchmarkScore(x, spec.benchmark, spec.points, d, spec.cap, spec.floor);
  }
}

/** [worst, best] of the normalised scale: declared bounds where the method has them, else observed. */
export function normalisedRange(spec: NormaliseSpec, y: Float64Array): [number, number] {
  switch (spec.method) {
    case 'minmax':
      return [spec.lower, spec.upper];
    case 'goalposts':
    case 'dist2frontier':
      return [0, spec.scale];
    case 'targetRatio':
      if (spec.cap !== null) return [0, spec.cap * spec.scale];
      break;
    case 'percentile':
      return [0, spec.scale];
    case 'efficacyBands':
      return [0, spec.points * Math.max(...spec.coefficients)];
    case 'benchmark':
      if (spec.cap !== null) return [(spec.floor ?? 0) * spec.points, spec.cap * spec.points];
      break;
    case 'efficacy':
      if (spec.clampMin !== undefined && spec.clampMax !== undefined) return [spec.clampMin, spec.clampMax];
      break;
  }
  const s = summary(y);
  return [s.min, s.max];
}
