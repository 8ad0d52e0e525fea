/**
 * Lag warnings of a major project (重大项目滞后预警), at a reporting month:
 *   start_late      planned start (开工) before the as-of date and no actual start
 *   milestone_late  a milestone whose planned date has passed without an actual date, or that was
 *                   reached after its planned date (each milestone listed once)
 *   investment_low  cumulative actual investment of the year below plan × (1 − share), default 10 %
 *   no_report       no actual investment reported for the reporting month
 * Dates are calendar dates 'YYYY-MM-DD' (no working-day rule: a date passes at the end of its day).
 */
import { checkMonth } from './errors.js';

export interface ProjectMilestone {
  kind: string;
  planned: string | null;
  actual: string | null;
}

export interface ProjectLagInput {
  asOf: string;
  /** the reporting month of the year (1…12) */
  month: number;
  plannedStart: string | null;
  actualStart: string | null;
  milestones: ProjectMilestone[];
  /** planned investment by month of the year, index 0 = January (not cumulative) */
  planByMonth: number[];
  /** actual investment by month, null where not reported */
  actualByMonth: (number | null)[];
  /** tolerated shortfall, a fraction (default 0.1) */
  belowShare?: number;
}

export type LagWarning =
  | { kind: 'start_late'; planned: string }
  | { kind: 'milestone_late'; milestone: string; planned: string; actual: string | null }
  | { kind: 'investment_low'; plan: number; invested: number; shortfall: number }
  | { kind: 'no_report'; month: number };

/** The same warnings from the year's totals to the reporting month (what a board reads in one SQL aggregate). */
export interface ProjectLagTotals {
  asOf: string;
  month: number;
  plannedStart: string | null;
  actualStart: string | null;
  milestones: ProjectMilestone[];
  /** planned investment of January … the reporting month */
  planToDate: number;
  /** actual investment of January … the reporting month (unreported months count 0) */
  actualToDate: number;
  /** whether the reporting month has an actual value */
  reported: boolean;
  belowShare?: number;
}

export function projectLagAt(p: ProjectLagTotals): LagWarning[] {
  checkMonth(p.month);
  const out: LagWarning[] = [];
  if (p.plannedStart && p.plannedStart < p.asOf && !p.actualStart) out.push({ kind: 'start_late', planned: p.plannedStart });
  for (const m of p.milestones) {
    if (!m.planned) continue;
    if ((m.actual && m.actual > m.planned) || (!m.actual && m.planned < p.asOf))
      out.push({ kind: 'milestone_late', milestone: m.kind, planned: m.planned, actual: m.actual });
  }
  const plan = p.planToDate;
  const actual = p.actualToDate;
  const share = p.belowShare ?? 0.1;
  if (plan > 0 && actual < plan * (1 - share)) out.push({ kind: 'investment_low', plan, invested: actual, shortfall: 1 - actual / plan });
  if (!p.reported) out.push({ kind: 'no_report', month: p.month });
  return out;
}

export function projectLag(p: ProjectLagInput): LagWarning[] {
  checkMonth(p.month);
  const reportedValue = p.actualByMonth[p.month - 1];
  return projectLagAt({
    asOf: p.asOf,
    month: p.month,
    plannedStart: p.plannedStart,
    actualStart: p.actualStart,
    milestones: p.milestones,
    planToDate: p.planByMonth.slice(0, p.month).reduce((s, v) => s + (v ?? 0), 0),
    actualToDate: p.actualByMonth.slice(0, p.month).reduce<number>((s, v) => s + (v ?? 0), 0),
    reported: reportedValue !== null && reportedValue !== undefined,
    belowShare: p.belowShare,
  });
}
