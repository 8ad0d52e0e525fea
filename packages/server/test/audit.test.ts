import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { appendAudit, verifyAudit } from '../src/audit/service.js';
import { shanghaiDay, shanghaiIso } from '../src/util/local-time.js';
import { rows, type Db } from '../src/db/store.js';
import { readXlsx, utf8 } from './fixtures.js';
import { expectAudited } from './audit-helpers.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';
import { systemActor } from '../src/auth/actor.js';
import { createUser } from '../src/auth/service.js';

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let admin: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(db, 'root', ['admin']);
  await makeUser(db, 'inspector', ['auditor']);
  admin = await signIn(app, 'root');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

/** Tampering as someone with direct database access would: bypassing the append-only trigger. */
async function tamper(statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
  });
}

describe('audit log', () => {
  it('records logins, failed logins and writes with before and after', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'root', password: 'nope' } });
    await admin.request(
      'POST',
      '/api/v1/imports?dryRun=false',
      multipartFile(
        'a.csv',
        utf8([
          ['地区代码', '指标代码', '期间', '值'],
          ['330603003000', 'INCOME_PC', '2019', '60001'],
        ]),
      ),
    );
    await admin.request(
      'POST',
      '/api/v1/imports?dryRun=false',
      multipartFile(
        'b.csv',
        utf8([
          ['地区代码', '指标代码', '期间', '值'],
          ['330603003000', 'INCOME_PC', '2019', '60002'],
        ]),
      ),
    );
    const entries = (await admin.get('/api/v1/audit?pageSize=500')).json().items as {
      action: string;
      actor: string;
      before: unknown;
      after: unknown;
      ip: string | null;
    }[];
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.login',
        'auth.login_failed',
        'data.import',
        'user.create',
        'indicator.save',
        'region.load',
        'region.boundaries',
      ]),
    );
    const correction = entries.find((e) => e.action === 'data.import' && e.before)!;
    expect(correction.actor).toBe('user:root');
    expect(correction.before).toMatchObject({
      revised: [{ indicator: 'INCOME_PC', subject: '330603003000', period: '2019', from: 60001, to: 60002 }],
    });
    expect(correction.ip).toBeTruthy();
  });

  it('is readable by the auditor role, not by others', async () => {
    const auditor = await signIn(app, 'inspector');
    expect((await auditor.get('/api/v1/audit')).statusCode).toBe(200);
    expect((await auditor.get('/api/v1/observations')).statusCode).toBe(403);
    await makeUser(db, 'clerk', ['town_officer'], '330603003000');
    expect((await (await signIn(app, 'clerk')).get('/api/v1/audit')).statusCode).toBe(403);
  });

  it('lists the actions on record, filters by a user name and by Asia/Shanghai dates', async () => {
    const actions = (await admin.get('/api/v1/audit/actions')).json().items as string[];
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'demo.load']));
    expect(new Set(actions).size).toBe(actions.length);
    const byName = (await admin.get('/api/v1/audit?actor=root&action=auth.login')).json().items as { actor: string }[];
    expect(byName.length).toBeGreaterThan(0);
    expect(new Set(byName.map((e) => e.actor))).toEqual(new Set(['user:root']));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const dayBefore = new Date(Date.parse(`${today}T00:00:00+08:00`) - 86_400_000).toISOString().slice(0, 10);
    const on = async (from: string, to: string) =>
      (await admin.get(`/api/v1/audit?actor=root&from=${from}&to=${to}`)).json().items.length as number;
    expect(await on(today, today)).toBeGreaterThan(0);
    expect(await on(dayBefore, dayBefore)).toBe(0);
    expect((await admin.get('/api/v1/audit?from=2026-06-31')).statusCode).toBe(400);
  });

  it('names user actors and catalogue targets: display names and titles, not login names and codes', async () => {
    await db.execute(sql`update app_user set display_name = '王主任' where username = 'root'`);
    await createUser(db, systemActor('user:root'), { username: 'zhang', displayName: '张科员', roles: ['auditor'], regionCode: null });
    const [entry] = (await admin.get('/api/v1/audit?action=user.create&actor=root')).json().items as {
      actor: string;
      actorName: string | null;
      target: string;
      targetName: { zh: string; en: string } | null;
    }[];
    expect(entry).toMatchObject({
      actor: 'user:root',
      actorName: '王主任',
      target: 'user:zhang',
      targetName: { zh: '张科员', en: '张科员' },
    });
    // actors that are not users and targets that are not catalogue rows keep their reference only
    const demo = (await admin.get('/api/v1/audit?action=demo.load')).json().items as { actorName: string | null }[];
    expect(demo.length).toBeGreaterThan(0);
    expect(demo.every((e) => e.actorName === null)).toBe(true);
  });

  it('reads a calendar day in Asia/Shanghai', () => {
    expect(shanghaiDay('2026-06-02')).toEqual({ start: '2026-06-01T16:00:00.000Z', end: '2026-06-02T16:00:00.000Z' });
    expect(shanghaiDay('2026-12-31').end).toBe('2026-12-31T16:00:00.000Z');
  });

  it('refuses ordinary updates and deletes', async () => {
    const reason = (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message;
    expect(reason(await db.execute(sql`update audit_log set actor = 'x' where seq = 1`).catch((e) => e))).toMatch(/append-only/);
    expect(reason(await db.execute(sql`delete from audit_log where seq = 1`).catch((e) => e))).toMatch(/append-only/);
  });

  it('verifies an intact chain', async () => {
    const report = await verifyAudit(db);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.count).toBeGreaterThan(5);
    expect((await admin.get('/api/v1/audit/verify')).json().ok).toBe(true);
  });

  it('detects an edited row', async () => {
    await tamper(sql`update audit_log set after = '{"file":"innocent.csv"}'::jsonb where seq = 3`);
    const report = await verifyAudit(db);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 3, problem: 'edited' }));
  });

  it('detects a deleted row', async () => {
    await tamper(sql`delete from audit_log where seq = 5`);
    const report = await verifyAudit(db);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 6, problem: 'deleted' }));
  });

  it('detects reordered rows', async () => {
    // swap the content of two rows, keeping each row's own hashes: the links no longer follow seq
    const [a, b] = await rows<{ seq: number }>(db, sql`select seq from audit_log where seq in (7, 8) order by seq`);
    expect([a.seq, b.seq]).toEqual([7, 8]);
    await tamper(sql`update audit_log set seq = -1 where seq = 7`);
    await tamper(sql`update audit_log set seq = 7 where seq = 8`);
    await tamper(sql`update audit_log set seq = 8 where seq = -1`);
    const report = await verifyAudit(db);
    expect(
      report.problems.some(
        (p) => (p.seq === 7 || p.seq === 8) && (p.problem === 'reordered' || p.problem === 'broken_link' || p.problem === 'edited'),
      ),
    ).toBe(true);
  });

  it('keeps appending after verification', async () => {
    const seq = await db.transaction(async (tx) => appendAudit(tx as Db, { id: 'test' }, { action: 'test.append' }));
    const [last] = await rows<{ seq: number }>(db, sql`select max(seq)::int as seq from audit_log`);
    expect(seq).toBe(last.seq);
  });

  it('exports the filtered log with Shanghai times and hashes, and audits the export', async () => {
    const listed = (await admin.get('/api/v1/audit?actor=root&action=auth.login&pageSize=500')).json() as {
      items: { seq: number; at: string; hash: string }[];
      total: number;
    };
    const res = await admin.get('/api/v1/audit/export?actor=root&action=auth.login');
    expect(res.statusCode, res.body).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toMatch(/审计日志_\d{4}-\d{2}-\d{2}\.xlsx/);
    const [header, ...rows] = (await readXlsx(res.rawPayload))['审计日志'];
    expect(header.slice(0, 4)).toEqual(['序号', '时间', '操作人', '操作']);
    expect(rows).toHaveLength(listed.total);
    expect(rows[0][0]).toBe(listed.items[0].seq);
    expect(rows[0][1]).toBe(shanghaiIso(listed.items[0].at));
    expect(String(rows[0][1])).toMatch(/\+08:00$/);
    expect(rows[0].at(-1)).toBe(listed.items[0].hash);
    const audited = await expectAudited(db, { action: 'audit.export', actor: 'root', target: 'audit_log' });
    expect(audited.after).toMatchObject({ format: 'xlsx', rows: listed.total, filter: { actor: 'root', action: 'auth.login' } });
    const csv = await admin.get('/api/v1/audit/export?format=csv&lang=en&actor=root');
    expect(csv.body.startsWith('\ufeffseq,time,actor,action')).toBe(true);
    expect(shanghaiIso('2026-12-04T01:30:00.000Z')).toBe('2026-12-04T09:30:00+08:00');
  });
});
