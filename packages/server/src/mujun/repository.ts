/**
 * SQL of 亩均效益: parcels and leases of a year, the enterprises of the roster with the attributes
 * the evaluation needs, their MJ_* values of a year, runs with one result per enterprise, 调档.
 * Every read of a region-bound table goes through the scope door.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { actorNameOf } from '../audit/names.js';
import { isoTime, one, rows, type Db } from '../db/store.js';

export interface ParcelRow {
  parcelCode: string;
  regionCode: string;
  areaMu: number;
  ownerCode: string | null;
  leases: { tenant: string; areaMu: number }[];
}

/** Replaces the year's parcels in the given towns (a new land file supersedes the old one). */
export async function replaceParcelsUnscoped(tx: Db, year: number, regions: string[], parcels: ParcelRow[], source: string, by: string) {
  await tx.execute(sql`delete from mujun_parcel where year = ${year} and region_code = any(${sql.param(regions)}::text[])`);
  const step = 2000;
  for (let i = 0; i < parcels.length; i += step) {
    const part = parcels.slice(i, i + step);
    const ids = await rows<{ id: number; parcelCode: string }>(
      tx,
      sql`insert into mujun_parcel (year, parcel_code, region_code, area_mu, owner_code, source, loaded_by)
          select ${year}, p.code, p.region, p.area, nullif(p.owner, ''), ${source}, ${by}
          from unnest(${sql.param(part.map((p) => p.parcelCode))}::text[], ${sql.param(part.map((p) => p.regionCode))}::text[],
                      ${sql.param(part.map((p) => p.areaMu))}::float8[], ${sql.param(part.map((p) => p.ownerCode ?? ''))}::text[])
               as p(code, region, area, owner)
          returning id, parcel_code as "parcelCode"`,
    );
    const idOf = new Map(ids.map((r) => [r.parcelCode, r.id]));
    const leases = part.flatMap((p) => p.leases.map((l) => ({ id: idOf.get(p.parcelCode)!, ...l })));
    if (leases.length) {
      await tx.execute(
        sql`insert into mujun_lease (parcel_id, tenant_code, area_mu)
            select * from unnest(${sql.param(leases.map((l) => l.id))}::bigint[], ${sql.param(leases.map((l) => l.tenant))}::text[],
                                 ${sql.param(leases.map((l) => l.areaMu))}::float8[])`,
      );
    }
  }
}

export async function parcelsOf(db: Db, actor: Actor, year: number): Promise<ParcelRow[]> {
  // two flat reads joined here: a correlated json_agg per parcel costs more than the parcels themselves
  const [parcels, leases] = await Promise.all([
    rows<Omit<ParcelRow, 'leases'> & { id: number }>(
      db,
      sql`select p.id, p.parcel_code as "parcelCode", p.region_code as "regionCode", p.area_mu as "areaMu", p.owner_code as "ownerCode"
          from mujun_parcel p where p.year = ${year} and ${inScope(actor, 'mujun_parcel', 'p')} order by p.parcel_code`,
    ),
    rows<{ parcelId: number; tenant: string; areaMu: number }>(
      db,
      sql`select l.parcel_id as "parcelId", l.tenant_code as tenant, l.area_mu as "areaMu"
          from mujun_lease l join mujun_parcel p on p.id = l.parcel_id
          where p.year = ${year} and ${inScope(actor, 'mujun_parcel', 'p')} order by l.parcel_id, l.tenant_code`,
    ),
  ]);
  const byParcel = new Map<number, { tenant: string; areaMu: number }[]>();
  for (const l of leases) {
    let list = byParcel.get(l.parcelId);
    if (!list) byParcel.set(l.parcelId, (list = []));
    list.push({ tenant: l.tenant, areaMu: l.areaMu });
  }
  return parcels.map(({ id, ...p }) => ({ ...p, leases: byParcel.get(id) ?? [] }));
}

export interface EnterpriseRow {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  regionPath: string;
  scale: string | null;
  industry: string | null;
  platform: string | null;
  status: string | null;
}

