/**
 * Targets (目标): progress against the plan curve, lights, forecasts (engine `targetStatus`) over
 * the actuals in indicator observations; create and update (audited, in one transaction with the
 * entry); the breakdown check of a district target against its sub-targets.
 */
import { checkBreakdown, targetStatus, TargetsError, type CumulativeYear } from '@gongfu/engine/targets';
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, badRequest, fromEngineError, notFound } from '../errors.js';
import { readPage, type PageQuery } from '../http/schemas.js';
import { writeObservations } from '../observations/writer.js';
import {
  countTargets,
  indicatorExists,
  insertTargetUnscoped,
  monthlyValues,
  plansOf,
  replacePlanUnscoped,
  saveStatusesUnscoped,
  subjectOf,
  targetOf,
  targetsOf,
  updateTargetUnscoped,
  type TargetFilter,
  type TargetRow,
  type YearValues,
} from './repository.js';
import type { TargetBody, TargetItem } from './schemas.js';

/** Past years read for seasonal plans and forecasts. */
export const HISTORY_YEARS = 3;

export type TargetWithStatus = TargetItem & {
  thresholds: Record<string, number>;
  months: ReturnType<typeof targetStatus>['months'];
  history: { year: number; values: (number | null)[] }[];
  forecastErrors: { year: number; error: number }[];
  breakdown: 'sum' | 'weighted';
  createdBy: string;
};

/** The statuses of every target a filter selects: targets and their series read at once, each status computed once. */
export async function statusesOf(db: Db, actor: Actor, f: TargetFilter): Promise<TargetWithStatus[]> {
  if (f.year === undefined) return withStatus(db, actor, await targetsOf(db, actor, f));
  const [targets, values] = await Promise.all([
    targetsOf(db, actor, f),
    monthlyValues(db, actor, [], { targets: f }, f.year - HISTORY_YEARS, f.year),
  ]);
  return withStatus(db, actor, targets, values);
}

export async function withStatus(db: Db, actor: Actor, targets: TargetRow[], prefetched?: YearValues[]): Promise<TargetWithStatus[]> {
  if (targets.length === 0) return [];
  const years = targets.map((t) => t.year);
  const entered = targets.filter((t) => t.planMethod === 'entered').map((t) => t.id);
  const [values, plans] = await Promise.all([
    prefetched ??
      monthlyValues(
        db,
        actor,
        [...new Set(targets.map((t) => t.indicatorCode))],
        [...new Set(targets.map((t) => t.subjectId))],
        Math.min(...years) - HISTORY_YEARS,
        Math.max(...years),
      ),
    entered.length ? plansOf(db, actor, entered) : new Map<number, number[]>(),
  ]);
  const byKey = new Map<string, (number | null)[]>();
  for (const v of values) byKey.set(`${v.indicatorCode}|${v.subjectId}|${v.year}`, v.values);
  return targets.map((t) => {
    const series = (y: number) => byKey.get(`${t.indicatorCode}|${t.subjectId}|${y}`) ?? Array(12).fill(null);
    const history = Array.from({ length: HISTORY_YEARS }, (_, i) => ({
      year: t.year - HISTORY_YEARS + i,
      values: series(t.year - HISTORY_YEARS + i),
    }));
    let s: ReturnType<typeof targetStatus>;
    try {
      s = targetStatus(
        {
          kind: t.kind,
          target: t.targetValue,
          base: t.baseValue,
          accumulation: t.accumulation,
          direction: t.direction,
          planMethod: t.planMethod,
          entered: plans.get(t.id) ?? null,
          thresholds: t.thresholds,
        },
        series(t.year),
        history.map((h) => h.values as CumulativeYear),
      );
    } catch (e) {
      if (e instanceof TargetsError) throw fromEngineError(e, 422, { target: t.id });
      throw e;
    }
    const forecastErrors = (s.forecast?.errors ?? []).map((e) => ({ year: history[e.index].year, error: e.error }));
    const { errors: _errors, ...forecastSummary } = s.forecast ?? { errors: null };
    const { forecast: _forecast, months, planMethod, planFallback: _f, ...rest } = s;
    return {
      id: t.id,
      name: t.name,
      indicatorCode: t.indicatorCode,
      indicatorName: t.indicatorName,
      unit: t.unit,
      subjectKind: t.subjectKind,
      subjectCode: t.subjectCode,
      subjectName: t.subjectName,
      regionCode: t.regionCode,
      year: t.year,
      kind: t.kind,
      targetValue: t.targetValue,
      baseValue: t.baseValue,
      accumulation: t.accumulation,
      direction: t.direction,
      planMethod: t.planMethod,
      planMethodUsed: planMethod,
      department: t.department,
      leader: t.leader,
      sourceDocument: t.sourceDocument,
      parentId: t.parentId,
      children: t.children,
      synthetic: t.synthetic,
      ...rest,
      forecast: s.forecast ? (forecastSummary as Omit<NonNullable<typeof s.forecast>, 'errors'>) : null,
      thresholds: t.thresholds,
      months,
      history,
      forecastErrors,
      breakdown: t.breakdown,
      createdBy: t.createdBy,
    };
  });
}

