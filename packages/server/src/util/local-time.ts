/**
 * The county's calendar: a date an official picks (`2026-06-02`) is a day in Asia/Shanghai
 * (UTC+8, no daylight saving since 1991), not in UTC and not in the server's own time zone.
 */
import { z } from 'zod';

const OFFSET = '+08:00';

/** A real calendar date `yyyy-MM-dd` (2026-06-31 is refused). */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-MM-dd')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'no such date');

/** The instants that start and end a day in Asia/Shanghai, as ISO strings in UTC. */
export function shanghaiDay(date: string): { start: string; end: string } {
  const start = new Date(`${date}T00:00:00${OFFSET}`);
  if (Number.isNaN(start.getTime())) throw new RangeError(`not a date: ${date}`);
  return { start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() };
}

/** Today's date in Asia/Shanghai, yyyy-MM-dd. */
export const shanghaiToday = (now = new Date()): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);

/** An instant as Shanghai wall-clock time with its offset, `2026-12-04T09:30:00+08:00`, for exports. */
export function shanghaiIso(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) throw new RangeError(`not a time: ${iso}`);
  return new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + OFFSET;
}
