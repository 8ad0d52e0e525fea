/**
 * 大综合一体化执法: scope per department and town, through the real app with real users per role: a
 * county administrator; town officers of 柯岩 and of 华舍; department officers (data scope 本部门) of
 * 市场监管 (a sub-department's account) and of 消防, one of 市场监管 anchored to 柯岩, one without a
 * department; and a department account that may run draws. A department account sees and acts on
 * the plans and inspections its department takes part in (lead or participating), the cases and
 * deadlines of its department's items and the draws drawing from it — and nothing of the others; it
 * cannot write a row naming none of its departments; the town bound still applies. A department
 * draw recuses the inspectors of the object's last visit by any department.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { creditCodeCheckChar, organisationCodeCheckChar } from '@gongfu/engine/mujun';
import { buildApp } from '../src/app.js';
import { one } from '../src/db/store.js';
import { expectAudited } from './audit-helpers.js';
import { xlsx } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const KEQIAO_TOWN = '330603001000';
const KEYAN = '330603002000';
const HUASHE = '330603003000';

function creditCode(serial: number): string {
  const org8 = `MD${String(serial).padStart(6, '0')}`;
  const org = org8 + organisationCodeCheckChar(org8)!;
  const first17 = `91330603${org}`;
  return first17 + creditCodeCheckChar(first17);
}

let t: TestDb;
let app: FastifyInstance;
let admin: Client; // county administrator (all)
let keyan: Client; // 柯岩 town officer
let huashe: Client; // 华舍 town officer
let market: Client; // 市场监管执法大队 (a sub-department of 市场监管), district
let fire: Client; // 消防, district
let marketKeyan: Client; // 市场监管, anchored to 柯岩
let nodept: Client; // 部门执法人员 without a department
let marketManager: Client; // 市场监管, a department role that may run draws
const obj: Record<'K1' | 'K2' | 'H1' | 'H2', number> = { K1: 0, K2: 0, H1: 0, H2: 0 };

const ok = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const post = (who: Client, url: string, payload: unknown, method: 'POST' | 'PUT' | 'PATCH' = 'POST') =>
  who.request(method, url, { payload: payload as never });
const codeOf = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;
const ids = async (who: Client, url: string) =>
  (ok(await who.get(`${url}${url.includes('?') ? '&' : '?'}pageSize=100`)).items as { id: number }[])
    .map((r) => r.id)
    .sort((a, b) => a - b);
const count = async (table: 'enforce_inspection' | 'enforce_plan' | 'enforce_case' | 'enforce_draw') =>
  (await one<{ n: number }>(t.store.db, sql`select count(*)::int as n from ${sql.raw(table)}`))!.n;

async function department(name: string, parentId: number | null = null): Promise<number> {
  return ok(await post(admin, '/api/v1/departments', { name, parentId })).id as number;
}
async function staff(username: string, roles: string[], region: string, departmentId: number | null): Promise<Client> {
  const id = await makeUser(t.store.db, username, roles, region);
  if (departmentId !== null) ok(await post(admin, `/api/v1/users/${id}`, { departmentId }, 'PATCH'));
  return signIn(app, username);
}

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'sc-admin', ['admin'], KQ);
  admin = await signIn(app, 'sc-admin');
  ok(
    await admin.request(
      'POST',
      '/api/v1/subjects/import?dryRun=false&kind=enterprise',
      multipartFile(
        'roster.xlsx',
        await xlsx({
          表1: [
            ['统一社会信用代码', '企业名称', '所属地区'],
            [creditCode(1), '柯岩机械甲公司', KEYAN],
            [creditCode(2), '柯岩化工乙公司', KEYAN],
            [creditCode(3), '华舍印染丙公司', HUASHE],
            [creditCode(4), '华舍纺织丁公司', HUASHE],
          ],
        }),
      ),
    ),
  );
  const objects = ok(await admin.get('/api/v1/enforce/objects?pageSize=100')).items as { id: number; code: string }[];
  (['K1', 'K2', 'H1', 'H2'] as const).forEach((k, i) => (obj[k] = objects.find((o) => o.code === creditCode(i + 1))!.id));
  const HEADER = ['事项编码', '事项名称', '实施部门', '事项类型', '法律依据', '适用对象', '风险等级', '是否划转'];
  ok(
    await admin.request(
      'POST',
      '/api/v1/enforce/items/import?dryRun=false',
      multipartFile(
        'items.xlsx',
        await xlsx({
          事项: [
            HEADER,
            ['SJ-001', '特种设备使用登记检查', '市场监管', '检查', '《特种设备安全法》第三十三条', '企业', '高', '否'],
            ['SJ-CF-001', '对未办理使用登记的处罚', '市场监管', '处罚', '《特种设备安全法》第八十三条', '企业', '中', '是'],
            ['XF-001', '安全出口、疏散通道检查', '消防', '检查', '《消防法》第十六条', '企业', '高', '否'],
            ['XF-CF-001', '对占用疏散通道的处罚', '消防', '处罚', '《消防法》第六十条', '企业', '中', '否'],
            ['HB-001', '排污许可证执行情况检查', '生态环境', '检查', '《排污许可管理条例》第二十六条', '企业', '高', '否'],
          ],
        }),
      ),
    ),
  );
  ok(
    await post(
      admin,
      '/api/v1/enforce/inspectors',
      {
        items: [
          { code: 'MS-1', name: '市监甲', department: '市场监管', townCode: KEQIAO_TOWN },
          { code: 'MS-2', name: '市监乙', department: '市场监管', townCode: KEQIAO_TOWN },
          { code: 'MS-3', name: '市监丙', department: '市场监管', townCode: KEYAN },
          { code: 'XF-1', name: '消防甲', department: '消防', townCode: KEQIAO_TOWN },
          { code: 'XF-2', name: '消防乙', department: '消防', townCode: KEQIAO_TOWN },
          { code: 'XF-3', name: '消防丙', department: '消防', townCode: KEYAN },
        ],
      },
      'PUT',
    ),
  );
  // administration departments named as the catalogue names them; a sub-department acts for its parent
  const sj = await department('市场监管');
  const squad = await department('市场监管执法大队', sj);
  const xf = await department('消防');
  ok(
    await post(
      admin,
      '/api/v1/roles/dept_manager',
      {
        nameZh: '部门执法管理员',
        nameEn: 'Department enforcement manager',
        permissions: ['region:read', 'enforce:read', 'enforce:inspect', 'enforce:manage'],
        dataScope: 'department',
      },
      'PUT',
    ),
  );
  keyan = await staff('sc-keyan', ['town_officer'], KEYAN, null);
  huashe = await staff('sc-huashe', ['town_officer'], HUASHE, null);
  market = await staff('sc-market', ['dept_officer'], KQ, squad);
  fire = await staff('sc-fire', ['dept_officer'], KQ, xf);
  marketKeyan = await staff('sc-market-keyan', ['dept_officer'], KEYAN, sj);
  nodept = await staff('sc-nodept', ['dept_officer'], KQ, null);
  marketManager = await staff('sc-market-manager', ['dept_manager'], KQ, sj);
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const visit = (
  who: Client,
  subjectId: number,
  on: string,
  departments: string[],
  findings: { item: string; result: string }[],
  inspectors: string[] = [],
) =>
  post(who, '/api/v1/enforce/inspections', {
    subjectId,
    inspectedOn: on,
    departments,
    itemCodes: findings.map((f) => f.item),
    inspectorCodes: inspectors,
    findings: findings.map((f) => ({ ...f, note: '' })),
  });

let marketVisit = 0; // 市场监管 at 华舍 H1, SJ-001 failed
let fireVisitH1 = 0; // 消防 at H1 (with a 市监 inspector), later
let fireVisitK1 = 0; // 消防 at 柯岩 K1
let planHuashe = 0; // 消防 lead, 市场监管 participating, 华舍 H2
let planKeyan = 0; // 消防 + 生态环境, 柯岩 K2
let jointVisit = 0; // the visit of planHuashe
let marketCase = 0;
let fireCase = 0;

describe('scope per department and town', () => {
  it('inspections: a department officer records and sees its department’s only; a town its town’s', async () => {
    const before = await count('enforce_inspection');
    // a department account cannot record a visit naming none of its departments: 403, nothing written
    const foreign = await visit(market, obj.H1, '2026-11-01', ['消防'], [{ item: 'XF-001', result: 'pass' }]);
    expect(foreign.statusCode, foreign.body).toBe(403);
    expect(codeOf(foreign)).toBe('DEPARTMENT_OUT_OF_SCOPE');
    expect(await count('enforce_inspection')).toBe(before);

    marketVisit = ok(await visit(market, obj.H1, '2026-11-02', ['市场监管'], [{ item: 'SJ-001', result: 'fail' }], ['MS-1'])).id;
    await expectAudited(t.store.db, { action: 'enforce.inspection', actor: 'sc-market', target: `enforce_inspection:${marketVisit}` });
    fireVisitH1 = ok(await visit(fire, obj.H1, '2026-11-10', ['消防'], [{ item: 'XF-001', result: 'fail' }], ['XF-1', 'MS-2'])).id;
    fireVisitK1 = ok(await visit(fire, obj.K1, '2026-11-04', ['消防'], [{ item: 'XF-001', result: 'pass' }])).id;
    // a town officer records in their own town only
    expect((await visit(keyan, obj.H2, '2026-11-05', ['市场监管'], [{ item: 'SJ-001', result: 'pass' }])).statusCode).toBe(404);

    const all = [marketVisit, fireVisitH1, fireVisitK1].sort((a, b) => a - b);
    expect(await ids(admin, '/api/v1/enforce/inspections')).toEqual(all);
    expect(await ids(market, '/api/v1/enforce/inspections')).toEqual([marketVisit]);
    expect(await ids(fire, '/api/v1/enforce/inspections')).toEqual([fireVisitK1, fireVisitH1].sort((a, b) => a - b));
    expect(await ids(keyan, '/api/v1/enforce/inspections')).toEqual([fireVisitK1]);
    expect(await ids(huashe, '/api/v1/enforce/inspections')).toEqual([marketVisit, fireVisitH1].sort((a, b) => a - b));
    // 市场监管 anchored to 柯岩: its department's visit is in 华舍, outside its region
    expect(await ids(marketKeyan, '/api/v1/enforce/inspections')).toEqual([]);
    // a department account without a department sees no enforcement rows, but the objects of its region
    expect(await ids(nodept, '/api/v1/enforce/inspections')).toEqual([]);
    expect(ok(await nodept.get('/api/v1/enforce/objects?pageSize=100')).total).toBe(4);
    // by id: another department's visit is not found, nor can it take a photo or an order
    expect((await market.get(`/api/v1/enforce/inspections/${fireVisitH1}/follow-up`)).statusCode).toBe(404);
    expect(ok(await market.get(`/api/v1/enforce/inspections/${marketVisit}/follow-up`)).inspection.id).toBe(marketVisit);
    const order = await post(market, `/api/v1/enforce/inspections/${fireVisitH1}/orders`, { itemCode: 'XF-001', dueOn: '2026-12-31' });
    expect(order.statusCode, order.body).toBe(404);
    expect((await fire.get(`/api/v1/enforce/inspections/${marketVisit}/follow-up`)).statusCode).toBe(404);
    expect((await keyan.get(`/api/v1/enforce/inspections/${marketVisit}/follow-up`)).statusCode).toBe(404);
    // the 立案 deadline of the failed SJ item is 市场监管's; 消防's failed item is 消防's
    const kinds = async (who: Client) =>
      (ok(await who.get('/api/v1/enforce/deadlines?state=all&pageSize=100')).items as { itemCode: string }[]).map((d) => d.itemCode).sort();
    expect(await kinds(market)).toEqual(['SJ-001']);
    expect(await kinds(fire)).toEqual(['XF-001']);
    expect(await kinds(admin)).toEqual(['SJ-001', 'XF-001']);
  });

  it('joint plans: a department sees and fills the plans it leads or takes part in', async () => {
    const plan = (who: Client, regionCode: string, lead: string, departments: string[], itemCodes: string[], subject: number) =>
      post(who, '/api/v1/enforce/plans', {
        name: `${departments.join('+')} 联合检查`,
        regionCode,
        plannedOn: '2026-11-20',
        leadDepartment: lead,
        departments,
        itemCodes,
        subjectIds: [subject],
      });
    planHuashe = ok(await plan(admin, HUASHE, '消防', ['消防', '市场监管'], ['XF-001', 'SJ-001'], obj.H2)).id;
    planKeyan = ok(await plan(admin, KEYAN, '消防', ['消防', '生态环境'], ['XF-001', 'HB-001'], obj.K2)).id;
    // a department account plans only with its department taking part
    const before = await count('enforce_plan');
    const foreign = await plan(market, KEYAN, '消防', ['消防', '生态环境'], ['XF-001', 'HB-001'], obj.K2);
    expect(foreign.statusCode, foreign.body).toBe(403);
    expect(codeOf(foreign)).toBe('DEPARTMENT_OUT_OF_SCOPE');
    expect(await count('enforce_plan')).toBe(before);
    const own = ok(await plan(market, KEYAN, '生态环境', ['市场监管', '生态环境'], ['SJ-001', 'HB-001'], obj.K1)).id as number;
    await expectAudited(t.store.db, { action: 'enforce.plan.create', actor: 'sc-market', target: `enforce_plan:${own}` });

    expect(await ids(admin, '/api/v1/enforce/plans')).toEqual([planHuashe, planKeyan, own]);
    expect(await ids(market, '/api/v1/enforce/plans')).toEqual([planHuashe, own]);
    expect(await ids(fire, '/api/v1/enforce/plans')).toEqual([planHuashe, planKeyan]);
    expect(await ids(keyan, '/api/v1/enforce/plans')).toEqual([planKeyan, own]);
    expect(await ids(huashe, '/api/v1/enforce/plans')).toEqual([planHuashe]);
    expect(await ids(marketKeyan, '/api/v1/enforce/plans')).toEqual([own]);
    expect((await market.get(`/api/v1/enforce/plans/${planKeyan}`)).statusCode).toBe(404);
    expect((await marketKeyan.get(`/api/v1/enforce/plans/${planHuashe}`)).statusCode).toBe(404);
    expect(ok(await market.get(`/api/v1/enforce/plans/${planHuashe}`)).objects.map((o: { subjectId: number }) => o.subjectId)).toEqual([
      obj.H2,
    ]);
    // another department's plan cannot be filled
    const refused = await post(market, `/api/v1/enforce/plans/${planKeyan}/inspections`, {
      subjectId: obj.K2,
      inspectedOn: '2026-11-20',
      findings: [
        { item: 'XF-001', result: 'pass', note: '' },
        { item: 'HB-001', result: 'pass', note: '' },
      ],
    });
    expect(refused.statusCode, refused.body).toBe(404);
    // a participating (not leading) department fills the joint visit; both departments then see it
    jointVisit = ok(
      await post(market, `/api/v1/enforce/plans/${planHuashe}/inspections`, {
        subjectId: obj.H2,
        inspectedOn: '2026-11-20',
        findings: [
          { item: 'XF-001', result: 'fail', note: '疏散通道堆物' },
          { item: 'SJ-001', result: 'fail', note: '电梯未登记' },
        ],
      }),
    ).id;
    expect(await ids(market, '/api/v1/enforce/inspections')).toContain(jointVisit);
    expect(await ids(fire, '/api/v1/enforce/inspections')).toContain(jointVisit);
    expect(await ids(keyan, '/api/v1/enforce/inspections')).not.toContain(jointVisit);
  });

  it('cases: each department opens, sees and moves the cases of its own items only', async () => {
    const open = (who: Client, subjectId: number, itemCode: string, inspectionId: number) =>
      post(who, '/api/v1/enforce/cases', { subjectId, itemCode, inspectionId, summary: `${itemCode} 立案` });
    // the joint visit failed 消防's item too: 市场监管 may not open 消防's case; nothing is written
    const before = await count('enforce_case');
    const foreign = await open(market, obj.H2, 'XF-CF-001', jointVisit);
    expect(foreign.statusCode, foreign.body).toBe(403);
    expect(codeOf(foreign)).toBe('DEPARTMENT_OUT_OF_SCOPE');
    expect(await count('enforce_case')).toBe(before);
    marketCase = ok(await open(market, obj.H1, 'SJ-CF-001', marketVisit)).id;
    fireCase = ok(await open(fire, obj.H2, 'XF-CF-001', jointVisit)).id;
    await expectAudited(t.store.db, { action: 'enforce.case.open', actor: 'sc-fire', target: `enforce_case:${fireCase}` });

    expect(await ids(admin, '/api/v1/enforce/cases')).toEqual([marketCase, fireCase]);
    expect(await ids(market, '/api/v1/enforce/cases')).toEqual([marketCase]);
    expect(await ids(fire, '/api/v1/enforce/cases')).toEqual([fireCase]);
    expect(await ids(huashe, '/api/v1/enforce/cases')).toEqual([marketCase, fireCase]);
    expect(await ids(keyan, '/api/v1/enforce/cases')).toEqual([]);
    expect(await ids(marketKeyan, '/api/v1/enforce/cases')).toEqual([]);
    // another department's case: not found, and not moved
    expect((await market.get(`/api/v1/enforce/cases/${fireCase}`)).statusCode).toBe(404);
    const move = await post(market, `/api/v1/enforce/cases/${fireCase}/transitions`, { to: 'investigating', version: 1 });
    expect(move.statusCode, move.body).toBe(404);
    expect(ok(await admin.get(`/api/v1/enforce/cases/${fireCase}`))).toMatchObject({ stage: 'filed', version: 1 });
    // its own: moved, with its stage log and audit entry
    const moved = ok(await post(market, `/api/v1/enforce/cases/${marketCase}/transitions`, { to: 'investigating', version: 1 }));
    expect(moved.stage).toBe('investigating');
    expect(moved.actions.map((a: { toStage: string }) => a.toStage)).toEqual(['filed', 'investigating']);
    await expectAudited(t.store.db, { action: 'enforce.case.transition', actor: 'sc-market', target: `enforce_case:${marketCase}` });
    // statistics count the department's own cases
    const stats = ok(await market.get('/api/v1/enforce/statistics'));
    expect([stats.total, stats.departments.map((d: { department: string }) => d.department)]).toEqual([1, ['市场监管']]);
    expect(ok(await admin.get('/api/v1/enforce/statistics')).total).toBe(2);
  });

  it('draws: a department sees the draws drawing from it; its own draw recuses by the last visit of any department', async () => {
    const body = (departments: string[]) => ({
      name: `${departments.join('+')} 双随机`,
      regionCode: HUASHE,
      nonce: '2026-11-26 福彩3D 903',
      ratios: { high: 1, medium: 1, low: 1 },
      perObject: 2,
      departments,
    });
    const county = ok(await post(admin, '/api/v1/enforce/draws', body(['市场监管'])));
    const mine = ok(await post(marketManager, '/api/v1/enforce/draws', body(['市场监管'])));
    await expectAudited(t.store.db, { action: 'enforce.draw', actor: 'sc-market-manager', target: `enforce_draw:${mine.id}` });
    // H1 was last visited by 消防 with MS-2 along: MS-2 is recused, not MS-1 of 市场监管's earlier visit,
    // so the department's draw is the county's on the same inputs
    const h1 = mine.assignments.find((a: { objectId: string }) => a.objectId === String(obj.H1));
    expect(h1.inspectors.map((i: { code: string }) => i.code).sort()).toEqual(['MS-1', 'MS-3']);
    expect([mine.seed, mine.assignments]).toEqual([county.seed, county.assignments]);
    expect(ok(await marketManager.get(`/api/v1/enforce/draws/${mine.id}/verify`)).ok).toBe(true);
    // a draw from another department only is refused and nothing is stored
    const before = await count('enforce_draw');
    const foreign = await post(marketManager, '/api/v1/enforce/draws', body(['消防']));
    expect(foreign.statusCode, foreign.body).toBe(403);
    expect(codeOf(foreign)).toBe('DEPARTMENT_OUT_OF_SCOPE');
    expect(await count('enforce_draw')).toBe(before);
    // who reads them: 市场监管 and the 华舍 town, not 消防 nor 柯岩
    expect(await ids(market, '/api/v1/enforce/draws')).toEqual([county.id, mine.id]);
    expect(await ids(huashe, '/api/v1/enforce/draws')).toEqual([county.id, mine.id]);
    expect(await ids(fire, '/api/v1/enforce/draws')).toEqual([]);
    expect(await ids(keyan, '/api/v1/enforce/draws')).toEqual([]);
    expect((await fire.get(`/api/v1/enforce/draws/${county.id}`)).statusCode).toBe(404);
    // the department officer (no enforce:manage) cannot draw
    expect((await post(market, '/api/v1/enforce/draws', body(['市场监管']))).statusCode).toBe(403);
  });

  it('the repeated-inspection monitor and the burden of a department are read from its own visits', async () => {
    const alerted = async (who: Client) =>
      (ok(await who.get('/api/v1/enforce/alerts?days=30&since=2026-01-01')).items as { objectId: string }[]).map((a) => a.objectId);
    // 市场监管 on 11-02 and 消防 on 11-10 at H1: an alert for the county and the town, which see both
    expect(await alerted(admin)).toContain(String(obj.H1));
    expect(await alerted(huashe)).toContain(String(obj.H1));
    expect(await alerted(market)).not.toContain(String(obj.H1));
    expect(await alerted(fire)).not.toContain(String(obj.H1));
    const burden = async (who: Client) =>
      (
        ok(await who.get('/api/v1/enforce/burden?since=2026-01-01&pageSize=100')).items as { subjectId: number; inspections: number }[]
      ).find((b) => b.subjectId === obj.H1)?.inspections;
    expect(await burden(admin)).toBe(2);
    expect(await burden(market)).toBe(1);
  });
});