export async function listTargets(db: Db, actor: Actor, f: TargetFilter, p: PageQuery) {
  if (f.light) await refreshStatuses(db, actor, f);
  // only the page's statuses are computed in full; the light filter reads the stored lights
  return readPage(
    p,
    async (w) => withStatus(db, actor, await targetsOf(db, actor, f, w)),
    () => countTargets(db, actor, f),
  );
}

/**
 * Computes and stores the light of every target of the filter whose stored one is missing or
 * outdated — after an import, the targets of the indicators it touched. The targets (with their
 * input count) are read before their observations, so a write in between leaves the stored
 * status outdated rather than wrong.
 */
async function refreshStatuses(db: Db, actor: Actor, f: TargetFilter) {
  const { light: _light, ...rest } = f;
  const unlit = await targetsOf(db, actor, { ...rest, unlit: true });
  if (unlit.length === 0) return;
  const years = unlit.map((t) => t.year);
  const values = await monthlyValues(
    db,
    actor,
    [],
    { targets: { ids: unlit.map((t) => t.id) } },
    Math.min(...years) - HISTORY_YEARS,
    Math.max(...years),
  );
  const computed = await withStatus(db, actor, unlit, values);
  await saveStatusesUnscoped(
    db,
    computed.map((s, i) => ({ id: unlit[i].id, gen: unlit[i].statusGen, light: s.light })),
  );
}

export async function targetDetail(db: Db, actor: Actor, id: number) {
  const t = await targetOf(db, actor, id);
  if (!t) throw notFound({ zh: '目标', en: 'Target' }, String(id));
  return (await withStatus(db, actor, [t]))[0];
}

async function resolveWrite(db: Db, actor: Actor, body: TargetBody) {
  if (!(await indicatorExists(db, body.indicatorCode)))
    throw badRequest(
      'UNKNOWN_INDICATOR',
      { zh: `指标「${body.indicatorCode}」不存在`, en: `No indicator "${body.indicatorCode}"` },
      { field: 'indicatorCode' },
    );
  const subject = await subjectOf(db, actor, body.subjectKind, body.subjectCode);
  if (!subject)
    throw new AppError(
      'OUT_OF_SCOPE',
      403,
      {
        zh: `责任主体「${body.subjectCode}」不存在或超出你的数据范围`,
        en: `Subject "${body.subjectCode}" does not exist or is outside your data scope`,
      },
      { field: 'subjectCode' },
    );
  if (body.planMethod === 'entered' && !body.plan)
    throw badRequest(
      'PLAN_MISSING',
      { zh: '录入计划须填写 12 个月的进度', en: 'An entered plan needs twelve monthly shares' },
      { field: 'plan' },
    );
  if (body.plan) {
    const bad = body.plan.findIndex((s, i) => i > 0 && s < body.plan![i - 1]);
    if (bad > 0 || Math.abs(body.plan[11] - 1) > 1e-9)
      throw badRequest(
        'PLAN_INVALID',
        { zh: '计划进度须逐月不减，12 月为 100%', en: 'Plan shares must not decrease and December must be 1' },
        { field: bad > 0 ? `plan.${bad}` : 'plan.11' },
      );
  }
  if (body.kind === 'growth' && body.targetValue > 5)
    throw badRequest(
      'RATE_AS_FRACTION',
      { zh: '增速目标请填小数（7.5% 填 0.075）', en: 'A growth target is a fraction (7.5 % is 0.075)' },
      { field: 'targetValue' },
    );
  if (body.parentId !== null) {
    const parent = await targetOf(db, actor, body.parentId);
    if (!parent) throw notFound({ zh: '上级目标', en: 'Parent target' }, String(body.parentId));
    if (parent.year !== body.year)
      throw badRequest(
        'PARENT_YEAR',
        { zh: '分解目标须与上级目标同一年度', en: 'A sub-target must be of its parent’s year' },
        { field: 'parentId' },
      );
  }
  const { subjectKind: _k, subjectCode: _c, plan, ...rest } = body;
  return {
    write: { ...rest, subjectId: subject.id, regionCode: subject.regionCode, thresholds: rest.thresholds as Record<string, number> },
    plan,
  };
}

