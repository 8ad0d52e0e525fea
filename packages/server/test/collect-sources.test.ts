/**
 * 填报任务 remember what a unit confirmed, per source (the unit and the task's indicator set), not per
 * task: next period's task (another title) imports the same-shaped file without questions. Through
 * the real app with an office, the 华舍 officer and a 柯岩 officer (town block).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { expectAudited } from './audit-helpers.js';
import { xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';

let t: TestDb;
let app: FastifyInstance;
let office: Client;
let huashe: Client;
let keyan: Client;

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

async function issue(title: string, period: string): Promise<number> {
  const res = await office.request('POST', '/api/v1/report-tasks', {
    payload: { title, indicatorSet: 'town-annual', period, deadline: inAWeek(), units: [HUASHE, KEYAN] },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

const submit = (who: Client, task: number, unit: string, bytes: Uint8Array, query: Record<string, string> = {}) =>
  who.request(
    'POST',
    `/api/v1/report-tasks/${task}/units/${unit}/submission?${new URLSearchParams({ dryRun: 'false', ...query })}`,
    multipartFile('town.xlsx', bytes),
  );

/** The town's own sheet: a title, the town by an old nickname, a notes column the importer cannot place. */
const workbook = (period: string, rows: Row[]) =>
  xlsx({
    表1: [[`${period}年华舍街道年度共富指标报表`], ['单位名称', '期间', '居民人均可支配收入（元）', '填表人备注'], ...rows],
  });

const codes = (res: { json(): { error: { details: { issues: { code: string }[] } } } }) =>
  res.json().error.details.issues.map((i) => i.code);

