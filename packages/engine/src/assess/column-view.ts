/**
 * Column views: a column defined by an expression over a stored one,
 *   y = (clamp(x, lo, hi) − o)·k + l,
 * which covers a winsorised column (clamp to the final caps: lo, hi) and its min-max normalisation
 * (o = min, k = (u − l)/(max − min), or o = max and k < 0 for lower-is-better). The pipeline reads
 * views directly in its fused passes (entropy sums, weighted means), so a winsorised or normalised
 * column is only written out when someone asks for it (`materialiseView`, `lazyColumns`): for a
 * million units that is 8 MB and a pass saved per column and step.
 * The arithmetic is exactly that of the materialising functions — clampInto in outliers.ts and
 * minMax in normalise-basic.ts — so results are identical bit for bit (up to the sign of a zero):
 *   (x − min)·k + l  and, for direction −1, (x − max)·(−k) + l = (max − x)·k + l exactly.
 * NaN (missing) stays NaN through every step.
 */

export interface ColumnView {
  x: Float64Array;
  lo: number;
  hi: number;
  o: number;
  k: number;
  l: number;
  /** An upper bound of |y| over the column (used to scale the logarithm of computed values). */
  bound: number;
}

export function identityView(x: Float64Array): ColumnView {
  return { x, lo: -Infinity, hi: Infinity, o: 0, k: 1, l: 0, bound: Infinity };
}

export function clampView(x: Float64Array, lo: number, hi: number): ColumnView {
  return { x, lo, hi, o: 0, k: 1, l: 0, bound: Infinity };
}

export function isIdentity(v: ColumnView): boolean {
  return v.lo === -Infinity && v.hi === Infinity && v.o === 0 && v.k === 1 && v.l === 0;
}

/**
 * Min-max scaling of a clamp (or identity) view to [lower, upper], given the range of the clamped
 * values: y = (t − min)·k + lower, or (t − max)·(−k) + lower for lower-is-better.
 */
export function minMaxOfView(t: ColumnView, direction: 1 | -1, lower: number, upper: number, min: number, max: number): ColumnView {
  const k = (upper - lower) / (max - min);
  const bound = Math.max(Math.abs(lower), Math.abs(upper)) * (1 + 1e-9);
  return direction === 1
    ? { x: t.x, lo: t.lo, hi: t.hi, o: min, k, l: lower, bound }
    : { x: t.x, lo: t.lo, hi: t.hi, o: max, k: -k, l: lower, bound };
}

export function materialiseView(v: ColumnView): Float64Array {
  if (isIdentity(v)) return v.x;
  const { x, lo, hi, o, k, l } = v;
  const out = new Float64Array(x.length);
  if (o === 0 && k === 1 && l === 0) clampLoop(x, lo, hi, out);
  else viewLoop(x, lo, hi, o, k, l, out);
  return out;
}

function clampLoop(x: Float64Array, lo: number, hi: number, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = Math.min(Math.max(v, lo), hi);
  }
}

function viewLoop(x: Float64Array, lo: number, hi: number, o: number, k: number, l: number, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = (Math.min(Math.max(v, lo), hi) - o) * k + l;
  }
}

/** The value of one row of a view. */
export function viewAt(v: ColumnView, i: number): number {
  const x = v.x[i];
  return (Math.min(Math.max(x, v.lo), v.hi) - v.o) * v.k + v.l;
}

/**
 * A record of columns built on first access (then kept): enumerable, so spreading, `Object.entries`
 * and `toPlain` see ordinary columns. Assigning replaces the column.
 */
export function lazyColumns(make: Record<string, () => Float64Array>): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [id, build] of Object.entries(make)) {
    let col: Float64Array | undefined;
    Object.defineProperty(out, id, {
      enumerable: true,
      configurable: true,
      get: () => (col ??= build()),
      set: (v: Float64Array) => (col = v),
    });
  }
  return out;
}
