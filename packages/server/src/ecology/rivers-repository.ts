/**
 * SQL of 河长制 and water quality. Every read of a region-bound table goes through the scope door;
 * writers carry `Unscoped` because their callers resolved the river, reach or chief in the actor's
 * scope first.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { one, rows, type Db } from '../db/store.js';

export interface PlaceRow {
  code: string;
  name: string;
  level: string;
  path: string;
  townCode: string | null;
}

/** A region in the actor's scope, with its town (itself for a town, the enclosing town below). */
export async function placeOf(db: Db, actor: Actor, code: string): Promise<PlaceRow | undefined> {
  return one<PlaceRow>(
    db,
    sql`select r.code, r.name, r.level, r.path,
          case when r.level = 'town' then r.code when r.level in ('village', 'grid') then
            (select t.code from region t where r.path like t.path || '%' and t.level = 'town') end as "townCode"
        from region r where r.code = ${code} and ${inScope(actor, 'region', 'r')}`,
  );
}

// ---------------------------------------------------------------- rivers

export async function upsertRiverUnscoped(
  tx: Db,
  r: { code: string; name: string; regionCode: string; geometry: unknown; synthetic?: boolean; createdBy: string },
): Promise<void> {
  await tx.execute(
    sql`insert into eco_river (code, name, region_code, geometry, synthetic, created_by)
        values (${r.code}, ${r.name}, ${r.regionCode}, ${r.geometry === null ? null : JSON.stringify(r.geometry)}::jsonb, ${r.synthetic ?? false}, ${r.createdBy})
        on conflict (code) do update set name = excluded.name, region_code = excluded.region_code, geometry = excluded.geometry`,
  );
}

export interface RiverRow {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  reaches: number;
  hasGeometry: boolean;
  synthetic: boolean;
}

/** Rivers in scope: registered in a region the actor sees, or holding a reach the actor sees. */
export async function riversOf(db: Db, actor: Actor, code?: string): Promise<RiverRow[]> {
  return rows<RiverRow>(
    db,
    sql`select v.code, v.name, v.region_code as "regionCode", r.name as "regionName",
          (select count(*)::int from eco_reach h where h.river_code = v.code and ${inScope(actor, 'eco_reach', 'h')}) as reaches,
          v.geometry is not null as "hasGeometry", v.synthetic
        from eco_river v join region r on r.code = v.region_code
        where (${code ?? null}::text is null or v.code = ${code ?? null})
          and (${inScope(actor, 'eco_river', 'v')}
            or exists (select 1 from eco_reach h where h.river_code = v.code and ${inScope(actor, 'eco_reach', 'h')}))
        order by v.code`,
  );
}

/** A river's row by code regardless of scope (is the code taken?). */
export async function riverExistsUnscoped(db: Db, code: string) {
  return one<{ regionCode: string }>(db, sql`select region_code as "regionCode" from eco_river where code = ${code}`);
}

// ---------------------------------------------------------------- reaches

export async function upsertReachUnscoped(
  tx: Db,
  r: {
    code: string;
    riverCode: string;
    name: string;
    regionCode: string;
    townCode: string;
    lengthKm: number | null;
    geometry: unknown;
    synthetic?: boolean;
    createdBy: string;
  },
): Promise<void> {
  await tx.execute(
    sql`insert into eco_reach (code, river_code, name, region_code, town_code, length_km, geometry, synthetic, created_by)
        values (${r.code}, ${r.riverCode}, ${r.name}, ${r.regionCode}, ${r.townCode}, ${r.lengthKm},
          ${r.geometry === null ? null : JSON.stringify(r.geometry)}::jsonb, ${r.synthetic ?? false}, ${r.createdBy})
        on conflict (code) do update set river_code = excluded.river_code, name = excluded.name, region_code = excluded.region_code,
          town_code = excluded.town_code, length_km = excluded.length_km, geometry = excluded.geometry`,
  );
  // the chiefs follow the reach's region
  await tx.execute(sql`update eco_reach_chief set region_code = ${r.regionCode} where reach_code = ${r.code}`);
}

export async function reachExistsUnscoped(db: Db, code: string) {
  return one<{ regionCode: string }>(db, sql`select region_code as "regionCode" from eco_reach where code = ${code}`);
}

