/**
 * 大综合一体化执法 through the real app: the item catalogue import (bad rows reported with sheet, row
 * and column, nothing written), search, a "一件事" scenario whose combined checklist has no duplicates
 * across departments, a 双随机 draw with recusal that re-verifies from its stored inputs, a draw refused
 * when too few inspectors remain, inspections and the repeated-inspection alert (not for a joint
 * visit), an enforcement case through its stages, and a town officer who sees only their town.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { creditCodeCheckChar, organisationCodeCheckChar } from '@gongfu/engine/mujun';
import { buildApp } from '../src/app.js';
import { loadEnforceDemo } from '../src/enforce/demo.js';
import { sweepDeadlines } from '../src/enforce/service.js';
import { expectAudited } from './audit-helpers.js';
import { xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const KEQIAO_TOWN = '330603001000';

function creditCode(serial: number): string {
  const org8 = `MB${String(serial).padStart(6, '0')}`;
  const org = org8 + organisationCodeCheckChar(org8)!;
  const first17 = `91330603${org}`;
  return first17 + creditCodeCheckChar(first17);
}

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let huashe: Client;
let leader: Client;
const ok = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const upload = async (who: Client, url: string, name: string, rows: Row[]) =>
  who.request('POST', url, multipartFile(name, await xlsx({ 事项: rows })));
const post = (who: Client, method: 'POST' | 'PUT', url: string, payload: unknown) =>
  who.request(method, url, { payload: payload as never });

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'zhifa', ['analyst'], KQ);
  await makeUser(t.store.db, 'zhifa-admin', ['admin'], KQ);
  await makeUser(t.store.db, 'huashe-zhifa', ['town_officer'], HUASHE);
  await makeUser(t.store.db, 'zhifa-leader', ['leader'], KQ);
  analyst = await signIn(app, 'zhifa');
  huashe = await signIn(app, 'huashe-zhifa');
  leader = await signIn(app, 'zhifa-leader');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const HEADER = ['事项编码', '事项名称', '实施部门', '事项类型', '法律依据', '适用对象', '风险等级', '是否划转'];
let ids: Record<string, number> = {};

describe('大综合一体化执法', () => {
  it('imports a roster of enterprises as inspection objects', async () => {
    const res = await analyst.request(
      'POST',
      '/api/v1/subjects/import?dryRun=false&kind=enterprise',
      multipartFile(
        'roster.xlsx',
        await xlsx({
          表1: [
            ['统一社会信用代码', '企业名称', '所属地区', 'riskClass'],
            [creditCode(1), '华舍印染甲公司', HUASHE, 'high'],
            [creditCode(2), '华舍纺织乙公司', HUASHE, 'medium'],
            [creditCode(3), '华舍餐饮丙店', HUASHE, 'low'],
            [creditCode(4), '柯岩机械丁公司', KEYAN, 'high'],
            [creditCode(5), '柯岩化工戊公司', KEYAN, 'medium'],
          ],
        }),
      ),
    );
    ok(res);
    const all = ok(await analyst.get('/api/v1/enforce/objects?pageSize=100'));
    expect(all.total).toBe(5);
    ids = Object.fromEntries(all.items.map((o: { code: string; id: number }) => [o.code, o.id]));
    expect(all.items.find((o: { code: string }) => o.code === creditCode(1)).riskClass).toBe('high');
  });

  it('reports every bad row of an item list with sheet, row and column, and writes nothing', async () => {
    const res = await upload(analyst, '/api/v1/enforce/items/import?dryRun=false', 'bad.xlsx', [
      HEADER,
      ['SJ-001', '食品经营许可情况检查', '市场监管', '检查', '食品安全法第三十五条', '餐饮店', '高', '否'],
      ['', '无编码事项', '市场监管', '检查', '', '', '', ''],
      ['SJ-002', '某事项', '市场监管', '审批', '', '', '', ''],
      ['SJ-001', '重复事项', '市场监管', '检查', '', '', '', ''],
      ['SJ-003', '某事项', '市场监管', '检查', '', '', '很高', '也许'],
    ]);
    expect(res.statusCode, res.body).toBe(422);
    const issues = res.json().error.details.issues as { sheet: string; row: number; column: string | null; code: string }[];
    expect(issues.map((i) => [i.sheet, i.row, i.column, i.code])).toEqual([
      ['事项', 3, 'A', 'ITEM_CODE_MISSING'],
      ['事项', 4, 'D', 'BAD_ITEM_TYPE'],
      ['事项', 5, 'A', 'DUPLICATE_ITEM'],
      ['事项', 6, 'G', 'BAD_RISK_LEVEL'],
      ['事项', 6, 'H', 'BAD_TRANSFERRED'],
    ]);
    expect(ok(await analyst.get('/api/v1/enforce/items')).total).toBe(0);
  });

  it('imports the item list transactionally with an audit row, and searches it by any field', async () => {
    const rows: Row[] = [
      HEADER,
      ['SJ-001', '食品经营许可情况检查', '市场监管', '检查', '《食品安全法》第三十五条', '餐饮店', '高', '否'],
      ['SJ-002', '特种设备使用登记检查', '市场监管', '检查', '《特种设备安全法》第三十三条', '企业', '高', '否'],
      ['HB-001', '排污许可证执行情况检查', '生态环境', '检查', '《排污许可管理条例》第二十六条', '企业', '高', '否'],
      ['HB-CF-001', '对超标排放水污染物的处罚', '生态环境', '处罚', '《水污染防治法》第八十三条', '企业', '中', '是'],
      ['XF-001', '安全出口、疏散通道检查', '消防', '检查', '《消防法》第十六条', '场馆', '高', '否'],
      ['YJ-001', '安全出口 疏散通道检查', '应急管理', '检查', '《安全生产法》第四十二条', '企业', '高', '否'],
      ['ZF-001', '户外广告设施设置检查', '综合执法', '检查', '《浙江省城市市容和环境卫生管理条例》第十三条', '沿街商户', '低', '是'],
    ];
    const dry = ok(await upload(analyst, '/api/v1/enforce/items/import?dryRun=true', 'items.xlsx', rows));
    expect(dry).toEqual({ dryRun: true, items: 7, inserted: 0, updated: 0, unchanged: 0 });
    expect(ok(await upload(analyst, '/api/v1/enforce/items/import?dryRun=false', 'items.xlsx', rows))).toEqual({
      dryRun: false,
      items: 7,
      inserted: 7,
      updated: 0,
      unchanged: 0,
    });
    await expectAudited(t.store.db, { action: 'enforce.items.import', actor: 'zhifa' });
    expect(ok(await upload(analyst, '/api/v1/enforce/items/import?dryRun=false', 'items.xlsx', rows.slice(0, 2)))).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });

    const byBasis = ok(await analyst.get(`/api/v1/enforce/items?q=${encodeURIComponent('消防法')}`));
    expect(byBasis.items.map((i: { code: string }) => i.code)).toEqual(['XF-001']);
    const page = ok(await analyst.get('/api/v1/enforce/items?pageSize=2&page=2'));
    expect([page.total, page.items.length]).toEqual([7, 2]);
    const penalties = ok(await leader.get('/api/v1/enforce/items?itemType=penalty'));
    expect(penalties.items).toEqual([expect.objectContaining({ code: 'HB-CF-001', transferred: true, riskLevel: 'medium' })]);
    // a leader may read but not import
    expect((await upload(leader, '/api/v1/enforce/items/import?dryRun=false', 'items.xlsx', rows)).statusCode).toBe(403);
  });

  it('a scenario bundles items of several departments into one checklist without duplicates', async () => {
    const s = ok(
      await post(analyst, 'PUT', '/api/v1/enforce/scenarios', {
        code: 'VENUE_T',
        name: '场馆安全一件事',
        objectKind: '场馆',
        leadDepartment: '消防',
        itemCodes: ['XF-001', 'YJ-001', 'SJ-002', 'XF-001'],
      }),
    );
    expect(s.departments).toEqual(['市场监管', '应急管理', '消防']);
    expect(s.checklist).toEqual([
      { code: 'XF-001', name: '安全出口、疏散通道检查', departments: ['消防', '应急管理'], codes: ['XF-001', 'YJ-001'] },
      { code: 'SJ-002', name: '特种设备使用登记检查', departments: ['市场监管'], codes: ['SJ-002'] },
    ]);
    await expectAudited(t.store.db, { action: 'enforce.scenario.save', actor: 'zhifa', target: 'enforce_scenario:VENUE_T' });
    const bad = await post(analyst, 'PUT', '/api/v1/enforce/scenarios', {
      code: 'X',
      name: 'x',
      leadDepartment: '消防',
      itemCodes: ['NOPE'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toMatchObject({ field: 'itemCodes', unknown: ['NOPE'] });
  });

  it('a 双随机 draw respects recusal, is stored, audited and re-verifies from its seed', async () => {
    ok(
      await post(analyst, 'PUT', '/api/v1/enforce/inspectors', {
        items: [
          { code: 'MS-1', name: '市监甲', department: '市场监管', townCode: HUASHE },
          { code: 'MS-2', name: '市监乙', department: '市场监管', townCode: KEYAN },
          { code: 'MS-3', name: '市监丙', department: '市场监管', townCode: KEQIAO_TOWN },
          { code: 'EE-1', name: '环保甲', department: '生态环境', townCode: HUASHE },
          { code: 'EE-2', name: '环保乙', department: '生态环境', townCode: KEYAN },
        ],
      }),
    );
    await expectAudited(t.store.db, { action: 'enforce.inspectors.save', actor: 'zhifa' });
    const body = {
      name: '年度双随机',
      regionCode: KQ,
      nonce: '2026-12-05 福彩3D 417',
      ratios: { high: 1, medium: 1, low: 0 },
      perObject: 2,
      departments: ['市场监管', '生态环境'],
    };
    const draw = ok(await post(analyst, 'POST', '/api/v1/enforce/draws', body));
    expect(draw.strata).toEqual([
      { stratum: 'high', population: 2, ratio: 1, drawn: 2 },
      { stratum: 'low', population: 1, ratio: 0, drawn: 0 },
      { stratum: 'medium', population: 2, ratio: 1, drawn: 2 },
    ]);
    expect(draw.assignments).toHaveLength(4);
    const residence: Record<string, string> = { 'MS-1': HUASHE, 'MS-2': KEYAN, 'MS-3': KEQIAO_TOWN, 'EE-1': HUASHE, 'EE-2': KEYAN };
    const townOf = (id: string) => ([1, 2, 3].some((n) => String(ids[creditCode(n)]) === id) ? HUASHE : KEYAN);
    for (const a of draw.assignments) {
      expect(a.inspectors.map((i: { department: string }) => i.department).sort()).toEqual(['市场监管', '生态环境']);
      for (const i of a.inspectors) expect(residence[i.code]).not.toBe(townOf(a.objectId));
    }
    await expectAudited(t.store.db, { action: 'enforce.draw', actor: 'zhifa', target: `enforce_draw:${draw.id}` });
    expect(ok(await analyst.get(`/api/v1/enforce/draws/${draw.id}/verify`))).toEqual({
      ok: true,
      seed: draw.seed,
      storedSeed: draw.seed,
      differences: [],
    });
    // the same inputs and nonce give the same draw
    const again = ok(await post(analyst, 'POST', '/api/v1/enforce/draws', body));
    expect([again.seed, again.assignments]).toEqual([draw.seed, draw.assignments]);
    // a town officer does not see a district draw
    expect((await huashe.get(`/api/v1/enforce/draws/${draw.id}`)).statusCode).toBe(404);
  });

  it('refuses a draw with a clear reason when recusal leaves too few inspectors', async () => {
    const res = await post(analyst, 'POST', '/api/v1/enforce/draws', {
      name: '只抽生态环境',
      regionCode: KQ,
      nonce: 'n',
      ratios: { high: 1 },
      perObject: 2,
      departments: ['生态环境'],
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'NOT_ENOUGH_INSPECTORS',
      details: { needed: 2, eligible: 1, recused: { same_town: 1 } },
    });
  });

  it('never draws an inspector listed as related to the object', async () => {
    const firm = ids[creditCode(4)]; // in 柯岩: MS-2 and EE-2 live there, MS-1 and MS-3 are listed as related
    expect(ok(await post(analyst, 'PUT', `/api/v1/enforce/objects/${firm}/conflicts`, { inspectorCodes: ['MS-3', 'MS-1'] }))).toEqual({
      inspectorCodes: ['MS-1', 'MS-3'],
    });
    await expectAudited(t.store.db, { action: 'enforce.conflicts.save', actor: 'zhifa', target: `enforce_conflict:${creditCode(4)}` });
    const body = { name: '高风险', regionCode: KQ, nonce: 'n2', ratios: { high: 1 }, perObject: 2, departments: ['市场监管', '生态环境'] };
    const refused = await post(analyst, 'POST', '/api/v1/enforce/draws', body);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.details).toMatchObject({
      objectId: String(firm),
      department: '市场监管',
      recused: { same_town: 2, relation: 2, last_time: 0 },
    });
    // a town officer may not touch another town's object
    expect((await post(huashe, 'PUT', `/api/v1/enforce/objects/${firm}/conflicts`, { inspectorCodes: [] })).statusCode).toBe(403);
    ok(await post(analyst, 'PUT', `/api/v1/enforce/objects/${firm}/conflicts`, { inspectorCodes: ['MS-3'] }));
    const drawn = ok(await post(analyst, 'POST', '/api/v1/enforce/draws', body));
    const mine = drawn.assignments.find((a: { objectId: string }) => a.objectId === String(firm));
    expect(mine.inspectors.map((i: { code: string }) => i.code).sort()).toEqual(['EE-1', 'MS-1']);
  });

  it('a town officer sees and inspects only their town; a second department within 30 days raises an alert, a joint visit does not', async () => {
    const objects = ok(await huashe.get('/api/v1/enforce/objects'));
    expect(objects.items.map((o: { name: string }) => o.name).sort()).toEqual(['华舍印染甲公司', '华舍纺织乙公司', '华舍餐饮丙店']);
    const first = ok(
      await post(huashe, 'POST', '/api/v1/enforce/inspections', {
        subjectId: ids[creditCode(1)],
        inspectedOn: '2026-11-02',
        departments: ['市场监管'],
        itemCodes: ['SJ-002'],
        findings: [{ item: 'SJ-002', result: 'fail', note: '电梯未定期检验' }],
      }),
    );
    await expectAudited(t.store.db, { action: 'enforce.inspection', actor: 'huashe-zhifa', target: `enforce_inspection:${first.id}` });
    expect(ok(await huashe.get('/api/v1/enforce/alerts?since=2026-01-01')).items).toEqual([]);
    ok(
      await post(huashe, 'POST', '/api/v1/enforce/inspections', {
        subjectId: ids[creditCode(1)],
        inspectedOn: '2026-11-20',
        departments: ['生态环境'],
        itemCodes: ['HB-001'],
      }),
    );
    ok(
      await post(huashe, 'POST', '/api/v1/enforce/inspections', {
        subjectId: ids[creditCode(2)],
        inspectedOn: '2026-11-05',
        departments: ['市场监管', '消防'],
        joint: true,
      }),
    );
    // outside the window: 40 days apart
    ok(
      await post(huashe, 'POST', '/api/v1/enforce/inspections', {
        subjectId: ids[creditCode(3)],
        inspectedOn: '2026-09-01',
        departments: ['消防'],
      }),
    );
    ok(
      await post(huashe, 'POST', '/api/v1/enforce/inspections', {
        subjectId: ids[creditCode(3)],
        inspectedOn: '2026-10-11',
        departments: ['综合执法'],
      }),
    );
    const alerts = ok(await huashe.get('/api/v1/enforce/alerts?since=2026-01-01')).items;
    expect(alerts).toEqual([
      {
        objectId: String(ids[creditCode(1)]),
        objectName: '华舍印染甲公司',
        from: '2026-11-02',
        to: '2026-11-20',
        departments: ['市场监管', '生态环境'],
        inspectionIds: [String(first.id), expect.any(String)],
      },
    ]);
    expect(ok(await huashe.get('/api/v1/enforce/alerts?since=2026-01-01&days=45')).items).toHaveLength(2);

    // another town's enterprise is out of reach
    const other = await post(huashe, 'POST', '/api/v1/enforce/inspections', {
      subjectId: ids[creditCode(4)],
      inspectedOn: '2026-11-20',
      departments: ['消防'],
    });
    expect(other.statusCode).toBe(404);
    ok(
      await post(analyst, 'POST', '/api/v1/enforce/inspections', {
        subjectId: ids[creditCode(4)],
        inspectedOn: '2026-11-21',
        departments: ['消防'],
      }),
    );
  });

  it('opens an enforcement case from a failed inspection and moves it through audited stages', async () => {
    const list = ok(await huashe.get('/api/v1/enforce/inspections'));
    const failed = list.items.find((x: { findings: { result: string }[] }) => x.findings.some((f) => f.result === 'fail'));
    const c = ok(
      await post(huashe, 'POST', '/api/v1/enforce/cases', {
        subjectId: failed.subjectId,
        itemCode: 'SJ-002',
        inspectionId: failed.id,
        summary: '电梯未定期检验',
      }),
    );
    expect([c.stage, c.next]).toEqual(['filed', ['investigating', 'closed']]);
    await expectAudited(t.store.db, { action: 'enforce.case.open', actor: 'huashe-zhifa', target: `enforce_case:${c.id}` });
    const skip = await post(huashe, 'POST', `/api/v1/enforce/cases/${c.id}/transitions`, { to: 'decided', version: c.version });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().error.code).toBe('BAD_TRANSITION');
    const moved = ok(
      await post(huashe, 'POST', `/api/v1/enforce/cases/${c.id}/transitions`, {
        to: 'investigating',
        version: c.version,
        note: '现场取证',
      }),
    );
    expect(moved.actions.map((a: { toStage: string }) => a.toStage)).toEqual(['filed', 'investigating']);
    await expectAudited(t.store.db, { action: 'enforce.case.transition', actor: 'huashe-zhifa', target: `enforce_case:${c.id}` });
    const stale = await post(huashe, 'POST', `/api/v1/enforce/cases/${c.id}/transitions`, { to: 'decided', version: c.version });
    expect(stale.statusCode).toBe(409);
  });

  it('scope: a town officer lists only their town’s inspections and cases; the district sees all', async () => {
    const mine = ok(await huashe.get('/api/v1/enforce/inspections?pageSize=100'));
    expect(mine.items.every((x: { regionCode: string }) => x.regionCode === HUASHE)).toBe(true);
    const all = ok(await leader.get('/api/v1/enforce/inspections?pageSize=100'));
    expect(all.total).toBe(mine.total + 1);
    expect(ok(await huashe.get('/api/v1/enforce/cases')).total).toBe(1);
    expect(ok(await huashe.get('/api/v1/enforce/draws')).total).toBe(0);
    expect(ok(await leader.get('/api/v1/enforce/draws')).total).toBe(3);
    // a leader reads but cannot record
    expect(
      (
        await post(leader, 'POST', '/api/v1/enforce/inspections', {
          subjectId: ids[creditCode(1)],
          inspectedOn: '2026-11-21',
          departments: ['消防'],
        })
      ).statusCode,
    ).toBe(403);
  });

  it('the demo loads synthetic items, scenarios, inspectors and a draw, once', async () => {
    const first = await loadEnforceDemo(t.store.db, { today: new Date('2026-11-26T00:00:00Z') });
    expect(first[0]).toMatch(/synthetic/);
    expect(await loadEnforceDemo(t.store.db)).toEqual(['大综合一体化执法 / integrated enforcement: already loaded']);
    const scenarios = ok(await analyst.get('/api/v1/enforce/scenarios')).items;
    expect(scenarios.filter((s: { synthetic: boolean }) => s.synthetic)).toHaveLength(4);
    // 亚运场馆一件事 in the seed's shape: 11 regulatory departments' 37 items + 7 enforcement departments' 37 items
    const venue = scenarios.find((s: { code: string }) => s.code === 'ASIAN_GAMES_VENUE');
    const all = ok(await analyst.get('/api/v1/enforce/items?q=synthetic&pageSize=500')).items as {
      code: string;
      department: string;
      itemType: string;
    }[];
    const of = (prefix: string) => all.filter((i) => i.code.startsWith(prefix) && venue.itemCodes.includes(i.code));
    expect([of('YY-JG-').length, new Set(of('YY-JG-').map((i) => i.department)).size]).toEqual([37, 11]);
    expect([of('YY-ZF-').length, new Set(of('YY-ZF-').map((i) => i.department)).size]).toEqual([37, 7]);
    expect(of('YY-JG-').every((i) => i.itemType === 'inspect')).toBe(true);
    expect(of('YY-ZF-').every((i) => i.itemType === 'penalty' || i.itemType === 'coercion')).toBe(true);
    expect(venue.departments).toHaveLength(18);
    expect(venue.checklist).toHaveLength(74);
    expect(venue.name).toContain('synthetic');
    const items = ok(await analyst.get('/api/v1/enforce/items?q=synthetic&pageSize=100'));
    expect(items.total).toBe(24 + 74);
  });
});

describe('case deadlines in 工作日 on the shared working-time calendar', () => {
  const KEYAN_FIRM = () => ids[creditCode(5)];
  type Deadline = {
    kind: string;
    inspectionId: number | null;
    caseId: number | null;
    dueAt: string;
    metAt: string | null;
    overdue: boolean;
    late: boolean;
  };
  const deadlinesOf = async (who: Client, state: string) =>
    ok(await who.get(`/api/v1/enforce/deadlines?state=${state}&pageSize=200`)).items as Deadline[];
  let beforeNationalDay: number;
  let november: number;

  it('a failed item starts a 立案 deadline of 15 working days from the next day, skipping 国庆 and counting the 调休 Saturday', async () => {
    const inspect = async (inspectedOn: string, result: 'pass' | 'fail') =>
      ok(
        await post(analyst, 'POST', '/api/v1/enforce/inspections', {
          subjectId: KEYAN_FIRM(),
          inspectedOn,
          departments: ['市场监管'],
          itemCodes: ['SJ-002'],
          findings: [{ item: 'SJ-002', result, note: '' }],
        }),
      ).id as number;
    beforeNationalDay = await inspect('2026-09-30', 'fail');
    november = await inspect('2026-11-02', 'fail');
    const passed = await inspect('2026-11-16', 'pass');
    const open = await deadlinesOf(analyst, 'open');
    const of = (id: number) => open.filter((d) => d.inspectionId === id);
    // 10-01…10-07 are holidays, 10-10 (Saturday) is a working day: day 15 is Tuesday 10-27, end of schedule 17:30
    expect(of(beforeNationalDay)).toMatchObject([{ kind: 'file', dueAt: '2026-10-27T09:30:00.000Z', metAt: null }]);
    // November has no holiday: Tuesday 11-03 is day 1, Monday 11-23 day 15
    expect(of(november)).toMatchObject([{ kind: 'file', dueAt: '2026-11-23T09:30:00.000Z', metAt: null }]);
    expect(of(passed)).toEqual([]);
    // a town officer of 华舍 does not see 柯岩's deadlines
    expect((await deadlinesOf(huashe, 'all')).filter((d) => d.inspectionId === november)).toEqual([]);
  });

  it('the sweep marks past-due deadlines overdue once, audited', async () => {
    const marked = await sweepDeadlines(t.store.db, Date.parse('2026-11-01T00:00:00Z'));
    expect(marked).toBeGreaterThanOrEqual(1);
    const row = await expectAudited(t.store.db, { action: 'enforce.deadline.overdue', actor: 'system:enforce-sweep' });
    const overdue = await deadlinesOf(analyst, 'overdue');
    expect(overdue.map((d) => d.inspectionId)).toContain(beforeNationalDay);
    expect(overdue.map((d) => d.inspectionId)).not.toContain(november);
    expect(await sweepDeadlines(t.store.db, Date.parse('2026-11-01T00:00:00Z'))).toBe(0);
    expect(await sweepDeadlines(t.store.db, Date.parse('2026-11-23T09:30:01Z'))).toBeGreaterThanOrEqual(1);
    expect((await deadlinesOf(analyst, 'overdue')).map((d) => d.inspectionId)).toContain(november);
    expect(row.after).toMatchObject({ file: expect.any(Array) });
  });

  it('立案 meets the file deadline (late) and starts a 结案 deadline of 90 working days; 结案 meets it', async () => {
    const c = ok(
      await post(analyst, 'POST', '/api/v1/enforce/cases', {
        subjectId: KEYAN_FIRM(),
        itemCode: 'SJ-002',
        inspectionId: november,
        summary: '逾期立案',
      }),
    );
    await expectAudited(t.store.db, { action: 'enforce.case.open', actor: 'zhifa', target: `enforce_case:${c.id}` });
    const file = c.deadlines.find((d: Deadline) => d.kind === 'file');
    expect(file).toMatchObject({ inspectionId: november, overdue: true, late: true });
    expect(file.metAt).not.toBeNull();
    const close = c.deadlines.find((d: Deadline) => d.kind === 'close');
    expect(close).toMatchObject({ caseId: c.id, metAt: null, overdue: false });
    // 90 working days are more than 18 calendar weeks away, and end at 17:30 in Shanghai
    expect(Date.parse(close.dueAt) - Date.parse(c.createdAt)).toBeGreaterThan(125 * 86_400_000);
    expect(close.dueAt).toMatch(/T09:30:00\.000Z$/);
    const closed = ok(
      await post(analyst, 'POST', `/api/v1/enforce/cases/${c.id}/transitions`, { to: 'closed', version: c.version, note: '不予处罚' }),
    );
    expect(closed.deadlines.find((d: Deadline) => d.kind === 'close')).toMatchObject({ late: false, overdue: false });
    expect(closed.deadlines.find((d: Deadline) => d.kind === 'close').metAt).not.toBeNull();
    expect((await deadlinesOf(analyst, 'open')).filter((d) => d.caseId === c.id)).toEqual([]);
    // a town officer cannot read the case nor its deadlines
    expect((await huashe.get(`/api/v1/enforce/cases/${c.id}`)).statusCode).toBe(404);
  });

  it('a joint plan (综合查一次) is created in the town, checked, audited, and its visits must answer the whole checklist', async () => {
    const plan = {
      name: '华舍印染行业综合查一次',
      regionCode: HUASHE,
      plannedOn: '2026-12-10',
      leadDepartment: '市场监管',
      departments: ['市场监管', '生态环境'],
      itemCodes: ['SJ-002', 'HB-001'],
      subjectIds: [ids[creditCode(1)], ids[creditCode(2)]],
    };
    // a leader reads but cannot plan; an object of 柯岩 is outside a 华舍 plan
    expect((await post(leader, 'POST', '/api/v1/enforce/plans', plan)).statusCode).toBe(403);
    const foreign = await post(huashe, 'POST', '/api/v1/enforce/plans', { ...plan, subjectIds: [ids[creditCode(4)]] });
    expect(foreign.statusCode, foreign.body).toBeGreaterThanOrEqual(400);
    expect(foreign.statusCode).toBeLessThan(500);
    const made = ok(await post(huashe, 'POST', '/api/v1/enforce/plans', plan));
    await expectAudited(t.store.db, { action: 'enforce.plan.create', actor: 'huashe-zhifa' });
    expect(made.checklist.map((i: { code: string }) => i.code).sort()).toEqual(['HB-001', 'SJ-002']);
    expect(made.objects.map((o: { inspectionId: number | null }) => o.inspectionId)).toEqual([null, null]);
    expect(ok(await analyst.get('/api/v1/enforce/plans')).items.map((p: { id: number }) => p.id)).toContain(made.id);

    const visit = (findings: { item: string; result: 'pass' | 'fail' }[]) =>
      post(huashe, 'POST', `/api/v1/enforce/plans/${made.id}/inspections`, {
        subjectId: ids[creditCode(1)],
        inspectedOn: '2026-12-10',
        findings,
      });
    const partial = await visit([{ item: 'SJ-002', result: 'pass' }]);
    expect(partial.statusCode, partial.body).toBeGreaterThanOrEqual(400);
    expect(partial.statusCode).toBeLessThan(500);
    const extra = await visit([
      { item: 'SJ-002', result: 'pass' },
      { item: 'HB-001', result: 'pass' },
      { item: 'XF-001', result: 'pass' },
    ]);
    expect(extra.statusCode, extra.body).toBeGreaterThanOrEqual(400);
    const done = ok(
      await visit([
        { item: 'SJ-002', result: 'pass' },
        { item: 'HB-001', result: 'pass' },
      ]),
    );
    const detail = ok(await huashe.get(`/api/v1/enforce/plans/${made.id}`));
    expect(detail.objects.find((o: { subjectId: number }) => o.subjectId === ids[creditCode(1)]).inspectionId).toBe(done.id);
  });
});
