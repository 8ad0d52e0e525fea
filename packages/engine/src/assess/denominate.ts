/**
 * Denomination (per capita, per km², per 亩 …), COINr `Denominate`:
 *   y_i = x_i / (d_i / scale)
 * where d is the named denominator column and `scale` its unit (e.g. population in persons with
 * scale 10000 gives "per 10 000 people"). A zero or missing denominator gives NaN (missing),
 * never ±Infinity.
 */

export function denominate(x: Float64Array, d: Float64Array, scale = 1): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const q = d[i] / scale;
    out[i] = q !== 0 && q === q ? x[i] / q : NaN;
  }
  return out;
}
