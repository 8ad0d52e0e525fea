/**
 * SQL of reporting tasks (填报任务). A task is reached through the scope door two ways: the office
 * that issued it (its region) manages it, and each unit sees it through its own assignment.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { actorNameOf } from '../audit/names.js';
import { isoTime, one, rows, type Db } from '../db/store.js';

export type AssignmentStatus = 'pending' | 'submitted' | 'returned' | 'accepted';

export interface TaskRow {
  id: number;
  title: string;
  indicatorSet: string;
  indicatorSetName: string;
  period: string;
  deadline: string;
  instructions: string;
  yoyAlert: number;
  regionCode: string;
  regionName: string;
  createdBy: string;
  createdAt: string;
  /** the attachment template's file name and size, when the office attached one */
  attachment: { fileName: string; bytes: number } | null;
  /** the caller's scope covers the issuing office: they may review, return, accept and remind */
  manageable: boolean;
  counts: { total: number; pending: number; submitted: number; returned: number; accepted: number; overdue: number };
}

export interface AssignmentRow {
  id: number;
  regionCode: string;
  regionName: string;
  regionPath: string;
  status: AssignmentStatus;
  batchId: number | null;
  publishedBatchId: number | null;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  submissions: number;
  reviewedAt: string | null;
  reviewedBy: string | null;
  returnReason: string | null;
  returns: number;
  remindedAt: string | null;
  reminders: number;
  /** first submitted after the deadline */
  late: boolean;
  /** past the deadline and still not submitted (pending or returned) */
  overdue: boolean;
}

const visibleTask = (actor: Actor) =>
  sql`(${inScope(actor, 'report_task', 't')} or exists (select 1 from report_assignment a where a.task_id = t.id and ${inScope(actor, 'report_assignment', 'a')}))`;

const taskColumns = (actor: Actor) => sql`t.id, t.title, t.indicator_set as "indicatorSet", s.name_zh as "indicatorSetName", t.period,
  ${isoTime(sql`t.deadline`)} as deadline, t.instructions, t.yoy_alert as "yoyAlert", t.region_code as "regionCode",
  r.name as "regionName", ${actorNameOf(sql`t.created_by`)} as "createdBy", ${isoTime(sql`t.created_at`)} as "createdAt",
  case when t.attachment_name is null then null
       else json_build_object('fileName', t.attachment_name, 'bytes', t.attachment_size) end as attachment,
  ${inScope(actor, 'report_task', 't')} as manageable,
  (select json_build_object(
     'total', count(*)::int,
     'pending', (count(*) filter (where a.status = 'pending'))::int,
     'submitted', (count(*) filter (where a.status = 'submitted'))::int,
     'returned', (count(*) filter (where a.status = 'returned'))::int,
     'accepted', (count(*) filter (where a.status = 'accepted'))::int,
     'overdue', (count(*) filter (where a.status in ('pending', 'returned') and now() > t.deadline))::int)
   from report_assignment a where a.task_id = t.id and ${inScope(actor, 'report_assignment', 'a')}) as counts`;

const taskFrom = sql`from report_task t join indicator_set s on s.code = t.indicator_set join region r on r.code = t.region_code`;

export async function listTasks(db: Db, actor: Actor, w: { limit: number; offset: number }): Promise<TaskRow[]> {
  return rows<TaskRow>(
    db,
    sql`select ${taskColumns(actor)} ${taskFrom} where ${visibleTask(actor)}
        order by t.deadline desc, t.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countTasks(db: Db, actor: Actor): Promise<number> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n from report_task t where ${visibleTask(actor)}`);
  return r?.n ?? 0;
}

export async function taskById(db: Db, actor: Actor, id: number): Promise<TaskRow | undefined> {
  return one<TaskRow>(db, sql`select ${taskColumns(actor)} ${taskFrom} where t.id = ${id} and ${visibleTask(actor)}`);
}

const assignmentColumns = sql`a.id, a.region_code as "regionCode", r.name as "regionName", r.path as "regionPath", a.status,
  a.batch_id as "batchId", a.published_batch_id as "publishedBatchId",
  ${isoTime(sql`a.first_submitted_at`)} as "firstSubmittedAt", ${isoTime(sql`a.submitted_at`)} as "submittedAt",
  ${actorNameOf(sql`a.submitted_by`)} as "submittedBy", a.submissions,
  ${isoTime(sql`a.reviewed_at`)} as "reviewedAt",
  ${actorNameOf(sql`a.reviewed_by`)} as "reviewedBy",
  a.return_reason as "returnReason", a.returns, ${isoTime(sql`a.reminded_at`)} as "remindedAt", a.reminders,
  coalesce(a.first_submitted_at > t.deadline, false) as late,
  (a.status in ('pending', 'returned') and now() > t.deadline) as overdue`;

