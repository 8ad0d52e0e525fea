/**
 * Property / reference tests for the fast numeric kernels of the assessment engine: every kernel is
 * compared with a straightforward reference written here (Math.log loops, comparison sorts, R rank
 * definitions, the COINr winsorisation loop, row-wise means), on small and large seeded inputs —
 * large enough (n ≥ 20,000) for the radix / power-sum / fused paths with thresholds 4096 and 1000.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/random.js';
import { entropySums, entropySumsPortable, logShiftedInto, viewEntropySums, type ColumnSums } from '../../src/assess/fastlog.js';
import {
  clampView,
  identityView,
  lazyColumns,
  materialiseView,
  minMaxOfView,
  viewAt,
  type ColumnView,
} from '../../src/assess/column-view.js';
import { orderIndices } from '../../src/assess/order.js';
import { rankAscending, rankDescending, type TieRule } from '../../src/assess/rank.js';
import {
  NO_GRADE,
  gradeAt,
  gradeByBands,
  gradeByShares,
  gradeCodesByBands,
  gradeCodesByShares,
  gradeLabels,
  type Band,
  type GradeCodes,
} from '../../src/assess/grade.js';
import { applyGradeVeto } from '../../src/assess/veto.js';
import {
  applyCaps,
  checkSkewKurt,
  logCT,
  treatColumn,
  treatView,
  winsorise,
  winsoriseCaps,
  type TreatSpec,
} from '../../src/assess/outliers.js';
import { aggregateRows, aggregateViews, type MeanMethod } from '../../src/assess/aggregate.js';
import { minMax } from '../../src/assess/normalise-basic.js';

// ───────────────────────────── helpers ─────────────────────────────

type Rng = () => number;

function normal(r: Rng): number {
  // Box–Muller; 1 − u ∈ (0, 1] so the log is finite
  const u = 1 - r();
  const v = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function col(n: number, f: (i: number) => number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = f(i);
  return x;
}

/** Sets about `share` of the entries to NaN (deterministic). */
function sprinkleNaN(x: Float64Array, r: Rng, share: number): Float64Array {
  for (let i = 0; i < x.length; i++) if (r() < share) x[i] = NaN;
  return x;
}

const isNaNum = (v: number) => v !== v;

/** Same number: Object.is, i.e. NaN equals NaN and the sign of zero counts. */
const same = (a: number, b: number) => Object.is(a, b);
/** Same value up to the sign of a zero (NaN equals NaN). */
const sameValue = (a: number, b: number) => a === b || (isNaNum(a) && isNaNum(b));

/** The first index where eq fails, described; null when all agree. Fast for 50k elements. */
function firstMismatch(got: ArrayLike<number>, ref: ArrayLike<number>, eq: (a: number, b: number) => boolean = same): string | null {
  if (got.length !== ref.length) return `length ${got.length} ≠ ${ref.length}`;
  for (let i = 0; i < ref.length; i++) if (!eq(got[i], ref[i])) return `[${i}]: got ${got[i]}, expected ${ref[i]}`;
  return null;
}

/** The first index where two arrays of labels differ (===), described; null when equal. */
function firstLabelMismatch(got: readonly (string | null)[], ref: readonly (string | null)[]): string | null {
  if (got.length !== ref.length) return `length ${got.length} ≠ ${ref.length}`;
  for (let i = 0; i < ref.length; i++) if (got[i] !== ref[i]) return `[${i}]: got ${got[i]}, expected ${ref[i]}`;
  return null;
}

/** |got − ref| ≤ tol·scale, or identical when either is not finite. */
function expectClose(got: number, ref: number, tol: number, scale: number, what: string): void {
  if (!Number.isFinite(ref) || !Number.isFinite(got)) {
    expect(same(got, ref) || (isNaNum(got) && isNaNum(ref)), `${what}: got ${got}, expected ${ref}`).toBe(true);
    return;
  }
  const err = Math.abs(got - ref);
  expect(err <= tol * scale, `${what}: got ${got}, expected ${ref}, |err| ${err} > ${tol}·${scale}`).toBe(true);
}

// ───────────────────────────── 1. entropySums ─────────────────────────────

interface RefSums extends ColumnSums {
  /** Σ|v·ln v| over v > 0: the condition scale of svl. */
  absSvl: number;
}

function refEntropySums(x: ArrayLike<number>): RefSums {
  let m = 0;
  let sum = 0;
  let svl = 0;
  let absSvl = 0;
  let anyZero = false;
  let negative = -1;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    m++;
    if (v > 0) {
      sum += v;
      const t = v * Math.log(v);
      svl += t;
      absSvl += Math.abs(t);
    } else if (v === 0) anyZero = true;
    else if (negative === -1) negative = i;
  }
  return { m, sum, svl, absSvl, anyZero, negative };
}

/**
 * Sums agree: counts and flags exactly; Σv and Σ v·ln v within 1e-13 relative. The scale of svl is
 * Σ|v ln v| + Σv (its condition number: values near 1 cancel, and the logarithm's error is absolute).
 */
function expectSums(got: ColumnSums, ref: RefSums, what: string): void {
  expect(got.m, `${what}: m`).toBe(ref.m);
  expect(got.anyZero, `${what}: anyZero`).toBe(ref.anyZero);
  expect(got.negative, `${what}: negative`).toBe(ref.negative);
  expectClose(got.sum, ref.sum, 1e-13, Math.abs(ref.sum), `${what}: sum`);
  expectClose(got.svl, ref.svl, 1e-13, ref.absSvl + Math.abs(ref.sum), `${what}: svl`);
}

