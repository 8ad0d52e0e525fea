/**
 * The data-scope door. Every repository read or write of a region-bound table restricts its rows
 * with `inScope(actor, table, alias)` — the only place where a data scope (all / region and below /
 * region only / own rows) becomes SQL. Each region-bound table declares below how its rows reach a
 * region and who owns them, so call sites never join `region` themselves. A table may also be
 * department-bound (it names the departments a row belongs to): under a department data scope
 * (本部门) its rows must name one of the account's departments as well. `visibleTo` is the
 * in-memory twin for short lists already loaded. Deny by default: an empty scope sees nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor, RegionScope } from './actor.js';

export type RegionBoundTable =
  | 'region'
  | 'region_boundary'
  | 'region_centroid'
  | 'region_tile'
  | 'subject'
  | 'observation'
  | 'import_batch'
  | 'access_network'
  | 'access_facility_set'
  | 'access_facility'
  | 'access_resident_set'
  | 'access_resident'
  | 'access_run'
  | 'assess_run'
  | 'assess_run_unit'
  | 'report_task'
  | 'report_assignment'
  | 'mujun_parcel'
  | 'mujun_run'
  | 'mujun_result'
  | 'mujun_adjustment'
  | 'mujun_appeal'
  | 'mujun_appeal_file'
  | 'target'
  | 'target_plan_month'
  | 'target_status'
  | 'project_plan_month'
  | 'project_milestone'
  | 'project_problem'
  | 'target_milestone'
  | 'target_milestone_file'
  | 'event_case'
  | 'event_action'
  | 'event_case_cohandler'
  | 'event_case_file'
  | 'eco_reading_day'
  | 'eco_daily'
  | 'eco_river'
  | 'eco_reach'
  | 'eco_reach_chief'
  | 'eco_patrol'
  | 'eco_patrol_problem'
  | 'eco_patrol_photo'
  | 'eco_wq_section'
  | 'eco_wq_sample'
  | 'enforce_draw'
  | 'enforce_inspection'
  | 'enforce_case'
  | 'enforce_case_action'
  | 'enforce_deadline'
  | 'enforce_plan'
  | 'enforce_plan_object'
  | 'enforce_inspection_file'
  | 'enforce_order'
  | 'enforce_case_file'
  | 'enforce_scenario_object'
  | 'rural_ledger'
  | 'rural_weak'
  | 'rural_pairing'
  | 'rural_household'
  | 'rural_household_income'
  | 'rural_future_evidence';

/** How a row reaches a region code (or an owner id): */
type Link =
  /** a column of the row itself */
  | { column: string }
  /** a foreign key to a row of another region-bound table, whose own rule then applies */
  | { through: string; table: RegionBoundTable }
  /** any row of a child table that points here (`by` is the child's foreign key to our `id`) */
  | { anyOf: RegionBoundTable; by: string };

/** How a row names the departments it belongs to (by name, as the department table spells them): */
type DepartmentLink =
  /** a text column (one department) or a text[] column (several: any of them) of the row itself */
  | { column: string; array?: true }
  /** a foreign key to a row of another department-bound table, whose own rule then applies */
  | { through: string; table: RegionBoundTable }
  /** a key into a catalogue table that is not region-bound (`key` there, its department in `column`) */
  | { lookup: string; table: string; key: string; column: string };

export interface TableScope {
  region: Link;
  /** who wrote the row, for the own-rows scope; null: the table has no own rows (never visible by ownership) */
  owner: Link | null;
  /** the owner sees the row whatever their scope (provenance of their own action) */
  ownerAlwaysSees?: true;
  /**
   * Department-bound: under a department data scope the row is visible only when it also names one of
   * the account's departments. Tables without it are not bound to departments.
   */
  department?: DepartmentLink;
}

/** A row of an enforcement item (a case, a deadline) belongs to the item's department in the catalogue. */
const ITEM_DEPARTMENT: DepartmentLink = { lookup: 'item_code', table: 'enforce_item', key: 'code', column: 'department' };

/**
 * Region-bound tables (migrations 0001, 0003, 0004, report tasks). Rows whose region is null are visible only to
 * full scope (and to their owner under own-rows scope). Accounts (app_user, department) are not
 * region-bound data: user management checks the target's region in the auth service.
 */