describe('a task series remembers the unit’s confirmations', () => {
  let first: number;
  let second: number;

  it('the first period needs the town’s name and the notes column confirmed', async () => {
    first = await issue('2025年镇街年度共富指标', '2025');
    const file = await workbook('2025', [['华舍老街', '2025', 61000, '张三']]);
    const bare = await submit(huashe, first, HUASHE, file);
    expect(bare.statusCode).toBe(422);
    expect(codes(bare)).toEqual(expect.arrayContaining(['UNKNOWN_INDICATOR', 'UNKNOWN_REGION_NAME']));
    const res = await submit(huashe, first, HUASHE, file, {
      mapping: JSON.stringify({ regions: { 华舍老街: HUASHE } }),
      columns: JSON.stringify({ D: 'ignore' }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().observationCount).toBe(1);
    const audit = await expectAudited(t.store.db, {
      action: 'import.mapping',
      actor: 'huashe-officer',
      target: `import-source:填报任务:town-annual:${HUASHE}`,
    });
    expect(audit.after).toMatchObject({ regions: { 华舍老街: HUASHE }, columns: { 填表人备注: 'ignore' } });
  });

  it('next period’s task (another title) takes the same file shape without questions', async () => {
    second = await issue('2026年镇街年度共富指标（第二期）', '2026');
    const res = await submit(huashe, second, HUASHE, await workbook('2026', [['华舍老街', '2026', 66000, '李四']]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ observationCount: 1 });
    expect(res.json().sample[0]).toMatchObject({ subjectCode: HUASHE, value: 66000 });
  });

  it('another unit of the same task does not inherit 华舍’s confirmations', async () => {
    const res = await submit(keyan, second, KEYAN, await workbook('2026', [['华舍老街', '2026', 1, 'x']]));
    expect(res.statusCode).toBe(422);
    expect(codes(res)).toEqual(expect.arrayContaining(['UNKNOWN_INDICATOR']));
  });

  it('the header row can be chosen when the file has more notes above it than are searched', async () => {
    const notes: Row[] = Array.from({ length: 16 }, (_, i) => [`填表说明第${i + 1}条：请按统计口径填报`]);
    const file = await xlsx({
      表1: [...notes, ['单位名称', '期间', '居民人均可支配收入（元）', '填表人备注'], ['柯岩街道', '2026', 70100, '王五']],
    });
    const found = await submit(keyan, second, KEYAN, file, { dryRun: 'true', columns: JSON.stringify({ D: 'ignore' }) });
    expect(found.statusCode).toBe(422);
    expect(codes(found)).toContain('HEADER_MISSING_COLUMN');
    const empty = await submit(keyan, second, KEYAN, file, { dryRun: 'true', headerRows: JSON.stringify({ 表1: 40 }) });
    expect(codes(empty)).toEqual(['HEADER_ROW_EMPTY']);
    const bad = await submit(keyan, second, KEYAN, file, { headerRows: '{"表1":"第17行"}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_HEADER_ROWS');
    const res = await submit(keyan, second, KEYAN, file, {
      headerRows: JSON.stringify({ 表1: 17 }),
      columns: JSON.stringify({ D: 'ignore' }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().detected[0]).toMatchObject({ headerRows: [17] });
    expect(res.json().sample[0]).toMatchObject({ subjectCode: KEYAN, value: 70100 });
  });
});

describe('on-screen entry (在线填报)', () => {
  let task: number;
  const entry = (who: Client, unit: string, body: Record<string, unknown>) =>
    who.request('POST', `/api/v1/report-tasks/${task}/units/${unit}/entry`, { payload: body });

  it('values filled in on screen are checked like a file, each problem with its field path, and nothing is written', async () => {
    task = await issue('2024年镇街年度共富指标（补报）', '2024');
    const res = await entry(huashe, HUASHE, {
      values: [
        { indicator: 'INCOME_PC', value: 60000 },
        { indicator: 'NO_SUCH_INDICATOR', value: 1 },
        { indicator: 'SERVICE_CIRCLE_COVERAGE', value: null },
        { indicator: 'INCOME_PC', subject: KEYAN, value: 1 },
      ],
    });
    expect(res.statusCode, res.body).toBe(422);
    const issues = res.json().error.details.issues as { path: string; code: string; row: null; zh: string }[];
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['values[1].indicator', 'UNKNOWN_INDICATOR'],
      ['values[3].subject', 'OUT_OF_SCOPE'],
    ]);
    expect(issues.every((i) => i.row === null)).toBe(true);
    const board = (await office.get(`/api/v1/report-tasks/${task}`)).json();
    expect(board.assignments.find((a: { regionCode: string }) => a.regionCode === HUASHE).status).toBe('pending');
    const empty = await entry(huashe, HUASHE, { values: [{ indicator: 'INCOME_PC', value: null }] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('ENTRY_EMPTY');
    const bad = await entry(huashe, HUASHE, { values: [{ indicator: 'INCOME_PC', value: '六万' }] });
    expect(bad.statusCode).toBe(400);
  });

  it('another town cannot enter for 华舍', async () => {
    expect((await entry(keyan, HUASHE, { values: [{ indicator: 'INCOME_PC', value: 1 }] })).statusCode).toBe(404);
  });

  it('a dry run previews; the entry lands as 初步, the assignment is submitted and the step is audited', async () => {
    const values = [
      { indicator: 'INCOME_PC', value: 60500 },
      { indicator: 'SERVICE_CIRCLE_COVERAGE', value: 88.5 },
    ];
    const preview = await entry(huashe, HUASHE, { values, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, observationCount: 2, batchId: null });
    const res = await entry(huashe, HUASHE, { values, note: '在线填报' });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await expectAudited(t.store.db, {
      action: 'collect.submit',
      actor: 'huashe-officer',
      target: `batch:${res.json().batchId}`,
    });
    expect(audit.after).toMatchObject({ task, unit: HUASHE, via: 'form' });
    const obs = await office.get(`/api/v1/observations?indicator=INCOME_PC&region=${HUASHE}&from=2024&to=2024`);
    expect(obs.json().items.find((o: { subjectCode: string }) => o.subjectCode === HUASHE)).toMatchObject({
      value: 60500,
      status: 'preliminary',
    });
    const board = (await office.get(`/api/v1/report-tasks/${task}`)).json();
    expect(board.assignments.find((a: { regionCode: string }) => a.regionCode === HUASHE).status).toBe('submitted');
    expect((await entry(huashe, HUASHE, { values })).statusCode).toBe(409);
  });
});

describe('attachment template (附件模板)', () => {
  let task: number;
  const pdf = new TextEncoder().encode('%PDF-1.4\n% 填报说明 synthetic\n%%EOF\n');
  const attach = (who: Client, name: string, bytes: Uint8Array) =>
    who.request('POST', `/api/v1/report-tasks/${task}/attachment`, multipartFile(name, bytes));

  it('the office attaches a PDF, checked by its content; a town may not attach', async () => {
    task = await issue('2023年镇街年度共富指标（附说明）', '2023');
    const fake = await attach(office, '说明.pdf', new TextEncoder().encode('<html>not a pdf</html>'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('FILE_TYPE');
    expect((await attach(huashe, '说明.pdf', pdf)).statusCode).toBe(403);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdf);
    expect((await attach(office, '大.pdf', big)).statusCode).toBe(413);
    const res = await attach(office, '填报说明.pdf', pdf);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ fileName: '填报说明.pdf', bytes: pdf.length });
    const audit = await expectAudited(t.store.db, { action: 'collect.attachment', actor: 'office', target: `report_task:${task}` });
    expect(audit.after).toMatchObject({ fileName: '填报说明.pdf', sha256: res.json().sha256 });
  });

  it('each unit sees and downloads it; a town outside the task cannot', async () => {
    const list = (await huashe.get('/api/v1/report-tasks')).json();
    expect(list.items.find((i: { id: number }) => i.id === task).attachment).toEqual({ fileName: '填报说明.pdf', bytes: pdf.length });
    const file = await huashe.get(`/api/v1/report-tasks/${task}/attachment`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(new Uint8Array(file.rawPayload)).toEqual(pdf);
    await makeUser(t.store.db, 'hutang-officer', ['town_officer'], '330603004000');
    const hutang = await signIn(app, 'hutang-officer');
    expect((await hutang.get(`/api/v1/report-tasks/${task}/attachment`)).statusCode).toBe(404);
  });
});
