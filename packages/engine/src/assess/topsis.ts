/**
 * TOPSIS closeness to the ideal solution (Hwang & Yoon 1981).
 *   1. normalise each column (the choice changes results, so it is named and explicit):
 *      'minmax' (pymcdm default): benefit (x − min)/(max − min), cost (max − x)/(max − min);
 *      'vector' (classic, pyDecision; scikit-criteria VectorScaler): x/‖x‖₂, cost 1 − x/‖x‖₂
 *               (a reflection, so distances equal the "ideal = min" form);
 *      'none'   (scikit-criteria default: the caller already normalised; cost columns are negated).
 *   2. v_ij = w_j · r_ij, w rescaled to Σw = 1;
 *   3. ideal A⁺_j = max_i v_ij, anti-ideal A⁻_j = min_i v_ij;
 *   4. S⁺_i = ‖v_i − A⁺‖₂, S⁻_i = ‖v_i − A⁻‖₂, C_i = S⁻_i / (S⁺_i + S⁻_i).
 * Fixtures: pymcdm (Opricovic & Tzeng 2004) [[1,3000],[2,3750],[5,4500]], w (.5,.5), types (−1, 1),
 * minmax → (0.5, 0.617, 0.5); scikit-criteria (Tzeng & Huang 2011), vector → (0.5037, 0.6581, 0.7482, 0.3340).
 * Missing cells are skipped in the distances (the unit is compared on the criteria it has);
 * `datThresh` as in aggregate.ts.
 */

import { fail } from './errors.js';
import { summary } from './stats.js';

export type TopsisNormalisation = 'minmax' | 'vector' | 'none';

export interface TopsisOptions {
  types?: readonly (1 | -1)[];
  normalisation?: TopsisNormalisation;
  datThresh?: number;
}

export function topsis(columns: readonly Float64Array[], weights: ArrayLike<number>, opts: TopsisOptions = {}): Float64Array {
  const k = columns.length;
  const n = k > 0 ? columns[0].length : 0;
  const norm = opts.normalisation ?? 'minmax';
  let wsum = 0;
  for (let j = 0; j < k; j++) wsum += weights[j];
  const dPlus = new Float64Array(n);
  const dMinus = new Float64Array(n);
  const cnt = new Uint32Array(n);
  const v = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    const x = columns[j];
    const w = weights[j] / wsum;
    const cost = (opts.types?.[j] ?? 1) === -1;
    const s = summary(x);
    let a = 1;
    let b = 0; // r = a·x + b
    if (norm === 'minmax') {
      if (!(s.max > s.min)) fail('ZERO_RANGE', `TOPSIS 第 ${j + 1} 列极差为 0`, `TOPSIS column ${j + 1} has zero range`, { column: j });
      a = cost ? -1 / (s.max - s.min) : 1 / (s.max - s.min);
      b = cost ? s.max / (s.max - s.min) : -s.min / (s.max - s.min);
    } else if (norm === 'vector') {
      let ss = 0;
      for (let i = 0; i < n; i++) if (x[i] === x[i]) ss += x[i] * x[i];
      const l2 = Math.sqrt(ss);
      a = cost ? -1 / l2 : 1 / l2;
      b = cost ? 1 : 0;
    } else if (cost) {
      a = -1;
    }
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i < n; i++) {
      const r = x[i];
      if (r !== r) {
        v[i] = NaN;
        continue;
      }
      const t = w * (a * r + b);
      v[i] = t;
      if (t > hi) hi = t;
      if (t < lo) lo = t;
    }
    for (let i = 0; i < n; i++) {
      const t = v[i];
      if (t !== t) continue;
      dPlus[i] += (t - hi) * (t - hi);
      dMinus[i] += (t - lo) * (t - lo);
      cnt[i]++;
    }
  }
  const out = new Float64Array(n);
  const thresh = opts.datThresh ?? -1;
  for (let i = 0; i < n; i++) {
    if (cnt[i] === 0 || cnt[i] / k < thresh) {
      out[i] = NaN;
      continue;
    }
    const sp = Math.sqrt(dPlus[i]);
    const sm = Math.sqrt(dMinus[i]);
    out[i] = sp + sm > 0 ? sm / (sp + sm) : 0.5;
  }
  return out;
}
