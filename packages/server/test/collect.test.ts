/**
 * 填报任务 through the real app, with an office (district analyst) and two town officers: issue,
 * template, submission as 初步 limited to the task, review against last year, 退回 with a reason,
 * resubmission, acceptance as 正式 with provenance, 催报 notifications, late and overdue flags,
 * 按时报送率 — and a town sees none of another town's submission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { one } from '../src/db/store.js';
import { expectAudited } from './audit-helpers.js';
import { readXlsx, xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const PERIOD = '2026';

let t: TestDb;
let app: FastifyInstance;
let office: Client;
let huashe: Client;
let keyan: Client;
let taskId: number;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'office', ['analyst'], KQ);
  await makeUser(t.store.db, 'huashe-officer', ['town_officer'], HUASHE);
  await makeUser(t.store.db, 'keyan-officer', ['town_officer'], KEYAN);
  office = await signIn(app, 'office');
  huashe = await signIn(app, 'huashe-officer');
  keyan = await signIn(app, 'keyan-officer');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

const newTask = (who: Client, body: Record<string, unknown>) =>
  who.request('POST', '/api/v1/report-tasks', {
    payload: {
      title: '2026年镇街年度共富指标',
      indicatorSet: 'town-annual',
      period: PERIOD,
      deadline: inAWeek(),
      units: [HUASHE, KEYAN],
      ...body,
    },
  });

const unitUrl = (unit: string, tail: string) => `/api/v1/report-tasks/${taskId}/units/${unit}/${tail}`;

const submitFile = (who: Client, unit: string, name: string, bytes: Uint8Array, dryRun = false) =>
  who.request('POST', `${unitUrl(unit, 'submission')}?dryRun=${dryRun}`, multipartFile(name, bytes));

/** A workbook as a town sends it: a title row, a unit line, then the table with town names. */
const townWorkbook = (rows: Row[]) =>
  xlsx({
    表1: [
      ['2026年华舍街道年度共富指标报表'],
      ['填报单位：华舍街道', null, '单位：元、%'],
      ['地区代码', '地区名称', '期间', '居民人均可支配收入（元）', '15分钟公共服务圈覆盖率[SERVICE_CIRCLE_COVERAGE]'],
      ...rows,
    ],
  });

const board = async (who: Client) => {
  const res = await who.get(`/api/v1/report-tasks/${taskId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    task: { counts: Record<string, number>; manageable: boolean };
    assignments: { regionCode: string; status: string; late: boolean; overdue: boolean; returnReason: string | null }[];
  };
};

const statusOf = async (unit: string) => (await board(office)).assignments.find((a) => a.regionCode === unit)!;

async function currentValue(who: Client, indicator: string, unit: string) {
  const res = await who.get(`/api/v1/observations?indicator=${indicator}&region=${unit}&from=${PERIOD}&to=${PERIOD}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { subjectCode: string; value: number; status: string; batchId: number }[]).find(
    (o) => o.subjectCode === unit,
  );
}

const notifications = async (who: Client) =>
  (await who.get('/api/v1/notifications')).json() as { items: { kind: string; titleZh: string; bodyZh: string }[]; unread: number };

