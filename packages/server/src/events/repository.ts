/**
 * SQL of 三级指挥协同: cases (region-bound by the village or town where they happened), their
 * append-only actions, categories, units, routing, the working-time calendar and the transitions
 * table. Every read of a case goes through the scope door.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DeadlineUnit, WorkCalendar } from '@gongfu/engine/calendar';
import { workCalendarUnscoped } from '../calendar/repository.js';
import type { EventState, Transition } from '@gongfu/engine/events';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { actorNameOf } from '../audit/names.js';
import { isoTime, one, rows, type Db } from '../db/store.js';

export interface CaseRow {
  id: number;
  channel: 'grid' | 'web' | 'hotline' | 'api';
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
  parentName: string;
  parentNameEn: string;
  regionCode: string;
  regionName: string;
  townCode: string;
  townName: string;
  lon: number | null;
  lat: number | null;
  address: string;
  description: string;
  reporterName: string;
  reporterPhone: string;
  state: EventState;
  level: 'town' | 'district';
  unitCode: string | null;
  unitName: string | null;
  unitNameEn: string | null;
  unitRegionCode: string | null;
  version: number;
  reportedAt: string;
  filedAt: string | null;
  dispatchedAt: string | null;
  handledAt: string | null;
  closedAt: string | null;
  handleDueAt: string | null;
  closeDueAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  extensionPending: boolean;
  extensionHours: number | null;
  extended: boolean;
  checked: boolean;
  reworked: boolean;
  supervised: number;
  duplicateOf: number | null;
  rating: number | null;
  createdBy: string;
  /** 协办 units */
  cohandlers: { code: string; name: string; nameEn: string; regionCode: string }[];
  synthetic: boolean;
}

const COLUMNS = sql`c.id, c.channel, c.category_code as "categoryCode", k.name_zh as "categoryName", k.name_en as "categoryNameEn",
  coalesce(p.name_zh, '') as "parentName", coalesce(p.name_en, '') as "parentNameEn",
  c.region_code as "regionCode", r.name as "regionName", c.town_code as "townCode", t.name as "townName",
  c.lon, c.lat, c.address, c.description, c.reporter_name as "reporterName", c.reporter_phone as "reporterPhone",
  c.state, c.level, c.unit_code as "unitCode", u.name_zh as "unitName", u.name_en as "unitNameEn", u.region_code as "unitRegionCode",
  c.version, ${isoTime(sql`c.reported_at`)} as "reportedAt", ${isoTime(sql`c.filed_at`)} as "filedAt",
  ${isoTime(sql`c.dispatched_at`)} as "dispatchedAt", ${isoTime(sql`c.handled_at`)} as "handledAt",
  ${isoTime(sql`c.closed_at`)} as "closedAt", ${isoTime(sql`c.handle_due_at`)} as "handleDueAt",
  ${isoTime(sql`c.close_due_at`)} as "closeDueAt", ${isoTime(sql`c.due_at`)} as "dueAt", c.overdue,
  c.extension_pending as "extensionPending", c.extension_hours as "extensionHours", c.extended, c.checked, c.reworked,
  c.supervised, c.duplicate_of::int as "duplicateOf", c.rating, c.created_by as "createdBy",
  coalesce((select jsonb_agg(jsonb_build_object('code', hu.code, 'name', hu.name_zh, 'nameEn', hu.name_en, 'regionCode', hu.region_code)
                             order by h.added_at, hu.code)
            from event_case_cohandler h join event_unit hu on hu.code = h.unit_code where h.case_id = c.id), '[]'::jsonb) as cohandlers,
  c.synthetic`;
const FROM = sql`from event_case c join event_category k on k.code = c.category_code left join event_category p on p.code = k.parent_code
  join region r on r.code = c.region_code join region t on t.code = c.town_code left join event_unit u on u.code = c.unit_code`;

/** One case in the actor's scope; `lock` takes a row lock for a transition. */
export async function caseById(db: Db, actor: Actor, id: number, lock = false): Promise<CaseRow | undefined> {
  return one<CaseRow>(
    db,
    sql`select ${COLUMNS} ${FROM} where c.id = ${id} and ${inScope(actor, 'event_case', 'c')} ${lock ? sql`for update of c` : sql``}`,
  );
}

export async function caseByKey(db: Db, actor: Actor, key: string): Promise<CaseRow | undefined> {
  return one<CaseRow>(db, sql`select ${COLUMNS} ${FROM} where c.idempotency_key = ${key} and ${inScope(actor, 'event_case', 'c')}`);
}

