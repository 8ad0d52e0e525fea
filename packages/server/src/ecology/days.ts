/**
 * Calendar arithmetic of 生态 in Asia/Shanghai (UTC+8, no daylight saving): a reading's hour is
 * the start of the hour; a day is the local calendar day; day index 0 = 1 January.
 */
export const TZ_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Local date (YYYY-MM-DD) of an instant. */
export const localDate = (ms: number) => new Date(ms + TZ_OFFSET_MS).toISOString().slice(0, 10);
/** Local hour (0…23) of an instant. */
export const localHour = (ms: number) => new Date(ms + TZ_OFFSET_MS).getUTCHours();
/** Instant of local midnight of a date. */
export const midnight = (date: string) => Date.parse(`${date}T00:00:00Z`) - TZ_OFFSET_MS;
/** Index of a local date in its year. */
export const dayOfYear = (date: string) => (Date.parse(`${date}T00:00:00Z`) - Date.UTC(Number(date.slice(0, 4)), 0, 1)) / DAY_MS;
/** The date of day index i of a year. */
export const dateOfDay = (year: number, i: number) => new Date(Date.UTC(year, 0, 1) + i * DAY_MS).toISOString().slice(0, 10);
/** The dates from..to inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
