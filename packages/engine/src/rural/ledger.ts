/**
 * 村级集体经济 figures from ledger lines.
 *
 * 总收入 (total income) = Σ all income items of the year;
 * 经营性收入 (operating income) = Σ items that are operating: 租赁/发包 (rent), 物业/资产经营 (property),
 * 服务 (services), 投资收益 (investment returns), 其他经营性 (other operating). 补助收入 (subsidies,
 * 上级补助) and 其他非经营性收入 count in total income but never in operating income.
 * Source: 农业农村部《农村集体经济组织财务制度》(2021) income classes and 浙江省"消除集体经济薄弱村"
 * practice (经营性收入 excludes 补助); the seed article (2021: 总收入 20.48亿, 经营性收入 10.32亿).
 * Assets and liabilities are point values (year end), not income.
 */
import { fail } from './errors.js';

export const INCOME_ITEMS = ['rent', 'property', 'service', 'investment', 'other_operating', 'subsidy', 'other'] as const;
export const BALANCE_ITEMS = ['assets', 'liabilities'] as const;
export const LEDGER_ITEMS = [...INCOME_ITEMS, ...BALANCE_ITEMS] as const;
export type IncomeItem = (typeof INCOME_ITEMS)[number];
export type LedgerItem = (typeof LEDGER_ITEMS)[number];
/** The income items that are 经营性收入. */
export const OPERATING_ITEMS: readonly IncomeItem[] = ['rent', 'property', 'service', 'investment', 'other_operating'];

export function isLedgerItem(s: string): s is LedgerItem {
  return (LEDGER_ITEMS as readonly string[]).includes(s);
}

export interface LedgerLine {
  village: string;
  year: number;
  item: string;
  /** yuan */
  amount: number;
}

export interface VillageYear {
  village: string;
  year: number;
  total: number;
  operating: number;
  subsidy: number;
  assets: number | null;
  liabilities: number | null;
  /** income by item (only the items present) */
  byItem: Partial<Record<IncomeItem, number>>;
}

/** Per village and year: totals from the ledger lines; an unknown item or a non-finite amount fails. */
export function villageYears(lines: readonly LedgerLine[]): VillageYear[] {
  const map = new Map<string, VillageYear>();
  for (const [i, l] of lines.entries()) {
    if (!isLedgerItem(l.item))
      fail('UNKNOWN_ITEM', `第 ${i + 1} 行科目「${l.item}」未知`, `Line ${i + 1}: unknown item "${l.item}"`, { line: i, item: l.item });
    if (!Number.isFinite(l.amount))
      fail('INVALID_ARGUMENT', `第 ${i + 1} 行金额无效`, `Line ${i + 1}: amount is not a number`, { line: i });
    const key = `${l.village}\u0000${l.year}`;
    let v = map.get(key);
    if (!v)
      map.set(
        key,
        (v = { village: l.village, year: l.year, total: 0, operating: 0, subsidy: 0, assets: null, liabilities: null, byItem: {} }),
      );
    if (l.item === 'assets' || l.item === 'liabilities') {
      v[l.item] = (v[l.item] ?? 0) + l.amount;
      continue;
    }
    const item = l.item as IncomeItem;
    v.byItem[item] = (v.byItem[item] ?? 0) + l.amount;
    v.total += l.amount;
    if (OPERATING_ITEMS.includes(item)) v.operating += l.amount;
    if (item === 'subsidy') v.subsidy += l.amount;
  }
  return [...map.values()].sort((a, b) => (a.village < b.village ? -1 : a.village > b.village ? 1 : a.year - b.year));
}

/** Growth rate (this − last) / last; null when last is missing or not positive. */
export function growthRate(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current == null || previous == null || !(previous > 0)) return null;
  return (current - previous) / previous;
}

/**
 * Compound annual growth rate over `years` years: (last / first)^(1/years) − 1 (the seed's
 * "年均增长"); null when first is not positive.
 */
export function annualGrowth(first: number, last: number, years: number): number | null {
  if (!(years > 0)) fail('INVALID_ARGUMENT', '年数必须大于 0', 'years must be positive', { years });
  if (!(first > 0) || last < 0) return null;
  return Math.pow(last / first, 1 / years) - 1;
}

/**
 * Competition ranking (1, 2, 2, 4) by value, highest first, within each group (a town) and over
 * all; values are keyed by id.
 */
export function rankWithin(
  items: readonly { id: string; group: string; value: number }[],
): Map<string, { inGroup: number; overall: number }> {
  const rank = (xs: readonly { id: string; value: number }[]) => {
    const sorted = [...xs].sort((a, b) => b.value - a.value);
    const out = new Map<string, number>();
    sorted.forEach((x, i) => out.set(x.id, i > 0 && sorted[i - 1]!.value === x.value ? out.get(sorted[i - 1]!.id)! : i + 1));
    return out;
  };
  const overall = rank(items);
  const groups = new Map<string, { id: string; value: number }[]>();
  for (const x of items) (groups.get(x.group) ?? groups.set(x.group, []).get(x.group)!).push(x);
  const result = new Map<string, { inGroup: number; overall: number }>();
  for (const xs of groups.values()) {
    const g = rank(xs);
    for (const x of xs) result.set(x.id, { inGroup: g.get(x.id)!, overall: overall.get(x.id)! });
  }
  return result;
}
