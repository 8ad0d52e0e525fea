/**
 * The district's working-time calendar, shared by every module that counts 工作日 or working
 * minutes (event stage deadlines, enforcement filing and closing limits): the office schedule in
 * event_setting and the holidays and 调休 working days in event_calendar_day, built by the
 * engine's calendar. One query, so the modules cannot disagree about what a working day is.
 */
import { makeCalendar, type WorkCalendar } from '@gongfu/engine/calendar';
import { sql } from 'drizzle-orm';
import { one, rows, type Db } from '../db/store.js';

export async function workCalendarUnscoped(db: Db): Promise<WorkCalendar> {
  const s = await one<{ schedule: [string, string][] }>(db, sql`select schedule from event_setting`);
  const days = await rows<{ day: string; kind: string }>(db, sql`select to_char(day, 'YYYY-MM-DD') as day, kind from event_calendar_day`);
  return makeCalendar({
    schedule: s!.schedule,
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
    makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
  });
}
