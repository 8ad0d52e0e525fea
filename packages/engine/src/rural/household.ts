/**
 * 低收入农户 income tracking.
 *
 * 人均可支配收入 (per-capita disposable income) of a household = (工资性收入 + 经营净收入 +
 * 财产净收入 + 转移净收入) / 家庭人口 — the four sources of 国家统计局 住户调查 可支配收入 (转移净收入
 * is transfers received minus transfers paid, so it may be negative). Growth = (this − last) / last,
 * compared with the annual target (the seed: 低收入农户人均可支配收入增长 10% 以上). Aggregates are
 * population-weighted: Σ income / Σ members. Risk of falling back (返贫风险) by rules as data:
 * `income_drop` (per-capita income fell by more than `dropShare`), `below_line` (below the line),
 * plus the household's own flags (大病 illness, 残疾 disability, 灾害 disaster).
 */
import { fail } from './errors.js';
import { growthRate } from './ledger.js';

export const INCOME_SOURCES = ['wage', 'business', 'property', 'transfer'] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];
export type Incomes = Record<IncomeSource, number>;

export function disposable(i: Incomes): number {
  return i.wage + i.business + i.property + i.transfer;
}

export function perCapita(i: Incomes, members: number): number {
  if (!Number.isInteger(members) || members < 1)
    fail('INVALID_ARGUMENT', '家庭人口必须为正整数', 'members must be a positive integer', { members });
  return disposable(i) / members;
}

export interface HouseholdYear {
  year: number;
  members: number;
  incomes: Incomes;
}

export interface IncomeTrack {
  year: number;
  perCapita: number;
  previous: number | null;
  growth: number | null;
  meetsTarget: boolean | null;
}

/** Per-capita income of `year` against `year − 1` and the growth target (e.g. 0.10). */
export function trackIncome(years: readonly HouseholdYear[], year: number, target: number): IncomeTrack | null {
  const now = years.find((y) => y.year === year);
  if (!now) return null;
  const prev = years.find((y) => y.year === year - 1);
  const pc = perCapita(now.incomes, now.members);
  const previous = prev ? perCapita(prev.incomes, prev.members) : null;
  const growth = growthRate(pc, previous);
  return { year, perCapita: pc, previous, growth, meetsTarget: growth === null ? null : growth >= target };
}

/** Population-weighted per-capita income of a group of households in one year. */
export function groupPerCapita(rows: readonly { members: number; incomes: Incomes }[]): number | null {
  let income = 0;
  let members = 0;
  for (const r of rows) {
    income += disposable(r.incomes);
    members += r.members;
  }
  return members > 0 ? income / members : null;
}

export interface RiskRules {
  /** flag when per-capita income fell by more than this share (0.1 = 10 %) */
  dropShare: number;
  /** flag when per-capita income is below this line (yuan/person/year) */
  line: number;
}

export const RISK_FLAGS = ['illness', 'disability', 'disaster'] as const;

export function riskFlags(track: IncomeTrack | null, own: readonly string[], rules: RiskRules): string[] {
  const out: string[] = [];
  if (track && track.growth !== null && track.growth < -rules.dropShare) out.push('income_drop');
  if (track && track.perCapita < rules.line) out.push('below_line');
  for (const f of own) if ((RISK_FLAGS as readonly string[]).includes(f)) out.push(f);
  return out;
}
