/**
 * Grades.
 * - bands: a unit gets the first grade (best first) whose lower bound `min` its score reaches
 *   (score ≥ min); below every band → `otherwise` (or null). E.g. ≥ 90 优秀, ≥ 80 良好, else 一般
 *   (provincial example), or ≥ 85 A, ≥ 70 B, ≥ 50 C, ≥ 40 D, else E (国资委 2006).
 *   Peer groups may have their own bands (`bandsByGroup`).
 * - shares: rank-based, within the peer group when `peerGroupBy` is set. With m ranked units and
 *   cumulative shares c_k (best first), a unit with rank r gets the first grade with r ≤ c_k·m
 *   (+1e-9 for float noise); the last grade takes the rest. Ties share the better grade because
 *   ranks use the scheme's tie rule (default "min"). E.g. top 20 % of 16 → r ≤ 3.2 → 3 units.
 * Missing scores get grade null.
 */

import { rankDescending, rankWithinGroups, type TieRule } from './rank.js';

export interface Band {
  grade: string;
  min: number;
}

export function gradeByBands(score: ArrayLike<number>, bands: readonly Band[], otherwise: string | null = null): (string | null)[] {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const out: (string | null)[] = new Array(score.length);
  for (let i = 0; i < score.length; i++) {
    const s = score[i];
    if (s !== s) {
      out[i] = null;
      continue;
    }
    let g = otherwise;
    for (const b of sorted)
      if (s >= b.min) {
        g = b.grade;
        break;
      }
    out[i] = g;
  }
  return out;
}

export function gradeByShares(
  score: ArrayLike<number>,
  shares: readonly { grade: string; share: number }[],
  groups?: readonly (string | null)[],
  ties: TieRule = 'min',
): (string | null)[] {
  const n = score.length;
  const rank = groups ? rankWithinGroups(score, groups, ties) : rankDescending(score, ties);
  const size = new Map<string | null, number>();
  for (let i = 0; i < n; i++) {
    if (rank[i] !== rank[i]) continue;
    const g = groups ? groups[i] : null;
    size.set(g, (size.get(g) ?? 0) + 1);
  }
  const cum: number[] = [];
  let c = 0;
  for (const s of shares) cum.push((c += s.share));
  const out: (string | null)[] = new Array(n).fill(null);
  for (let i = 0; i < n; i++) {
    const r = rank[i];
    if (r !== r) continue;
    const m = size.get(groups ? groups[i] : null)!;
    let g = shares[shares.length - 1].grade;
    for (let k = 0; k < shares.length; k++)
      if (r <= cum[k] * m + 1e-9) {
        g = shares[k].grade;
        break;
      }
    out[i] = g;
  }
  return out;
}
