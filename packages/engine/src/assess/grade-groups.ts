/**
 * Grades (classes) computed separately per group, outside a scheme run: e.g. 亩均效益 A/B/C/D for
 * 规上 and 规下 (and optionally per industry) after their scores were computed by separate runs,
 * or after a re-run (docs/reference/mujun.md §3.4, §4.1: "分类分业"; class shares set per industry or
 * for all industries together). Builds on grade.ts:
 *   bands : per unit the first band of its group's list (`bandsByGroup[g]`, else `bands`) it reaches;
 *   shares: rank r of m within the group gets the first grade with r ≤ cumulative share · m.
 * Forced grades (vetoes: 安全事故, 环境违法 → D) are applied last; with shares, forced units are left
 * out of the ranking first (`forcedOutsideShares`, default true) so the others fill the shares.
 * A null group = no grade (as rankWithinGroups), unless no groups are given at all.
 */

import { gradeByBands, gradeByShares, type Band } from './grade.js';
import type { TieRule } from './rank.js';

export type GroupGrading =
  | { type: 'bands'; bands: readonly Band[]; otherwise?: string | null; bandsByGroup?: Readonly<Record<string, readonly Band[]>> }
  | { type: 'shares'; shares: readonly { grade: string; share: number }[] };

export interface ForcedGrade {
  /** Non-zero = forced. */
  mask: ArrayLike<number>;
  grade: string;
}

export interface GroupGradeOptions {
  groups?: readonly (string | null)[];
  force?: readonly ForcedGrade[];
  ties?: TieRule;
  forcedOutsideShares?: boolean;
}

/** One key per unit from several group columns ("规上|17"); null if any part is null. */
export function groupKey(...columns: readonly (readonly (string | null)[])[]): (string | null)[] {
  const n = columns.length ? columns[0].length : 0;
  const out: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const parts = columns.map((c) => c[i]);
    out[i] = parts.some((p) => p === null || p === undefined) ? null : parts.join('|');
  }
  return out;
}

export function gradeWithinGroups(score: ArrayLike<number>, grading: GroupGrading, options: GroupGradeOptions = {}): (string | null)[] {
  const n = score.length;
  const { groups, force = [], ties = 'min', forcedOutsideShares = true } = options;
  const forced = new Uint8Array(n);
  for (const f of force) for (let i = 0; i < n; i++) if (f.mask[i]) forced[i] = 1;
  let out: (string | null)[];
  if (grading.type === 'shares') {
    const s = Float64Array.from({ length: n }, (_, i) => (forcedOutsideShares && forced[i] ? NaN : score[i]));
    out = gradeByShares(s, grading.shares, groups, ties);
  } else {
    out = new Array(n).fill(null);
    const members = new Map<string | null, number[]>();
    for (let i = 0; i < n; i++) {
      const g = groups ? (groups[i] ?? null) : '';
      if (g === null) continue;
      let list = members.get(g);
      if (!list) members.set(g, (list = []));
      list.push(i);
    }
    for (const [g, list] of members) {
      const bands = (g !== null && grading.bandsByGroup?.[g]) || grading.bands;
      const sub = Float64Array.from(list, (i) => score[i]);
      const grades = gradeByBands(sub, bands, grading.otherwise ?? null);
      list.forEach((i, k) => (out[i] = grades[k]));
    }
  }
  for (const f of force) for (let i = 0; i < n; i++) if (f.mask[i]) out[i] = f.grade;
  return out;
}