export async function assignmentsOf(db: Db, actor: Actor, taskId: number): Promise<AssignmentRow[]> {
  return rows<AssignmentRow>(
    db,
    sql`select ${assignmentColumns} from report_assignment a join report_task t on t.id = a.task_id join region r on r.code = a.region_code
        where a.task_id = ${taskId} and ${inScope(actor, 'report_assignment', 'a')} order by r.code`,
  );
}

/** The unit's assignment, locked for the rest of the transaction (two clicks cannot both move it). */
export async function lockAssignment(tx: Db, actor: Actor, taskId: number, regionCode: string): Promise<AssignmentRow | undefined> {
  return one<AssignmentRow>(
    tx,
    sql`select ${assignmentColumns} from report_assignment a join report_task t on t.id = a.task_id join region r on r.code = a.region_code
        where a.task_id = ${taskId} and a.region_code = ${regionCode} and ${inScope(actor, 'report_assignment', 'a')}
        for update of a`,
  );
}

export interface NewTask {
  title: string;
  indicatorSet: string;
  period: string;
  deadline: string;
  instructions: string;
  yoyAlert: number;
  regionCode: string;
  createdBy: string;
}

export async function insertTaskUnscoped(tx: Db, t: NewTask, units: string[]): Promise<number> {
  const created = await one<{ id: number }>(
    tx,
    sql`insert into report_task (title, indicator_set, period, deadline, instructions, yoy_alert, region_code, created_by)
        values (${t.title}, ${t.indicatorSet}, ${t.period}, ${t.deadline}, ${t.instructions}, ${t.yoyAlert}, ${t.regionCode}, ${t.createdBy})
        returning id`,
  );
  await tx.execute(sql`insert into report_assignment (task_id, region_code) select ${created!.id}, unnest(${sql.param(units)}::text[])`);
  return created!.id;
}

export type AssignmentChange =
  | { to: 'submitted'; batchId: number | null; by: string }
  | { to: 'pending' }
  | { to: 'returned'; reason: string; by: string }
  | { to: 'accepted'; publishedBatchId: number | null; by: string };

/** Moves a locked assignment (the service checked the transition). */
export async function moveAssignmentUnscoped(tx: Db, id: number, c: AssignmentChange): Promise<void> {
  const set =
    c.to === 'submitted'
      ? sql`status = 'submitted', batch_id = ${c.batchId}, submitted_at = now(), submitted_by = ${c.by},
            first_submitted_at = coalesce(first_submitted_at, now()), submissions = submissions + 1`
      : c.to === 'pending'
        ? sql`status = 'pending'`
        : c.to === 'returned'
          ? sql`status = 'returned', return_reason = ${c.reason}, returns = returns + 1, reviewed_at = now(), reviewed_by = ${c.by}`
          : sql`status = 'accepted', published_batch_id = ${c.publishedBatchId}, reviewed_at = now(), reviewed_by = ${c.by}`;
  await tx.execute(sql`update report_assignment set ${set} where id = ${id}`);
}

export async function markRemindedUnscoped(tx: Db, ids: number[]): Promise<void> {
  if (ids.length)
    await tx.execute(
      sql`update report_assignment set reminders = reminders + 1, reminded_at = now() where id = any(${sql.param(ids)}::bigint[])`,
    );
}

/** Regions (code and path) among `codes` that the actor's scope covers. */
export async function regionsInScope(db: Db, actor: Actor, codes: string[]): Promise<{ code: string; path: string; name: string }[]> {
  return rows(
    db,
    sql`select r.code, r.path, r.name from region r where r.code = any(${sql.param(codes)}::text[]) and ${inScope(actor, 'region', 'r')}`,
  );
}

/** The codes of a unit's region and every region below it (what the unit reports for). */
export async function unitSubtree(db: Db, actor: Actor, unitPath: string): Promise<Set<string>> {
  const found = await rows<{ code: string }>(
    db,
    sql`select r.code from region r where r.path like ${unitPath.replace(/[\\%_]/g, '\\$&') + '%'} and ${inScope(actor, 'region', 'r')}`,
  );
  return new Set(found.map((f) => f.code));
}