describe('entropySums / entropySumsPortable vs a Math.log loop', () => {
  const logUniform = (r: Rng) => Math.pow(10, -3 + 9 * r()); // 1e-3 … 1e6
  const cases: [string, () => Float64Array][] = [];
  for (const n of [1, 2, 11, 100, 20_000, 20_001]) {
    cases.push([
      `log-uniform positives n=${n}`,
      () => {
        const r = mulberry32(1000 + n);
        return col(n, () => logUniform(r));
      },
    ]);
  }
  for (const n of [0, 37, 20_001]) {
    cases.push([
      `with NaNs n=${n}`,
      () => {
        const r = mulberry32(2000 + n);
        return sprinkleNaN(
          col(n, () => logUniform(r)),
          r,
          0.1,
        );
      },
    ]);
  }
  cases.push(['all NaN n=7', () => new Float64Array(7).fill(NaN)]);
  for (const n of [64, 20_000]) {
    cases.push([
      `with exact zeros (and NaNs) n=${n}`,
      () => {
        const r = mulberry32(3000 + n);
        const x = col(n, () => (r() < 0.05 ? 0 : logUniform(r)));
        x[n - 1] = 0;
        return sprinkleNaN(x, r, 0.05);
      },
    ]);
  }
  cases.push([
    'values around 1 (Σ v·ln v cancels) n=20,001',
    () => {
      const r = mulberry32(31);
      return col(20_001, () => 0.5 + 1.5 * r());
    },
  ]);
  for (const n of [1000, 20_000]) {
    // v = 1 + (0.99…0.999)/1024: the top of the first table cell, where the series' remainder
    // r = (m − c)/c ≈ 2⁻¹⁰ is largest, and ln v ≈ 1e-3 hides nothing behind large terms
    cases.push([
      `mantissas at the top of a table cell (r ≈ 2⁻¹⁰) n=${n}`,
      () => {
        const r = mulberry32(32 + n);
        return col(n, () => 1 + (0.99 + 0.009 * r()) / 1024);
      },
    ]);
  }
  for (const [n, at] of [
    [50, 37],
    [51, 0],
    [51, 50],
    [20_001, 12_345],
    [20_001, 20_000],
  ] as const) {
    cases.push([
      `negative value at ${at} (n=${n}; another later)`,
      () => {
        const r = mulberry32(4000 + n + at);
        const x = col(n, () => logUniform(r));
        x[at] = -2.5;
        if (at + 3 < n) x[at + 3] = -7;
        return x;
      },
    ]);
  }
  cases.push([
    '-Infinity is negative n=21',
    () => {
      const r = mulberry32(41);
      const x = col(21, () => logUniform(r));
      x[6] = -Infinity;
      return x;
    },
  ]);
  for (const [n, at] of [
    [10, 4],
    [11, 10],
    [20_000, 9_001],
    [20_001, 20_000],
  ] as const) {
    cases.push([
      `subnormal 5e-324 at ${at} (n=${n})`,
      () => {
        const r = mulberry32(5000 + n + at);
        const x = col(n, () => logUniform(r));
        x[at] = 5e-324;
        x[(at + 7) % n] = 2.2e-310;
        return x;
      },
    ]);
    cases.push([
      `Infinity at ${at} (n=${n})`,
      () => {
        const r = mulberry32(6000 + n + at);
        const x = col(n, () => logUniform(r));
        x[at] = Infinity;
        return x;
      },
    ]);
  }
  cases.push([
    'huge and tiny normal values (1e300, 1e-300) n=1001',
    () => {
      const r = mulberry32(61);
      const x = col(1001, () => logUniform(r));
      x[3] = 1e300;
      x[4] = 1e-300;
      x[1000] = 2.5e-308;
      return x;
    },
  ]);

  for (const [name, make] of cases) {
    it(name, () => {
      const x = make();
      const ref = refEntropySums(x);
      expectSums(entropySums(x), ref, 'entropySums');
      expectSums(entropySumsPortable(x), ref, 'entropySumsPortable');
    });
  }

  it('reads the right words of a subarray with a byte offset', () => {
    const r = mulberry32(71);
    const big = col(20_011, () => logUniform(r));
    for (const [a, b] of [
      [1, 20_011],
      [3, 20_000],
      [5, 106],
    ]) {
      const x = big.subarray(a, b);
      expectSums(entropySums(x), refEntropySums(x), `subarray(${a}, ${b})`);
    }
  });
});

// ───────────────────────────── 2. viewEntropySums ─────────────────────────────

function clampRef(v: number, lo: number, hi: number): number {
  if (Number.isNaN(v)) return NaN;
  return v < lo ? lo : v > hi ? hi : v;
}

/** Range of the clamped non-NaN values. */
function clampedRange(x: Float64Array, lo: number, hi: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (Number.isNaN(v)) continue;
    const t = clampRef(v, lo, hi);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { min, max };
}

interface ViewCase {
  name: string;
  x: Float64Array;
  lo: number;
  hi: number;
  direction: 1 | -1;
  lower: number;
  upper: number;
}

function viewCases(): ViewCase[] {
  const out: ViewCase[] = [];
  for (const n of [11, 100, 20_001]) {
    const r = mulberry32(7000 + n);
    const x = sprinkleNaN(
      col(n, () => 50 + 10 * normal(r)),
      r,
      0.08,
    );
    if (n > 20) {
      x[5] = 400; // gross outliers the clamp caps
      x[9] = -300;
    }
    const lo = 35;
    const hi = 70;
    for (const direction of [1, -1] as const)
      for (const [lower, upper] of [
        [0, 100],
        [1, 100],
        [0, 1],
        [-50, 50],
      ]) {
        out.push({
          name: `n=${n} identity dir=${direction} [${lower}, ${upper}]`,
          x,
          lo: -Infinity,
          hi: Infinity,
          direction,
          lower,
          upper,
        });
        out.push({ name: `n=${n} clamp [${lo}, ${hi}] dir=${direction} [${lower}, ${upper}]`, x, lo, hi, direction, lower, upper });
      }
  }
  // log-uniform column over nine decades (most values tiny after scaling: the Math.log branch)
  const r = mulberry32(77);
  const x = col(20_000, () => Math.pow(10, -3 + 9 * r()));
  out.push({ name: 'log-uniform n=20000 identity dir=1 [0, 100]', x, lo: -Infinity, hi: Infinity, direction: 1, lower: 0, upper: 100 });
  out.push({ name: 'log-uniform n=20000 clamp [1e-2, 1e5] dir=-1 [1, 100]', x, lo: 1e-2, hi: 1e5, direction: -1, lower: 1, upper: 100 });
  // min-max onto [1, 1 + 0.9995/1024], most values at the top: the series' worst case r ≈ 2⁻¹⁰
  const xt = col(20_000, (i) => (i === 0 ? 0 : 1 - 1e-6 * r()));
  out.push({
    name: 'values at the top of a table cell n=20000 identity dir=1 [1, 1+0.9995/1024]',
    x: xt,
    lo: -Infinity,
    hi: Infinity,
    direction: 1,
    lower: 1,
    upper: 1 + 0.9995 / 1024,
  });
  out.push({
    name: 'values at the top of a table cell n=20000 clamp [0.5, 1] dir=1 [1, 1+0.9995/1024]',
    x: xt,
    lo: 0.5,
    hi: 1,
    direction: 1,
    lower: 1,
    upper: 1 + 0.9995 / 1024,
  });
  return out;
}

function buildView(c: ViewCase): { view: ColumnView; base: ColumnView; min: number; max: number } {
  const base = c.lo === -Infinity && c.hi === Infinity ? identityView(c.x) : clampView(c.x, c.lo, c.hi);
  const { min, max } = clampedRange(c.x, c.lo, c.hi);
  return { view: minMaxOfView(base, c.direction, c.lower, c.upper, min, max), base, min, max };
}

describe('viewEntropySums vs entropySums(materialiseView) and a Math.log loop', () => {
  for (const c of viewCases()) {
    it(c.name, () => {
      const { view } = buildView(c);
      const y = materialiseView(view);
      const ref = refEntropySums(y);
      const got = viewEntropySums(view);
      expectSums(got, ref, 'viewEntropySums vs Math.log');
      const mat = entropySums(y);
      expect(got.m).toBe(mat.m);
      expect(got.anyZero).toBe(mat.anyZero);
      expect(got.negative).toBe(mat.negative);
      expectClose(got.sum, mat.sum, 1e-13, Math.abs(ref.sum), 'sum vs entropySums');
      expectClose(got.svl, mat.svl, 1e-13, ref.absSvl + Math.abs(ref.sum), 'svl vs entropySums');
      if (c.lower === 0) expect(got.anyZero).toBe(true); // the extreme maps to exactly 0
    });
  }
});

// ───────────────────────────── 3. materialiseView, viewAt, lazyColumns ─────────────────────────────

