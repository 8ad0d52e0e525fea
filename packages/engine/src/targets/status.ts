/**
 * One target's status at a month: the plan curve it uses (straight, seasonal from its own history
 * with a fallback to straight when no complete past year exists, or entered), expected vs actual
 * by month, the light of each month and the red streak, the year-end forecast (cumulative
 * indicators only, seasonal-share method, see forecast.ts) and what each remaining month needs.
 * Value targets compare actual with expected; growth targets compare the growth over the same
 * month last year (history's last year) with the target rate, gaps in 个百分点 (see lights.ts).
 */
import { TargetsError } from './errors.js';
import { neededPerRemainingMonth, seasonalForecast, type Forecast } from './forecast.js';
import {
  growthLight,
  redStreak,
  valueLight,
  type GrowthThresholds,
  type Light,
  type ValueThresholds,
  DEFAULT_GROWTH_THRESHOLDS,
  DEFAULT_VALUE_THRESHOLDS,
} from './lights.js';
import {
  enteredShares,
  expectedValue,
  seasonalShares,
  straightShares,
  type CumulativeYear,
  type PlanMethod,
  type Shares,
} from './progress.js';

/**
 * Version of the rules below. Stored lights carry it (server target_status.algorithm); bump it
 * whenever the same target and observations would give another light, so that stored lights from
 * the previous rules are computed again.
 */
export const STATUS_ALGORITHM = 1;

export interface TargetSpec {
  kind: 'value' | 'growth';
  target: number;
  base?: number | null;
  accumulation: 'cumulative' | 'point';
  direction: 'higher' | 'lower';
  planMethod: PlanMethod;
  entered?: number[] | null;
  thresholds?: Partial<ValueThresholds & GrowthThresholds>;
}

export interface MonthStatus {
  month: number;
  actual: number | null;
  expected: number | null;
  light: Light | null;
  /** value targets: actual / expected; growth targets: growth to date */
  ratio: number | null;
  gapPp: number | null;
}

export interface TargetStatus {
  /** the method actually used (seasonal falls back to straight without history) */
  planMethod: PlanMethod;
  planFallback: boolean;
  month: number | null;
  actual: number | null;
  expected: number | null;
  light: Light | null;
  ratio: number | null;
  gapPp: number | null;
  redStreak: number;
  months: MonthStatus[];
  /** forecast of the year's total (value targets) or the year's growth rate (growth targets) */
  forecast: (Forecast & { growth: { point: number; low: number; high: number } | null }) | null;
  neededPerMonth: number | null;
}

/** `history`: past years' cumulative monthly values, oldest first, the year before last at the end. */
export function targetStatus(spec: TargetSpec, actual: (number | null)[], history: CumulativeYear[]): TargetStatus {
  let shares: Shares = straightShares();
  let planMethod: PlanMethod = 'straight';
  let planFallback = false;
  if (spec.planMethod === 'entered' && spec.entered?.length === 12) {
    shares = enteredShares(spec.entered);
    planMethod = 'entered';
  } else if (spec.planMethod === 'seasonal') {
    try {
      shares = seasonalShares(history);
      planMethod = 'seasonal';
    } catch (e) {
      if (!(e instanceof TargetsError)) throw e;
      planFallback = true;
    }
  } else if (spec.planMethod !== 'straight') planFallback = true;
  const lastYear = history.at(-1) ?? null;
  const vt = { ...DEFAULT_VALUE_THRESHOLDS, ...pick(spec.thresholds, ['green', 'yellow']) };
  const gt = { ...DEFAULT_GROWTH_THRESHOLDS, ...pick(spec.thresholds, ['greenPp', 'yellowPp']) };
  const months: MonthStatus[] = [];
  for (let m = 1; m <= 12; m++) {
    const a = actual[m - 1] ?? null;
    const row: MonthStatus = { month: m, actual: a, expected: null, light: null, ratio: null, gapPp: null };
    if (spec.kind === 'value') {
      row.expected = expectedValue({ accumulation: spec.accumulation, target: spec.target, base: spec.base ?? 0, shares, month: m });
      if (a !== null) {
        const l = valueLight(a, row.expected, spec.direction, vt);
        row.light = l.light;
        row.ratio = l.ratio;
      }
    } else {
      const last = lastYear?.[m - 1] ?? null;
      if (last !== null && last > 0) {
        row.expected = last * (1 + spec.target);
        if (a !== null) {
          const l = growthLight(a, last, spec.target, spec.direction, gt);
          row.light = l.light;
          row.ratio = l.growth;
          row.gapPp = l.gapPp;
        }
      }
    }
    months.push(row);
  }
  let month: number | null = null;
  for (let m = 12; m >= 1; m--)
    if (actual[m - 1] !== null && actual[m - 1] !== undefined) {
      month = m;
      break;
    }
  const at = month ? months[month - 1] : null;
  const lights = months.slice(0, month ?? 0).map((r) => r.light);
  let forecast: TargetStatus['forecast'] = null;
  let neededPerMonth: number | null = null;
  if (month && at?.actual !== null && at && spec.accumulation === 'cumulative') {
    try {
      const f = seasonalForecast(history, at.actual!, month);
      const lastTotal = lastYear?.[11] ?? null;
      const growth =
        spec.kind === 'growth' && lastTotal && lastTotal > 0
          ? { point: f.point / lastTotal - 1, low: f.low / lastTotal - 1, high: f.high / lastTotal - 1 }
          : null;
      forecast = { ...f, growth };
    } catch (e) {
      if (!(e instanceof TargetsError)) throw e;
    }
    const annual = spec.kind === 'value' ? spec.target : lastYear?.[11] ? lastYear[11]! * (1 + spec.target) : null;
    if (annual !== null) neededPerMonth = neededPerRemainingMonth(annual, at.actual!, month);
  }
  return {
    planMethod,
    planFallback,
    month,
    actual: at?.actual ?? null,
    expected: at?.expected ?? null,
    light: at?.light ?? null,
    ratio: at?.ratio ?? null,
    gapPp: at?.gapPp ?? null,
    redStreak: redStreak(lights),
    months,
    forecast,
    neededPerMonth,
  };
}

function pick<T extends object>(o: T | undefined, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (o && typeof o[k] === 'number') out[k] = o[k];
  return out;
}
