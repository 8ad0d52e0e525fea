/**
 * Every list pages the same way: `page`/`pageSize` in, `{ items, total, page, pageSize }` out, with
 * `total` counting all matching rows in the caller's scope (the data browser once said "共 2000 条"
 * where the filter matched 2,548).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KEQIAO = '330603000000';
const HUASHE = '330603003000';

let t: TestDb;
let app: FastifyInstance;
let admin: Client;
let town: Client;
beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'boss', ['admin']);
  await makeUser(t.store.db, 'huashe', ['town_officer'], HUASHE);
  admin = await signIn(app, 'boss');
  town = await signIn(app, 'huashe');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

type Paged<T = { id: number }> = { items: T[]; total: number; page: number; pageSize: number };
const json = async <T = { id: number }>(c: Client, url: string) => {
  const res = await c.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Paged<T>;
};

describe('paged lists', () => {
  it('observations: 50 by default, the true total, pages that do not overlap, empty past the end', async () => {
    const first = await json(admin, `/api/v1/observations?region=${KEQIAO}`);
    expect(first.pageSize).toBe(50);
    expect(first.page).toBe(1);
    expect(first.items).toHaveLength(50);
    expect(first.total).toBeGreaterThan(1000);
    const all = await json(admin, `/api/v1/observations?region=${KEQIAO}&pageSize=10000`);
    expect(all.items).toHaveLength(first.total);
    const second = await json(admin, `/api/v1/observations?region=${KEQIAO}&page=2`);
    expect(second.items.map((o) => o.id)).toEqual(all.items.slice(50, 100).map((o) => o.id));
    const last = Math.ceil(first.total / 50);
    expect((await json(admin, `/api/v1/observations?region=${KEQIAO}&page=${last + 1}`)).items).toEqual([]);
    expect((await json(admin, `/api/v1/observations?region=${KEQIAO}&page=${last + 1}`)).total).toBe(first.total);
  });

  it('counts only what the caller may see', async () => {
    const district = await json<{ regionCode: string }>(admin, `/api/v1/observations?indicator=INDUSTRIAL_OUTPUT`);
    const own = await json<{ regionCode: string }>(town, `/api/v1/observations?indicator=INDUSTRIAL_OUTPUT&pageSize=10000`);
    expect(own.total).toBe(own.items.length);
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(district.total);
    expect(new Set(own.items.map((o) => o.regionCode.slice(0, 9)))).toEqual(new Set([HUASHE.slice(0, 9)]));
  });

  it('refuses a page size outside 1–10000 with the field named', async () => {
    for (const q of ['pageSize=0', 'pageSize=10001', 'page=0', 'page=x']) {
      const res = await admin.get(`/api/v1/observations?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(JSON.stringify(res.json().error), q).toContain(q.split('=')[0]);
    }
  });

  it('import batches, audit entries and users page the same way', async () => {
    const batches = await json(admin, '/api/v1/batches?pageSize=1');
    expect(batches.items).toHaveLength(1);
    expect(batches.total).toBeGreaterThan(1);

    const audit = await json<{ seq: number }>(admin, '/api/v1/audit?pageSize=3');
    expect(audit.items).toHaveLength(3);
    expect(audit.total).toBeGreaterThanOrEqual(3);
    // `before` pins the list while new entries arrive: page 2 under the same pin follows page 1
    const pin = audit.items[0].seq + 1;
    const p1 = await json<{ seq: number }>(admin, `/api/v1/audit?pageSize=2&before=${pin}`);
    await signIn(app, 'boss'); // writes a new entry
    const p2 = await json<{ seq: number }>(admin, `/api/v1/audit?pageSize=2&page=2&before=${pin}`);
    expect(p2.items[0].seq).toBeLessThan(p1.items[1].seq);
    expect(p2.total).toBe(p1.total);

    const users = await json<{ username: string; regionName: string | null }>(admin, '/api/v1/users?q=huashe');
    expect(users.total).toBe(1);
    expect(users.items[0]).toMatchObject({ username: 'huashe', regionName: '华舍街道' });
    expect((await json<{ username: string }>(admin, '/api/v1/users?q=华舍')).items.map((u) => u.username)).toContain('huashe');
  });
});
