/**
 * The repeated-inspection monitor (repeat.ts) over columns, for a year of a county's inspections
 * read straight from the database: the same rule — within a window of `days` calendar days (last −
 * first < days) more than `maxDepartments` distinct visitors, at least one visit outside a joint
 * plan; a joint visit is one visitor — and the same alerts, on typed arrays instead of objects.
 *
 * Input: one entry per (inspection, department), sorted by object, then day, then inspection id.
 * `visitor` is the department's number for a separate visit and any value ≤ 0 unique to the joint
 * visit (e.g. −inspection id) for a joint one. Output: per alert the object, first and last day, the
 * departments' numbers (ascending) and the inspection ids in order of first appearance.
 */
export interface InspectionColumns {
  /** number of entries */
  n: number;
  object: Int32Array;
  /** days since 1970-01-01 */
  day: Int32Array;
  visitor: Int32Array;
  department: Int32Array;
  inspection: Int32Array;
}

export interface ColumnAlert {
  object: number;
  fromDay: number;
  toDay: number;
  departments: number[];
  inspections: number[];
}

export function repeatedInspectionColumns(c: InspectionColumns, rules: { days: number; maxDepartments: number }): ColumnAlert[] {
  const { n, object, day, visitor, department, inspection } = c;
  const alerts: ColumnAlert[] = [];
  const counts = new Map<number, number>();
  // departments already in the open alert: stamp[k] === the alert's number (no Set per alert)
  let maxDept = 0;
  for (let i = 0; i < n; i++) if (department[i]! > maxDept) maxDept = department[i]!;
  const stamp = new Int32Array(maxDept + 1).fill(-1);
  let begin = 0;
  while (begin < n) {
    const obj = object[begin]!;
    let stop = begin;
    while (stop < n && object[stop] === obj) stop++;
    counts.clear();
    let separate = 0;
    let start = begin;
    let open: ColumnAlert | null = null;
    let openLast = 0;
    let added = begin - 1;
    for (let end = begin; end < stop; end++) {
      const who = visitor[end]!;
      counts.set(who, (counts.get(who) ?? 0) + 1);
      if (who > 0) separate++;
      const today = day[end]!;
      while (today - day[start]! >= rules.days) {
        const w = visitor[start]!;
        const k = counts.get(w)! - 1;
        if (k === 0) counts.delete(w);
        else counts.set(w, k);
        if (w > 0) separate--;
        start++;
      }
      if (counts.size <= rules.maxDepartments || separate === 0) continue;
      if (!open || day[start]! > openLast) {
        if (open) open.departments.sort((x, y) => x - y);
        open = { object: obj, fromDay: day[start]!, toDay: today, departments: [], inspections: [] };
        alerts.push(open);
      }
      const mark = alerts.length - 1;
      for (let k = Math.max(start, added + 1); k <= end; k++) {
        // entries of one inspection are adjacent (sorted by day, then id), and each entry is added once
        const id = inspection[k]!;
        if (open.inspections.length === 0 || open.inspections[open.inspections.length - 1] !== id) open.inspections.push(id);
        const d = department[k]!;
        if (d >= 0 && stamp[d] !== mark) {
          stamp[d] = mark;
          open.departments.push(d);
        }
      }
      added = end;
      openLast = today;
      open.toDay = today;
    }
    if (open) open.departments.sort((x, y) => x - y);
    begin = stop;
  }
  return alerts;
}
