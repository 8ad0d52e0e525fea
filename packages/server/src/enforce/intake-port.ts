/**
 * The enforcement intake for other modules (`provides.enforcementIntake` in module.ts): 移送执法 —
 * e.g. the event loop refers an event case about an enterprise, and an enforcement case is opened
 * (立案) in the caller's transaction, so the referral on the event and the new case commit or roll
 * back together. The same checks as opening a case here (object in scope, known item); one case per
 * source, and the source is kept on the case and in its audit entry. `choices` lists what a
 * referral form may name.
 */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import type { EnforcementIntakePort, ReferralChoices, ReferredCase } from '../module.js';
import * as repo from './repository.js';
import { openCaseIn } from './service.js';

async function openCase(tx: Db, actor: Actor, c: ReferredCase): Promise<{ id: number }> {
  const id = await openCaseIn(tx, actor, {
    subjectId: c.subjectId,
    itemCode: c.itemCode,
    inspectionId: null,
    summary: c.summary,
    source: `${c.source.module}:${c.source.ref}`,
  });
  return { id };
}

/** Enterprises of the actor's scope and the catalogue's enforcement items (not 检查), as a referral form offers them. */
async function choices(db: Db, actor: Actor, q: { object?: string; item?: string; limit: number }): Promise<ReferralChoices> {
  const w = { limit: q.limit, offset: 0 };
  const [objects, items] = await Promise.all([
    repo.listObjects(db, actor, { q: q.object || undefined }, w),
    repo.listItems(db, { q: q.item || undefined, itemTypes: ['penalty', 'coercion', 'other'] }, w),
  ]);
  return {
    objects: objects.map((o) => ({ id: o.id, code: o.code, name: o.name, regionName: o.regionName })),
    items: items.map((i) => ({ code: i.code, name: i.name, department: i.department, itemType: i.itemType })),
  };
}

export const enforcementIntakePort: EnforcementIntakePort = { openCase, choices };