/** Attributes are kept as the roster's header text (行业代码, 规模 …) or English keys. */
const attribute = (zh: string, en: string) => sql`coalesce(s.attributes->>${zh}, s.attributes->>${en})`;

/** The roster's enterprises in scope, with their region's path (a village's town is on it). */
export async function enterprisesOf(db: Db, actor: Actor): Promise<EnterpriseRow[]> {
  return rows<EnterpriseRow>(
    db,
    sql`select s.id, s.code, s.name, s.region_code as "regionCode", r.name as "regionName",
          r.path as "regionPath",
          ${attribute('规模', 'scale')} as scale, ${attribute('行业代码', 'industry')} as industry,
          ${attribute('所属平台', 'platform')} as platform, ${attribute('经营状态', 'status')} as status
        from subject s join region r on r.code = s.region_code
        where s.kind = 'enterprise' and ${inScope(actor, 'subject', 's')} order by s.code`,
  );
}

/** Current MJ_* values of one year for the enterprises in scope: subject id, indicator, value. */
/** Codes of the towns (镇街) in scope: an enterprise's result is counted under its town. */
export async function townCodes(db: Db, actor: Actor): Promise<Map<string, string>> {
  const found = await rows<{ code: string; name: string }>(
    db,
    sql`select r.code, r.name from region r where r.level = 'town' and ${inScope(actor, 'region', 'r')}`,
  );
  return new Map(found.map((f) => [f.code, f.name]));
}

/**
 * Current values of one year of the given indicators for the enterprises in scope, one row per
 * enterprise with a column per indicator (null where it has none): a tenth of the rows of one per value.
 */
export async function valuesOf(
  db: Db,
  actor: Actor,
  year: number,
  indicators: readonly string[],
): Promise<{ subjectId: number; values: (number | null)[] }[]> {
  const columns = sql.join(
    indicators.map((code, i) => sql`max(o.value) filter (where o.indicator_code = ${code}) as ${sql.identifier(`v${i}`)}`),
    sql`, `,
  );
  const found = await rows<Record<string, number | null> & { subjectId: number }>(
    db,
    sql`select o.subject_id as "subjectId", ${columns} from observation o
        where o.is_current and o.indicator_code = any(${sql.param([...indicators])}::text[]) and o.period_start = ${`${year}-01-01`}::date
          and o.period = ${String(year)} and ${inScope(actor, 'observation', 'o')}
        group by o.subject_id`,
  );
  return found.map((r) => ({ subjectId: r.subjectId, values: indicators.map((_, i) => r[`v${i}`] ?? null) }));
}

export interface NewRun {
  year: number;
  regionCode: string;
  options: unknown;
  schemes: unknown;
  inputDigest: string;
  createdBy: string;
}

export interface NewResult {
  subjectId: number;
  regionCode: string;
  scale: 'above' | 'below';
  industry: string | null;
  landMu: number | null;
  inputs: Record<string, number | null>;
  items: Record<string, number | null>;
  score: number | null;
  rank: number | null;
  class: string | null;
  notRated: string | null;
  vetoes: string[];
}

export async function insertRunUnscoped(tx: Db, run: NewRun, results: NewResult[]): Promise<number> {
  const created = await one<{ id: number }>(
    tx,
    sql`insert into mujun_run (year, region_code, options, schemes, input_digest, created_by)
        values (${run.year}, ${run.regionCode}, ${JSON.stringify(run.options)}::jsonb, ${JSON.stringify(run.schemes)}::jsonb,
                ${run.inputDigest}, ${run.createdBy}) returning id`,
  );
  const id = created!.id;
  // one JSON document per chunk, read as json (not jsonb: no tree is built for the whole chunk), each
  // row's inputs and items cast to jsonb on their own — a third faster than jsonb_to_recordset here
  const step = 20_000;
  for (let i = 0; i < results.length; i += step) {
    const part = results.slice(i, i + step);
    await tx.execute(
      sql`insert into mujun_result (run_id, subject_id, region_code, scale, industry, land_mu, inputs, items, score, rank, class, not_rated, vetoes)
          select ${id}, r."subjectId", r."regionCode", r.scale, r.industry, r."landMu", r.inputs::jsonb, r.items::jsonb, r.score, r.rank, r.class,
                 r."notRated", array(select json_array_elements_text(r.vetoes))
          from json_to_recordset(${JSON.stringify(part)}::json) as r("subjectId" bigint, "regionCode" text, scale text, industry text,
               "landMu" float8, inputs json, items json, score float8, rank int, class text, "notRated" text, vetoes json)`,
    );
  }
  return id;
}