export interface CaseFilter {
  states?: readonly EventState[];
  state?: EventState;
  town?: string;
  category?: string;
  overdue?: boolean;
  unitRegion?: string;
  /** only cases dispatched to one of these units (a department handler's view) */
  units?: readonly string[];
  extensionPending?: boolean;
}

/** The case is dispatched to one of these units, or one of them co-handles it (协办). */
const unitsSee = (units: readonly string[]) =>
  sql`(c.unit_code = any(${sql.param([...units])}::text[]) or exists (select 1 from event_case_cohandler h
        where h.case_id = c.id and h.unit_code = any(${sql.param([...units])}::text[])))`;

function where(actor: Actor, f: CaseFilter): SQL {
  const parts: SQL[] = [inScope(actor, 'event_case', 'c')];
  if (f.states) parts.push(sql`c.state = any(${sql.param([...f.states])}::text[])`);
  if (f.state) parts.push(sql`c.state = ${f.state}`);
  if (f.town) parts.push(sql`c.town_code = ${f.town}`);
  if (f.category) parts.push(sql`(c.category_code = ${f.category} or k.parent_code = ${f.category})`);
  if (f.overdue !== undefined) parts.push(sql`c.overdue = ${f.overdue}`);
  if (f.unitRegion) parts.push(sql`u.region_code = ${f.unitRegion}`);
  if (f.units) parts.push(unitsSee(f.units));
  return sql.join(parts, sql` and `);
}

export async function listCases(db: Db, actor: Actor, f: CaseFilter, w: { limit: number; offset: number }): Promise<CaseRow[]> {
  return rows<CaseRow>(
    db,
    sql`select ${COLUMNS} ${FROM} where ${where(actor, f)}
        order by c.overdue desc, c.due_at asc nulls last, c.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countCases(db: Db, actor: Actor, f: CaseFilter): Promise<number> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n ${FROM} where ${where(actor, f)}`);
  return r?.n ?? 0;
}

export interface NewCase {
  idempotencyKey: string;
  channel: string;
  categoryCode: string;
  regionCode: string;
  townCode: string;
  lon: number | null;
  lat: number | null;
  address: string;
  description: string;
  reporterName: string;
  reporterPhone: string;
  reportedAt?: string;
  synthetic?: boolean;
  createdBy: string;
}

