import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildApp } from '../src/app.js';
import { readXlsx, utf8, xlsx } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';
import { expectAudited } from './audit-helpers.js';

let t: TestDb;
let app: FastifyInstance;
let admin: Client;
beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig({ importMaxBytes: 64 * 1024 }) });
  await makeUser(t.store.db, 'boss', ['admin']);
  admin = await signIn(app, 'boss');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('REST API', () => {
  it('serves a valid OpenAPI 3 document and the browsable docs page', async () => {
    const res = await app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/observations', '/api/v1/imports', '/api/v1/regions/{code}']));
    const docs = await app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('lists the 16 towns of Keqiao and reports the database backend', async () => {
    const health = await app.inject('/api/v1/health');
    expect(health.json()).toMatchObject({ status: 'ok', database: t.store.kind });
    const towns = (await admin.get('/api/v1/regions?parent=330603000000')).json().items;
    expect(towns).toHaveLength(16);
    expect(towns.map((r: { name: string }) => r.name)).toContain('华舍街道');
  });

  it('returns boundaries converted back to GCJ-02 on request', async () => {
    const wgs = (await admin.get('/api/v1/regions/boundaries?codes=330603000000')).json();
    const gcj = (await admin.get('/api/v1/regions/boundaries?codes=330603000000&datum=gcj02')).json();
    const a = wgs.features[0].geometry.coordinates[0][0][0];
    const b = gcj.features[0].geometry.coordinates[0][0][0];
    expect(b[0] - a[0]).toBeGreaterThan(0.003); // GCJ-02 is shifted east of WGS-84 around Shaoxing
  });

  it('returns observations with their batch, and provenance for each', async () => {
    const res = await admin.get('/api/v1/observations?indicator=GDP&region=330603000000&from=2021&to=2024');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: number; period: string; value: number; batchId: number; synthetic: boolean; source: string }[];
    expect(items.map((i) => [i.period, i.value])).toEqual([
      ['2021', 1747.98],
      ['2022', 1901.36],
      ['2023', 2030.29],
      ['2024', 2252.28],
    ]);
    const p = (await admin.get(`/api/v1/observations/${items[0].id}/provenance`)).json();
    expect(p.batch.id).toBe(items[0].batchId);
    expect(p.observation.source).toBe(items[0].source);
    expect(p.history).toHaveLength(1);
  });

  it('errors carry a stable code and messages in Chinese and English', async () => {
    const missing = await admin.get('/api/v1/regions/330603999000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: { zh: expect.stringContaining('不存在'), en: expect.stringContaining('not found') },
    });
    const bad = await admin.get('/api/v1/observations?pageSize=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const period = await admin.get('/api/v1/observations?from=yesterday');
    expect(period.json().error.code).toBe('PERIOD_FORMAT');
    const none = await admin.get('/api/v1/nothing-here');
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('NOT_FOUND');
  });

  it('imports through multipart: dry run, then commit, then errors with locations', async () => {
    const file = await xlsx({
      数据: [
        ['地区代码', '指标代码', '期间', '值'],
        ['330603003000', 'INCOME_PC', '2017', 48000],
      ],
    });
    const dry = await admin.request('POST', '/api/v1/imports?dryRun=true', multipartFile('a.xlsx', file));
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, inserted: 1, batchId: null });
    const commit = await admin.request('POST', '/api/v1/imports?dryRun=false&source=%E6%B5%8B%E8%AF%95', multipartFile('a.xlsx', file));
    expect(commit.json()).toMatchObject({ dryRun: false, inserted: 1, batchId: expect.any(Number) });
    const bad = await admin.request(
      'POST',
      '/api/v1/imports?dryRun=false',
      multipartFile(
        'b.csv',
        utf8([
          ['地区代码', '指标代码', '期间', '值'],
          ['330603003000', 'INCOME_PC', '2017', 'abc'],
        ]),
      ),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.issues[0]).toMatchObject({ row: 2, column: 'D', code: 'NOT_A_NUMBER' });
    const big = await admin.request('POST', '/api/v1/imports', multipartFile('c.csv', Buffer.alloc(100 * 1024, 0x31)));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('FILE_TOO_LARGE');
  });

  it('exports .xlsx and .csv that neutralise formulas and import back unchanged', async () => {
    // a source text that a spreadsheet would evaluate
    const evil = utf8([
      ['地区代码', '指标代码', '期间', '值', '来源'],
      ['330603002000', 'INCOME_PC', '2016', '47000', '=HYPERLINK("http://x","y")'],
    ]);
    expect((await admin.request('POST', '/api/v1/imports?dryRun=false', multipartFile('evil.csv', evil))).statusCode).toBe(200);
    const res = await admin.get('/api/v1/exports/observations?format=xlsx&indicator=INCOME_PC&region=330603002000');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const sheets = await readXlsx(res.rawPayload);
    const rows = sheets['数据'];
    expect(rows[0]).toEqual(['主体代码', '主体名称', '指标代码', '指标名称', '期间', '值', '单位', '状态', '来源', '批次', '合成数据']);
    const evilRow = rows.find((r) => r[4] === '2016')!;
    expect(evilRow[8]).toBe(`'=HYPERLINK("http://x","y")`);
    const exported = await expectAudited(t.store.db, { action: 'data.export', actor: 'boss', target: 'observations' });
    expect(exported.after).toMatchObject({
      format: 'xlsx',
      layout: 'long',
      rows: rows.length - 1,
      filter: { indicators: ['INCOME_PC'], region: '330603002000' },
    });
    const csv = await admin.get('/api/v1/exports/observations?format=csv&indicator=INCOME_PC&region=330603002000');
    expect(csv.body.startsWith('\ufeff主体代码')).toBe(true);
    expect(csv.body).toContain(`'=HYPERLINK`);
    // an unmodified export imports as "unchanged"
    const back = await admin.request('POST', '/api/v1/imports?dryRun=true', multipartFile('export.xlsx', res.rawPayload));
    expect(back.json()).toMatchObject({ inserted: 0, revised: 1, unchanged: rows.length - 2 });
  });

  it('names the export after what is in it, and the wide layout keeps the synthetic flag', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const res = await admin.get(
      '/api/v1/exports/observations?format=xlsx&layout=wide&indicator=INCOME_PC&region=330603003000&from=2019&to=2024',
    );
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1])).toBe(
      `数据导出_居民人均可支配收入_华舍街道_2019-2024_${today}.xlsx`,
    );
    const [header, ...rows] = (await readXlsx(res.rawPayload))['数据'];
    expect(header.at(-1)).toBe('合成数据');
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.at(-1)))).toEqual(new Set(['是'])); // the demo's town series are synthetic
    const en = await admin.get('/api/v1/exports/observations?format=csv&lang=en&indicator=INCOME_PC,GDP');
    expect(String(en.headers['content-disposition'])).toContain(`observations_2-indicators_${today}.csv`);
    // the flag column does not stop a re-import (the wide layout carries no source, so values count as revised)
    const back = await admin.request('POST', '/api/v1/imports?dryRun=true', multipartFile('wide.xlsx', res.rawPayload));
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ inserted: 0, revised: rows.length });
  });

  it('downloads a template that imports once filled in', async () => {
    const res = await admin.get('/api/v1/indicator-sets/town-annual/template?region=330603000000');
    expect(res.statusCode).toBe(200);
    const sheets = await readXlsx(res.rawPayload);
    const [header, ...rows] = sheets['数据'];
    expect(header).toEqual([
      '地区代码',
      '地区名称',
      '期间',
      '居民人均可支配收入（元）[INCOME_PC]',
      '15分钟公共服务圈覆盖率（%）[SERVICE_CIRCLE_COVERAGE]',
    ]);
    // the district itself first (its own figures are reported too), then its 16 towns
    expect(rows[0].slice(0, 2)).toEqual(['330603000000', '柯桥区']);
    expect(rows).toHaveLength(17);
    expect(sheets['说明'].length).toBe(3);
    // enumerations in words a clerk reads, not codes
    expect(sheets['说明'][1].slice(2, 5)).toEqual(['元', '年度', '2024']);
    expect(sheets['说明'][1].slice(6, 8)).toEqual(['时点', '越大越好']);
    const audit = await expectAudited(t.store.db, { action: 'indicator_set.template', actor: 'boss', target: 'indicator_set:town-annual' });
    expect(audit.after).toMatchObject({ format: 'xlsx', layout: 'wide', region: '330603000000', rows: 17 });
    const filled = await xlsx({ 数据: [header as string[], ...rows.map((r) => [r[0] as string, r[1] as string, '2015', 40000, 60])] });
    const imported = await admin.request('POST', '/api/v1/imports?dryRun=true', multipartFile('filled.xlsx', filled));
    expect(imported.json()).toMatchObject({ layout: 'wide', observationCount: 34 });
  });

  it('gives a town officer a template of their own town and its villages', async () => {
    await makeUser(t.store.db, 'keqiao-town', ['town_officer'], '330603001000');
    const officer = await signIn(app, 'keqiao-town');
    const res = await officer.get('/api/v1/indicator-sets/town-annual/template?region=330603001000');
    expect(res.statusCode).toBe(200);
    const [, ...rows] = (await readXlsx(res.rawPayload))['数据'];
    expect(rows[0].slice(0, 2)).toEqual(['330603001000', '柯桥街道']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => String(r[0]).startsWith('330603001'))).toBe(true);
    // outside the officer's town: refused, not an empty template
    expect((await officer.get('/api/v1/indicator-sets/town-annual/template?region=330603002000')).statusCode).toBe(403);
  });
});
