/**
 * 经济薄弱村 identification by rules as data: a village is weak in a year when any rule matches —
 * a rule names a metric (经营性收入 `operating` or 总收入 `total`) and a line in yuan (value < line).
 * The lines are parameters, not constants. DEFAULT_WEAK_RULES (年经营性收入 < 50万元, 总收入 < 100万元)
 * are the lines Zhejiang's 2021–2025 "消除集体经济相对薄弱村" work is commonly described with; they are
 * an assumption to check against the county's current document, which may set its own. Year on year: `new` (weak now, not last year),
 * `continued`, `exited` (weak last year, not now).
 */
import { fail } from './errors.js';
import type { VillageYear } from './ledger.js';

export interface WeakRule {
  id: string;
  metric: 'operating' | 'total';
  /** yuan: weak when the metric is below this */
  below: number;
}

export const DEFAULT_WEAK_RULES: readonly WeakRule[] = [
  { id: 'operating_below_50w', metric: 'operating', below: 500_000 },
  { id: 'total_below_100w', metric: 'total', below: 1_000_000 },
];

export interface WeakReason {
  rule: string;
  metric: 'operating' | 'total';
  value: number;
  below: number;
}

export interface WeakVillage {
  village: string;
  reasons: WeakReason[];
  change: 'new' | 'continued';
}

export interface WeakResult {
  year: number;
  weak: WeakVillage[];
  /** weak last year, not weak this year (a village without this year's ledger is not counted as exited) */
  exited: string[];
}

export function checkRules(rules: readonly WeakRule[]): void {
  if (rules.length === 0) fail('BAD_RULE', '至少需要一条薄弱村认定规则', 'At least one rule is needed');
  const ids = new Set<string>();
  for (const r of rules) {
    if (r.metric !== 'operating' && r.metric !== 'total')
      fail('BAD_RULE', `规则 ${r.id} 的指标无效`, `Rule ${r.id}: bad metric`, { rule: r.id });
    if (!Number.isFinite(r.below) || r.below < 0) fail('BAD_RULE', `规则 ${r.id} 的标准线无效`, `Rule ${r.id}: bad line`, { rule: r.id });
    if (ids.has(r.id)) fail('BAD_RULE', `规则 ${r.id} 重复`, `Rule ${r.id} is repeated`, { rule: r.id });
    ids.add(r.id);
  }
}

/** The reasons a village-year is weak (empty: not weak). */
export function weakReasons(v: Pick<VillageYear, 'total' | 'operating'>, rules: readonly WeakRule[]): WeakReason[] {
  return rules.filter((r) => v[r.metric] < r.below).map((r) => ({ rule: r.id, metric: r.metric, value: v[r.metric], below: r.below }));
}

/** Weak villages of `year` with reasons and their change against `year − 1`, by the same rules. */
export function identifyWeak(years: readonly VillageYear[], year: number, rules: readonly WeakRule[]): WeakResult {
  checkRules(rules);
  const now = years.filter((v) => v.year === year);
  const before = new Set(years.filter((v) => v.year === year - 1 && weakReasons(v, rules).length > 0).map((v) => v.village));
  const weak: WeakVillage[] = [];
  const present = new Set<string>();
  for (const v of now) {
    present.add(v.village);
    const reasons = weakReasons(v, rules);
    if (reasons.length) weak.push({ village: v.village, reasons, change: before.has(v.village) ? 'continued' : 'new' });
  }
  const weakNow = new Set(weak.map((w) => w.village));
  const exited = [...before].filter((v) => present.has(v) && !weakNow.has(v)).sort();
  weak.sort((a, b) => (a.village < b.village ? -1 : 1));
  return { year, weak, exited };
}
