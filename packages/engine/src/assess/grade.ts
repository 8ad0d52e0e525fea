/**
 * Grades.
 * - bands: a unit gets the first grade (best first) whose lower bound `min` its score reaches
 *   (score ≥ min); below every band → `otherwise` (or null). E.g. ≥ 90 优秀, ≥ 80 良好, else 一般
 *   (provincial example), or ≥ 85 A, ≥ 70 B, ≥ 50 C, ≥ 40 D, else E (国资委 2006).
 *   Peer groups may have their own bands (`bandsByGroup`, applied in pipeline.ts).
 * - shares: rank-based, within the peer group when `peerGroupBy` is set. With m ranked units and
 *   cumulative shares c_k (best first), a unit with rank r gets the first grade with r ≤ c_k·m
 *   (+1e-9 for float noise); the last grade takes the rest. Ties share the better grade because
 *   ranks use the scheme's tie rule (default "min"). E.g. top 20 % of 16 → r ≤ 3.2 → 3 units.
 * Missing scores get no grade (null).
 *
 * Grades are computed as one byte per unit, an index into `labels` (best first), with NO_GRADE for
 * none: a million strings in a JavaScript array cost a write barrier each and as much time as the
 * rest of the grading (`gradeLabels` turns codes into strings when they are wanted).
 */

import { rankDescending, rankWithinGroups, type TieRule } from './rank.js';

export interface Band {
  grade: string;
  min: number;
}

export interface GradeCodes {
  /** Per unit: index into `labels`, or NO_GRADE. */
  codes: Uint8Array;
  /** Grade names, best first. */
  labels: string[];
}

export const NO_GRADE = 255;

/**
 * Band grades as codes. With the bounds sorted best first, the index of the first band a score
 * reaches is the number of bounds above it, counted without branches (scores are unordered, so
 * a comparison chain mispredicts about once per unit).
 */
export function gradeCodesByBands(score: ArrayLike<number>, bands: readonly Band[], otherwise: string | null = null): GradeCodes {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const labels = sorted.map((b) => b.grade);
  if (otherwise !== null) labels.push(otherwise);
  if (labels.length >= NO_GRADE) throw new RangeError(`at most ${NO_GRADE - 1} grades`);
  const mins = Float64Array.from(sorted, (b) => b.min);
  return { codes: bandCodes(score, mins, otherwise !== null), labels };
}

function bandCodes(score: ArrayLike<number>, mins: Float64Array, hasOtherwise: boolean): Uint8Array {
  const n = score.length;
  const nb = mins.length;
  const out = new Uint8Array(n);
  // bounds four at a time, padded with −∞ (never above a score)
  const padded = new Float64Array(Math.ceil(nb / 4) * 4).fill(-Infinity);
  padded.set(mins);
  for (let b = 0; b < padded.length; b += 4) countAbove(score, padded[b], padded[b + 1], padded[b + 2], padded[b + 3], out);
  // a missing score compares false everywhere (counted 0 above): no grade
  for (let i = 0; i < n; i++) if (score[i] !== score[i]) out[i] = NO_GRADE;
  if (!hasOtherwise) for (let i = 0; i < n; i++) if (out[i] === nb) out[i] = NO_GRADE;
  return out;
}

/** out[i] += number of the four bounds above score[i]. */
function countAbove(score: ArrayLike<number>, a: number, b: number, c: number, d: number, out: Uint8Array): void {
  for (let i = 0; i < score.length; i++) {
    const s = score[i];
    out[i] += (+(s < a) | 0) + (+(s < b) | 0) + (+(s < c) | 0) + (+(s < d) | 0);
  }
}

export function gradeCodesByShares(
  score: ArrayLike<number>,
  shares: readonly { grade: string; share: number }[],
  groups?: readonly (string | null)[],
  ties: TieRule = 'min',
  ranks?: ArrayLike<number>,
): GradeCodes {
  const n = score.length;
  const rank = groups ? rankWithinGroups(score, groups, ties) : (ranks ?? rankDescending(score, ties));
  const size = new Map<string | null, number>();
  for (let i = 0; i < n; i++) {
    if (rank[i] !== rank[i]) continue;
    const g = groups ? groups[i] : null;
    size.set(g, (size.get(g) ?? 0) + 1);
  }
  const cum: number[] = [];
  let c = 0;
  for (const s of shares) cum.push((c += s.share));
  const codes = new Uint8Array(n).fill(NO_GRADE);
  for (let i = 0; i < n; i++) {
    const r = rank[i];
    if (r !== r) continue;
    const m = size.get(groups ? groups[i] : null)!;
    let g = shares.length - 1;
    for (let k = 0; k < shares.length; k++)
      if (r <= cum[k] * m + 1e-9) {
        g = k;
        break;
      }
    codes[i] = g;
  }
  return { codes, labels: shares.map((s) => s.grade) };
}

/** The grade of unit i (null = none). */
export function gradeAt(grades: GradeCodes | null, i: number): string | null {
  const c = grades ? grades.codes[i] : NO_GRADE;
  return c === NO_GRADE ? null : grades!.labels[c];
}

/** The grade of each unit as a string (null = none). */
export function gradeLabels({ codes, labels }: GradeCodes): (string | null)[] {
  const out: (string | null)[] = new Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    out[i] = c === NO_GRADE ? null : labels[c];
  }
  return out;
}

export function gradeByBands(score: ArrayLike<number>, bands: readonly Band[], otherwise: string | null = null): (string | null)[] {
  return gradeLabels(gradeCodesByBands(score, bands, otherwise));
}

export function gradeByShares(
  score: ArrayLike<number>,
  shares: readonly { grade: string; share: number }[],
  groups?: readonly (string | null)[],
  ties: TieRule = 'min',
): (string | null)[] {
  return gradeLabels(gradeCodesByShares(score, shares, groups, ties));
}