export interface ReachRow {
  code: string;
  name: string;
  riverCode: string;
  riverName: string;
  regionCode: string;
  regionName: string;
  townCode: string;
  townName: string;
  lengthKm: number | null;
  hasGeometry: boolean;
  synthetic: boolean;
}
export interface ReachFilter {
  river?: string;
  townCode?: string;
  q?: string;
  code?: string;
}

const reachWhere = (actor: Actor, f: ReachFilter) => {
  const w = [inScope(actor, 'eco_reach', 'h')];
  if (f.river) w.push(sql`h.river_code = ${f.river}`);
  if (f.townCode) w.push(sql`h.town_code = ${f.townCode}`);
  if (f.code) w.push(sql`h.code = ${f.code}`);
  if (f.q) w.push(sql`(h.code ilike ${'%' + f.q + '%'} or h.name ilike ${'%' + f.q + '%'} or v.name ilike ${'%' + f.q + '%'})`);
  return sql.join(w, sql` and `);
};

export async function reachesOf(db: Db, actor: Actor, f: ReachFilter, w = { limit: 100_000, offset: 0 }): Promise<ReachRow[]> {
  return rows<ReachRow>(
    db,
    sql`select h.code, h.name, h.river_code as "riverCode", v.name as "riverName", h.region_code as "regionCode", r.name as "regionName",
          h.town_code as "townCode", t.name as "townName", h.length_km as "lengthKm", h.geometry is not null as "hasGeometry", h.synthetic
        from eco_reach h join eco_river v on v.code = h.river_code join region r on r.code = h.region_code join region t on t.code = h.town_code
        where ${reachWhere(actor, f)} order by h.town_code, h.river_code, h.code limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countReaches(db: Db, actor: Actor, f: ReachFilter): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from eco_reach h join eco_river v on v.code = h.river_code where ${reachWhere(actor, f)}`,
  );
  return r?.n ?? 0;
}

// ---------------------------------------------------------------- chiefs and rules

export interface ChiefRow {
  id: number;
  reachCode: string;
  level: 'district' | 'town' | 'village';
  personName: string;
  phone: string;
  userId: number | null;
  username: string | null;
  townCode: string;
  reachName: string;
}

/** Chiefs of reaches in scope (all reaches in scope when `reachCodes` is omitted). */
export async function chiefsOf(db: Db, actor: Actor, reachCodes?: readonly string[]): Promise<ChiefRow[]> {
  return rows<ChiefRow>(
    db,
    sql`select c.id::int as id, c.reach_code as "reachCode", c.level, c.person_name as "personName", c.phone,
          c.user_id::int as "userId", u.username, h.town_code as "townCode", h.name as "reachName"
        from eco_reach_chief c join eco_reach h on h.code = c.reach_code left join app_user u on u.id = c.user_id
        where ${inScope(actor, 'eco_reach_chief', 'c')}
          ${reachCodes ? sql`and c.reach_code = any(${sql.param([...reachCodes])}::text[])` : sql``}
        order by c.reach_code, case c.level when 'district' then 1 when 'town' then 2 else 3 end`,
  );
}

export async function upsertChiefUnscoped(
  tx: Db,
  c: {
    reachCode: string;
    level: string;
    userId: number | null;
    personName: string;
    phone: string;
    regionCode: string;
    synthetic?: boolean;
    createdBy: string;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into eco_reach_chief (reach_code, level, user_id, person_name, phone, region_code, synthetic, created_by)
        values (${c.reachCode}, ${c.level}, ${c.userId}, ${c.personName}, ${c.phone}, ${c.regionCode}, ${c.synthetic ?? false}, ${c.createdBy})
        on conflict (reach_code, level) do update set user_id = excluded.user_id, person_name = excluded.person_name, phone = excluded.phone
        returning id::int as id`,
  );
  return r!.id;
}

/** An account by username (accounts are not region-bound; the caller checks the account's region). */
export async function userByName(db: Db, username: string) {
  return one<{ id: number; displayName: string; regionCode: string | null }>(
    db,
    sql`select id::int as id, display_name as "displayName", region_code as "regionCode" from app_user where username = ${username} and not disabled`,
  );
}

export async function patrolRules(db: Db): Promise<{ level: 'district' | 'town' | 'village'; periodDays: number; source: string }[]> {
  return rows(
    db,
    sql`select level, period_days as "periodDays", source from eco_patrol_rule
        order by case level when 'district' then 1 when 'town' then 2 else 3 end`,
  );
}

export async function updatePatrolRule(tx: Db, level: string, periodDays: number, source: string) {
  return one<{ before: number }>(
    tx,
    sql`update eco_patrol_rule n set period_days = ${periodDays}, source = ${source}
        from eco_patrol_rule o where n.level = o.level and n.level = ${level} returning o.period_days as before`,
  );
}

// ---------------------------------------------------------------- patrols

export async function insertPatrolUnscoped(
  tx: Db,
  p: {
    reachCode: string;
    chiefId: number;
    date: string;
    track: readonly (readonly [number, number])[];
    note: string;
    regionCode: string;
    townCode: string;
    synthetic?: boolean;
    createdBy: string;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into eco_patrol (reach_code, chief_id, patrolled_on, track, note, region_code, town_code, synthetic, created_by)
        values (${p.reachCode}, ${p.chiefId}, ${p.date}::date, ${JSON.stringify(p.track)}::jsonb, ${p.note}, ${p.regionCode},
          ${p.townCode}, ${p.synthetic ?? false}, ${p.createdBy})
        returning id::int as id`,
  );
  return r!.id;
}

