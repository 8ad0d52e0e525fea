/**
 * Data-driven normalisations, exactly as COINr defines them [bluefoxr/COINr R/normalise.R].
 * Direction is applied first as x·direction (COINr `Normalise.numeric`), so "lower is better"
 * indicators flip before scaling:
 *
 * - minmax:     (x − min)/(max − min)·(u − l) + l              (COINr `n_minmax`, default [0, 100])
 * - zscore:     (x − mean)/sd·s + m, sd = sample SD (n − 1, R `sd`)  (COINr `n_zscore`, default m 0, s 1)
 * - rank:       R rank(x, ties "min")                           (COINr `n_rank`)
 * - percentile: (rank − 1)/(n_nonNA − 1)·scale                  (COINr `n_prank`, scale 1)
 * - borda:      rank − 1                                        (COINr `n_borda`)
 * - fracmax:    x / max                                         (COINr `n_fracmax`)
 * - dist2max:   1 − (max − x)/(max − min)                       (COINr `n_dist2max`)
 *
 * Unlike COINr (which warns and returns NaN), a zero range or zero SD is an error
 * (`ZERO_RANGE` / `ZERO_VARIANCE`): a constant indicator cannot rank anybody.
 */

import { fail } from './errors.js';
import { rankAscending } from './rank.js';
import { sd as sdOf, summary, type SdKind } from './stats.js';

function oriented(x: Float64Array, direction: 1 | -1): Float64Array {
  if (direction === 1) return x;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = -x[i];
  return out;
}

/** Observed range of a column; pass `known` when an earlier step already has it. */
export interface KnownRange {
  min: number;
  max: number;
  n: number;
}

function range(x: Float64Array, what: string, known?: KnownRange): { min: number; max: number } {
  return checkedRange(known ?? summary(x), what);
}

/** The range for min-max scaling; refuses a column without values or with zero range. */
export function checkedRange(s: KnownRange, what: string): { min: number; max: number } {
  if (s.n === 0) fail('ALL_MISSING', `指标 ${what} 全部缺失`, `indicator ${what} has no values`, { indicator: what });
  if (s.max === s.min)
    fail('ZERO_RANGE', `指标 ${what} 所有值相同（极差为 0），无法标准化`, `indicator ${what} has zero range (all values equal)`, {
      indicator: what,
      value: s.min,
    });
  return s;
}

export function minMax(x: Float64Array, direction: 1 | -1 = 1, lower = 0, upper = 100, label = '', known?: KnownRange): Float64Array {
  // x·direction without a copy: for direction −1, min(−x) = −max(x) and (−x) − (−max) = max − x exactly.
  const { min, max } = range(x, label, known);
  const k = (upper - lower) / (max - min);
  const out = new Float64Array(x.length);
  if (direction === 1) for (let i = 0; i < x.length; i++) out[i] = (x[i] - min) * k + lower;
  else for (let i = 0; i < x.length; i++) out[i] = (max - x[i]) * k + lower;
  return out;
}

export function zScore(x: Float64Array, direction: 1 | -1 = 1, m = 0, s = 1, kind: SdKind = 'sample', label = ''): Float64Array {
  const y = oriented(x, direction);
  const sm = summary(y);
  if (sm.n === 0) fail('ALL_MISSING', `指标 ${label} 全部缺失`, `indicator ${label} has no values`, { indicator: label });
  const sd = sdOf(y, kind);
  if (!(sd > 0))
    fail('ZERO_VARIANCE', `指标 ${label} 方差为 0，无法计算 z 分数`, `indicator ${label} has zero variance; z-score undefined`, {
      indicator: label,
    });
  const out = new Float64Array(y.length);
  const k = s / sd;
  for (let i = 0; i < y.length; i++) out[i] = (y[i] - sm.mean) * k + m;
  return out;
}

export function rankNorm(x: Float64Array, direction: 1 | -1 = 1): Float64Array {
  return rankAscending(oriented(x, direction), 'min');
}

export function percentileRank(x: Float64Array, direction: 1 | -1 = 1, scale = 1): Float64Array {
  const r = rankAscending(oriented(x, direction), 'min');
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) n++;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = ((r[i] - 1) / (n - 1)) * scale;
  return out;
}

export function borda(x: Float64Array, direction: 1 | -1 = 1): Float64Array {
  const r = rankAscending(oriented(x, direction), 'min');
  for (let i = 0; i < r.length; i++) r[i] -= 1;
  return r;
}

export function fracMax(x: Float64Array, direction: 1 | -1 = 1): Float64Array {
  const y = oriented(x, direction);
  const max = summary(y).max;
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] / max;
  return out;
}

export function dist2Max(x: Float64Array, direction: 1 | -1 = 1, label = ''): Float64Array {
  const y = oriented(x, direction);
  const { min, max } = range(y, label);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = 1 - (max - y[i]) / (max - min);
  return out;
}
