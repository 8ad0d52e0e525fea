/**
 * SQL of the assessment module. Every read of units and runs applies the data scope (`inScope`);
 * schemes are not region-bound. Run writes are unscoped by name: the service checks the units first.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { isoTime, one, rows, type Db } from '../db/store.js';
import { userNameOf } from '../audit/names.js';
import type { HistoryRow } from './schemas.js';

export interface SchemeRow {
  id: number;
  code: string;
  titleZh: string;
  titleEn: string;
  illustrative: boolean;
  createdBy: string;
  createdAt: string;
  latestVersion: number;
  latestLabel: string;
  latestAt: string;
  runCount: number;
}

/** Scheme columns; runCount counts the runs visible to the actor. */
const schemeColumns = (actor: Actor) => sql`s.id, s.code, s.title_zh as "titleZh", s.title_en as "titleEn", s.illustrative,
  s.created_by as "createdBy", ${isoTime(sql`s.created_at`)} as "createdAt",
  v.version as "latestVersion", v.label as "latestLabel", ${isoTime(sql`v.created_at`)} as "latestAt",
  (select count(*)::int from assess_run r join assess_scheme_version rv on rv.id = r.scheme_version_id
   where rv.scheme_id = s.id and ${inScope(actor, 'assess_run', 'r')}) as "runCount"`;
const LATEST = sql`join assess_scheme_version v on v.scheme_id = s.id
  and v.version = (select max(version) from assess_scheme_version where scheme_id = s.id)`;

export async function listSchemeRows(db: Db, actor: Actor): Promise<SchemeRow[]> {
  return rows<SchemeRow>(db, sql`select ${schemeColumns(actor)} from assess_scheme s ${LATEST} order by s.code`);
}

export async function findScheme(db: Db, actor: Actor, code: string): Promise<SchemeRow | undefined> {
  return one<SchemeRow>(db, sql`select ${schemeColumns(actor)} from assess_scheme s ${LATEST} where s.code = ${code}`);
}

export interface VersionRow {
  id: number;
  schemeId: number;
  schemeCode: string;
  version: number;
  label: string;
  definition: unknown;
  bindings: unknown;
  note: string;
  createdBy: string;
  createdAt: string;
}

const VERSION_COLUMNS = sql`v.id, v.scheme_id as "schemeId", s.code as "schemeCode", v.version, v.label, v.definition, v.bindings,
  v.note, v.created_by as "createdBy", ${isoTime(sql`v.created_at`)} as "createdAt"`;

export async function findVersion(db: Db, code: string, version?: number): Promise<VersionRow | undefined> {
  return one<VersionRow>(
    db,
    sql`select ${VERSION_COLUMNS} from assess_scheme_version v join assess_scheme s on s.id = v.scheme_id
        where s.code = ${code} ${version ? sql`and v.version = ${version}` : sql``} order by v.version desc limit 1`,
  );
}

export async function listVersions(
  db: Db,
  code: string,
): Promise<(Omit<VersionRow, 'definition' | 'bindings'> & { createdByName: string | null })[]> {
  return rows(
    db,
    sql`select v.id, v.scheme_id as "schemeId", s.code as "schemeCode", v.version, v.label, v.note, v.created_by as "createdBy",
          ${userNameOf(sql`v.created_by`)} as "createdByName", ${isoTime(sql`v.created_at`)} as "createdAt"
        from assess_scheme_version v join assess_scheme s on s.id = v.scheme_id where s.code = ${code} order by v.version desc`,
  );
}

export async function insertScheme(
  db: Db,
  s: { code: string; titleZh: string; titleEn: string; illustrative: boolean; createdBy: string },
): Promise<number> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`insert into assess_scheme (code, title_zh, title_en, illustrative, created_by)
        values (${s.code}, ${s.titleZh}, ${s.titleEn}, ${s.illustrative}, ${s.createdBy}) returning id`,
  );
  return r.id;
}

export async function retitleScheme(db: Db, id: number, title: { zh: string; en: string }): Promise<void> {
  await db.execute(sql`update assess_scheme set title_zh = ${title.zh}, title_en = ${title.en} where id = ${id}`);
}

