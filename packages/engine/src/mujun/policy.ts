/**
 * Differentiated policies per class and streak (差别化政策). A versioned policy table lists measures
 * per class with a minimum streak (consecutive evaluation years in the same class, ending at the year
 * evaluated). Measures of one `kind` do not stack: the applicable one with the highest `minStreak`
 * wins (Fenghua 2022: overlapping differential prices "就高"). Examples (docs/reference/mujun.md §4.2):
 *   Fenghua 2022 electricity: D +0.1 元/kWh; two consecutive years in D +0.3; three +0.5
 *   浙政办发〔2019〕62号 城镇土地使用税: A 100 %, B 80 % relief, C and D none
 * streak_y = 1 + streak_{y−1} if the class of y−1 equals the class of y, else 1; a year without a
 * class (not rated, no record) breaks the streak; no class in year y → streak 0, no measures.
 * The table in force is the one whose [from, to] contains the evaluation year.
 */

import { fail } from './errors.js';

export interface PolicyMeasure {
  id: string;
  /** Measures of one kind do not stack (e.g. 'electricity_surcharge', 'land_use_tax_relief', 'water_surcharge'). */
  kind: string;
  class: string;
  /** Consecutive years in this class needed (default 1). */
  minStreak?: number;
  value: number;
  unit: string;
  name: { zh: string; en: string };
  source?: string;
}

export interface PolicyTable {
  id: string;
  version: string;
  /** First and last evaluation year (inclusive) the table applies to; `to` open-ended if absent. */
  from: number;
  to?: number;
  measures: readonly PolicyMeasure[];
  illustrative?: boolean;
  sources?: readonly string[];
}

export interface ClassRecord {
  year: number;
  class: string | null;
}

export interface EnterprisePolicy {
  enterprise: string;
  year: number;
  class: string | null;
  streak: number;
  measures: PolicyMeasure[];
}

/** Illustrative table: Fenghua 2022 D surcharges and the province's 2019 land-use-tax relief. */
export const ILLUSTRATIVE_POLICY_TABLE: PolicyTable = {
  id: 'illustrative-fenghua-2022-zj-62',
  version: '1',
  from: 2019,
  illustrative: true,
  sources: [
    'Fenghua 2022 差别化电价 (国网奉化供电公司): https://news.bjx.com.cn/html/20221024/1263178.shtml',
    '浙政办发〔2019〕62号 城镇土地使用税 A 100% B 80% (docs/reference/mujun.md §4.2)',
  ],
  measures: [
    {
      id: 'elec-d-1',
      kind: 'electricity_surcharge',
      class: 'D',
      minStreak: 1,
      value: 0.1,
      unit: '元/kWh',
      name: { zh: 'D 类差别电价加价', en: 'class D electricity surcharge' },
    },
    {
      id: 'elec-d-2',
      kind: 'electricity_surcharge',
      class: 'D',
      minStreak: 2,
      value: 0.3,
      unit: '元/kWh',
      name: { zh: '连续两年 D 类差别电价加价', en: 'class D two years running, electricity surcharge' },
    },
    {
      id: 'elec-d-3',
      kind: 'electricity_surcharge',
      class: 'D',
      minStreak: 3,
      value: 0.5,
      unit: '元/kWh',
      name: { zh: '连续三年及以上 D 类差别电价加价', en: 'class D three years or more, electricity surcharge' },
    },
    {
      id: 'land-tax-a',
      kind: 'land_use_tax_relief',
      class: 'A',
      value: 100,
      unit: '%',
      name: { zh: '城镇土地使用税减免 100%', en: 'land-use tax relief 100 %' },
    },
    {
      id: 'land-tax-b',
      kind: 'land_use_tax_relief',
      class: 'B',
      value: 80,
      unit: '%',
      name: { zh: '城镇土地使用税减免 80%', en: 'land-use tax relief 80 %' },
    },
  ],
};

/** Class in `year` and the number of consecutive years (ending at `year`) in that class. */
export function classStreak(history: readonly ClassRecord[], year: number): { class: string | null; streak: number } {
  const byYear = new Map<number, string | null>();
  for (const r of history) {
    if (byYear.has(r.year))
      fail('INVALID_ARGUMENT', `分类记录中 ${r.year} 年重复`, `the class history has year ${r.year} twice`, { year: r.year });
    byYear.set(r.year, r.class);
  }
  const cls = byYear.get(year) ?? null;
  if (cls === null) return { class: null, streak: 0 };
  let streak = 1;
  while (byYear.get(year - streak) === cls) streak++;
  return { class: cls, streak };
}

/** The table in force for an evaluation year (the latest `from` if several overlap). */
export function policyTableFor(tables: readonly PolicyTable[], year: number): PolicyTable {
  let best: PolicyTable | undefined;
  for (const t of tables) if (t.from <= year && (t.to === undefined || year <= t.to) && (!best || t.from > best.from)) best = t;
  if (!best) fail('POLICY_NOT_FOUND', `没有适用于 ${year} 年的政策表`, `no policy table applies to ${year}`, { year });
  return best;
}

/** Applicable measures for a class and streak: per kind, the one with the highest minStreak ≤ streak. */
export function measuresFor(table: PolicyTable, cls: string | null, streak: number): PolicyMeasure[] {
  if (cls === null) return [];
  const byKind = new Map<string, PolicyMeasure>();
  for (const m of table.measures) {
    const need = m.minStreak ?? 1;
    if (m.class !== cls || need > streak) continue;
    const cur = byKind.get(m.kind);
    if (!cur || need > (cur.minStreak ?? 1)) byKind.set(m.kind, m);
  }
  return [...byKind.values()];
}

/** Per enterprise: its class and streak in `year` and the measures that apply. */
export function applyPolicies(
  tables: readonly PolicyTable[],
  histories: ReadonlyMap<string, readonly ClassRecord[]>,
  year: number,
): EnterprisePolicy[] {
  const table = policyTableFor(tables, year);
  const out: EnterprisePolicy[] = [];
  for (const [enterprise, history] of histories) {
    const { class: cls, streak } = classStreak(history, year);
    out.push({ enterprise, year, class: cls, streak, measures: measuresFor(table, cls, streak) });
  }
  return out;
}
