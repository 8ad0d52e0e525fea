/**
 * SQL for observations, subjects and import batches. Reads apply the data scope (`inScope`); the
 * write steps of an import are unscoped by name: the importer resolves every subject in scope first.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { isoTime, one, rows, type Db } from '../db/store.js';
import type { SubjectKind } from '../indicators/schema.js';

export interface SubjectRef {
  id: number;
  kind: SubjectKind;
  code: string;
  name: string;
  regionCode: string;
}

/** Subjects of one kind by code, limited to the actor's scope. */
export async function findSubjects(db: Db, actor: Actor, kind: SubjectKind, codes: string[]): Promise<Map<string, SubjectRef>> {
  const found = await rows<SubjectRef>(
    db,
    sql`select s.id, s.kind, s.code, s.name, s.region_code as "regionCode"
        from subject s
        where s.kind = ${kind} and s.code = any(${sql.param(codes)}::text[]) and ${inScope(actor, 'subject', 's')}`,
  );
  return new Map(found.map((s) => [s.code, s]));
}

/** Subject codes that exist at all, regardless of scope: to tell "unknown" from "not yours". */
export async function existingSubjectCodesUnscoped(db: Db, kind: SubjectKind, codes: string[]): Promise<Set<string>> {
  const found = await rows<{ code: string }>(
    db,
    sql`select code from subject where kind = ${kind} and code = any(${sql.param(codes)}::text[])`,
  );
  return new Set(found.map((s) => s.code));
}

export interface NewObservation {
  indicatorCode: string;
  subjectId: number;
  period: string;
  periodStart: string;
  value: number;
  status: 'preliminary' | 'final';
  source: string;
}

export interface CurrentValue {
  key: number;
  id: number;
  value: number;
  status: string;
  source: string;
}

const CHUNK = 20_000;

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

/** The current value, if any, for each incoming row (subjects resolved in scope); `key` is the row's index in `items`. */
export async function currentValuesUnscoped(db: Db, items: NewObservation[]): Promise<CurrentValue[]> {
  const out: CurrentValue[] = [];
  let offset = 0;
  for (const part of chunks(items)) {
    const found = await rows<CurrentValue>(
      db,
      sql`select n.k + ${offset} as key, o.id, o.value, o.status, o.source
          from unnest(${sql.param(part.map((_, i) => i))}::int[],
                      ${sql.param(part.map((r) => r.indicatorCode))}::text[],
                      ${sql.param(part.map((r) => r.subjectId))}::bigint[],
                      ${sql.param(part.map((r) => r.period))}::text[]) as n(k, ind, sid, period)
          join observation o on o.is_current and o.indicator_code = n.ind and o.subject_id = n.sid
                              and o.period = n.period`,
    );
    out.push(...found);
    offset += part.length;
  }
  return out;
}

export async function supersedeUnscoped(db: Db, ids: number[]): Promise<void> {
  for (const part of chunks(ids)) {
    await db.execute(sql`update observation set is_current = false, superseded_at = now()
                         where id = any(${sql.param(part)}::bigint[])`);
  }
}

export async function insertObservationsUnscoped(db: Db, batchId: number, items: NewObservation[]): Promise<void> {
  for (const part of chunks(items)) {
    await db.execute(sql`
      insert into observation (indicator_code, subject_id, period, period_start, value, status, source, batch_id)
      select ind, sid, period, start::date, value, status, source, ${batchId}
      from unnest(${sql.param(part.map((r) => r.indicatorCode))}::text[],
                  ${sql.param(part.map((r) => r.subjectId))}::bigint[],
                  ${sql.param(part.map((r) => r.period))}::text[],
                  ${sql.param(part.map((r) => r.periodStart))}::text[],
                  ${sql.param(part.map((r) => r.value))}::float8[],
                  ${sql.param(part.map((r) => r.status))}::text[],
                  ${sql.param(part.map((r) => r.source))}::text[])
           as n(ind, sid, period, start, value, status, source)`);
  }
}