/** Inserts a case unless its key exists; the new id, or undefined when the key was taken. */
export async function insertCaseUnscoped(tx: Db, c: NewCase): Promise<number | undefined> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into event_case (idempotency_key, channel, category_code, region_code, town_code, lon, lat, address, description,
          reporter_name, reporter_phone, reported_at, synthetic, created_by)
        values (${c.idempotencyKey}, ${c.channel}, ${c.categoryCode}, ${c.regionCode}, ${c.townCode}, ${c.lon}, ${c.lat}, ${c.address},
          ${c.description}, ${c.reporterName}, ${c.reporterPhone}, coalesce(${c.reportedAt ?? null}::timestamptz, now()),
          ${c.synthetic ?? false}, ${c.createdBy})
        on conflict (idempotency_key) do nothing returning id::int as id`,
  );
  return r?.id;
}

export interface CaseChange {
  state: EventState;
  level?: 'town' | 'district';
  unitCode?: string | null;
  filedAt?: string | null;
  dispatchedAt?: string | null;
  handledAt?: string | null;
  closedAt?: string | null;
  handleDueAt?: string | null;
  closeDueAt?: string | null;
  dueAt?: string | null;
  overdue?: boolean;
  extensionPending?: boolean;
  extensionHours?: number | null;
  extended?: boolean;
  checked?: boolean;
  reworked?: boolean;
  supervisedBy?: number;
  /** one more 派遣/改派; one more dispatch sent back or re-dispatched */
  addDispatch?: boolean;
  addMisdispatch?: boolean;
  rating?: number | null;
  duplicateOf?: number | null;
}

/** Applies a change if the case still has `version`; false when another change won. */
export async function updateCaseUnscoped(tx: Db, id: number, version: number, ch: CaseChange): Promise<boolean> {
  const sets: SQL[] = [sql`state = ${ch.state}`, sql`version = version + 1`];
  const col = (name: string, v: unknown, cast = '') => sets.push(sql`${sql.raw(name)} = ${v}${sql.raw(cast)}`);
  if (ch.level !== undefined) col('level', ch.level);
  if (ch.unitCode !== undefined) col('unit_code', ch.unitCode);
  if (ch.filedAt !== undefined) col('filed_at', ch.filedAt, '::timestamptz');
  if (ch.dispatchedAt !== undefined) col('dispatched_at', ch.dispatchedAt, '::timestamptz');
  if (ch.handledAt !== undefined) col('handled_at', ch.handledAt, '::timestamptz');
  if (ch.closedAt !== undefined) col('closed_at', ch.closedAt, '::timestamptz');
  if (ch.handleDueAt !== undefined) col('handle_due_at', ch.handleDueAt, '::timestamptz');
  if (ch.closeDueAt !== undefined) col('close_due_at', ch.closeDueAt, '::timestamptz');
  if (ch.dueAt !== undefined) col('due_at', ch.dueAt, '::timestamptz');
  if (ch.overdue !== undefined) col('overdue', ch.overdue);
  if (ch.extensionPending !== undefined) col('extension_pending', ch.extensionPending);
  if (ch.extensionHours !== undefined) col('extension_hours', ch.extensionHours);
  if (ch.extended !== undefined) col('extended', ch.extended);
  if (ch.checked !== undefined) col('checked', ch.checked);
  if (ch.reworked !== undefined) col('reworked', ch.reworked);
  if (ch.supervisedBy) sets.push(sql`supervised = supervised + ${ch.supervisedBy}`);
  if (ch.addDispatch) sets.push(sql`dispatch_count = dispatch_count + 1`);
  if (ch.addMisdispatch) sets.push(sql`misdispatch_count = misdispatch_count + 1`);
  if (ch.rating !== undefined) col('rating', ch.rating);
  if (ch.duplicateOf !== undefined) col('duplicate_of', ch.duplicateOf);
  const r = await rows<{ id: number }>(
    tx,
    sql`update event_case set ${sql.join(sets, sql`, `)} where id = ${id} and version = ${version} returning id`,
  );
  return r.length === 1;
}

/** A step of a case's timeline (`step` is the timeline's action, e.g. report, dispatch: not an audit action). */
export async function appendActionUnscoped(
  tx: Db,
  a: { caseId: number; step: string; from: string | null; to: string; actor: string; reason?: string; detail?: unknown; at?: string },
): Promise<void> {
  await tx.execute(
    sql`insert into event_action (case_id, action, from_state, to_state, actor, reason, detail, at)
        values (${a.caseId}, ${a.step}, ${a.from}, ${a.to}, ${a.actor}, ${a.reason ?? ''},
                ${a.detail === undefined ? null : JSON.stringify(a.detail)}::jsonb, coalesce(${a.at ?? null}::timestamptz, now()))`,
  );
}

export interface ActionRow {
  id: number;
  action: string;
  fromState: EventState | null;
  toState: EventState;
  actor: string;
  actorName: string;
  at: string;
  reason: string;
  detail: unknown;
}

export async function timeline(db: Db, actor: Actor, caseId: number): Promise<ActionRow[]> {
  return rows<ActionRow>(
    db,
    sql`select a.id::int as id, a.action, a.from_state as "fromState", a.to_state as "toState", a.actor,
          ${actorNameOf(sql`a.actor`)} as "actorName", ${isoTime(sql`a.at`)} as at, a.reason, a.detail
        from event_action a where a.case_id = ${caseId} and ${inScope(actor, 'event_action', 'a')} order by a.id`,
  );
}

export interface CategoryRow {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  handleLimit: number | null;
  handleUnit: DeadlineUnit | null;
  closeLimit: number | null;
  closeUnit: DeadlineUnit | null;
}

export async function categoriesUnscoped(db: Db): Promise<CategoryRow[]> {
  return rows<CategoryRow>(
    db,
    sql`select k.code, k.parent_code as "parentCode", k.name_zh as "nameZh", k.name_en as "nameEn", k.handle_limit as "handleLimit",
          k.handle_unit as "handleUnit", k.close_limit as "closeLimit", k.close_unit as "closeUnit"
        from event_category k left join event_category p on p.code = k.parent_code
        order by coalesce(p.position, k.position), k.parent_code nulls first, k.position`,
  );
}

export async function unitsUnscoped(
  db: Db,
): Promise<{ code: string; kind: 'region' | 'department'; regionCode: string; nameZh: string; nameEn: string }[]> {
  return rows(
    db,
    sql`select code, kind, region_code as "regionCode", name_zh as "nameZh", name_en as "nameEn" from event_unit order by kind desc, code`,
  );
}

export async function unitUnscoped(db: Db, code: string) {
  return one<{ code: string; regionCode: string; nameZh: string; nameEn: string }>(
    db,
    sql`select code, region_code as "regionCode", name_zh as "nameZh", name_en as "nameEn" from event_unit where code = ${code}`,
  );
}

/** The unit the routing table names for a category at a place (most specific region on its path). */
export async function routedUnitUnscoped(db: Db, categoryCode: string, regionCode: string, townCode: string) {
  return one<{ code: string; nameZh: string; nameEn: string }>(
    db,
    sql`with rt as (
          select x.unit_code, x.locality from event_routing x join region g on g.code = x.region_code
          where x.category_code = ${categoryCode} and (select path from region where code = ${regionCode}) like g.path || '%'
          order by length(g.path) desc limit 1)
        select u.code, u.name_zh as "nameZh", u.name_en as "nameEn" from rt join event_unit u
          on u.code = coalesce(rt.unit_code, case rt.locality when 'town' then ${townCode} else ${regionCode} end)`,
  );
}

/** Makes sure a town or village can be a unit (属地). */
export async function ensureRegionUnitUnscoped(db: Db, regionCode: string): Promise<void> {
  await db.execute(
    sql`insert into event_unit (code, kind, region_code, name_zh, name_en)
        select code, 'region', code, name, coalesce(name_en, name) from region where code = ${regionCode}
        on conflict (code) do nothing`,
  );
}

/** The settings alone (no calendar): what intake needs for a new case, which has no deadline yet. */
export async function settingsUnscoped(db: Db): Promise<{ warnShare: number; duplicateMetres: number; duplicateHours: number }> {
  return (await one<{ warnShare: number; duplicateMetres: number; duplicateHours: number }>(
    db,
    sql`select warn_share as "warnShare", duplicate_metres as "duplicateMetres", duplicate_hours as "duplicateHours" from event_setting`,
  ))!;
}

export async function calendarUnscoped(
  db: Db,
): Promise<{ cal: WorkCalendar; warnShare: number; duplicateMetres: number; duplicateHours: number }> {
  const [cal, settings] = await Promise.all([workCalendarUnscoped(db), settingsUnscoped(db)]);
  return { cal, ...settings };
}

export async function transitionsUnscoped(db: Db): Promise<Transition[]> {
  return rows<Transition>(
    db,
    sql`select from_state as "from", action, to_state as "to", allowed, guard from event_transition order by from_state, action`,
  ).then((list) => list.map((t) => (t.guard === null ? { ...t, guard: undefined } : t)));
}

/**
 * The 条线 department units an account staffs: those whose administration department is the
 * account's department or one of its ancestors. Empty for accounts outside any department unit.
 */
export async function staffedUnitsUnscoped(db: Db, userId: number | undefined): Promise<string[]> {
  if (userId === undefined) return [];
  const list = await rows<{ code: string }>(
    db,
    sql`select e.code from app_user u join department ud on ud.id = u.department_id
          join department d on ud.path like d.path || '%' join event_unit e on e.department_id = d.id
        where u.id = ${userId} order by e.code`,
  );
  return list.map((r) => r.code);
}

/** The region an actor's account is anchored to, with its level; none for system actors. */
export async function homeRegionUnscoped(db: Db, userId: number | undefined) {
  if (userId === undefined) return undefined;
  return one<{ code: string; level: string; parentCode: string | null }>(
    db,
    sql`select r.code, r.level, r.parent_code as "parentCode" from app_user u join region r on r.code = u.region_code where u.id = ${userId}`,
  );
}

/** The town of a place where a case happened, when the place is in the actor's scope. */
/** The town of region `r`: itself, or the town above a village or grid. */
const TOWN_OF_R = sql`case when r.level = 'town' then r.code when r.level in ('village', 'grid') then
  (select t.code from region t where r.path like t.path || '%' and t.level = 'town') end`;

/**
 * What an intake needs to know before it writes, in one round trip (each was its own query, and
 * round trips were most of an intake's time): whether the idempotency key is taken (the cheap
 * unique-key probe; keys are global, so unscoped), the settings, the reported sub-category, and the
 * place (through the scope door) with its town.
 */
export async function intakeContext(db: Db, actor: Actor, key: string, categoryCode: string, regionCode: string) {
  const found = (await one<{
    keyTaken: boolean;
    warnShare: number;
    duplicateMetres: number;
    duplicateHours: number;
    categoryParent: string | null;
    categoryKnown: boolean;
    placeLevel: string | null;
    townCode: string | null;
  }>(
    db,
    sql`select exists (select 1 from event_case where idempotency_key = ${key}) as "keyTaken",
          s.warn_share as "warnShare", s.duplicate_metres as "duplicateMetres", s.duplicate_hours as "duplicateHours",
          k.parent_code as "categoryParent", k.code is not null as "categoryKnown", p.level as "placeLevel", p."townCode"
        from event_setting s
        left join event_category k on k.code = ${categoryCode}
        left join (
          select r.level, ${TOWN_OF_R} as "townCode"
          from region r where r.code = ${regionCode} and ${inScope(actor, 'region', 'r')}
        ) p on true`,
  ))!;
  return found;
}

export async function placeOf(db: Db, actor: Actor, regionCode: string) {
  return one<{ code: string; level: string; townCode: string | null }>(
    db,
    sql`select r.code, r.level, ${TOWN_OF_R} as "townCode"
        from region r where r.code = ${regionCode} and ${inScope(actor, 'region', 'r')}`,
  );
}

/** The towns and villages in the actor's scope, with each village's town (names for imports). */
export async function placesInScope(db: Db, actor: Actor) {
  return rows<{ code: string; name: string; level: 'town' | 'village'; townCode: string | null }>(
    db,
    sql`select r.code, r.name, r.level, case when r.level = 'town' then r.code else r.parent_code end as "townCode"
        from region r where r.level in ('town', 'village') and ${inScope(actor, 'region', 'r')}`,
  );
}

/** Which of these idempotency keys are already taken (any scope: a key is unique across cases). */
export async function existingKeysUnscoped(db: Db, keys: string[]): Promise<Set<string>> {
  const found = await rows<{ k: string }>(
    db,
    sql`select idempotency_key as k from event_case where idempotency_key = any(${sql.param(keys)}::text[])`,
  );
  return new Set(found.map((r) => r.k));
}

/** Open cases of a category near a point and a time, for duplicate suggestion (bounding box first). */
export async function nearbyOpenCases(
  db: Db,
  actor: Actor,
  q: { category: string; lon: number; lat: number; at: string; metres: number; hours: number; openStates: readonly string[] },
) {
  const dLat = q.metres / 111_320;
  const dLon = q.metres / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  return rows<{ id: number; category: string; state: EventState; lon: number; lat: number; reportedAt: string }>(
    db,
    sql`select c.id::int as id, c.category_code as category, c.state, c.lon, c.lat, ${isoTime(sql`c.reported_at`)} as "reportedAt"
        from event_case c
        where c.category_code = ${q.category} and c.state = any(${sql.param([...q.openStates])}::text[])
          and c.lat between ${q.lat - dLat} and ${q.lat + dLat} and c.lon between ${q.lon - dLon} and ${q.lon + dLon}
          and c.reported_at between ${q.at}::timestamptz - make_interval(secs => ${q.hours * 3600})
                                and ${q.at}::timestamptz + make_interval(secs => ${q.hours * 3600})
          and ${inScope(actor, 'event_case', 'c')}`,
  );
}

export interface IndicatorCaseRow {
  unit: string | null;
  unitName: string | null;
  unitNameEn: string | null;
  town: string;
  townName: string;
  category: string;
  categoryName: string;
  categoryNameEn: string;
  filedAt: string | null;
  dispatched: boolean;
  handleDueAt: string | null;
  handledAt: string | null;
  closeDueAt: string | null;
  closedAt: string | null;
  checked: boolean;
  reworked: boolean;
  extended: boolean;
  parked: boolean;
  dispatches: number;
  misdispatches: number;
  rating: number | null;
  synthetic: boolean;
}

/** The cases the indicators of a period need: filed before its end (overdue counts reach back). */
export async function indicatorCases(db: Db, actor: Actor, to: string, units?: readonly string[]): Promise<IndicatorCaseRow[]> {
  return rows<IndicatorCaseRow>(
    db,
    sql`select c.unit_code as unit, u.name_zh as "unitName", u.name_en as "unitNameEn", c.town_code as town, t.name as "townName",
          c.category_code as category, k.name_zh as "categoryName", k.name_en as "categoryNameEn",
          ${isoTime(sql`c.filed_at`)} as "filedAt", c.dispatched_at is not null as dispatched,
          ${isoTime(sql`c.handle_due_at`)} as "handleDueAt", ${isoTime(sql`c.handled_at`)} as "handledAt",
          ${isoTime(sql`c.close_due_at`)} as "closeDueAt", ${isoTime(sql`c.closed_at`)} as "closedAt",
          c.checked, c.reworked, c.extended, c.state = 'parked' as parked,
          c.dispatch_count as dispatches, c.misdispatch_count as misdispatches, c.rating, c.synthetic
        from event_case c join region t on t.code = c.town_code join event_category k on k.code = c.category_code
          left join event_unit u on u.code = c.unit_code
        where c.filed_at is not null and c.filed_at < ${to}::timestamptz and c.duplicate_of is null and ${inScope(actor, 'event_case', 'c')}
          ${units ? sql`and ${unitsSee(units)}` : sql``}`,
  );
}

/** Marks open cases past their stage deadline overdue, with one action row each; the ids marked. */
export async function markOverdueUnscoped(tx: Db, now: string, states: readonly string[]): Promise<number[]> {
  const marked = await rows<{ id: number; state: string }>(
    tx,
    sql`update event_case set overdue = true
        where not overdue and due_at < ${now}::timestamptz and state = any(${sql.param([...states])}::text[])
        returning id::int as id, state`,
  );
  if (marked.length) {
    await tx.execute(
      sql`insert into event_action (case_id, action, from_state, to_state, actor, at, reason)
          select m.id, 'overdue', m.state, m.state, 'system:events-sweep', ${now}::timestamptz, ''
          from unnest(${sql.param(marked.map((m) => m.id))}::bigint[], ${sql.param(marked.map((m) => m.state))}::text[]) as m(id, state)`,
    );
  }
  return marked.map((m) => m.id);
}

export async function summary(
  db: Db,
  actor: Actor,
  now: string,
  monthStart: string,
  openStates: readonly string[],
  units?: readonly string[],
) {
  return one<{ open: number; overdue: number; closedThisMonth: number; synthetic: boolean }>(
    db,
    sql`select count(*) filter (where c.state = any(${sql.param([...openStates])}::text[]))::int as open,
          count(*) filter (where c.state = any(${sql.param([...openStates])}::text[]) and c.overdue)::int as overdue,
          count(*) filter (where c.closed_at >= ${monthStart}::timestamptz and c.closed_at < ${now}::timestamptz)::int as "closedThisMonth",
          coalesce(bool_or(c.synthetic), false) as synthetic
        from event_case c where ${inScope(actor, 'event_case', 'c')}
          ${units ? sql`and ${unitsSee(units)}` : sql``}`,
  );
}

// ---------------------------------------------------------------- the live map

export interface MapTownRow {
  code: string;
  name: string;
  open: number;
  overdue: number;
  synthetic: boolean;
}
export interface MapPointRow {
  id: number;
  lon: number;
  lat: number;
  state: EventState;
  overdue: boolean;
  categoryName: string;
  categoryNameEn: string;
  townName: string;
  reportedAt: string;
}

/** Open cases per town (those with open cases), in the caller's scope and units. */
export async function openByTown(db: Db, actor: Actor, openStates: readonly string[], units?: readonly string[]): Promise<MapTownRow[]> {
  return rows<MapTownRow>(
    db,
    sql`select c.town_code as code, t.name, count(*)::int as open, count(*) filter (where c.overdue)::int as overdue,
          bool_or(c.synthetic) as synthetic
        from event_case c join region t on t.code = c.town_code
        where c.state = any(${sql.param([...openStates])}::text[]) and ${inScope(actor, 'event_case', 'c')}
          ${units ? sql`and ${unitsSee(units)}` : sql``}
        group by c.town_code, t.name order by open desc, c.town_code`,
  );
}

/** The newest open cases with a location, at most `limit` (overdue first, so they are never the ones left out). */
export async function openPoints(
  db: Db,
  actor: Actor,
  openStates: readonly string[],
  limit: number,
  units?: readonly string[],
): Promise<MapPointRow[]> {
  return rows<MapPointRow>(
    db,
    sql`select c.id, c.lon, c.lat, c.state, c.overdue, k.name_zh as "categoryName", k.name_en as "categoryNameEn", t.name as "townName",
          ${isoTime(sql`c.reported_at`)} as "reportedAt"
        from event_case c join event_category k on k.code = c.category_code join region t on t.code = c.town_code
        where c.state = any(${sql.param([...openStates])}::text[]) and c.lon is not null and c.lat is not null
          and ${inScope(actor, 'event_case', 'c')} ${units ? sql`and ${unitsSee(units)}` : sql``}
        order by c.overdue desc, c.reported_at desc, c.id desc limit ${limit}`,
  );
}

// ---------------------------------------------------------------- Open311 (public reads)

/** A case as Open311 GeoReport v2 shows it publicly: no reporter columns at all. */
export interface PublicCaseRow {
  id: number;
  categoryCode: string;
  categoryName: string;
  state: EventState;
  description: string;
  unitName: string | null;
  address: string;
  lon: number | null;
  lat: number | null;
  reportedAt: string;
  updatedAt: string;
  expectedAt: string | null;
}

export interface PublicFilter {
  ids?: number[];
  categories?: string[];
  from?: string;
  to?: string;
  states?: readonly EventState[];
}

const PUBLIC_COLUMNS = sql`c.id::int as id, c.category_code as "categoryCode", k.name_zh as "categoryName", c.state, c.description,
  u.name_zh as "unitName", c.address, c.lon, c.lat, ${isoTime(sql`c.reported_at`)} as "reportedAt",
  ${isoTime(sql`coalesce((select max(a.at) from event_action a where a.case_id = c.id), c.reported_at)`)} as "updatedAt",
  ${isoTime(sql`coalesce(c.close_due_at, c.handle_due_at)`)} as "expectedAt"`;
const PUBLIC_FROM = sql`from event_case c join event_category k on k.code = c.category_code left join event_unit u on u.code = c.unit_code`;

function publicWhere(f: PublicFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.ids) parts.push(sql`c.id = any(${sql.param(f.ids)}::bigint[])`);
  if (f.categories) parts.push(sql`c.category_code = any(${sql.param(f.categories)}::text[])`);
  if (f.from) parts.push(sql`c.reported_at >= ${f.from}::timestamptz`);
  if (f.to) parts.push(sql`c.reported_at <= ${f.to}::timestamptz`);
  if (f.states) parts.push(sql`c.state = any(${sql.param([...f.states])}::text[])`);
  return sql.join(parts, sql` and `);
}

/** Open311 is public (GeoReport v2 GETs need no key): every case, but only the public columns above. */
export async function publicCasesUnscoped(db: Db, f: PublicFilter, w: { limit: number; offset: number }): Promise<PublicCaseRow[]> {
  return rows<PublicCaseRow>(
    db,
    sql`select ${PUBLIC_COLUMNS} ${PUBLIC_FROM} where ${publicWhere(f)} order by c.reported_at desc, c.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countPublicCasesUnscoped(db: Db, f: PublicFilter): Promise<number> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n ${PUBLIC_FROM} where ${publicWhere(f)}`);
  return r?.n ?? 0;
}

/** The case id of an Open311 token (the stored idempotency key of its submission). */
export async function caseIdByKeyUnscoped(db: Db, key: string): Promise<number | undefined> {
  return (await one<{ id: number }>(db, sql`select id::int as id from event_case where idempotency_key = ${key}`))?.id;
}

// ---------------------------------------------------------------- 协办 and attachments

export async function addCohandlerUnscoped(tx: Db, caseId: number, unitCode: string, by: string): Promise<boolean> {
  const r = await rows<{ u: string }>(
    tx,
    sql`insert into event_case_cohandler (case_id, unit_code, added_by) values (${caseId}, ${unitCode}, ${by})
        on conflict do nothing returning unit_code as u`,
  );
  return r.length === 1;
}

export interface FileRow {
  id: number;
  stage: 'report' | 'handling';
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedByName: string;
  uploadedAt: string;
}

export async function insertFileUnscoped(
  tx: Db,
  f: { caseId: number; stage: string; fileName: string; contentType: string; bytes: Buffer; sha256: string; by: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into event_case_file (case_id, stage, file_name, content_type, size, bytes, sha256, uploaded_by)
        values (${f.caseId}, ${f.stage}, ${f.fileName}, ${f.contentType}, ${f.bytes.length}, ${f.bytes}, ${f.sha256}, ${f.by})
        returning id::int as id`,
  );
  return r!.id;
}