export const REGION_BOUND: Record<RegionBoundTable, TableScope> = {
  region: { region: { column: 'code' }, owner: null },
  region_boundary: { region: { column: 'region_code' }, owner: null },
  region_centroid: { region: { column: 'region_code' }, owner: { column: 'uploaded_by' } },
  // a cell of a map is the placed region's row; the service checks the map's own region too
  region_tile: { region: { column: 'region_code' }, owner: { column: 'updated_by' } },
  subject: { region: { column: 'region_code' }, owner: null },
  observation: { region: { through: 'subject_id', table: 'subject' }, owner: { through: 'batch_id', table: 'import_batch' } },
  // an import whose rows were all unchanged has no values to be seen through: its loader still sees it
  import_batch: { region: { anyOf: 'observation', by: 'batch_id' }, owner: { column: 'loaded_by' }, ownerAlwaysSees: true },
  access_network: { region: { column: 'region_code' }, owner: { column: 'uploaded_by' } },
  access_facility_set: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  access_facility: {
    region: { through: 'set_id', table: 'access_facility_set' },
    owner: { through: 'set_id', table: 'access_facility_set' },
  },
  access_resident_set: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  access_resident: {
    region: { through: 'set_id', table: 'access_resident_set' },
    owner: { through: 'set_id', table: 'access_resident_set' },
  },
  access_run: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  // a run is visible when one of its units is; each unit carries its own region
  assess_run: { region: { anyOf: 'assess_run_unit', by: 'run_id' }, owner: { column: 'created_by' } },
  assess_run_unit: { region: { column: 'region_code' }, owner: { through: 'run_id', table: 'assess_run' } },
  // a task belongs to the office that issued it; each unit sees its own assignment
  report_task: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  report_assignment: { region: { column: 'region_code' }, owner: { through: 'task_id', table: 'report_task' } },
  // 亩均: a parcel and an enterprise's result belong to its town; a run to the county it evaluated
  mujun_parcel: { region: { column: 'region_code' }, owner: { column: 'loaded_by' } },
  mujun_run: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  mujun_result: { region: { column: 'region_code' }, owner: { through: 'run_id', table: 'mujun_run' } },
  mujun_adjustment: { region: { column: 'region_code' }, owner: { column: 'requested_by' } },
  // an appeal belongs to the enterprise's town; its filer (the enterprise account) owns it
  mujun_appeal: { region: { column: 'region_code' }, owner: { column: 'filed_by' } },
  mujun_appeal_file: { region: { through: 'appeal_id', table: 'mujun_appeal' }, owner: { through: 'appeal_id', table: 'mujun_appeal' } },
  // 挂图作战: a target belongs to its subject's region; a project's plan, milestones and problems to the project's
  target: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  target_plan_month: { region: { through: 'target_id', table: 'target' }, owner: { through: 'target_id', table: 'target' } },
  target_status: { region: { through: 'target_id', table: 'target' }, owner: { through: 'target_id', table: 'target' } },
  project_plan_month: { region: { through: 'subject_id', table: 'subject' }, owner: null },
  project_milestone: { region: { through: 'subject_id', table: 'subject' }, owner: null },
  project_problem: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  target_milestone: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  target_milestone_file: {
    region: { through: 'milestone_id', table: 'target_milestone' },
    owner: { through: 'milestone_id', table: 'target_milestone' },
  },
  // 三级指挥协同: a case belongs to the village or town where it happened; its actions follow it
  event_case: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  event_action: { region: { through: 'case_id', table: 'event_case' }, owner: { through: 'case_id', table: 'event_case' } },
  event_case_cohandler: { region: { through: 'case_id', table: 'event_case' }, owner: { through: 'case_id', table: 'event_case' } },
  event_case_file: { region: { through: 'case_id', table: 'event_case' }, owner: { through: 'case_id', table: 'event_case' } },
  // 生态: readings and daily values belong to their station's region
  eco_reading_day: { region: { through: 'station_id', table: 'subject' }, owner: { column: 'loaded_by' } },
  eco_daily: { region: { through: 'station_id', table: 'subject' }, owner: null },
  // 河长制: a river to the region registering it, a reach and its chiefs to the town or village it runs through,
  // a patrol to its reach's region (its problems and photos follow it); water-quality sections and samples to their region
  eco_river: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  eco_reach: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  eco_reach_chief: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  eco_patrol: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  eco_patrol_problem: { region: { through: 'patrol_id', table: 'eco_patrol' }, owner: { through: 'patrol_id', table: 'eco_patrol' } },
  eco_patrol_photo: { region: { through: 'patrol_id', table: 'eco_patrol' }, owner: { through: 'patrol_id', table: 'eco_patrol' } },
  eco_wq_section: { region: { column: 'region_code' }, owner: { column: 'created_by' } },
  eco_wq_sample: { region: { column: 'region_code' }, owner: { column: 'loaded_by' } },
  // 大综合一体化执法: a draw belongs to the region it covers; an inspection and a case to the object's region.
  // Departments: a draw to the departments it draws inspectors from, a plan and an inspection to the
  // departments taking part (the lead among them), a case and a deadline to their item's department;
  // files, stage log, plan objects and 责令整改 orders follow their case, plan or inspection.
  enforce_draw: { region: { column: 'region_code' }, owner: { column: 'created_by' }, department: { column: 'departments', array: true } },
  enforce_inspection: {
    region: { column: 'region_code' },
    owner: { column: 'created_by' },
    department: { column: 'departments', array: true },
  },
  enforce_case: { region: { column: 'region_code' }, owner: { column: 'created_by' }, department: ITEM_DEPARTMENT },
  enforce_case_action: {
    region: { through: 'case_id', table: 'enforce_case' },
    owner: { through: 'case_id', table: 'enforce_case' },
    department: { through: 'case_id', table: 'enforce_case' },
  },
  enforce_deadline: { region: { column: 'region_code' }, owner: { column: 'created_by' }, department: ITEM_DEPARTMENT },
  enforce_plan: { region: { column: 'region_code' }, owner: { column: 'created_by' }, department: { column: 'departments', array: true } },
  enforce_plan_object: {
    region: { through: 'plan_id', table: 'enforce_plan' },
    owner: { through: 'plan_id', table: 'enforce_plan' },
    department: { through: 'plan_id', table: 'enforce_plan' },
  },
  enforce_inspection_file: {
    region: { through: 'inspection_id', table: 'enforce_inspection' },
    owner: { through: 'inspection_id', table: 'enforce_inspection' },
    department: { through: 'inspection_id', table: 'enforce_inspection' },
  },
  enforce_order: {
    region: { column: 'region_code' },
    owner: { column: 'created_by' },
    department: { through: 'inspection_id', table: 'enforce_inspection' },
  },
  enforce_case_file: {
    region: { through: 'case_id', table: 'enforce_case' },
    owner: { through: 'case_id', table: 'enforce_case' },
    department: { through: 'case_id', table: 'enforce_case' },
  },
  // an object's enrolment in a "一件事" scenario belongs to the object's region
  enforce_scenario_object: { region: { through: 'subject_id', table: 'subject' }, owner: { column: 'enrolled_by' } },
  rural_ledger: { region: { column: 'village_code' }, owner: { column: 'loaded_by' } },
  rural_weak: { region: { column: 'village_code' }, owner: null },
  rural_pairing: { region: { column: 'village_code' }, owner: { column: 'created_by' } },
  rural_household: { region: { column: 'village_code' }, owner: { column: 'created_by' } },
  rural_household_income: {
    region: { through: 'household_id', table: 'rural_household' },
    owner: { through: 'household_id', table: 'rural_household' },
  },
  // 未来乡村 evidence belongs to its village
  rural_future_evidence: { region: { column: 'village_code' }, owner: { column: 'created_by' } },
};

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * SQL predicate: the row `alias` of `table` is in the actor's data scope. Use it in every where
 * clause (or as a selected `visible` flag) over a region-bound table.
 */
