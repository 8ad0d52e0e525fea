/**
 * 三级指挥协同 through the real app with real users per role: intake with an idempotency key (201,
 * then 200 with the same case), the whole loop with 返工, refusals per role, optimistic locking (the
 * loser gets 409 and nothing is half-applied), 延期 adding working time, the overdue sweep after a
 * restart, duplicates by distance and time, indicators and their publication, and scope (a town sees
 * its cases, a village its own).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { addWorkingMinutes, makeCalendar } from '@gongfu/engine/calendar';
import { OPEN_STATES, TRANSITIONS } from '@gongfu/engine/events';
import { buildApp } from '../src/app.js';
import { one, rows } from '../src/db/store.js';
import { ensureEventUnitsUnscoped } from '../src/events/demo.js';
import { expectAudited } from './audit-helpers.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const VILLAGE = '330603003004'; // 兴华社区 (华舍)
const OTHER_VILLAGE = '330603003005'; // 温渎社区 (华舍)

let t: TestDb;
let app: FastifyInstance;
let centre: Client; // district dispatcher
let town: Client; // 华舍 指挥室
let keyan: Client; // 柯岩 指挥室
let grid: Client; // 兴华 网格员
let gridOther: Client; // 温渎 网格员

const boot = async () => {
  app = await buildApp({ store: t.store, config: testConfig() });
  await app.ready();
  centre = await signIn(app, 'centre');
  town = await signIn(app, 'huashe-room');
  keyan = await signIn(app, 'keyan-room');
  grid = await signIn(app, 'xinghua-grid');
  gridOther = await signIn(app, 'wendu-grid');
};

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  await ensureEventUnitsUnscoped(t.store.db);
  await makeUser(t.store.db, 'centre', ['event_dispatcher'], KQ);
  await makeUser(t.store.db, 'huashe-room', ['event_dispatcher'], HUASHE);
  await makeUser(t.store.db, 'keyan-room', ['event_dispatcher'], KEYAN);
  await makeUser(t.store.db, 'xinghua-grid', ['grid_worker'], VILLAGE);
  await makeUser(t.store.db, 'wendu-grid', ['grid_worker'], OTHER_VILLAGE);
  await boot();
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

let seq = 0;
const report = (who: Client, extra: Record<string, unknown> = {}) =>
  who.request('POST', '/api/v1/events/cases', {
    payload: {
      idempotencyKey: `test-key-${++seq}-abcdef`,
      channel: 'grid',
      categoryCode: 'SANITATION_LITTER',
      regionCode: VILLAGE,
      lon: 120.45,
      lat: 30.05,
      description: '路边垃圾乱堆放',
      reporterName: '王小明',
      reporterPhone: '13812345678',
      ...extra,
    },
  });

const act = async (who: Client, id: number, action: string, extra: Record<string, unknown> = {}) => {
  const cur = (await who.get(`/api/v1/events/cases/${id}`)).json();
  return who.request('POST', `/api/v1/events/cases/${id}/transitions`, { payload: { action, version: cur.case.version, ...extra } });
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test responses are read field by field, as JSON
const ok = async (p: Promise<{ statusCode: number; body: string; json(): any }>) => {
  const res = await p;
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the transitions table', () => {
  it('the stored table is the engine’s', async () => {
    const stored = await rows<{ from: string; action: string; to: string; allowed: unknown; guard: string | null }>(
      t.store.db,
      sql`select from_state as "from", action, to_state as "to", allowed, guard from event_transition`,
    );
    const key = (x: { from: string; action: string }) => `${x.from}/${x.action}`;
    expect(new Map(stored.map((s) => [key(s), { to: s.to, allowed: s.allowed, guard: s.guard ?? undefined }]))).toEqual(
      new Map(TRANSITIONS.map((s) => [key(s), { to: s.to, allowed: s.allowed, guard: s.guard }])),
    );
  });
  it('the holiday calendar holds exactly the data of the pinned chinese-days package', async () => {
    const file = createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
    const expected = [
      ...Object.keys(data.holidays).map((d) => `${d}:holiday`),
      ...Object.keys(data.workdays).map((d) => `${d}:workday`),
    ].sort();
    const stored = await rows<{ k: string }>(
      t.store.db,
      sql`select to_char(day, 'YYYY-MM-DD') || ':' || kind as k from event_calendar_day where source = 'chinese-days@1.5.7'`,
    );
    expect(stored.map((r) => r.k).sort()).toEqual(expected);
  });
  it('the holiday calendar is seeded (2026 劳动节, the 调休 Saturday of 9 May)', async () => {
    const r = await rows<{ day: string; kind: string }>(
      t.store.db,
      sql`select to_char(day, 'YYYY-MM-DD') as day, kind from event_calendar_day where day between '2026-05-01' and '2026-05-10' order by day`,
    );
    expect(r.map((x) => `${x.day}:${x.kind}`)).toEqual([
      '2026-05-01:holiday',
      '2026-05-02:holiday',
      '2026-05-03:holiday',
      '2026-05-04:holiday',
      '2026-05-05:holiday',
      '2026-05-09:workday',
    ]);
  });
});

describe('intake', () => {
  it('201 the first time, 200 with the same case on a retry with the same key', async () => {
    const payload = {
      idempotencyKey: 'retry-key-0001',
      categoryCode: 'SAFETY_FIRE',
      regionCode: VILLAGE,
      description: '楼道堆放杂物',
      reporterName: '李四',
      reporterPhone: '13900001111',
    };
    const first = await grid.request('POST', '/api/v1/events/cases', { payload });
    expect(first.statusCode, first.body).toBe(201);
    await expectAudited(t.store.db, { action: 'events.report', actor: 'xinghua-grid' });
    const again = await grid.request('POST', '/api/v1/events/cases', { payload });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().case.id).toBe(first.json().case.id);
    expect(again.json().created).toBe(false);
    await expectAudited(t.store.db, { action: 'events.report.retry', actor: 'xinghua-grid' });
    const n = await one<{ n: number }>(t.store.db, sql`select count(*)::int as n from event_case where idempotency_key = 'retry-key-0001'`);
    expect(n!.n).toBe(1);
  });
  it('two simultaneous submissions with one key make one case: one 201, the other 200 with it', async () => {
    const payload = { idempotencyKey: 'race-key-0001', categoryCode: 'SAFETY_GAS', regionCode: VILLAGE, description: '燃气味道' };
    const [a, b] = await Promise.all([
      grid.request('POST', '/api/v1/events/cases', { payload }),
      grid.request('POST', '/api/v1/events/cases', { payload }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().case.id).toBe(b.json().case.id);
    const n = await one<{ n: number }>(t.store.db, sql`select count(*)::int as n from event_case where idempotency_key = 'race-key-0001'`);
    expect(n!.n).toBe(1);
  });
  it('refuses an unknown category and a place outside the scope, with the field', async () => {
    const bad = await report(grid, { categoryCode: 'SANITATION' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'EVENT_CATEGORY_UNKNOWN', details: { path: ['categoryCode'] } });
    const far = await report(grid, { regionCode: OTHER_VILLAGE });
    expect(far.statusCode).toBe(400);
    expect(far.json().error.details).toEqual({ path: ['regionCode'] });
  });
  it('masks the reporter except for dispatchers', async () => {
    const id = (await report(grid)).json().case.id;
    expect((await ok(grid.get(`/api/v1/events/cases/${id}`))).case).toMatchObject({ reporterName: '王**', reporterPhone: '138****5678' });
    expect((await ok(town.get(`/api/v1/events/cases/${id}`))).case).toMatchObject({ reporterName: '王小明', reporterPhone: '13812345678' });
  });
});

describe('the loop', () => {
  it('上报 → 受理 → 立案 → 派遣 (routed to the village) → 处置 → 反馈 → 返工 → 反馈 → 核查 → 结案 → 评价', async () => {
    const id = (await report(grid)).json().case.id as number;
    await ok(act(town, id, 'accept'));
    await ok(act(town, id, 'file'));
    const filed = await ok(town.get(`/api/v1/events/cases/${id}`));
    expect(filed.suggestedUnit).toMatchObject({ code: VILLAGE });
    expect(filed.allowedActions).toContain('dispatch');
    const dispatched = await ok(act(town, id, 'dispatch'));
    expect(dispatched.case).toMatchObject({ state: 'dispatched', unitCode: VILLAGE });
    expect(dispatched.case.handleDueAt).not.toBeNull();
    // the handler's queue has it; the other village's does not
    const q = await ok(grid.get('/api/v1/events/cases?queue=handler'));
    expect(q.items.map((c: { id: number }) => c.id)).toContain(id);
    expect((await grid.get(`/api/v1/events/cases/${id}`)).json().allowedActions).toEqual(['return', 'start', 'extend_request']);
    await ok(act(grid, id, 'start'));
    await ok(act(grid, id, 'feedback', { reason: '已清理' }));
    const rework = await act(town, id, 'rework');
    expect(rework.statusCode).toBe(400);
    expect(rework.json().error.code).toBe('EVENT_REASON_REQUIRED');
    await ok(act(town, id, 'rework', { reason: '现场仍有垃圾' }));
    await ok(act(grid, id, 'feedback', { reason: '已彻底清理' }));
    await ok(act(town, id, 'check_pass'));
    await ok(act(town, id, 'close'));
    const done = await ok(act(town, id, 'evaluate', { rating: 5 }));
    expect(done.case).toMatchObject({ state: 'evaluated', reworked: true, dueAt: null });
    expect(done.timeline.map((a: { action: string }) => a.action)).toEqual([
      'report',
      'accept',
      'file',
      'dispatch',
      'start',
      'feedback',
      'rework',
      'feedback',
      'check_pass',
      'close',
      'evaluate',
    ]);
    expect(done.timeline[6]).toMatchObject({
      fromState: 'feedback',
      toState: 'handling',
      reason: '现场仍有垃圾',
      actorName: 'huashe-room',
    });
    await expectAudited(t.store.db, { action: 'events.transition', actor: 'huashe-room', target: `event_case:${id}` });
    const audits = await one<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from audit_log where action = 'events.transition' and target = ${`event_case:${id}`}`,
    );
    expect(audits!.n).toBe(10);
  });

  it('refuses per role: a 网格员 cannot accept, a dispatcher cannot handle, the other village cannot touch it', async () => {
    const id = (await report(grid)).json().case.id as number;
    const r1 = await act(grid, id, 'accept');
    expect(r1.statusCode).toBe(403);
    expect(r1.json().error.code).toBe('ROLE_NOT_ALLOWED');
    await ok(act(town, id, 'accept'));
    await ok(act(town, id, 'file'));
    await ok(act(town, id, 'dispatch'));
    const r2 = await act(town, id, 'start');
    expect(r2.statusCode).toBe(403);
    expect((await gridOther.get(`/api/v1/events/cases/${id}`)).statusCode).toBe(404);
    const r3 = await act(town, id, 'close');
    expect(r3.statusCode).toBe(409);
    expect(r3.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('optimistic locking: two claims at one version, one wins, the loser gets 409 and nothing of it is applied', async () => {
    const id = (await report(grid)).json().case.id as number;
    const v = (await ok(town.get(`/api/v1/events/cases/${id}`))).case.version;
    const send = (who: Client, action: string) =>
      who.request('POST', `/api/v1/events/cases/${id}/transitions`, { payload: { action, version: v } });
    const [a, b] = await Promise.all([send(town, 'accept'), send(centre, 'accept')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expectedVersion: v, currentVersion: v + 1 } });
    const detail = await ok(town.get(`/api/v1/events/cases/${id}`));
    expect(detail.case.version).toBe(v + 1);
    expect(detail.timeline.filter((x: { action: string }) => x.action === 'accept')).toHaveLength(1);
    const stale = await town.request('POST', `/api/v1/events/cases/${id}/transitions`, { payload: { action: 'file', version: v } });
    expect(stale.statusCode).toBe(409);
    expect((await ok(town.get(`/api/v1/events/cases/${id}`))).case.state).toBe('accepted');
  });

  it('延期: request and approval add working hours to the deadline on the calendar', async () => {
    const id = (await report(grid)).json().case.id as number;
    await ok(act(town, id, 'accept'));
    await ok(act(town, id, 'file'));
    const before = (await ok(act(town, id, 'dispatch'))).case.handleDueAt as string;
    expect((await act(town, id, 'extend_approve')).statusCode).toBe(409);
    await ok(act(grid, id, 'extend_request', { reason: '需协调环卫车辆', extensionHours: 4 }));
    const approved = await ok(act(town, id, 'extend_approve'));
    const days = await rows<{ day: string; kind: string }>(
      t.store.db,
      sql`select to_char(day, 'YYYY-MM-DD') as day, kind from event_calendar_day`,
    );
    const cal = makeCalendar({
      schedule: [
        ['08:30', '12:00'],
        ['13:30', '17:30'],
      ],
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    });
    expect(Date.parse(approved.case.handleDueAt)).toBe(addWorkingMinutes(cal, Date.parse(before), 240));
    expect(approved.case).toMatchObject({ extended: true, extensionPending: false });
  });
});

describe('scope', () => {
  it('a town sees its cases, another town none, a village only its own', async () => {
    const own = (await report(gridOther, { regionCode: OTHER_VILLAGE })).json().case.id as number;
    const all = await ok(town.get('/api/v1/events/cases?pageSize=100'));
    expect(all.total).toBeGreaterThan(1);
    expect(all.items.map((c: { id: number }) => c.id)).toContain(own);
    expect((await ok(keyan.get('/api/v1/events/cases'))).total).toBe(0);
    expect((await keyan.get(`/api/v1/events/cases/${own}`)).statusCode).toBe(404);
    const mine = await ok(gridOther.get('/api/v1/events/cases?pageSize=100'));
    expect(mine.items.map((c: { id: number }) => c.id)).toEqual([own]);
    expect(mine.items.every((c: { regionCode: string }) => c.regionCode === OTHER_VILLAGE)).toBe(true);
  });
});

describe('the live map', () => {
  it('counts open cases per town in scope, lists located ones overdue first, and a town sees only its own', async () => {
    const located = (await report(grid)).json().case.id as number;
    const unplaced = (await report(grid, { lon: undefined, lat: undefined, description: '无坐标的上报' })).json().case.id as number;
    const district = await ok(centre.get('/api/v1/events/map'));
    const huashe = district.towns.find((x: { code: string }) => x.code === HUASHE);
    // the per-town counts agree with the case list's open cases of the town, located or not
    const listed = await ok(centre.get(`/api/v1/events/cases?town=${HUASHE}&pageSize=10000`));
    const open = listed.items.filter((c: { state: string }) => (OPEN_STATES as readonly string[]).includes(c.state));
    expect(huashe.open).toBe(open.length);
    expect(huashe.overdue).toBe(open.filter((c: { overdue: boolean }) => c.overdue).length);
    expect(district.open).toBe(district.towns.reduce((n: number, x: { open: number }) => n + x.open, 0));
    expect(district.synthetic).toBe(false); // this test's cases are real reports
    const ids = district.points.map((p: { id: number }) => p.id);
    expect(ids).toContain(located);
    expect(ids).not.toContain(unplaced);
    const overdue = district.points.map((p: { overdue: boolean }) => p.overdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
    expect(district.points.find((p: { id: number }) => p.id === located)).toMatchObject({ lon: 120.45, lat: 30.05, townName: '华舍街道' });
    // the town's own dispatcher sees its town and its cases
    const own = await ok(town.get('/api/v1/events/map'));
    expect(own.towns.map((x: { code: string }) => x.code)).toEqual([HUASHE]);
    expect(own.points.map((p: { id: number }) => p.id)).toContain(located);
    // another town: none of 华舍's
    const other = await ok(keyan.get('/api/v1/events/map'));
    expect(other.towns.map((x: { code: string }) => x.code)).not.toContain(HUASHE);
    expect(other.points.map((p: { id: number }) => p.id)).not.toContain(located);
    // a village: only its own cases
    const village = await ok(gridOther.get('/api/v1/events/map'));
    expect(village.points.map((p: { id: number }) => p.id)).not.toContain(located);
  });
});

describe('duplicates', () => {
  it('a report within 100 m and 72 h of an open case of the same category is suggested; another category or far away is not', async () => {
    const a = (await report(grid, { lon: 120.6, lat: 30.1 })).json().case.id as number;
    const near = (await report(grid, { lon: 120.6, lat: 30.1005 })).json();
    expect(near.duplicates.map((d: { id: number }) => d.id)).toContain(a);
    expect(near.duplicates.find((d: { id: number }) => d.id === a).metres).toBe(56);
    const other = (await report(grid, { lon: 120.6, lat: 30.1, categoryCode: 'SAFETY_FIRE' })).json();
    expect(other.duplicates).toEqual([]);
    const far = (await report(grid, { lon: 120.6, lat: 30.11 })).json();
    expect(far.duplicates.map((d: { id: number }) => d.id)).not.toContain(a);
  });
});

describe('deadlines survive restarts', () => {
  it('the sweep at start marks a case whose stored deadline passed', async () => {
    const id = (await report(grid)).json().case.id as number;
    await ok(act(town, id, 'accept'));
    await ok(act(town, id, 'file'));
    await ok(act(town, id, 'dispatch'));
    await app.close();
    // time passes while the server is down
    await t.store.db.execute(
      sql`update event_case set due_at = now() - interval '1 hour', handle_due_at = now() - interval '1 hour' where id = ${id}`,
    );
    await boot();
    const c = await ok(town.get(`/api/v1/events/cases/${id}`));
    expect(c.case).toMatchObject({ overdue: true, deadline: { level: 'overdue' } });
    expect(c.timeline.at(-1)).toMatchObject({ action: 'overdue', actor: 'system:events-sweep' });
    const sup = await ok(centre.get('/api/v1/events/cases?queue=supervisor'));
    expect(sup.items.map((x: { id: number }) => x.id)).toContain(id);
    await ok(act(centre, id, 'supervise', { reason: '请尽快处置' }));
  });
});

describe('indicators', () => {
  it('per town with numerators and denominators, and written to the catalogue', async () => {
    const year = new Date().getUTCFullYear();
    const res = await ok(town.get(`/api/v1/events/indicators?from=${year}-01-01&to=${year + 1}-01-01&group=town`));
    const row = res.rows.find((r: { key: string }) => r.key === HUASHE);
    expect(row.name).toBe('华舍街道');
    // filed this year in 华舍: the full loop (closed), the refusal case and the 延期 case (dispatched),
    // the sweep case (dispatched, overdue); the locking case was only accepted
    expect(row.cases).toBe(4);
    // due to be handled: the loop case (handled in time) and the sweep case (deadline passed)
    expect(row.onTimeHandling).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    // due to be closed: only the closed loop case (no other closing deadline has passed)
    expect(row.closure).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(row.rework).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(row.extension).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(row.overdueUnhandled).toBe(1);
    await makeUser(t.store.db, 'events-admin', ['admin'], KQ);
    const admin = await signIn(app, 'events-admin');
    const pub = await ok(admin.request('POST', '/api/v1/events/indicators/publish', { payload: { year } }));
    expect(pub.inserted).toBeGreaterThan(0);
    await expectAudited(t.store.db, { action: 'events.indicators', actor: 'events-admin' });
    const v = await one<{ value: number }>(
      t.store.db,
      sql`select o.value from observation o join subject s on s.id = o.subject_id
          where o.indicator_code = 'EV_CLOSE_RATE' and s.code = ${HUASHE} and o.superseded_at is null`,
    );
    expect(v!.value).toBe(100);
  });
});

/** An administration department staffing a 条线 unit, and an account of it (or of a sub-department). */
async function departmentFor(unit: string, name: string): Promise<number> {
  const d = await one<{ id: number }>(t.store.db, sql`insert into department (name, path) values (${name}, '') returning id::int as id`);
  await t.store.db.execute(sql`update department set path = '/' || id || '/' where id = ${d!.id}`);
  await t.store.db.execute(sql`update event_unit set department_id = ${d!.id} where code = ${unit}`);
  return d!.id;
}
async function staff(username: string, department: number, region: string) {
  const id = await makeUser(t.store.db, username, ['event_handler'], region);
  await t.store.db.execute(sql`update app_user set department_id = ${department} where id = ${id}`);
  return signIn(app, username);
}

