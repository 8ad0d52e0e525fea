/**
 * Working-time calendar of a Chinese government office, in Asia/Shanghai (UTC+8, no daylight
 * saving since 1991, so local time = UTC + 8 h exactly).
 *
 * A day is a working day when it is a 调休 make-up working day (国务院办公厅 annual notice on
 * holiday arrangements: a Saturday or Sunday declared a working day), or when it is Monday–Friday
 * and not a statutory holiday (《全国年节及纪念日放假办法》 as arranged by the same notice).
 * Make-up days win over holidays and weekends; holidays win over weekdays.
 * Working time of a working day is its daily schedule, e.g. 08:30–12:00 and 13:30–17:30
 * (7.5 working hours); outside the schedule the clock stops.
 *
 * Deadlines (stage time limits of GB/T 30428-style 数字城管 work: 工作时 / 工作日 / 自然日):
 *  - N 工作时: the instant after N working hours of schedule time counted from t;
 *  - N 工作日: the end of the schedule of the N-th working day after the local day of t
 *    (the day of receipt is not counted, "次日起算");
 *  - N 自然日: t + N × 24 h.
 * Elapsed working time between two instants is the schedule time between them; share used is
 * elapsed / allowed (working minutes for 工作时 and 工作日, real time for 自然日).
 */
import { fail } from './errors.js';

export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** Guard on day-by-day walks: ten years without working time means a broken calendar. */
const MAX_DAYS = 3660;

/** One span of the daily schedule, minutes after local midnight, start < end. */
export interface ScheduleSpan {
  start: number;
  end: number;
}

export interface WorkCalendar {
  /** Ordered, non-overlapping spans of every working day. */
  schedule: readonly ScheduleSpan[];
  /** Statutory holidays (放假日), local dates 'YYYY-MM-DD'. */
  holidays: ReadonlySet<string>;
  /** 调休 make-up working days, local dates 'YYYY-MM-DD'. */
  makeupWorkdays: ReadonlySet<string>;
}

export type DeadlineUnit = 'work_hours' | 'work_days' | 'natural_days';

