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

/**
 * The parts of a 公文's date line (GB/T 9704-2012 7.3.5.1: Arabic numerals, no leading zeros) in
 * Asia/Shanghai, for the `print.date` message: `2026年12月7日`, `7 December 2026`.
 */
export function documentDateParts(instant: string | Date): { y: number; m: number; d: number; month: string } {
  const date = instant instanceof Date ? instant : new Date(instant);
  const part = Object.fromEntries(SHANGHAI.formatToParts(date).map((p) => [p.type, p.value]));
  const [y, m, d] = [Number(part.year), Number(part.month), Number(part.day)];
  const month = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  return { y, m, d, month };
}
