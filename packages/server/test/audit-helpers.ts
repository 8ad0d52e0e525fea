/** Asserting the audit row a request left behind. */
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { one, rows, type Db } from '../src/db/store.js';
import type { AuditRow } from '../src/audit/service.js';

/** The highest audit seq so far: pass it as `since` to look only at rows appended afterwards. */
export async function auditHead(db: Db): Promise<number> {
  return (await one<{ seq: number | null }>(db, sql`select max(seq)::int as seq from audit_log`))?.seq ?? 0;
}

/**
 * Asserts that an audit row with `action` exists (after `since`, when given) and that the newest one
 * names `actor` (an actor id such as `user:alice`, or a bare username) and `target`; returns it.
 */
export async function expectAudited(
  db: Db,
  expected: { action: string; actor?: string; target?: string | RegExp; since?: number },
): Promise<AuditRow> {
  const found = await rows<AuditRow>(
    db,
    sql`select seq, actor, action, target, before, after from audit_log
        where action = ${expected.action} and seq > ${expected.since ?? 0} order by seq desc limit 1`,
  );
  expect(found, `an audit row ${expected.action}`).toHaveLength(1);
  const row = found[0];
  if (expected.actor !== undefined) {
    expect(row.actor).toBe(expected.actor.includes(':') ? expected.actor : `user:${expected.actor}`);
  }
  if (expected.target instanceof RegExp) expect(row.target).toMatch(expected.target);
  else if (expected.target !== undefined) expect(row.target).toBe(expected.target);
  return row;
}