export async function insertVersion(
  db: Db,
  v: { schemeId: number; label: string; definition: unknown; bindings: unknown; note: string; createdBy: string },
): Promise<number> {
  // serialised per scheme by the row lock on assess_scheme
  await db.execute(sql`select id from assess_scheme where id = ${v.schemeId} for update`);
  const [r] = await rows<{ version: number }>(
    db,
    sql`insert into assess_scheme_version (scheme_id, version, label, definition, bindings, note, created_by)
        select ${v.schemeId}, coalesce(max(version), 0) + 1, ${v.label}, ${JSON.stringify(v.definition)}::jsonb,
               ${JSON.stringify(v.bindings)}::jsonb, ${v.note}, ${v.createdBy}
        from assess_scheme_version where scheme_id = ${v.schemeId}
        returning version`,
  );
  return r.version;
}

/** A region by code whatever the scope, marked visible or not: to tell "unknown" (404) from "not yours" (403). */
export async function findRegionMarked(
  db: Db,
  actor: Actor,
  code: string,
): Promise<{ code: string; name: string; path: string; visible: boolean } | undefined> {
  return one(db, sql`select r.code, r.name, r.path, ${inScope(actor, 'region', 'r')} as visible from region r where r.code = ${code}`);
}

export interface UnitRow {
  code: string;
  name: string;
  regionCode: string;
  parentName: string | null;
  visible: boolean;
}

/** Candidate units under a region (all of them, each marked visible or not for the actor). */
export async function unitsUnder(
  db: Db,
  actor: Actor,
  regionPath: string,
  units: { kind: 'region'; level: string } | { kind: 'platform' },
): Promise<UnitRow[]> {
  if (units.kind === 'region') {
    return rows<UnitRow>(
      db,
      sql`select r.code, r.name, r.code as "regionCode", p.name as "parentName", ${inScope(actor, 'region', 'r')} as visible
          from region r left join region p on p.code = r.parent_code
          where r.level = ${units.level} and r.path like ${regionPath + '%'} order by r.code`,
    );
  }
  return rows<UnitRow>(
    db,
    sql`select s.code, s.name, s.region_code as "regionCode", r.name as "parentName", ${inScope(actor, 'subject', 's')} as visible
        from subject s join region r on r.code = s.region_code
        where s.kind = 'platform' and r.path like ${regionPath + '%'} order by s.code`,
  );
}

export interface RunRow {
  id: number;
  schemeVersionId: number;
  schemeId: number;
  schemeCode: string;
  titleZh: string;
  titleEn: string;
  illustrative: boolean;
  version: number;
  label: string;
  period: string;
  regionCode: string;
  regionName: string;
  unitKind: string;
  unitCount: number;
  inputSha256: string;
  synthetic: boolean;
  published: boolean;
  publishedBy: string | null;
  publishedAt: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
}

const RUN_COLUMNS = sql`r.id, r.scheme_version_id as "schemeVersionId", v.scheme_id as "schemeId", s.code as "schemeCode",
  s.title_zh as "titleZh", s.title_en as "titleEn", s.illustrative, v.version, v.label, r.period, r.region_code as "regionCode",
  g.name as "regionName", r.unit_kind as "unitKind", r.unit_count as "unitCount", r.input_sha256 as "inputSha256", r.synthetic,
  r.published, r.published_by as "publishedBy", ${isoTime(sql`r.published_at`)} as "publishedAt", r.created_by as "createdBy",
  ${userNameOf(sql`r.created_by`)} as "createdByName", ${isoTime(sql`r.created_at`)} as "createdAt"`;
const RUN_FROM = sql`assess_run r join assess_scheme_version v on v.id = r.scheme_version_id join assess_scheme s on s.id = v.scheme_id
  join region g on g.code = r.region_code`;

export interface RunFilter {
  scheme?: string;
  published?: boolean;
}

function runConditions(actor: Actor, f: RunFilter) {
  const c = [inScope(actor, 'assess_run', 'r')];
  if (f.scheme) c.push(sql`s.code = ${f.scheme}`);
  if (f.published !== undefined) c.push(sql`r.published = ${f.published}`);
  return sql.join(c, sql` and `);
}

/** One page of the runs in scope, newest first. */
export async function listRunRows(db: Db, actor: Actor, f: RunFilter, w: { limit: number; offset: number }): Promise<RunRow[]> {
  return rows<RunRow>(
    db,
    sql`select ${RUN_COLUMNS} from ${RUN_FROM} where ${runConditions(actor, f)} order by r.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countRuns(db: Db, actor: Actor, f: RunFilter): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from ${RUN_FROM} where ${runConditions(actor, f)}`))!.n;
}