export async function createTarget(db: Db, actor: Actor, body: TargetBody) {
  const { write, plan } = await resolveWrite(db, actor, body);
  const id = await audited(db, actor, async (tx) => {
    const id = await insertTargetUnscoped(tx, write, actor.id);
    await replacePlanUnscoped(tx, id, body.planMethod === 'entered' ? plan : null);
    return { result: id, audit: { action: 'targets.create', target: `target:${id}`, after: { ...body } } };
  });
  return targetDetail(db, actor, id);
}

export async function updateTarget(db: Db, actor: Actor, id: number, body: TargetBody) {
  const before = await targetOf(db, actor, id);
  if (!before) throw notFound({ zh: '目标', en: 'Target' }, String(id));
  if (body.parentId === id)
    throw badRequest('PARENT_SELF', { zh: '目标不能分解到自身', en: 'A target cannot be its own parent' }, { field: 'parentId' });
  const { write, plan } = await resolveWrite(db, actor, body);
  await audited(db, actor, async (tx) => {
    await updateTargetUnscoped(tx, id, write);
    await replacePlanUnscoped(tx, id, body.planMethod === 'entered' ? plan : null);
    const { children: _c, ...was } = before;
    return { result: null, audit: { action: 'targets.update', target: `target:${id}`, before: was, after: { ...body } } };
  });
  return targetDetail(db, actor, id);
}

export async function breakdownOf(db: Db, actor: Actor, id: number) {
  const parent = await targetOf(db, actor, id);
  if (!parent) throw notFound({ zh: '目标', en: 'Target' }, String(id));
  const children = await targetsOf(db, actor, { parent: id });
  if (children.length === 0)
    throw new AppError('NO_BREAKDOWN', 409, { zh: '该目标没有分解目标', en: 'The target has no sub-targets' }, { id });
  const c = checkBreakdown(
    parent.targetValue,
    children.map((x) => ({ value: x.targetValue, weight: x.baseValue ?? 0 })),
    parent.breakdown,
  );
  return {
    parentId: id,
    ...c,
    children: children.map((x) => ({ id: x.id, subjectName: x.subjectName, value: x.targetValue, weight: x.baseValue })),
  };
}

export const SCOREBOARD_INDICATOR = 'TG_ONTRACK_RATE';

/**
 * 目标按序时进度完成率 per responsible region: of a region's targets of the year that have a light
 * at the month, the share that is green (× 100), written through the observation writer so the
 * assessment module can score towns on it. Only region subjects (towns, the district) are scored.
 */
export async function writeScoreboard(db: Db, actor: Actor, year: number, month: number, options: { synthetic?: boolean } = {}) {
  const all = await statusesOf(db, actor, { year });
  const byRegion = new Map<string, { lit: number; green: number }>();
  for (const t of all) {
    if (t.subjectKind !== 'region') continue;
    const light = t.months[month - 1]?.light;
    if (!light) continue;
    const g = byRegion.get(t.subjectCode) ?? { lit: 0, green: 0 };
    g.lit++;
    if (light === 'green') g.green++;
    byRegion.set(t.subjectCode, g);
  }
  const period = `${year}-${String(month).padStart(2, '0')}`;
  const rows = [...byRegion].map(([code, g]) => ({
    indicatorCode: SCOREBOARD_INDICATOR,
    subject: { kind: 'region' as const, code },
    period,
    periodStart: `${period}-01`,
    value: Math.round((g.green / g.lit) * 1000) / 10,
    status: 'final' as const,
    source: options.synthetic ? '挂图作战（合成数据计算）' : '挂图作战',
  }));
  if (rows.length === 0)
    throw new AppError('NOTHING_TO_SCORE', 409, { zh: `${period} 没有可计分的目标`, en: `No target has a light in ${period}` }, { period });
  const r = await writeObservations(db, actor, {
    batch: {
      fileName: `targets-scoreboard-${period}`,
      fileSha256: '',
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: rows.length,
      source: rows[0].source,
      synthetic: options.synthetic ?? false,
      note: options.synthetic ? 'computed from synthetic actuals' : '',
    },
    rows,
    audit: { action: 'targets.scoreboard', after: { period } },
  });
  return { period, regions: rows.length, inserted: r.inserted, revised: r.revised, unchanged: r.unchanged, batchId: r.batchId };
}
