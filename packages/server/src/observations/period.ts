/**
 * Reporting periods in canonical text form: `2024` (year), `2024-Q1` (quarter), `2024-03` (month).
 * Parsing accepts what Chinese spreadsheets contain: 2024年, 2024年3月, 2024年第一季度, 2024Q1,
 * 202403, 2024/3, and Excel date cells. The canonical form sorts correctly as text within a frequency.
 */
import type { Frequency } from '../indicators/schema.js';

export type PeriodProblem = 'format' | 'frequency' | 'range';
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

/** Recognises the period's own frequency from its text, without checking it against an indicator. */
export function readPeriod(raw: unknown): ParsedPeriod | null {
  if (raw instanceof Date && !Number.isNaN(raw.getTime())) {
    return canonical(raw.getUTCFullYear(), 'month', raw.getUTCMonth() + 1);
  }
  if (typeof raw === 'number') raw = Number.isInteger(raw) ? String(raw) : '';
  if (typeof raw !== 'string') return null;
  const s = raw.trim().replace(/\s+/g, '').toUpperCase();
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
  return null;
}

/** Parses a period for an indicator of the given frequency and checks it is not in the future. */
export function parsePeriod(raw: unknown, frequency: Frequency, today = new Date()): ParsedPeriod | PeriodProblem {
  let parsed = readPeriod(raw);
  if (!parsed) return 'format';
  // Excel turns "2024" typed in a date-formatted cell into 2024-01-01: accept it as a year.
  if (raw instanceof Date && frequency === 'year' && parsed.period.endsWith('-01')) {
    parsed = canonical(Number(parsed.period.slice(0, 4)), 'year');
  }
  if (parsed.frequency !== frequency) return 'frequency';
  const year = Number(parsed.period.slice(0, 4));
  const todayIso = today.toISOString().slice(0, 10);
  if (year < EARLIEST_YEAR || parsed.start > todayIso) return 'range';
  return parsed;
}

/** First day after the period, for range filters. */
export function periodEnd(p: ParsedPeriod): string {
  const year = Number(p.start.slice(0, 4));
  const month = Number(p.start.slice(5, 7));
  const months = p.frequency === 'year' ? 12 : p.frequency === 'quarter' ? 3 : 1;
  const total = year * 12 + (month - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}
