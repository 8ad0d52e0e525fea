/**
 * The event loop's intake for other modules (`provides.caseIntake` in module.ts): a case opened in
 * the caller's transaction, so that e.g. a river patrol and the case its problem raises commit or
 * roll back together. The same checks as `intake` (a 小类, a place in the actor's scope); the
 * source (module, reference, what it is attached to) goes on the first action and the audit entry.
 */
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { badRequest } from '../errors.js';
import type { CaseIntakePort, ForeignCase } from '../module.js';
import * as repo from './repository.js';

async function openCase(tx: Db, actor: Actor, c: ForeignCase): Promise<{ id: number }> {
  const category = (await repo.categoriesUnscoped(tx)).find((k) => k.code === c.categoryCode);
  if (!category || category.parentCode === null)
    throw badRequest(
      'EVENT_CATEGORY_UNKNOWN',
      { zh: `请选择事件小类：${c.categoryCode}`, en: `choose a sub-category: ${c.categoryCode}` },
      { path: ['categoryCode'] },
    );
  const place = await repo.placeOf(tx, actor, c.regionCode);
  if (!place || !place.townCode)
    throw badRequest(
      'EVENT_PLACE_INVALID',
      { zh: '发生地须为你数据范围内的镇街或村社区', en: 'the place must be a town or village within your scope' },
      { path: ['regionCode'] },
    );
  const id = await repo.insertCaseUnscoped(tx, {
    idempotencyKey: c.idempotencyKey,
    channel: 'api',
    categoryCode: c.categoryCode,
    regionCode: c.regionCode,
    townCode: place.townCode,
    lon: c.lon ?? null,
    lat: c.lat ?? null,
    address: c.address ?? '',
    description: c.description,
    reporterName: c.reporterName ?? '',
    reporterPhone: c.reporterPhone ?? '',
    createdBy: actor.id,
  });
  if (id === undefined)
    throw badRequest(
      'EVENT_KEY_TAKEN',
      { zh: '该提交编号已被使用', en: 'this idempotency key is already used' },
      { path: ['idempotencyKey'] },
    );
  await repo.appendActionUnscoped(tx, {
    caseId: id,
    step: 'report',
    from: null,
    to: 'reported',
    actor: actor.id,
    detail: { channel: 'api', source: c.source },
  });
  await appendAudit(tx, actor, {
    action: 'events.report',
    target: `event_case:${id}`,
    after: { category: c.categoryCode, region: c.regionCode, channel: 'api', source: c.source },
  });
  return { id };
}

export const caseIntakePort: CaseIntakePort = { openCase };