/** '08:30' → 510. */
export function parseClock(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) {
    fail('INVALID_ARGUMENT', `时刻格式应为 HH:MM：${text}`, `a clock time must be HH:MM: ${text}`, { text });
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

/** A calendar from plain data: spans as 'HH:MM' pairs and date lists. */
export function makeCalendar(input: {
  schedule: readonly (readonly [string, string])[];
  holidays?: Iterable<string>;
  makeupWorkdays?: Iterable<string>;
}): WorkCalendar {
  const schedule = input.schedule.map(([a, b]) => ({ start: parseClock(a), end: parseClock(b) }));
  schedule.forEach((s, i) => {
    if (!(s.start < s.end) || (i > 0 && schedule[i - 1]!.end > s.start)) {
      fail('INVALID_ARGUMENT', '作息时段须有序且不重叠', 'schedule spans must be ordered and not overlap', { index: i });
    }
  });
  return { schedule, holidays: new Set(input.holidays ?? []), makeupWorkdays: new Set(input.makeupWorkdays ?? []) };
}

/** The usual county office schedule, 08:30–12:00 and 13:30–17:30. */
export const DEFAULT_SCHEDULE: readonly (readonly [string, string])[] = [
  ['08:30', '12:00'],
  ['13:30', '17:30'],
];

/** Local day number (days since 1970-01-01 in Shanghai) of an instant. */
export function localDay(instantMs: number): number {
  return Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** 'YYYY-MM-DD' of a local day number. */
export function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of local minute `minute` of local day `day`. */
function instantOf(day: number, minute: number): number {
  return day * DAY_MS + minute * 60_000 - SHANGHAI_OFFSET_MS;
}

/** Whether a local day ('YYYY-MM-DD' or day number) is a working day. */
export function isWorkingDay(cal: WorkCalendar, day: number | string): boolean {
  const key = typeof day === 'string' ? day : dayKey(day);
  if (cal.makeupWorkdays.has(key)) return true;
  if (cal.holidays.has(key)) return false;
  const n = typeof day === 'number' ? day : Math.floor(Date.parse(`${key}T00:00:00Z`) / DAY_MS);
  const weekday = (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday >= 1 && weekday <= 5;
}

function checkCalendar(cal: WorkCalendar): void {
  if (cal.schedule.length === 0) {
    fail('NO_WORKING_TIME', '作息时间表为空', 'the daily schedule is empty');
  }
}

function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) fail('INVALID_ARGUMENT', `${name} 须为有限数`, `${name} must be finite`, { [name]: value });
}

/** The instant after `minutes` working minutes counted from `startMs`. */
export function addWorkingMinutes(cal: WorkCalendar, startMs: number, minutes: number): number {
  checkCalendar(cal);
  checkFinite('startMs', startMs);
  checkFinite('minutes', minutes);
  if (minutes < 0) fail('INVALID_ARGUMENT', '工作时长不能为负', 'working time must not be negative', { minutes });
  let left = minutes;
  const first = localDay(startMs);
  for (let day = first; day < first + MAX_DAYS; day++) {
    if (!isWorkingDay(cal, day)) continue;
    for (const span of cal.schedule) {
      const from = Math.max(instantOf(day, span.start), startMs);
      const to = instantOf(day, span.end);
      if (to <= from) continue;
      const available = (to - from) / 60_000;
      if (left <= available) return from + left * 60_000;
      left -= available;
    }
  }
  return fail('NO_WORKING_TIME', '十年内没有足够的工作时间', 'no working time within ten years', { startMs, minutes });
}

/** Working minutes between two instants (0 when `toMs` ≤ `fromMs`). */
export function workingMinutesBetween(cal: WorkCalendar, fromMs: number, toMs: number): number {
  checkCalendar(cal);
  checkFinite('fromMs', fromMs);
  checkFinite('toMs', toMs);
  if (toMs <= fromMs) return 0;
  let total = 0;
  const last = localDay(toMs);
  const first = localDay(fromMs);
  if (last - first > MAX_DAYS * 3) {
    fail('INVALID_ARGUMENT', '时间跨度过大', 'the span is too long', { fromMs, toMs });
  }
  for (let day = first; day <= last; day++) {
    if (!isWorkingDay(cal, day)) continue;
    for (const span of cal.schedule) {
      const a = Math.max(instantOf(day, span.start), fromMs);
      const b = Math.min(instantOf(day, span.end), toMs);
      if (b > a) total += (b - a) / 60_000;
    }
  }
  return total;
}

/** End of the schedule of the `n`-th working day after the local day of `startMs` (n ≥ 1). */
export function addWorkingDays(cal: WorkCalendar, startMs: number, n: number): number {
  checkCalendar(cal);
  checkFinite('startMs', startMs);
  if (!Number.isInteger(n) || n < 0) {
    fail('INVALID_ARGUMENT', '工作日数须为非负整数', 'working days must be a non-negative integer', { n });
  }
  const endMinute = cal.schedule[cal.schedule.length - 1]!.end;
  let day = localDay(startMs);
  if (n === 0) return Math.max(startMs, instantOf(day, endMinute));
  let counted = 0;
  for (let i = 0; i < MAX_DAYS; i++) {
    day++;
    if (isWorkingDay(cal, day) && ++counted === n) return instantOf(day, endMinute);
  }
  return fail('NO_WORKING_TIME', '十年内没有足够的工作日', 'not enough working days within ten years', { startMs, n });
}

/** t + n natural days. */
export function addNaturalDays(startMs: number, n: number): number {
  checkFinite('startMs', startMs);
  checkFinite('n', n);
  return startMs + n * DAY_MS;
}

/** The due instant of a stage limit of `amount` units starting at `startMs`. */
export function dueAt(cal: WorkCalendar, startMs: number, amount: number, unit: DeadlineUnit): number {
  switch (unit) {
    case 'work_hours':
      return addWorkingMinutes(cal, startMs, amount * 60);
    case 'work_days':
      return addWorkingDays(cal, startMs, amount);
    case 'natural_days':
      return addNaturalDays(startMs, amount);
  }
}

export type DeadlineLevel = 'ok' | 'warning' | 'overdue';

export interface DeadlineStatus {
  /** Elapsed share of the allowed time, 0… (above 1 when overdue). */
  share: number;
  level: DeadlineLevel;
  /** Working minutes (or real minutes for 自然日) used and allowed. */
  usedMinutes: number;
  allowedMinutes: number;
}

/**
 * How much of a deadline is used at `nowMs`: share = used / allowed, `warning` from
 * `warnShare` (default 0.8) on, `overdue` once now is past the due instant.
 */
export function deadlineStatus(
  cal: WorkCalendar,
  d: { startMs: number; dueMs: number; nowMs: number; unit: DeadlineUnit; warnShare?: number },
): DeadlineStatus {
  const warnShare = d.warnShare ?? 0.8;
  const working = d.unit !== 'natural_days';
  const span = (a: number, b: number): number => (working ? workingMinutesBetween(cal, a, b) : Math.max(0, (b - a) / 60_000));
  const allowedMinutes = span(d.startMs, d.dueMs);
  const usedMinutes = span(d.startMs, d.nowMs);
  const overdue = d.nowMs > d.dueMs;
  const share = allowedMinutes > 0 ? usedMinutes / allowedMinutes : overdue ? 1 : 0;
  const level: DeadlineLevel = overdue ? 'overdue' : share >= warnShare ? 'warning' : 'ok';
  return { share, level, usedMinutes, allowedMinutes };
}
