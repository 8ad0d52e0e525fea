/**
 * Reporting periods in canonical text form: `2024` (year), `2024-Q1` (quarter), `2024-03` (month),
 * `2024-03-05` (day, e.g. daily air quality). Parsing accepts what Chinese spreadsheets contain:
 * 2024年, 2024年3月, 2024年3月份, 2024.3, 2024年第一季度, 2024Q1, 202403, 2024/3, 2024年3月5日, 20240305,
 * and Excel date cells; runs of months (2024年1-6月) for the indicators they fit (`parsePeriod`). The canonical form sorts correctly as text within a frequency.
 */
import type { Frequency } from '../indicators/schema.js';

export type PeriodProblem = 'format' | 'frequency' | 'range' | 'span';
export type ParsedPeriod = { period: string; frequency: Frequency; start: string };

export const EARLIEST_YEAR = 1949;

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

function canonical(year: number, frequency: Frequency, sub = 1): ParsedPeriod {
  const y = String(year).padStart(4, '0');
  if (frequency === 'year') return { period: y, frequency, start: `${y}-01-01` };
  if (frequency === 'quarter') {
    return { period: `${y}-Q${sub}`, frequency, start: `${y}-${String((sub - 1) * 3 + 1).padStart(2, '0')}-01` };
  }
  const m = String(sub).padStart(2, '0');
  return { period: `${y}-${m}`, frequency, start: `${y}-${m}-01` };
}

function canonicalDay(year: number, month: number, day: number): ParsedPeriod | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { period: text, frequency: 'day', start: text };
}

/** Recognises the period's own frequency from its text, without checking it against an indicator. */
export function readPeriod(raw: unknown): ParsedPeriod | null {
  if (raw instanceof Date && !Number.isNaN(raw.getTime())) {
    return canonical(raw.getUTCFullYear(), 'month', raw.getUTCMonth() + 1);
  }
  if (typeof raw === 'number') raw = Number.isInteger(raw) ? String(raw) : '';
  if (typeof raw !== 'string') return null;
  const s = raw.trim().replace(/\s+/g, '').toUpperCase().replace(/月份$/, '月');
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})年?$/))) return canonical(+m[1], 'year');
  if ((m = s.match(/^(\d{4})(?:-|\/|\.|年)?(?:第)?Q?([1-4一二三四])(?:季度|季)$/)) || (m = s.match(/^(\d{4})[-/.]?Q([1-4])$/))) {
    const q = CN_DIGITS[m[2]] ?? Number(m[2]);
    return canonical(+m[1], 'quarter', q);
  }
  if ((m = s.match(/^(\d{4})(?:[-/.]|年)(\d{1,2})月?$/)) || (m = s.match(/^(\d{4})(\d{2})$/))) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return canonical(+m[1], 'month', month);
  }
  if ((m = s.match(/^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/)) || (m = s.match(/^(\d{4})(\d{2})(\d{2})$/))) {
    return canonicalDay(+m[1], +m[2], +m[3]);
  }
  return null;
}

/** A run of months of one year as reports title them: 2025年1-6月, 2025年4～6月份, 2025年1至12月. */
export function readMonthSpan(raw: unknown): { year: number; from: number; to: number } | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim().replace(/\s+/g, '');
  const m = s.match(/^(\d{4})年?(\d{1,2})月?[-－~～—–至到](\d{1,2})月份?$/);
  if (!m) return null;
  const [year, from, to] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return from >= 1 && from <= to && to <= 12 ? { year, from, to } : null;
}

/**
 * A run of months as a period of an indicator: 1–12 is the year; 1–N is month N of a cumulative
 * (year-to-date, 累计) monthly indicator, or quarter N/3 of a cumulative quarterly one; the three
 * months of a quarter (4-6月) are that quarter. Anything else ("1-6月" of a monthly point value) does not fit.
 */
