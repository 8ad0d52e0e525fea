/**
 * Repeated-inspection monitor (重复检查预警, 浙江“综合查一次”: 减少对企业的重复检查).
 * For each object, its inspections sorted by date; an alert is raised when, within a window of `days`
 * calendar days (last date − first date < days), more than `maxDepartments` distinct visitors inspected
 * it and at least one of those visits was outside a joint plan. A visitor is the department of a
 * separate visit; a 综合查一次 joint visit is one visitor, however many departments it brings, so a
 * joint visit alone never alerts, while a separate department coming back after it does.
 * Overlapping triggering windows of one object merge into one alert.
 * Defaults: days = 30, maxDepartments = 1 (a second visitor within 30 days alerts).
 */
import { fail } from './errors.js';

export interface InspectionFact {
  id: string;
  objectId: string;
  /** YYYY-MM-DD */
  date: string;
  department: string;
  /** set when the inspection belongs to a joint plan */
  jointPlanId?: string | null;
}

export interface RepeatAlert {
  objectId: string;
  from: string;
  to: string;
  departments: string[];
  inspectionIds: string[];
}

export interface RepeatRules {
  days: number;
  maxDepartments: number;
}

export const DEFAULT_REPEAT_RULES: RepeatRules = { days: 30, maxDepartments: 1 };

/** Day number of a YYYY-MM-DD date (days since 1970-01-01). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).getUTCDate() !== Number(m[3]))
    fail('BAD_DATE', `日期格式应为 YYYY-MM-DD：${date}`, `date must be YYYY-MM-DD: ${date}`, { date });
  return t / 86_400_000;
}

interface OpenAlert {
  alert: RepeatAlert;
  lastDay: number;
  ids: Set<string>;
  depts: Set<string>;
}

export function repeatedInspections(facts: readonly InspectionFact[], rules: RepeatRules = DEFAULT_REPEAT_RULES): RepeatAlert[] {
  const byObject = new Map<string, { f: InspectionFact; day: number; who: string }[]>();
  const days = new Map<string, number>(); // a year of inspections has at most 366 distinct dates
  for (const f of facts) {
    // a joint visit is one visitor (its plan); NUL cannot start a department's name
    const who = f.jointPlanId ? `\u0000${f.jointPlanId}` : f.department;
    let day = days.get(f.date);
    if (day === undefined) days.set(f.date, (day = dayNumber(f.date)));
    const list = byObject.get(f.objectId);
    if (list) list.push({ f, day, who });
    else byObject.set(f.objectId, [{ f, day, who }]);
  }
  const alerts: RepeatAlert[] = [];
  for (const objectId of [...byObject.keys()].sort()) {
    const list = byObject.get(objectId)!.sort((a, b) => a.day - b.day || (a.f.id < b.f.id ? -1 : 1));
    const counts = new Map<string, number>();
    let separate = 0; // visits outside a joint plan in the window
    let start = 0;
    let open: OpenAlert | null = null;
    const opened: OpenAlert[] = [];
    // index of the last record added to the open alert: each record is added once (O(n) per object)
    let added = -1;
    for (let end = 0; end < list.length; end++) {
      const cur = list[end]!;
      counts.set(cur.who, (counts.get(cur.who) ?? 0) + 1);
      if (!cur.f.jointPlanId) separate++;
      while (cur.day - list[start]!.day >= rules.days) {
        const first = list[start]!;
        const n = counts.get(first.who)! - 1;
        if (n === 0) counts.delete(first.who);
        else counts.set(first.who, n);
        if (!first.f.jointPlanId) separate--;
        start++;
      }
      if (counts.size <= rules.maxDepartments || separate === 0) continue;
      if (!open || list[start]!.day > open.lastDay) {
        open = {
          alert: { objectId, from: list[start]!.f.date, to: cur.f.date, departments: [], inspectionIds: [] },
          lastDay: cur.day,
          ids: new Set(),
          depts: new Set(),
        };
        opened.push(open);
        alerts.push(open.alert);
      }
      for (let k = Math.max(start, added + 1); k <= end; k++) {
        open.ids.add(list[k]!.f.id);
        open.depts.add(list[k]!.f.department);
      }
      added = end;
      open.lastDay = cur.day;
      open.alert.to = cur.f.date;
    }
    for (const o of opened) {
      o.alert.inspectionIds = [...o.ids];
      o.alert.departments = [...o.depts].sort();
    }
  }
  return alerts;
}
