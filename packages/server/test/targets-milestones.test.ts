/**
 * The 八大行动 task tree through the real app: the demo (eight real actions, synthetic tasks and
 * milestones, 20 标志性成果), self-report → review → accept and return with a reason, each an audit
 * row; evidence files (type and size checked, stored in the database, download audited); overdue
 * flags; a town officer who sees and reports only their own milestones and cannot review; the
 * overdue scoreboard written as an indicator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/app.js';
import { rows } from '../src/db/store.js';
import { loadTargetsDemo } from '../src/targets/demo.js';
import { insertMilestoneUnscoped } from '../src/targets/milestone-repository.js';
import { auditHead, expectAudited } from './audit-helpers.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const TODAY = new Date('2026-11-26T00:00:00Z');

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let leader: Client;
let huashe: Client;

beforeAll(async () => {
  t = await testDb({ demo: TODAY });
  await loadTargetsDemo(t.store.db, { today: TODAY });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'fgj', ['analyst'], KQ);
  await makeUser(t.store.db, 'quzhang', ['leader'], KQ);
  await makeUser(t.store.db, 'huashe-officer', ['town_officer'], HUASHE);
  analyst = await signIn(app, 'fgj');
  leader = await signIn(app, 'quzhang');
  huashe = await signIn(app, 'huashe-officer');
  // one milestone of 华舍 due in the past, one of the district due next year (both synthetic)
  const [task] = await rows<{ id: number }>(t.store.db, sql`select id from target_action where code = 'KQ8-1-1'`);
  await insertMilestoneUnscoped(
    t.store.db,
    {
      code: 'T-HUASHE',
      taskId: task.id,
      name: '华舍测试里程碑（合成）',
      ownerUnit: '华舍街道',
      regionCode: HUASHE,
      dueDate: '2026-03-31',
      signature: true,
      synthetic: true,
    },
    'test',
  );
  await insertMilestoneUnscoped(
    t.store.db,
    {
      code: 'T-KQ',
      taskId: task.id,
      name: '区级测试里程碑（合成）',
      ownerUnit: '农业农村局',
      regionCode: KQ,
      dueDate: '2099-12-31',
      signature: false,
      synthetic: true,
    },
    'test',
  );
}, 180_000);
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const ok = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
};
const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
type Tree = {
  actions: {
    name: string;
    synthetic: boolean;
    tasks: { items: { id: number; code: string; regionName: string; overdue: boolean; signature: boolean }[] }[];
  }[];
};
const items = (tree: Tree) => tree.actions.flatMap((a) => a.tasks.flatMap((x) => x.items));
const byCode = async (c: Client, code: string) => items(ok(await c.get('/api/v1/targets/milestones'))).find((m) => m.code === code);

describe('八大行动 tree', () => {
  it('has the eight real actions, synthetic tasks and milestones, 20 标志性成果', async () => {
    const tree = ok(await analyst.get('/api/v1/targets/milestones'));
    expect(tree.actions.map((a: { name: string }) => a.name)).toEqual([
      '共富强基行动',
      '扩中提低行动',
      '城乡共富行动',
      '优质优享行动',
      '文明示范行动',
      '美丽生态行动',
      '品质城市行动',
      '平安共富行动',
    ]);
    expect(
      tree.actions.every((a: { synthetic: boolean; sourceDocument: string }) => !a.synthetic && /八大行动/.test(a.sourceDocument)),
    ).toBe(true);
    const demo = items(tree).filter((m) => m.code.startsWith('KQ8-'));
    expect(demo).toHaveLength(48);
    expect(demo.filter((m) => m.signature)).toHaveLength(20);
    expect(tree.actions[0].tasks[0].synthetic).toBe(true);
    expect(tree.overdue).toBeGreaterThan(0);
  });

  it('a town officer sees only their own milestones', async () => {
    const mine = items(ok(await huashe.get('/api/v1/targets/milestones')));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((m) => m.regionName === '华舍街道')).toBe(true);
    expect(mine.find((m) => m.code === 'T-KQ')).toBeUndefined();
  });
});

describe('report → review → accept', () => {
  it('the owner reports with evidence; review and accept are audited; overdue clears on acceptance', async () => {
    const m = (await byCode(huashe, 'T-HUASHE'))!;
    expect(m.overdue).toBe(true);
    // evidence: a bad type is refused, a PDF is stored and listed
    const bad = await huashe.request('POST', `/api/v1/targets/milestones/${m.id}/files`, multipartFile('x.exe', new Uint8Array([1, 2])));
    expect(bad.statusCode).toBe(415);
    const since = await auditHead(t.store.db);
    const pdf = Buffer.from('%PDF-1.4 evidence');
    const file = ok(await huashe.request('POST', `/api/v1/targets/milestones/${m.id}/files`, multipartFile('验收材料.pdf', pdf)));
    await expectAudited(t.store.db, {
      action: 'targets.milestone.attach',
      actor: 'huashe-officer',
      target: `target_milestone:${m.id}`,
      since,
    });
    // a leader may not report, nor may the officer review
    expect((await leader.request('POST', `/api/v1/targets/milestones/${m.id}/report`, json({ note: '已完成' }))).statusCode).toBe(403);
    const reported = ok(
      await huashe.request(
        'POST',
        `/api/v1/targets/milestones/${m.id}/report`,
        json({ note: '已完成建设', links: ['https://www.kq.gov.cn/a'] }),
      ),
    );
    expect(reported).toMatchObject({
      status: 'reported',
      reportedBy: expect.stringContaining('huashe'),
      links: ['https://www.kq.gov.cn/a'],
    });
    expect(reported.files).toEqual([{ id: file.id, fileName: '验收材料.pdf', bytes: pdf.length }]);
    await expectAudited(t.store.db, { action: 'targets.milestone.report', actor: 'huashe-officer', since });
    expect((await huashe.request('POST', `/api/v1/targets/milestones/${m.id}/report`, json({ note: '再报' }))).statusCode).toBe(409);
    expect((await huashe.request('POST', `/api/v1/targets/milestones/${m.id}/decision`, json({ decision: 'review' }))).statusCode).toBe(
      403,
    );
    // accept before review is refused; return needs a reason
    expect((await analyst.request('POST', `/api/v1/targets/milestones/${m.id}/decision`, json({ decision: 'accept' }))).statusCode).toBe(
      409,
    );
    const noReason = await analyst.request('POST', `/api/v1/targets/milestones/${m.id}/decision`, json({ decision: 'return' }));
    expect(noReason.statusCode).toBe(400);
    expect(JSON.parse(noReason.body).error.details.field).toBe('reason');
    const returned = ok(
      await analyst.request(
        'POST',
        `/api/v1/targets/milestones/${m.id}/decision`,
        json({ decision: 'return', reason: '佐证材料缺少验收报告' }),
      ),
    );
    expect(returned).toMatchObject({ status: 'returned', returnReason: '佐证材料缺少验收报告', overdue: true });
    const ret = await expectAudited(t.store.db, { action: 'targets.milestone.return', actor: 'fgj', since });
    expect(ret.after).toMatchObject({ status: 'returned', reason: '佐证材料缺少验收报告' });
    // reported again, reviewed, accepted
    ok(await huashe.request('POST', `/api/v1/targets/milestones/${m.id}/report`, json({ note: '补充验收报告' })));
    ok(await analyst.request('POST', `/api/v1/targets/milestones/${m.id}/decision`, json({ decision: 'review' })));
    await expectAudited(t.store.db, { action: 'targets.milestone.review', actor: 'fgj', since });
    const accepted = ok(await analyst.request('POST', `/api/v1/targets/milestones/${m.id}/decision`, json({ decision: 'accept' })));
    expect(accepted).toMatchObject({ status: 'accepted', overdue: false, acceptedBy: expect.stringContaining('fgj') });
    await expectAudited(t.store.db, { action: 'targets.milestone.accept', actor: 'fgj', since });
    // the evidence downloads (audited) for a reader in scope, not for another town
    const dl = await analyst.get(`/api/v1/targets/milestones/${m.id}/files/${file.id}`);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.from(dl.rawPayload).toString()).toBe(pdf.toString());
    await expectAudited(t.store.db, { action: 'targets.milestone.download', actor: 'fgj', since });
  });

  it('a town officer cannot touch another unit’s milestone', async () => {
    const other = (await byCode(analyst, 'T-KQ'))!;
    expect((await huashe.request('POST', `/api/v1/targets/milestones/${other.id}/report`, json({ note: '已完成' }))).statusCode).toBe(404);
    expect(
      (await huashe.request('POST', `/api/v1/targets/milestones/${other.id}/files`, multipartFile('a.pdf', new Uint8Array([1]))))
        .statusCode,
    ).toBe(404);
  });

  it('writes 逾期未验收里程碑数 per responsible region as observations', async () => {
    const r = ok(await analyst.request('POST', '/api/v1/targets/milestones/scoreboard', json({ date: '2026-11-26' })));
    expect(r.period).toBe('2026-11');
    const obs = await rows<{ code: string; value: number }>(
      t.store.db,
      sql`select s.code, o.value from observation o join subject s on s.id = o.subject_id
          where o.indicator_code = 'TG_MS_OVERDUE' and o.period = '2026-11' and o.is_current`,
    );
    const expected = await rows<{ code: string; n: number }>(
      t.store.db,
      sql`select region_code as code, count(*) filter (where due_date < '2026-11-26' and status <> 'accepted')::int as n from target_milestone group by 1`,
    );
    expect(new Map(obs.map((o) => [o.code, o.value]))).toEqual(new Map(expected.map((e) => [e.code, e.n])));
    await expectAudited(t.store.db, { action: 'targets.milestone.scoreboard', actor: 'fgj' });
  });
});

describe('monthly progress report', () => {
  const sheets = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as never);
    return new Map(wb.worksheets.map((w) => [w.name, w.getSheetValues().slice(1) as unknown[][]]));
  };
  it('exports targets with lights and forecasts, laggards and overdue milestones, audited; a town gets its own', async () => {
    const res = await analyst.get('/api/v1/targets/report.xlsx?year=2026&month=10');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/xlsx/);
    const all = await sheets(Buffer.from(res.rawPayload));
    expect([...all.keys()]).toEqual(['目标进展', '滞后项目', '逾期里程碑']);
    const targets = all.get('目标进展')!;
    expect(targets[0]).toContain('灯号');
    const gdp = targets.find((r) => r[1] === '地区生产总值增长7.5%以上')!;
    expect(['绿灯', '黄灯', '红灯']).toContain(gdp[7]);
    expect(typeof gdp[10]).toBe('number');
    expect(all.get('滞后项目')!.length).toBeGreaterThan(1);
    const audit = await expectAudited(t.store.db, { action: 'targets.report.export', actor: 'fgj', target: 'targets:2026-10' });
    expect(audit.after).toMatchObject({ year: 2026, month: 10 });
    const town = await sheets(Buffer.from((await huashe.get('/api/v1/targets/report.xlsx?year=2026&month=10')).rawPayload));
    expect(
      town
        .get('目标进展')!
        .slice(1)
        .every((r) => r[2] === '华舍街道'),
    ).toBe(true);
  });
});
