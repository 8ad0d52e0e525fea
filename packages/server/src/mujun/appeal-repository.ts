/**
 * SQL for 公示 and appeal: an enterprise's results in published runs, the class lines of a group,
 * appeals and their files. Functions named `…Unscoped` take a subject id their caller has bound to
 * the actor (an enterprise account reads only its own enterprise) or has checked in scope first.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { actorNameOf } from '../audit/names.js';
import { isoTime, one, rows, type Db } from '../db/store.js';
import { resultColumns, type ResultRow } from './repository.js';

export interface EnterpriseResultRow extends ResultRow {
  runId: number;
  year: number;
  status: 'draft' | 'published' | 'final';
  options: { classes?: { type: string } };
  schemes: Record<string, unknown>;
  publishedAt: string | null;
  appealUntil: string | null;
  appealOpen: boolean;
}

/** The enterprise's results in runs that are published (公示) or final, newest first; drafts stay with the officers. */
export async function publishedResultsUnscoped(db: Db, subjectId: number): Promise<EnterpriseResultRow[]> {
  return rows<EnterpriseResultRow>(
    db,
    sql`select ${resultColumns}, m.id as "runId", m.year, m.status, m.options, m.schemes,
          ${isoTime(sql`m.published_at`)} as "publishedAt",
          ${isoTime(sql`m.published_at + make_interval(days => m.appeal_days)`)} as "appealUntil",
          (m.status = 'published' and now() < m.published_at + make_interval(days => m.appeal_days)) as "appealOpen"
        from mujun_result x join subject s on s.id = x.subject_id join region r on r.code = x.region_code
        join mujun_run m on m.id = x.run_id
        where x.subject_id = ${subjectId} and m.status in ('published', 'final')
        order by m.year desc, m.id desc`,
  );
}

/** Per class, the lowest score of a firm not vetoed, in one group of a run (the class lines by rank shares). */
export async function classLinesUnscoped(db: Db, runId: number, scale: string) {
  return rows<{ class: string; score: number; vetoed: boolean }>(
    db,
    sql`select x.class, min(x.score) as score, false as vetoed from mujun_result x
        where x.run_id = ${runId} and x.scale = ${scale} and x.score is not null and x.class is not null and cardinality(x.vetoes) = 0
        group by x.class`,
  );
}

export async function groupSizeUnscoped(db: Db, runId: number, scale: string): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from mujun_result x where x.run_id = ${runId} and x.scale = ${scale} and x.score is not null`,
  );
  return r?.n ?? 0;
}

export async function enterpriseInScope(db: Db, actor: Actor, code: string) {
  return one<{ id: number; code: string; name: string; regionName: string }>(
    db,
    sql`select s.id, s.code, s.name, r.name as "regionName" from subject s join region r on r.code = s.region_code
        where s.kind = 'enterprise' and s.code = ${code} and ${inScope(actor, 'subject', 's')}`,
  );
}

export async function enterpriseByIdUnscoped(db: Db, id: number) {
  return one<{ id: number; code: string; name: string; regionName: string }>(
    db,
    sql`select s.id, s.code, s.name, r.name as "regionName" from subject s join region r on r.code = s.region_code where s.id = ${id}`,
  );
}

export interface AppealRow {
  id: number;
  runId: number;
  year: number;
  subjectId: number;
  code: string;
  name: string;
  regionName: string;
  reason: string;
  filedBy: string;
  filedAt: string;
  status: 'pending' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  files: Array<{ id: number; fileName: string }>;
}

const appealColumns = sql`a.id, a.run_id as "runId", m.year, a.subject_id as "subjectId", s.code, s.name, r.name as "regionName", a.reason,
  ${actorNameOf(sql`a.filed_by`)} as "filedBy", ${isoTime(sql`a.filed_at`)} as "filedAt", a.status,
  ${actorNameOf(sql`a.decided_by`)} as "decidedBy", ${isoTime(sql`a.decided_at`)} as "decidedAt", a.decision_note as "decisionNote",
  coalesce((select json_agg(json_build_object('id', f.id, 'fileName', f.file_name) order by f.id) from mujun_appeal_file f
            where f.appeal_id = a.id), '[]') as files`;
const appealFrom = sql`mujun_appeal a join mujun_run m on m.id = a.run_id join subject s on s.id = a.subject_id
  join region r on r.code = a.region_code`;

/** Every appeal of one enterprise, in every run (the record keeps them). */
export async function appealsOfEnterpriseUnscoped(db: Db, subjectId: number): Promise<AppealRow[]> {
  return rows<AppealRow>(db, sql`select ${appealColumns} from ${appealFrom} where a.subject_id = ${subjectId} order by a.id desc`);
}

export async function appealsOfRun(db: Db, actor: Actor, runId: number, status?: string): Promise<AppealRow[]> {
  return rows<AppealRow>(
    db,
    sql`select ${appealColumns} from ${appealFrom}
        where a.run_id = ${runId} and ${inScope(actor, 'mujun_appeal', 'a')} ${status ? sql`and a.status = ${status}` : sql``}
        order by (a.status = 'pending') desc, a.id desc`,
  );
}

export async function appealForUpdate(tx: Db, actor: Actor, id: number) {
  return one<{ id: number; runId: number; subjectId: number; status: string; runStatus: string }>(
    tx,
    sql`select a.id, a.run_id as "runId", a.subject_id as "subjectId", a.status, m.status as "runStatus"
        from mujun_appeal a join mujun_run m on m.id = a.run_id
        where a.id = ${id} and ${inScope(actor, 'mujun_appeal', 'a')} for update of a`,
  );
}

/** The enterprise's own appeal (an enterprise account reaches only its enterprise's). */
export async function ownAppealUnscoped(db: Db, subjectId: number, id: number) {
  return one<{ id: number; status: string }>(
    db,
    sql`select a.id, a.status from mujun_appeal a where a.id = ${id} and a.subject_id = ${subjectId}`,
  );
}

export async function pendingAppealUnscoped(db: Db, runId: number, subjectId: number): Promise<boolean> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from mujun_appeal a where a.run_id = ${runId} and a.subject_id = ${subjectId} and a.status = 'pending'`,
  );
  return (r?.n ?? 0) > 0;
}

