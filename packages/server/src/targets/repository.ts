/**
 * SQL of 挂图作战: targets with their subject and indicator, entered plan curves, monthly values of
 * indicators (current observations), major projects (subjects of kind project) with their planned
 * investment and milestones, and their problems. Every read goes through the scope door.
 */
import { sql } from 'drizzle-orm';
import { STATUS_ALGORITHM } from '@gongfu/engine/targets';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { one, rows, type Db } from '../db/store.js';

export interface TargetRow {
  id: number;
  code: string | null;
  name: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  subjectId: number;
  subjectKind: string;
  subjectCode: string;
  subjectName: string;
  regionCode: string;
  year: number;
  kind: 'value' | 'growth';
  targetValue: number;
  baseValue: number | null;
  accumulation: 'cumulative' | 'point';
  direction: 'higher' | 'lower';
  planMethod: 'straight' | 'seasonal' | 'entered';
  thresholds: Record<string, number>;
  department: string;
  leader: string;
  sourceDocument: string;
  parentId: number | null;
  breakdown: 'sum' | 'weighted';
  children: number;
  synthetic: boolean;
  createdBy: string;
  /** count of changes of the status's inputs (see target_status); read before the observations */
  statusGen: number;
}

const TARGET_COLUMNS = sql`t.id, t.code, t.name, t.indicator_code as "indicatorCode", i.name_zh as "indicatorName", i.unit,
  t.subject_id as "subjectId", s.kind as "subjectKind", s.code as "subjectCode", s.name as "subjectName", t.region_code as "regionCode",
  t.year, t.kind, t.target_value as "targetValue", t.base_value as "baseValue", t.accumulation, t.direction,
  t.plan_method as "planMethod", t.thresholds, t.department, t.leader, t.source_document as "sourceDocument",
  t.parent_id as "parentId", t.breakdown, t.synthetic, t.created_by as "createdBy", t.status_gen::float8 as "statusGen",
  (select count(*)::int from target c where c.parent_id = t.id) as children`;

export interface TargetFilter {
  year?: number;
  parent?: number;
  top?: boolean;
  ids?: number[];
  indicator?: string;
  kind?: 'value' | 'growth';
  /** targets whose stored status is valid and has this light */
  light?: 'green' | 'yellow' | 'red';
  /** targets without a valid stored status */
  unlit?: boolean;
}

/**
 * A month's value in canonical form ('YYYY-MM'; the others are 'YYYY', 'YYYY-Qn', 'YYYY-MM-DD').
 * Cheaper per row than a regular expression, which was a quarter of the board's read.
 */
const MONTHLY = (alias: string) => sql.raw(`length(${alias}.period) = 7 and substr(${alias}.period, 6, 1) <> 'Q'`);

/** a stored light is valid while its inputs are unchanged and the rules that computed it are today's */
const VALID_STATUS = sql`ts.target_id = t.id and ts.gen = t.status_gen and ts.algorithm = ${STATUS_ALGORITHM}`;

function targetWhere(actor: Actor, f: TargetFilter) {
  const where = [inScope(actor, 'target', 't')];
  if (f.year !== undefined) where.push(sql`t.year = ${f.year}`);
  if (f.parent !== undefined) where.push(sql`t.parent_id = ${f.parent}`);
  if (f.top)
    where.push(
      sql`(t.parent_id is null or not exists (select 1 from target p where p.id = t.parent_id and ${inScope(actor, 'target', 'p')}))`,
    );
  if (f.ids) where.push(sql`t.id = any(${sql.param(f.ids)}::bigint[])`);
  if (f.indicator) where.push(sql`t.indicator_code = ${f.indicator}`);
  if (f.kind) where.push(sql`t.kind = ${f.kind}`);
  if (f.light) where.push(sql`exists (select 1 from target_status ts where ${VALID_STATUS} and ts.light = ${f.light})`);
  if (f.unlit) where.push(sql`not exists (select 1 from target_status ts where ${VALID_STATUS})`);
  return sql.join(where, sql` and `);
}

