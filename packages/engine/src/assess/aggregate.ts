/**
 * Row-wise aggregation of child columns, as COINr `a_amean` / `a_gmean` / `a_hmean`
 * [bluefoxr/COINr R/aggregate.R]: missing values are dropped together with their weights and the
 * remaining weights are rescaled (weights are relative):
 *   amean: y = Σ w·x / Σ w          gmean: y = exp(Σ w·ln x / Σ w)  (x must be > 0)
 *   hmean: y = Σ w / Σ (w/x)        (x must be ≠ 0)
 * plus two non-COINr sums used by Chinese scoring rules (亩均, 加减分 tables):
 *   wsum : y = Σ w·x (no rescaling)  sum: y = Σ x
 * Data-availability threshold (COINr `dat_thresh`): if (#non-missing children)/(#children) < datThresh
 * the result is NaN. COINr's vignette example: rows (1,3,1), (2,NA,NA), (3,NA,1) with 2/3 →
 * (1.666667, NA, 2). A row with no data is NaN.
 * Column-major passes: O(n·k), no per-unit allocation.
 */

import { materialiseView, viewAt, type ColumnView } from './column-view.js';
import { fail } from './errors.js';

export type MeanMethod = 'amean' | 'gmean' | 'hmean' | 'wsum' | 'sum';

function checkValues(x: Float64Array, method: MeanMethod, j: number): void {
  if (method === 'gmean') {
    for (let i = 0; i < x.length; i++)
      if (x[i] <= 0)
        fail(
          'NON_POSITIVE_VALUES',
          '几何平均要求所有值为正，请将标准化下限设为正数（如 1–100）',
          'geometric mean needs positive values; normalise to e.g. [1, 100]',
          {
            row: i,
            child: j,
            value: x[i],
          },
        );
  } else if (method === 'hmean') {
    for (let i = 0; i < x.length; i++)
      if (x[i] === 0) fail('NON_POSITIVE_VALUES', '调和平均要求所有值非零', 'harmonic mean needs non-zero values', { row: i, child: j });
  }
}

/** acc += w·f(x), letting NaN propagate (rows with a missing child are redone in `row`). */
function accumulate(x: Float64Array, w: number, method: MeanMethod, acc: Float64Array): void {
  const n = x.length;
  switch (method) {
    case 'amean':
    case 'wsum':
      for (let i = 0; i < n; i++) acc[i] += w * x[i];
      break;
    case 'sum':
      for (let i = 0; i < n; i++) acc[i] += x[i];
      break;
    case 'gmean':
      for (let i = 0; i < n; i++) acc[i] += w * Math.log(x[i]);
      break;
    case 'hmean':
      for (let i = 0; i < n; i++) acc[i] += w / x[i];
      break;
  }
}

interface Readable {
  at: (i: number) => number;
}

const readable = (c: Float64Array): Readable => ({ at: (i) => c[i] });

/** One row with missing children, exactly as COINr: drop NaN values and their weights. */
function rowOf(columns: readonly Readable[], weights: ArrayLike<number>, method: MeanMethod, i: number, thresh: number): number {
  const k = columns.length;
  let acc = 0;
  let den = 0;
  let cnt = 0;
  for (let j = 0; j < k; j++) {
    const v = columns[j].at(i);
    if (v !== v) continue;
    const w = weights[j];
    cnt++;
    den += w;
    acc += method === 'amean' || method === 'wsum' ? w * v : method === 'sum' ? v : method === 'gmean' ? w * Math.log(v) : w / v;
  }
  if (cnt === 0 || cnt / k < thresh) return NaN;
  return method === 'amean' ? acc / den : method === 'gmean' ? Math.exp(acc / den) : method === 'hmean' ? den / acc : acc;
}