describe('materialiseView / viewAt', () => {
  for (const c of viewCases().filter((c) => c.x.length !== 11 || c.lower !== -50)) {
    it(c.name, () => {
      const { view, base, min, max } = buildView(c);
      // the clamp (or identity) view is clamp(x) elementwise, NaN stays NaN
      const t = materialiseView(base);
      const clampRefCol = col(c.x.length, (i) => clampRef(c.x[i], c.lo, c.hi));
      expect(firstMismatch(t, clampRefCol)).toBeNull();
      // the min-max view is minMax of the written clamped column, bit for bit
      const y = materialiseView(view);
      const ref = minMax(clampRefCol, c.direction, c.lower, c.upper);
      expect(firstMismatch(y, ref)).toBeNull();
      // (and minMax given the range agrees with minMax computing it)
      expect(firstMismatch(minMax(clampRefCol, c.direction, c.lower, c.upper, '', { min, max, n: 1 }), ref)).toBeNull();
      // viewAt reads the same values (up to the sign of a zero, as documented)
      const at = col(c.x.length, (i) => viewAt(view, i));
      expect(firstMismatch(at, y, sameValue)).toBeNull();
      const atBase = col(c.x.length, (i) => viewAt(base, i));
      expect(firstMismatch(atBase, t, sameValue)).toBeNull();
    });
  }

  it('identity view materialises to the column itself; clamp keeps NaN and ±Infinity clamps', () => {
    const x = Float64Array.from([3, NaN, -Infinity, Infinity, 0.5, 7]);
    expect(materialiseView(identityView(x))).toBe(x);
    const y = materialiseView(clampView(x, 1, 5));
    expect(firstMismatch(y, [3, NaN, 1, 5, 1, 5])).toBeNull();
    expect(y).not.toBe(x);
    expect(firstMismatch(x, [3, NaN, -Infinity, Infinity, 0.5, 7])).toBeNull(); // input untouched
  });
});

describe('lazyColumns', () => {
  it('builds each column once on first access, enumerable, assignable', () => {
    const calls = { a: 0, b: 0, c: 0 };
    const A = Float64Array.of(1, 2);
    const B = Float64Array.of(3);
    const C = Float64Array.of(4);
    const cols = lazyColumns({
      a: () => (calls.a++, A),
      b: () => (calls.b++, B),
      c: () => (calls.c++, C),
    });
    expect(calls).toEqual({ a: 0, b: 0, c: 0 }); // nothing built yet
    expect(Object.keys(cols)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual({ a: 0, b: 0, c: 0 }); // listing keys builds nothing
    expect(cols.a).toBe(A);
    expect(cols.a).toBe(A);
    expect(calls).toEqual({ a: 1, b: 0, c: 0 });
    // assignment before the first access: the builder is never called
    const C2 = Float64Array.of(9);
    cols.c = C2;
    expect(cols.c).toBe(C2);
    expect(calls.c).toBe(0);
    // spread and entries see the values
    const spread = { ...cols };
    expect(spread).toEqual({ a: A, b: B, c: C2 });
    expect(spread.b).toBe(B);
    expect(Object.entries(cols).map(([k, v]) => [k, v])).toEqual([
      ['a', A],
      ['b', B],
      ['c', C2],
    ]);
    expect(calls).toEqual({ a: 1, b: 1, c: 0 });
    // assignment after building replaces the built value
    const A2 = Float64Array.of(7, 8);
    cols.a = A2;
    expect(cols.a).toBe(A2);
    expect({ ...cols }.a).toBe(A2);
    expect(calls.a).toBe(1);
  });
});

// ───────────────────────────── 4. logShiftedInto ─────────────────────────────

describe('logShiftedInto vs Math.log', () => {
  const cases: [string, () => Float64Array, number?][] = [];
  for (const n of [10, 99, 20_000]) {
    cases.push([
      `normal n=${n}`,
      () => {
        const r = mulberry32(8000 + n);
        return col(n, () => 5 + normal(r));
      },
    ]);
    cases.push([
      `lognormal with NaNs (also leading) n=${n}`,
      () => {
        const r = mulberry32(8100 + n);
        const x = sprinkleNaN(
          col(n, () => Math.exp(2 * normal(r))),
          r,
          0.05,
        );
        x[0] = NaN;
        x[1] = NaN;
        return x;
      },
    ]);
    cases.push([
      `large offset values 1e6 + [0, 1000] n=${n}`,
      () => {
        const r = mulberry32(8200 + n);
        return col(n, () => 1e6 + 1000 * r());
      },
    ]);
    cases.push([
      `log-uniform 1e-3..1e6 n=${n}`,
      () => {
        const r = mulberry32(8300 + n);
        return col(n, () => Math.pow(10, -3 + 9 * r()));
      },
    ]);
  }
  cases.push([
    'a = 0 (min maps to log 0 = −Infinity; tiny arguments take Math.log) n=5000',
    () => {
      const r = mulberry32(84);
      return col(5000, () => r() * 100);
    },
    0,
  ]);
  cases.push([
    'tiny shift a = 1e-9·range: arguments below bound·2^−20 take Math.log and count (finite) n=5000',
    () => {
      const r = mulberry32(85);
      return sprinkleNaN(
        col(5000, () => (r() < 0.3 ? r() * 1e-4 : r() * 100)),
        r,
        0.02,
      );
    },
    1e-9,
  ]);
  cases.push(['all NaN n=5', () => new Float64Array(5).fill(NaN)]);

  for (const [name, make, aShare] of cases) {
    it(name, () => {
      const x = make();
      let min = Infinity;
      let max = -Infinity;
      for (const v of x)
        if (!Number.isNaN(v)) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      if (min === Infinity) {
        min = 0;
        max = 1;
      }
      const a = (aShare ?? 0.01) * (max - min);
      const bound = max - min + a;
      const out = new Float64Array(x.length).fill(12345);
      const pass = logShiftedInto(x, min, a, bound, out);
      // elementwise
      let worst = 0;
      let worstAt = -1;
      for (let i = 0; i < x.length; i++) {
        const ref = Math.log(x[i] - min + a);
        const got = out[i];
        if (!Number.isFinite(ref) || !Number.isFinite(got)) {
          expect(same(got, ref) || (isNaNum(got) && isNaNum(ref)), `[${i}] got ${got}, expected ${ref}`).toBe(true);
          continue;
        }
        const e = Math.abs(got - ref) / Math.max(1, Math.abs(ref));
        if (e > worst) {
          worst = e;
          worstAt = i;
        }
      }
      expect(worst, `worst relative error at [${worstAt}]`).toBeLessThanOrEqual(1e-15);
      // the pass's statistics are those of the output array
      let n = 0;
      let sum = 0;
      let absSum = 0;
      let lo = Infinity;
      let hi = -Infinity;
      let c = NaN;
      for (const y of out) {
        if (Number.isNaN(y)) continue;
        if (n === 0) c = y;
        n++;
        sum += y;
        absSum += Math.abs(y);
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
      expect(pass.n).toBe(n);
      expectClose(pass.sum, sum, 1e-13, absSum, 'sum');
      expect(pass.min).toBe(lo);
      expect(pass.max).toBe(hi);
      if (n > 0) {
        // c is the centre of the power sums: the first output (computed with Math.log, so it may
        // differ from out[i0] in the last bit; any centre near the data serves)
        expectClose(pass.c, c, 1e-15, Math.max(1, Math.abs(c)), 'c');
        if (Number.isFinite(lo)) {
          const p = [0, 0, 0, 0];
          const s = [0, 0, 0, 0];
          for (const y of out) {
            if (Number.isNaN(y)) continue;
            const d = y - pass.c;
            for (let k = 0; k < 4; k++) {
              p[k] += Math.pow(d, k + 1);
              s[k] += Math.pow(Math.abs(d), k + 1);
            }
          }
          expectClose(pass.p1, p[0], 1e-12, s[0], 'p1');
          expectClose(pass.p2, p[1], 1e-12, s[1], 'p2');
          expectClose(pass.p3, p[2], 1e-12, s[2], 'p3');
          expectClose(pass.p4, p[3], 1e-12, s[3], 'p4');
        }
      }
    });
  }
});

// ───────────────────────────── 5. orderIndices, ranks ─────────────────────────────

const TIES: TieRule[] = ['min', 'max', 'average', 'dense', 'first'];

/** Indices of the non-NaN values, stable comparison sort (value, then index). */
function refOrder(x: ArrayLike<number>, descending: boolean): number[] {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) idx.push(i);
  idx.sort((a, b) => {
    const va = x[a];
    const vb = x[b];
    if (va < vb) return descending ? 1 : -1;
    if (va > vb) return descending ? -1 : 1;
    return a - b;
  });
  return idx;
}

/**
 * R `rank(x, ties.method, na.last = "keep")` from the definitions, with 1 = smallest:
 *   min = 1 + #{x_j < x_i}, max = #{x_j ≤ x_i}, average = (min + max)/2,
 *   dense = 1 + #{distinct values < x_i}, first = min + #{j < i: x_j = x_i}.
 * Counts come from binary searches in the sorted values; all five rules at once.
 */
function refRanksAscending(x: ArrayLike<number>): Record<TieRule, Float64Array> {
  const vals = Float64Array.from(Array.from(x).filter((v) => !Number.isNaN(v))).sort();
  const distinct: number[] = [];
  for (const v of vals) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  const below = (arr: ArrayLike<number>, v: number) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const atMost = (arr: ArrayLike<number>, v: number) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const seen = new Map<number, number>();
  const n = x.length;
  const out = {
    min: new Float64Array(n),
    max: new Float64Array(n),
    average: new Float64Array(n),
    dense: new Float64Array(n),
    first: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (Number.isNaN(v)) {
      for (const t of TIES) out[t][i] = NaN;
      continue;
    }
    const mn = 1 + below(vals, v);
    const mx = atMost(vals, v);
    const key = v === 0 ? 0 : v; // −0 and 0 are tied
    const before = seen.get(key) ?? 0;
    seen.set(key, before + 1);
    out.min[i] = mn;
    out.max[i] = mx;
    out.average[i] = (mn + mx) / 2;
    out.dense[i] = 1 + below(distinct, v);
    out.first[i] = mn + before;
  }
  return out;
}

function refRankAscending(x: ArrayLike<number>, ties: TieRule): Float64Array {
  return refRanksAscending(x)[ties];
}

/** Descending ranks are ascending ranks of −x (negation reverses the order and keeps ties). */
function refRanksDescending(x: ArrayLike<number>): Record<TieRule, Float64Array> {
  return refRanksAscending(Array.from(x, (v) => -v));
}

function refRankDescending(x: ArrayLike<number>, ties: TieRule): Float64Array {
  return refRanksDescending(x)[ties];
}

/** Invariants of an order: every non-NaN index once, keys = values, ordered, stable. */
function checkOrder(x: ArrayLike<number>, o: { idx: Uint32Array; keys: Float64Array }, descending: boolean): string | null {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) m++;
  if (o.idx.length !== m) return `idx has ${o.idx.length} entries, ${m} values present`;
  if (o.keys.length !== m) return `keys has ${o.keys.length} entries, ${m} values present`;
  const seen = new Uint8Array(x.length);
  for (let k = 0; k < m; k++) {
    const i = o.idx[k];
    if (i >= x.length || Number.isNaN(x[i])) return `idx[${k}] = ${i} is not a present value`;
    if (seen[i]) return `index ${i} listed twice`;
    seen[i] = 1;
    if (!(o.keys[k] === x[i])) return `keys[${k}] = ${o.keys[k]} ≠ x[${i}] = ${x[i]}`;
    if (k > 0) {
      const a = o.keys[k - 1];
      const b = o.keys[k];
      if (descending ? a < b : a > b) return `keys out of order at ${k}: ${a}, ${b}`;
      if (a === b && o.idx[k - 1] > i) return `unstable at ${k}: equal keys with indices ${o.idx[k - 1]}, ${i}`;
    }
  }
  return null;
}