export async function targetsOf(db: Db, actor: Actor, f: TargetFilter, w?: { limit: number; offset: number }): Promise<TargetRow[]> {
  return rows<TargetRow>(
    db,
    sql`select ${TARGET_COLUMNS} from target t join indicator i on i.code = t.indicator_code join subject s on s.id = t.subject_id
        where ${targetWhere(actor, f)} order by t.parent_id nulls first, t.id
        ${w ? sql`limit ${w.limit} offset ${w.offset}` : sql``}`,
  );
}

export async function countTargets(db: Db, actor: Actor, f: TargetFilter): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from target t where ${targetWhere(actor, f)}`))!.n;
}

export async function targetOf(db: Db, actor: Actor, id: number): Promise<TargetRow | undefined> {
  return (await targetsOf(db, actor, { ids: [id] }))[0];
}

/** Entered plan curves by target id (twelve shares). */
export async function plansOf(db: Db, actor: Actor, ids: number[]): Promise<Map<number, number[]>> {
  const found = await rows<{ targetId: number; month: number; share: number }>(
    db,
    sql`select p.target_id as "targetId", p.month, p.share from target_plan_month p
        where p.target_id = any(${sql.param(ids)}::bigint[]) and ${inScope(actor, 'target_plan_month', 'p')} order by p.target_id, p.month`,
  );
  const out = new Map<number, number[]>();
  for (const r of found) {
    if (!out.has(r.targetId)) out.set(r.targetId, Array(12).fill(0));
    out.get(r.targetId)![r.month - 1] = r.share;
  }
  return out;
}

/**
 * Stores computed lights with the input count they were computed from. A status computed from
 * older inputs than the one stored (a slower concurrent call) does not overwrite it.
 */
export async function saveStatusesUnscoped(db: Db, statuses: { id: number; gen: number; light: string | null }[]) {
  if (statuses.length === 0) return;
  await db.execute(sql`insert into target_status (target_id, gen, light, algorithm)
    select *, ${STATUS_ALGORITHM}::int from unnest(${sql.param(statuses.map((s) => s.id))}::bigint[],
      ${sql.param(statuses.map((s) => s.gen))}::bigint[], ${sql.param(statuses.map((s) => s.light))}::text[])
    on conflict (target_id) do update set gen = excluded.gen, light = excluded.light, algorithm = excluded.algorithm, computed_at = now()
      where target_status.gen <= excluded.gen`);
}

export interface YearValues {
  indicatorCode: string;
  subjectId: number;
  year: number;
  /** by month, index 0 = January; null where no current value */
  values: (number | null)[];
}

/**
 * Current monthly values of the indicators for the subjects in the years (inclusive), one row per
 * year; `all` for every subject in scope (cheaper than a long id list when most are wanted), or a
 * target filter: the (indicator, subject) pairs of the targets it selects, read in the same query
 * (the light-filtered list reads 10,000 targets' series this way, not through an id list).
 */
export async function monthlyValues(
  db: Db,
  actor: Actor,
  indicators: string[],
  subjectIds: number[] | 'all' | { targets: TargetFilter },
  from: number,
  to: number,
): Promise<YearValues[]> {
  if (Array.isArray(subjectIds) ? subjectIds.length === 0 || indicators.length === 0 : subjectIds === 'all' && indicators.length === 0)
    return [];
  const filter = Array.isArray(subjectIds)
    ? sql`and o.indicator_code = any(${sql.param(indicators)}::text[]) and o.subject_id = any(${sql.param(subjectIds)}::bigint[])`
    : subjectIds === 'all'
      ? sql`and o.indicator_code = any(${sql.param(indicators)}::text[])`
      : sql`and (o.indicator_code, o.subject_id) in (select t.indicator_code, t.subject_id from target t where ${targetWhere(actor, subjectIds.targets)})`;
  const found = await rows<Omit<YearValues, 'values'> & { months: number[]; amounts: number[] }>(
    db,
    sql`select o.indicator_code as "indicatorCode", o.subject_id as "subjectId", extract(year from o.period_start)::int as year,
          array_agg(extract(month from o.period_start)::int) as months, array_agg(o.value) as amounts
        from observation o
        where o.is_current ${filter}
          and ${MONTHLY('o')} and o.period_start >= ${`${from}-01-01`}::date and o.period_start <= ${`${to}-12-31`}::date
          and ${inScope(actor, 'observation', 'o')}
        group by 1, 2, 3`,
  );
  return found.map(({ months, amounts, ...r }) => {
    const values: (number | null)[] = Array(12).fill(null);
    months.forEach((m, i) => (values[m - 1] = Number(amounts[i])));
    return { ...r, values };
  });
}

export async function subjectOf(db: Db, actor: Actor, kind: string, code: string) {
  return one<{ id: number; regionCode: string; name: string }>(
    db,
    sql`select s.id, s.region_code as "regionCode", s.name from subject s where s.kind = ${kind} and s.code = ${code} and ${inScope(actor, 'subject', 's')}`,
  );
}

export async function indicatorExists(db: Db, code: string): Promise<boolean> {
  return !!(await one(db, sql`select 1 from indicator where code = ${code}`));
}

export interface TargetWrite {
  code?: string | null;
  name: string;
  indicatorCode: string;
  subjectId: number;
  regionCode: string;
  year: number;
  kind: string;
  targetValue: number;
  baseValue: number | null;
  accumulation: string;
  direction: string;
  planMethod: string;
  thresholds: Record<string, number>;
  department: string;
  leader: string;
  sourceDocument: string;
  parentId: number | null;
  breakdown: string;
  synthetic?: boolean;
}

export async function insertTargetUnscoped(tx: Db, t: TargetWrite, by: string): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into target (code, name, indicator_code, subject_id, region_code, year, kind, target_value, base_value, accumulation, direction,
          plan_method, thresholds, department, leader, source_document, parent_id, breakdown, synthetic, created_by)
        values (${t.code ?? null}, ${t.name}, ${t.indicatorCode}, ${t.subjectId}, ${t.regionCode}, ${t.year}, ${t.kind}, ${t.targetValue},
          ${t.baseValue}, ${t.accumulation}, ${t.direction}, ${t.planMethod}, ${JSON.stringify(t.thresholds)}::jsonb, ${t.department}, ${t.leader},
          ${t.sourceDocument}, ${t.parentId}, ${t.breakdown}, ${t.synthetic ?? false}, ${by})
        returning id`,
  );
  return r!.id;
}

