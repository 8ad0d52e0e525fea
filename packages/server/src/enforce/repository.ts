/**
 * SQL of 大综合一体化执法: the item catalogue, scenarios and inspectors (district-wide master data,
 * not region-bound), and the region-bound draws, inspections and cases, every read of which goes
 * through the scope door. Inspection objects are enterprise subjects of the registry.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { CaseStage, DrawInput, DrawResult } from '@gongfu/engine/enforce';
import type { Actor } from '../auth/actor.js';
import { ignoringDepartments, inScope } from '../auth/scope.js';
import { userNameOf } from '../audit/names.js';
import { isoTime, one, rows, type Db } from '../db/store.js';

export type ItemType = 'inspect' | 'penalty' | 'coercion' | 'other';

export interface ItemRow {
  code: string;
  name: string;
  department: string;
  itemType: ItemType;
  legalBasis: string;
  subjectTypes: string;
  riskLevel: '' | 'high' | 'medium' | 'low';
  transferred: boolean;
  synthetic: boolean;
}

export interface ItemFilter {
  q?: string;
  department?: string;
  itemType?: ItemType;
  /** any of these types */
  itemTypes?: readonly ItemType[];
}

const ITEM_COLUMNS = sql`i.code, i.name, i.department, i.item_type as "itemType", i.legal_basis as "legalBasis",
  i.subject_types as "subjectTypes", i.risk_level as "riskLevel", i.transferred, i.synthetic`;

function itemWhere(f: ItemFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      sql`(i.code ilike ${like} or i.name ilike ${like} or i.department ilike ${like} or i.legal_basis ilike ${like} or i.subject_types ilike ${like})`,
    );
  }
  if (f.department) parts.push(sql`i.department = ${f.department}`);
  if (f.itemType) parts.push(sql`i.item_type = ${f.itemType}`);
  if (f.itemTypes) parts.push(sql`i.item_type = any(${sql.param([...f.itemTypes])}::text[])`);
  return sql.join(parts, sql` and `);
}

export async function listItems(db: Db, f: ItemFilter, w: { limit: number; offset: number }): Promise<ItemRow[]> {
  return rows<ItemRow>(
    db,
    sql`select ${ITEM_COLUMNS} from enforce_item i where ${itemWhere(f)} order by i.department, i.code limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countItems(db: Db, f: ItemFilter): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_item i where ${itemWhere(f)}`))?.n ?? 0;
}

export async function itemsByCode(db: Db, codes: string[]): Promise<ItemRow[]> {
  if (codes.length === 0) return [];
  return rows<ItemRow>(db, sql`select ${ITEM_COLUMNS} from enforce_item i where i.code = any(${sql.param(codes)}::text[]) order by i.code`);
}

export async function departments(db: Db): Promise<string[]> {
  return (
    await rows<{ d: string }>(
      db,
      sql`select distinct department as d from enforce_item union select distinct department from enforce_inspector order by 1`,
    )
  ).map((r) => r.d);
}

const VERSIONED: (keyof Omit<ItemRow, 'code' | 'synthetic'>)[] = [
  'name',
  'department',
  'itemType',
  'legalBasis',
  'subjectTypes',
  'riskLevel',
  'transferred',
];

/**
 * Insert or update items by code; every new or changed item appends a version row (all its fields,
 * who, when, why) in the caller's transaction, an unchanged one is left alone. Answers the counts.
 */
export async function upsertItems(
  db: Db,
  items: Omit<ItemRow, 'synthetic'>[],
  by: string,
  synthetic = false,
  note = '',
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  let inserted = 0;
  let updated = 0;
  const current = new Map(
    (
      await itemsByCode(
        db,
        items.map((i) => i.code),
      )
    ).map((i) => [i.code, i]),
  );
  for (const it of items) {
    const was = current.get(it.code);
    if (was && VERSIONED.every((k) => was[k] === it[k])) continue;
    await db.execute(
      sql`insert into enforce_item (code, name, department, item_type, legal_basis, subject_types, risk_level, transferred, synthetic, updated_by)
          values (${it.code}, ${it.name}, ${it.department}, ${it.itemType}, ${it.legalBasis}, ${it.subjectTypes}, ${it.riskLevel}, ${it.transferred}, ${synthetic}, ${by})
          on conflict (code) do update set name = excluded.name, department = excluded.department, item_type = excluded.item_type,
            legal_basis = excluded.legal_basis, subject_types = excluded.subject_types, risk_level = excluded.risk_level,
            transferred = excluded.transferred, updated_by = excluded.updated_by, updated_at = now()`,
    );
    await db.execute(
      sql`insert into enforce_item_version (code, version, name, department, item_type, legal_basis, subject_types, risk_level, transferred,
            synthetic, changed_by, note)
          select i.code, coalesce((select max(v.version) from enforce_item_version v where v.code = i.code), 0) + 1, i.name, i.department,
            i.item_type, i.legal_basis, i.subject_types, i.risk_level, i.transferred, i.synthetic, ${by}, ${note}
          from enforce_item i where i.code = ${it.code}`,
    );
    if (was) updated++;
    else inserted++;
  }
  return { inserted, updated, unchanged: items.length - inserted - updated };
}

export interface ItemVersionRow extends Omit<ItemRow, 'code'> {
  code: string;
  version: number;
  changedBy: string;
  changedByName: string | null;
  changedAt: string;
  note: string;
}

/** An item's versions, newest first (empty when the item does not exist). */
export async function itemVersions(db: Db, code: string): Promise<ItemVersionRow[]> {
  return rows<ItemVersionRow>(
    db,
    sql`select v.code, v.version, v.name, v.department, v.item_type as "itemType", v.legal_basis as "legalBasis",
          v.subject_types as "subjectTypes", v.risk_level as "riskLevel", v.transferred, v.synthetic, v.changed_by as "changedBy",
          ${userNameOf(sql`v.changed_by`)} as "changedByName", ${isoTime(sql`v.changed_at`)} as "changedAt", v.note
        from enforce_item_version v where v.code = ${code} order by v.version desc`,
  );
}

export async function itemExists(db: Db, code: string): Promise<boolean> {
  return !!(await one<{ n: number }>(db, sql`select 1 as n from enforce_item where code = ${code}`));
}

