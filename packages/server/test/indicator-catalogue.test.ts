/**
 * 指标管理 through the real app: retire (values kept, imports refuse new ones) and restore, the
 * history of an entry from the audit log, the catalogue from a spreadsheet (dry run preview, errors
 * with sheet/row/column and nothing saved, then saved and audited), and only indicator:write may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { expectAudited } from './audit-helpers.js';
import { utf8, xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let town: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'catalogue-keeper', ['analyst'], KQ);
  await makeUser(t.store.db, 'huashe-clerk', ['town_officer'], '330603003000');
  analyst = await signIn(app, 'catalogue-keeper');
  town = await signIn(app, 'huashe-clerk');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const HEADER: Row = ['指标代码', '指标名称', '英文名称', '计量单位', '方向', '频度', '累计/时点', '小数位', '指标定义', '责任部门'];
const importFile = async (who: Client, rows: Row[], dryRun: boolean) =>
  who.request(
    'POST',
    `/api/v1/indicators/import?dryRun=${dryRun}`,
    multipartFile('指标目录.xlsx', await xlsx({ 指标目录: [HEADER, ...rows] })),
  );
const expectOk = (res: { statusCode: number; body: string }) => expect(res.statusCode, res.body).toBe(200);

describe('指标管理', () => {
  it('retires an indicator with a reason: its values stay, an import of new ones is refused; restore takes it back', async () => {
    expect((await town.request('POST', '/api/v1/indicators/GDP/retire', { payload: { reason: '口径调整' } })).statusCode).toBe(403);
    const retired = await analyst.request('POST', '/api/v1/indicators/GDP/retire', { payload: { reason: '统计口径调整，改用新指标' } });
    expectOk(retired);
    expect(retired.json()).toMatchObject({ code: 'GDP', retiredReason: '统计口径调整，改用新指标' });
    expect(retired.json().retiredAt).toMatch(/^\d{4}-/);
    await expectAudited(t.store.db, { action: 'indicator.retire', actor: 'catalogue-keeper', target: 'indicator:GDP' });
    expect((await analyst.get('/api/v1/observations?indicator=GDP')).json().total).toBeGreaterThan(0);
    const file = utf8([
      ['indicator_code', 'region_code', 'period', 'value'],
      ['GDP', KQ, '2024', 3000],
    ]);
    const refused = await analyst.request('POST', '/api/v1/imports?dryRun=true', multipartFile('gdp.csv', file));
    expect(refused.statusCode, refused.body).toBe(422);
    expect((await analyst.request('POST', '/api/v1/indicators/GDP/retire', { payload: { reason: '再次停用' } })).statusCode).toBe(409);
    expectOk(await analyst.request('POST', '/api/v1/indicators/GDP/restore', { payload: {} }));
    expect((await analyst.get('/api/v1/indicators/GDP')).json().retiredAt).toBeNull();
    expectOk(await analyst.request('POST', '/api/v1/imports?dryRun=true', multipartFile('gdp.csv', file)));
  });

  it('keeps each entry’s history: saves, retirement and restoration, newest first', async () => {
    const gdp = (await analyst.get('/api/v1/indicators/GDP')).json();
    const { code: _code, retiredAt: _r, retiredReason: _rr, ...body } = gdp;
    expectOk(await analyst.request('PUT', '/api/v1/indicators/GDP', { payload: { ...body, definition: '按现价计算的地区生产总值' } }));
    const history = (await analyst.get('/api/v1/indicators/GDP/history')).json().items;
    expect(history.slice(0, 3).map((h: { action: string }) => h.action)).toEqual([
      'indicator.save',
      'indicator.restore',
      'indicator.retire',
    ]);
    expect(history[0].actor).toBe('catalogue-keeper');
    expect(history[2].after).toEqual({ reason: '统计口径调整，改用新指标' });
  });

  it('imports the catalogue from a spreadsheet: a dry run says what changes, errors name row and column and save nothing', async () => {
    const good: Row[] = [
      ['TOWN_TAX', '镇街税收收入', 'Town tax revenue', '万元', '正向', '年度', '累计', 2, '镇街一般公共预算收入中的税收收入', '财政局'],
      ['GDP', '地区生产总值', 'GDP', '亿元', '正向', '年', '累计', 2, '按现价计算的地区生产总值', '统计局'],
    ];
    const preview = await importFile(analyst, good, true);
    expectOk(preview);
    expect(preview.json()).toMatchObject({ dryRun: true, rows: 2, created: ['TOWN_TAX'] });
    expect((await analyst.get('/api/v1/indicators/TOWN_TAX')).statusCode).toBe(404);

    const bad = await importFile(analyst, [...good, ['bad code', '坏指标', 'Bad', '', '越大越好', '每周', '', 9, '', '']], false);
    expect(bad.statusCode).toBe(422);
    const issues = bad.json().error.details.issues as { row: number; column: string; code: string; zh: string }[];
    expect(issues.map((i) => `${i.row}${i.column}`).sort()).toEqual(['4A', '4F', '4H']);
    expect(issues.find((i) => i.column === 'F')!.zh).toContain('「每周」');
    expect((await analyst.get('/api/v1/indicators/TOWN_TAX')).statusCode).toBe(404);

    expect((await importFile(town, good, false)).statusCode).toBe(403);
    const saved = await importFile(analyst, good, false);
    expectOk(saved);
    await expectAudited(t.store.db, { action: 'indicator.save', actor: 'catalogue-keeper' });
    expect((await analyst.get('/api/v1/indicators/TOWN_TAX')).json()).toMatchObject({
      nameZh: '镇街税收收入',
      frequency: 'year',
      accumulation: 'cumulative',
      sourceDepartment: '财政局',
    });
    expect((await importFile(analyst, good, false)).json()).toMatchObject({ created: [], updated: [], unchanged: ['TOWN_TAX', 'GDP'] });
  });
});