export async function countFilesUnscoped(tx: Db, caseId: number): Promise<number> {
  return (await one<{ n: number }>(tx, sql`select count(*)::int as n from event_case_file where case_id = ${caseId}`))!.n;
}

export async function filesOf(db: Db, actor: Actor, caseId: number): Promise<FileRow[]> {
  return rows<FileRow>(
    db,
    sql`select f.id::int as id, f.stage, f.file_name as "fileName", f.content_type as "contentType", f.size, f.sha256,
          f.uploaded_by as "uploadedBy", ${actorNameOf(sql`f.uploaded_by`)} as "uploadedByName", ${isoTime(sql`f.uploaded_at`)} as "uploadedAt"
        from event_case_file f where f.case_id = ${caseId} and ${inScope(actor, 'event_case_file', 'f')} order by f.id`,
  );
}

export async function fileBytes(db: Db, actor: Actor, caseId: number, fileId: number) {
  return one<{ fileName: string; contentType: string; bytes: Uint8Array }>(
    db,
    sql`select f.file_name as "fileName", f.content_type as "contentType", f.bytes from event_case_file f
        where f.id = ${fileId} and f.case_id = ${caseId} and ${inScope(actor, 'event_case_file', 'f')}`,
  );
}

// ---------------------------------------------------------------- the routing table and units (edited by the centre)