export interface ScenarioRow {
  code: string;
  name: string;
  objectKind: string;
  leadDepartment: string;
  synthetic: boolean;
  itemCodes: string[];
}

export async function listScenarios(db: Db): Promise<ScenarioRow[]> {
  return rows<ScenarioRow>(
    db,
    sql`select s.code, s.name, s.object_kind as "objectKind", s.lead_department as "leadDepartment", s.synthetic,
          coalesce(array(select si.item_code from enforce_scenario_item si where si.scenario_code = s.code order by si.position, si.item_code), '{}') as "itemCodes"
        from enforce_scenario s order by s.code`,
  );
}

export async function saveScenario(db: Db, s: Omit<ScenarioRow, 'synthetic'>, by: string, synthetic = false): Promise<void> {
  await db.execute(sql`insert into enforce_scenario (code, name, object_kind, lead_department, synthetic, updated_by)
    values (${s.code}, ${s.name}, ${s.objectKind}, ${s.leadDepartment}, ${synthetic}, ${by})
    on conflict (code) do update set name = excluded.name, object_kind = excluded.object_kind, lead_department = excluded.lead_department,
      updated_by = excluded.updated_by, updated_at = now()`);
  await db.execute(sql`delete from enforce_scenario_item where scenario_code = ${s.code}`);
  for (const [position, item] of s.itemCodes.entries())
    await db.execute(sql`insert into enforce_scenario_item (scenario_code, item_code, position) values (${s.code}, ${item}, ${position})`);
}

export async function scenarioExists(db: Db, code: string): Promise<boolean> {
  return !!(await one<{ n: number }>(db, sql`select 1 as n from enforce_scenario where code = ${code}`));
}

export interface ScenarioObjectRow {
  scenarioCode: string;
  subjectId: number;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  enrolledBy: string;
  enrolledAt: string;
}

/** Enrol an object in a scenario (the caller checked the object is in scope); false when it already was. */
export async function enrolObjectUnscoped(db: Db, scenarioCode: string, subjectId: number, by: string): Promise<boolean> {
  const r = await one<{ n: number }>(
    db,
    sql`insert into enforce_scenario_object (scenario_code, subject_id, enrolled_by) values (${scenarioCode}, ${subjectId}, ${by})
        on conflict do nothing returning 1 as n`,
  );
  return !!r;
}

/** Withdraw an object in the actor's scope from a scenario; false when it was not enrolled (or not visible). */
export async function withdrawObject(db: Db, actor: Actor, scenarioCode: string, subjectId: number): Promise<boolean> {
  const r = await one<{ n: number }>(
    db,
    sql`delete from enforce_scenario_object o where o.scenario_code = ${scenarioCode} and o.subject_id = ${subjectId}
        and ${inScope(actor, 'enforce_scenario_object', 'o')} returning 1 as n`,
  );
  return !!r;
}

/** The objects enrolled in a scenario that the actor may see, by code. */
export async function scenarioObjects(db: Db, actor: Actor, scenarioCode: string): Promise<ScenarioObjectRow[]> {
  return rows<ScenarioObjectRow>(
    db,
    sql`select o.scenario_code as "scenarioCode", s.id::int as "subjectId", s.code, s.name, s.region_code as "regionCode", r.name as "regionName",
          o.enrolled_by as "enrolledBy", ${isoTime(sql`o.enrolled_at`)} as "enrolledAt"
        from enforce_scenario_object o join subject s on s.id = o.subject_id join region r on r.code = s.region_code
        where o.scenario_code = ${scenarioCode} and ${inScope(actor, 'enforce_scenario_object', 'o')}
        order by s.code`,
  );
}

/** The scenarios an object (in the actor's scope) is enrolled in, with their items and positions. */
export async function objectScenarioItems(
  db: Db,
  actor: Actor,
  subjectId: number,
): Promise<{
  scenarios: { code: string; name: string; leadDepartment: string }[];
  items: (ItemRow & { scenarioCode: string; position: number })[];
}> {
  const scenarios = await rows<{ code: string; name: string; leadDepartment: string }>(
    db,
    sql`select sc.code, sc.name, sc.lead_department as "leadDepartment" from enforce_scenario_object o join enforce_scenario sc on sc.code = o.scenario_code
        where o.subject_id = ${subjectId} and ${inScope(actor, 'enforce_scenario_object', 'o')} order by sc.code`,
  );
  const items = await rows<ItemRow & { scenarioCode: string; position: number }>(
    db,
    sql`select ${ITEM_COLUMNS}, si.scenario_code as "scenarioCode", si.position
        from enforce_scenario_object o join enforce_scenario_item si on si.scenario_code = o.scenario_code
        join enforce_item i on i.code = si.item_code
        where o.subject_id = ${subjectId} and ${inScope(actor, 'enforce_scenario_object', 'o')}
        order by i.department collate "C", si.position, i.code collate "C", si.scenario_code collate "C"`,
  );
  return { scenarios, items };
}

export interface InspectorRow {
  code: string;
  name: string;
  department: string;
  townCode: string;
  townName: string;
  active: boolean;
  synthetic: boolean;
}

/** Inspectors are district master data (the catalogue door, global scope); the town name is public. */
export async function listInspectorsUnscoped(db: Db, department?: string): Promise<InspectorRow[]> {
  return rows<InspectorRow>(
    db,
    sql`select p.code, p.name, p.department, p.town_code as "townCode", r.name as "townName", p.active, p.synthetic
        from enforce_inspector p join region r on r.code = p.town_code
        where ${department ? sql`p.department = ${department}` : sql`true`} order by p.department, p.code`,
  );
}

export async function saveInspector(db: Db, p: Omit<InspectorRow, 'townName' | 'synthetic'>, synthetic = false): Promise<void> {
  await db.execute(sql`insert into enforce_inspector (code, name, department, town_code, active, synthetic)
    values (${p.code}, ${p.name}, ${p.department}, ${p.townCode}, ${p.active}, ${synthetic})
    on conflict (code) do update set name = excluded.name, department = excluded.department, town_code = excluded.town_code, active = excluded.active`);
}

export interface ObjectRow {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  townCode: string;
  riskClass: string;
  lastInspectedOn: string | null;
}