function orderCases(n: number): [string, Float64Array][] {
  const r = mulberry32(9000 + n);
  const cases: [string, Float64Array][] = [];
  cases.push(['continuous', col(n, () => normal(r) * 1e3)]);
  cases.push(['ties: rounded to 2 decimals', col(n, () => Math.round(r() * 100) / 100)]);
  cases.push(['ties: integers 0..9', col(n, () => Math.floor(r() * 10))]);
  cases.push([
    'NaNs',
    sprinkleNaN(
      col(n, () => r() * 50 - 10),
      r,
      0.15,
    ),
  ]);
  const out = col(n, () => r() * 1e-6);
  out[Math.floor(n / 3)] = 1e12;
  cases.push(['one huge outlier 1e12, rest in [0, 1e-6]', out]);
  const nested = col(n, () => r() * 1e-6);
  nested[Math.floor(n / 3)] = 1e12;
  nested[Math.floor(n / 5)] = 1e-3;
  cases.push(['nested outliers 1e12 and 1e-3, rest in [0, 1e-6]', nested]);
  cases.push(['all equal', new Float64Array(n).fill(3.25)]);
  cases.push(['negative values', col(n, () => -5 - r() * 1e4)]);
  const inf = sprinkleNaN(
    col(n, () => Math.round(normal(r) * 100) / 10),
    r,
    0.05,
  );
  inf[1] = Infinity;
  inf[n - 2] = Infinity;
  inf[7] = -Infinity;
  inf[Math.floor(n / 2)] = -Infinity;
  cases.push(['±Infinity present (with NaNs and ties)', inf]);
  return cases;
}

describe('orderIndices vs a stable comparison sort', () => {
  for (const n of [50, 50_000])
    for (const [name, x] of orderCases(n))
      for (const descending of [false, true])
        it(`${name}, n=${n}, ${descending ? 'descending' : 'ascending'}`, () => {
          const o = orderIndices(x, descending);
          expect(checkOrder(x, o, descending)).toBeNull();
          expect(firstMismatch(o.idx, refOrder(x, descending))).toBeNull();
        });

  it('fills `into` arrays (longer than needed) with the same order', () => {
    const x = orderCases(50_000)[1][1];
    const into = { idx: new Uint32Array(60_000), keys: new Float64Array(60_000) };
    const o = orderIndices(x, true, into);
    expect(checkOrder(x, o, true)).toBeNull();
    expect(firstMismatch(o.idx, refOrder(x, true))).toBeNull();
  });
});

describe('rankAscending / rankDescending vs R rank definitions', () => {
  for (const n of [50, 50_000])
    for (const [name, x] of orderCases(n))
      it(`${name}, n=${n}, all tie rules`, () => {
        const asc = refRanksAscending(x);
        const desc = refRanksDescending(x);
        for (const ties of TIES) {
          expect(firstMismatch(rankAscending(x, ties), asc[ties]), `ascending ${ties}`).toBeNull();
          expect(firstMismatch(rankDescending(x, ties), desc[ties]), `descending ${ties}`).toBeNull();
        }
      });

  it('results stay valid after later calls (shared workspace), default tie rule is min', () => {
    const [, a] = orderCases(50_000)[0];
    const [, b] = orderCases(50_000)[2];
    const ra = rankDescending(a);
    const rb = rankAscending(b, 'dense');
    const rs = rankDescending(a.subarray(0, 100), 'average');
    expect(firstMismatch(ra, refRankDescending(a, 'min'))).toBeNull();
    expect(firstMismatch(rb, refRankAscending(b, 'dense'))).toBeNull();
    expect(firstMismatch(rs, refRankDescending(a.subarray(0, 100), 'average'))).toBeNull();
  });

  it('R examples: rank(c(10, 20, 10, NA, 30, 20)) for each tie rule', () => {
    const x = [10, 20, 10, NaN, 30, 20];
    expect(firstMismatch(rankAscending(x, 'min'), [1, 3, 1, NaN, 5, 3])).toBeNull();
    expect(firstMismatch(rankAscending(x, 'max'), [2, 4, 2, NaN, 5, 4])).toBeNull();
    expect(firstMismatch(rankAscending(x, 'average'), [1.5, 3.5, 1.5, NaN, 5, 3.5])).toBeNull();
    expect(firstMismatch(rankAscending(x, 'dense'), [1, 2, 1, NaN, 3, 2])).toBeNull();
    expect(firstMismatch(rankAscending(x, 'first'), [1, 3, 2, NaN, 5, 4])).toBeNull();
  });
});