export async function updateTargetUnscoped(tx: Db, id: number, t: TargetWrite): Promise<void> {
  await tx.execute(
    sql`update target set name = ${t.name}, indicator_code = ${t.indicatorCode}, subject_id = ${t.subjectId}, region_code = ${t.regionCode},
          year = ${t.year}, kind = ${t.kind}, target_value = ${t.targetValue}, base_value = ${t.baseValue}, accumulation = ${t.accumulation},
          direction = ${t.direction}, plan_method = ${t.planMethod}, thresholds = ${JSON.stringify(t.thresholds)}::jsonb,
          department = ${t.department}, leader = ${t.leader}, source_document = ${t.sourceDocument}, parent_id = ${t.parentId},
          breakdown = ${t.breakdown}, updated_at = now()
        where id = ${id}`,
  );
}

export async function replacePlanUnscoped(tx: Db, id: number, plan: number[] | null): Promise<void> {
  await tx.execute(sql`delete from target_plan_month where target_id = ${id}`);
  if (plan)
    await tx.execute(
      sql`insert into target_plan_month (target_id, month, share)
          select ${id}, m, s from unnest(${sql.param([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}::int[], ${sql.param(plan)}::float8[]) as p(m, s)`,
    );
}

export async function targetIdByCodeUnscoped(db: Db, code: string): Promise<number | null> {
  return (await one<{ id: number }>(db, sql`select id from target where code = ${code}`))?.id ?? null;
}

// ---------------------------------------------------------------- projects

export interface ProjectRow {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  attributes: Record<string, unknown>;
  plan: number[];
  milestones: { kind: string; planned: string | null; actual: string | null }[];
}

export type ProjectWithActual = ProjectRow & { actual: (number | null)[] };

/**
 * Projects in scope with their plan of the year, milestones and the year's monthly actual
 * investment (current observations of `indicator`) in one round trip: the board reads 5,000
 * projects this way (the per-table reads and the Node-side join were the bulk of its time).
 */