const OBJECT_COLUMNS = sql`s.id::int as id, s.code, s.name, s.region_code as "regionCode", r.name as "regionName",
  left(s.region_code, 9) || '000' as "townCode", coalesce(nullif(s.attributes->>'riskClass', ''), 'medium') as "riskClass",
  (select to_char(max(x.inspected_on), 'YYYY-MM-DD') from enforce_inspection x where x.subject_id = s.id) as "lastInspectedOn"`;

function objectWhere(actor: Actor, region?: string, q?: string): SQL {
  const parts: SQL[] = [sql`s.kind = 'enterprise'`, inScope(actor, 'subject', 's')];
  if (region) parts.push(sql`s.region_code in (select code from region where path like ${`%/${region}/%`})`);
  if (q) parts.push(sql`(s.code ilike ${`%${q}%`} or s.name ilike ${`%${q}%`})`);
  return sql.join(parts, sql` and `);
}

/** Inspection objects (enterprise subjects) in the actor's scope. */
export async function listObjects(
  db: Db,
  actor: Actor,
  f: { region?: string; q?: string },
  w: { limit: number; offset: number },
): Promise<ObjectRow[]> {
  return rows<ObjectRow>(
    db,
    sql`select ${OBJECT_COLUMNS} from subject s join region r on r.code = s.region_code where ${objectWhere(actor, f.region, f.q)}
        order by s.code limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countObjects(db: Db, actor: Actor, f: { region?: string; q?: string }): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from subject s where ${objectWhere(actor, f.region, f.q)}`))?.n ?? 0;
}

export async function objectById(db: Db, actor: Actor, id: number): Promise<ObjectRow | undefined> {
  return one<ObjectRow>(
    db,
    sql`select ${OBJECT_COLUMNS} from subject s join region r on r.code = s.region_code where s.id = ${id} and ${objectWhere(actor)}`,
  );
}

/** The candidate lists of a draw as they are now: objects in scope under the region, inspectors of the departments. */
export async function drawCandidates(
  db: Db,
  actor: Actor,
  region: string,
  depts: string[],
): Promise<
  Pick<DrawInput, 'objects' | 'inspectors'> & { conflicts: DrawInput['rules']['conflicts']; lastInspectors: Record<string, string[]> }
> {
  const objects = await rows<{ id: string; stratum: string; town: string }>(
    db,
    sql`select s.id::text as id, coalesce(nullif(s.attributes->>'riskClass', ''), 'medium') as stratum, left(s.region_code, 9) || '000' as town
        from subject s where ${objectWhere(actor, region)} order by s.id`,
  );
  const inspectors = await rows<{ id: string; department: string; town: string }>(
    db,
    sql`select code as id, department, town_code as town from enforce_inspector where active and department = any(${sql.param(depts)}::text[]) order by code`,
  );
  const ids = objects.map((o) => o.id);
  const conflicts = await rows<{ inspectorId: string; objectId: string }>(
    db,
    sql`select inspector_code as "inspectorId", subject_id::text as "objectId" from enforce_conflict
        where subject_id::text = any(${sql.param(ids)}::text[]) order by 2, 1`,
  );
  // "inspected the same object last time" means the last visit by any department: a department
  // account's draw reads them all in its regions (only the recusal uses them; none is handed out)
  const last = await rows<{ objectId: string; codes: string[] }>(
    db,
    sql`select distinct on (x.subject_id) x.subject_id::text as "objectId", x.inspector_codes as codes
        from enforce_inspection x where x.subject_id::text = any(${sql.param(ids)}::text[]) and cardinality(x.inspector_codes) > 0
          and ${inScope(ignoringDepartments(actor), 'enforce_inspection', 'x')}
        order by x.subject_id, x.inspected_on desc, x.id desc`,
  );
  return { objects, inspectors, conflicts, lastInspectors: Object.fromEntries(last.map((l) => [l.objectId, l.codes])) };
}

