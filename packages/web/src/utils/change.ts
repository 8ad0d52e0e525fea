/**
 * How a change between two periods is shown, one rule for the cockpit and the assessment pages.
 *
 * - Rates and ratios (unit %, ‰, 'percentage points', or an indicator flagged as a ratio) change in points: the
 *   difference of the two values, in percentage points or per-mille points.
 *   A growth rate that goes from 8.2 % to 4.7 % fell by 3.5 points, not by 42.7 %.
 * - Everything else (amounts, counts, prices) changes relatively: current / previous − 1, in %.
 * - The tone follows the indicator's direction: a fall of a lower-is-better indicator is better.
 *
 * Colour convention (classes in App.vue, used everywhere a change is shown): `tone-better` is the
 * success green, `tone-worse` the danger red, `tone-flat` neutral grey. Red never means good news
 * here, whatever the stock-market habit of red for "up".
 */

export type ChangeTone = 'better' | 'worse' | 'flat';
export type Direction = 'higher' | 'lower';

export interface ChangeSubject {
  unit?: string | null;
  direction?: Direction | null;
  /** a ratio without a % unit whose change should still be read in points */
  ratio?: boolean;
}

export interface Change {
  /** `points`: a difference in the indicator's own unit (percentage or per-mille points); `relative`: a fraction, 0.1 = +10 % */
  kind: 'relative' | 'points';
  /** the difference (points) or the relative change as a fraction (relative) */
  value: number;
  /** i18n key of the text, with `{value}` the signed number */
  key: 'change.relative' | 'change.points' | 'change.permillePoints';
  /** the signed number, e.g. "+10.9" or "−3.5" */
  signed: string;
  tone: ChangeTone;
}

const POINT_UNITS = new Map<string, Change['key']>([
  ['%', 'change.points'],
  ['％', 'change.points'],
  ['\u767e\u5206\u70b9', 'change.points'], // the unit 'percentage points' written in Chinese
  ['\u4e2a\u767e\u5206\u70b9', 'change.points'],
  ['pp', 'change.points'],
  ['‰', 'change.permillePoints'],
]);

/** Whether an indicator's change is read in points (a rate or a ratio) rather than relatively. */
export function changesInPoints(subject: ChangeSubject | undefined): boolean {
  return !!subject && (subject.ratio === true || POINT_UNITS.has((subject.unit ?? '').trim()));
}

/** A number with its sign: "+10.9", "−3.5" (a true minus), "0.0" when it rounds to zero. */
export function signed(value: number, digits = 1): string {
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return (0).toFixed(digits);
  return rounded > 0 ? `+${rounded.toFixed(digits)}` : `−${Math.abs(rounded).toFixed(digits)}`;
}

/** Better, worse or flat: a rise is better when higher is better; no direction or no visible change is flat. */
export function toneOf(delta: number, direction: Direction | null | undefined, digits = 1): ChangeTone {
  if (!direction || Number(delta.toFixed(digits)) === 0) return 'flat';
  return delta > 0 === (direction === 'higher') ? 'better' : 'worse';
}

/**
 * The change from `previous` to `current`, or null when either is missing (or, for a relative
 * change, when the previous value is 0).
 */
export function indicatorChange(
  subject: ChangeSubject | undefined,
  current: number | null | undefined,
  previous: number | null | undefined,
  digits = 1,
): Change | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const direction = subject?.direction ?? null;
  if (changesInPoints(subject)) {
    const value = current - previous;
    const key = POINT_UNITS.get((subject?.unit ?? '').trim()) ?? 'change.points';
    return { kind: 'points', value, key, signed: signed(value, digits), tone: toneOf(value, direction, digits) };
  }
  if (previous === 0) return null;
  const value = current / previous - 1;
  return {
    kind: 'relative',
    value,
    key: 'change.relative',
    signed: signed(value * 100, digits),
    tone: toneOf(value * 100, direction, digits),
  };
}

/** A change of rank (positive = moved up): "↑2", "↓1", "0", with the same tones (up is better). */
export function rankChange(delta: number | null | undefined): { text: string; tone: ChangeTone } | null {
  if (delta === null || delta === undefined) return null;
  return { text: delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : '0', tone: delta > 0 ? 'better' : delta < 0 ? 'worse' : 'flat' };
}

/** The CSS class of a tone (defined once, in App.vue). */
export const toneClass = (tone: ChangeTone) => `tone-${tone}`;