// ───────────────────────────── 6. grades, veto ─────────────────────────────

/** The first band (by min descending, input order among equal mins) whose min the score reaches. */
function refBands(score: ArrayLike<number>, bands: readonly Band[], otherwise: string | null): (string | null)[] {
  const sorted = bands.map((b, i) => ({ ...b, i })).sort((a, b) => (a.min > b.min ? -1 : a.min < b.min ? 1 : a.i - b.i));
  return Array.from(score, (s) => {
    if (Number.isNaN(s)) return null;
    for (const b of sorted) if (s >= b.min) return b.grade;
    return otherwise;
  });
}

function labelsOf(g: GradeCodes): (string | null)[] {
  return Array.from(g.codes, (c) => (c === NO_GRADE ? null : g.labels[c]));
}

describe('grades by bands vs a reference', () => {
  const six: Band[] = [
    { grade: 'C', min: 50 },
    { grade: 'A', min: 85 },
    { grade: 'E', min: 20 },
    { grade: 'B', min: 70 },
    { grade: 'F', min: 10 },
    { grade: 'D', min: 40 },
  ];
  const dup: Band[] = [
    { grade: 'good', min: 60 },
    { grade: 'top', min: 90 },
    { grade: 'good-too', min: 60 },
    { grade: 'ok', min: 30 },
  ];
  const eight: Band[] = Array.from({ length: 8 }, (_, k) => ({ grade: `g${k}`, min: 90 - 10 * k }));
  const five: Band[] = [
    { grade: 'lowest', min: -Infinity },
    { grade: 'x', min: 80 },
    { grade: 'y', min: 60 },
    { grade: 'z', min: 40 },
    { grade: 'w', min: 20 },
  ];
  const two: Band[] = [
    { grade: '良好', min: 60 },
    { grade: '优秀', min: 80 },
  ];
  const bandSets: [string, Band[]][] = [
    ['6 unsorted bands', six],
    ['duplicate mins', dup],
    ['8 bands', eight],
    ['5 bands incl. min −Infinity', five],
    ['2 bands', two],
    ['1 band', [{ grade: 'pass', min: 60 }]],
  ];
  for (const n of [60, 20_000]) {
    const r = mulberry32(10_000 + n);
    const score = col(n, () => {
      const u = r();
      if (u < 0.05) return NaN;
      if (u < 0.25) return [0, 10, 20, 30, 40, 50, 60, 70, 80, 85, 90, 100][Math.floor(r() * 12)]; // on a boundary
      if (u < 0.27) return [-Infinity, Infinity, -5, 150][Math.floor(r() * 4)];
      return r() * 110 - 5;
    });
    for (const [name, bands] of bandSets)
      for (const otherwise of ['other', null])
        it(`${name}, otherwise ${otherwise === null ? 'none' : 'set'}, n=${n}`, () => {
          const ref = refBands(score, bands, otherwise);
          const g = gradeCodesByBands(score, bands, otherwise);
          const byMin = [...bands].sort((a, b) => b.min - a.min).map((b) => b.grade);
          expect(g.labels).toEqual(otherwise === null ? byMin : [...byMin, otherwise]);
          expect(g.codes.length).toBe(n);
          expect(firstLabelMismatch(labelsOf(g), ref)).toBeNull();
          expect(firstLabelMismatch(gradeLabels(g), ref)).toBeNull();
          expect(firstLabelMismatch(gradeByBands(score, bands, otherwise), ref)).toBeNull();
          for (let i = 0; i < n; i += 97) expect(gradeAt(g, i)).toBe(ref[i]);
          for (let i = 0; i < n; i++) if (Number.isNaN(score[i])) expect(g.codes[i]).toBe(NO_GRADE);
        });
  }
  it('gradeAt(null, i) is null', () => {
    expect(gradeAt(null, 0)).toBeNull();
  });
});

/** Shares: rank r (descending, within group) gets the first grade k with r ≤ c_k·m + 1e-9. */
function refShares(
  score: ArrayLike<number>,
  shares: readonly { grade: string; share: number }[],
  groups: readonly (string | null)[] | undefined,
  ties: TieRule,
): (string | null)[] {
  const n = score.length;
  const out: (string | null)[] = new Array(n).fill(null);
  const members = new Map<string | null, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups ? groups[i] : '';
    if (g === null) continue;
    if (!members.has(g)) members.set(g, []);
    members.get(g)!.push(i);
  }
  for (const list of members.values()) {
    const sub = list.map((i) => score[i]);
    const rank = refRankDescending(sub, ties);
    const m = sub.filter((v) => !Number.isNaN(v)).length;
    list.forEach((i, k) => {
      const r = rank[k];
      if (Number.isNaN(r)) return;
      let c = 0;
      let grade = shares[shares.length - 1].grade;
      for (const s of shares) {
        c += s.share;
        if (r <= c * m + 1e-9) {
          grade = s.grade;
          break;
        }
      }
      out[i] = grade;
    });
  }
  return out;
}

describe('grades by shares vs a reference', () => {
  const shares = [
    { grade: 'A', share: 0.2 },
    { grade: 'B', share: 0.3 },
    { grade: 'C', share: 0.3 },
    { grade: 'D', share: 0.2 },
  ];
  const partial = [
    { grade: 'top', share: 0.1 },
    { grade: 'mid', share: 0.25 },
    { grade: 'rest', share: 0.15 },
  ];
  for (const n of [16, 60, 20_000]) {
    const r = mulberry32(11_000 + n);
    const score = col(n, () => (r() < 0.05 ? NaN : Math.round(r() * 40) / 4)); // heavy ties
    const groups = Array.from({ length: n }, () => {
      const u = r();
      return u < 0.05 ? null : u < 0.5 ? 'east' : u < 0.8 ? 'west' : 'north';
    });
    for (const [sname, sh] of [
      ['4 shares', shares],
      ['shares summing to 0.5', partial],
    ] as const)
      for (const ties of ['min', 'first', 'max'] as TieRule[]) {
        it(`${sname}, ties ${ties}, n=${n}`, () => {
          const ref = refShares(score, sh, undefined, ties);
          const g = gradeCodesByShares(score, sh, undefined, ties);
          expect(g.labels).toEqual(sh.map((s) => s.grade));
          expect(firstLabelMismatch(labelsOf(g), ref)).toBeNull();
          expect(firstLabelMismatch(gradeLabels(g), ref)).toBeNull();
          expect(firstLabelMismatch(gradeByShares(score, sh, undefined, ties), ref)).toBeNull();
          for (let i = 0; i < n; i += 13) expect(gradeAt(g, i)).toBe(ref[i]);
          // precomputed ranks give the same codes
          const g2 = gradeCodesByShares(score, sh, undefined, ties, refRankDescending(score, ties));
          expect(firstMismatch(g2.codes, g.codes)).toBeNull();
        });
        it(`${sname}, ties ${ties}, peer groups, n=${n}`, () => {
          const ref = refShares(score, sh, groups, ties);
          const g = gradeCodesByShares(score, sh, groups, ties);
          expect(firstLabelMismatch(labelsOf(g), ref)).toBeNull();
          expect(firstLabelMismatch(gradeByShares(score, sh, groups, ties), ref)).toBeNull();
        });
      }
  }
  it('top 20 % of 16 → 3 units (r ≤ 3.2)', () => {
    const score = col(16, (i) => 100 - i);
    const g = gradeByShares(score, [
      { grade: 'A', share: 0.2 },
      { grade: 'B', share: 0.8 },
    ]);
    expect(g.filter((x) => x === 'A').length).toBe(3);
  });
});

