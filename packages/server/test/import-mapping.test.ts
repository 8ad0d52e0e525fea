/**
 * The column-mapping step (issue 11): the dry run reports how each sheet's header was read (header
 * rows, each column's role, indicators with their names and units), also with the problems; the
 * clerk's column roles (`columns`) and names (`mapping`) are applied before validation, through
 * POST /imports and a reporting task's submission; a confirmed mapping is saved for the source, so
 * the next file needs none; a failed import writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { rows } from '../src/db/store.js';
import { expectAudited } from './audit-helpers.js';
import { xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { storedCounts } from './import-helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const KEQIAO = '330603001000'; // 柯桥街道
const KEYAN = '330603002000'; // 柯岩街道
const HUASHE = '330603003000'; // 华舍街道

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let huashe: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'county-analyst', ['analyst'], KQ);
  await makeUser(t.store.db, 'huashe-officer', ['town_officer'], HUASHE);
  analyst = await signIn(app, 'county-analyst');
  huashe = await signIn(app, 'huashe-officer');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

/** A title row, a unit line, a two-row merged header (收入与服务 over C:D), towns by name. */
const workbook = (towns: Row[]) =>
  xlsx({
    表1: [
      ['2024年各镇街主要指标完成情况'],
      ['填报单位：柯桥区统计局', null, '单位：元'],
      ['镇街', '期间', '收入与服务', null, null],
      [null, null, '居民人均可支配收入', '服务圈覆盖', '填报说明'],
      ...towns,
      ['注：覆盖率为百分数'],
    ],
  });

const importUrl = (query: Record<string, string>) => `/api/v1/imports?${new URLSearchParams({ dryRun: 'true', ...query })}`;
const post = (who: Client, query: Record<string, string>, bytes: Uint8Array, name = 'towns-2024.xlsx') =>
  who.request('POST', importUrl(query), multipartFile(name, bytes));

const COLUMNS = JSON.stringify({ '表1!D': 'SERVICE_CIRCLE_COVERAGE', '表1!E': 'ignore' });
const MAPPING = JSON.stringify({ regions: { 柯严街道: KEYAN, 华舍: HUASHE } });
const towns: Row[] = [
  ['柯桥街道', '2024', 71000, 88.5, null],
  ['柯严街道', '2024', 68000, 90, '柯岩'],
  ['华舍', '2024', 65000, 79, null],
];

const stored = (indicator: string) =>
  rows<{ code: string; value: number }>(
    t.store.db,
    sql`select s.code, o.value from observation o join subject s on s.id = o.subject_id
        where o.is_current and o.indicator_code = ${indicator} and o.period = '2024' and s.code in (${KEQIAO}, ${KEYAN}, ${HUASHE}) order by s.code`,
  );