describe('department scope', () => {
  let fire: Client; // 区消防救援大队 handler
  let housing: Client; // 区住建局 handler
  let fireInKeyan: Client; // a 消防 handler whose account is anchored to 柯岩
  beforeAll(async () => {
    const xf = await departmentFor('DEPT_XF', '区消防救援大队');
    const zjj = await departmentFor('DEPT_ZJJ', '区住建局');
    // a sub-department staffs its parent's unit
    const sub = await one<{ id: number }>(
      t.store.db,
      sql`insert into department (name, parent_id, path) values ('防火监督科', ${xf}, '') returning id::int as id`,
    );
    await t.store.db.execute(sql`update department set path = '/' || ${xf} || '/' || id || '/' where id = ${sub!.id}`);
    fire = await staff('xf-handler', sub!.id, KQ);
    housing = await staff('zjj-handler', zjj, KQ);
    fireInKeyan = await staff('xf-keyan', xf, KEYAN);
  });

  it('a department handler sees and acts only on cases dispatched to their department; its town scope still applies', async () => {
    const fireCase = (await report(grid, { categoryCode: 'SAFETY_FIRE' })).json().case.id as number;
    const houseCase = (await report(grid, { categoryCode: 'SAFETY_HOUSING' })).json().case.id as number;
    for (const id of [fireCase, houseCase]) {
      await ok(act(town, id, 'accept'));
      await ok(act(town, id, 'file'));
      await ok(act(town, id, 'dispatch'));
    }
    expect((await ok(town.get(`/api/v1/events/cases/${fireCase}`))).case.unitCode).toBe('DEPT_XF');
    expect((await ok(town.get(`/api/v1/events/cases/${houseCase}`))).case.unitCode).toBe('DEPT_ZJJ');
    // the queue and the whole list hold only the own department's cases
    const ids = async (who: Client, q: string) =>
      (await ok(who.get(`/api/v1/events/cases?${q}&pageSize=100`))).items.map((c: { id: number }) => c.id) as number[];
    expect(await ids(fire, 'queue=handler')).toContain(fireCase);
    expect(await ids(fire, 'queue=handler')).not.toContain(houseCase);
    expect(await ids(fire, 'queue=all')).not.toContain(houseCase);
    expect(await ids(housing, 'queue=handler')).toEqual([houseCase]);
    expect(
      (await ok(housing.get('/api/v1/events/cases?pageSize=100'))).items.every((c: { unitCode: string }) => c.unitCode === 'DEPT_ZJJ'),
    ).toBe(true);
    // another department's case: not found, and no action on it
    expect((await housing.get(`/api/v1/events/cases/${fireCase}`)).statusCode).toBe(404);
    const v = (await ok(town.get(`/api/v1/events/cases/${fireCase}`))).case.version;
    const refused = await housing.request('POST', `/api/v1/events/cases/${fireCase}/transitions`, {
      payload: { action: 'start', version: v },
    });
    expect(refused.statusCode).toBe(404);
    expect((await ok(town.get(`/api/v1/events/cases/${fireCase}`))).case).toMatchObject({ state: 'dispatched', version: v });
    // the own department's case: may act
    expect((await ok(fire.get(`/api/v1/events/cases/${fireCase}`))).allowedActions).toEqual(['return', 'start', 'extend_request']);
    await ok(act(fire, fireCase, 'start'));
    await expectAudited(t.store.db, { action: 'events.transition', actor: 'xf-handler', target: `event_case:${fireCase}` });
    // the same department, anchored to 柯岩: a 华舍 case stays outside its scope
    expect((await fireInKeyan.get(`/api/v1/events/cases/${fireCase}`)).statusCode).toBe(404);
    expect(await ids(fireInKeyan, 'queue=handler')).not.toContain(fireCase);
    // a district handler outside every department keeps the unit-region rule (department units are district units)
    await makeUser(t.store.db, 'district-handler', ['event_handler'], KQ);
    const plain = await signIn(app, 'district-handler');
    expect((await ok(plain.get(`/api/v1/events/cases/${houseCase}`))).allowedActions).toContain('start');
    // the summary counts only the department's cases
    expect((await ok(housing.get('/api/v1/events/summary'))).open).toBe(1);
  });
});