export async function insertProblemUnscoped(
  tx: Db,
  p: { patrolId: number; description: string; categoryCode: string; caseId: number | null; regionCode: string; createdBy: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into eco_patrol_problem (patrol_id, description, category_code, case_id, region_code, created_by)
        values (${p.patrolId}, ${p.description}, ${p.categoryCode}, ${p.caseId}, ${p.regionCode}, ${p.createdBy}) returning id::int as id`,
  );
  return r!.id;
}

export async function insertPhotoUnscoped(
  tx: Db,
  p: { patrolId: number; fileName: string; contentType: string; bytes: Buffer; sha256: string; uploadedBy: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into eco_patrol_photo (patrol_id, file_name, content_type, bytes, sha256, size, uploaded_by)
        values (${p.patrolId}, ${p.fileName}, ${p.contentType}, ${p.bytes}, ${p.sha256}, ${p.bytes.length}, ${p.uploadedBy}) returning id::int as id`,
  );
  return r!.id;
}

export interface PatrolRow {
  id: number;
  reachCode: string;
  reachName: string;
  townCode: string;
  townName: string;
  chiefId: number;
  chiefName: string;
  level: 'district' | 'town' | 'village';
  date: string;
  points: number;
  note: string;
  problems: number;
  synthetic: boolean;
  createdBy: string;
}
export interface PatrolFilter {
  reach?: string;
  townCode?: string;
  river?: string;
  id?: number;
}
const patrolWhere = (actor: Actor, f: PatrolFilter) => {
  const w = [inScope(actor, 'eco_patrol', 'p')];
  if (f.reach) w.push(sql`p.reach_code = ${f.reach}`);
  if (f.townCode) w.push(sql`p.town_code = ${f.townCode}`);
  if (f.river) w.push(sql`p.reach_code in (select x.code from eco_reach x where x.river_code = ${f.river})`);
  if (f.id !== undefined) w.push(sql`p.id = ${f.id}`);
  return sql.join(w, sql` and `);
};

export async function patrolsOf(db: Db, actor: Actor, f: PatrolFilter, w = { limit: 100, offset: 0 }): Promise<PatrolRow[]> {
  return rows<PatrolRow>(
    db,
    sql`select p.id::int as id, p.reach_code as "reachCode", h.name as "reachName", p.town_code as "townCode", t.name as "townName",
          p.chief_id::int as "chiefId", c.person_name as "chiefName", c.level, to_char(p.patrolled_on, 'YYYY-MM-DD') as date,
          jsonb_array_length(p.track)::int as points, p.note,
          (select count(*)::int from eco_patrol_problem q where q.patrol_id = p.id) as problems, p.synthetic, p.created_by as "createdBy"
        from eco_patrol p join eco_reach h on h.code = p.reach_code join region t on t.code = p.town_code
          join eco_reach_chief c on c.id = p.chief_id
        where ${patrolWhere(actor, f)} order by p.patrolled_on desc, p.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countPatrols(db: Db, actor: Actor, f: PatrolFilter): Promise<number> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n from eco_patrol p where ${patrolWhere(actor, f)}`);
  return r?.n ?? 0;
}

