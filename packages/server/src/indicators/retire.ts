/**
 * 停用 and 恢复: an indicator is retired, never deleted — its values, batches and history stay and
 * read as before, but imports refuse new values for it and templates leave it out. Its history is
 * the audit log's entries about it (saves, retirements), shown to whoever may read the catalogue.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { actorNameOf } from '../audit/names.js';
import { audited } from '../audit/service.js';
import { isoTime, rows, type Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { getIndicator } from './service.js';

export async function setRetired(db: Db, actor: Actor, code: string, retire: boolean, reason: string) {
  const before = await getIndicator(db, code);
  if (retire === (before.retiredAt !== null))
    throw new AppError(
      'ALREADY',
      409,
      retire
        ? { zh: `指标 ${code} 已停用`, en: `${code} is retired already` }
        : { zh: `指标 ${code} 未停用`, en: `${code} is not retired` },
    );
  return audited(db, actor, async (tx) => {
    await tx.execute(
      retire
        ? sql`update indicator set retired_at = now(), retired_reason = ${reason}, updated_at = now() where code = ${code}`
        : sql`update indicator set retired_at = null, retired_reason = null, updated_at = now() where code = ${code}`,
    );
    return {
      result: await getIndicator(tx, code),
      audit: {
        action: retire ? 'indicator.retire' : 'indicator.restore',
        target: `indicator:${code}`,
        before: { retiredAt: before.retiredAt, retiredReason: before.retiredReason },
        after: retire ? { reason } : { reason: reason || null },
      },
    };
  });
}

/** The audit entries about one indicator, newest first: single saves, catalogue imports naming it, retirements. */
export async function indicatorHistory(db: Db, code: string) {
  await getIndicator(db, code);
  return rows<{ seq: number; at: string; actor: string; action: string; before: unknown; after: unknown }>(
    db,
    sql`select a.seq, ${isoTime(sql`a.at`)} as at, ${actorNameOf(sql`a.actor`)} as actor, a.action, a.before, a.after
        from audit_log a
        where a.action like 'indicator.%'
          and (a.target = ${`indicator:${code}`} or (jsonb_typeof(a.after) = 'array' and a.after @> ${JSON.stringify([{ code }])}::jsonb))
        order by a.seq desc limit 100`,
  );
}