export interface RunRow {
  id: number;
  year: number;
  regionCode: string;
  regionName: string;
  options: Record<string, unknown>;
  status: 'draft' | 'published' | 'final';
  createdBy: string;
  createdAt: string;
  counts: Record<string, number>;
  publishedAt: string | null;
  appealDays: number;
  /** the end of the 公示 window (published_at + appeal_days), null before publication */
  appealUntil: string | null;
}

const runColumns = (actor: Actor) => sql`m.id, m.year, m.region_code as "regionCode", g.name as "regionName", m.options, m.status,
  ${actorNameOf(sql`m.created_by`)} as "createdBy",
  ${isoTime(sql`m.created_at`)} as "createdAt",
  ${isoTime(sql`m.published_at`)} as "publishedAt", m.appeal_days as "appealDays",
  ${isoTime(sql`m.published_at + make_interval(days => m.appeal_days)`)} as "appealUntil",
  (select json_object_agg(k, n) from (select coalesce(x.class, 'notRated') as k, count(*)::int as n from mujun_result x
     where x.run_id = m.id and ${inScope(actor, 'mujun_result', 'x')} group by 1) c) as counts`;

export async function listRuns(db: Db, actor: Actor): Promise<RunRow[]> {
  return rows<RunRow>(
    db,
    sql`select ${runColumns(actor)} from mujun_run m join region g on g.code = m.region_code
        where ${inScope(actor, 'mujun_run', 'm')} or exists (select 1 from mujun_result x where x.run_id = m.id and ${inScope(actor, 'mujun_result', 'x')})
        order by m.year desc, m.id desc limit 200`,
  );
}

export async function runById(db: Db, actor: Actor, id: number): Promise<(RunRow & { schemes: unknown }) | undefined> {
  return one(
    db,
    sql`select ${runColumns(actor)}, m.schemes from mujun_run m join region g on g.code = m.region_code
        where m.id = ${id} and (${inScope(actor, 'mujun_run', 'm')} or exists (select 1 from mujun_result x where x.run_id = m.id and ${inScope(actor, 'mujun_result', 'x')}))`,
  );
}

export type MujunClass = 'A' | 'B' | 'C' | 'D';

export interface ResultRow {
  subjectId: number;
  code: string;
  name: string;
  regionCode: string;
  townName: string;
  scale: 'above' | 'below';
  industry: string | null;
  landMu: number | null;
  inputs: Record<string, number | null>;
  items: Record<string, number | null>;
  score: number | null;
  rank: number | null;
  computedClass: MujunClass | null;
  class: MujunClass | null;
  adjusted: boolean;
  notRated: string | null;
  vetoes: string[];
}

export interface ResultFilter {
  scale?: 'above' | 'below';
  class?: string;
  region?: string;
  q?: string;
}

const resultWhere = (actor: Actor, runId: number, f: ResultFilter) => sql`x.run_id = ${runId} and ${inScope(actor, 'mujun_result', 'x')}
  ${f.scale ? sql`and x.scale = ${f.scale}` : sql``}
  ${f.region ? sql`and (x.region_code = ${f.region} or exists (select 1 from region rr where rr.code = x.region_code and rr.path like '%/' || ${f.region} || '/%'))` : sql``}
  ${f.q ? sql`and (s.name like ${'%' + f.q.replace(/[\\%_]/g, '\\$&') + '%'} or s.code = ${f.q})` : sql``}`;

