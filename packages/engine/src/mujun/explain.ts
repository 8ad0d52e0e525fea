/**
 * An enterprise's own explanation of its score (公示 to the enterprise): per benchmark item of the
 * scheme as run, its value, benchmark, points and score, and what it would take to reach the next
 * class. An item of a benchmark scheme scores
 *   s_i = clamp(v_i / B_i × P_i, floor_i × P_i, cap_i × P_i),    v_i = numerator / (denominator × scale)
 * (docs/reference/mujun.md §3.1: Huangyan "指标值 ÷ 标杆值 × 权重分"; Yueqing's cap 1.5 × P, floor 0),
 * so closing a gap g to the next class by one item alone needs
 *   v_i' = (s_i + g) / P_i × B_i,   numerator' = v_i' × denominator × scale,
 * possible only while s_i + g ≤ cap_i × P_i. Other items held fixed; the scheme is linear per item,
 * so the figure is exact, not an estimate. A veto (forced D) is not lifted by any score.
 */

import { asScheme } from './scheme-json.js';

export interface ItemExplanation {
  id: string;
  name: { zh: string; en: string };
  unit: string | null;
  /** the item's value v_i (numerator ÷ denominator), null when an input is missing or the base is 0 */
  value: number | null;
  benchmark: number;
  points: number;
  /** the most the item can score (cap × points), null when uncapped */
  maxScore: number | null;
  score: number | null;
  numerator: { column: string; value: number | null };
  denominator: { column: string; value: number | null } | null;
  /** to close the gap by this item alone: the value and numerator needed; null when it cannot (cap) or no gap */
  toNext: { value: number; numerator: number | null; numeratorIncrease: number | null } | null;
}

interface BenchmarkNormalise {
  method: 'benchmark';
  benchmark: number;
  points: number;
  cap?: number | null;
  floor?: number | null;
}

interface NamedIndicator {
  id: string;
  column?: string;
  denominator?: string;
  unit?: string;
  name?: { zh?: string; en?: string };
  normalise?: { method: string; [key: string]: unknown };
}

/**
 * Explains a firm's items under `scheme` given its inputs (by column) and its item scores as run,
 * and the gap to the next class (null when the firm is in A or no gap applies).
 */
export function explainItems(
  scheme: unknown,
  inputs: Readonly<Record<string, number | null | undefined>>,
  scores: Readonly<Record<string, number | null | undefined>>,
  gap: number | null,
): ItemExplanation[] {
  const s = asScheme(scheme);
  const out: ItemExplanation[] = [];
  for (const raw of s.indicators as NamedIndicator[]) {
    if (raw.normalise?.method !== 'benchmark' || !raw.column) continue;
    const n = raw.normalise as unknown as BenchmarkNormalise;
    const den = raw.denominator ? s.denominators?.[raw.denominator] : undefined;
    const scale = den?.scale ?? 1;
    const numerator = finiteOrNull(inputs[raw.column]);
    const base = den ? finiteOrNull(inputs[den.column]) : 1;
    const value = numerator === null || base === null || base === 0 ? null : numerator / (base * scale);
    const maxScore = n.cap == null ? null : n.cap * n.points;
    const score = finiteOrNull(scores[raw.id]);
    let toNext: ItemExplanation['toNext'] = null;
    if (gap !== null && gap > 0 && score !== null && (maxScore === null || score + gap <= maxScore + 1e-9)) {
      const needed = ((score + gap) / n.points) * n.benchmark;
      const neededNumerator = base === null ? null : needed * base * scale;
      toNext = {
        value: needed,
        numerator: neededNumerator,
        numeratorIncrease: neededNumerator === null || numerator === null ? null : neededNumerator - numerator,
      };
    }
    out.push({
      id: raw.id,
      name: { zh: raw.name?.zh ?? raw.id, en: raw.name?.en ?? raw.id },
      unit: raw.unit ?? null,
      value,
      benchmark: n.benchmark,
      points: n.points,
      maxScore,
      score,
      numerator: { column: raw.column, value: numerator },
      denominator: den ? { column: den.column, value: base } : null,
      toNext,
    });
  }
  return out;
}

const CLASSES = ['A', 'B', 'C', 'D'] as const;
export type MujunClass = (typeof CLASSES)[number];

/** The class above `current` (null for A). */
export function classAbove(current: MujunClass): MujunClass | null {
  const i = CLASSES.indexOf(current);
  return i > 0 ? CLASSES[i - 1] : null;
}

/**
 * The lowest score of each class from score bands ({ grade, min } sorted high to low, otherwise D),
 * or, for classes by rank shares, the lowest score the run gave each class (the line this year).
 */
export function classFloors(
  bands: ReadonlyArray<{ grade: string; min: number }> | null,
  results: ReadonlyArray<{ class: string | null; score: number | null; vetoed: boolean }>,
): Partial<Record<MujunClass, number>> {
  const floors: Partial<Record<MujunClass, number>> = {};
  if (bands) {
    for (const b of bands) if ((CLASSES as readonly string[]).includes(b.grade)) floors[b.grade as MujunClass] = b.min;
    return floors;
  }
  for (const r of results) {
    if (r.vetoed || r.score === null || !r.class || !(CLASSES as readonly string[]).includes(r.class)) continue;
    const c = r.class as MujunClass;
    if (floors[c] === undefined || r.score < floors[c]!) floors[c] = r.score;
  }
  return floors;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
