/**
 * Indicators of the event closed loop for a period [from, to), evaluated as of `asOf` (default
 * `to`), each with its numerator and an explicit denominator (the Keqiao/Shaoxing 基层治理 assessment
 * usage; 数字城管 evaluation, GB/T 30428.4 按期处置率 / 结案率). Population P = cases 立案 (filed) in
 * the period. "By asOf" means at or before asOf.
 *
 *  - 按期处置率 = 按期处置数 / 应处置数
 *      应处置数: cases in P whose handling deadline has passed by asOf or that were handled by asOf;
 *      按期处置数: of those, handled (the 反馈 that passed the check, else the latest 反馈) by asOf
 *      and no later than the handling deadline.
 *  - 结案率 = 结案数 / 应结案数; 按期结案率 = 按期结案数 / 应结案数
 *      应结案数: cases in P whose closing deadline has passed by asOf or that were closed by asOf;
 *      结案数: of those, closed by asOf; 按期结案数: closed by asOf and no later than the closing deadline.
 *  - 返工率 = 返工案件数 / 核查案件数: cases in P reworked at least once / cases in P checked at least once.
 *  - 延期率 = 延期案件数 / 派遣案件数: cases in P with an approved extension / cases in P dispatched.
 *  - 准确派遣率 = 准确派遣数 / 派遣总数: every 派遣 and 改派 of the cases in P is one dispatch; a dispatch is
 *      inaccurate when it was sent back (回退) or re-dispatched (改派) afterwards; 准确派遣数 = dispatches − inaccurate.
 *  - 满意率 = 满意数 / 已评价数: cases in P evaluated (回访/评价 with a rating 1–5) / of those rated 4 or 5
 *      (满意 and 基本满意; the 12345 回访 scale: 5 满意, 4 基本满意, 3 一般, 2 不满意, 1 很不满意).
 *  - 超期未处置数 (a count, no denominator): cases filed by asOf (any period), not 挂账, not
 *    handled by asOf, whose handling deadline is before asOf.
 * A rate with a zero denominator is null (not 0 and not 100 %).
 */

export interface IndicatorCase {
  unit: string | null;
  town: string;
  category: string;
  filedAt: number | null;
  dispatched: boolean;
  handleDueAt: number | null;
  handledAt: number | null;
  closeDueAt: number | null;
  closedAt: number | null;
  checked: boolean;
  reworked: boolean;
  extended: boolean;
  parked: boolean;
  /** 派遣 + 改派 of this case, and how many of them were sent back or re-dispatched. */
  dispatches: number;
  misdispatches: number;
  /** The 评价 rating 1–5, null when not evaluated. */
  rating: number | null;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when the denominator is 0. */
  rate: number | null;
}

export interface EventIndicators {
  cases: number;
  onTimeHandling: Ratio;
  closure: Ratio;
  onTimeClosure: Ratio;
  rework: Ratio;
  extension: Ratio;
  accurateDispatch: Ratio;
  satisfaction: Ratio;
  overdueUnhandled: number;
}

export type IndicatorGroup = 'all' | 'unit' | 'town' | 'category';

const ratio = (numerator: number, denominator: number): Ratio => ({
  numerator,
  denominator,
  rate: denominator > 0 ? numerator / denominator : null,
});

const by = (t: number | null, asOf: number): t is number => t !== null && t <= asOf;

/** Running counts of one group: a typed array, so one pass over a million cases allocates nothing per case. */
const N = 0,
  DUE_HANDLE = 1,
  ON_TIME_HANDLE = 2,
  DUE_CLOSE = 3,
  CLOSED = 4,
  ON_TIME_CLOSE = 5,
  CHECKED = 6,
  REWORKED = 7,
  DISPATCHED = 8,
  EXTENDED = 9,
  OVERDUE = 10,
  DISPATCHES = 11,
  ACCURATE = 12,
  RATED = 13,
  SATISFIED = 14,
  COUNTS = 15;

/** A rating at or above this is 满意 (5) or 基本满意 (4). */
export const SATISFIED_RATING = 4;

function count(a: Float64Array, c: IndicatorCase, from: number, to: number, asOf: number): void {
  if (c.filedAt !== null && c.filedAt <= asOf && !c.parked && !by(c.handledAt, asOf)) {
    if (c.handleDueAt !== null && c.handleDueAt < asOf) a[OVERDUE]++;
  }
  if (c.filedAt === null || c.filedAt < from || c.filedAt >= to) return;
  a[N]++;
  const handled = by(c.handledAt, asOf);
  if (handled || (c.handleDueAt !== null && c.handleDueAt < asOf)) {
    a[DUE_HANDLE]++;
    if (handled && (c.handleDueAt === null || c.handledAt! <= c.handleDueAt)) a[ON_TIME_HANDLE]++;
  }
  const isClosed = by(c.closedAt, asOf);
  if (isClosed || (c.closeDueAt !== null && c.closeDueAt < asOf)) {
    a[DUE_CLOSE]++;
    if (isClosed) {
      a[CLOSED]++;
      if (c.closeDueAt === null || c.closedAt! <= c.closeDueAt) a[ON_TIME_CLOSE]++;
    }
  }
  if (c.checked) {
    a[CHECKED]++;
    if (c.reworked) a[REWORKED]++;
  }
  if (c.dispatched) {
    a[DISPATCHED]++;
    if (c.extended) a[EXTENDED]++;
  }
  a[DISPATCHES] += c.dispatches;
  a[ACCURATE] += Math.max(0, c.dispatches - c.misdispatches);
  if (c.rating !== null) {
    a[RATED]++;
    if (c.rating >= SATISFIED_RATING) a[SATISFIED]++;
  }
}

const result = (a: Float64Array): EventIndicators => ({
  cases: a[N]!,
  onTimeHandling: ratio(a[ON_TIME_HANDLE]!, a[DUE_HANDLE]!),
  closure: ratio(a[CLOSED]!, a[DUE_CLOSE]!),
  onTimeClosure: ratio(a[ON_TIME_CLOSE]!, a[DUE_CLOSE]!),
  rework: ratio(a[REWORKED]!, a[CHECKED]!),
  extension: ratio(a[EXTENDED]!, a[DISPATCHED]!),
  accurateDispatch: ratio(a[ACCURATE]!, a[DISPATCHES]!),
  satisfaction: ratio(a[SATISFIED]!, a[RATED]!),
  overdueUnhandled: a[OVERDUE]!,
});

/** The indicators of one set of cases (see the header for every definition). */
export function eventIndicators(cases: readonly IndicatorCase[], period: { from: number; to: number; asOf?: number }): EventIndicators {
  const asOf = period.asOf ?? period.to;
  const a = new Float64Array(COUNTS);
  for (const c of cases) count(a, c, period.from, period.to, asOf);
  return result(a);
}

/** The indicators per unit, town or category ('all' gives one row keyed ''); unassigned unit = ''. One pass. */
export function eventIndicatorsBy(
  cases: readonly IndicatorCase[],
  period: { from: number; to: number; asOf?: number },
  group: IndicatorGroup,
): Map<string, EventIndicators> {
  const asOf = period.asOf ?? period.to;
  const groups = new Map<string, Float64Array>();
  for (const c of cases) {
    const key = group === 'all' ? '' : group === 'unit' ? (c.unit ?? '') : group === 'town' ? c.town : c.category;
    let a = groups.get(key);
    if (!a) groups.set(key, (a = new Float64Array(COUNTS)));
    count(a, c, period.from, period.to, asOf);
  }
  const out = new Map<string, EventIndicators>();
  for (const [k, a] of [...groups].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) out.set(k, result(a));
  return out;
}
