/**
 * Writing observations as one batch: compare each incoming value with the current one, keep
 * unchanged values, and for a changed value retire the current row (kept as history) and insert the
 * new one. Callers run commitBatch inside their transaction.
 */
import type { Db } from '../db/store.js';
import {
  createBatchUnscoped,
  currentValuesUnscoped,
  insertObservationsUnscoped,
  setBatchCountsUnscoped,
  supersedeUnscoped,
  type BatchInput,
  type NewObservation,
} from './repository.js';

export interface Diff {
  changed: NewObservation[];
  supersededIds: number[];
  inserted: number;
  revised: number;
  unchanged: number;
  /** previous current value by index of the incoming row */
  previous: Map<number, number>;
}

export async function diffAgainstCurrent(db: Db, observations: NewObservation[]): Promise<Diff> {
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

export async function commitBatch(
  tx: Db,
  batch: BatchInput,
  diff: Diff,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
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
