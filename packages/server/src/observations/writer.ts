/**
 * The one observation writer used by imports, demos and modules: resolve each row's subject in the
 * actor's scope, compare each incoming value with the current one, keep unchanged values, and for a
 * changed value retire the current row (kept as history) and insert the new one — all as one batch,
 * in one transaction with its audit row.
 */
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import type { SubjectKind } from '../indicators/schema.js';
import {
  createBatchUnscoped,
  findSubjects,
  currentValuesUnscoped,
  insertObservationsUnscoped,
  setBatchCountsUnscoped,
  supersedeUnscoped,
  type BatchInput,
  type NewObservation,
} from './repository.js';

interface Diff {
  changed: NewObservation[];
  supersededIds: number[];
  inserted: number;
  revised: number;
  unchanged: number;
  /** previous current value by index of the incoming row */
  previous: Map<number, number>;
}

async function diffAgainstCurrent(db: Db, observations: NewObservation[]): Promise<Diff> {
  const current = await currentValuesUnscoped(db, observations);
  const byKey = new Map(current.map((c) => [c.key, c]));
  const diff: Diff = { changed: [], supersededIds: [], inserted: 0, revised: 0, unchanged: 0, previous: new Map() };
  observations.forEach((o, i) => {
    const cur = byKey.get(i);
    if (cur) diff.previous.set(i, cur.value);
    if (cur && cur.value === o.value && cur.status === o.status && cur.source === o.source) {
      diff.unchanged++;
      return;
    }
    if (cur) {
      diff.revised++;
      diff.supersededIds.push(cur.id);
    } else diff.inserted++;
    diff.changed.push(o);
  });
  return diff;
}

async function commitBatch(tx: Db, batch: BatchInput, diff: Diff, onProgress?: (done: number, total: number) => void): Promise<number> {
  const batchId = await createBatchUnscoped(tx, batch);
  await supersedeUnscoped(tx, diff.supersededIds);
  const step = 20_000;
  for (let i = 0; i < diff.changed.length; i += step) {
    await insertObservationsUnscoped(tx, batchId, diff.changed.slice(i, i + step));
    onProgress?.(Math.min(i + step, diff.changed.length), diff.changed.length);
  }
  await setBatchCountsUnscoped(tx, batchId, diff);
  return batchId;
}

/** One value to write; its subject is named by kind and code and resolved in the writer's scope. */
export interface ObservationInput extends Omit<NewObservation, 'subjectId'> {
  subject: { kind: SubjectKind; code: string };
}

export interface WriteRequest {
  /** the batch every written value points to (its provenance) */
  batch: Omit<BatchInput, 'loadedBy'>;
  rows: ObservationInput[];
  /** compare only: no batch, no writes, no audit */
  dryRun?: boolean;
  /** `record` (default): a batch even when nothing changed, as a file import does; `skip`: no batch and no audit then */
  whenUnchanged?: 'record' | 'skip';
  /** the audit action; the entry records the batch and its counts, plus `after` */
  audit: { action: string; after?: Record<string, unknown> };
  onProgress?: (done: number, total: number) => void;
}

export interface WriteReport {
  inserted: number;
  revised: number;
  unchanged: number;
  /** null on a dry run, or when nothing changed and the request said `skip` */
  batchId: number | null;
  /** previous current value by index of the incoming row */
  previous: Map<number, number>;
  /** subject id of each incoming row */
  subjectIds: number[];
}

/** At most this many revised values are listed in the audit entry (with the total). */
const AUDITED_REVISIONS = 200;

export async function writeObservations(db: Db, actor: Actor, request: WriteRequest): Promise<WriteReport> {
  const work = async (tx: Db): Promise<WriteReport> => {
    const subjectIds = await resolveSubjects(tx, actor, request.rows);
    const observations: NewObservation[] = request.rows.map(({ subject: _subject, ...o }, i) => ({ ...o, subjectId: subjectIds[i] }));
    const diff = await diffAgainstCurrent(tx, observations);
    const report = { inserted: diff.inserted, revised: diff.revised, unchanged: diff.unchanged, previous: diff.previous, subjectIds };
    if (request.dryRun) return { ...report, batchId: null };
    if (diff.changed.length === 0 && request.whenUnchanged === 'skip') {
      // no batch, but the attempt is still on record: who wrote what, even when it changed nothing
      await appendAudit(tx, actor, {
        action: request.audit.action,
        target: null,
        after: {
          file: request.batch.fileName,
          rows: request.batch.rowCount,
          inserted: 0,
          revised: 0,
          unchanged: diff.unchanged,
          ...request.audit.after,
        },
      });
      return { ...report, batchId: null };
    }
    const batchId = await commitBatch(tx, { ...request.batch, loadedBy: actor.id }, diff, request.onProgress);
    const revised: { indicator: string; subject: string; period: string; from: number; to: number }[] = [];
    for (let i = 0; i < request.rows.length && revised.length < AUDITED_REVISIONS && diff.revised > 0; i++) {
      const previous = diff.previous.get(i);
      const o = request.rows[i];
      if (previous !== undefined && previous !== o.value)
        revised.push({ indicator: o.indicatorCode, subject: o.subject.code, period: o.period, from: previous, to: o.value });
    }
    await appendAudit(tx, actor, {
      action: request.audit.action,
      target: `batch:${batchId}`,
      before: revised.length ? { revised, revisedTotal: diff.revised } : null,
      after: {
        file: request.batch.fileName,
        layout: request.batch.layout,
        rows: request.batch.rowCount,
        inserted: diff.inserted,
        revised: diff.revised,
        unchanged: diff.unchanged,
        ...request.audit.after,
      },
    });
    return { ...report, batchId };
  };
  return request.dryRun ? work(db) : db.transaction((tx) => work(tx as Db));
}

/** Subject ids of the rows, all within the actor's scope; any other subject refuses the whole write. */
async function resolveSubjects(db: Db, actor: Actor, items: ObservationInput[]): Promise<number[]> {
  const codesByKind = new Map<SubjectKind, Set<string>>();
  for (const { subject } of items) {
    if (!codesByKind.has(subject.kind)) codesByKind.set(subject.kind, new Set());
    codesByKind.get(subject.kind)!.add(subject.code);
  }
  const ids = new Map<string, number>();
  for (const [kind, codes] of codesByKind) {
    for (const [code, s] of await findSubjects(db, actor, kind, [...codes])) ids.set(`${kind}:${code}`, s.id);
  }
  const missing = [...new Set(items.map((o) => `${o.subject.kind}:${o.subject.code}`).filter((k) => !ids.has(k)))];
  if (missing.length) {
    throw new AppError(
      'OUT_OF_SCOPE',
      403,
      {
        zh: `以下主体不存在或超出你的数据范围，未写入任何数据：${missing.slice(0, 20).join(', ')}`,
        en: `These subjects do not exist or are outside your data scope; nothing was written: ${missing.slice(0, 20).join(', ')}`,
      },
      { subjects: missing },
    );
  }
  return items.map((o) => ids.get(`${o.subject.kind}:${o.subject.code}`)!);
}