/** The label-array veto (the previous implementation's semantics): no grade counts as better than any. */
function refVeto(
  grades: (string | null)[],
  mask: Uint8Array,
  effect: { type: 'capGrade' | 'forceGrade'; grade: string },
  order: readonly string[],
): (string | null)[] {
  const out = grades.slice();
  const capIdx = order.indexOf(effect.grade);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) continue;
    if (effect.type === 'forceGrade') out[i] = effect.grade;
    else {
      const g = out[i];
      const gi = g === null ? -1 : order.indexOf(g);
      if (gi < capIdx) out[i] = effect.grade;
    }
  }
  return out;
}

describe('applyGradeVeto on codes vs the label-array reference', () => {
  const bands: Band[] = [
    { grade: '优秀', min: 90 },
    { grade: '良好', min: 75 },
    { grade: '合格', min: 60 },
  ];
  const order = ['优秀', '良好', '合格', '不合格'];
  for (const n of [40, 20_000]) {
    const r = mulberry32(12_000 + n);
    const score = col(n, () => (r() < 0.08 ? NaN : r() * 100));
    const mask = Uint8Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
    const effects: { type: 'capGrade' | 'forceGrade'; grade: string }[] = [
      { type: 'capGrade', grade: '良好' },
      { type: 'capGrade', grade: '合格' },
      { type: 'capGrade', grade: '不合格' }, // not among the labels without `otherwise`: appended
      { type: 'capGrade', grade: '优秀' },
      { type: 'forceGrade', grade: '不合格' },
      { type: 'forceGrade', grade: '良好' },
    ];
    for (const otherwise of ['不合格', null])
      for (const effect of effects)
        it(`${effect.type} ${effect.grade}, otherwise ${otherwise ?? 'none'}, n=${n}`, () => {
          const g = gradeCodesByBands(score, bands, otherwise);
          const ref = refVeto(gradeLabels(g), mask, effect, order);
          applyGradeVeto(g, mask, effect, order);
          expect(firstLabelMismatch(gradeLabels(g), ref)).toBeNull();
          for (let i = 0; i < n; i += 7) expect(gradeAt(g, i)).toBe(ref[i]);
        });
  }
});

// ───────────────────────────── 7. treatView vs treatColumn (and COINr's loop) ─────────────────────────────

/** e1071 type 2 skewness and kurtosis, two-pass, written out. */
function naiveSkewKurt(x: ArrayLike<number>): { skew: number; kurt: number } {
  const v = Array.from(x).filter((t) => !Number.isNaN(t));
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const t of v) {
    const d = t - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const g1 = m3 / Math.pow(m2, 1.5);
  const g2 = m4 / (m2 * m2) - 3;
  const skew = n >= 3 && m2 > 0 ? (g1 * Math.sqrt(n * (n - 1))) / (n - 2) : NaN;
  const kurt = n >= 4 && m2 > 0 ? (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)) : NaN;
  return { skew, kurt };
}

function naivePass(x: ArrayLike<number>, st: number, kt: number): { pass: boolean | null; skew: number; kurt: number } {
  const { skew, kurt } = naiveSkewKurt(x);
  const a = Number.isNaN(skew) ? null : Math.abs(skew) < st;
  const b = Number.isNaN(kurt) ? null : kurt < kt;
  const pass = a === true || b === true ? true : a === null || b === null ? null : false;
  return { pass, skew, kurt };
}

function logCTRef(x: ArrayLike<number>): Float64Array {
  const v = Array.from(x).filter((t) => !Number.isNaN(t));
  const min = Math.min(...v);
  const max = Math.max(...v);
  return Float64Array.from(x, (t) => Math.log(t - min + 0.01 * (max - min)));
}

/**
 * COINr `Treat.numeric` with winsorise + log_CT, step by step as its loop does: while failing and
 * nwin < winmax, set every value equal to the max (skew ≥ 0) to the largest other value, or the min
 * to the smallest other; nwin = #points at the last high step + #points at the last low step.
 */
function naiveWinsorise(x0: Float64Array, winmax: number, forceWin = false) {
  const st = 2;
  const kt = 3.5;
  const x = Float64Array.from(x0);
  const initial = naivePass(x, st, kt);
  let check = initial;
  let imax: number[] = [];
  let imin: number[] = [];
  let nwin = 0;
  if (initial.pass !== null)
    while ((check.pass === false || forceWin) && nwin < winmax) {
      const present = Array.from(x).filter((t) => !Number.isNaN(t));
      if (check.skew >= 0) {
        const max = Math.max(...present);
        const rest = present.filter((t) => t !== max);
        if (rest.length === 0) break;
        const next = Math.max(...rest);
        imax = [];
        for (let i = 0; i < x.length; i++) if (x[i] === max) imax.push(i);
        for (const i of imax) x[i] = next;
      } else {
        const min = Math.min(...present);
        const rest = present.filter((t) => t !== min);
        if (rest.length === 0) break;
        const next = Math.min(...rest);
        imin = [];
        for (let i = 0; i < x.length; i++) if (x[i] === min) imin.push(i);
        for (const i of imin) x[i] = next;
      }
      nwin = imax.length + imin.length;
      check = naivePass(x, st, kt);
    }
  const flags = new Int8Array(x.length);
  for (const i of imax) flags[i] = 1;
  for (const i of imin) flags[i] = -1;
  return { x, nwin, flags, initial, check };
}

function naiveTreat(x0: Float64Array, spec: { winmax?: number; forceWin?: boolean; combine?: boolean }) {
  const w = naiveWinsorise(x0, spec.winmax ?? 5, spec.forceWin);
  const before = w.initial;
  if (before.pass === null || (before.pass && !spec.forceWin))
    return { x: Float64Array.from(x0), applied: 'none', nwin: 0, before, after: before, flags: new Int8Array(x0.length), nTreated: 0 };
  const { x, nwin, flags, check } = w;
  if (check.pass === false) {
    const lx = logCTRef(spec.combine ? x : x0);
    const after = naivePass(lx, 2, 3.5);
    const flagsLog = Int8Array.from(x0, (t) => (Number.isNaN(t) ? 0 : 2));
    const nPresent = flagsLog.filter((f) => f !== 0).length;
    return { x: lx, applied: 'logCT', nwin: spec.combine ? nwin : 0, before, after, flags: flagsLog, nTreated: nPresent };
  }
  return {
    x,
    applied: nwin > 0 ? 'winsorise' : 'none',
    nwin,
    before,
    after: check,
    flags,
    nTreated: flags.filter((f) => f !== 0).length,
  };
}

/** max over i of |got − ref|/max(1, |ref|); NaN must match NaN. */
function worstLogError(got: Float64Array, ref: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    if (Number.isNaN(ref[i]) || Number.isNaN(got[i])) {
      if (!(Number.isNaN(ref[i]) && Number.isNaN(got[i]))) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(got[i] - ref[i]) / Math.max(1, Math.abs(ref[i])));
  }
  return worst;
}