function spanPeriod(
  span: { year: number; from: number; to: number },
  frequency: Frequency,
  accumulation: Accumulation,
): ParsedPeriod | null {
  const { year, from, to } = span;
  if (frequency === 'year' && from === 1 && to === 12) return canonical(year, 'year');
  if (frequency === 'month' && accumulation === 'cumulative' && from === 1) return canonical(year, 'month', to);
  if (
    frequency === 'quarter' &&
    to % 3 === 0 &&
    ((accumulation === 'cumulative' && from === 1) || (to - from === 2 && accumulation === 'point'))
  ) {
    return canonical(year, 'quarter', to / 3);
  }
  return null;
}

type Accumulation = 'point' | 'cumulative';

/** Parses a period for an indicator of the given frequency (and accumulation, for runs of months) and checks it is not in the future. */
export function parsePeriod(
  raw: unknown,
  frequency: Frequency,
  today = new Date(),
  accumulation: Accumulation = 'point',
): ParsedPeriod | PeriodProblem {
  let parsed = readPeriod(raw);
  if (!parsed) {
    const span = readMonthSpan(raw);
    if (!span) return 'format';
    parsed = spanPeriod(span, frequency, accumulation);
    if (!parsed) return 'span';
  }
  // Excel turns "2024" typed in a date-formatted cell into 2024-01-01: accept it as a year.
  if (raw instanceof Date && frequency === 'year' && parsed.period.endsWith('-01')) {
    parsed = canonical(Number(parsed.period.slice(0, 4)), 'year');
  }
  // A date cell read for a daily indicator is that day, not its month.
  if (raw instanceof Date && frequency === 'day') {
    parsed = canonicalDay(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate())!;
  }
  if (parsed.frequency !== frequency) return 'frequency';
  const year = Number(parsed.period.slice(0, 4));
  const todayIso = today.toISOString().slice(0, 10);
  if (year < EARLIEST_YEAR || parsed.start > todayIso) return 'range';
  return parsed;
}

/** First day after the period, for range filters. */
export function periodEnd(p: ParsedPeriod): string {
  if (p.frequency === 'day') return shiftDay(p.start, 1);
  const year = Number(p.start.slice(0, 4));
  const month = Number(p.start.slice(5, 7));
  const months = p.frequency === 'year' ? 12 : p.frequency === 'quarter' ? 3 : 1;
  const total = year * 12 + (month - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** The period `steps` periods after (negative: before) `p`, in the same frequency. */
export function shiftPeriod(p: ParsedPeriod, steps: number): ParsedPeriod {
  const year = Number(p.period.slice(0, 4));
  if (p.frequency === 'year') return canonical(year + steps, 'year');
  if (p.frequency === 'day') return canonicalDay(...dayParts(shiftDay(p.start, steps)))!;
  if (p.frequency === 'quarter') {
    const total = year * 4 + Number(p.period.slice(6)) - 1 + steps;
    return canonical(Math.floor(total / 4), 'quarter', (total % 4) + 1);
  }
  const total = year * 12 + Number(p.period.slice(5, 7)) - 1 + steps;
  return canonical(Math.floor(total / 12), 'month', (total % 12) + 1);
}

/** The period just before: 2024 → 2023, 2024-Q1 → 2023-Q4, 2024-01 → 2023-12, 2024-03-01 → 2024-02-29. */
export const previousPeriod = (p: ParsedPeriod): ParsedPeriod => shiftPeriod(p, -1);

/**
 * The same period one year earlier (同比): 2024-Q2 → 2023-Q2, 2024-03 → 2023-03, 2024-03-05 →
 * 2023-03-05. A leap day has no twin and maps to 28 February.
 */
export function samePeriodLastYear(p: ParsedPeriod): ParsedPeriod {
  if (p.frequency !== 'day') return shiftPeriod(p, p.frequency === 'year' ? -1 : p.frequency === 'quarter' ? -4 : -12);
  const [year, month, day] = dayParts(p.start);
  return canonicalDay(year - 1, month, month === 2 && day === 29 ? 28 : day)!;
}

const dayParts = (iso: string): [number, number, number] => [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];

function shiftDay(iso: string, days: number): string {
  const [year, month, day] = dayParts(iso);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
