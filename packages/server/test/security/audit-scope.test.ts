/**
 * Town-scoped reading of the audit log (issue 20, 等保 level 3: a town's auditor reads only the
 * town's entries). Real users per role in two towns and at the county, through the real app: each
 * entry carries the region it is about (the acting user's home region), a reader whose home region
 * is a town reads that town's entries only, in the list, the filters, the actions and the export;
 * the county reads all; the chain still verifies.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { one, rows, type Db } from '../../src/db/store.js';
import { upsertRole } from '../../src/auth/repository.js';
import { utf8 } from '../fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from '../helpers.js';
import { makeUser, signIn, type Client } from '../session.js';

const KEQIAO = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';

let t: TestDb;
let db: Db;
let app: FastifyInstance;
const HS_USERS = ['hsadmin', 'hsauditor', 'hsofficer', 'hsclerk'];
const HS_REFS = HS_USERS.map((u) => `user:${u}`);
/** the county's accounts: no home region, or the county itself */
const COUNTY_REFS = ['test', 'anonymous', 'user:countyauditor', 'user:countyadmin'];
/** about 华舍: done by a 华舍 user, or done by the county (or the set-up) to a 华舍 account */
const aboutHuashe = (e: { actor: string; target: string | null }) =>
  HS_REFS.includes(e.actor) || (COUNTY_REFS.includes(e.actor) && HS_REFS.includes(e.target ?? ''));
const c: Record<string, Client> = {};

interface Entry {
  seq: number;
  actor: string;
  target: string | null;
  action: string;
}
interface Page {
  items: Entry[];
  total: number;
}