export interface DrawRow {
  id: number;
  regionCode: string;
  regionName: string;
  name: string;
  nonce: string;
  seed: number;
  objects: number;
  input: DrawInput;
  result: DrawResult;
  synthetic: boolean;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

const DRAW_PUBLISHED = sql`case when d.published_at is null then null else ${isoTime(sql`d.published_at`)} end as "publishedAt", d.published_by as "publishedBy"`;
const DRAW_COLUMNS = sql`d.id::int as id, d.region_code as "regionCode", r.name as "regionName", d.name, d.nonce, d.seed::float8 as seed,
  d.objects, d.input, d.result, d.synthetic, d.created_by as "createdBy", ${isoTime(sql`d.created_at`)} as "createdAt", ${DRAW_PUBLISHED}`;

export async function insertDraw(
  db: Db,
  actor: Actor,
  d: { regionCode: string; name: string; nonce: string; input: DrawInput; result: DrawResult; synthetic?: boolean },
): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into enforce_draw (region_code, name, nonce, input, seed, result, objects, synthetic, created_by, departments)
        values (${d.regionCode}, ${d.name}, ${d.nonce}, ${JSON.stringify(d.input)}::jsonb, ${d.result.seed}, ${JSON.stringify(d.result)}::jsonb,
          ${d.result.assignments.length}, ${d.synthetic ?? false}, ${actor.id}, ${sql.param(d.input.rules.departments)}::text[]) returning id::int as id`,
  );
  return r!.id;
}

export async function drawById(db: Db, actor: Actor, id: number): Promise<DrawRow | undefined> {
  return one<DrawRow>(
    db,
    sql`select ${DRAW_COLUMNS} from enforce_draw d join region r on r.code = d.region_code where d.id = ${id} and ${inScope(actor, 'enforce_draw', 'd')}`,
  );
}

export async function listDraws(db: Db, actor: Actor, w: { limit: number; offset: number }): Promise<Omit<DrawRow, 'input' | 'result'>[]> {
  return rows(
    db,
    sql`select d.id::int as id, d.region_code as "regionCode", r.name as "regionName", d.name, d.nonce, d.seed::float8 as seed, d.objects,
          d.synthetic, d.created_by as "createdBy", ${isoTime(sql`d.created_at`)} as "createdAt", ${DRAW_PUBLISHED}
        from enforce_draw d join region r on r.code = d.region_code where ${inScope(actor, 'enforce_draw', 'd')}
        order by d.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countDraws(db: Db, actor: Actor): Promise<number> {
  return (
    (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_draw d where ${inScope(actor, 'enforce_draw', 'd')}`))?.n ?? 0
  );
}

export async function namesOf(
  db: Db,
  actor: Actor,
  subjectIds: string[],
  inspectorCodes: string[],
): Promise<{ objects: Map<string, string>; inspectors: Map<string, InspectorRow> }> {
  const objects = await rows<{ id: string; name: string }>(
    db,
    sql`select s.id::text as id, s.name from subject s where s.id::text = any(${sql.param(subjectIds)}::text[]) and ${inScope(actor, 'subject', 's')}`,
  );
  const inspectors = await rows<InspectorRow>(
    db,
    sql`select p.code, p.name, p.department, p.town_code as "townCode", r.name as "townName", p.active, p.synthetic
        from enforce_inspector p join region r on r.code = p.town_code where p.code = any(${sql.param(inspectorCodes)}::text[])`,
  );
  return { objects: new Map(objects.map((o) => [o.id, o.name])), inspectors: new Map(inspectors.map((p) => [p.code, p])) };
}

export interface InspectionRow {
  id: number;
  subjectId: number;
  subjectName: string;
  regionCode: string;
  regionName: string;
  inspectedOn: string;
  departments: string[];
  itemCodes: string[];
  joint: boolean;
  drawId: number | null;
  inspectorCodes: string[];
  findings: { item: string; result: 'pass' | 'fail'; note: string }[];
  synthetic: boolean;
  planId: number | null;
}

const INSPECTION_COLUMNS = sql`x.id::int as id, x.subject_id::int as "subjectId", s.name as "subjectName", x.region_code as "regionCode", r.name as "regionName",
  to_char(x.inspected_on, 'YYYY-MM-DD') as "inspectedOn", x.departments, x.item_codes as "itemCodes", x.joint, x.draw_id::int as "drawId",
  x.inspector_codes as "inspectorCodes", x.findings, x.synthetic, x.plan_id::int as "planId"`;
const INSPECTION_FROM = sql`from enforce_inspection x join subject s on s.id = x.subject_id join region r on r.code = x.region_code`;

export interface InspectionFilter {
  subjectId?: number;
  since?: string;
}

function inspectionWhere(actor: Actor, f: InspectionFilter): SQL {
  const parts: SQL[] = [inScope(actor, 'enforce_inspection', 'x')];
  if (f.subjectId) parts.push(sql`x.subject_id = ${f.subjectId}`);
  if (f.since) parts.push(sql`x.inspected_on >= ${f.since}::date`);
  return sql.join(parts, sql` and `);
}

export async function listInspections(
  db: Db,
  actor: Actor,
  f: InspectionFilter,
  w: { limit: number; offset: number },
): Promise<InspectionRow[]> {
  return rows<InspectionRow>(
    db,
    sql`select ${INSPECTION_COLUMNS} ${INSPECTION_FROM} where ${inspectionWhere(actor, f)} order by x.inspected_on desc, x.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countInspections(db: Db, actor: Actor, f: InspectionFilter): Promise<number> {
  return (
    (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_inspection x where ${inspectionWhere(actor, f)}`))?.n ?? 0
  );
}

export interface NewInspection {
  subjectId: number;
  regionCode: string;
  inspectedOn: string;
  departments: string[];
  itemCodes: string[];
  joint: boolean;
  drawId: number | null;
  inspectorCodes: string[];
  findings: InspectionRow['findings'];
  planId?: number | null;
  synthetic?: boolean;
}

/** Insert an inspection of an object the caller has already found in scope (objectById). */
export async function insertInspectionUnscoped(db: Db, by: string, x: NewInspection): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into enforce_inspection (subject_id, region_code, inspected_on, departments, item_codes, joint, draw_id, inspector_codes, findings, synthetic, created_by, plan_id)
        values (${x.subjectId}, ${x.regionCode}, ${x.inspectedOn}::date, ${sql.param(x.departments)}::text[], ${sql.param(x.itemCodes)}::text[], ${x.joint},
          ${x.drawId}, ${sql.param(x.inspectorCodes)}::text[], ${JSON.stringify(x.findings)}::jsonb, ${x.synthetic ?? false}, ${by}, ${x.planId ?? null})
        returning id::int as id`,
  );
  return r!.id;
}

export async function inspectionById(db: Db, actor: Actor, id: number): Promise<InspectionRow | undefined> {
  return one<InspectionRow>(db, sql`select ${INSPECTION_COLUMNS} ${INSPECTION_FROM} where x.id = ${id} and ${inspectionWhere(actor, {})}`);
}

export interface CaseRow {
  id: number;
  subjectId: number;
  subjectName: string;
  regionCode: string;
  regionName: string;
  itemCode: string;
  itemName: string;
  department: string;
  inspectionId: number | null;
  stage: CaseStage;
  summary: string;
  version: number;
  synthetic: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** what referred it, e.g. 'events:event_case:12'; null when opened in this module */
  source: string | null;
}

const CASE_COLUMNS = sql`c.id::int as id, c.subject_id::int as "subjectId", s.name as "subjectName", c.region_code as "regionCode", r.name as "regionName",
  c.item_code as "itemCode", i.name as "itemName", i.department, c.inspection_id::int as "inspectionId", c.stage, c.summary, c.version, c.synthetic,
  c.created_by as "createdBy", ${isoTime(sql`c.created_at`)} as "createdAt", ${isoTime(sql`c.updated_at`)} as "updatedAt", c.source`;
const CASE_FROM = sql`from enforce_case c join subject s on s.id = c.subject_id join region r on r.code = c.region_code join enforce_item i on i.code = c.item_code`;

export async function caseById(db: Db, actor: Actor, id: number, lock = false): Promise<CaseRow | undefined> {
  return one<CaseRow>(
    db,
    sql`select ${CASE_COLUMNS} ${CASE_FROM} where c.id = ${id} and ${inScope(actor, 'enforce_case', 'c')} ${lock ? sql`for update of c` : sql``}`,
  );
}

export async function listCases(db: Db, actor: Actor, w: { limit: number; offset: number }): Promise<CaseRow[]> {
  return rows<CaseRow>(
    db,
    sql`select ${CASE_COLUMNS} ${CASE_FROM} where ${inScope(actor, 'enforce_case', 'c')} order by c.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countCases(db: Db, actor: Actor): Promise<number> {
  return (
    (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_case c where ${inScope(actor, 'enforce_case', 'c')}`))?.n ?? 0
  );
}

/** Open a case on an object the caller has already found in scope. */
export async function insertCaseUnscoped(
  db: Db,
  by: string,
  c: {
    subjectId: number;
    regionCode: string;
    itemCode: string;
    inspectionId: number | null;
    summary: string;
    synthetic?: boolean;
    source?: string | null;
  },
): Promise<number | undefined> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into enforce_case (subject_id, region_code, item_code, inspection_id, summary, synthetic, created_by, source)
        values (${c.subjectId}, ${c.regionCode}, ${c.itemCode}, ${c.inspectionId}, ${c.summary}, ${c.synthetic ?? false}, ${by}, ${c.source ?? null})
        on conflict (source) where source is not null do nothing returning id::int as id`,
  );
  if (!r) return undefined;
  await db.execute(
    sql`insert into enforce_case_action (case_id, from_stage, to_stage, note, actor) values (${r!.id}, null, 'filed', ${c.summary}, ${by})`,
  );
  return r!.id;
}

/** Move a case (already locked in scope by caseById) to a stage at the version seen; false when someone was first. */
export async function moveCaseUnscoped(
  db: Db,
  by: string,
  id: number,
  from: CaseStage,
  to: CaseStage,
  version: number,
  note: string,
): Promise<boolean> {
  const r = await rows(
    db,
    sql`update enforce_case set stage = ${to}, version = version + 1, updated_at = now() where id = ${id} and version = ${version} returning id`,
  );
  if (r.length === 0) return false;
  await db.execute(
    sql`insert into enforce_case_action (case_id, from_stage, to_stage, note, actor) values (${id}, ${from}, ${to}, ${note}, ${by})`,
  );
  return true;
}

export async function caseActions(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ fromStage: CaseStage | null; toStage: CaseStage; note: string; actor: string; at: string }[]> {
  return rows(
    db,
    sql`select a.from_stage as "fromStage", a.to_stage as "toStage", a.note, a.actor, ${isoTime(sql`a.at`)} as at
        from enforce_case_action a where a.case_id = ${id} and ${inScope(actor, 'enforce_case_action', 'a')} order by a.id`,
  );
}

/** Demo: give enterprises without a risk class one (high/medium/low from a hash of the code). */
export async function assignRiskClassesUnscoped(db: Db, classOf: (code: string) => string): Promise<number> {
  const found = await rows<{ id: number; code: string }>(
    db,
    sql`select id::int as id, code from subject where kind = 'enterprise' and coalesce(attributes->>'riskClass', '') = '' order by id`,
  );
  for (const s of found)
    await db.execute(
      sql`update subject set attributes = attributes || jsonb_build_object('riskClass', ${classOf(s.code)}::text) where id = ${s.id}`,
    );
  return found.length;
}

export async function townsUnscoped(db: Db, district: string): Promise<{ code: string; name: string }[]> {
  return rows(db, sql`select code, name from region where level = 'town' and parent_code = ${district} order by code`);
}

export async function demoLoadedUnscoped(db: Db): Promise<boolean> {
  return ((await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_item where synthetic`))?.n ?? 0) > 0;
}