export function inScope(actor: Actor, table: RegionBoundTable, alias: string): SQL {
  if (!IDENTIFIER.test(alias)) throw new Error(`not an SQL alias: ${alias}`);
  const s = actor.scope;
  if (s.all) return sql`true`;
  const rule = REGION_BOUND[table];
  const parts: SQL[] = [];
  const codes = regionCodes(s);
  if (codes) parts.push(follow(table, alias, 'region', (column) => sql`${column} in (${codes})`, 0));
  const d = s.department;
  const deptCodes = d?.subtrees.length ? regionCodes({ subtrees: d.subtrees }) : null;
  if (d && deptCodes) {
    const inRegion = follow(table, alias, 'region', (column) => sql`${column} in (${deptCodes})`, 0);
    // the region and the department of the same row (links that follow a foreign key reach one parent row)
    parts.push(rule.department ? sql`(${inRegion} and ${followDepartment(table, alias, d.names, 0)})` : inRegion);
  }
  if (rule.owner && (s.own || rule.ownerAlwaysSees)) parts.push(follow(table, alias, 'owner', (column) => sql`${column} = ${actor.id}`, 0));
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** SQL predicate: the row names one of `names` as its department (a department-bound table's rule). */
function followDepartment(table: RegionBoundTable, alias: string, names: readonly string[], depth: number): SQL {
  const link = REGION_BOUND[table].department;
  if (!link) throw new Error(`${table} is not department-bound`);
  if (names.length === 0) return sql`false`;
  const list = sql`${sql.param([...names])}::text[]`;
  const inner = `${alias.slice(0, 20)}_d${depth}`;
  if ('lookup' in link) {
    return sql`${sql.raw(`${alias}.${link.lookup}`)} in (select ${sql.raw(`${inner}.${link.key}`)} from ${sql.raw(`${link.table} ${inner}`)}
      where ${sql.raw(`${inner}.${link.column}`)} = any(${list}))`;
  }
  if ('through' in link) {
    return sql`${sql.raw(`${alias}.${link.through}`)} in (select ${sql.raw(`${inner}.id`)} from ${sql.raw(`${link.table} ${inner}`)}
      where ${followDepartment(link.table, inner, names, depth + 1)})`;
  }
  const column = sql.raw(`${alias}.${link.column}`);
  return link.array ? sql`${column} && ${list}` : sql`${column} = any(${list})`;
}

/**
 * The same actor with its department-bound part widened to its regions, for a computation that must
 * take every department's rows of the caller's regions into account and hands none of them out (the
 * recusal of a 双随机 draw: who inspected the object last time, whichever department it was).
 */
export function ignoringDepartments(actor: Actor): Actor {
  const d = actor.scope.department;
  if (!d) return actor;
  const { department: _d, ...rest } = actor.scope;
  return { ...actor, scope: { ...rest, subtrees: [...(rest.subtrees ?? []), ...d.subtrees] } };
}

/** The department-bound tables: those whose rows a department data scope narrows to its departments. */
export const DEPARTMENT_BOUND = (Object.keys(REGION_BOUND) as RegionBoundTable[]).filter((t) => REGION_BOUND[t].department);

/** `select code from region where …` for the scope's regions, or null when it names none. */
function regionCodes(s: RegionScope): SQL | null {
  const parts: SQL[] = [];
  for (const p of s.subtrees ?? []) parts.push(sql`path like ${escapeLike(p) + '%'}`);
  if (s.exact?.length) parts.push(sql`code = any(${sql.param(s.exact)}::text[])`);
  return parts.length ? sql`select code from region where ${sql.join(parts, sql` or `)}` : null;
}

function follow(table: RegionBoundTable, alias: string, part: 'region' | 'owner', leaf: (column: SQL) => SQL, depth: number): SQL {
  const rule = REGION_BOUND[table];
  const link = part === 'region' ? rule.region : rule.owner;
  if (!link) return sql`false`;
  const inner = `${alias.slice(0, 20)}_${depth}`;
  if ('column' in link) return leaf(sql.raw(`${alias}.${link.column}`));
  if ('through' in link) {
    return sql`${sql.raw(`${alias}.${link.through}`)} in (select ${sql.raw(`${inner}.id`)} from ${sql.raw(`${link.table} ${inner}`)}
      where ${follow(link.table, inner, part, leaf, depth + 1)})`;
  }
  return sql`exists (select 1 from ${sql.raw(`${link.anyOf} ${inner}`)} where ${sql.raw(`${inner}.${link.by} = ${alias}.id`)}
    and ${follow(link.anyOf, inner, part, leaf, depth + 1)})`;
}

/**
 * The path of an account's region: the anchor its data scope is relative to. Read for every
 * account regardless of the reader's scope, since the actor is built from it.
 */
export const regionPathOf = (regionCode: SQL): SQL => sql`(select path from region where code = ${regionCode})`;
/** A region's name by code, for labels on rows that carry a region code (a user's home region). */
export const regionNameOf = (regionCode: SQL): SQL => sql`(select name from region where code = ${regionCode})`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** What the in-memory twin needs of a loaded row: its region's path and code, and its owner if the table has one. */
export interface ScopedValues {
  regionPath: string | null;
  regionCode: string | null;
  owner?: string | null;
  /** the departments the row names, for a department-bound table (none given: not visible by department) */
  departments?: readonly string[] | null;
}

/**
 * The in-memory twin of `inScope`, for short lists already loaded: the same rules, own rows
 * included. `table` is a region-bound table, or `null` for rows without own rows (accounts).
 */
export function visibleTo(actor: Actor, table: RegionBoundTable | null): (row: ScopedValues) => boolean {
  const s = actor.scope;
  const rule = table ? REGION_BOUND[table] : null;
  const ownerSees = !!rule?.owner && (!!s.own || !!rule.ownerAlwaysSees);
  const d = s.department;
  const bound = !!rule?.department;
  return (row) => {
    if (s.all) return true;
    if (row.regionPath && s.subtrees?.some((p) => row.regionPath!.startsWith(p))) return true;
    if (row.regionCode && s.exact?.includes(row.regionCode)) return true;
    if (d && row.regionPath && d.subtrees.some((p) => row.regionPath!.startsWith(p))) {
      if (!bound || (row.departments ?? []).some((n) => d.names.includes(n))) return true;
    }
    return ownerSees && row.owner != null && row.owner === actor.id;
  };
}
