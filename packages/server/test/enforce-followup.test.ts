/**
 * 大综合一体化执法 after the visit, through the real app with real users per role: 移送执法 from the
 * event loop (an event case becomes an enforcement case in one transaction, audited on both sides,
 * once), photos of a joint visit's findings (type checked against the bytes, scoped), 责令整改 with a
 * deadline, case documents, the publication (公开) of a draw, statistics per department and item and
 * the inspection burden per enterprise, with a town-scope block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { one, rows } from '../src/db/store.js';
import { loadEnforceDemo } from '../src/enforce/demo.js';
import { ensureEventUnitsUnscoped } from '../src/events/demo.js';
import { loadMujunDemo } from '../src/mujun/demo.js';
import { expectAudited } from './audit-helpers.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const VILLAGE = '330603003004'; // 兴华社区 (华舍)
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const PDF = Buffer.from('%PDF-1.4\n%synthetic\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

let t: TestDb;
let app: FastifyInstance;
let analyst: Client; // district, enforce:manage
let leader: Client; // district, read only
let huashe: Client; // 华舍 town officer (enforce:inspect)
let keyan: Client; // 柯岩 town officer
let room: Client; // 华舍 指挥室 (event dispatcher)
let grid: Client; // 兴华 网格员
let huasheObjects: { id: number; name: string; regionCode: string }[];
let keyanObject: { id: number };

const ok = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const post = (who: Client, url: string, payload: unknown) => who.request('POST', url, { payload: payload as never });
const codeOf = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  await loadMujunDemo(t.store.db, { enterprises: 120, today: new Date('2026-11-26T00:00:00Z') });
  await loadEnforceDemo(t.store.db, { today: new Date('2026-11-26T00:00:00Z') });
  await ensureEventUnitsUnscoped(t.store.db);
  await makeUser(t.store.db, 'fu-analyst', ['analyst'], KQ);
  await makeUser(t.store.db, 'fu-leader', ['leader'], KQ);
  await makeUser(t.store.db, 'fu-huashe', ['town_officer'], HUASHE);
  await makeUser(t.store.db, 'fu-keyan', ['town_officer'], KEYAN);
  await makeUser(t.store.db, 'fu-room', ['event_dispatcher'], HUASHE);
  await makeUser(t.store.db, 'fu-grid', ['grid_worker'], VILLAGE);
  app = await buildApp({ store: t.store, config: testConfig() });
  await app.ready();
  [analyst, leader, huashe, keyan, room, grid] = await Promise.all(
    ['fu-analyst', 'fu-leader', 'fu-huashe', 'fu-keyan', 'fu-room', 'fu-grid'].map((u) => signIn(app, u)),
  );
  huasheObjects = ok(await huashe.get(`/api/v1/enforce/objects?region=${HUASHE}&pageSize=10`)).items;
  keyanObject = ok(await keyan.get(`/api/v1/enforce/objects?region=${KEYAN}&pageSize=1`)).items[0];
  expect(huasheObjects.length).toBeGreaterThan(2);
  expect(keyanObject).toBeDefined();
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

let seq = 0;
/** A 华舍 event case, reported by the grid worker and 受理 + 立案 by the town's 指挥室. */
async function filedEvent(): Promise<number> {
  const res = await post(grid, '/api/v1/events/cases', {
    idempotencyKey: `refer-test-${++seq}-abcdef`,
    channel: 'grid',
    categoryCode: 'SANITATION_LITTER',
    regionCode: VILLAGE,
    lon: 120.45,
    lat: 30.05,
    description: '企业门前违规堆放印染废料',
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  const id = res.json().id ?? res.json().case.id;
  for (const action of ['accept', 'file']) {
    const cur = ok(await room.get(`/api/v1/events/cases/${id}`));
    ok(await post(room, `/api/v1/events/cases/${id}/transitions`, { action, version: cur.case.version }));
  }
  return id;
}
const eventVersion = async (id: number) => ok(await room.get(`/api/v1/events/cases/${id}`)).case.version as number;
const enforceCaseOf = (eventId: number) =>
  one<{ id: number; n: number }>(
    t.store.db,
    sql`select min(id)::int as id, count(*)::int as n from enforce_case where source = ${`events:event_case:${eventId}`}`,
  );

describe('移送执法: an event case referred from the event loop', () => {
  it('becomes an enforcement case in one transaction, audited on both sides, and only once', async () => {
    const id = await filedEvent();
    const version = await eventVersion(id);
    // a grid worker may not refer; an object of 柯岩 is outside the 华舍 room's scope; an unknown item is refused
    expect(
      (await post(grid, `/api/v1/events/cases/${id}/referrals`, { version, subjectId: huasheObjects[0]!.id, itemCode: 'ZF-CF-002' }))
        .statusCode,
    ).toBe(403);
    const foreign = await post(room, `/api/v1/events/cases/${id}/referrals`, { version, subjectId: keyanObject.id, itemCode: 'ZF-CF-002' });
    expect(foreign.statusCode, foreign.body).toBe(404);
    const unknown = await post(room, `/api/v1/events/cases/${id}/referrals`, {
      version,
      subjectId: huasheObjects[0]!.id,
      itemCode: 'NO-SUCH',
    });
    expect(codeOf(unknown)).toBe('UNKNOWN_ITEM');
    // nothing of the refused referrals was written: no case, no timeline row, the same version
    expect((await enforceCaseOf(id))!.n).toBe(0);
    expect(await eventVersion(id)).toBe(version);

    const referred = ok(
      await post(room, `/api/v1/events/cases/${id}/referrals`, {
        version,
        subjectId: huasheObjects[0]!.id,
        itemCode: 'ZF-CF-002',
        reason: '涉嫌违法建设，移送综合执法',
      }),
    );
    expect(referred.case.version).toBe(version + 1);
    const step = referred.timeline.find((a: { action: string }) => a.action === 'refer');
    expect(step.reason).toBe('涉嫌违法建设，移送综合执法');
    const made = (await enforceCaseOf(id))!;
    expect(made.n).toBe(1);
    await expectAudited(t.store.db, { action: 'events.refer', actor: 'fu-room', target: `event_case:${id}` });
    await expectAudited(t.store.db, { action: 'enforce.case.open', actor: 'fu-room', target: `enforce_case:${made.id}` });
    // the enforcement side sees a 立案 case with its source, in the town
    const c = ok(await huashe.get(`/api/v1/enforce/cases/${made.id}`));
    expect([c.stage, c.source, c.itemCode, c.subjectId, c.summary]).toEqual([
      'filed',
      `events:event_case:${id}`,
      'ZF-CF-002',
      huasheObjects[0]!.id,
      '涉嫌违法建设，移送综合执法',
    ]);
    expect(c.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['close']);
    expect((await keyan.get(`/api/v1/enforce/cases/${made.id}`)).statusCode).toBe(404);

    // a second referral of the same event is refused and changes nothing
    const again = await post(room, `/api/v1/events/cases/${id}/referrals`, {
      version: version + 1,
      subjectId: huasheObjects[1]!.id,
      itemCode: 'ZF-CF-002',
    });
    expect(again.statusCode, again.body).toBe(409);
    expect(codeOf(again)).toBe('ALREADY_REFERRED');
    expect((await enforceCaseOf(id))!.n).toBe(1);
    expect(await eventVersion(id)).toBe(version + 1);
    const refers = await rows(t.store.db, sql`select 1 from event_action where case_id = ${id} and action = 'refer'`);
    expect(refers).toHaveLength(1);
  });

  it('the case page is told when 移送执法 is open, and the choices come from the caller’s scope', async () => {
    const fresh = await post(grid, '/api/v1/events/cases', {
      idempotencyKey: `refer-test-${++seq}-abcdef`,
      channel: 'grid',
      categoryCode: 'SANITATION_LITTER',
      regionCode: VILLAGE,
      description: '门前堆放印染废料',
    });
    const id = fresh.json().id ?? fresh.json().case.id;
    const canRefer = async (who: Client) => ok(await who.get(`/api/v1/events/cases/${id}`)).canRefer as boolean;
    // reported: not yet (立案 first)
    expect(await canRefer(room)).toBe(false);
    for (const action of ['accept', 'file'])
      ok(await post(room, `/api/v1/events/cases/${id}/transitions`, { action, version: await eventVersion(id) }));
    expect(await canRefer(room)).toBe(true);
    // a reader without events:dispatch is never offered it
    expect(await canRefer(leader)).toBe(false);
    // the choices: enterprises of the room's town only, enforcement items only (no 检查 item)
    const choices = ok(await room.get('/api/v1/events/referral-choices'));
    expect(choices.objects.length).toBeGreaterThan(0);
    const town = new Set((ok(await huashe.get('/api/v1/enforce/objects?pageSize=100')).items as { id: number }[]).map((o) => o.id));
    expect(choices.objects.every((o: { id: number }) => town.has(o.id))).toBe(true);
    expect(choices.objects.map((o: { id: number }) => o.id)).not.toContain(keyanObject.id);
    const searched = ok(
      await room.get(`/api/v1/events/referral-choices?object=${encodeURIComponent(huasheObjects[0]!.name)}&item=ZF-CF-002`),
    );
    expect(searched.objects.map((o: { id: number }) => o.id)).toContain(huasheObjects[0]!.id);
    expect(searched.items.map((i: { code: string }) => i.code)).toEqual(['ZF-CF-002']);
    const items = ok(await room.get('/api/v1/events/referral-choices?item=检查')).items as { itemType: string }[];
    expect(items.every((i) => i.itemType !== 'inspect')).toBe(true);
    expect((await grid.get('/api/v1/events/referral-choices')).statusCode).toBe(403);
    // once referred, it is closed
    ok(
      await post(room, `/api/v1/events/cases/${id}/referrals`, {
        version: await eventVersion(id),
        subjectId: searched.objects[0].id,
        itemCode: 'ZF-CF-002',
      }),
    );
    expect(await canRefer(room)).toBe(false);
  });

  it('is refused at a stale version and before 立案', async () => {
    const id = await filedEvent();
    const stale = await post(room, `/api/v1/events/cases/${id}/referrals`, {
      version: (await eventVersion(id)) - 1,
      subjectId: huasheObjects[0]!.id,
      itemCode: 'ZF-CF-002',
    });
    expect(stale.statusCode).toBe(409);
    expect((await enforceCaseOf(id))!.n).toBe(0);
    const fresh = await post(grid, '/api/v1/events/cases', {
      idempotencyKey: `refer-test-${++seq}-abcdef`,
      channel: 'grid',
      categoryCode: 'SANITATION_LITTER',
      regionCode: VILLAGE,
      description: '刚上报的事件',
    });
    const freshId = fresh.json().id ?? fresh.json().case.id;
    const early = await post(room, `/api/v1/events/cases/${freshId}/referrals`, {
      version: await eventVersion(freshId),
      subjectId: huasheObjects[0]!.id,
      itemCode: 'ZF-CF-002',
    });
    expect(early.statusCode, early.body).toBe(409);
    expect(codeOf(early)).toBe('TRANSITION_NOT_ALLOWED');
  });
});

describe('a joint visit’s follow-up', () => {
  let inspectionId: number;
  it('photos per checklist item: type checked against the bytes, ≤ 10 MB, only items of the visit, in scope, audited', async () => {
    const plan = ok(
      await post(huashe, '/api/v1/enforce/plans', {
        name: '华舍综合查一次（测试）',
        regionCode: HUASHE,
        plannedOn: '2026-12-08',
        leadDepartment: '市场监管',
        departments: ['市场监管', '消防'],
        itemCodes: ['SJ-JC-002', 'XF-JC-002'],
        subjectIds: [huasheObjects[2]!.id],
      }),
    );
    const x = ok(
      await post(huashe, `/api/v1/enforce/plans/${plan.id}/inspections`, {
        subjectId: huasheObjects[2]!.id,
        inspectedOn: '2026-12-08',
        findings: [
          { item: 'SJ-JC-002', result: 'pass', note: '' },
          { item: 'XF-JC-002', result: 'fail', note: '灭火器过期' },
        ],
      }),
    );
    inspectionId = x.id;
    const url = (item: string) => `/api/v1/enforce/inspections/${inspectionId}/files?item=${item}`;
    const up = ok(await huashe.request('POST', url('XF-JC-002'), multipartFile('灭火器.png', PNG)));
    expect(up.files.map((f: { itemCode: string; contentType: string }) => [f.itemCode, f.contentType])).toEqual([
      ['XF-JC-002', 'image/png'],
    ]);
    await expectAudited(t.store.db, {
      action: 'enforce.inspection.file',
      actor: 'fu-huashe',
      target: `enforce_inspection:${inspectionId}`,
    });
    const liar = await huashe.request('POST', url('XF-JC-002'), multipartFile('fake.png', JPEG));
    expect(liar.statusCode).toBe(415);
    const big = await huashe.request(
      'POST',
      url('XF-JC-002'),
      multipartFile('big.jpg', Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)])),
    );
    expect(big.statusCode).toBe(413);
    const stray = await huashe.request('POST', url('HB-JC-001'), multipartFile('a.png', PNG));
    expect(codeOf(stray)).toBe('ITEM_NOT_CHECKED');
    expect((await keyan.request('POST', url('XF-JC-002'), multipartFile('a.png', PNG))).statusCode).toBe(404);
    expect((await leader.request('POST', url('XF-JC-002'), multipartFile('a.png', PNG))).statusCode).toBe(403);
    const got = await huashe.get(`/api/v1/enforce/inspections/${inspectionId}/files/${up.files[0].id}`);
    expect(got.statusCode).toBe(200);
    expect(Buffer.from(got.rawPayload).equals(PNG)).toBe(true);
    expect((await keyan.get(`/api/v1/enforce/inspections/${inspectionId}/files/${up.files[0].id}`)).statusCode).toBe(404);
    expect(ok(await huashe.get(`/api/v1/enforce/inspections/${inspectionId}/follow-up`)).files).toHaveLength(1);
  });

  it('责令整改 with a deadline on a failed item only, once, audited; a case from the other path', async () => {
    const order = (body: Record<string, unknown>) => post(huashe, `/api/v1/enforce/inspections/${inspectionId}/orders`, body);
    expect(codeOf(await order({ itemCode: 'SJ-JC-002', dueOn: '2026-12-20' }))).toBe('ITEM_NOT_FAILED');
    expect(codeOf(await order({ itemCode: 'XF-JC-002', dueOn: '2026-12-01' }))).toBe('DUE_BEFORE_VISIT');
    const done = ok(await order({ itemCode: 'XF-JC-002', dueOn: '2026-12-22', note: '更换灭火器' }));
    expect(done.orders.map((o: { itemCode: string; dueOn: string }) => [o.itemCode, o.dueOn])).toEqual([['XF-JC-002', '2026-12-22']]);
    await expectAudited(t.store.db, { action: 'enforce.order', actor: 'fu-huashe' });
    expect((await order({ itemCode: 'XF-JC-002', dueOn: '2026-12-23' })).statusCode).toBe(409);
    expect((await keyan.get(`/api/v1/enforce/inspections/${inspectionId}/follow-up`)).statusCode).toBe(404);
    const c = ok(
      await post(huashe, '/api/v1/enforce/cases', {
        subjectId: huasheObjects[2]!.id,
        itemCode: 'XF-JC-002',
        inspectionId,
        summary: '逾期未整改',
      }),
    );
    expect(ok(await huashe.get(`/api/v1/enforce/inspections/${inspectionId}/follow-up`)).cases).toEqual([
      { id: c.id, itemCode: 'XF-JC-002' },
    ]);
  });
});

