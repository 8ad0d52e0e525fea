/**
 * SQL of the 八大行动 task tree: actions and tasks (the district's plan structure, read by every
 * reader of the wall), milestones (region-bound: a town officer sees its own) and their evidence
 * files. Reads of milestones and files go through the scope door.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { isoTime, one, rows, type Db } from '../db/store.js';

export type MilestoneStatus = 'open' | 'reported' | 'reviewed' | 'accepted' | 'returned';

export interface ActionRow {
  id: number;
  code: string;
  parentId: number | null;
  name: string;
  ownerUnit: string;
  sourceDocument: string;
  synthetic: boolean;
}

export interface MilestoneRow {
  id: number;
  code: string | null;
  taskId: number;
  name: string;
  ownerUnit: string;
  regionCode: string;
  regionName: string;
  dueDate: string;
  signature: boolean;
  status: MilestoneStatus;
  reportNote: string;
  links: string[];
  returnReason: string;
  reportedBy: string | null;
  reportedAt: string | null;
  reviewedBy: string | null;
  acceptedBy: string | null;
  acceptedAt: string | null;
  synthetic: boolean;
  files: { id: number; fileName: string; bytes: number }[];
}

export async function actionsOf(db: Db): Promise<ActionRow[]> {
  return rows<ActionRow>(
    db,
    sql`select a.id, a.code, a.parent_id as "parentId", a.name, a.owner_unit as "ownerUnit", a.source_document as "sourceDocument", a.synthetic
        from target_action a order by a.parent_id nulls first, a.sort, a.id`,
  );
}

export async function milestonesOf(db: Db, actor: Actor, f: { id?: number; taskId?: number } = {}): Promise<MilestoneRow[]> {
  const where = [inScope(actor, 'target_milestone', 'm')];
  if (f.id !== undefined) where.push(sql`m.id = ${f.id}`);
  if (f.taskId !== undefined) where.push(sql`m.task_id = ${f.taskId}`);
  return rows<MilestoneRow>(
    db,
    sql`select m.id, m.code, m.task_id as "taskId", m.name, m.owner_unit as "ownerUnit", m.region_code as "regionCode", r.name as "regionName",
          to_char(m.due_date, 'YYYY-MM-DD') as "dueDate", m.signature, m.status, m.report_note as "reportNote", m.links,
          m.return_reason as "returnReason", m.reported_by as "reportedBy", ${isoTime(sql`m.reported_at`)} as "reportedAt",
          m.reviewed_by as "reviewedBy", m.accepted_by as "acceptedBy", ${isoTime(sql`m.accepted_at`)} as "acceptedAt", m.synthetic,
          coalesce((select json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'bytes', length(f.bytes)) order by f.id)
            from target_milestone_file f where f.milestone_id = m.id), '[]'::json) as files
        from target_milestone m join region r on r.code = m.region_code
        where ${sql.join(where, sql` and `)} order by m.due_date, m.id`,
  );
}

/** The milestone in scope, locked for a transition. */
export async function milestoneForUpdate(tx: Db, actor: Actor, id: number): Promise<{ id: number; status: MilestoneStatus } | undefined> {
  return one(
    tx,
    sql`select m.id, m.status from target_milestone m where m.id = ${id} and ${inScope(actor, 'target_milestone', 'm')} for update`,
  );
}

export async function reportMilestoneUnscoped(tx: Db, id: number, note: string, links: string[], by: string): Promise<void> {
  await tx.execute(
    sql`update target_milestone set status = 'reported', report_note = ${note}, links = ${sql.param(links)}::text[], reported_by = ${by},
          reported_at = now(), reviewed_by = null, reviewed_at = null, updated_at = now() where id = ${id}`,
  );
}

export async function decideMilestoneUnscoped(tx: Db, id: number, to: 'reviewed' | 'accepted' | 'returned', reason: string, by: string) {
  const who =
    to === 'reviewed'
      ? sql`reviewed_by = ${by}, reviewed_at = now()`
      : to === 'accepted'
        ? sql`accepted_by = ${by}, accepted_at = now()`
        : sql`return_reason = ${reason}`;
  await tx.execute(sql`update target_milestone set status = ${to}, ${who}, updated_at = now() where id = ${id}`);
}

export async function countFilesUnscoped(tx: Db, id: number): Promise<number> {
  return (await one<{ n: number }>(tx, sql`select count(*)::int as n from target_milestone_file where milestone_id = ${id}`))!.n;
}

export async function insertFileUnscoped(
  tx: Db,
  f: { milestoneId: number; fileName: string; contentType: string; bytes: Buffer; sha256: string },
  by: string,
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into target_milestone_file (milestone_id, file_name, content_type, bytes, sha256, uploaded_by)
        values (${f.milestoneId}, ${f.fileName}, ${f.contentType}, ${f.bytes}, ${f.sha256}, ${by}) returning id`,
  );
  return r!.id;
}

export async function fileOf(db: Db, actor: Actor, milestoneId: number, fileId: number) {
  return one<{ fileName: string; contentType: string; bytes: Uint8Array }>(
    db,
    sql`select f.file_name as "fileName", f.content_type as "contentType", f.bytes from target_milestone_file f
        where f.id = ${fileId} and f.milestone_id = ${milestoneId} and ${inScope(actor, 'target_milestone_file', 'f')}`,
  );
}

/** Overdue milestones (due before the date, not accepted) by responsible region, in scope. */
export async function overdueByRegion(db: Db, actor: Actor, date: string): Promise<{ regionCode: string; overdue: number }[]> {
  return rows(
    db,
    sql`select m.region_code as "regionCode", count(*) filter (where m.due_date < ${date}::date and m.status <> 'accepted')::int as overdue
        from target_milestone m where ${inScope(actor, 'target_milestone', 'm')} group by m.region_code order by m.region_code`,
  );
}

// ---------------------------------------------------------------- demo writes

export async function upsertActionUnscoped(
  tx: Db,
  a: { code: string; parentId: number | null; name: string; ownerUnit: string; sort: number; sourceDocument: string; synthetic: boolean },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into target_action (code, parent_id, name, owner_unit, sort, source_document, synthetic)
        values (${a.code}, ${a.parentId}, ${a.name}, ${a.ownerUnit}, ${a.sort}, ${a.sourceDocument}, ${a.synthetic})
        on conflict (code) do update set name = excluded.name, owner_unit = excluded.owner_unit, sort = excluded.sort returning id`,
  );
  return r!.id;
}

export async function insertMilestoneUnscoped(
  tx: Db,
  m: {
    code: string;
    taskId: number;
    name: string;
    ownerUnit: string;
    regionCode: string;
    dueDate: string;
    signature: boolean;
    synthetic: boolean;
  },
  by: string,
): Promise<void> {
  await tx.execute(
    sql`insert into target_milestone (code, task_id, name, owner_unit, region_code, due_date, signature, synthetic, created_by)
        values (${m.code}, ${m.taskId}, ${m.name}, ${m.ownerUnit}, ${m.regionCode}, ${m.dueDate}::date, ${m.signature}, ${m.synthetic}, ${by})
        on conflict (code) do nothing`,
  );
}
