/**
 * Withdrawal (撤回) of a current value: the revision is marked withdrawn, with who, when and why,
 * and the latest earlier revision that was not itself withdrawn becomes current again. If there is
 * none, the indicator has no value for that subject and period any more. The current row is locked
 * first, so two clerks withdrawing the same value cannot both succeed.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { one, type Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { observationByIdUnscoped, type ObservationRow } from './repository.js';

export interface Withdrawal {
  withdrawn: ObservationRow;
  restored: ObservationRow | null;
}

export async function withdrawRevision(tx: Db, actor: Actor, id: number, reason: string): Promise<Withdrawal> {
  const target = await one<{ id: number; isCurrent: boolean }>(
    tx,
    sql`select o.id, o.is_current as "isCurrent" from observation o where o.id = ${id} and ${inScope(actor, 'observation', 'o')}
        for update of o`,
  );
  if (!target) throw notFound({ zh: '观测值', en: 'Observation' }, String(id));
  if (!target.isCurrent) {
    throw new AppError('NOT_CURRENT', 409, {
      zh: '该数值已不是当前值（已被更正或撤回），请刷新后再操作',
      en: 'This value is no longer current (corrected or withdrawn); reload and try again',
    });
  }
  const withdrawn = (await observationByIdUnscoped(tx, id))!;
  await tx.execute(sql`update observation set is_current = false, superseded_at = now(),
      withdrawn_at = now(), withdrawn_by = ${actor.id}, withdrawn_reason = ${reason} where id = ${id}`);
  const previous = await one<{ id: number }>(
    tx,
    sql`select p.id from observation p join observation w on w.id = ${id}
        where p.indicator_code = w.indicator_code and p.subject_id = w.subject_id and p.period = w.period
          and p.id < w.id and p.withdrawn_at is null
        order by p.id desc limit 1`,
  );
  if (!previous) return { withdrawn: { ...withdrawn, isCurrent: false }, restored: null };
  await tx.execute(sql`update observation set is_current = true, superseded_at = null where id = ${previous.id}`);
  return { withdrawn: { ...withdrawn, isCurrent: false }, restored: (await observationByIdUnscoped(tx, previous.id))! };
}