/** The current values of the task's indicators and period for a unit (its region and below). */
export interface UnitValue {
  id: number;
  indicatorCode: string;
  subjectId: number;
  subjectCode: string;
  subjectName: string;
  value: number;
  status: 'preliminary' | 'final';
  source: string;
  batchId: number;
  periodStart: string;
}

export async function unitValues(
  db: Db,
  actor: Actor,
  q: { indicators: string[]; period: string; unitPath: string },
): Promise<UnitValue[]> {
  return rows<UnitValue>(
    db,
    sql`select o.id, o.indicator_code as "indicatorCode", o.subject_id as "subjectId", s.code as "subjectCode", s.name as "subjectName",
          o.value, o.status, o.source, o.batch_id as "batchId",
          to_char(o.period_start, 'YYYY-MM-DD') as "periodStart"
        from observation o join subject s on s.id = o.subject_id join region r on r.code = s.region_code
        where o.is_current and o.period = ${q.period} and o.indicator_code = any(${sql.param(q.indicators)}::text[])
          and s.kind = 'region' and r.path like ${q.unitPath.replace(/[\\%_]/g, '\\$&') + '%'} and ${inScope(actor, 'observation', 'o')}
        order by r.path, o.indicator_code`,
  );
}

/** Current values of the same subjects and indicators for other periods (previous, same period last year). */
export async function valuesAt(
  db: Db,
  actor: Actor,
  q: { indicators: string[]; subjectIds: number[]; periods: string[] },
): Promise<{ indicatorCode: string; subjectId: number; period: string; value: number }[]> {
  if (!q.subjectIds.length) return [];
  return rows(
    db,
    sql`select o.indicator_code as "indicatorCode", o.subject_id as "subjectId", o.period, o.value from observation o
        where o.is_current and o.indicator_code = any(${sql.param(q.indicators)}::text[])
          and o.subject_id = any(${sql.param(q.subjectIds)}::bigint[]) and o.period = any(${sql.param(q.periods)}::text[])
          and ${inScope(actor, 'observation', 'o')}`,
  );
}

/** Ids of the values a submission wrote that are still current (what withdrawing or returning takes back). */
export async function currentOfBatch(db: Db, actor: Actor, batchId: number): Promise<number[]> {
  const found = await rows<{ id: number }>(
    db,
    sql`select o.id from observation o where o.batch_id = ${batchId} and o.is_current and ${inScope(actor, 'observation', 'o')} order by o.id`,
  );
  return found.map((f) => f.id);
}

/**
 * 按时报送率 of a unit in a year: of its assignments whose deadline has passed or that were
 * submitted, the share first submitted by the deadline (percent), or null when there are none.
 */
export async function onTimeRate(db: Db, actor: Actor, regionCode: string, year: string): Promise<number | null> {
  const r = await one<{ due: number; onTime: number }>(
    db,
    sql`select count(*)::int as due, (count(*) filter (where a.first_submitted_at <= t.deadline))::int as "onTime"
        from report_assignment a join report_task t on t.id = a.task_id
        where a.region_code = ${regionCode} and left(t.period, 4) = ${year}
          and (t.deadline < now() or a.first_submitted_at is not null) and ${inScope(actor, 'report_assignment', 'a')}`,
  );
  return r && r.due > 0 ? (100 * r.onTime) / r.due : null;
}

export interface TaskAttachment {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
}

/** Sets (replaces) a task's attachment template; the caller has checked that the actor manages the task. */
export async function setAttachmentUnscoped(db: Db, taskId: number, file: TaskAttachment): Promise<void> {
  await db.execute(sql`update report_task set attachment_name = ${file.fileName}, attachment_type = ${file.contentType},
    attachment_bytes = ${Buffer.from(file.bytes)}, attachment_sha256 = ${file.sha256}, attachment_size = ${file.bytes.length}
    where id = ${taskId}`);
}

/** A task's attachment template; the caller has checked that the task is visible to the actor. */
export async function attachmentUnscoped(db: Db, taskId: number): Promise<TaskAttachment | null> {
  const row = await one<{ fileName: string | null; contentType: string; bytes: Uint8Array; sha256: string }>(
    db,
    sql`select attachment_name as "fileName", attachment_type as "contentType", attachment_bytes as bytes,
      attachment_sha256 as sha256 from report_task where id = ${taskId}`,
  );
  return row && row.fileName !== null ? { ...row, fileName: row.fileName } : null;
}
