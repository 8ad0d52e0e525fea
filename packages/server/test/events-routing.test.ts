/** Editing the routing table and staffing 条线 units with departments: roles, a town block, audit, effect on routing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { one } from '../src/db/store.js';
import { ensureEventUnitsUnscoped } from '../src/events/demo.js';
import { routedUnitUnscoped } from '../src/events/repository.js';
import { auditHead, expectAudited } from './audit-helpers.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const VILLAGE = '330603003004'; // 兴华社区 (华舍)

let t: TestDb;
let app: FastifyInstance;
let admin: Client; // district, events:manage
let dispatcher: Client; // district dispatcher: no events:manage
let townAdmin: Client; // 华舍 with events:manage, scoped to its town

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  const db = t.store.db;
  await ensureEventUnitsUnscoped(db);
  await db.execute(sql`insert into role (code, name_zh, name_en, permissions, data_scope, builtin)
    values ('town_event_admin', '镇街事件管理员', 'Town event manager', array['region:read', 'events:read', 'events:manage'], 'region_and_below', false)`);
  await makeUser(db, 'root', ['admin'], KQ);
  await makeUser(db, 'centre', ['event_dispatcher'], KQ);
  await makeUser(db, 'huashe-admin', ['town_event_admin'], HUASHE);
  app = await buildApp({ store: t.store, config: testConfig() });
  admin = await signIn(app, 'root');
  dispatcher = await signIn(app, 'centre');
  townAdmin = await signIn(app, 'huashe-admin');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('routing rules', () => {
  it('the centre sets a rule for a town (属地); routing then names the town there and the wider rule elsewhere; audited', async () => {
    const db = t.store.db;
    expect((await routedUnitUnscoped(db, 'SAFETY_FIRE', VILLAGE, HUASHE))?.code).toBe('DEPT_XF');
    const since = await auditHead(db);
    const res = await admin.request(
      'PUT',
      '/api/v1/events/routing',
      json({ categoryCode: 'SAFETY_FIRE', regionCode: HUASHE, unitCode: null, locality: 'town' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ categoryCode: 'SAFETY_FIRE', regionCode: HUASHE, locality: 'town', unitCode: null });
    expect((await routedUnitUnscoped(db, 'SAFETY_FIRE', VILLAGE, HUASHE))?.code).toBe(HUASHE);
    const keyanVillage = (await one<{ code: string }>(
      db,
      sql`select code from region where level = 'village' and path like (select path from region where code = ${KEYAN}) || '%' limit 1`,
    ))!.code;
    expect((await routedUnitUnscoped(db, 'SAFETY_FIRE', keyanVillage, KEYAN))?.code).toBe('DEPT_XF');
    const row = await expectAudited(db, {
      action: 'events.routing.set',
      actor: 'root',
      target: `event_routing:SAFETY_FIRE:${HUASHE}`,
      since,
    });
    expect(row.before).toBeNull();
    expect(row.after).toEqual({ unitCode: null, locality: 'town' });
    const list = (await admin.get('/api/v1/events/routing')).json().items as { categoryCode: string; regionCode: string }[];
    expect(list.some((r) => r.categoryCode === 'SAFETY_FIRE' && r.regionCode === HUASHE)).toBe(true);

    const del = await admin.request('DELETE', `/api/v1/events/routing?categoryCode=SAFETY_FIRE&regionCode=${HUASHE}`);
    expect(del.statusCode, del.body).toBe(204);
    expect((await routedUnitUnscoped(db, 'SAFETY_FIRE', VILLAGE, HUASHE))?.code).toBe('DEPT_XF');
    await expectAudited(db, { action: 'events.routing.delete', actor: 'root', target: `event_routing:SAFETY_FIRE:${HUASHE}`, since });
    expect((await admin.request('DELETE', `/api/v1/events/routing?categoryCode=SAFETY_FIRE&regionCode=${HUASHE}`)).statusCode).toBe(404);
  });

  it('refuses a rule with both or neither target, an unknown category or unit, naming the field', async () => {
    const both = await admin.request(
      'PUT',
      '/api/v1/events/routing',
      json({ categoryCode: 'SAFETY_FIRE', regionCode: HUASHE, unitCode: 'DEPT_XF', locality: 'town' }),
    );
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe('EVENT_ROUTING_TARGET');
    const cat = await admin.request(
      'PUT',
      '/api/v1/events/routing',
      json({ categoryCode: 'NOPE', regionCode: HUASHE, unitCode: 'DEPT_XF', locality: null }),
    );
    expect(cat.json().error).toMatchObject({ code: 'EVENT_CATEGORY_UNKNOWN', details: { path: ['categoryCode'] } });
    const unit = await admin.request(
      'PUT',
      '/api/v1/events/routing',
      json({ categoryCode: 'SAFETY_FIRE', regionCode: HUASHE, unitCode: 'NOPE', locality: null }),
    );
    expect(unit.json().error).toMatchObject({ code: 'EVENT_UNIT_UNKNOWN', details: { path: ['unitCode'] } });
  });

  it('a dispatcher without events:manage may read but not edit (403)', async () => {
    expect((await dispatcher.get('/api/v1/events/routing')).statusCode).toBe(200);
    const res = await dispatcher.request(
      'PUT',
      '/api/v1/events/routing',
      json({ categoryCode: 'SAFETY_FIRE', regionCode: HUASHE, unitCode: null, locality: 'town' }),
    );
    expect(res.statusCode).toBe(403);
  });

  it('town block: 华舍 edits its own villages and sees only its rules; another town is 404 and unchanged', async () => {
    const own = await townAdmin.request(
      'PUT',
      '/api/v1/events/routing',
      json({ categoryCode: 'SAFETY_FIRE', regionCode: VILLAGE, unitCode: null, locality: 'village' }),
    );
    expect(own.statusCode, own.body).toBe(200);
    const other = await townAdmin.request(
      'PUT',
      '/api/v1/events/routing',
      json({ categoryCode: 'SAFETY_FIRE', regionCode: KEYAN, unitCode: null, locality: 'town' }),
    );
    expect(other.statusCode).toBe(404);
    expect(await one(t.store.db, sql`select 1 as x from event_routing where region_code = ${KEYAN}`)).toBeUndefined();
    const seen = (await townAdmin.get('/api/v1/events/routing')).json().items as { regionCode: string }[];
    expect(seen.map((r) => r.regionCode)).toEqual([VILLAGE]);
    // the district-wide rules are not its to remove
    expect((await townAdmin.request('DELETE', `/api/v1/events/routing?categoryCode=SAFETY_FIRE&regionCode=${KQ}`)).statusCode).toBe(404);
  });
});

describe('department units', () => {
  it('the centre staffs a unit with a department and unlinks it, audited; a town manager cannot (404)', async () => {
    const db = t.store.db;
    const d = (await one<{ id: number }>(
      db,
      sql`insert into department (name, path) values ('区消防救援大队', '') returning id::int as id`,
    ))!;
    await db.execute(sql`update department set path = '/' || id || '/' where id = ${d.id}`);
    const since = await auditHead(db);
    const res = await admin.request('PUT', '/api/v1/events/units/DEPT_XF/department', json({ departmentId: d.id }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'DEPT_XF', departmentId: d.id, departmentName: '区消防救援大队' });
    const row = await expectAudited(db, { action: 'events.unit.department', actor: 'root', target: 'event_unit:DEPT_XF', since });
    expect(row.after).toEqual({ departmentId: d.id });
    const list = (await admin.get('/api/v1/events/units/departments')).json().items as { code: string; departmentId: number | null }[];
    expect(list.find((u) => u.code === 'DEPT_XF')?.departmentId).toBe(d.id);
    expect((await admin.request('PUT', '/api/v1/events/units/DEPT_XF/department', json({ departmentId: 999999 }))).statusCode).toBe(400);
    expect((await townAdmin.request('PUT', '/api/v1/events/units/DEPT_XF/department', json({ departmentId: null }))).statusCode).toBe(404);
    const unlink = await admin.request('PUT', '/api/v1/events/units/DEPT_XF/department', json({ departmentId: null }));
    expect(unlink.json().departmentId).toBeNull();
  });
});

describe('event categories', () => {
  it('the district adds a 小类 and changes its deadlines, audited; errors name the field', async () => {
    const db = t.store.db;
    const since = await auditHead(db);
    const body = {
      parentCode: 'SAFETY',
      nameZh: '电动车违规充电',
      nameEn: 'Unsafe e-bike charging',
      handleLimit: 8,
      handleUnit: 'work_hours',
      closeLimit: 2,
      closeUnit: 'work_days',
    };
    const res = await admin.request('PUT', '/api/v1/events/categories/SAFETY_EBIKE', json(body));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'SAFETY_EBIKE', parentCode: 'SAFETY', handleLimit: 8, handleUnit: 'work_hours' });
    const changed = await admin.request(
      'PUT',
      '/api/v1/events/categories/SAFETY_EBIKE',
      json({ ...body, handleLimit: 1, handleUnit: 'work_days' }),
    );
    expect(changed.json()).toMatchObject({ handleLimit: 1, handleUnit: 'work_days' });
    const row = await expectAudited(db, { action: 'events.category.set', actor: 'root', target: 'event_category:SAFETY_EBIKE', since });
    expect(row.before).toMatchObject({ handleLimit: 8, handleUnit: 'work_hours' });
    const cats = (await admin.get('/api/v1/events/categories')).json().items as { code: string }[];
    expect(cats.some((c) => c.code === 'SAFETY_EBIKE')).toBe(true);

    const noLimit = await admin.request('PUT', '/api/v1/events/categories/SAFETY_X', json({ ...body, closeLimit: null }));
    expect(noLimit.json().error).toMatchObject({ code: 'EVENT_CATEGORY_LIMITS', details: { path: ['closeLimit'] } });
    const badParent = await admin.request('PUT', '/api/v1/events/categories/SAFETY_X', json({ ...body, parentCode: 'SAFETY_FIRE' }));
    expect(badParent.json().error).toMatchObject({ code: 'EVENT_CATEGORY_PARENT', details: { path: ['parentCode'] } });
    const level = await admin.request(
      'PUT',
      '/api/v1/events/categories/SAFETY_EBIKE',
      json({ ...body, parentCode: null, handleLimit: null, handleUnit: null, closeLimit: null, closeUnit: null }),
    );
    expect(level.json().error.code).toBe('EVENT_CATEGORY_LEVEL');
  });

  it('a town manager cannot change the district’s categories (403), a dispatcher neither', async () => {
    const body = {
      parentCode: 'SAFETY',
      nameZh: '改名',
      nameEn: 'Renamed',
      handleLimit: 4,
      handleUnit: 'work_hours',
      closeLimit: 3,
      closeUnit: 'work_days',
    };
    expect((await townAdmin.request('PUT', '/api/v1/events/categories/SAFETY_FIRE', json(body))).statusCode).toBe(403);
    expect((await dispatcher.request('PUT', '/api/v1/events/categories/SAFETY_FIRE', json(body))).statusCode).toBe(403);
    const k = await one<{ name: string }>(t.store.db, sql`select name_zh as name from event_category where code = 'SAFETY_FIRE'`);
    expect(k!.name).toBe('消防安全隐患');
  });
});
