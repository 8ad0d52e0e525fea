/**
 * Benchmarks from data. Huangyan's benchmarks are non-round and change yearly, so they look like
 * region-wide aggregates (docs/reference/mujun.md §3.3, [inference]); the county benchmark here is the
 * ratio of totals, not the mean of ratios:
 *   B = Σ_i value_i / Σ_i base_i      over units where both are finite (missing ignored) and base > 0
 * e.g. 亩均税收 B = Σ tax / Σ land_mu, 单位能耗增加值 B = Σ value_added / Σ energy_tce.
 * Per industry division: the same within each GB/T 4754 division (the 2-digit code, e.g. 17 纺织业,
 * 18 纺织服装、服饰业, 26 化学原料和化学制品制造业) read from a class code such as "1713", "C1713" or "C17".
 * NaN when a group has no usable unit.
 */

import { fail } from './errors.js';
import { asScheme } from './scheme-json.js';

/** Σ value / Σ base over units where both are finite and base > 0; NaN if none. */
export function ratioOfTotals(value: ArrayLike<number>, base: ArrayLike<number>): number {
  if (value.length !== base.length)
    fail('LENGTH_MISMATCH', '数值列与分母列长度不一致', 'value and base columns differ in length', {
      value: value.length,
      base: base.length,
    });
  let sv = 0;
  let sb = 0;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    const b = base[i];
    if (Number.isFinite(v) && Number.isFinite(b) && b > 0) {
      sv += v;
      sb += b;
    }
  }
  return sb > 0 ? sv / sb : NaN;
}

/** The GB/T 4754 division (2 digits) of an industry code, or null if there is none. */
export function industryDivision(code: string | null | undefined): string | null {
  if (code == null) return null;
  const m = /^\s*[A-Ta-t]?\s*(\d{2})/.exec(code.normalize('NFKC'));
  return m ? m[1] : null;
}

/** Σ value / Σ base per group (e.g. per industry division); units with a null group are skipped. */
export function ratioOfTotalsByGroup(
  value: ArrayLike<number>,
  base: ArrayLike<number>,
  groups: readonly (string | null)[],
): Map<string, { benchmark: number; n: number }> {
  if (value.length !== base.length || groups.length !== value.length)
    fail('LENGTH_MISMATCH', '数值列、分母列与分组长度不一致', 'value, base and group columns differ in length', {
      value: value.length,
      base: base.length,
      groups: groups.length,
    });
  const acc = new Map<string, { v: number; b: number; n: number }>();
  for (let i = 0; i < value.length; i++) {
    const g = groups[i];
    if (g === null) continue;
    let a = acc.get(g);
    if (!a) acc.set(g, (a = { v: 0, b: 0, n: 0 }));
    const v = value[i];
    const b = base[i];
    if (Number.isFinite(v) && Number.isFinite(b) && b > 0) {
      a.v += v;
      a.b += b;
      a.n++;
    }
  }
  const out = new Map<string, { benchmark: number; n: number }>();
  for (const [g, a] of acc) out.set(g, { benchmark: a.b > 0 ? a.v / a.b : NaN, n: a.n });
  return out;
}

/** Benchmarks per GB/T 4754 division of `industry` (class codes); see industryDivision. */
export function benchmarksByDivision(
  value: ArrayLike<number>,
  base: ArrayLike<number>,
  industry: readonly (string | null)[],
): Map<string, { benchmark: number; n: number }> {
  return ratioOfTotalsByGroup(value, base, industry.map(industryDivision));
}

/**
 * Benchmarks of a 亩均 scheme from data: for every indicator with a denominator, Σ column / Σ denominator
 * column over the units (the county benchmark). Columns by name as in the scheme.
 */
export function schemeBenchmarks(scheme: unknown, values: Record<string, ArrayLike<number>>): Record<string, number> {
  const s = asScheme(scheme);
  const out: Record<string, number> = {};
  for (const ind of s.indicators) {
    const col = values[ind.column ?? ind.id];
    const den = ind.denominator === undefined ? undefined : s.denominators?.[ind.denominator];
    if (!col || !den) continue;
    const base = values[den.column];
    if (!base) continue;
    out[ind.id] = ratioOfTotals(col, base) * (den.scale ?? 1);
  }
  return out;
}