export interface BatchInput {
  fileName: string;
  fileSha256: string;
  format: 'xlsx' | 'xls' | 'html' | 'csv' | 'seed' | 'api';
  layout: 'wide' | 'long' | 'seed' | 'api';
  encoding: string | null;
  rowCount: number;
  source: string;
  synthetic: boolean;
  loadedBy: string;
  note: string;
}

export interface Batch extends BatchInput {
  id: number;
  insertedCount: number;
  revisedCount: number;
  unchangedCount: number;
  loadedAt: string;
}

const BATCH_COLUMNS = sql`b.id, b.file_name as "fileName", b.file_sha256 as "fileSha256", b.format, b.layout,
  b.encoding, b.row_count as "rowCount", b.inserted_count as "insertedCount", b.revised_count as "revisedCount",
  b.unchanged_count as "unchangedCount", b.source, b.synthetic, b.loaded_by as "loadedBy",
  ${isoTime(sql`b.loaded_at`)} as "loadedAt", b.note`;

export async function createBatchUnscoped(db: Db, b: BatchInput): Promise<number> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`insert into import_batch (file_name, file_sha256, format, layout, encoding, row_count, inserted_count,
          revised_count, unchanged_count, source, synthetic, loaded_by, note)
        values (${b.fileName}, ${b.fileSha256}, ${b.format}, ${b.layout}, ${b.encoding}, ${b.rowCount}, 0, 0, 0,
          ${b.source}, ${b.synthetic}, ${b.loadedBy}, ${b.note})
        returning id`,
  );
  return r.id;
}

/** Whether any batch of this file name was loaded, by anyone, anywhere (e.g. the demo's, at start-up). */
export async function batchLoadedUnscoped(db: Db, fileName: string): Promise<boolean> {
  return !!(await one(db, sql`select 1 as x from import_batch where file_name = ${fileName} limit 1`));
}

export async function setBatchCountsUnscoped(db: Db, id: number, c: { inserted: number; revised: number; unchanged: number }) {
  await db.execute(sql`update import_batch set inserted_count = ${c.inserted}, revised_count = ${c.revised},
                       unchanged_count = ${c.unchanged} where id = ${id}`);
}

export async function getBatch(db: Db, actor: Actor, id: number): Promise<Batch | undefined> {
  const [b] = await rows<Batch>(
    db,
    sql`select ${BATCH_COLUMNS} from import_batch b where b.id = ${id} and ${inScope(actor, 'import_batch', 'b')}`,
  );
  return b;
}

export async function listBatches(db: Db, actor: Actor, w: { limit: number; offset: number }): Promise<Batch[]> {
  return rows<Batch>(
    db,
    sql`select ${BATCH_COLUMNS} from import_batch b where ${inScope(actor, 'import_batch', 'b')}
        order by b.id desc limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countBatches(db: Db, actor: Actor): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from import_batch b where ${inScope(actor, 'import_batch', 'b')}`))!.n;
}

/** One revision, current or not, without a scope check (callers have checked it). */
export async function observationByIdUnscoped(db: Db, id: number): Promise<ObservationRow | undefined> {
  return one<ObservationRow>(db, sql`select ${OBSERVATION_COLUMNS} from ${FROM} where o.id = ${id}`);
}

export interface ObservationFilter {
  indicators?: string[];
  /** region code: observations of subjects in this region and below */
  region?: string;
  subjectKind?: SubjectKind;
  subjects?: string[];
  /** inclusive lower bound of period start (ISO date) */
  from?: string;
  /** exclusive upper bound of period start (ISO date) */
  to?: string;
  status?: 'preliminary' | 'final';
  batchId?: number;
  limit: number;
  offset: number;
}

