/**
 * Year-end forecast of a cumulative indicator by the seasonal share method (季节比例法):
 *   share(m) = mean over past years of C_y(m) / C_y(12)    (see progress.ts)
 *   forecast  F = A(m) / share(m)                           A(m) the year's cumulative to month m
 * Error on past years (leave-one-year-out): for each usable past year y, forecast its own total from
 * C_y(m) with the shares of the other years, e_y = F_y / C_y(12) − 1. The interval turns the
 * extreme errors around: [F / (1 + max e), F / (1 + min e)] — the range the true total would have
 * had if this year erred like the worst past years. Mean absolute error MAPE = mean |e_y|.
 * Needed per remaining month = (T − A(m)) / (12 − m).
 * Source: standard seasonal-ratio forecasting (e.g. 统计预测 季节指数法); LOO as in cross-validation.
 */
import { checkMonth, fail } from './errors.js';
import { yearShares, type CumulativeYear, type Shares } from './progress.js';

export interface Forecast {
  method: 'seasonal-share';
  point: number;
  low: number;
  high: number;
  /** the share of the annual total reached by this month in past years (mean) */
  share: number;
  /** the past years' leave-one-out relative errors, in history order of the usable years */
  errors: { index: number; error: number }[];
  /** mean absolute leave-one-out error, null with fewer than two usable years */
  mape: number | null;
}

export function seasonalForecast(history: CumulativeYear[], actualToDate: number, month: number): Forecast {
  checkMonth(month);
  const usable = history.map((y, index) => ({ index, shares: yearShares(y), total: y[11] as number })).filter((u) => u.shares !== null) as {
    index: number;
    shares: Shares;
    total: number;
  }[];
  if (usable.length === 0)
    fail(
      'NOT_ENOUGH_HISTORY',
      '没有完整的往年月度累计数据，无法预测全年',
      'No complete past year of monthly cumulative values to forecast from',
      {
        years: history.length,
      },
    );
  const m = month - 1;
  const share = usable.reduce((s, u) => s + u.shares[m], 0) / usable.length;
  if (!(share > 0)) fail('NOT_ENOUGH_HISTORY', '往年该月累计占比为 0，无法预测', 'The past years’ share by this month is 0', { month });
  const point = actualToDate / share;
  const errors: { index: number; error: number }[] = [];
  if (usable.length >= 2) {
    for (const u of usable) {
      const others = usable.filter((o) => o !== u);
      const s = others.reduce((a, o) => a + o.shares[m], 0) / others.length;
      const f = (u.shares[m] * u.total) / s;
      errors.push({ index: u.index, error: f / u.total - 1 });
    }
  }
  const es = errors.map((e) => e.error);
  const low = es.length ? point / (1 + Math.max(...es)) : point;
  const high = es.length ? point / (1 + Math.min(...es)) : point;
  const mape = es.length ? es.reduce((a, e) => a + Math.abs(e), 0) / es.length : null;
  return { method: 'seasonal-share', point, low, high, share, errors, mape };
}

/** What each remaining month must add to still reach the target; null in December (nothing remains). */
export function neededPerRemainingMonth(target: number, actualToDate: number, month: number): number | null {
  checkMonth(month);
  if (month === 12) return null;
  return Math.max(0, target - actualToDate) / (12 - month);
}
