/**
 * 主要污染物排放量 for 单位排放增加值 = 工业增加值 / 主要污染物排放量 (万元/吨, Huangyan 附件2).
 * No Zhejiang 亩均 text found says which pollutants are summed (docs/reference/mujun.md §2.3); the
 * national total-control set is COD, 氨氮 (NH3-N), SO2 and NOx, so this sums those four, in tonnes:
 *   emission_t = COD + NH3N + SO2 + NOx
 * A missing pollutant counts as 0 when at least one other is reported (a firm without a boiler has
 * no SO2 record); all four missing gives NaN (no emission data → the missing-data rule applies).
 * Other weightings (e.g. 排污权 equivalents) are the caller's to pre-compute.
 */

import { fail } from './errors.js';

export function mainPollutants(
  cod: ArrayLike<number>,
  nh3n: ArrayLike<number>,
  so2: ArrayLike<number>,
  nox: ArrayLike<number>,
): Float64Array {
  const n = cod.length;
  if (nh3n.length !== n || so2.length !== n || nox.length !== n)
    fail('LENGTH_MISMATCH', '四项污染物列长度不一致', 'the four pollutant columns differ in length', {
      lengths: [n, nh3n.length, so2.length, nox.length],
    });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let k = 0;
    for (const v of [cod[i], nh3n[i], so2[i], nox[i]])
      if (v === v) {
        s += v;
        k++;
      }
    out[i] = k > 0 ? s : NaN;
  }
  return out;
}