export function aggregateRows(
  columns: readonly Float64Array[],
  weights: ArrayLike<number>,
  method: MeanMethod = 'amean',
  datThresh?: number,
): Float64Array {
  const k = columns.length;
  const n = k > 0 ? columns[0].length : 0;
  const thresh = datThresh ?? -1;
  let wsum = 0;
  for (let j = 0; j < k; j++) {
    checkValues(columns[j], method, j);
    wsum += weights[j];
  }
  if ((method === 'amean' || method === 'wsum') && k >= 1 && k <= 4) return linearFused(columns, weights, method, wsum, thresh);
  const out = new Float64Array(n);
  const cols = columns.map(readable);
  for (let j = 0; j < k; j++) accumulate(columns[j], weights[j], method, out);
  // One finishing pass; a NaN accumulator marks a row with a missing child, recomputed exactly.
  for (let i = 0; i < n; i++) {
    const a = out[i];
    if (a !== a) out[i] = rowOf(cols, weights, method, i, thresh);
    else if (method === 'amean') out[i] = a / wsum;
    else if (method === 'gmean') out[i] = Math.exp(a / wsum);
    else if (method === 'hmean') out[i] = wsum / a;
  }
  return out;
}

/**
 * Weighted sum / mean of up to 4 children in a single pass (each input read once, the output
 * written once); rows where the result is NaN (a missing child) are recomputed by `row` afterwards.
 */
function linearFused(
  columns: readonly Float64Array[],
  weights: ArrayLike<number>,
  method: MeanMethod,
  wsum: number,
  thresh: number,
): Float64Array {
  const k = columns.length;
  const out = new Float64Array(columns[0].length);
  const scale = method === 'amean' ? 1 / wsum : 1;
  const missing = weightedSum(
    columns[0],
    columns[k > 1 ? 1 : 0],
    columns[k > 2 ? 2 : 0],
    columns[k > 3 ? 3 : 0],
    weights[0] * scale,
    k > 1 ? weights[1] * scale : 0,
    k > 2 ? weights[2] * scale : 0,
    k > 3 ? weights[3] * scale : 0,
    out,
  );
  if (missing) {
    const cols = columns.map(readable);
    for (const i of missing) out[i] = rowOf(cols, weights, method, i, thresh);
  }
  return out;
}

/**
 * out = wa·a + wb·b + wc·c + wd·d; returns the rows where that is NaN (or null). Unused slots
 * multiply a real column by 0, so one loop serves k = 1..4 (NaN·0 is caught). Nothing follows the
 * loop but returning a local, and no call is made inside it: V8 compiles a long first call's loop
 * on the fly (on-stack replacement) before the code after it has run, and code there without type
 * feedback deoptimised at every loop exit; a call inside the loop made the whole loop ~2.5× slower.
 */
function weightedSum(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  wa: number,
  wb: number,
  wc: number,
  wd: number,
  out: Float64Array,
): number[] | null {
  const n = out.length;
  let missing: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const v = wa * a[i] + wb * b[i] + wc * c[i] + wd * d[i];
    out[i] = v;
    if (v !== v) (missing ??= []).push(i);
  }
  return missing;
}

/**
 * `aggregateRows` over column views (column-view.ts): weighted sums and means of up to 4 children
 * read the views in the fused pass (a winsorised or normalised child is never written out); other
 * cases write the children out first. Same arithmetic as on the written columns. `into`: memory for
 * the result in the fused case (every element is written).
 */
export function aggregateViews(
  views: readonly ColumnView[],
  weights: ArrayLike<number>,
  method: MeanMethod = 'amean',
  datThresh?: number,
  into?: Float64Array,
): Float64Array {
  const k = views.length;
  if (!((method === 'amean' || method === 'wsum') && k >= 1 && k <= 4))
    return aggregateRows(
      views.map((v) => materialiseView(v)),
      weights,
      method,
      datThresh,
    );
  let wsum = 0;
  for (let j = 0; j < k; j++) wsum += weights[j];
  const scale = method === 'amean' ? 1 / wsum : 1;
  const w = (j: number) => (j < k ? weights[j] * scale : 0);
  const v = (j: number) => views[j < k ? j : 0];
  const out = into ?? new Float64Array(views[0].x.length);
  const clamped = views.some((c) => c.lo !== -Infinity || c.hi !== Infinity);
  const missing =
    k <= 2
      ? (clamped ? weightedViewPair : weightedScaledPair)(v(0), v(1), w(0), w(1), out)
      : (clamped ? weightedViewSum : weightedScaledSum)(v(0), v(1), v(2), v(3), w(0), w(1), w(2), w(3), out);
  if (missing) {
    const thresh = datThresh ?? -1;
    const cols = views.map((c): Readable => ({ at: (i) => viewAt(c, i) }));
    for (const i of missing) out[i] = rowOf(cols, weights, method, i, thresh);
  }
  return out;
}

