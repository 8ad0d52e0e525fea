/**
 * Instants as officials read them: Asia/Shanghai wall-clock time in the `yyyy-MM-dd HH:mm:ss` form
 * Chinese government systems use, whatever the browser's own time zone. The API and exports keep
 * ISO 8601 with an offset; only the screen is local.
 */
const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-12-03T13:27:15.438Z` → `2026-12-03 21:27:15`; `minutes` drops the seconds. */
export function formatTime(instant: string | Date | null | undefined, precision: 'seconds' | 'minutes' = 'seconds'): string {
  if (instant === null || instant === undefined || instant === '') return '—';
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  const part = Object.fromEntries(SHANGHAI.formatToParts(date).map((p) => [p.type, p.value]));
  const time = `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
  return precision === 'minutes' ? time : `${time}:${part.second}`;
}