describe('准确派遣率 and 满意率', () => {
  it('counted per dispatch and per evaluation in 柯岩, with their denominators, and written to the catalogue', async () => {
    const fire = await signIn(app, 'xf-handler');
    const housing = await signIn(app, 'zjj-handler');
    const at = (extra: Record<string, unknown> = {}) => report(centre, { categoryCode: 'SAFETY_FIRE', regionCode: KEYAN, ...extra });
    const loop = async (id: number, who: Client, rating: number) => {
      await ok(act(who, id, 'start'));
      await ok(act(who, id, 'feedback', { reason: '已整改' }));
      await ok(act(keyan, id, 'check_pass'));
      await ok(act(keyan, id, 'close'));
      expect((await act(keyan, id, 'evaluate')).json().error.code).toBe('EVENT_RATING_REQUIRED');
      return ok(act(keyan, id, 'evaluate', { rating }));
    };
    // A: dispatched to 消防, sent back (回退), dispatched again, re-dispatched (改派) to 住建: 3 dispatches, 2 inaccurate; rated 3
    const a = (await at()).json().case.id as number;
    await ok(act(keyan, a, 'accept'));
    await ok(act(keyan, a, 'file'));
    await ok(act(keyan, a, 'dispatch'));
    await ok(act(fire, a, 'return', { reason: '不属于本单位职责' }));
    await ok(act(keyan, a, 'dispatch'));
    await ok(act(keyan, a, 'reassign', { unitCode: 'DEPT_ZJJ', reason: '房屋结构问题' }));
    const doneA = await loop(a, housing, 3);
    expect(doneA.case).toMatchObject({ state: 'evaluated', rating: 3, unitCode: 'DEPT_ZJJ' });
    // B: one accurate dispatch; rated 5
    const b = (await at()).json().case.id as number;
    await ok(act(keyan, b, 'accept'));
    await ok(act(keyan, b, 'file'));
    await ok(act(keyan, b, 'dispatch'));
    await loop(b, fire, 5);
    // C: filed, never dispatched, not evaluated: in neither denominator
    const c = (await at()).json().case.id as number;
    await ok(act(keyan, c, 'accept'));
    await ok(act(keyan, c, 'file'));

    const year = new Date().getUTCFullYear();
    const res = await ok(keyan.get(`/api/v1/events/indicators?from=${year}-01-01&to=${year + 1}-01-01&group=town`));
    const row = res.rows.find((r: { key: string }) => r.key === KEYAN);
    expect(row.cases).toBe(3);
    expect(row.accurateDispatch).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
    expect(row.satisfaction).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    // per unit: A ended with 住建 (rated 3), B with 消防 (rated 5)
    const units = await ok(keyan.get(`/api/v1/events/indicators?from=${year}-01-01&to=${year + 1}-01-01&group=unit`));
    expect(units.rows.find((r: { key: string }) => r.key === 'DEPT_ZJJ').satisfaction).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    // the department sees only its own unit's figures
    const own = await ok(fire.get(`/api/v1/events/indicators?from=${year}-01-01&to=${year + 1}-01-01&group=unit`));
    expect(own.rows.map((r: { key: string }) => r.key)).toEqual(['DEPT_XF']);

    const admin = await signIn(app, 'events-admin');
    await ok(admin.request('POST', '/api/v1/events/indicators/publish', { payload: { year } }));
    await expectAudited(t.store.db, { action: 'events.indicators', actor: 'events-admin' });
    const value = async (code: string) =>
      (
        await one<{ value: number }>(
          t.store.db,
          sql`select o.value from observation o join subject s on s.id = o.subject_id
              where o.indicator_code = ${code} and s.code = ${KEYAN} and o.superseded_at is null`,
        )
      )?.value;
    expect(await value('EV_ACCURATE_DISPATCH_RATE')).toBe(50);
    expect(await value('EV_SATISFACTION_RATE')).toBe(50);
  });
});

