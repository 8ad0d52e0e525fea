/**
 * 生态 · air quality through the real app: stations as subjects, an hourly readings file (units
 * checked, problems located, nothing written on error), daily AQI of a station and of the district
 * (mean of its 国控/省控 stations), a day's hourly IAQI with the SO2 1-hour > 800 rule, annual
 * statistics reported invalid for a short year, indicators, and a town officer who sees only their
 * town's stations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { rows } from '../src/db/store.js';
import { expectAudited } from './audit-helpers.js';
import { xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const KQ_JD = '330603001000'; // 柯桥街道
const HUASHE = '330603003000';

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let huashe: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'eco-analyst', ['analyst'], KQ);
  await makeUser(t.store.db, 'eco-huashe', ['town_officer'], HUASHE);
  analyst = await signIn(app, 'eco-analyst');
  huashe = await signIn(app, 'eco-huashe');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const ok = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
};
const HEADER = '站点编码,时间,SO2(µg/m³),NO2(µg/m³),PM10(µg/m³),PM2.5(µg/m³),CO(mg/m³),O3(µg/m³)';
const hour = (date: string, h: number) => `${date} ${String(h).padStart(2, '0')}:00`;
type Vals = [so2: number | '', no2: number | '', pm10: number | '', pm25: number | '', co: number | '', o3: number | ''];

/** The readings file of the test: two days of ST-A and ST-B, hand-computed below. */
function readingsCsv(): string {
  const lines = [HEADER];
  for (let h = 0; h < 24; h++) {
    // ST-A 3月1日: PM2.5 55 (IAQI 75), PM10 100 (IAQI 75) → AQI 75, primary PM10 and PM2.5 (tie)
    lines.push(['ST-A', hour('2021-03-01', h), ...([10, 20, 100, 55, 0.5, 60] as Vals)].join(','));
    // ST-A 3月2日: PM2.5 116 with 4 hours missing (20 valid) → IAQI 152; SO2 900 at 10:00
    const pm25 = h < 4 ? '' : 116;
    lines.push(['ST-A', hour('2021-03-02', h), ...([h === 10 ? 900 : 10, 20, 100, pm25, 0.5, 60] as Vals)].join(','));
    // ST-B 3月1日: 5 hours missing → 19 valid: not a valid day
    lines.push(['ST-B', hour('2021-03-01', h), ...((h < 5 ? ['', '', '', '', '', ''] : [10, 20, 50, 35, 0.5, 60]) as Vals)].join(','));
    // ST-B 3月2日: PM2.5 35 and PM10 50 (both IAQI 50) → AQI 50, no primary pollutant
    lines.push(['ST-B', hour('2021-03-02', h), ...([10, 20, 50, 35, 0.5, 60] as Vals)].join(','));
  }
  return lines.join('\n');
}
const csvFile = (name: string, text: string) => multipartFile(name, new TextEncoder().encode(text));

