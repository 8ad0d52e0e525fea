/** How the air-quality view shows values: level tag tones, annual values (invalid is a word, never 0), changes. */
type Translate = (key: string, values?: Record<string, unknown>) => string;

export const LEVEL_TONE: Record<number, 'success' | 'warning' | 'danger' | 'info'> = {
  1: 'success',
  2: 'success',
  3: 'warning',
  4: 'danger',
  5: 'danger',
  6: 'danger',
};

export interface AnnualValueLike {
  value: number | null;
  validity: { valid: boolean; days: number; shortMonths: number[]; shortYear: boolean };
}

/** "30 µg/m³", or why the year is not valid (too few days; months short of valid days). */
export function annualText(t: Translate, v: AnnualValueLike, unit: string): string {
  if (v.value !== null) return `${v.value}${unit}`;
  if (v.validity.shortYear) return t('ecology.invalid.year', { days: v.validity.days });
  return t('ecology.invalid.months', { months: v.validity.shortMonths.join('、') });
}

/** "+1.2 个百分点" / "−1 µg/m³ (−2.9%)", or "—" when either year is not valid. */
export function changeText(
  t: Translate,
  c: { delta: number | null; pct: number | null },
  unit: 'points' | 'concentration',
  u = '',
): string {
  if (c.delta === null) return t('ecology.change.none');
  const sign = c.delta > 0 ? '+' : c.delta < 0 ? '−' : '±';
  const abs = Math.abs(c.delta);
  if (unit === 'points') return t('ecology.change.points', { value: `${sign}${abs}` });
  return `${sign}${abs}${u}` + (c.pct === null ? '' : ` (${c.pct > 0 ? '+' : c.pct < 0 ? '−' : '±'}${Math.abs(c.pct)}%)`);
}
