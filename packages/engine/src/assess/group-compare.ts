/**
 * Comparison of groups of units on the same scores: e.g. the 未来乡村 pilot villages (先行村) against
 * the candidates, scenario by scenario. Per group and per series (a node's score, the final score):
 *   n     = units of the group with a value,
 *   mean  = Σ value / n (null when n = 0),
 *   gap   = mean of the group − mean of all other units with a value (null when either is empty).
 * Also per group the count of each grade. Units whose group is null, or that `keep` leaves out
 * (outside the caller's scope), are not counted anywhere.
 */

export interface GroupSeriesStats {
  n: number;
  mean: number | null;
  gap: number | null;
}

export interface GroupComparison {
  group: string;
  units: number;
  series: Record<string, GroupSeriesStats>;
  grades: Record<string, number>;
}

export function compareGroups(
  groups: readonly (string | null)[],
  series: Readonly<Record<string, ArrayLike<number | null>>>,
  options: { keep?: readonly boolean[]; grades?: readonly (string | null)[] } = {},
): GroupComparison[] {
  const n = groups.length;
  for (const [k, v] of Object.entries(series))
    if (v.length !== n) throw new Error(`compareGroups: series "${k}" has ${v.length} values for ${n} units`);
  const keep = (i: number) => groups[i] !== null && (options.keep ? options.keep[i] === true : true);
  const names = [...new Set(groups.filter((g, i): g is string => g !== null && keep(i)))].sort();
  const out: GroupComparison[] = [];
  for (const g of names) {
    const stats: Record<string, GroupSeriesStats> = {};
    for (const [k, v] of Object.entries(series)) {
      let inSum = 0;
      let inN = 0;
      let outSum = 0;
      let outN = 0;
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (!keep(i) || x === null || x === undefined || !Number.isFinite(x)) continue;
        if (groups[i] === g) {
          inSum += x;
          inN++;
        } else {
          outSum += x;
          outN++;
        }
      }
      const mean = inN ? inSum / inN : null;
      stats[k] = { n: inN, mean, gap: mean !== null && outN ? mean - outSum / outN : null };
    }
    const grades: Record<string, number> = {};
    let units = 0;
    for (let i = 0; i < n; i++) {
      if (!keep(i) || groups[i] !== g) continue;
      units++;
      const grade = options.grades?.[i];
      if (grade) grades[grade] = (grades[grade] ?? 0) + 1;
    }
    out.push({ group: g, units, series: stats, grades });
  }
  return out;
}