export async function projectsWithActuals(
  db: Db,
  actor: Actor,
  year: number,
  indicator: string,
  id?: number,
): Promise<ProjectWithActual[]> {
  const only = (column: string) => (id === undefined ? sql`` : sql`and ${sql.raw(column)} = ${id}`);
  const found = await rows<
    Omit<ProjectRow, 'plan' | 'milestones'> & {
      planMonths: number[] | null;
      planAmounts: number[] | null;
      actualMonths: number[] | null;
      actualAmounts: number[] | null;
      msKinds: string[] | null;
      msPlanned: (string | null)[] | null;
      msActual: (string | null)[] | null;
    }
  >(
    db,
    sql`select s.id, s.code, s.name, s.region_code as "regionCode", r.name as "regionName", s.attributes,
          pl.months as "planMonths", pl.amounts as "planAmounts", ob.months as "actualMonths", ob.amounts as "actualAmounts",
          ms.kinds as "msKinds", ms.planned as "msPlanned", ms.actual as "msActual"
        from subject s join region r on r.code = s.region_code
        left join (
          select p.subject_id, array_agg(p.month::int) as months, array_agg(p.amount) as amounts from project_plan_month p
          where p.year = ${year} and ${inScope(actor, 'project_plan_month', 'p')} ${only('p.subject_id')} group by p.subject_id
        ) pl on pl.subject_id = s.id
        left join (
          select o.subject_id, array_agg(extract(month from o.period_start)::int) as months, array_agg(o.value) as amounts from observation o
          where o.is_current and o.indicator_code = ${indicator} and o.period_start >= ${`${year}-01-01`}::date
            and o.period_start <= ${`${year}-12-31`}::date and ${MONTHLY('o')}
            and ${inScope(actor, 'observation', 'o')} ${only('o.subject_id')}
          group by o.subject_id
        ) ob on ob.subject_id = s.id
        left join (
          select m.subject_id, array_agg(m.kind) as kinds, array_agg(to_char(m.planned, 'YYYY-MM-DD')) as planned,
            array_agg(to_char(m.actual, 'YYYY-MM-DD')) as actual
          from project_milestone m where ${inScope(actor, 'project_milestone', 'm')} ${only('m.subject_id')} group by m.subject_id
        ) ms on ms.subject_id = s.id
        where s.kind = 'project' and ${inScope(actor, 'subject', 's')} ${only('s.id')} order by s.code`,
  );
  return found.map(({ planMonths, planAmounts, actualMonths, actualAmounts, msKinds, msPlanned, msActual, ...p }) => {
    const plan: number[] = Array(12).fill(0);
    planMonths?.forEach((m, i) => (plan[m - 1] = Number(planAmounts![i])));
    const actual: (number | null)[] = Array(12).fill(null);
    actualMonths?.forEach((m, i) => (actual[m - 1] = Number(actualAmounts![i])));
    const milestones = (msKinds ?? []).map((kind, i) => ({ kind, planned: msPlanned![i], actual: msActual![i] }));
    return { ...p, plan, actual, milestones };
  });
}

export interface ProjectTotalsRow {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  action: string;
  department: string;
  status: string;
  totalInvestment: number | null;
  synthetic: boolean;
  yearPlan: number;
  planToDate: number;
  actualToDate: number;
  reported: boolean;
  milestones: { kind: string; planned: string | null; actual: string | null }[] | null;
}

export interface ProjectMonth {
  month: number;
  plan: number;
  actual: number;
}

/**
 * The board's read, aggregated in SQL in one round trip and one pass over each table: the
 * reporting month (the given one, else the latest with a current value of `indicator` in scope,
 * else 1); per project in scope its year plan, plan and actual to that month, whether that month
 * was reported, and its milestones (one narrow row per project, no per-month arrays sent to Node);
 * and planned and actual investment by month of the year (the board's chart), sent once, on the
 * first row.
 */