export async function countPendingAppealsUnscoped(db: Db, runId: number): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from mujun_appeal a where a.run_id = ${runId} and a.status = 'pending'`,
  );
  return r?.n ?? 0;
}

export async function insertAppealUnscoped(
  tx: Db,
  a: { runId: number; subjectId: number; regionCode: string; reason: string; by: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into mujun_appeal (run_id, subject_id, region_code, reason, filed_by)
        values (${a.runId}, ${a.subjectId}, ${a.regionCode}, ${a.reason}, ${a.by}) returning id`,
  );
  return r!.id;
}

export async function insertAppealFileUnscoped(
  tx: Db,
  f: { appealId: number; fileName: string; contentType: string; bytes: Buffer; sha256: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into mujun_appeal_file (appeal_id, file_name, content_type, bytes, sha256)
        values (${f.appealId}, ${f.fileName}, ${f.contentType}, ${f.bytes}, ${f.sha256}) returning id`,
  );
  return r!.id;
}

export async function countAppealFilesUnscoped(db: Db, appealId: number): Promise<number> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n from mujun_appeal_file where appeal_id = ${appealId}`);
  return r?.n ?? 0;
}

export async function decideAppealUnscoped(tx: Db, id: number, status: 'accepted' | 'rejected', by: string, note: string) {
  await tx.execute(
    sql`update mujun_appeal set status = ${status}, decided_by = ${by}, decided_at = now(), decision_note = ${note} where id = ${id}`,
  );
}

/** An appeal's file, if the actor's scope reaches the appeal (officers) or it belongs to `subjectId` (the enterprise). */
export async function appealFile(db: Db, actor: Actor, appealId: number, fileId: number, subjectId?: number) {
  return one<{ fileName: string; contentType: string; bytes: Buffer | Uint8Array }>(
    db,
    sql`select f.file_name as "fileName", f.content_type as "contentType", f.bytes from mujun_appeal_file f
        join mujun_appeal a on a.id = f.appeal_id
        where f.id = ${fileId} and f.appeal_id = ${appealId}
          and ${subjectId === undefined ? inScope(actor, 'mujun_appeal', 'a') : sql`a.subject_id = ${subjectId}`}`,
  );
}

/** The county a run evaluated (its officers answer its appeals). */
export async function runCountyUnscoped(db: Db, runId: number): Promise<string> {
  return (await one<{ code: string }>(db, sql`select region_code as code from mujun_run where id = ${runId}`))!.code;
}