/** Demo: mark the demo's draw and inspections synthetic (they are written through the services). */
export async function markSyntheticUnscoped(db: Db, drawIds: number[], inspectionIds: number[]): Promise<void> {
  await db.execute(sql`update enforce_draw set synthetic = true where id = any(${sql.param(drawIds)}::bigint[])`);
  await db.execute(sql`update enforce_inspection set synthetic = true where id = any(${sql.param(inspectionIds)}::bigint[])`);
}

/** Which of these region codes exist (master data for inspectors' residence, not scoped). */
export async function regionCodesUnscoped(db: Db, codes: string[]): Promise<Set<string>> {
  return new Set(
    (await rows<{ code: string }>(db, sql`select code from region where code = any(${sql.param(codes)}::text[])`)).map((r) => r.code),
  );
}

/** Replace the listed relations of an object the caller has already found in scope (objectById). */
export async function replaceConflictsUnscoped(db: Db, subjectId: number, inspectorCodes: string[]): Promise<void> {
  await db.execute(sql`delete from enforce_conflict where subject_id = ${subjectId}`);
  for (const code of inspectorCodes)
    await db.execute(sql`insert into enforce_conflict (inspector_code, subject_id) values (${code}, ${subjectId})`);
}

export async function markCaseSyntheticUnscoped(db: Db, id: number): Promise<void> {
  await db.execute(sql`update enforce_case set synthetic = true where id = ${id}`);
}

// ---- case deadlines (工作日) -------------------------------------------------------------------

export interface DeadlineSettings {
  fileWorkDays: number;
  closeWorkDays: number;
}

export async function deadlineSettingsUnscoped(db: Db): Promise<DeadlineSettings> {
  return (await one<DeadlineSettings>(
    db,
    sql`select file_work_days as "fileWorkDays", close_work_days as "closeWorkDays" from enforce_setting`,
  ))!;
}

export interface NewDeadline {
  kind: 'file' | 'close';
  regionCode: string;
  subjectId: number;
  itemCode: string;
  inspectionId: number | null;
  caseId: number | null;
  workDays: number;
  startAt: string;
  dueAt: string;
}

/** Deadlines of writes already checked in scope (the inspection or case they belong to). */
export async function insertDeadlinesUnscoped(db: Db, by: string, list: NewDeadline[]): Promise<void> {
  for (const d of list)
    await db.execute(
      sql`insert into enforce_deadline (kind, region_code, subject_id, item_code, inspection_id, case_id, work_days, start_at, due_at, created_by)
          values (${d.kind}, ${d.regionCode}, ${d.subjectId}, ${d.itemCode}, ${d.inspectionId}, ${d.caseId}, ${d.workDays},
                  ${d.startAt}::timestamptz, ${d.dueAt}::timestamptz, ${by})
          on conflict do nothing`,
    );
}

