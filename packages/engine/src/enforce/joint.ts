/**
 * 综合查一次 (enter once, check many things): the combined checklist of a visit and the merge of
 * several departments' planned checks of one object into one visit.
 * Combined checklist: items of all departments, one line per distinct check — the same item code,
 * or the same name ignoring spaces and punctuation, is one line listing every department that needs it.
 */

export interface ChecklistItem {
  code: string;
  name: string;
  department: string;
}

export interface CombinedLine {
  code: string;
  name: string;
  departments: string[];
  /** every item code merged into this line */
  codes: string[];
}

const normal = (name: string) => name.replace(/[\s\p{P}]/gu, '').toLowerCase();

export function combinedChecklist(items: readonly ChecklistItem[]): CombinedLine[] {
  const lines: CombinedLine[] = [];
  const byKey = new Map<string, CombinedLine>();
  for (const item of items) {
    const keys = [`c:${item.code}`, `n:${normal(item.name)}`];
    let line = byKey.get(keys[0]!) ?? byKey.get(keys[1]!);
    if (!line) {
      line = { code: item.code, name: item.name, departments: [], codes: [] };
      lines.push(line);
    }
    if (!line.departments.includes(item.department)) line.departments.push(item.department);
    if (!line.codes.includes(item.code)) line.codes.push(item.code);
    for (const k of keys) if (!byKey.has(k)) byKey.set(k, line);
  }
  return lines;
}

export interface PlannedCheck {
  objectId: string;
  department: string;
  items: ChecklistItem[];
  /** YYYY-MM-DD the department wanted */
  date: string;
}

export interface JointVisit {
  objectId: string;
  /** the earliest wanted date */
  date: string;
  departments: string[];
  checklist: CombinedLine[];
}

/** One visit per object: departments and items of every planned check of it, merged. */
export function jointVisits(checks: readonly PlannedCheck[]): JointVisit[] {
  const byObject = new Map<string, PlannedCheck[]>();
  for (const c of checks) byObject.set(c.objectId, [...(byObject.get(c.objectId) ?? []), c]);
  return [...byObject.keys()].sort().map((objectId) => {
    const list = byObject.get(objectId)!;
    return {
      objectId,
      date: list.map((c) => c.date).sort()[0]!,
      departments: [...new Set(list.map((c) => c.department))].sort(),
      checklist: combinedChecklist(list.flatMap((c) => c.items)),
    };
  });
}
