/**
 * 调档: a class changed by hand, only with a reason and a second officer's approval. The request and
 * the decision are audited and stay on the enterprise's record; an approved one becomes the class
 * every list and count uses, beside the computed class.
 */
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { decideAdjustmentUnscoped, insertAdjustmentUnscoped, pendingAdjustment, resultForUpdate, runById } from './repository.js';

export async function requestAdjustment(db: Db, actor: Actor, runId: number, code: string, toClass: string, reason: string) {
  if (!(await runById(db, actor, runId))) throw notFound({ zh: '评价', en: 'Evaluation run' }, String(runId));
  return audited(db, actor, async (tx) => {
    const result = await resultForUpdate(tx, actor, runId, code);
    if (!result) throw notFound({ zh: '企业评价结果', en: 'Enterprise result' }, code);
    if (result.class === toClass)
      throw new AppError('SAME_CLASS', 409, { zh: `该企业已是 ${toClass} 类`, en: `The enterprise is already class ${toClass}` });
    const id = await insertAdjustmentUnscoped(tx, {
      runId,
      subjectId: result.subjectId,
      regionCode: result.regionCode,
      fromClass: result.class,
      toClass,
      reason,
      by: actor.id,
    });
    return {
      result: { id, status: 'pending' as const },
      audit: {
        action: 'mujun.adjust.request',
        target: `mujun_run:${runId}`,
        after: { enterprise: code, from: result.class, to: toClass, reason },
      },
    };
  });
}

export async function decideAdjustment(db: Db, actor: Actor, runId: number, id: number, approve: boolean, note: string) {
  return audited(db, actor, async (tx) => {
    const a = await pendingAdjustment(tx, actor, runId, id);
    if (!a) throw notFound({ zh: '调档申请', en: 'Class adjustment' }, String(id));
    if (a.status !== 'pending')
      throw new AppError('ALREADY_DECIDED', 409, { zh: '该调档申请已处理', en: 'This adjustment has been decided already' });
    if (a.requestedBy === actor.id) {
      throw new AppError('SECOND_OFFICER_REQUIRED', 403, {
        zh: '调档须由另一名工作人员审核，不能审核自己的申请',
        en: 'A second officer must decide: you cannot approve your own request',
      });
    }
    const status = approve ? 'approved' : 'rejected';
    await decideAdjustmentUnscoped(tx, id, status, actor.id, note);
    return {
      result: { id, status },
      audit: {
        action: approve ? 'mujun.adjust.approve' : 'mujun.adjust.reject',
        target: `mujun_run:${runId}`,
        after: { adjustment: id, from: a.fromClass, to: a.toClass, note },
      },
    };
  });
}