describe('reporting tasks', () => {
  it('an office issues a task to two towns; a town officer may not issue one; each town is told', async () => {
    expect((await newTask(huashe, {})).statusCode).toBe(403);
    const bad = await newTask(office, { period: '2026-06' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('PERIOD_NOT_FOR_SET');
    const past = await newTask(office, { deadline: '2020-01-01T00:00:00+08:00' });
    expect(past.json().error.code).toBe('DEADLINE_PAST');
    const res = await newTask(office, {});
    expect(res.statusCode, res.body).toBe(200);
    taskId = res.json().id;
    expect(res.json()).toMatchObject({ regionCode: KQ, manageable: true, counts: { total: 2, pending: 2 } });
    await expectAudited(t.store.db, { action: 'collect.task.create', actor: 'office', target: `report_task:${taskId}` });
    const told = await notifications(huashe);
    expect(told.unread).toBeGreaterThan(0);
    expect(told.items[0]).toMatchObject({ kind: 'collect.task', titleZh: '新的填报任务：2026年镇街年度共富指标' });
    expect(told.items[0].bodyZh).toMatch(/^请于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 前报送 2026 的数据$/);
  });

  it('a town sees the task with only its own unit, and its template is its own region with the period filled in', async () => {
    const list = (await huashe.get('/api/v1/report-tasks')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: taskId, manageable: false, counts: { total: 1, pending: 1 } });
    const own = await board(huashe);
    expect(own.assignments.map((a) => a.regionCode)).toEqual([HUASHE]);
    const template = await huashe.get(unitUrl(HUASHE, 'template'));
    expect(template.statusCode, template.body).toBe(200);
    const sheet = Object.values(await readXlsx(template.rawPayload))[0];
    expect(sheet[1].slice(0, 3)).toEqual([HUASHE, '华舍街道', PERIOD]);
    expect((await huashe.get(unitUrl(KEYAN, 'template'))).statusCode).toBe(403);
  });

  it('a submission may hold only the task’s indicators, period and unit, and a failed one writes nothing', async () => {
    const wrongPeriod = await submitFile(huashe, HUASHE, 'wrong.xlsx', await townWorkbook([[HUASHE, '华舍街道', '2025', 66000, 90]]));
    expect(wrongPeriod.statusCode).toBe(422);
    expect(wrongPeriod.json().error.details.issues.map((i: { code: string }) => i.code)).toEqual([
      'PERIOD_NOT_IN_TASK',
      'PERIOD_NOT_IN_TASK',
    ]);
    const otherTown = await submitFile(huashe, HUASHE, 'other.xlsx', await townWorkbook([[KEYAN, '柯岩街道', PERIOD, 66000, 90]]));
    expect(otherTown.statusCode).toBe(422);
    expect(await currentValue(office, 'INCOME_PC', HUASHE)).toBeUndefined();
    expect((await statusOf(HUASHE)).status).toBe('pending');
    // a town cannot submit for another town
    expect((await submitFile(huashe, KEYAN, 'k.xlsx', await townWorkbook([])))?.statusCode).toBe(404);
  });

  it('the town submits: a dry run previews, the submission lands as 初步 and the board shows it', async () => {
    const file = await townWorkbook([[HUASHE, '华舍街道', null, 150000, 91.5]]);
    const preview = await submitFile(huashe, HUASHE, 'huashe-2026.xlsx', file, true);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, observationCount: 2, batchId: null });
    expect((await statusOf(HUASHE)).status).toBe('pending');
    const res = await submitFile(huashe, HUASHE, 'huashe-2026.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(await currentValue(office, 'INCOME_PC', HUASHE)).toMatchObject({ value: 150000, status: 'preliminary' });
    expect(await statusOf(HUASHE)).toMatchObject({ status: 'submitted', late: false });
    await expectAudited(t.store.db, { action: 'collect.submit', actor: 'huashe-officer', target: `batch:${res.json().batchId}` });
    // submitted and waiting for review: a second submission is refused until withdrawn
    const again = await submitFile(huashe, HUASHE, 'again.xlsx', file);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message.zh).toMatch(/请先撤回/);
  });

  it('another town sees nothing of it, and a town cannot review, return or accept', async () => {
    expect((await board(keyan)).assignments.map((a) => a.regionCode)).toEqual([KEYAN]);
    expect((await keyan.get(unitUrl(HUASHE, 'review'))).statusCode).toBe(404);
    expect(await currentValue(keyan, 'INCOME_PC', HUASHE)).toBeUndefined();
    expect((await huashe.request('POST', unitUrl(HUASHE, 'accept'))).statusCode).toBe(403);
    expect((await huashe.request('POST', unitUrl(HUASHE, 'return'), { payload: { reason: '自己退回' } })).statusCode).toBe(403);
  });

  it('the office reviews against the same period last year, flags a large change and returns it with a reason', async () => {
    const review = await office.get(unitUrl(HUASHE, 'review'));
    expect(review.statusCode, review.body).toBe(200);
    const r = review.json();
    expect(r).toMatchObject({ previousPeriod: '2025', lastYearPeriod: '2025' });
    const income = r.rows.find((x: { indicatorCode: string }) => x.indicatorCode === 'INCOME_PC');
    expect(income).toMatchObject({ subjectCode: HUASHE, value: 150000, status: 'preliminary' });
    expect(income.lastYear).toBeGreaterThan(0);
    expect(income.yoy).toBeCloseTo(150000 / income.lastYear - 1, 10);
    expect(income.flags).toContain('yoy');
    const noReason = await office.request('POST', unitUrl(HUASHE, 'return'), { payload: { reason: '' } });
    expect(noReason.statusCode).toBe(400);
    const res = await office.request('POST', unitUrl(HUASHE, 'return'), { payload: { reason: '人均收入同比增幅过大，请核实' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'returned', withdrawn: 2 });
    expect(await statusOf(HUASHE)).toMatchObject({ status: 'returned', returnReason: '人均收入同比增幅过大，请核实' });
    expect(await currentValue(office, 'INCOME_PC', HUASHE)).toBeUndefined();
    await expectAudited(t.store.db, { action: 'collect.return', actor: 'office', target: `report_task:${taskId}` });
    expect((await notifications(huashe)).items[0]).toMatchObject({
      kind: 'collect.return',
      bodyZh: '退回原因：人均收入同比增幅过大，请核实',
    });
  });

  it('the town resubmits, the office accepts and the values are 正式 with provenance; 按时报送率 is 100', async () => {
    const res = await submitFile(huashe, HUASHE, 'huashe-2026-v2.xlsx', await townWorkbook([[HUASHE, '华舍街道', PERIOD, 71000, 91.5]]));
    expect(res.statusCode, res.body).toBe(200);
    const submitted = res.json().batchId;
    const accepted = await office.request('POST', unitUrl(HUASHE, 'accept'));
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', published: 2 });
    const value = await currentValue(huashe, 'INCOME_PC', HUASHE);
    expect(value).toMatchObject({ value: 71000, status: 'final' });
    const batch = (await office.get(`/api/v1/batches/${value!.batchId}`)).json();
    expect(batch.note).toContain(`报送批次 #${submitted}`);
    expect(await statusOf(HUASHE)).toMatchObject({ status: 'accepted' });
    expect(await currentValue(office, 'REPORT_ON_TIME_RATE', HUASHE)).toMatchObject({ value: 100, status: 'final' });
    await expectAudited(t.store.db, { action: 'collect.accept', actor: 'office' });
    expect((await office.request('POST', unitUrl(HUASHE, 'accept'))).statusCode).toBe(409);
  });

  it('催报 notifies only the towns that have not reported; past the deadline they are overdue, then late', async () => {
    const before = (await notifications(keyan)).items.length;
    const res = await office.request('POST', `/api/v1/report-tasks/${taskId}/remind`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ units: 1, accounts: 1 });
    expect((await notifications(keyan)).items).toHaveLength(before + 1);
    expect((await notifications(keyan)).items[0].kind).toBe('collect.remind');
    expect((await huashe.request('POST', `/api/v1/report-tasks/${taskId}/remind`)).statusCode).toBe(403);
    await expectAudited(t.store.db, { action: 'collect.remind', actor: 'office' });

    await t.store.db.execute(sql`update report_task set deadline = now() - interval '1 day' where id = ${taskId}`);
    expect(await statusOf(KEYAN)).toMatchObject({ status: 'pending', overdue: true });
    expect((await board(office)).task.counts.overdue).toBe(1);
    const file = await xlsx({
      表1: [
        ['地区代码', '期间', '居民人均可支配收入（元）'],
        [KEYAN, PERIOD, 70500],
      ],
    });
    expect((await submitFile(keyan, KEYAN, 'keyan.xlsx', file)).statusCode).toBe(200);
    expect(await statusOf(KEYAN)).toMatchObject({ status: 'submitted', late: true, overdue: false });
  });

  it('a town withdraws its submission before review; the values it wrote are taken back', async () => {
    expect((await keyan.request('POST', unitUrl(KEYAN, 'withdraw'), { payload: { reason: '数据填错' } })).statusCode).toBe(200);
    expect(await statusOf(KEYAN)).toMatchObject({ status: 'pending' });
    expect(await currentValue(office, 'INCOME_PC', KEYAN)).toBeUndefined();
    await expectAudited(t.store.db, { action: 'collect.withdraw', actor: 'keyan-officer' });
    const file = await xlsx({
      表1: [
        ['地区代码', '期间', '居民人均可支配收入（元）'],
        [KEYAN, PERIOD, 70600],
      ],
    });
    expect((await submitFile(keyan, KEYAN, 'keyan-2.xlsx', file)).statusCode).toBe(200);
    expect((await office.request('POST', unitUrl(KEYAN, 'accept'))).statusCode).toBe(200);
    // first submitted after the deadline: 0 of 1 on time
    expect(await currentValue(office, 'REPORT_ON_TIME_RATE', KEYAN)).toMatchObject({ value: 0 });
    const row = await one<{ n: number }>(t.store.db, sql`select count(*)::int as n from notification where kind = 'collect.accept'`);
    expect(row!.n).toBe(2);
  });
});