describe('winsoriseCaps moments without a pass (far-moved mean: merged extremes) vs a fresh pass', () => {
  // The mean moves more than 10 bulk SDs from the first value, so the binomial shift of the bulk sums
  // (stepMoments) refuses and the extremes are merged in one by one (mergedMoments); each check must
  // equal skew/kurtosis computed afresh on the clamped column.
  const cases: [string, () => Float64Array][] = [
    [
      'three gross low outliers in 1.5 ± 0.2, n=100000 (the bench column)',
      () => {
        const r = mulberry32(91);
        const x = col(100_000, () => 1.5 + 0.2 * normal(r));
        x[7] = -1e6;
        x[70] = -5e5;
        x[700] = -2e5;
        return x;
      },
    ],
    [
      '7 tied clusters of 20 points at 100–160 SDs, n=1100 (mean 16 SDs out)',
      () => {
        const r = mulberry32(92);
        return col(1100, (i) => (i % 7 === 5 && i < 980 ? 100 + 10 * (((i / 7) % 7) | 0) : normal(r)));
      },
    ],
    [
      'mirrored: clusters below at the end, with NaNs, n=1200',
      () => {
        const r = mulberry32(93);
        return sprinkleNaN(
          col(1200, (i) => (i >= 1000 && i < 1140 ? -120 - 7 * (i % 7) : 5 + normal(r))),
          r,
          0.01,
        );
      },
    ],
  ];
  for (const [name, make] of cases)
    it(name, () => {
      const x = make();
      const caps = winsoriseCaps(x, { winmax: 5 });
      const before = checkSkewKurt(x);
      const after = checkSkewKurt(applyCaps(x, caps).x);
      expect(caps.initial.pass).toBe(false);
      for (const [got, ref, what] of [
        [caps.initial.skew, before.skew, 'initial skew'],
        [caps.initial.kurt, before.kurt, 'initial kurt'],
        [caps.check.skew, after.skew, 'check skew'],
        [caps.check.kurt, after.kurt, 'check kurt'],
      ] as const)
        expectClose(got, ref, 1e-12, Math.max(1, Math.abs(ref)), what);
      expect(caps.check.pass).toBe(after.pass);
    });
});

describe('treatView vs treatColumn and a step-by-step COINr reference', () => {
  const cases: [string, () => Float64Array, TreatSpec][] = [
    [
      'passing column (normal), n=20000',
      () => {
        const r = mulberry32(13_001);
        return sprinkleNaN(
          col(20_000, () => 100 + 10 * normal(r)),
          r,
          0.02,
        );
      },
      { method: 'winsorise' },
    ],
    [
      'a few gross outliers that winsorisation fixes, n=20000',
      () => {
        const r = mulberry32(13_002);
        const x = sprinkleNaN(
          col(20_000, () => 100 + 10 * normal(r)),
          r,
          0.02,
        );
        x[17] = 5000;
        x[4242] = 3000;
        x[9999] = -2000;
        return x;
      },
      { method: 'winsorise' },
    ],
    [
      'heavy-tailed lognormal: log fallback, n=20000',
      () => {
        const r = mulberry32(13_003);
        return sprinkleNaN(
          col(20_000, () => Math.exp(1.5 * normal(r))),
          r,
          0.01,
        );
      },
      { method: 'winsorise' },
    ],
    [
      'heavy-tailed lognormal, combine (log of the winsorised data), n=20000',
      () => {
        const r = mulberry32(13_004);
        return col(20_000, () => Math.exp(1.5 * normal(r)));
      },
      { method: 'winsorise', combine: true },
    ],
    [
      'COINr c(1:10, 30, 100), winmax 5',
      () => Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100]),
      { method: 'winsorise', winmax: 5 },
    ],
    [
      'COINr c(1:20, 100, 200), winmax 1: log fallback',
      () => Float64Array.from([...Array.from({ length: 20 }, (_, i) => i + 1), 100, 200]),
      { method: 'winsorise', winmax: 1 },
    ],
    [
      'c(1:20, 100, 200), forceWin winmax 3',
      () => Float64Array.from([...Array.from({ length: 20 }, (_, i) => i + 1), 100, 200]),
      { method: 'winsorise', winmax: 3, forceWin: true },
    ],
    [
      'small column with NaNs and outliers on both sides, n=60',
      () => {
        const r = mulberry32(13_005);
        const x = sprinkleNaN(
          col(60, () => 10 + normal(r)),
          r,
          0.1,
        );
        x[3] = 80;
        x[40] = -40;
        x[41] = 60;
        return x;
      },
      { method: 'winsorise', winmax: 5 },
    ],
  ];
  for (const [name, make, spec] of cases) {
    it(name, () => {
      const x = make();
      const copy = Float64Array.from(x);
      const tv = treatView(x, spec);
      const tc = treatColumn(x, spec);
      expect(firstMismatch(x, copy)).toBeNull(); // input untouched
      // view written out = treatColumn's column; same report and count
      const mat = materialiseView(tv.view);
      expect(firstMismatch(mat, tc.x, sameValue)).toBeNull();
      expect(tv.report).toEqual(tc.report);
      expect(tv.nTreated).toBe(tc.nTreated);
      let flagged = 0;
      for (const f of tc.treated) if (f !== 0) flagged++;
      expect(tc.nTreated).toBe(flagged);
      // both vs COINr's loop
      const ref = naiveTreat(x, { winmax: spec.winmax ?? undefined, forceWin: spec.forceWin, combine: spec.combine });
      expect(tc.report.applied).toBe(ref.applied);
      expect(tc.report.nwin).toBe(ref.nwin);
      expect(tc.report.before.pass).toBe(ref.before.pass);
      expect(tc.report.after.pass).toBe(ref.after.pass);
      expectClose(tc.report.before.skew, ref.before.skew, 1e-9, Math.max(1, Math.abs(ref.before.skew)), 'before.skew');
      expectClose(tc.report.before.kurt, ref.before.kurt, 1e-9, Math.max(1, Math.abs(ref.before.kurt)), 'before.kurt');
      expectClose(tc.report.after.skew, ref.after.skew, 1e-9, Math.max(1, Math.abs(ref.after.skew)), 'after.skew');
      expectClose(tc.report.after.kurt, ref.after.kurt, 1e-9, Math.max(1, Math.abs(ref.after.kurt)), 'after.kurt');
      expect(tc.nTreated).toBe(ref.nTreated);
      if (ref.applied === 'logCT') {
        expect(worstLogError(tc.x, ref.x)).toBeLessThanOrEqual(1e-15);
      } else {
        expect(firstMismatch(tc.x, ref.x, sameValue)).toBeNull();
      }
      if (ref.nTreated > 0) expect(firstMismatch(tc.treated, ref.flags)).toBeNull();
      // the reported range is that of the output
      if (tv.range) {
        const v = Array.from(mat).filter((t) => !Number.isNaN(t));
        expect(tv.range.n).toBe(v.length);
        expect(tv.range.min).toBe(Math.min(...v));
        expect(tv.range.max).toBe(Math.max(...v));
      }
    });
    it(`${name}: winsorise and logCT`, () => {
      const x = make();
      const winmax = spec.winmax ?? 5;
      const ref = naiveWinsorise(x, winmax, spec.forceWin);
      const w = winsorise(x, { winmax, forceWin: spec.forceWin });
      expect(firstMismatch(w.x, ref.x, sameValue)).toBeNull();
      expect(w.nwin).toBe(ref.nwin);
      expect(w.initial.pass).toBe(ref.initial.pass);
      expect(w.check.pass).toBe(ref.check.pass);
      expectClose(w.check.skew, ref.check.skew, 1e-9, Math.max(1, Math.abs(ref.check.skew)), 'check.skew');
      expectClose(w.check.kurt, ref.check.kurt, 1e-9, Math.max(1, Math.abs(ref.check.kurt)), 'check.kurt');
      expect(firstMismatch(w.treated, ref.flags)).toBeNull();
      expect(w.nTreated).toBe(ref.flags.filter((f) => f !== 0).length);
      expect(worstLogError(logCT(x), logCTRef(x))).toBeLessThanOrEqual(1e-15);
    });
  }
});