describe('case documents, 公开, statistics and burden', () => {
  it('a case takes documents under its current stage, audited and scoped', async () => {
    const list = ok(await huashe.get('/api/v1/enforce/cases?pageSize=1'));
    const c = list.items[0];
    const res = ok(await huashe.request('POST', `/api/v1/enforce/cases/${c.id}/files`, multipartFile('立案审批表.pdf', PDF)));
    expect(res.files.map((f: { fileName: string; stage: string }) => [f.fileName, f.stage])).toEqual([['立案审批表.pdf', c.stage]]);
    await expectAudited(t.store.db, { action: 'enforce.case.file', actor: 'fu-huashe', target: `enforce_case:${c.id}` });
    expect((await keyan.request('POST', `/api/v1/enforce/cases/${c.id}/files`, multipartFile('a.pdf', PDF))).statusCode).toBe(404);
    expect((await huashe.request('POST', `/api/v1/enforce/cases/${c.id}/files`, multipartFile('a.pdf', PNG))).statusCode).toBe(415);
  });

  it('a draw is published once, audited; a reader may not publish', async () => {
    const d = ok(
      await post(analyst, '/api/v1/enforce/draws', {
        name: '公开测试抽查',
        regionCode: KQ,
        nonce: '20261207',
        ratios: { high: 0.2, medium: 0.1, low: 0.05 },
        departments: ['市场监管', '生态环境'],
      }),
    );
    expect(d.publishedAt).toBeNull();
    expect((await post(leader, `/api/v1/enforce/draws/${d.id}/publish`, {})).statusCode).toBe(403);
    const published = ok(await post(analyst, `/api/v1/enforce/draws/${d.id}/publish`, {}));
    expect(published.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(published.publishedBy).toBe('user:fu-analyst');
    await expectAudited(t.store.db, { action: 'enforce.draw.publish', actor: 'fu-analyst', target: `enforce_draw:${d.id}` });
    expect(codeOf(await post(analyst, `/api/v1/enforce/draws/${d.id}/publish`, {}))).toBe('ALREADY_PUBLISHED');
    expect(ok(await leader.get('/api/v1/enforce/draws')).items.find((x: { id: number }) => x.id === d.id).publishedAt).not.toBeNull();
  });

  it('statistics per department and item add up to the cases in scope', async () => {
    const all = ok(await leader.get('/api/v1/enforce/statistics'));
    const cases = ok(await leader.get('/api/v1/enforce/cases?pageSize=100'));
    expect(all.total).toBe(cases.total);
    const sum = (xs: { cases: number }[]) => xs.reduce((s, x) => s + x.cases, 0);
    expect(sum(all.departments)).toBe(all.total);
    expect(sum(all.items)).toBe(all.total);
    const fire = all.items.find((i: { itemCode: string }) => i.itemCode === 'XF-JC-002');
    expect(fire.department).toBe('消防');
    expect(fire.cases).toBe(cases.items.filter((c: { itemCode: string }) => c.itemCode === 'XF-JC-002').length);
    const town = ok(await huashe.get('/api/v1/enforce/statistics'));
    const townCases = ok(await huashe.get('/api/v1/enforce/cases?pageSize=100'));
    expect(town.total).toBe(townCases.total);
    expect(town.total).toBeLessThan(all.total);
  });

  it('the inspection burden per enterprise counts visits, joint and separate, and departments', async () => {
    const b = ok(await leader.get('/api/v1/enforce/burden?since=2025-01-01&pageSize=100'));
    expect(b.total).toBeGreaterThan(0);
    const row = b.items.find((r: { subjectId: number }) => r.subjectId === huasheObjects[2]!.id);
    const visits = ok(await leader.get(`/api/v1/enforce/inspections?subjectId=${huasheObjects[2]!.id}&pageSize=100`)).items.filter(
      (x: { inspectedOn: string }) => x.inspectedOn >= '2025-01-01',
    );
    expect(row.inspections).toBe(visits.length);
    expect(row.joint).toBe(visits.filter((x: { joint: boolean }) => x.joint).length);
    expect(row.separate).toBe(row.inspections - row.joint);
    expect(row.departmentList).toEqual([...new Set(visits.flatMap((x: { departments: string[] }) => x.departments))].sort());
    const separateFirst = b.items.map((r: { separate: number }) => r.separate);
    expect(separateFirst).toEqual([...separateFirst].sort((a: number, c: number) => c - a));
    const town = ok(await huashe.get('/api/v1/enforce/burden?since=2025-01-01&pageSize=100'));
    expect(town.items.every((r: { regionName: string }) => r.regionName.length > 0)).toBe(true);
    expect(town.total).toBeLessThan(b.total);
  });
});

describe('the repeated-inspection scan read as columns', () => {
  it('finds a department missing from the catalogue, keeps the date order whatever the insert order, and treats a joint visit as one visitor', async () => {
    const [a, b] = [huasheObjects[0]!, huasheObjects[1]!];
    const visit = async (subjectId: number, inspectedOn: string, departments: string[], joint = false) =>
      ok(await post(huashe, '/api/v1/enforce/inspections', { subjectId, inspectedOn, departments, joint }));
    // later visit first: the scan sorts
    const late = await visit(a.id, '2027-03-20', ['消防']);
    const early = await visit(a.id, '2027-03-02', ['未登记的检查科']);
    // b: a joint visit of two departments alone, then a department of it coming back within 30 days
    const joint = await visit(b.id, '2027-03-01', ['市场监管', '消防'], true);
    const q = '/api/v1/enforce/alerts?since=2027-01-01';
    const before = ok(await huashe.get(q)).items;
    expect(before.find((x: { objectId: string }) => x.objectId === String(b.id))).toBeUndefined();
    const back = await visit(b.id, '2027-03-25', ['市场监管']);
    const alerts = ok(await huashe.get(q)).items;
    expect(alerts.find((x: { objectId: string }) => x.objectId === String(a.id))).toEqual({
      objectId: String(a.id),
      objectName: a.name,
      from: '2027-03-02',
      to: '2027-03-20',
      departments: ['未登记的检查科', '消防'].sort(),
      inspectionIds: [String(early.id), String(late.id)],
    });
    expect(alerts.find((x: { objectId: string }) => x.objectId === String(b.id))).toEqual({
      objectId: String(b.id),
      objectName: b.name,
      from: '2027-03-01',
      to: '2027-03-25',
      departments: ['市场监管', '消防'],
      inspectionIds: [String(joint.id), String(back.id)],
    });
    // 柯岩 sees none of it
    expect(ok(await keyan.get(q)).items.filter((x: { objectId: string }) => [String(a.id), String(b.id)].includes(x.objectId))).toEqual([]);
  });
});
