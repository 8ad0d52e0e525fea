/**
 * What the office looks at before accepting a unit's submission: each value of the task beside the
 * previous period and the same period last year, with the changes, and flags for a missing value of
 * the unit itself, a |同比| above the task's threshold, and a value outside the indicator's range.
 */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { notFound } from '../errors.js';
import { listIndicators } from '../indicators/repository.js';
import { getSet } from '../indicators/service.js';
import { parsePeriod, previousPeriod, samePeriodLastYear, type ParsedPeriod } from '../observations/period.js';
import { assignmentsOf, unitValues, valuesAt } from './repository.js';
import type { z } from 'zod';
import type { Review } from './schemas.js';
import { visibleTask } from './tasks.js';

type ReviewT = z.infer<typeof Review>;
type Row = ReviewT['rows'][number];

/** (a − b) / |b|, or null when there is nothing to compare with. */
export const relativeChange = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : (a - b) / Math.abs(b);

export async function reviewOf(db: Db, actor: Actor, taskId: number, unit: string): Promise<ReviewT> {
  const task = await visibleTask(db, actor, taskId);
  const assignment = (await assignmentsOf(db, actor, taskId)).find((a) => a.regionCode === unit);
  if (!assignment) throw notFound({ zh: '报送单位', en: 'Reporting unit' }, unit);
  const set = await getSet(db, task.indicatorSet);
  const indicators = await listIndicators(db, set.indicators);
  const period = parsePeriod(task.period, indicators[0].frequency) as ParsedPeriod;
  const previous = previousPeriod(period).period;
  const lastYear = samePeriodLastYear(period).period;
  const current = await unitValues(db, actor, { indicators: set.indicators, period: task.period, unitPath: assignment.regionPath });
  const before = await valuesAt(db, actor, {
    indicators: set.indicators,
    subjectIds: [...new Set(current.map((c) => c.subjectId))],
    periods: [previous, lastYear],
  });
  const at = new Map(before.map((b) => [`${b.indicatorCode}\u0000${b.subjectId}\u0000${b.period}`, b.value]));
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const rows: Row[] = current.map((c) => {
    const ind = byCode.get(c.indicatorCode)!;
    const prev = at.get(`${c.indicatorCode}\u0000${c.subjectId}\u0000${previous}`) ?? null;
    const ly = at.get(`${c.indicatorCode}\u0000${c.subjectId}\u0000${lastYear}`) ?? null;
    const yoy = relativeChange(c.value, ly);
    const flags: Row['flags'] = [];
    if (yoy !== null && Math.abs(yoy) > task.yoyAlert) flags.push('yoy');
    if ((ind.validMin != null && c.value < ind.validMin) || (ind.validMax != null && c.value > ind.validMax)) flags.push('range');
    return {
      indicatorCode: c.indicatorCode,
      indicatorName: ind.nameZh,
      unit: ind.unit,
      subjectCode: c.subjectCode,
      subjectName: c.subjectName,
      value: c.value,
      status: c.status,
      previous: prev,
      lastYear: ly,
      change: relativeChange(c.value, prev),
      yoy,
      flags,
    };
  });
  // the unit's own figures are what the task asks for: a missing one is shown, not silently absent
  for (const ind of indicators) {
    if (rows.some((r) => r.subjectCode === unit && r.indicatorCode === ind.code)) continue;
    rows.push({
      indicatorCode: ind.code,
      indicatorName: ind.nameZh,
      unit: ind.unit,
      subjectCode: unit,
      subjectName: assignment.regionName,
      value: null,
      status: null,
      previous: null,
      lastYear: null,
      change: null,
      yoy: null,
      flags: ['missing'],
    });
  }
  const { regionPath: _path, ...shown } = assignment;
  return { task, assignment: shown, previousPeriod: previous, lastYearPeriod: lastYear, rows };
}