describe('the column-mapping step', () => {
  it('a failed dry run reports the detected header with the problems, the names and units of indicators, and the suggestions', async () => {
    const before = await storedCounts(t.store.db);
    const res = await post(analyst, { source: '区统计局月报' }, await workbook(towns));
    expect(res.statusCode, res.body).toBe(422);
    const details = res.json().error.details;
    expect(details.detected).toEqual([
      {
        sheet: '表1',
        headerRows: [3, 4],
        layout: 'wide',
        columns: [
          { column: 'A', header: '镇街', role: 'subjectName', indicator: null, overridden: false },
          { column: 'B', header: '期间', role: 'period', indicator: null, overridden: false },
          {
            column: 'C',
            header: '居民人均可支配收入',
            role: 'indicator',
            indicator: { code: 'INCOME_PC', nameZh: '居民人均可支配收入', nameEn: expect.any(String), unit: '元' },
            overridden: false,
          },
          { column: 'D', header: '服务圈覆盖', role: 'unknown', indicator: null, overridden: false },
          { column: 'E', header: '填报说明', role: 'unknown', indicator: null, overridden: false },
        ],
      },
    ]);
    const issues = details.issues as {
      row: number | null;
      column: string | null;
      code: string;
      suggestions?: { code: string; name: string }[];
    }[];
    expect(issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [4, 'D', 'UNKNOWN_INDICATOR'],
      [4, 'E', 'UNKNOWN_INDICATOR'],
      [6, 'A', 'UNKNOWN_REGION_NAME'],
      [7, 'A', 'AMBIGUOUS_REGION_NAME'],
    ]);
    expect(issues[3].suggestions?.map((s) => s.code)).toContain(HUASHE);
    expect(issues.map((i) => (i as { name?: string }).name)).toEqual(['服务圈覆盖', '填报说明', '柯严街道', '华舍']);
    expect(await storedCounts(t.store.db)).toEqual(before);
  });

  it('column roles and names set by the clerk are applied before validation; the preview names subjects', async () => {
    const before = await storedCounts(t.store.db);
    const res = await post(analyst, { source: '区统计局月报', columns: COLUMNS, mapping: MAPPING }, await workbook(towns));
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({ dryRun: true, observationCount: 6, batchId: null });
    expect(preview.detected[0].columns.slice(3)).toEqual([
      {
        column: 'D',
        header: '服务圈覆盖',
        role: 'indicator',
        indicator: { code: 'SERVICE_CIRCLE_COVERAGE', nameZh: '15分钟公共服务圈覆盖率', nameEn: expect.any(String), unit: '%' },
        overridden: true,
      },
      { column: 'E', header: '填报说明', role: 'ignored', indicator: null, overridden: true },
    ]);
    expect(preview.sample.map((s: { subjectName: string }) => s.subjectName)).toEqual(
      expect.arrayContaining(['柯桥街道', '柯岩街道', '华舍街道']),
    );
    expect(await storedCounts(t.store.db)).toEqual(before);
  });

  it('a bad column setting is refused and writes nothing', async () => {
    const before = await storedCounts(t.store.db);
    const bad = await post(analyst, { columns: '{"D":', dryRun: 'false' }, await workbook(towns));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_COLUMNS');
    const unknown = await post(
      analyst,
      { dryRun: 'false', mapping: MAPPING, columns: JSON.stringify({ '表1!D': 'NO_SUCH_CODE', 'Sheet9!E': 'ignore', '表1!E': 'ignore' }) },
      await workbook(towns),
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.details.issues.map((i: { code: string }) => i.code)).toEqual([
      'COLUMN_UNKNOWN_CODE',
      'COLUMN_UNKNOWN_SHEET',
      'UNKNOWN_INDICATOR',
    ]);
    expect(await storedCounts(t.store.db)).toEqual(before);
  });

  it('the import commits with the mapping, saves it for the source, and the next file of that source needs none', async () => {
    const res = await post(analyst, { source: '区统计局月报', columns: COLUMNS, mapping: MAPPING, dryRun: 'false' }, await workbook(towns));
    expect(res.statusCode, res.body).toBe(200);
    expect(await stored('INCOME_PC')).toEqual([
      { code: KEQIAO, value: 71000 },
      { code: KEYAN, value: 68000 },
      { code: HUASHE, value: 65000 },
    ]);
    expect(await stored('SERVICE_CIRCLE_COVERAGE')).toEqual([
      { code: KEQIAO, value: 88.5 },
      { code: KEYAN, value: 90 },
      { code: HUASHE, value: 79 },
    ]);
    await expectAudited(t.store.db, { action: 'import.mapping', actor: 'county-analyst', target: 'import-source:区统计局月报' });
    const saved = await rows<{ kind: string; name: string; code: string }>(
      t.store.db,
      sql`select kind, name, code from import_name_mapping where source = '区统计局月报' order by kind, name`,
    );
    expect(saved).toEqual([
      { kind: 'column', name: '填报说明', code: 'ignore' },
      { kind: 'indicator', name: '服务圈覆盖', code: 'SERVICE_CIRCLE_COVERAGE' },
      { kind: 'region', name: '华舍', code: HUASHE },
      { kind: 'region', name: '柯严街道', code: KEYAN },
    ]);
    // next month: the same header and names, no mapping and no column roles: the notes column is remembered too
    const next = await post(analyst, { source: '区统计局月报' }, await workbook(towns));
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json()).toMatchObject({ observationCount: 6, unchanged: 6 });
    expect(next.json().detected[0].columns[3]).toMatchObject({ role: 'indicator', overridden: false });
    expect(next.json().detected[0].columns[4]).toMatchObject({ header: '填报说明', role: 'ignored', overridden: true });
    // another source remembers nothing of it
    const other = await post(analyst, { source: '别的来源' }, await workbook(towns));
    expect(other.statusCode).toBe(422);
  });

  it('a reporting task’s submission takes the mapping and the column roles too', async () => {
    const task = await analyst.request('POST', '/api/v1/report-tasks', {
      payload: {
        title: '2026年华舍年度指标',
        indicatorSet: 'town-annual',
        period: '2026',
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        units: [HUASHE],
      },
    });
    expect(task.statusCode, task.body).toBe(200);
    const url = (query: Record<string, string>) =>
      `/api/v1/report-tasks/${task.json().id}/units/${HUASHE}/submission?${new URLSearchParams(query)}`;
    const file = await xlsx({
      表1: [['2026年华舍街道年度共富指标报表'], ['镇街', '居民人均可支配收入（元）', '服务圈覆盖'], ['华社街道', 150000, 91.5]],
    });
    const before = await storedCounts(t.store.db);
    const plain = await huashe.request('POST', url({ dryRun: 'true' }), multipartFile('h.xlsx', file));
    expect(plain.statusCode).toBe(422);
    expect(plain.json().error.details.issues.map((i: { code: string }) => i.code)).toEqual(['UNKNOWN_INDICATOR', 'UNKNOWN_REGION_NAME']);
    expect(plain.json().error.details.detected[0].headerRows).toEqual([2]);
    const query = {
      mapping: JSON.stringify({ regions: { 华社街道: HUASHE } }),
      columns: JSON.stringify({ '表1!C': 'SERVICE_CIRCLE_COVERAGE' }),
    };
    const checked = await huashe.request('POST', url({ dryRun: 'true', ...query }), multipartFile('h.xlsx', file));
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ observationCount: 2 });
    expect(await storedCounts(t.store.db)).toEqual(before);
    const sent = await huashe.request('POST', url({ dryRun: 'false', ...query }), multipartFile('h.xlsx', file));
    expect(sent.statusCode, sent.body).toBe(200);
    await expectAudited(t.store.db, { action: 'collect.submit', actor: 'huashe-officer' });
  });
});