export interface ObservationRow {
  id: number;
  indicatorCode: string;
  subjectKind: SubjectKind;
  subjectCode: string;
  subjectName: string;
  regionCode: string;
  period: string;
  value: number;
  status: 'preliminary' | 'final';
  source: string;
  batchId: number;
  synthetic: boolean;
  loadedBy: string;
  loadedAt: string;
  isCurrent: boolean;
}

const OBSERVATION_COLUMNS = sql`o.id, o.indicator_code as "indicatorCode", s.kind as "subjectKind",
  s.code as "subjectCode", s.name as "subjectName", s.region_code as "regionCode", o.period, o.value, o.status,
  o.source, o.batch_id as "batchId", b.synthetic, b.loaded_by as "loadedBy", ${isoTime(sql`b.loaded_at`)} as "loadedAt",
  o.is_current as "isCurrent"`;

function observationWhere(actor: Actor, f: Omit<ObservationFilter, 'limit' | 'offset'>): SQL {
  const c: SQL[] = [sql`o.is_current`, inScope(actor, 'observation', 'o')];
  if (f.indicators?.length) c.push(sql`o.indicator_code = any(${sql.param(f.indicators)}::text[])`);
  if (f.region)
    c.push(sql`s.region_code in (select code from region where path like (select path from region where code = ${f.region}) || '%')`);
  if (f.subjectKind) c.push(sql`s.kind = ${f.subjectKind}`);
  if (f.subjects?.length) c.push(sql`s.code = any(${sql.param(f.subjects)}::text[])`);
  if (f.from) c.push(sql`o.period_start >= ${f.from}::date`);
  if (f.to) c.push(sql`o.period_start < ${f.to}::date`);
  if (f.status) c.push(sql`o.status = ${f.status}`);
  if (f.batchId) c.push(sql`o.batch_id = ${f.batchId}`);
  return sql.join(c, sql` and `);
}

const FROM = sql`observation o join subject s on s.id = o.subject_id join import_batch b on b.id = o.batch_id`;

export async function countObservations(db: Db, actor: Actor, f: Omit<ObservationFilter, 'limit' | 'offset'>): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from ${FROM} where ${observationWhere(actor, f)}`))!.n;
}

export async function queryObservations(db: Db, actor: Actor, f: ObservationFilter): Promise<ObservationRow[]> {
  return rows<ObservationRow>(
    db,
    sql`select ${OBSERVATION_COLUMNS} from ${FROM} where ${observationWhere(actor, f)}
        order by o.indicator_code, s.code, o.period_start limit ${f.limit} offset ${f.offset}`,
  );
}

/** Streams all matching rows in keyset pages, for exports of any size. */
export async function* scanObservations(
  db: Db,
  actor: Actor,
  f: Omit<ObservationFilter, 'limit' | 'offset'>,
  pageSize = 10_000,
): AsyncGenerator<ObservationRow[]> {
  let after = 0;
  for (;;) {
    const page = await rows<ObservationRow>(
      db,
      sql`select ${OBSERVATION_COLUMNS} from ${FROM} where ${observationWhere(actor, f)} and o.id > ${after}
          order by o.id limit ${pageSize}`,
    );
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].id;
    if (page.length < pageSize) return;
  }
}

/** One observation and all revisions of the same indicator × subject × period, oldest first. */
export interface RevisionRow extends ObservationRow {
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawnReason: string | null;
}

export async function observationHistory(db: Db, actor: Actor, id: number): Promise<RevisionRow[]> {
  return rows<RevisionRow>(
    db,
    sql`select ${OBSERVATION_COLUMNS}, ${isoTime(sql`o.withdrawn_at`)} as "withdrawnAt", o.withdrawn_by as "withdrawnBy",
          o.withdrawn_reason as "withdrawnReason" from ${FROM}
        join observation target on target.id = ${id} and target.indicator_code = o.indicator_code
          and target.subject_id = o.subject_id and target.period = o.period
        where ${inScope(actor, 'observation', 'o')}
        order by o.id`,
  );
}