export async function patrolTrack(db: Db, actor: Actor, id: number) {
  return one<{ track: [number, number][] }>(
    db,
    sql`select p.track from eco_patrol p where p.id = ${id} and ${inScope(actor, 'eco_patrol', 'p')}`,
  );
}

export async function problemsOf(db: Db, actor: Actor, patrolId: number) {
  return rows<{ id: number; description: string; categoryCode: string; caseId: number | null }>(
    db,
    sql`select q.id::int as id, q.description, q.category_code as "categoryCode", q.case_id::int as "caseId"
        from eco_patrol_problem q where q.patrol_id = ${patrolId} and ${inScope(actor, 'eco_patrol_problem', 'q')} order by q.id`,
  );
}

export async function photosOf(db: Db, actor: Actor, patrolId: number) {
  return rows<{ id: number; fileName: string; contentType: string; size: number; sha256: string }>(
    db,
    sql`select f.id::int as id, f.file_name as "fileName", f.content_type as "contentType", f.size, f.sha256
        from eco_patrol_photo f where f.patrol_id = ${patrolId} and ${inScope(actor, 'eco_patrol_photo', 'f')} order by f.id`,
  );
}

export async function photoBytes(db: Db, actor: Actor, patrolId: number, photoId: number) {
  return one<{ fileName: string; contentType: string; bytes: Uint8Array }>(
    db,
    sql`select f.file_name as "fileName", f.content_type as "contentType", f.bytes from eco_patrol_photo f
        where f.id = ${photoId} and f.patrol_id = ${patrolId} and ${inScope(actor, 'eco_patrol_photo', 'f')}`,
  );
}

/** Patrol dates per chief in [from, to], for chiefs in scope. */
export async function patrolDates(db: Db, actor: Actor, from: string, to: string) {
  return rows<{ chiefId: number; dates: string[] }>(
    db,
    sql`select p.chief_id::int as "chiefId", array_agg(distinct to_char(p.patrolled_on, 'YYYY-MM-DD')) as dates
        from eco_patrol p where p.patrolled_on between ${from}::date and ${to}::date and ${inScope(actor, 'eco_patrol', 'p')}
        group by p.chief_id`,
  );
}

export async function lastPatrols(db: Db, actor: Actor, chiefIds: readonly number[]) {
  return rows<{ chiefId: number; last: string }>(
    db,
    sql`select p.chief_id::int as "chiefId", to_char(max(p.patrolled_on), 'YYYY-MM-DD') as last from eco_patrol p
        where p.chief_id = any(${sql.param([...chiefIds])}::bigint[]) and ${inScope(actor, 'eco_patrol', 'p')} group by p.chief_id`,
  );
}

export interface ProblemRow {
  id: number;
  patrolId: number;
  date: string;
  reachCode: string;
  reachName: string;
  riverName: string;
  townName: string;
  chiefName: string;
  level: 'district' | 'town' | 'village';
  description: string;
  categoryCode: string;
  caseId: number | null;
}

/** Problems found on patrols in scope (newest patrol first), with the event case each opened. */
export async function problemList(db: Db, actor: Actor, f: { river?: string }, w = { limit: 100, offset: 0 }): Promise<ProblemRow[]> {
  return rows<ProblemRow>(
    db,
    sql`select q.id::int as id, p.id::int as "patrolId", to_char(p.patrolled_on, 'YYYY-MM-DD') as date, p.reach_code as "reachCode",
          h.name as "reachName", v.name as "riverName", t.name as "townName", c.person_name as "chiefName", c.level,
          q.description, q.category_code as "categoryCode", q.case_id::int as "caseId"
        from eco_patrol_problem q join eco_patrol p on p.id = q.patrol_id join eco_reach h on h.code = p.reach_code
          join eco_river v on v.code = h.river_code join region t on t.code = p.town_code join eco_reach_chief c on c.id = p.chief_id
        where ${inScope(actor, 'eco_patrol_problem', 'q')} and (${f.river ?? null}::text is null or h.river_code = ${f.river ?? null})
        order by p.patrolled_on desc, q.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countProblems(db: Db, actor: Actor, f: { river?: string }): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from eco_patrol_problem q join eco_patrol p on p.id = q.patrol_id join eco_reach h on h.code = p.reach_code
        where ${inScope(actor, 'eco_patrol_problem', 'q')} and (${f.river ?? null}::text is null or h.river_code = ${f.river ?? null})`,
  );
  return r?.n ?? 0;
}
