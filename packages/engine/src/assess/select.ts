/**
 * Selection without a full sort: k-th smallest value of a Float64Array in expected O(n)
 * (Hoare's quickselect with median-of-three pivots, in place on a scratch copy).
 * Used for medians (imputation) and quantiles (sensitivity rank intervals).
 *
 * Quantile convention: R type 7 / NumPy "linear" (the default of both):
 *   h = (n − 1)·p, Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)·(x_(⌊h⌋+1) − x_(⌊h⌋)), on the sorted non-missing values.
 */

/** Rearranges `a[lo..hi]` so that a[k] holds the value it would have if sorted; returns it. */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three → a[mid]
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Copies the non-NaN values of `x` into a new array. */
export function finiteCopy(x: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) out[j++] = v;
  }
  return out;
}

/** Quantile (R type 7) of the non-missing values; NaN when none. Does not modify `x`. */
export function quantile(x: ArrayLike<number>, p: number): number {
  const a = finiteCopy(x);
  return quantileOfScratch(a, p);
}

/** Same as `quantile` but may reorder `a` (which must hold no NaN). */
export function quantileOfScratch(a: Float64Array, p: number): number {
  const n = a.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const vlo = selectInPlace(a, lo);
  if (h === lo || lo + 1 >= n) return vlo;
  // the (lo+1)-th smallest is the minimum of the right part after selection
  let vhi = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i] < vhi) vhi = a[i];
  return vlo + (h - lo) * (vhi - vlo);
}

/** Median of the non-missing values (R `median(na.rm = TRUE)`). */
export function median(x: ArrayLike<number>): number {
  return quantile(x, 0.5);
}
