import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { rows, type Db } from '../src/db/store.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { utf8, xlsx } from './fixtures.js';
import { makeUser, signIn, type Client } from './session.js';

const KEQIAO = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let admin: Client;
let analyst: Client;
let huashe: Client;
let officer: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(db, 'boss', ['admin'], null);
  await makeUser(db, 'huashe-analyst', ['analyst'], HUASHE);
  await makeUser(db, 'analyst', ['analyst'], KEQIAO);
  await makeUser(db, 'officer', ['town_officer'], HUASHE);
  [admin, analyst, huashe, officer] = await Promise.all(['boss', 'analyst', 'huashe-analyst', 'officer'].map((u) => signIn(app, u)));
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const put = (c: Client, kind: string, code: string, payload: object) => c.request('PUT', `/api/v1/subjects/${kind}/${code}`, { payload });
const auditActions = async (action: string) =>
  rows<{ actor: string; target: string }>(db, sql`select actor, target from audit_log where action = ${action} order by seq`);

function upload(c: Client, fileName: string, bytes: Uint8Array, query = '') {
  const { payload, headers } = multipartFile(fileName, bytes);
  return c.request('POST', `/api/v1/subjects/import${query}`, { payload, headers });
}

describe('subjects registry', () => {
  it('upserts a subject with attributes as data, audited, and lists it by kind', async () => {
    const res = await put(analyst, 'enterprise', '91330621MA2BXXXX1X', {
      name: '绍兴某纺织有限公司',
      regionCode: HUASHE,
      attributes: { 行业: '纺织', 亩数: 35.5 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ inserted: 1, updated: 0 });
    const again = await put(analyst, 'enterprise', '91330621MA2BXXXX1X', {
      name: '绍兴某纺织股份有限公司',
      regionCode: HUASHE,
      attributes: { 行业: '纺织' },
    });
    expect(again.json()).toEqual({ inserted: 0, updated: 1 });
    const list = await analyst.get('/api/v1/subjects?kind=enterprise');
    expect(list.json().items).toEqual([
      expect.objectContaining({
        kind: 'enterprise',
        code: '91330621MA2BXXXX1X',
        name: '绍兴某纺织股份有限公司',
        regionCode: HUASHE,
        attributes: { 行业: '纺织' },
        updatedBy: 'user:analyst',
      }),
    ]);
    expect(await auditActions('subjects.upsert')).toEqual([
      { actor: 'user:analyst', target: 'subject:enterprise:91330621MA2BXXXX1X' },
      { actor: 'user:analyst', target: 'subject:enterprise:91330621MA2BXXXX1X' },
    ]);
  });

  it('regions are subjects too, but are written by the region registry only', async () => {
    const towns = await analyst.get(`/api/v1/subjects?kind=region&region=${KEQIAO}&limit=100`);
    expect(towns.json().items.map((s: { code: string }) => s.code)).toContain(HUASHE);
    expect((await put(admin, 'region', HUASHE, { name: 'x', regionCode: HUASHE })).statusCode).toBe(400);
  });

  it('scope: a town analyst writes only in their town and sees only their town', async () => {
    const outside = await put(huashe, 'station', 'AQ-KEYAN', { name: '柯岩空气站', regionCode: KEYAN });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await put(analyst, 'station', 'AQ-KEYAN', { name: '柯岩空气站', regionCode: KEYAN })).statusCode).toBe(200);
    // the town analyst may not take over (move) a subject of another town either
    expect((await put(huashe, 'station', 'AQ-KEYAN', { name: '柯岩空气站', regionCode: HUASHE })).statusCode).toBe(403);
    const seen = (await huashe.get('/api/v1/subjects?kind=station')).json().items;
    expect(seen).toEqual([]);
    expect((await analyst.get('/api/v1/subjects?kind=station')).json().items).toHaveLength(1);
  });

  it('a role without subject:write may read but not write', async () => {
    expect((await officer.get('/api/v1/subjects?kind=enterprise')).statusCode).toBe(200);
    expect((await put(officer, 'enterprise', 'E1', { name: 'x', regionCode: HUASHE })).statusCode).toBe(403);
  });

  it('imports a roster all-or-nothing, with sheet/row/column problems', async () => {
    const bad = await xlsx({
      平台: [
        ['类型', '代码', '名称', '所属地区', '面积（平方公里）'],
        ['平台', 'P-1', '柯桥经济技术开发区', KEQIAO, 56],
        ['planet', 'P-2', '某平台', KEQIAO, 1],
        ['平台', 'P-3', '', '12', 1],
        ['平台', 'P-1', '重复', KEQIAO, 1],
      ],
    });
    const res = await upload(analyst, 'roster.xlsx', bad, '?dryRun=false');
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .error.details.issues.map((i: { sheet: string; row: number; column: string; code: string }) => [i.sheet, i.row, i.column, i.code]),
    ).toEqual([
      ['平台', 3, 'A', 'BAD_KIND'],
      ['平台', 4, 'C', 'NAME_MISSING'],
      ['平台', 4, 'D', 'BAD_REGION'],
      ['平台', 5, 'B', 'DUPLICATE_ROW'],
    ]);
    expect((await analyst.get('/api/v1/subjects?kind=platform')).json().items).toEqual([]);

    // CSV cells are text: attributes keep what the file says (an .xlsx keeps its numbers)
    const good = utf8([
      ['代码', '名称', '所属地区', '面积'],
      ['P-1', '柯桥经济技术开发区', KEQIAO, 56],
      ['P-2', '中国轻纺城', KEQIAO, ''],
    ]);
    const preview = await upload(analyst, 'roster.csv', good, '?kind=platform');
    expect(preview.json()).toEqual({ dryRun: true, rows: 2, inserted: 2, updated: 0 });
    expect((await analyst.get('/api/v1/subjects?kind=platform')).json().items).toEqual([]);
    const done = await upload(analyst, 'roster.csv', good, '?kind=platform&dryRun=false');
    expect(done.json()).toEqual({ dryRun: false, rows: 2, inserted: 2, updated: 0 });
    const items = (await analyst.get('/api/v1/subjects?kind=platform')).json().items;
    expect(items.map((s: { code: string; attributes: object }) => [s.code, s.attributes])).toEqual([
      ['P-1', { 面积: '56' }],
      ['P-2', {}],
    ]);
    expect(await auditActions('subjects.import')).toEqual([{ actor: 'user:analyst', target: 'subjects:2' }]);
  });

  it('an enterprise roster names the wrong character of a credit code', async () => {
    const res = await upload(
      analyst,
      'e.csv',
      utf8([
        ['统一社会信用代码', '企业名称', '所属地区'],
        ['91330100716105852G', '校验位错误的企业', HUASHE],
      ]),
      '?kind=enterprise&dryRun=false',
    );
    expect(res.statusCode).toBe(422);
    const [issue] = res.json().error.details.issues;
    expect(issue).toMatchObject({ row: 2, column: 'A', code: 'BAD_CREDIT_CODE' });
    expect(issue.zh).toContain('第 18 位');
  });

  it('a roster row outside the importer’s scope rejects the whole file', async () => {
    const res = await upload(
      huashe,
      'r.csv',
      utf8([
        ['代码', '名称', '所属地区'],
        ['91330100716105852F', '华舍企业', HUASHE],
        ['9144030071526726XG', '柯岩企业', KEYAN],
      ]),
      '?kind=enterprise&dryRun=false',
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.issues).toEqual([expect.objectContaining({ row: 3, column: 'C', code: 'OUT_OF_SCOPE' })]);
    const codes = (await admin.get('/api/v1/subjects?kind=enterprise')).json().items.map((s: { code: string }) => s.code);
    expect(codes).not.toContain('91330100716105852F');
  });
});
