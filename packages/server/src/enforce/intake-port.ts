/**
 * The enforcement intake for other modules (`provides.enforcementIntake` in module.ts): 移送执法 —
 * e.g. the event loop refers an event case about an enterprise, and an enforcement case is opened
 * (立案) in the caller's transaction, so the referral on the event and the new case commit or roll
 * back together. The same checks as opening a case here (object in scope, known item); one case per
 * source, and the source is kept on the case and in its audit entry.
 */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import type { EnforcementIntakePort, ReferredCase } from '../module.js';
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

export const enforcementIntakePort: EnforcementIntakePort = { openCase };
