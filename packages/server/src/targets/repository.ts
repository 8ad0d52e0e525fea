/**
 * SQL of 挂图作战: targets with their subject and indicator, entered plan curves, monthly values of
 * indicators (current observations), major projects (subjects of kind project) with their planned
 * investment and milestones, and their problems. Every read goes through the scope door.
 */
import { sql } from 'drizzle-orm';
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
}

const TARGET_COLUMNS = sql`t.id, t.code, t.name, t.indicator_code as "indicatorCode", i.name_zh as "indicatorName", i.unit,
  t.subject_id as "subjectId", s.kind as "subjectKind", s.code as "subjectCode", s.name as "subjectName", t.region_code as "regionCode",
  t.year, t.kind, t.target_value as "targetValue", t.base_value as "baseValue", t.accumulation, t.direction,
  t.plan_method as "planMethod", t.thresholds, t.department, t.leader, t.source_document as "sourceDocument",
  t.parent_id as "parentId", t.breakdown, t.synthetic, t.created_by as "createdBy",
  (select count(*)::int from target c where c.parent_id = t.id) as children`;

export interface TargetFilter {
  year?: number;
  parent?: number;
  top?: boolean;
  ids?: number[];
  indicator?: string;
  kind?: 'value' | 'growth';
}

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

export interface YearValues {
  indicatorCode: string;
  subjectId: number;
  year: number;
  /** by month, index 0 = January; null where no current value */
  values: (number | null)[];
}

/**
 * Current monthly values of the indicators for the subjects in the years (inclusive), one row per
 * year; `all` for every subject in scope (cheaper than a long id list when most are wanted).
 */
export async function monthlyValues(
  db: Db,
  actor: Actor,
  indicators: string[],
  subjectIds: number[] | 'all',
  from: number,
  to: number,
): Promise<YearValues[]> {
  if (indicators.length === 0 || subjectIds.length === 0) return [];
  const subjects = subjectIds === 'all' ? sql`` : sql`and o.subject_id = any(${sql.param(subjectIds)}::bigint[])`;
  const found = await rows<Omit<YearValues, 'values'> & { months: Record<string, number> }>(
    db,
    sql`select o.indicator_code as "indicatorCode", o.subject_id as "subjectId", extract(year from o.period_start)::int as year,
          json_object_agg(extract(month from o.period_start)::int, o.value) as months
        from observation o
        where o.is_current and o.indicator_code = any(${sql.param(indicators)}::text[]) ${subjects}
          and o.period ~ '^[0-9]{4}-[0-9]{2}$' and o.period_start >= ${`${from}-01-01`}::date and o.period_start <= ${`${to}-12-31`}::date
          and ${inScope(actor, 'observation', 'o')}
        group by 1, 2, 3`,
  );
  return found.map(({ months, ...r }) => {
    const values: (number | null)[] = Array(12).fill(null);
    for (const [m, v] of Object.entries(months)) values[Number(m) - 1] = v;
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

export async function projectsOf(db: Db, actor: Actor, year: number, id?: number): Promise<ProjectRow[]> {
  const only = id === undefined ? sql`` : sql`and s.id = ${id}`;
  const found = await rows<Omit<ProjectRow, 'plan' | 'milestones'>>(
    db,
    sql`select s.id, s.code, s.name, s.region_code as "regionCode", r.name as "regionName", s.attributes
        from subject s join region r on r.code = s.region_code
        where s.kind = 'project' and ${inScope(actor, 'subject', 's')} ${only} order by s.code`,
  );
  const plans = await rows<{ id: number; months: Record<string, number> }>(
    db,
    sql`select p.subject_id as id, json_object_agg(p.month, p.amount) as months from project_plan_month p
        where p.year = ${year} and ${inScope(actor, 'project_plan_month', 'p')} ${id === undefined ? sql`` : sql`and p.subject_id = ${id}`}
        group by p.subject_id`,
  );
  const milestones = await rows<{ id: number; kind: string; planned: string | null; actual: string | null }>(
    db,
    sql`select m.subject_id as id, m.kind, to_char(m.planned, 'YYYY-MM-DD') as planned, to_char(m.actual, 'YYYY-MM-DD') as actual
        from project_milestone m where ${inScope(actor, 'project_milestone', 'm')} ${id === undefined ? sql`` : sql`and m.subject_id = ${id}`}`,
  );
  const out = new Map(found.map((p) => [p.id, { ...p, plan: Array(12).fill(0) as number[], milestones: [] as ProjectRow['milestones'] }]));
  for (const p of plans) {
    const x = out.get(p.id);
    if (x) for (const [m, amount] of Object.entries(p.months)) x.plan[Number(m) - 1] = amount;
  }
  for (const m of milestones) out.get(m.id)?.milestones.push({ kind: m.kind, planned: m.planned, actual: m.actual });
  return [...out.values()];
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