export async function projectTotals(
  db: Db,
  actor: Actor,
  year: number,
  indicator: string,
  month: number | null,
): Promise<{ month: number; projects: ProjectTotalsRow[]; monthly: ProjectMonth[] }> {
  const inYear = sql`o.is_current and o.indicator_code = ${indicator} and o.period_start >= ${`${year}-01-01`}::date
    and o.period_start <= ${`${year}-12-31`}::date and ${MONTHLY('o')} and ${inScope(actor, 'observation', 'o')}`;
  const found = await rows<ProjectTotalsRow & { month: number; monthly: ProjectMonth[] | null }>(
    db,
    sql`with rep as (
          select coalesce(${month}::int, (select extract(month from max(o.period_start))::int from observation o where ${inYear}), 1) as m
        ), pm as materialized (
          select p.subject_id, p.month::int as month, p.amount from project_plan_month p
          where p.year = ${year} and ${inScope(actor, 'project_plan_month', 'p')}
        ), om as materialized (
          select o.subject_id, extract(month from o.period_start)::int as month, o.value from observation o where ${inYear}
        ), pl as (
          select pm.subject_id, sum(pm.amount) as year_plan, coalesce(sum(pm.amount) filter (where pm.month <= rep.m), 0) as plan_to_date
          from pm cross join rep group by pm.subject_id
        ), ob as (
          select om.subject_id, coalesce(sum(om.value) filter (where om.month <= rep.m), 0) as actual_to_date,
            bool_or(om.month = rep.m) as reported
          from om cross join rep group by om.subject_id
        ), ms as (
          select m.subject_id, json_agg(json_build_object('kind', m.kind, 'planned', to_char(m.planned, 'YYYY-MM-DD'),
            'actual', to_char(m.actual, 'YYYY-MM-DD'))) as milestones
          from project_milestone m where ${inScope(actor, 'project_milestone', 'm')} group by m.subject_id
        ), monthly as (
          select json_agg(json_build_object('month', k.month, 'plan', coalesce(a.plan, 0), 'actual', coalesce(b.actual, 0)) order by k.month) as series
          from generate_series(1, 12) as k(month)
          left join (select pm.month, sum(pm.amount) as plan from pm group by 1) a on a.month = k.month
          left join (select om.month, sum(om.value) as actual from om group by 1) b on b.month = k.month
        )
        select rep.m as month, s.id, s.code, s.name, s.region_code as "regionCode", r.name as "regionName",
          coalesce(s.attributes->>'action', '') as action, coalesce(s.attributes->>'department', '') as department,
          coalesce(s.attributes->>'status', '') as status,
          case when s.attributes->>'totalInvestment' ~ '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' then (s.attributes->>'totalInvestment')::float8 end as "totalInvestment",
          coalesce(s.attributes->'synthetic' = 'true'::jsonb, false) as synthetic,
          coalesce(pl.year_plan, 0) as "yearPlan", coalesce(pl.plan_to_date, 0) as "planToDate",
          coalesce(ob.actual_to_date, 0) as "actualToDate", coalesce(ob.reported, false) as reported, ms.milestones,
          case when row_number() over (order by s.code) = 1 then (select series from monthly) end as monthly
        from subject s join region r on r.code = s.region_code cross join rep
        left join pl on pl.subject_id = s.id left join ob on ob.subject_id = s.id left join ms on ms.subject_id = s.id
        where s.kind = 'project' and ${inScope(actor, 'subject', 's')} order by s.code`,
  );
  const m = found[0]?.month ?? month ?? 1;
  // no project in scope: no plan or investment of a project either
  const monthly = found[0]?.monthly ?? Array.from({ length: 12 }, (_, i) => ({ month: i + 1, plan: 0, actual: 0 }));
  return { month: m, projects: found.map(({ month: _m, monthly: _s, ...p }) => p), monthly };
}

export async function replaceProjectPlanUnscoped(tx: Db, subjectId: number, year: number, plan: number[]): Promise<void> {
  await tx.execute(sql`delete from project_plan_month where subject_id = ${subjectId} and year = ${year}`);
  await tx.execute(
    sql`insert into project_plan_month (subject_id, year, month, amount)
        select ${subjectId}, ${year}, m, a from unnest(${sql.param([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}::int[], ${sql.param(plan)}::float8[]) as p(m, a)`,
  );
}

