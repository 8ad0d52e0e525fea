/**
 * CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).
 *   x'_ij = (x_ij − min_j)/(max_j − min_j)   (cost criteria: (max_j − x_ij)/(max_j − min_j))
 *   σ_j = SD of x'_j,  r_jk = Pearson correlation of x'_j and x'_k,
 *   C_j = σ_j · Σ_k (1 − r_jk),  w_j = C_j / Σ_k C_k.
 * Sources: pymcdm `critic_weights` (min-max, SD with ddof = 1; Tuş & Adalı 2019 fixture →
 * [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]); scikit-criteria `CRITIC` (cenit-distance scaling,
 * ddof = 0; Diakoulaki fixture → [0.20222554, 0.48090173, 0.31687273]).
 * The SD convention (sample vs population) multiplies every σ_j by the same factor and therefore
 * does not change the weights; it is still an explicit option. Correlations use pairwise-complete rows.
 */

import { fail } from './errors.js';
import { pearson, sd, summary, type SdKind } from './stats.js';

export interface CriticOptions {
  /** +1 benefit, −1 cost, per column; default all benefit. */
  types?: readonly (1 | -1)[];
  sdKind?: SdKind;
  /** Set false to skip the internal min-max scaling (scikit-criteria "unscaled"). */
  scale?: boolean;
}

export function criticWeights(columns: readonly Float64Array[], opts: CriticOptions = {}): Float64Array {
  const k = columns.length;
  const scaled = columns.map((x, j) => {
    if (opts.scale === false) return x;
    const s = summary(x);
    if (!(s.max > s.min)) fail('ZERO_RANGE', `CRITIC 第 ${j + 1} 列极差为 0`, `CRITIC column ${j + 1} has zero range`, { column: j });
    const out = new Float64Array(x.length);
    const cost = (opts.types?.[j] ?? 1) === -1;
    for (let i = 0; i < x.length; i++) out[i] = cost ? (s.max - x[i]) / (s.max - s.min) : (x[i] - s.min) / (s.max - s.min);
    return out;
  });
  const sigma = scaled.map((x) => sd(x, opts.sdKind ?? 'sample'));
  const c = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let conflict = 0;
    for (let q = 0; q < k; q++) if (q !== j) conflict += 1 - pearson(scaled[j], scaled[q]);
    c[j] = sigma[j] * conflict;
  }
  let total = 0;
  for (let j = 0; j < k; j++) total += c[j];
  const w = new Float64Array(k);
  for (let j = 0; j < k; j++) w[j] = c[j] / total;
  return w;
}