async function importOne(client: Client, region: string, value: string) {
  const res = await client.request(
    'POST',
    '/api/v1/imports?dryRun=false',
    multipartFile(
      'v.csv',
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        [region, 'INCOME_PC', '2019', value],
      ]),
    ),
  );
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
  app = await buildApp({ store: t.store, config: testConfig() });
  await upsertRole(db, {
    code: 'town_admin_audit',
    nameZh: '镇街管理员',
    nameEn: 'Town admin',
    permissions: ['user:manage', 'data:read', 'region:read', 'audit:read'],
    dataScope: 'region_and_below',
  });
  await makeUser(db, 'hsadmin', ['town_admin_audit'], HUASHE);
  await makeUser(db, 'kyadmin', ['town_admin_audit'], KEYAN);
  await makeUser(db, 'hsauditor', ['auditor'], HUASHE);
  await makeUser(db, 'hsofficer', ['town_officer'], HUASHE);
  await makeUser(db, 'hsclerk', ['town_officer'], HUASHE);
  await makeUser(db, 'kyofficer', ['town_officer'], KEYAN);
  await makeUser(db, 'countyauditor', ['auditor'], null);
  await makeUser(db, 'countyadmin', ['admin'], KEQIAO);
  for (const u of ['hsadmin', 'kyadmin', 'hsauditor', 'hsofficer', 'kyofficer', 'countyauditor', 'countyadmin'])
    c[u] = await signIn(app, u);
  // writes in each town and at the county, and a failed login in 柯岩
  await importOne(c.hsofficer, HUASHE, '61001');
  await importOne(c.kyofficer, KEYAN, '62001');
  await importOne(c.countyadmin, HUASHE, '63001');
  await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'kyofficer', password: 'wrong-password' } });
  // the county resets a 华舍 account's password: an entry about 华舍
  const reset = await c.countyadmin.request('POST', '/api/v1/users/hsclerk/password-reset', { payload: {} });
  expect(reset.statusCode, reset.body).toBe(200);
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const all = async (client: Client, query = '') => {
  const res = await client.get(`/api/v1/audit?pageSize=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};

describe('town-scoped audit reading', () => {
  it('gives a town administrator and a town auditor the entries about their town only', async () => {
    for (const reader of ['hsadmin', 'hsauditor']) {
      const page = await all(c[reader]);
      expect(page.total, reader).toBe(page.items.length);
      const actors = new Set(page.items.map((e) => e.actor));
      // the town's own logins and import are there …
      expect(actors, reader).toContain('user:hsofficer');
      expect(
        page.items.some((e) => e.actor === 'user:hsofficer' && e.action === 'data.import'),
        reader,
      ).toBe(true);
      // … and nothing of 柯岩, of the county or of the system (demo loader, test set-up)
      for (const e of page.items) expect(aboutHuashe(e), `${reader} sees ${JSON.stringify(e)}`).toBe(true);
      // the creation of the town's accounts (by the set-up, no home region) is about the town
      expect(
        page.items.some((e) => e.actor === 'test' && e.target === 'user:hsofficer'),
        reader,
      ).toBe(true);
      // the count is the number of entries about 华舍, counted from all rows by the rule above
      const everything = await rows<{ actor: string; target: string | null }>(db, sql`select actor, target from audit_log`);
      expect(page.total, reader).toBe(everything.filter(aboutHuashe).length);
    }
  });

  it('shows the town what the county did to a town account, and not to the other town', async () => {
    const reset = (e: Entry) => e.actor === 'user:countyadmin' && e.action === 'user.password_reset' && e.target === 'user:hsclerk';
    expect((await all(c.hsadmin)).items.some(reset)).toBe(true);
    expect((await all(c.kyadmin)).items.some(reset)).toBe(false);
  });

  it('cannot be widened by a filter, and the actions offered are the town’s', async () => {
    expect((await all(c.hsadmin, '&actor=kyofficer')).total).toBe(0);
    // the county's own entries stay the county's; only what it did to a 华舍 account is shown
    expect((await all(c.hsadmin, '&actor=countyadmin')).items.every((e) => e.target === 'user:hsclerk')).toBe(true);
    expect((await all(c.kyadmin, '&actor=kyofficer')).total).toBeGreaterThan(0);
    const actions = (await c.hsadmin.get('/api/v1/audit/actions')).json().items as string[];
    expect(actions).toContain('data.import');
    expect(actions).not.toContain('auth.login_failed'); // only 柯岩 failed to log in
    const county = (await c.countyauditor.get('/api/v1/audit/actions')).json().items as string[];
    expect(county).toContain('auth.login_failed');
  });

  it('the other town sees its own entries, not 华舍’s', async () => {
    const page = await all(c.kyadmin);
    const actors = new Set(page.items.map((e) => e.actor));
    expect(actors).toContain('user:kyofficer');
    expect(actors).not.toContain('user:hsofficer');
    expect(actors).not.toContain('user:countyadmin');
    // an anonymous failed login is about the account it tried
    expect(page.items.some((e) => e.actor === 'anonymous' && e.target === 'user:kyofficer' && e.action === 'auth.login_failed')).toBe(true);
  });

  it('gives the county (a region-less auditor, a county administrator) the whole log', async () => {
    const n = (await one<{ n: number }>(db, sql`select count(*)::int as n from audit_log`))!.n;
    for (const reader of ['countyauditor', 'countyadmin']) {
      const res = await c[reader].get('/api/v1/audit?pageSize=1');
      // the list itself appends nothing, so the count stands
      expect(res.json().total, reader).toBe(n);
    }
    const actors = new Set((await all(c.countyauditor)).items.map((e) => e.actor));
    for (const u of ['hsofficer', 'kyofficer', 'countyadmin']) expect(actors).toContain(`user:${u}`);
  });

  it('exports the town’s entries only, and the export is itself an entry about the town', async () => {
    const res = await c.hsadmin.get('/api/v1/audit/export?format=csv&lang=en');
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      const [, , actor, , target] = l.split(',');
      expect(aboutHuashe({ actor, target }), l).toBe(true);
    }
    const entry = await one<{ region: string | null; after: { scope: unknown } }>(
      db,
      sql`select region_code as region, after from audit_log where action = 'audit.export' order by seq desc limit 1`,
    );
    expect(entry?.region).toBe(HUASHE);
    expect(entry?.after.scope).toEqual({ under: expect.stringContaining(`/${HUASHE}/`) });
  });

  it('refuses a town user without audit:read, and the chain still verifies with the region column', async () => {
    expect((await c.hsofficer.get('/api/v1/audit')).statusCode).toBe(403);
    const v = (await c.countyauditor.get('/api/v1/audit/verify')).json();
    expect(v.ok, JSON.stringify(v.problems)).toBe(true);
    // every entry of a town user carries the user's home region
    const wrong = await rows<{ seq: number }>(
      db,
      sql`select a.seq from audit_log a join app_user u on a.actor = 'user:' || u.username
          where u.region_code in (${HUASHE}, ${KEYAN}) and a.region_code is distinct from u.region_code`,
    );
    expect(wrong).toEqual([]);
  });

  it('the migration fills earlier entries exactly as writing them does', async () => {
    const written = await rows<{ seq: number; region: string | null }>(
      db,
      sql`select seq, region_code as region from audit_log order by seq`,
    );
    expect(written.filter((r) => r.region === HUASHE).length).toBeGreaterThan(5);
    const migration = fs.readFileSync(new URL('../../migrations/202612062000_audit_region.sql', import.meta.url), 'utf8');
    const fillIn = /update audit_log[\s\S]*?;\n/.exec(migration)![0];
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await tx.execute(sql`update audit_log set region_code = null`);
      await tx.execute(sql.raw(fillIn));
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
    const filled = await rows<{ seq: number; region: string | null }>(
      db,
      sql`select seq, region_code as region from audit_log order by seq`,
    );
    expect(filled).toEqual(written);
  });
});
