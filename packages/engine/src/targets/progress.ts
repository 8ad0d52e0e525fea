/**
 * Expected progress (序时进度) of an annual target: the share of the year's task that should be
 * done by the end of each month.
 *
 * - straight (时间过半、任务过半): share(m) = m / 12.
 * - seasonal: share(m) = mean over past years y of C_y(m) / C_y(12), where C_y is the indicator's
 *   own cumulative (累计) monthly history of year y (the share of the annual total reached by
 *   month m in past years). Years with a missing month or a non-positive annual total are skipped.
 * - entered: the twelve shares as the office entered them (checked non-decreasing, last = 1).
 *
 * Expected value by month m: cumulative targets  E(m) = T · share(m);
 * point-in-time targets (a level at a date)        E(m) = B + (T − B) · share(m), B the base value.
 * Source: 统计局 月度累计进度 practice ("时间过半、任务过半"); seasonal shares as in 季节比例法.
 */
import { checkMonth, fail } from './errors.js';

export type PlanMethod = 'straight' | 'seasonal' | 'entered';

/** Twelve shares, share[0] for January … share[11] = 1 for December. */
export type Shares = number[];

export function straightShares(): Shares {
  return Array.from({ length: 12 }, (_, i) => (i + 1) / 12);
}

/** One past year's cumulative values by month (index 0 = January); null where missing. */
export type CumulativeYear = (number | null)[];

/** Share of a year's total by month of one year, or null when the year is unusable. */
export function yearShares(year: CumulativeYear): Shares | null {
  if (year.length !== 12 || year.some((v) => v === null || !Number.isFinite(v))) return null;
  const total = year[11] as number;
  if (!(total > 0)) return null;
  return year.map((v) => (v as number) / total);
}

/** Mean share by month over the usable past years; NOT_ENOUGH_HISTORY when none is usable. */
export function seasonalShares(history: CumulativeYear[]): Shares {
  const usable = history.map(yearShares).filter((s): s is Shares => s !== null);
  if (usable.length === 0)
    fail(
      'NOT_ENOUGH_HISTORY',
      '没有完整的往年月度累计数据，无法计算季节进度',
      'No complete past year of monthly cumulative values for a seasonal plan',
      {
        years: history.length,
      },
    );
  return Array.from({ length: 12 }, (_, m) => usable.reduce((s, y) => s + y[m], 0) / usable.length);
}

/** Entered shares: twelve numbers, non-decreasing, in [0, 1], December = 1. */
export function enteredShares(shares: number[]): Shares {
  if (shares.length !== 12)
    fail('INVALID_ARGUMENT', '计划进度须有 12 个月', 'An entered plan needs 12 monthly shares', { length: shares.length });
  shares.forEach((s, i) => {
    if (!Number.isFinite(s) || s < 0 || s > 1 || (i > 0 && s < shares[i - 1]))
      fail(
        'INVALID_ARGUMENT',
        `第 ${i + 1} 月计划进度须在 0–1 之间且不小于上月`,
        `Month ${i + 1}: a share in [0, 1], not below the month before`,
        {
          month: i + 1,
          share: s,
        },
      );
  });
  if (Math.abs(shares[11] - 1) > 1e-9)
    fail('INVALID_ARGUMENT', '12 月计划进度须为 100%', 'December’s share must be 1', { share: shares[11] });
  return shares.slice();
}

export interface ExpectedInput {
  accumulation: 'cumulative' | 'point';
  /** the annual target value */
  target: number;
  /** base value (point-in-time targets start from it); ignored for cumulative targets */
  base?: number;
  shares: Shares;
  month: number;
}

/** The expected value at the end of `month`. */
export function expectedValue(i: ExpectedInput): number {
  checkMonth(i.month);
  const s = i.shares[i.month - 1];
  if (i.accumulation === 'cumulative') return i.target * s;
  return (i.base ?? 0) + (i.target - (i.base ?? 0)) * s;
}