export interface RoutingRow {
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
  regionCode: string;
  regionName: string;
  unitCode: string | null;
  unitName: string | null;
  unitNameEn: string | null;
  locality: 'town' | 'village' | null;
}

/** The routing rules whose region is in the actor's scope. */
export async function routingRules(db: Db, actor: Actor): Promise<RoutingRow[]> {
  return rows<RoutingRow>(
    db,
    sql`select x.category_code as "categoryCode", k.name_zh as "categoryName", k.name_en as "categoryNameEn",
          x.region_code as "regionCode", r.name as "regionName", x.unit_code as "unitCode", u.name_zh as "unitName",
          u.name_en as "unitNameEn", x.locality
        from event_routing x join event_category k on k.code = x.category_code join region r on r.code = x.region_code
          left join event_unit u on u.code = x.unit_code
        where ${inScope(actor, 'region', 'r')}
        order by r.path, k.position, x.category_code`,
  );
}

export async function routingRuleUnscoped(db: Db, categoryCode: string, regionCode: string) {
  return one<{ unitCode: string | null; locality: 'town' | 'village' | null }>(
    db,
    sql`select unit_code as "unitCode", locality from event_routing where category_code = ${categoryCode} and region_code = ${regionCode}`,
  );
}

export async function upsertRoutingUnscoped(
  tx: Db,
  r: { categoryCode: string; regionCode: string; unitCode: string | null; locality: 'town' | 'village' | null },
): Promise<void> {
  await tx.execute(
    sql`insert into event_routing (category_code, region_code, unit_code, locality)
        values (${r.categoryCode}, ${r.regionCode}, ${r.unitCode}, ${r.locality})
        on conflict (category_code, region_code) do update set unit_code = excluded.unit_code, locality = excluded.locality`,
  );
}

