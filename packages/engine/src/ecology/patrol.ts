/**
 * 河长制 patrol completion rate.
 *
 * A chief of level L must patrol at least once every `periodDays(L)` days (巡河频次: the rule table
 * eco_patrol_rule; defaults 县级 monthly → 30, 乡级 every ten days → 10, 村级 weekly → 7, after
 * 《浙江省河长制规定》(2017) — a configurable assumption, the county's 河长办 document decides).
 *
 * Over the days [from, to] (inclusive, dates as day numbers) the span is cut from `from` into
 * consecutive periods of `periodDays` days; the last period may be shorter and still counts.
 *   expected = ceil(days / periodDays)
 *   done     = number of periods holding at least one patrol (extra patrols in a period do not count twice)
 *   rate     = done / expected × 100 (%)
 * A group's rate (a town, the district) is Σ done / Σ expected over its chiefs — not the mean of rates.
 */
import { fail } from './errors.js';

export interface PatrolTally {
  expected: number;
  done: number;
  /** percent, null when nothing was expected */
  rate: number | null;
}

/** `patrolDays` are day numbers (e.g. days since 1970-01-01) of the chief's patrols; others outside [from, to] are ignored. */
export function patrolCompletion(patrolDays: readonly number[], from: number, to: number, periodDays: number): PatrolTally {
  if (!Number.isInteger(periodDays) || periodDays < 1)
    fail('INVALID_ARGUMENT', `巡河周期须为正整数天：${periodDays}`, `the patrol period must be a whole number of days: ${periodDays}`);
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from)
    fail('INVALID_ARGUMENT', '统计区间无效', `the span ${from}–${to} is not valid`);
  const days = to - from + 1;
  const expected = Math.ceil(days / periodDays);
  const hit = new Uint8Array(expected);
  for (const d of patrolDays) {
    if (d < from || d > to) continue;
    hit[Math.floor((d - from) / periodDays)] = 1;
  }
  let done = 0;
  for (const h of hit) done += h;
  return { expected, done, rate: rateOf(done, expected) };
}

/** Σ done / Σ expected of several tallies. */
export function sumPatrolTallies(tallies: readonly PatrolTally[]): PatrolTally {
  let expected = 0;
  let done = 0;
  for (const t of tallies) {
    expected += t.expected;
    done += t.done;
  }
  return { expected, done, rate: rateOf(done, expected) };
}

const rateOf = (done: number, expected: number) => (expected === 0 ? null : Math.round((done / expected) * 1000) / 10);