// ───────────────────────────── 8. aggregateViews vs aggregateRows ─────────────────────────────

/** COINr-style row means written out: drop NaN children and their weights, data threshold. */
function naiveAggregate(
  cols: Float64Array[],
  w: number[],
  method: MeanMethod,
  thresh: number | undefined,
): { y: Float64Array; scale: Float64Array } {
  const n = cols[0].length;
  const k = cols.length;
  const y = new Float64Array(n);
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    let abs = 0;
    let den = 0;
    let cnt = 0;
    for (let j = 0; j < k; j++) {
      const v = cols[j][i];
      if (Number.isNaN(v)) continue;
      cnt++;
      den += w[j];
      const t = method === 'gmean' ? w[j] * Math.log(v) : method === 'hmean' ? w[j] / v : method === 'sum' ? v : w[j] * v;
      acc += t;
      abs += Math.abs(t);
    }
    if (cnt === 0 || (thresh !== undefined && cnt / k < thresh)) {
      y[i] = NaN;
      continue;
    }
    if (method === 'amean') {
      y[i] = acc / den;
      scale[i] = abs / den;
    } else if (method === 'gmean') {
      y[i] = Math.exp(acc / den);
      scale[i] = y[i] * (abs / den);
    } else if (method === 'hmean') {
      y[i] = den / acc;
      scale[i] = Math.abs(y[i]) * (abs / Math.abs(acc));
    } else {
      y[i] = acc;
      scale[i] = abs;
    }
  }
  return { y, scale };
}

describe('aggregateViews = aggregateRows over the written views', () => {
  const n = 20_000;
  const r = mulberry32(14_000);
  const x1 = sprinkleNaN(
    col(n, () => 50 + 20 * normal(r)),
    r,
    0.1,
  );
  x1[3] = 900;
  const x2 = sprinkleNaN(
    col(n, () => Math.exp(normal(r))),
    r,
    0.2,
  );
  const x3 = sprinkleNaN(
    col(n, () => 1 + r() * 99),
    r,
    0.05,
  );
  const x4 = sprinkleNaN(
    col(n, () => 10 * r()),
    r,
    0.3,
  );
  const x5 = col(n, () => 2 + r());
  const mm = (x: Float64Array, base: ColumnView, dir: 1 | -1, lower: number, upper: number) => {
    const { min, max } = clampedRange(x, base.lo, base.hi);
    return minMaxOfView(base, dir, lower, upper, min, max);
  };
  const views: Record<string, ColumnView> = {
    clamp1: clampView(x1, 20, 80),
    mmClamp1: mm(x1, clampView(x1, 20, 80), -1, 1, 100),
    mmIdent2: mm(x2, identityView(x2), 1, 1, 100),
    ident3: identityView(x3),
    mmIdent4: mm(x4, identityView(x4), -1, 1, 100),
    mmClamp4: mm(x4, clampView(x4, 1, 9), 1, 0, 1),
    ident5: identityView(x5),
  };
  const combos: [string, string[]][] = [
    ['1 child: clamp', ['clamp1']],
    ['1 child: min-max of identity', ['mmIdent2']],
    ['2 children: identity + min-max (no clamp)', ['ident3', 'mmIdent4']],
    ['2 children: clamp + min-max of clamp', ['clamp1', 'mmClamp4']],
    ['3 children: mixed', ['mmClamp1', 'ident3', 'mmIdent2']],
    ['4 children: mixed', ['mmClamp1', 'mmIdent2', 'ident3', 'mmClamp4']],
    ['4 children: no clamps', ['mmIdent2', 'ident3', 'mmIdent4', 'ident5']],
    ['5 children (fallback)', ['mmClamp1', 'mmIdent2', 'ident3', 'mmIdent4', 'ident5']],
  ];
  // relative weights (amean) and unnormalised ones (wsum)
  const weightSets = {
    amean: [0.3, 0.25, 0.2, 0.15, 0.1],
    wsum: [2, 1, 3, 0.5, 1.5],
  };
  /** Row means agree with the written-out reference within 1e-13 of each row's scale. */
  const expectRowsClose = (got: Float64Array, ref: { y: Float64Array; scale: Float64Array }, tol: number) => {
    for (let i = 0; i < got.length; i++) {
      const a = got[i];
      const b = ref.y[i];
      if (Number.isNaN(b) || Number.isNaN(a)) {
        if (!(Number.isNaN(a) && Number.isNaN(b))) expect.fail(`[${i}] got ${a}, expected ${b}`);
      } else if (!(Math.abs(a - b) <= tol * ref.scale[i])) expect.fail(`[${i}] got ${a}, expected ${b}`);
    }
  };
  for (const [name, ids] of combos)
    for (const method of ['amean', 'wsum'] as const)
      for (const thresh of [undefined, 0.5])
        it(`${name}, ${method}, datThresh ${thresh ?? 'none'}`, () => {
          const vs = ids.map((id) => views[id]);
          const cols = vs.map(materialiseView);
          const w = weightSets[method].slice(0, vs.length);
          const got = aggregateViews(vs, w, method, thresh);
          expect(firstMismatch(got, aggregateRows(cols, w, method, thresh))).toBeNull();
          expectRowsClose(got, naiveAggregate(cols, w, method, thresh), 1e-13);
        });
  const positive: [string, string[]][] = [
    ['3 children', ['mmClamp1', 'mmIdent2', 'ident3']],
    ['5 children', ['mmClamp1', 'mmIdent2', 'ident3', 'mmIdent4', 'ident5']],
  ];
  for (const [name, ids] of positive)
    for (const method of ['gmean', 'hmean'] as MeanMethod[])
      it(`${name}, ${method} (written-out fallback), datThresh 0.5`, () => {
        const vs = ids.map((id) => views[id]);
        const cols = vs.map(materialiseView);
        const w = weightSets.wsum.slice(0, vs.length);
        const got = aggregateViews(vs, w, method, 0.5);
        expect(firstMismatch(got, aggregateRows(cols, w, method, 0.5))).toBeNull();
        expectRowsClose(got, naiveAggregate(cols, w, method, 0.5), 1e-12);
      });

  it('COINr data-availability example through views', () => {
    const i1 = Float64Array.from([1, 2, 3]);
    const i2 = Float64Array.from([3, NaN, NaN]);
    const i3 = Float64Array.from([1, NaN, 1]);
    const y = aggregateViews([identityView(i1), clampView(i2, 0, 10), identityView(i3)], [1, 1, 1], 'amean', 2 / 3);
    expect(firstMismatch(y, aggregateRows([i1, i2, i3], [1, 1, 1], 'amean', 2 / 3))).toBeNull();
    expect(Math.abs(y[0] - 5 / 3)).toBeLessThan(1e-15);
    expect(Number.isNaN(y[1])).toBe(true);
    expect(y[2]).toBe(2);
  });
});