/** 立案 of a failed item of an inspection (the case already checked in scope): its file deadline is met. */
export async function meetFileDeadlineUnscoped(db: Db, inspectionId: number, itemCode: string, caseId: number, at: string): Promise<void> {
  await db.execute(
    sql`update enforce_deadline set met_at = ${at}::timestamptz, case_id = ${caseId}
        where kind = 'file' and inspection_id = ${inspectionId} and item_code = ${itemCode} and met_at is null`,
  );
}

/** 结案 of a case (already locked in scope): its close deadline is met. */
export async function meetCloseDeadlineUnscoped(db: Db, caseId: number, at: string): Promise<void> {
  await db.execute(
    sql`update enforce_deadline set met_at = ${at}::timestamptz where kind = 'close' and case_id = ${caseId} and met_at is null`,
  );
}

/** The sweep: deadlines past due and not met are marked overdue (once); the ids marked. */
export async function markOverdueDeadlinesUnscoped(db: Db, now: string): Promise<{ id: number; kind: string }[]> {
  return rows<{ id: number; kind: string }>(
    db,
    sql`update enforce_deadline set overdue = true, overdue_at = ${now}::timestamptz
        where met_at is null and not overdue and due_at < ${now}::timestamptz
        returning id::int as id, kind`,
  );
}

export interface DeadlineRow {
  id: number;
  kind: 'file' | 'close';
  subjectId: number;
  subjectName: string;
  regionCode: string;
  regionName: string;
  itemCode: string;
  itemName: string;
  inspectionId: number | null;
  caseId: number | null;
  workDays: number;
  startAt: string;
  dueAt: string;
  metAt: string | null;
  overdue: boolean;
  late: boolean;
}

export interface DeadlineFilter {
  state?: 'open' | 'overdue' | 'met' | 'all';
  caseId?: number;
}

const DEADLINE_COLUMNS = sql`d.id::int as id, d.kind, d.subject_id::int as "subjectId", s.name as "subjectName", d.region_code as "regionCode",
  r.name as "regionName", d.item_code as "itemCode", i.name as "itemName", d.inspection_id::int as "inspectionId", d.case_id::int as "caseId",
  d.work_days as "workDays", ${isoTime(sql`d.start_at`)} as "startAt", ${isoTime(sql`d.due_at`)} as "dueAt", ${isoTime(sql`d.met_at`)} as "metAt",
  d.overdue, coalesce(d.met_at > d.due_at, false) as late`;
const DEADLINE_FROM = sql`from enforce_deadline d join subject s on s.id = d.subject_id join region r on r.code = d.region_code join enforce_item i on i.code = d.item_code`;

function deadlineWhere(actor: Actor, f: DeadlineFilter): SQL {
  const parts: SQL[] = [inScope(actor, 'enforce_deadline', 'd')];
  if (f.caseId !== undefined) parts.push(sql`d.case_id = ${f.caseId}`);
  if (f.state === 'open') parts.push(sql`d.met_at is null`);
  if (f.state === 'overdue') parts.push(sql`d.met_at is null and d.overdue`);
  if (f.state === 'met') parts.push(sql`d.met_at is not null`);
  return sql.join(parts, sql` and `);
}

export async function listDeadlines(db: Db, actor: Actor, f: DeadlineFilter, w: { limit: number; offset: number }): Promise<DeadlineRow[]> {
  return rows<DeadlineRow>(
    db,
    sql`select ${DEADLINE_COLUMNS} ${DEADLINE_FROM} where ${deadlineWhere(actor, f)} order by d.due_at, d.id limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countDeadlines(db: Db, actor: Actor, f: DeadlineFilter): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_deadline d where ${deadlineWhere(actor, f)}`))?.n ?? 0;
}

// ---- 综合查一次 joint inspection plans --------------------------------------------------------------

export interface PlanRow {
  id: number;
  regionCode: string;
  regionName: string;
  name: string;
  plannedOn: string;
  leadDepartment: string;
  departments: string[];
  itemCodes: string[];
  synthetic: boolean;
  createdBy: string;
  createdAt: string;
}

const PLAN_COLUMNS = sql`p.id::int as id, p.region_code as "regionCode", r.name as "regionName", p.name, to_char(p.planned_on, 'YYYY-MM-DD') as "plannedOn",
  p.lead_department as "leadDepartment", p.departments, p.item_codes as "itemCodes", p.synthetic, p.created_by as "createdBy",
  ${isoTime(sql`p.created_at`)} as "createdAt"`;
const PLAN_FROM = sql`from enforce_plan p join region r on r.code = p.region_code`;