/** The class after an approved 调档, else the computed one. */
const effectiveClass = sql`coalesce((select a.to_class from mujun_adjustment a where a.run_id = x.run_id and a.subject_id = x.subject_id
  and a.status = 'approved' order by a.decided_at desc limit 1), x.class)`;

export const resultColumns = sql`x.subject_id as "subjectId", s.code, s.name, x.region_code as "regionCode", r.name as "townName", x.scale, x.industry,
  x.land_mu as "landMu", x.inputs, x.items, x.score, x.rank, x.class as "computedClass", ${effectiveClass} as class,
  (${effectiveClass}) is distinct from x.class as adjusted, x.not_rated as "notRated", x.vetoes`;

export async function resultsOf(
  db: Db,
  actor: Actor,
  runId: number,
  f: ResultFilter,
  w: { limit: number; offset: number },
): Promise<ResultRow[]> {
  return rows<ResultRow>(
    db,
    sql`select * from (select ${resultColumns} from mujun_result x join subject s on s.id = x.subject_id join region r on r.code = x.region_code
        where ${resultWhere(actor, runId, f)}) t ${f.class ? sql`where coalesce(t.class, 'notRated') = ${f.class}` : sql``}
        order by t.scale, t.rank nulls last, t.code limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countResults(db: Db, actor: Actor, runId: number, f: ResultFilter): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select ${effectiveClass} as class from mujun_result x join subject s on s.id = x.subject_id
        where ${resultWhere(actor, runId, f)}) t ${f.class ? sql`where coalesce(t.class, 'notRated') = ${f.class}` : sql``}`,
  );
  return r?.n ?? 0;
}

/** Counts by town (the result's region) × class, classes after 调档. */
export async function distributionOf(db: Db, actor: Actor, runId: number, by: 'region' | 'platform' | 'division') {
  const key =
    by === 'region'
      ? sql`r.name`
      : by === 'platform'
        ? sql`coalesce(s.attributes->>'所属平台', s.attributes->>'platform', '')`
        : sql`left(coalesce(x.industry, ''), 2)`;
  return rows<{ key: string; code: string; scale: string; class: string; n: number }>(
    db,
    sql`select ${key} as key, ${by === 'region' ? sql`x.region_code` : key} as code, x.scale, coalesce(${effectiveClass}, 'notRated') as class, count(*)::int as n
        from mujun_result x join subject s on s.id = x.subject_id join region r on r.code = x.region_code
        where x.run_id = ${runId} and ${inScope(actor, 'mujun_result', 'x')}
        group by 1, 2, 3, 4 order by 2, 3, 4`,
  );
}

/** Effective classes of the enterprises of a year's latest published or final run (for streaks and migration). */
export async function classesOfYear(db: Db, actor: Actor, year: number, before?: number): Promise<Map<string, string | null>> {
  const found = await rows<{ code: string; class: string | null }>(
    db,
    sql`select s.code, ${effectiveClass} as class from mujun_result x join subject s on s.id = x.subject_id
        where x.run_id = (select m.id from mujun_run m where m.year = ${year} ${before ? sql`and m.id < ${before}` : sql``}
                          and m.status in ('published', 'final') and ${inScope(actor, 'mujun_run', 'm')} order by m.id desc limit 1)
          and ${inScope(actor, 'mujun_result', 'x')}`,
  );
  return new Map(found.map((f) => [f.code, f.class]));
}

export async function setRunStatusUnscoped(tx: Db, id: number, status: 'published' | 'final', appealDays?: number): Promise<void> {
  await tx.execute(
    status === 'published'
      ? sql`update mujun_run set status = ${status}, published_at = now(), appeal_days = ${appealDays ?? 7} where id = ${id}`
      : sql`update mujun_run set status = ${status} where id = ${id}`,
  );
}

