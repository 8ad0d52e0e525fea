/**
 * The checklist a joint plan is offered for the objects picked in its form: every item of every
 * "一件事" scenario those objects are enrolled in (GET /enforce/objects/:id/checklist), each item once,
 * with the departments that need them and the lead of the first scenario that takes part.
 */
import type { ObjectChecklist } from '../../api/enforce';

export interface OfferedChecklist {
  /** scenario names, each once, in the order the objects bring them */
  scenarios: string[];
  departments: string[];
  leadDepartment: string;
  itemCodes: string[];
  /** one line per check: the same check of several departments is one line */
  lines: ObjectChecklist['checklist'];
}

export function offeredChecklist(lists: readonly ObjectChecklist[]): OfferedChecklist | null {
  const scenarios = new Map<string, { name: string; leadDepartment: string }>();
  const itemCodes: string[] = [];
  const departments = new Set<string>();
  const lines = new Map<string, ObjectChecklist['checklist'][number]>();
  for (const list of lists) {
    for (const s of list.scenarios) if (!scenarios.has(s.code)) scenarios.set(s.code, s);
    for (const i of list.items) {
      if (!itemCodes.includes(i.code)) itemCodes.push(i.code);
      departments.add(i.department);
    }
    for (const line of list.checklist) {
      const seen = [...lines.values()].find((l) => l.codes.some((c) => line.codes.includes(c)));
      if (!seen) lines.set(line.code, { ...line, departments: [...line.departments], codes: [...line.codes] });
      else {
        for (const d of line.departments) if (!seen.departments.includes(d)) seen.departments.push(d);
        for (const c of line.codes) if (!seen.codes.includes(c)) seen.codes.push(c);
      }
    }
  }
  if (itemCodes.length === 0) return null;
  const sorted = [...departments].sort();
  const lead = [...scenarios.values()].map((s) => s.leadDepartment).find((d) => departments.has(d)) ?? sorted[0]!;
  return {
    scenarios: [...scenarios.values()].map((s) => s.name),
    departments: sorted,
    leadDepartment: lead,
    itemCodes,
    lines: [...lines.values()],
  };
}
