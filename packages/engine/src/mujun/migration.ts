/**
 * Year-on-year class migration matrix: counts[r][c] = number of enterprises in class from[r] the
 * previous year and to[c] this year, classes best first, plus a last row/column NOT_RATED for
 * enterprises without a class (not rated, new, closed). up = moved to a better class, down = to a
 * worse one, same = unchanged, entered = NOT_RATED → class, left = class → NOT_RATED.
 */

import { fail } from './errors.js';

export const NOT_RATED = '不参评';

export interface MigrationMatrix {
  /** Row labels (previous year) = column labels (this year): classes best first, then NOT_RATED. */
  labels: string[];
  counts: number[][];
  up: number;
  down: number;
  same: number;
  entered: number;
  left: number;
}

export function migrationMatrix(
  previous: ReadonlyMap<string, string | null>,
  current: ReadonlyMap<string, string | null>,
  classes: readonly string[] = ['A', 'B', 'C', 'D'],
): MigrationMatrix {
  const labels = [...classes, NOT_RATED];
  const k = classes.length;
  const counts = labels.map(() => new Array<number>(labels.length).fill(0));
  const index = (c: string | null | undefined): number => {
    if (c == null) return k;
    const i = classes.indexOf(c);
    if (i < 0) fail('INVALID_ARGUMENT', `未知的类别 ${c}`, `unknown class ${c}`, { class: c, classes });
    return i;
  };
  const m: MigrationMatrix = { labels, counts, up: 0, down: 0, same: 0, entered: 0, left: 0 };
  for (const id of new Set([...previous.keys(), ...current.keys()])) {
    const r = index(previous.get(id));
    const c = index(current.get(id));
    counts[r][c]++;
    if (r === k && c === k) continue;
    if (r === k) m.entered++;
    else if (c === k) m.left++;
    else if (c < r) m.up++;
    else if (c > r) m.down++;
    else m.same++;
  }
  return m;
}