export async function findRun(db: Db, actor: Actor, id: number): Promise<RunRow | undefined> {
  return one<RunRow>(db, sql`select ${RUN_COLUMNS} from ${RUN_FROM} where r.id = ${id} and ${inScope(actor, 'assess_run', 'r')}`);
}

export async function runPayload(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ input: unknown; outputs: unknown; definition: unknown; bindings: unknown } | undefined> {
  return one(
    db,
    sql`select r.input, r.outputs, v.definition, v.bindings from assess_run r join assess_scheme_version v on v.id = r.scheme_version_id
        where r.id = ${id} and ${inScope(actor, 'assess_run', 'r')}`,
  );
}

export async function visibleRunUnits(db: Db, actor: Actor, id: number): Promise<Set<string>> {
  const found = await rows<{ code: string }>(
    db,
    sql`select u.unit_code as code from assess_run_unit u where u.run_id = ${id} and ${inScope(actor, 'assess_run_unit', 'u')}`,
  );
  return new Set(found.map((r) => r.code));
}

export interface NewRun {
  schemeVersionId: number;
  period: string;
  regionCode: string;
  unitKind: string;
  input: unknown;
  inputSha256: string;
  outputs: unknown;
  synthetic: boolean;
  createdBy: string;
  units: { code: string; name: string; regionCode: string; final: number | null; rank: number | null; grade: string | null }[];
}

export async function insertRunUnscoped(db: Db, r: NewRun): Promise<number> {
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into assess_run (scheme_version_id, period, region_code, unit_kind, unit_count, input, input_sha256, outputs, synthetic, created_by)
        values (${r.schemeVersionId}, ${r.period}, ${r.regionCode}, ${r.unitKind}, ${r.units.length}, ${JSON.stringify(r.input)}::jsonb,
                ${r.inputSha256}, ${JSON.stringify(r.outputs)}::jsonb, ${r.synthetic}, ${r.createdBy})
        returning id`,
  );
  await db.execute(sql`
    insert into assess_run_unit (run_id, unit_code, unit_name, region_code, final, rank, grade)
    select ${row.id}, c, n, g, f, k, gr from unnest(
      ${sql.param(r.units.map((u) => u.code))}::text[], ${sql.param(r.units.map((u) => u.name))}::text[],
      ${sql.param(r.units.map((u) => u.regionCode))}::text[], ${sql.param(r.units.map((u) => u.final))}::float8[],
      ${sql.param(r.units.map((u) => u.rank))}::float8[], ${sql.param(r.units.map((u) => u.grade))}::text[]) as t(c, n, g, f, k, gr)`);
  return row.id;
}

export async function markPublishedUnscoped(db: Db, id: number, by: string): Promise<void> {
  await db.execute(sql`update assess_run set published = true, published_by = ${by}, published_at = now() where id = ${id}`);
}

/** The unit's rank in every visible run of the same scheme (any version), oldest period first. */
export async function rankHistory(db: Db, actor: Actor, schemeId: number, unit: string): Promise<HistoryRow[]> {
  return rows<HistoryRow>(
    db,
    sql`select r.id as "runId", r.period, v.version, v.label, r.published, ${isoTime(sql`r.created_at`)} as "createdAt",
          u.rank, u.final, u.grade, r.unit_count as "unitCount"
        from assess_run_unit u join assess_run r on r.id = u.run_id join assess_scheme_version v on v.id = r.scheme_version_id
        where v.scheme_id = ${schemeId} and u.unit_code = ${unit} and ${inScope(actor, 'assess_run_unit', 'u')}
        order by r.period, r.id`,
  );
}

/** Units of each run in the actor's scope. */
export async function visibleCounts(db: Db, actor: Actor, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const found = await rows<{ runId: number; n: number }>(
    db,
    sql`select u.run_id as "runId", count(*)::int as n from assess_run_unit u
        where u.run_id = any(${sql.param(ids)}::bigint[]) and ${inScope(actor, 'assess_run_unit', 'u')} group by u.run_id`,
  );
  return new Map(found.map((r) => [r.runId, r.n]));
}