export async function replaceMilestonesUnscoped(
  tx: Db,
  subjectId: number,
  milestones: { kind: string; planned: string | null; actual: string | null }[],
): Promise<void> {
  await tx.execute(sql`delete from project_milestone where subject_id = ${subjectId}`);
  for (const m of milestones)
    await tx.execute(
      sql`insert into project_milestone (subject_id, kind, planned, actual) values (${subjectId}, ${m.kind}, ${m.planned}::date, ${m.actual}::date)`,
    );
}

/** Project codes in the actor's scope, by code and by name. */
export async function projectCodes(db: Db, actor: Actor): Promise<{ id: number; code: string; name: string; regionCode: string }[]> {
  return rows(
    db,
    sql`select s.id, s.code, s.name, s.region_code as "regionCode" from subject s where s.kind = 'project' and ${inScope(actor, 'subject', 's')}`,
  );
}

// ---------------------------------------------------------------- problems

export interface ProblemRow {
  id: number;
  projectId: number;
  projectName: string;
  regionCode: string;
  kind: 'land' | 'energy' | 'funds' | 'approval' | 'other';
  description: string;
  ownerDepartment: string;
  dueDate: string;
  status: 'open' | 'in_progress' | 'resolved';
  createdBy: string;
}

export async function problemsOf(db: Db, actor: Actor, f: { projectId?: number; id?: number }): Promise<ProblemRow[]> {
  const where = [inScope(actor, 'project_problem', 'q')];
  if (f.projectId !== undefined) where.push(sql`q.subject_id = ${f.projectId}`);
  if (f.id !== undefined) where.push(sql`q.id = ${f.id}`);
  return rows<ProblemRow>(
    db,
    sql`select q.id, q.subject_id as "projectId", s.name as "projectName", q.region_code as "regionCode", q.kind, q.description,
          q.owner_department as "ownerDepartment", to_char(q.due_date, 'YYYY-MM-DD') as "dueDate", q.status, q.created_by as "createdBy"
        from project_problem q join subject s on s.id = q.subject_id
        where ${sql.join(where, sql` and `)} order by q.due_date, q.id`,
  );
}

export async function insertProblemUnscoped(
  tx: Db,
  p: { projectId: number; regionCode: string; kind: string; description: string; ownerDepartment: string; dueDate: string; status: string },
  by: string,
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into project_problem (subject_id, region_code, kind, description, owner_department, due_date, status, created_by)
        values (${p.projectId}, ${p.regionCode}, ${p.kind}, ${p.description}, ${p.ownerDepartment}, ${p.dueDate}::date, ${p.status}, ${by})
        returning id`,
  );
  return r!.id;
}

export async function updateProblemUnscoped(
  tx: Db,
  id: number,
  p: { kind: string; description: string; ownerDepartment: string; dueDate: string; status: string },
  by: string,
): Promise<void> {
  await tx.execute(
    sql`update project_problem set kind = ${p.kind}, description = ${p.description}, owner_department = ${p.ownerDepartment},
          due_date = ${p.dueDate}::date, status = ${p.status}, updated_by = ${by}, updated_at = now() where id = ${id}`,
  );
}

export async function deleteProblemUnscoped(tx: Db, id: number): Promise<void> {
  await tx.execute(sql`delete from project_problem where id = ${id}`);
}

/** The towns (镇街) in scope under a county, by code. */
export async function townsOf(db: Db, actor: Actor, county: string): Promise<{ code: string; name: string }[]> {
  return rows(
    db,
    sql`select r.code, r.name from region r where r.level = 'town' and r.parent_code = ${county} and ${inScope(actor, 'region', 'r')} order by r.code`,
  );
}

/** The latest month of the year with a current value of the indicator in scope, or null. */
export async function latestMonth(db: Db, actor: Actor, indicator: string, year: number): Promise<number | null> {
  const r = await one<{ m: number | null }>(
    db,
    sql`select extract(month from max(o.period_start))::int as m from observation o
        where o.is_current and o.indicator_code = ${indicator} and o.period_start >= ${`${year}-01-01`}::date
          and o.period_start <= ${`${year}-12-31`}::date and ${inScope(actor, 'observation', 'o')}`,
  );
  return r?.m ?? null;
}