describe('merging duplicates', () => {
  const merge = (who: Client, id: number, payload: Record<string, unknown>) =>
    who.request('POST', `/api/v1/events/cases/${id}/merge`, { payload });
  it('closes the duplicate as 重复 linked to the kept case, both timelines show it, both reporters are notified, audited', async () => {
    const kept = (await report(town, { lon: 120.7, lat: 30.2 })).json().case.id as number;
    const dupRes = (await report(grid, { lon: 120.7, lat: 30.2003 })).json();
    const dup = dupRes.case.id as number;
    expect(dupRes.duplicates.map((d: { id: number }) => d.id)).toContain(kept);
    await ok(act(town, kept, 'accept'));
    const v = (await ok(town.get(`/api/v1/events/cases/${dup}`))).case.version;
    const keptV = (await ok(town.get(`/api/v1/events/cases/${kept}`))).case.version;
    // refusals: a reporter may not merge, another town does not see them, no reason, itself, a stale version
    expect((await merge(grid, dup, { into: kept, version: v, reason: '重复' })).statusCode).toBe(403);
    expect((await merge(keyan, dup, { into: kept, version: v, reason: '重复' })).statusCode).toBe(404);
    expect((await merge(town, dup, { into: kept, version: v, reason: '' })).statusCode).toBe(400);
    expect((await merge(town, dup, { into: dup, version: v, reason: '重复' })).json().error.code).toBe('EVENT_MERGE_SELF');
    const stale = await merge(town, dup, { into: kept, version: v, intoVersion: keptV - 1, reason: '重复' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await ok(town.get(`/api/v1/events/cases/${dup}`))).case).toMatchObject({ state: 'reported', version: v, duplicateOf: null });

    const merged = await ok(merge(town, dup, { into: kept, version: v, intoVersion: keptV, reason: '同一地点同类问题' }));
    expect(merged.case).toMatchObject({ state: 'closed', duplicateOf: kept, version: v + 1, dueAt: null });
    expect(merged.timeline.at(-1)).toMatchObject({ action: 'merge', fromState: 'reported', toState: 'closed', detail: { into: kept } });
    const keptNow = await ok(town.get(`/api/v1/events/cases/${kept}`));
    expect(keptNow.case).toMatchObject({ state: 'accepted', version: keptV + 1 });
    expect(keptNow.timeline.at(-1)).toMatchObject({ action: 'merge_in', reason: '同一地点同类问题', detail: { merged: dup } });
    await expectAudited(t.store.db, { action: 'events.merge', actor: 'huashe-room', target: `event_case:${dup}` });
    // the reporter of the merged case and of the kept one each get a notification opening the kept case
    const inbox = (await ok(grid.get('/api/v1/notifications'))).items as { kind: string; link: string; titleZh: string }[];
    expect(inbox.find((n) => n.kind === 'events.merged')).toMatchObject({ link: `/events/cases/${kept}` });
    expect(inbox.find((n) => n.kind === 'events.merged')!.titleZh).toContain(`#${dup}`);
    const keptInbox = (await ok(town.get('/api/v1/notifications'))).items as { kind: string }[];
    expect(keptInbox.some((n) => n.kind === 'events.merged')).toBe(true);
    // the merged case takes no further action, and cannot be merged again or into
    const again = await act(town, dup, 'evaluate', { rating: 5 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EVENT_MERGED');
    const third = (await report(grid, { lon: 120.7, lat: 30.2 })).json().case.id as number;
    const tv = (await ok(town.get(`/api/v1/events/cases/${third}`))).case.version;
    expect((await merge(town, third, { into: dup, version: tv, reason: '重复' })).json().error.code).toBe('EVENT_MERGED');
  });

  it('two simultaneous merges of one case: one wins, the other gets 409, one merge row', async () => {
    const a = (await report(grid)).json().case.id as number;
    const b = (await report(grid)).json().case.id as number;
    const c = (await report(grid)).json().case.id as number;
    const v = (await ok(town.get(`/api/v1/events/cases/${a}`))).case.version;
    const [x, y] = await Promise.all([
      merge(town, a, { into: b, version: v, reason: '重复' }),
      merge(centre, a, { into: c, version: v, reason: '重复' }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const rowsOf = await rows<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from event_action where case_id = ${a} and action = 'merge'`,
    );
    expect(rowsOf[0]!.n).toBe(1);
    const lost = x.statusCode === 409 ? b : c;
    expect((await ok(town.get(`/api/v1/events/cases/${lost}`))).timeline.some((r: { action: string }) => r.action === 'merge_in')).toBe(
      false,
    );
  });
});

describe('协办 and attachments', () => {
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
  const attach = (who: Client, id: number, stage: string, name: string, bytes: Buffer) => {
    const f = multipartFile(name, bytes);
    return who.request('POST', `/api/v1/events/cases/${id}/files?stage=${stage}`, { payload: f.payload, headers: f.headers });
  };
  it('a co-handling department sees the case, replies in the timeline, cannot drive the flow; files on report and handling', async () => {
    const fire = await signIn(app, 'xf-handler');
    const housing = await signIn(app, 'zjj-handler');
    const id = (await report(grid, { categoryCode: 'SAFETY_FIRE' })).json().case.id as number;
    // the reporter adds a photo to the report; type and content are checked
    const photo = await attach(grid, id, 'report', '现场.jpg', JPEG);
    expect(photo.statusCode, photo.body).toBe(200);
    expect(photo.json().files).toMatchObject([{ stage: 'report', fileName: '现场.jpg', contentType: 'image/jpeg', size: JPEG.length }]);
    expect((await attach(grid, id, 'report', 'fake.jpg', Buffer.from('not an image'))).statusCode).toBe(415);
    expect((await attach(grid, id, 'report', 'x.exe', JPEG)).statusCode).toBe(415);
    expect((await attach(grid, id, 'handling', '处置.jpg', JPEG)).statusCode).toBe(403);
    await expectAudited(t.store.db, { action: 'events.attach', actor: 'xinghua-grid', target: `event_case:${id}` });

    await ok(act(town, id, 'accept'));
    await ok(act(town, id, 'file'));
    await ok(act(town, id, 'dispatch'));
    expect((await housing.get(`/api/v1/events/cases/${id}`)).statusCode).toBe(404);
    const v = (await ok(town.get(`/api/v1/events/cases/${id}`))).case.version;
    const add = (who: Client, payload: Record<string, unknown>) =>
      who.request('POST', `/api/v1/events/cases/${id}/cohandlers`, { payload });
    expect((await add(fire, { unitCode: 'DEPT_ZJJ', version: v })).statusCode).toBe(403);
    expect((await add(keyan, { unitCode: 'DEPT_ZJJ', version: v })).statusCode).toBe(404);
    expect((await add(town, { unitCode: 'DEPT_ZJJ', version: v - 1 })).statusCode).toBe(409);
    expect((await add(town, { unitCode: 'DEPT_XF', version: v })).json().error.code).toBe('EVENT_COHANDLER_EXISTS');
    const added = await ok(add(town, { unitCode: 'DEPT_ZJJ', version: v, reason: '涉及房屋结构' }));
    expect(added.case.cohandlers.map((h: { code: string }) => h.code)).toEqual(['DEPT_ZJJ']);
    expect(added.case.version).toBe(v + 1);
    await expectAudited(t.store.db, { action: 'events.cohandle', actor: 'huashe-room', target: `event_case:${id}` });

    // the co-handling department now sees it (queue too), may reply, may not start it
    const seen = await ok(housing.get(`/api/v1/events/cases/${id}`));
    expect(seen).toMatchObject({ canReply: true, allowedActions: [] });
    expect((await ok(housing.get('/api/v1/events/cases?queue=handler&pageSize=100'))).items.map((c: { id: number }) => c.id)).toContain(id);
    expect((await act(housing, id, 'start')).statusCode).toBe(403);
    const replied = await ok(
      housing.request('POST', `/api/v1/events/cases/${id}/replies`, { payload: { reason: '已派员核查房屋结构，无坍塌风险' } }),
    );
    expect(replied.timeline.at(-1)).toMatchObject({
      action: 'cohandle_reply',
      actorName: 'zjj-handler',
      reason: '已派员核查房屋结构，无坍塌风险',
      detail: { unit: 'DEPT_ZJJ' },
    });
    expect(replied.case.version).toBe(v + 1); // the reply leaves the lead unit's version alone
    await expectAudited(t.store.db, { action: 'events.cohandle.reply', actor: 'zjj-handler', target: `event_case:${id}` });
    expect((await fire.request('POST', `/api/v1/events/cases/${id}/replies`, { payload: { reason: 'x' } })).statusCode).toBe(403);
    // the lead unit and the co-handler attach handling photos; the file downloads as stored
    await ok(act(fire, id, 'start'));
    const h = await ok(attach(housing, id, 'handling', '核查.jpg', JPEG));
    expect(h.files.map((f: { stage: string }) => f.stage)).toEqual(['report', 'handling']);
    expect(h.timeline.at(-1)).toMatchObject({ action: 'attach', detail: { stage: 'handling', fileName: '核查.jpg' } });
    const dl = await fire.get(`/api/v1/events/cases/${id}/files/${h.files[1].id}`);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.from(dl.rawPayload)).toEqual(JPEG);
    expect((await keyan.get(`/api/v1/events/cases/${id}/files/${h.files[1].id}`)).statusCode).toBe(404);
  });
});