/** A plan on objects the caller has already found in scope (objectById). */
export async function insertPlanUnscoped(
  db: Db,
  by: string,
  p: {
    regionCode: string;
    name: string;
    plannedOn: string;
    leadDepartment: string;
    departments: string[];
    itemCodes: string[];
    subjectIds: number[];
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into enforce_plan (region_code, name, planned_on, lead_department, departments, item_codes, created_by)
        values (${p.regionCode}, ${p.name}, ${p.plannedOn}::date, ${p.leadDepartment}, ${sql.param(p.departments)}::text[],
                ${sql.param(p.itemCodes)}::text[], ${by})
        returning id::int as id`,
  );
  await db.execute(
    sql`insert into enforce_plan_object (plan_id, subject_id) select ${r!.id}, unnest(${sql.param(p.subjectIds)}::bigint[])`,
  );
  return r!.id;
}

export async function planById(db: Db, actor: Actor, id: number): Promise<PlanRow | undefined> {
  return one<PlanRow>(db, sql`select ${PLAN_COLUMNS} ${PLAN_FROM} where p.id = ${id} and ${inScope(actor, 'enforce_plan', 'p')}`);
}

export async function listPlans(db: Db, actor: Actor, w: { limit: number; offset: number }): Promise<PlanRow[]> {
  return rows<PlanRow>(
    db,
    sql`select ${PLAN_COLUMNS} ${PLAN_FROM} where ${inScope(actor, 'enforce_plan', 'p')} order by p.planned_on desc, p.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countPlans(db: Db, actor: Actor): Promise<number> {
  return (
    (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_plan p where ${inScope(actor, 'enforce_plan', 'p')}`))?.n ?? 0
  );
}

/** The plan's objects with the id of the inspection recorded against the plan, if any. */
export async function planObjects(db: Db, actor: Actor, planId: number) {
  return rows<{ subjectId: number; subjectName: string; regionCode: string; inspectionId: number | null }>(
    db,
    sql`select s.id::int as "subjectId", s.name as "subjectName", s.region_code as "regionCode",
          (select max(x.id)::int from enforce_inspection x where x.plan_id = o.plan_id and x.subject_id = o.subject_id) as "inspectionId"
        from enforce_plan_object o join enforce_plan p on p.id = o.plan_id join subject s on s.id = o.subject_id
        where o.plan_id = ${planId} and ${inScope(actor, 'enforce_plan', 'p')} order by s.name`,
  );
}

// ---- follow-up: photos of findings, 责令整改 orders, case documents ---------------------------------

export interface FileMeta {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}
export interface NewFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
  by: string;
}
const FILE_COLUMNS = sql`f.id::int as id, f.file_name as "fileName", f.content_type as "contentType", f.size, f.sha256,
  f.uploaded_by as "uploadedBy", ${isoTime(sql`f.uploaded_at`)} as "uploadedAt"`;

/** A photo of one item of an inspection the caller has already found in scope (inspectionById). */
export async function insertInspectionFileUnscoped(db: Db, inspectionId: number, itemCode: string, f: NewFile): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into enforce_inspection_file (inspection_id, item_code, file_name, content_type, size, bytes, sha256, uploaded_by)
        values (${inspectionId}, ${itemCode}, ${f.fileName}, ${f.contentType}, ${f.bytes.length}, ${f.bytes}, ${f.sha256}, ${f.by})
        returning id::int as id`,
  );
  return r!.id;
}

export async function countInspectionFilesUnscoped(db: Db, inspectionId: number): Promise<number> {
  return (
    (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_inspection_file where inspection_id = ${inspectionId}`))?.n ??
    0
  );
}

export async function inspectionFiles(db: Db, actor: Actor, inspectionId: number): Promise<(FileMeta & { itemCode: string })[]> {
  return rows(
    db,
    sql`select ${FILE_COLUMNS}, f.item_code as "itemCode" from enforce_inspection_file f
        where f.inspection_id = ${inspectionId} and ${inScope(actor, 'enforce_inspection_file', 'f')} order by f.id`,
  );
}

export async function inspectionFileBytes(
  db: Db,
  actor: Actor,
  inspectionId: number,
  fileId: number,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array } | undefined> {
  return one(
    db,
    sql`select f.file_name as "fileName", f.content_type as "contentType", f.bytes from enforce_inspection_file f
        where f.id = ${fileId} and f.inspection_id = ${inspectionId} and ${inScope(actor, 'enforce_inspection_file', 'f')}`,
  );
}

export async function insertCaseFileUnscoped(db: Db, caseId: number, stage: CaseStage, f: NewFile): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into enforce_case_file (case_id, stage, file_name, content_type, size, bytes, sha256, uploaded_by)
        values (${caseId}, ${stage}, ${f.fileName}, ${f.contentType}, ${f.bytes.length}, ${f.bytes}, ${f.sha256}, ${f.by})
        returning id::int as id`,
  );
  return r!.id;
}

export async function countCaseFilesUnscoped(db: Db, caseId: number): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from enforce_case_file where case_id = ${caseId}`))?.n ?? 0;
}

export async function caseFiles(db: Db, actor: Actor, caseId: number): Promise<(FileMeta & { stage: CaseStage })[]> {
  return rows(
    db,
    sql`select ${FILE_COLUMNS}, f.stage from enforce_case_file f
        where f.case_id = ${caseId} and ${inScope(actor, 'enforce_case_file', 'f')} order by f.id`,
  );
}

export async function caseFileBytes(
  db: Db,
  actor: Actor,
  caseId: number,
  fileId: number,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array } | undefined> {
  return one(
    db,
    sql`select f.file_name as "fileName", f.content_type as "contentType", f.bytes from enforce_case_file f
        where f.id = ${fileId} and f.case_id = ${caseId} and ${inScope(actor, 'enforce_case_file', 'f')}`,
  );
}

export interface OrderRow {
  id: number;
  inspectionId: number;
  itemCode: string;
  itemName: string;
  subjectId: number;
  subjectName: string;
  regionCode: string;
  dueOn: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

/** 责令整改 on a failed item of an inspection the caller found in scope; undefined when one exists already. */
export async function insertOrderUnscoped(
  db: Db,
  by: string,
  o: { inspectionId: number; itemCode: string; subjectId: number; regionCode: string; dueOn: string; note: string },
): Promise<number | undefined> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into enforce_order (inspection_id, item_code, subject_id, region_code, due_on, note, created_by)
        values (${o.inspectionId}, ${o.itemCode}, ${o.subjectId}, ${o.regionCode}, ${o.dueOn}::date, ${o.note}, ${by})
        on conflict (inspection_id, item_code) do nothing returning id::int as id`,
  );
  return r?.id;
}

export async function listOrders(db: Db, actor: Actor, f: { inspectionId?: number }): Promise<OrderRow[]> {
  return rows(
    db,
    sql`select o.id::int as id, o.inspection_id::int as "inspectionId", o.item_code as "itemCode", i.name as "itemName",
          o.subject_id::int as "subjectId", s.name as "subjectName", o.region_code as "regionCode", to_char(o.due_on, 'YYYY-MM-DD') as "dueOn",
          o.note, o.created_by as "createdBy", ${isoTime(sql`o.created_at`)} as "createdAt"
        from enforce_order o join enforce_item i on i.code = o.item_code join subject s on s.id = o.subject_id
        where ${inScope(actor, 'enforce_order', 'o')} ${f.inspectionId ? sql`and o.inspection_id = ${f.inspectionId}` : sql``}
        order by o.due_on, o.id limit 500`,
  );
}

/** Cases opened from an inspection, by item (the plan page shows the follow-up of each failed item). */
export async function casesOfInspection(db: Db, actor: Actor, inspectionId: number): Promise<{ id: number; itemCode: string }[]> {
  return rows(
    db,
    sql`select c.id::int as id, c.item_code as "itemCode" from enforce_case c
        where c.inspection_id = ${inspectionId} and ${inScope(actor, 'enforce_case', 'c')} order by c.id`,
  );
}

/** 公开: mark a draw (already found in scope) published; false when it was published before. */
export async function publishDrawUnscoped(db: Db, id: number, by: string): Promise<boolean> {
  const r = await rows(
    db,
    sql`update enforce_draw set published_at = now(), published_by = ${by} where id = ${id} and published_at is null returning id`,
  );
  return r.length > 0;
}

// ---- statistics ----------------------------------------------------------------------------------

export interface CaseStatRow {
  department: string;
  itemCode: string;
  itemName: string;
  stage: CaseStage;
  cases: number;
}

/** Cases in scope opened in [from, to) by department, item and stage. */
export async function caseStats(db: Db, actor: Actor, f: { from?: string; to?: string }): Promise<CaseStatRow[]> {
  return rows(
    db,
    sql`select i.department, c.item_code as "itemCode", i.name as "itemName", c.stage, count(*)::int as cases
        from enforce_case c join enforce_item i on i.code = c.item_code
        where ${inScope(actor, 'enforce_case', 'c')}
          ${f.from ? sql`and c.created_at >= (${f.from}::date::timestamp at time zone 'Asia/Shanghai')` : sql``}
          ${f.to ? sql`and c.created_at < (${f.to}::date::timestamp at time zone 'Asia/Shanghai')` : sql``}
        group by i.department, c.item_code, i.name, c.stage order by i.department, c.item_code, c.stage`,
  );
}

export interface BurdenRow {
  subjectId: number;
  subjectName: string;
  regionName: string;
  inspections: number;
  joint: number;
  separate: number;
  departments: number;
  departmentList: string[];
}

/** Inspection burden per enterprise since a date: visits, joint and separate, distinct departments (most burdened first). */
export async function burden(db: Db, actor: Actor, f: { since: string; limit: number; offset: number }): Promise<BurdenRow[]> {
  return rows(
    db,
    sql`with x as (select x.subject_id, x.joint, x.departments from enforce_inspection x
                   where x.inspected_on >= ${f.since}::date and ${inScope(actor, 'enforce_inspection', 'x')}),
             b as (select subject_id, count(*)::int as inspections, count(*) filter (where joint)::int as joint,
                          count(*) filter (where not joint)::int as separate from x group by subject_id),
             d as (select subject_id, array_agg(distinct dep order by dep) as deps from x, unnest(x.departments) dep group by subject_id)
        select b.subject_id::int as "subjectId", s.name as "subjectName", r.name as "regionName", b.inspections, b.joint, b.separate,
               cardinality(d.deps)::int as departments, d.deps as "departmentList"
        from b join d using (subject_id) join subject s on s.id = b.subject_id join region r on r.code = s.region_code
        order by b.separate desc, b.inspections desc, s.name limit ${f.limit} offset ${f.offset}`,
  );
}

export async function countBurden(db: Db, actor: Actor, since: string): Promise<number> {
  return (
    (
      await one<{ n: number }>(
        db,
        sql`select count(distinct x.subject_id)::int as n from enforce_inspection x
            where x.inspected_on >= ${since}::date and ${inScope(actor, 'enforce_inspection', 'x')}`,
      )
    )?.n ?? 0
  );
}

// ---- the repeated-inspection scan, columnar --------------------------------------------------------

/**
 * The caller's inspections since a date as columns for the engine's scan: one entry per (inspection,
 * department), in storage order (the caller sorts), packed in SQL as big-endian binary columns — a
 * year of a county's inspections in one round trip: `objects` (int4 subject ids), `days` (int2 days
 * since 2000-01-01), `ids` (int4 inspection ids) and `kinds` (int2: the department's number in
 * `departments` plus one, negated for a joint visit). Entries of a department not in the list are
 * counted in `unknown` (their kind is 0), and the caller asks again with the full list. JIT is off
 * for the query: compiling it costs more than it saves on a one-pass aggregate.
 */
export async function inspectionColumns(
  db: Db,
  actor: Actor,
  since: string,
  departments: string[],
): Promise<{
  objects: Uint8Array | null;
  days: Uint8Array | null;
  ids: Uint8Array | null;
  kinds: Uint8Array | null;
  entries: number;
  unknown: number;
}> {
  return db.transaction(async (t) => {
    const tx = t as Db;
    await tx.execute(sql`select set_config('jit', 'off', true)`);
    const r = await one<{
      objects: Uint8Array | null;
      days: Uint8Array | null;
      ids: Uint8Array | null;
      kinds: Uint8Array | null;
      entries: number;
      unknown: number;
    }>(
      tx,
      sql`with e as (
            select x.id::int4 as id, x.subject_id::int4 as s, (x.inspected_on - date '2000-01-01')::int2 as d,
                   coalesce(array_position(${sql.param(departments)}::text[], dep), 0)::int2 as k, x.joint
            from enforce_inspection x cross join lateral unnest(x.departments) as dep
            where x.inspected_on >= ${since}::date and ${inScope(actor, 'enforce_inspection', 'x')})
          select string_agg(int4send(s), ''::bytea) as objects, string_agg(int2send(d), ''::bytea) as days,
                 string_agg(int4send(id), ''::bytea) as ids, string_agg(int2send(case when joint then -k else k end), ''::bytea) as kinds,
                 count(*)::int as entries, count(*) filter (where k = 0)::int as unknown
          from e`,
    );
    return r!;
  });
}

/** Every department named by the caller's inspections since a date. */
export async function inspectionDepartments(db: Db, actor: Actor, since: string): Promise<string[]> {
  return (
    await rows<{ d: string }>(
      db,
      sql`select distinct dep as d from enforce_inspection x cross join lateral unnest(x.departments) as dep
          where x.inspected_on >= ${since}::date and ${inScope(actor, 'enforce_inspection', 'x')} order by 1`,
    )
  ).map((r) => r.d);
}

/** Names of subjects in the caller's scope, by id. */
export async function subjectNames(db: Db, actor: Actor, ids: number[]): Promise<Map<number, string>> {
  const list = await rows<{ id: number; name: string }>(
    db,
    sql`select s.id::int as id, s.name from subject s where s.id = any(${sql.param(ids)}::bigint[]) and ${inScope(actor, 'subject', 's')}`,
  );
  return new Map(list.map((r) => [r.id, r.name]));
}