describe('生态 · air quality', () => {
  it('registers stations as subjects of kind station', async () => {
    for (const [code, name, region, type] of [
      ['ST-A', '柯桥测试站', KQ_JD, 'national'],
      ['ST-B', '华舍测试站', HUASHE, 'national'],
      ['ST-M', '华舍微站', HUASHE, 'micro'],
    ]) {
      ok(await analyst.request('PUT', `/api/v1/subjects/station/${code}`, { payload: { name, regionCode: region, attributes: { type } } }));
    }
    const list = ok(await analyst.get('/api/v1/ecology/stations'));
    expect(list.total).toBe(3);
    expect(list.items.map((s: { code: string }) => s.code)).toEqual(['ST-A', 'ST-B', 'ST-M']);
  });

  it('rejects a wrong unit and bad cells with their place, writing nothing', async () => {
    const bad = [
      '站点编码,时间,SO2(µg/m³),NO2(µg/m³),PM10(µg/m³),PM2.5(µg/m³),CO(µg/m³),O3(µg/m³)',
      'ST-A,2021-03-01 00:00,10,20,100,55,500,60',
    ].join('\n');
    const res = await analyst.request('POST', '/api/v1/ecology/readings?dryRun=false', csvFile('bad-unit.csv', bad));
    expect(res.statusCode).toBe(422);
    const issues = res.json().error.details.issues;
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'UNIT_MISMATCH', row: 1, column: 'G' })]));
    const cells = [
      HEADER,
      'ST-A,2021-03-01 00:30,10,20,100,55,0.5,60',
      'ST-A,2021-03-01 01:00,10,-3,100,55,0.5,60',
      'ST-X,2021-03-01 02:00,1,1,1,1,1,1',
    ].join('\n');
    const res2 = await analyst.request('POST', '/api/v1/ecology/readings?dryRun=false', csvFile('bad-cells.csv', cells));
    expect(res2.statusCode).toBe(422);
    expect(res2.json().error.details.issues.map((i: { code: string; row: number; column: string }) => [i.code, i.row, i.column])).toEqual([
      ['BAD_TIME', 2, 'B'],
      ['BAD_VALUE', 3, 'D'],
      ['UNKNOWN_STATION', 4, 'A'],
    ]);
    const cal = ok(await analyst.get('/api/v1/ecology/calendar?year=2021&station=ST-A'));
    expect(cal.days.filter((d: { aqi: number | null }) => d.aqi !== null)).toHaveLength(0);
  });

  it('imports the readings (dry run first) and stores daily AQI', async () => {
    const dry = ok(await analyst.request('POST', '/api/v1/ecology/readings', csvFile('readings.csv', readingsCsv())));
    expect(dry).toMatchObject({ dryRun: true, rows: 96, stations: 2, days: 4, from: '2021-03-01', to: '2021-03-02' });
    const res = ok(await analyst.request('POST', '/api/v1/ecology/readings?dryRun=false', csvFile('readings.csv', readingsCsv())));
    expect(res).toMatchObject({ dryRun: false, rows: 96, stations: 2, days: 4 });
    await expectAudited(t.store.db, { action: 'ecology.readings.import', actor: 'eco-analyst' });

    const a = ok(await analyst.get('/api/v1/ecology/calendar?year=2021&station=ST-A'));
    const day = (c: { days: { date: string }[] }, date: string) => c.days.find((d) => d.date === date);
    expect(a.days).toHaveLength(365);
    expect(day(a, '2021-03-01')).toMatchObject({ aqi: 75, level: 2, pm25: 55 });
    expect(day(a, '2021-03-01').primary.sort()).toEqual(['pm10', 'pm25']);
    expect(day(a, '2021-03-02')).toMatchObject({ aqi: 152, level: 4, primary: ['pm25'] });
    expect(day(a, '2021-03-03')).toMatchObject({ aqi: null, level: null }); // no data: invalid, not 0
    const b = ok(await analyst.get('/api/v1/ecology/calendar?year=2021&station=ST-B'));
    expect(day(b, '2021-03-01')).toMatchObject({ aqi: null }); // 19 valid hours
    expect(day(b, '2021-03-02')).toMatchObject({ aqi: 50, primary: [] });
  });

  it('reads an Excel export with date cells (wall-clock hours) and a bad cell located on its sheet', async () => {
    const header: Row = ['站点编码', '监测时间', 'SO2', 'NO2', 'PM10', 'PM2.5', 'CO(mg/m³)', 'O3'];
    const body: Row[] = Array.from({ length: 24 }, (_, h) => ['ST-M', new Date(Date.UTC(2021, 2, 5, h)), 10, 20, 60, 40, 0.6, 90]);
    const bad = await xlsx({
      小时数据: [header, ...body.slice(0, 2), ['ST-M', new Date(Date.UTC(2021, 2, 5, 2)), 10, 20, 'x', 40, 0.6, 90]],
    });
    const rej = await analyst.request('POST', '/api/v1/ecology/readings?dryRun=false', multipartFile('m.xlsx', bad));
    expect(rej.statusCode).toBe(422);
    expect(rej.json().error.details.issues[0]).toMatchObject({ sheet: '小时数据', row: 4, column: 'E', code: 'BAD_VALUE' });
    const res = ok(
      await analyst.request(
        'POST',
        '/api/v1/ecology/readings?dryRun=false',
        multipartFile('m.xlsx', await xlsx({ 小时数据: [header, ...body] })),
      ),
    );
    expect(res).toMatchObject({ rows: 24, stations: 1, days: 1, from: '2021-03-05', to: '2021-03-05' });
    const m = ok(await analyst.get('/api/v1/ecology/calendar?year=2021&station=ST-M'));
    // PM2.5 40 → 50 + 50/40 × 5 = 56.25 → 57; PM10 60 → 55
    expect(m.days.find((d: { date: string }) => d.date === '2021-03-05')).toMatchObject({ aqi: 57, primary: ['pm25'] });
  });

  it('a second file replaces the same station-hours, keeps the day’s other hours, and recomputes the day', async () => {
    const before = ok(await analyst.get('/api/v1/ecology/day?station=ST-M&date=2021-03-05'));
    expect(before.daily).toMatchObject({ pm25: 40, validHours: 24, aqi: 57 });
    const lines = [HEADER];
    for (let h = 0; h < 4; h++) lines.push(['ST-M', hour('2021-03-05', h), ...([10, 20, 60, 80, 0.6, 90] as Vals)].join(','));
    lines.push(['ST-M', hour('2021-03-05', 4), '', '', '', '—', 'NA', ''].join(','));
    const res = ok(await analyst.request('POST', '/api/v1/ecology/readings?dryRun=false', csvFile('fix.csv', lines.join('\n'))));
    expect(res).toMatchObject({ rows: 5, stations: 1, days: 1, from: '2021-03-05', to: '2021-03-05' });
    const day = ok(await analyst.get('/api/v1/ecology/day?station=ST-M&date=2021-03-05'));
    expect(day.hours.map((x: { values: { pm25: number | null } }) => x.values.pm25)).toEqual([80, 80, 80, 80, null, ...Array(19).fill(40)]);
    expect(day.hours[4].values).toEqual({ so2: null, no2: null, pm10: null, pm25: null, co: null, o3: null });
    expect(day.hours[23].values).toEqual({ so2: 10, no2: 20, pm10: 60, pm25: 40, co: 0.6, o3: 90 });
    // PM2.5 (4 × 80 + 19 × 40) / 23 = 46.96 → 47 → IAQI 50 + 50/40 × 12 = 65; 23 valid hours
    expect(day.daily).toMatchObject({ pm25: 47, validHours: 23, aqi: 65, primary: ['pm25'] });
    // one stored row for the station-day, 24 hours × six pollutants in 151 bytes (every value below 255: a byte an hour), loaded by the second file's importer
    const stored = await rows<{ n: number; bytes: number; source: string; by: string }>(
      t.store.db,
      sql`select count(*)::int as n, max(length(r.hours))::int as bytes, max(r.source) as source, max(r.loaded_by) as by
          from eco_reading_day r join subject s on s.id = r.station_id where s.code = 'ST-M'`,
    );
    expect(stored).toEqual([{ n: 1, bytes: 151, source: 'fix.csv', by: expect.stringContaining('eco-analyst') }]);
  });

  it('the district is the mean of its 国控/省控 stations (micro-stations left out)', async () => {
    const kq = ok(await analyst.get(`/api/v1/ecology/calendar?year=2021&region=${KQ}`));
    expect(kq.target).toMatchObject({ kind: 'region', code: KQ, stations: 2 });
    const d = (date: string) => kq.days.find((x: { date: string }) => x.date === date);
    expect(d('2021-03-01')).toMatchObject({ aqi: 75 }); // only ST-A valid
    // PM2.5 (116 + 35) / 2 = 75.5 → 76 (half to even) → IAQI 100 + 50/40 × 1 = 101.25 → 102
    expect(d('2021-03-02')).toMatchObject({ aqi: 102, pm25: 76, primary: ['pm25'], level: 3 });
  });

  it('a day in detail: hourly IAQI, SO2 1-hour > 800 reported by its 24-hour mean', async () => {
    const day = ok(await analyst.get('/api/v1/ecology/day?station=ST-A&date=2021-03-02'));
    expect(day.daily).toMatchObject({ aqi: 152, so2: 47, pm25: 116, validHours: 20, primary: ['pm25'], exceeding: ['pm25'] });
    expect(day.hours).toHaveLength(24);
    expect(day.hours[2]).toMatchObject({ aqi: 75, values: { pm25: null } });
    const h10 = day.hours[10];
    // (23 × 10 + 900) / 24 = 47.08 → 47 → IAQI 47; no 1-hour SO2 IAQI
    expect(h10.iaqi.so2_24h).toBe(47);
    expect(h10.iaqi.so2_1h).toBeUndefined();
    expect(h10).toMatchObject({ aqi: 152, primary: ['pm25'], level: 4 });
    expect(day.hours[9].iaqi.so2_1h).toBe(4); // 10 µg/m³ on the 1-hour table: 50/150 × 10 = 3.33 → 4
  });

  it('annual statistics of a two-day year are invalid, not zero', async () => {
    const an = ok(await analyst.get(`/api/v1/ecology/annual?year=2021&region=${KQ}`));
    expect(an.current).toMatchObject({ validDays: 2, goodDays: 1 });
    expect(an.current.goodRatio.value).toBeNull();
    expect(an.current.goodRatio.validity).toMatchObject({ valid: false, shortYear: true, days: 2 });
    expect(an.current.goodRatio.validity.shortMonths).toHaveLength(12);
    expect(an.current.pm25.value).toBeNull();
    expect(an.change.goodRatio).toEqual({ delta: null, pct: null });
    expect(an.towns.map((x: { code: string }) => x.code)).toEqual([KQ_JD, HUASHE]);
  });

  it('indicators skip invalid years, audited', async () => {
    const res = ok(await analyst.request('POST', '/api/v1/ecology/indicators', { payload: { year: 2021, region: KQ } }));
    expect(res.values).toEqual([]);
    expect(res.skipped.length).toBeGreaterThan(0);
    await expectAudited(t.store.db, { action: 'ecology.indicators', actor: 'eco-analyst' });
  });

  describe('scope: a town officer of 华舍', () => {
    it('sees only the town’s stations', async () => {
      const list = ok(await huashe.get('/api/v1/ecology/stations'));
      expect(list.items.map((s: { code: string }) => s.code)).toEqual(['ST-B', 'ST-M']);
      expect((await huashe.get('/api/v1/ecology/calendar?year=2021&station=ST-A')).statusCode).toBe(404);
      expect((await huashe.get('/api/v1/ecology/day?station=ST-A&date=2021-03-02')).statusCode).toBe(404);
      expect((await huashe.get(`/api/v1/ecology/calendar?year=2021&region=${KQ}`)).statusCode).toBe(403);
    });
    it('by default sees the town’s own figure', async () => {
      const cal = ok(await huashe.get('/api/v1/ecology/calendar?year=2021'));
      expect(cal.target).toMatchObject({ code: HUASHE, stations: 1 });
      expect(cal.days.find((d: { date: string }) => d.date === '2021-03-02')).toMatchObject({ aqi: 50 });
    });
    it('cannot import readings', async () => {
      const res = await huashe.request('POST', '/api/v1/ecology/readings?dryRun=false', csvFile('r.csv', readingsCsv()));
      expect(res.statusCode).toBe(403);
    });
  });
});