/** `weightedSum` of views without clamps, y = (x − o)·k + l (the clamp costs ~40 % in this loop). */
function weightedScaledSum(
  a: ColumnView,
  b: ColumnView,
  c: ColumnView,
  d: ColumnView,
  wa: number,
  wb: number,
  wc: number,
  wd: number,
  out: Float64Array,
): number[] | null {
  const n = out.length;
  const ax = a.x;
  const bx = b.x;
  const cx = c.x;
  const dx = d.x;
  const { o: ao, k: ak, l: al } = a;
  const { o: bo, k: bk, l: bl } = b;
  const { o: co, k: ck, l: cl } = c;
  const { o: dO, k: dk, l: dl } = d;
  let missing: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const y = wa * ((ax[i] - ao) * ak + al) + wb * ((bx[i] - bo) * bk + bl) + wc * ((cx[i] - co) * ck + cl) + wd * ((dx[i] - dO) * dk + dl);
    out[i] = y;
    if (y !== y) (missing ??= []).push(i);
  }
  return missing;
}

/**
 * `weightedSum` with each input read through its view (the loop is the same; see there). Clamps are
 * Math.min/max: the equivalent conditional expressions compiled to branches 2.5× slower here.
 */
function weightedViewSum(
  a: ColumnView,
  b: ColumnView,
  c: ColumnView,
  d: ColumnView,
  wa: number,
  wb: number,
  wc: number,
  wd: number,
  out: Float64Array,
): number[] | null {
  const n = out.length;
  const ax = a.x;
  const bx = b.x;
  const cx = c.x;
  const dx = d.x;
  const { lo: alo, hi: ahi, o: ao, k: ak, l: al } = a;
  const { lo: blo, hi: bhi, o: bo, k: bk, l: bl } = b;
  const { lo: clo, hi: chi, o: co, k: ck, l: cl } = c;
  const { lo: dlo, hi: dhi, o: dO, k: dk, l: dl } = d;
  let missing: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const xa = ax[i];
    const xb = bx[i];
    const xc = cx[i];
    const xd = dx[i];
    const y =
      wa * ((Math.min(Math.max(xa, alo), ahi) - ao) * ak + al) +
      wb * ((Math.min(Math.max(xb, blo), bhi) - bo) * bk + bl) +
      wc * ((Math.min(Math.max(xc, clo), chi) - co) * ck + cl) +
      wd * ((Math.min(Math.max(xd, dlo), dhi) - dO) * dk + dl);
    out[i] = y;
    if (y !== y) (missing ??= []).push(i);
  }
  return missing;
}

/** `weightedScaledSum` of two children (pairs are common: 2 of the 7 nodes of a 2-2-3 tree). */
function weightedScaledPair(a: ColumnView, b: ColumnView, wa: number, wb: number, out: Float64Array): number[] | null {
  const n = out.length;
  const ax = a.x;
  const bx = b.x;
  const { o: ao, k: ak, l: al } = a;
  const { o: bo, k: bk, l: bl } = b;
  let missing: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const y = wa * ((ax[i] - ao) * ak + al) + wb * ((bx[i] - bo) * bk + bl);
    out[i] = y;
    if (y !== y) (missing ??= []).push(i);
  }
  return missing;
}

/** `weightedViewSum` of two children. */
function weightedViewPair(a: ColumnView, b: ColumnView, wa: number, wb: number, out: Float64Array): number[] | null {
  const n = out.length;
  const ax = a.x;
  const bx = b.x;
  const { lo: alo, hi: ahi, o: ao, k: ak, l: al } = a;
  const { lo: blo, hi: bhi, o: bo, k: bk, l: bl } = b;
  let missing: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const y = wa * ((Math.min(Math.max(ax[i], alo), ahi) - ao) * ak + al) + wb * ((Math.min(Math.max(bx[i], blo), bhi) - bo) * bk + bl);
    out[i] = y;
    if (y !== y) (missing ??= []).push(i);
  }
  return missing;
}