export async function deleteRoutingUnscoped(tx: Db, categoryCode: string, regionCode: string): Promise<boolean> {
  const r = await rows(
    tx,
    sql`delete from event_routing where category_code = ${categoryCode} and region_code = ${regionCode} returning category_code`,
  );
  return r.length === 1;
}

export interface UnitStaffing {
  code: string;
  kind: 'region' | 'department';
  regionCode: string;
  nameZh: string;
  nameEn: string;
  departmentId: number | null;
  departmentName: string | null;
}

/** The 条线 department units with the administration department whose staff handle their cases. */
export async function departmentUnitsUnscoped(db: Db): Promise<UnitStaffing[]> {
  return rows<UnitStaffing>(
    db,
    sql`select e.code, e.kind, e.region_code as "regionCode", e.name_zh as "nameZh", e.name_en as "nameEn",
          e.department_id::int as "departmentId", d.name as "departmentName"
        from event_unit e left join department d on d.id = e.department_id where e.kind = 'department' order by e.code`,
  );
}

export async function setUnitDepartmentUnscoped(tx: Db, code: string, departmentId: number | null): Promise<number | null | undefined> {
  const before = await one<{ d: number | null }>(tx, sql`select department_id::int as d from event_unit where code = ${code} for update`);
  if (!before) return undefined;
  await tx.execute(sql`update event_unit set department_id = ${departmentId} where code = ${code}`);
  return before.d;
}

