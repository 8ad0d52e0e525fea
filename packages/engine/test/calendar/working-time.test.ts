import { describe, expect, it } from 'vitest';
import {
  addNaturalDays,
  addWorkingDays,
  addWorkingMinutes,
  CalendarError,
  deadlineStatus,
  DEFAULT_SCHEDULE,
  dueAt,
  isWorkingDay,
  makeCalendar,
  workingMinutesBetween,
} from '@gongfu/engine/calendar';

// 2026 劳动节 as published (国办发明电〔2025〕7号): 5月1日–5日 放假, 5月9日（星期六）上班.
const cal = makeCalendar({
  schedule: DEFAULT_SCHEDULE,
  holidays: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
  makeupWorkdays: ['2026-05-09'],
});
/** A Shanghai local time as an instant. */
const sh = (local: string): number => Date.parse(`${local}:00+08:00`);
const iso = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('working days', () => {
  it('weekdays work, weekends rest, holidays rest, a 调休 Saturday works', () => {
    expect(isWorkingDay(cal, '2026-03-06')).toBe(true); // Friday
    expect(isWorkingDay(cal, '2026-03-07')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2026-03-08')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2026-05-04')).toBe(false); // Monday, 劳动节
    expect(isWorkingDay(cal, '2026-05-09')).toBe(true); // Saturday, 调休
  });
});

describe('N 工作时', () => {
  it('across a weekend: Fri 16:00 + 4 h = Mon 11:00 (90 min Fri, 150 min Mon)', () => {
    expect(iso(addWorkingMinutes(cal, sh('2026-03-06T16:00'), 240))).toBe('2026-03-09 11:00');
  });
  it('across the lunch break: 11:30 + 1 h = 14:00', () => {
    expect(iso(addWorkingMinutes(cal, sh('2026-03-09T11:30'), 60))).toBe('2026-03-09 14:00');
  });
  it('across a statutory holiday: Thu 30 Apr 17:00 + 2 h = Wed 6 May 10:00', () => {
    expect(iso(dueAt(cal, sh('2026-04-30T17:00'), 2, 'work_hours'))).toBe('2026-05-06 10:00');
  });
  it('onto a 调休 Saturday: Fri 8 May 17:00 + 1 h = Sat 9 May 09:00', () => {
    expect(iso(dueAt(cal, sh('2026-05-08T17:00'), 1, 'work_hours'))).toBe('2026-05-09 09:00');
  });
  it('a start outside the schedule counts from the next span: Sat 10:00 + 1 h = Mon 09:30', () => {
    expect(iso(addWorkingMinutes(cal, sh('2026-03-07T10:00'), 60))).toBe('2026-03-09 09:30');
  });
  it('elapsed working time over a 调休 weekend: Fri 16:00 → Mon 10:00 = 90 + 450 + 0 + 90', () => {
    expect(workingMinutesBetween(cal, sh('2026-05-08T16:00'), sh('2026-05-11T10:00'))).toBe(630);
  });
});

describe('N 工作日 and 自然日', () => {
  it('3 工作日 from Thu 30 Apr skips the holiday: ends Fri 8 May 17:30', () => {
    expect(iso(addWorkingDays(cal, sh('2026-04-30T10:00'), 3))).toBe('2026-05-08 17:30');
  });
  it('the 4th counts the 调休 Saturday: Sat 9 May 17:30', () => {
    expect(iso(dueAt(cal, sh('2026-04-30T10:00'), 4, 'work_days'))).toBe('2026-05-09 17:30');
  });
  it('a weekend: 1 工作日 from Fri 6 Mar is Mon 9 Mar 17:30', () => {
    expect(iso(addWorkingDays(cal, sh('2026-03-06T09:00'), 1))).toBe('2026-03-09 17:30');
  });
  it('自然日 ignore the calendar', () => {
    expect(iso(addNaturalDays(sh('2026-04-30T10:00'), 3))).toBe('2026-05-03 10:00');
  });
});

describe('share used', () => {
  // 10 工作时 from Mon 08:30: 450 min Monday, 150 min Tuesday → due Tue 11:00
  const startMs = sh('2026-03-09T08:30');
  const dueMs = dueAt(cal, startMs, 10, 'work_hours');
  it('due Tue 11:00', () => expect(iso(dueMs)).toBe('2026-03-10 11:00'));
  it('Mon 17:00: 420/600 = 70 % → ok', () => {
    const s = deadlineStatus(cal, { startMs, dueMs, nowMs: sh('2026-03-09T17:00'), unit: 'work_hours' });
    expect(s).toEqual({ share: 0.7, level: 'ok', usedMinutes: 420, allowedMinutes: 600 });
  });
  it('overnight does not count: Tue 09:30 = 510/600 = 85 % → warning', () => {
    const s = deadlineStatus(cal, { startMs, dueMs, nowMs: sh('2026-03-10T09:30'), unit: 'work_hours' });
    expect(s.share).toBeCloseTo(0.85, 10);
    expect(s.level).toBe('warning');
  });
  it('past due → overdue', () => {
    const s = deadlineStatus(cal, { startMs, dueMs, nowMs: sh('2026-03-10T11:01'), unit: 'work_hours' });
    expect(s.level).toBe('overdue');
  });
});

describe('bad input', () => {
  it('an empty schedule is refused', () => {
    expect(() => addWorkingMinutes(makeCalendar({ schedule: [] }), 0, 60)).toThrow(CalendarError);
  });
  it('overlapping spans are refused', () => {
    expect(() =>
      makeCalendar({
        schedule: [
          ['08:30', '12:00'],
          ['11:00', '17:00'],
        ],
      }),
    ).toThrow(CalendarError);
  });
  it('negative working time is refused', () => {
    expect(() => addWorkingMinutes(cal, 0, -1)).toThrow(CalendarError);
  });
});
