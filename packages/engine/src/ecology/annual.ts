/**
 * Annual statistics of a station or an area from its daily values (GB 3095-2012 表 4, HJ 663-2013):
 *  - validity: an annual value needs ≥ 324 valid daily values in the year and ≥ 27 in every month
 *    (≥ 25 in February); an invalid annual value is reported as `value: null` with the reasons;
 *  - 优良天数比例 = days with AQI ≤ 100 / valid days × 100 % (HJ 663 §5.4), the days counted being
 *    the days with a valid daily AQI, the same annual rule applied to them;
 *  - annual means of PM2.5, PM10, SO2, NO2 (arithmetic mean of valid daily means, rounded);
 *  - O3: 90th percentile of the daily maximum 8-hour values; CO: 95th percentile of the daily means
 *    (percentile.ts, HJ 663 附录 A);
 *  - year-on-year: change in µg/m³ (mg/m³ for CO) and in % for concentrations, in 个百分点 for the
 *    good-day ratio.
 * Day index 0 = 1 January (local calendar), 365 or 366 days.
 */
import { POLLUTANTS, type Pollutant } from './breakpoints.js';
import type { DailySeries } from './daily.js';
import { fail } from './errors.js';
import { percentileHj663 } from './percentile.js';
import { roundConcentration, roundHalfEven } from './rounding.js';

export const MIN_DAYS_PER_YEAR = 324;
export const MIN_DAYS_PER_MONTH = 27;
export const MIN_DAYS_FEBRUARY = 25;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
export function daysInYear(y: number): number {
  return isLeapYear(y) ? 366 : 365;
}
/** Days of month m (1…12) of year y. */
export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

export interface AnnualValidity {
  valid: boolean;
  /** valid daily values in the year */
  days: number;
  /** valid daily values per month (index 0 = January) */
  perMonth: number[];
  /** months (1…12) with too few valid days */
  shortMonths: number[];
  /** the year has fewer than 324 valid days */
  shortYear: boolean;
}

/** Annual validity of a daily series (NaN or, for an Int16Array AQI, a negative value = invalid). */
export function annualValidity(year: number, daily: ArrayLike<number>): AnnualValidity {
  const n = daysInYear(year);
  if (daily.length !== n) {
    fail('LENGTH_MISMATCH', `${year} 年应有 ${n} 个日值`, `year ${year} needs ${n} daily values`, { length: daily.length });
  }
  const perMonth: number[] = [];
  let d = 0;
  for (let m = 1; m <= 12; m++) {
    let c = 0;
    for (let i = 0; i < daysInMonth(year, m); i++, d++) {
      const v = daily[d]!;
      if (v === v && v >= 0) c++;
    }
    perMonth.push(c);
  }
  const shortMonths = perMonth
    .map((c, i) => ({ c, m: i + 1 }))
    .filter(({ c, m }) => c < (m === 2 ? MIN_DAYS_FEBRUARY : MIN_DAYS_PER_MONTH))
    .map(({ m }) => m);
  const days = perMonth.reduce((a, b) => a + b, 0);
  const shortYear = days < MIN_DAYS_PER_YEAR;
  return { valid: !shortYear && shortMonths.length === 0, days, perMonth, shortMonths, shortYear };
}

export interface AnnualValue {
  /** null when the annual value is not valid */
  value: number | null;
  validity: AnnualValidity;
}

export interface AnnualStats {
  year: number;
  /** days with a valid daily AQI, good (AQI ≤ 100) days among them */
  validDays: number;
  goodDays: number;
  /** 优良天数比例 in %, one decimal; null when not valid */
  goodRatio: AnnualValue;
  /** days per level 1…6 (index 0 = 优) */
  levelDays: number[];
  pm25: AnnualValue;
  pm10: AnnualValue;
  so2: AnnualValue;
  no2: AnnualValue;
  /** O3 90th percentile of the daily max 8-hour */
  o3_8h_p90: AnnualValue;
  /** CO 95th percentile of the daily means */
  co_p95: AnnualValue;
  /** days each pollutant was 首要污染物 */
  primaryDays: Record<Pollutant, number>;
}

function mean(a: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === v) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}

const LEVEL_MAX = [50, 100, 150, 200, 300];

export function annualStats(year: number, d: DailySeries): AnnualStats {
  const aqiValidity = annualValidity(year, d.aqi);
  let good = 0;
  const levelDays = [0, 0, 0, 0, 0, 0];
  const primaryDays = Object.fromEntries(POLLUTANTS.map((p) => [p, 0])) as Record<Pollutant, number>;
  for (let i = 0; i < d.days; i++) {
    const a = d.aqi[i]!;
    if (a < 0) continue;
    if (a <= 100) good++;
    let l = 0;
    while (l < 5 && a > LEVEL_MAX[l]!) l++;
    levelDays[l]!++;
    const mask = d.primary[i]!;
    if (mask) for (let j = 0; j < POLLUTANTS.length; j++) if ((mask >> j) & 1) primaryDays[POLLUTANTS[j]!]++;
  }
  const valid = aqiValidity.days;
  const of = (a: Float64Array, p: Pollutant, f: (a: Float64Array) => number): AnnualValue => {
    const validity = annualValidity(year, a);
    return { value: validity.valid ? roundConcentration(p, f(a)) : null, validity };
  };
  return {
    year,
    validDays: valid,
    goodDays: good,
    goodRatio: {
      value: aqiValidity.valid && valid > 0 ? roundHalfEven((good / valid) * 100, 1) : null,
      validity: aqiValidity,
    },
    levelDays,
    pm25: of(d.pm25, 'pm25', mean),
    pm10: of(d.pm10, 'pm10', mean),
    so2: of(d.so2, 'so2', mean),
    no2: of(d.no2, 'no2', mean),
    o3_8h_p90: of(d.o3_8h, 'o3', (a) => percentileHj663(a, 90)),
    co_p95: of(d.co, 'co', (a) => percentileHj663(a, 95)),
    primaryDays,
  };
}

export interface Change {
  /** current − previous (µg/m³, mg/m³ for CO, 个百分点 for a ratio); null if either is invalid */
  delta: number | null;
  /** relative change in % (one decimal); null if either is invalid or previous is 0 */
  pct: number | null;
}

/** Year-on-year change of two annual values (delta rounded to `digits`). */
export function yearOnYear(current: number | null, previous: number | null, digits = 1): Change {
  if (current == null || previous == null) return { delta: null, pct: null };
  return {
    delta: roundHalfEven(current - previous, digits),
    pct: previous === 0 ? null : roundHalfEven(((current - previous) / previous) * 100, 1),
  };
}
