/** Reading observations: filtered queries, provenance (batch + full revision history), batches. */
import { notFound } from '../errors.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { periodEnd, readPeriod } from './period.js';
import {
  getBatch,
  countBatches,
  countObservations,
  listBatches,
  observationHistory,
  queryObservations,
  type Batch,
  type ObservationFilter,
  type ObservationRow,
  type RevisionRow,
} from './repository.js';
import { AppError } from '../errors.js';
import { readPage, type Page, type PageQuery } from '../http/schemas.js';
import { audited } from '../audit/service.js';
import { namesOf } from '../audit/names.js';
import { withdrawRevision, type Withdrawal } from './withdrawal.js';

/** Import batches, newest first, one page and the total. */
export async function batchPage(db: Db, actor: Actor, p: PageQuery): Promise<Page<Batch>> {
  return readPage(
    p,
    (w) => listBatches(db, actor, w),
    () => countBatches(db, actor),
  );
}

/** Withdraws a current value (撤回): the revision before it becomes current again; audited with the reason. */
export async function withdrawObservation(db: Db, actor: Actor, id: number, reason: string): Promise<Withdrawal> {
  return audited(db, actor, async (tx) => {
    const w = await withdrawRevision(tx, actor, id, reason);
    return {
      result: w,
      audit: { action: 'data.withdraw', target: `observation:${id}`, before: w.withdrawn, after: { reason, restored: w.restored } },
    };
  });
}

/** Converts user-facing period bounds (any frequency) into the start-date range the repository filters on. */
export function periodRange(from?: string, to?: string): { from?: string; to?: string } {
  const parse = (p: string, which: string) => {
    const parsed = readPeriod(p);
    if (!parsed) {
      throw new AppError('PERIOD_FORMAT', 400, {
        zh: `无法识别的期间「${p}」（${which}）`,
        en: `Unrecognised period "${p}" (${which})`,
      });
    }
    return parsed;
  };
  return {
    from: from ? parse(from, 'from').start : undefined,
    to: to ? periodEnd(parse(to, 'to')) : undefined,
  };
}

/** Current values matching the filter: one page and how many match in all. */
export async function observationPage(
  db: Db,
  actor: Actor,
  filter: Omit<ObservationFilter, 'limit' | 'offset'>,
  p: PageQuery,
): Promise<Page<ObservationRow>> {
  return readPage(
    p,
    (w) => queryObservations(db, actor, { ...filter, ...w }),
    () => countObservations(db, actor, filter),
  );
}

export interface Provenance {
  observation: ObservationRow;
  batch: Batch;
  history: (RevisionRow & { batch: Batch })[];
  /** display names of the users who loaded or withdrew these values (`user:demo` → 演示用户) */
  names: Record<string, string>;
}

export async function provenance(db: Db, actor: Actor, id: number): Promise<Provenance> {
  const history = await observationHistory(db, actor, id);
  const observation = history.find((h) => h.id === id);
  if (!observation) throw notFound({ zh: '观测值', en: 'Observation' }, String(id));
  const batches = new Map<number, Batch>();
  for (const h of history) if (!batches.has(h.batchId)) batches.set(h.batchId, (await getBatch(db, actor, h.batchId))!);
  const names = await namesOf(db, [...[...batches.values()].map((b) => b.loadedBy), ...history.map((h) => h.withdrawnBy)]);
  return {
    observation,
    batch: batches.get(observation.batchId)!,
    history: history.map((h) => ({ ...h, batch: batches.get(h.batchId)! })),
    names: Object.fromEntries([...names].map(([ref, n]) => [ref, n.zh])),
  };
}

export async function batch(db: Db, actor: Actor, id: number): Promise<Batch> {
  const b = await getBatch(db, actor, id);
  if (!b) throw notFound({ zh: '导入批次', en: 'Import batch' }, String(id));
  return b;
}