export interface AdjustmentRow {
  id: number;
  subjectId: number;
  code: string;
  name: string;
  fromClass: string | null;
  toClass: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export async function adjustmentsOf(db: Db, actor: Actor, runId: number): Promise<AdjustmentRow[]> {
  return rows<AdjustmentRow>(
    db,
    sql`select a.id, a.subject_id as "subjectId", s.code, s.name, a.from_class as "fromClass", a.to_class as "toClass", a.reason,
          ${actorNameOf(sql`a.requested_by`)} as "requestedBy",
          ${isoTime(sql`a.requested_at`)} as "requestedAt", a.status,
          ${actorNameOf(sql`a.decided_by`)} as "decidedBy",
          ${isoTime(sql`a.decided_at`)} as "decidedAt", a.decision_note as "decisionNote"
        from mujun_adjustment a join subject s on s.id = a.subject_id
        where a.run_id = ${runId} and ${inScope(actor, 'mujun_adjustment', 'a')} order by a.id desc`,
  );
}

export async function resultForUpdate(tx: Db, actor: Actor, runId: number, code: string) {
  return one<{ subjectId: number; regionCode: string; class: string | null }>(
    tx,
    sql`select x.subject_id as "subjectId", x.region_code as "regionCode", ${effectiveClass} as class from mujun_result x
        join subject s on s.id = x.subject_id
        where x.run_id = ${runId} and s.code = ${code} and ${inScope(actor, 'mujun_result', 'x')} for update of x`,
  );
}

export async function insertAdjustmentUnscoped(
  tx: Db,
  a: { runId: number; subjectId: number; regionCode: string; fromClass: string | null; toClass: string; reason: string; by: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into mujun_adjustment (run_id, subject_id, region_code, from_class, to_class, reason, requested_by)
        values (${a.runId}, ${a.subjectId}, ${a.regionCode}, ${a.fromClass}, ${a.toClass}, ${a.reason}, ${a.by}) returning id`,
  );
  return r!.id;
}

export async function pendingAdjustment(tx: Db, actor: Actor, runId: number, id: number) {
  return one<{ id: number; requestedBy: string; status: string; subjectId: number; toClass: string; fromClass: string | null }>(
    tx,
    sql`select a.id, a.requested_by as "requestedBy", a.status, a.subject_id as "subjectId", a.to_class as "toClass", a.from_class as "fromClass"
        from mujun_adjustment a where a.id = ${id} and a.run_id = ${runId} and ${inScope(actor, 'mujun_adjustment', 'a')} for update of a`,
  );
}

export async function decideAdjustmentUnscoped(
  tx: Db,
  id: number,
  status: 'approved' | 'rejected',
  by: string,
  note: string,
): Promise<void> {
  await tx.execute(
    sql`update mujun_adjustment set status = ${status}, decided_by = ${by}, decided_at = now(), decision_note = ${note} where id = ${id}`,
  );
}

/** Every result of a run with its class as published (after 调档): the district figures read these. */
export async function classedResultsUnscoped(db: Db, runId: number) {
  return rows<{
    region: string;
    scale: 'above' | 'below';
    class: MujunClass | null;
    landMu: number | null;
    tax: number | null;
    valueAdded: number | null;
  }>(
    db,
    sql`select x.region_code as region, x.scale, ${effectiveClass} as class, x.land_mu as "landMu",
          (x.inputs->>'tax')::float8 as tax, (x.inputs->>'value_added')::float8 as "valueAdded"
        from mujun_result x where x.run_id = ${runId}`,
  );
}

/** Whether the run's inputs came from synthetic batches (its figures are then labelled synthetic). */
export async function runInputsSyntheticUnscoped(db: Db, year: number): Promise<boolean> {
  const r = await one<{ synthetic: boolean }>(
    db,
    sql`select exists (select 1 from observation o join import_batch b on b.id = o.batch_id
          where o.is_current and o.indicator_code = 'MJ_TAX' and o.period = ${String(year)} and b.synthetic) as synthetic`,
  );
  return r?.synthetic ?? false;
}