export async function departmentExistsUnscoped(db: Db, id: number): Promise<boolean> {
  return (await one(db, sql`select 1 as x from department where id = ${id}`)) !== undefined;
}

export interface CategoryInput {
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  handleLimit: number | null;
  handleUnit: DeadlineUnit | null;
  closeLimit: number | null;
  closeUnit: DeadlineUnit | null;
}

/** Creates or changes a category; a new one goes last among its siblings. */
export async function upsertCategoryUnscoped(tx: Db, code: string, c: CategoryInput): Promise<void> {
  await tx.execute(
    sql`insert into event_category (code, parent_code, name_zh, name_en, handle_limit, handle_unit, close_limit, close_unit, position)
        values (${code}, ${c.parentCode}, ${c.nameZh}, ${c.nameEn}, ${c.handleLimit}, ${c.handleUnit}, ${c.closeLimit}, ${c.closeUnit},
          (select coalesce(max(position), 0) + 1 from event_category where parent_code is not distinct from ${c.parentCode}))
        on conflict (code) do update set parent_code = excluded.parent_code, name_zh = excluded.name_zh, name_en = excluded.name_en,
          handle_limit = excluded.handle_limit, handle_unit = excluded.handle_unit, close_limit = excluded.close_limit,
          close_unit = excluded.close_unit`,
  );
}
