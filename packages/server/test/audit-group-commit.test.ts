import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditedGrouped, groupCommitStats } from '../src/audit/group-commit.js';
import { collectAuditActions, verifyAudit } from '../src/audit/service.js';
import { one, rows, type Db } from '../src/db/store.js';
import { testDb, type TestDb } from './helpers.js';

let t: TestDb;
let db: Db;
const actor = { id: 'test:group' };

beforeAll(async () => {
  t = await testDb();
  db = t.store.db;
  await db.execute(sql`create table group_probe (k text primary key)`);
});
afterAll(async () => {
  await t.dispose();
});

const write = (k: string) =>
  auditedGrouped(db, actor, async (tx) => {
    await tx.execute(sql`insert into group_probe (k) values (${k})`);
    return { result: k, audit: { action: 'test.group', target: `probe:${k}` } };
  });

describe('group commit of audited writes (audit/group-commit.ts)', () => {
  it('commits concurrent writes together, each with its audit row, and the chain stays intact and gap-free', async () => {
    const head = (await one<{ n: number }>(db, sql`select coalesce(max(seq), 0)::int as n from audit_log`))!.n;
    const before = { ...groupCommitStats };
    const keys = Array.from({ length: 40 }, (_, i) => `a${i}`);
    expect(await Promise.all(keys.map(write))).toEqual(keys);
    // fewer commits than writes: they were grouped
    expect(groupCommitStats.batches - before.batches).toBeLessThan(keys.length);
    expect(groupCommitStats.writes - before.writes).toBe(keys.length);
    const audit = await rows<{ seq: number; target: string }>(db, sql`select seq, target from audit_log where seq > ${head} order by seq`);
    expect(audit.map((a) => a.seq)).toEqual(keys.map((_, i) => head + 1 + i));
    expect(audit.map((a) => a.target).sort()).toEqual(keys.map((k) => `probe:${k}`).sort());
    const report = await verifyAudit(db);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('a write that fails rolls back alone (its row and its audit row), its caller gets the error, the others commit', async () => {
    const head = (await one<{ n: number }>(db, sql`select coalesce(max(seq), 0)::int as n from audit_log`))!.n;
    // b1 twice: the second breaks the primary key inside the same batch
    const outcome = await Promise.allSettled(['b0', 'b1', 'b1', 'b2'].map(write));
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await rows<{ k: string }>(db, sql`select k from group_probe where k like 'b%' order by k`)).map((r) => r.k)).toEqual([
      'b0',
      'b1',
      'b2',
    ]);
    const audit = await rows<{ seq: number; target: string }>(db, sql`select seq, target from audit_log where seq > ${head} order by seq`);
    expect(audit.map((a) => a.target)).toEqual(['probe:b0', 'probe:b1', 'probe:b2']);
    expect(audit.map((a) => a.seq)).toEqual([head + 1, head + 2, head + 3]);
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('records each action for the request that wrote it, not for the request that started the batch', async () => {
    const first: string[] = [];
    const second: string[] = [];
    await Promise.all([collectAuditActions(first, () => write('c0')), collectAuditActions(second, () => write('c1'))]);
    expect(first).toEqual(['test.group']);
    expect(second).toEqual(['test.group']);
  });
});
