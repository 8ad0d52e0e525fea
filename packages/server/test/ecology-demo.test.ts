/**
 * The 生态 demo: synthetic Keqiao stations for 2020–2021, loaded fast and idempotently, reproduce
 * the published 2021 figures at district level — 优良天数比例 90 %, PM2.5 1 µg/m³ below 2020 —
 * and write them as (synthetic) indicator values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { rows } from '../src/db/store.js';
import { loadEcologyDemo } from '../src/ecology/demo.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let loadMs = 0;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  const started = Date.now();
  await loadEcologyDemo(t.store.db);
  loadMs = Date.now() - started;
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'eco-demo', ['analyst'], KQ);
  analyst = await signIn(app, 'eco-demo');
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('生态 demo (synthetic)', () => {
  it('loads in a few seconds, and a second time changes nothing', async () => {
    console.log(`ecology demo load: ${loadMs} ms`);
    expect(loadMs).toBeLessThan(30_000);
    expect(await loadEcologyDemo(t.store.db)).toEqual([
      '空气质量 / air quality: 2020–2021 synthetic readings already loaded',
      '河长制 / river chiefs: synthetic rivers already loaded',
      '水质 / water quality: synthetic sections already loaded',
    ]);
  });

  it('the district’s 2021: 90 % good days, PM2.5 1 µg/m³ below 2020; labelled synthetic', async () => {
    const res = await analyst.get(`/api/v1/ecology/annual?year=2021&region=${KQ}`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.synthetic).toBe(true);
    expect(a.target.stations).toBe(3); // 2 国控 + 1 省控; the micro-station is left out
    expect(a.current.goodRatio.value).toBe(90);
    expect(a.current.goodRatio.validity.valid).toBe(true);
    expect(a.current).toMatchObject({ validDays: 360, goodDays: 324 });
    expect(a.change.pm25.delta).toBe(-1);
    expect(a.previous.goodRatio.value).toBeLessThan(90);
    expect(a.current.o3_8h_p90.value).toBeGreaterThan(100);
  });

  it('writes both years’ indicators as a synthetic batch', async () => {
    const found = await rows<{ indicator: string; period: string; value: number; synthetic: boolean }>(
      t.store.db,
      sql`select o.indicator_code as indicator, o.period, o.value, b.synthetic from observation o
          join import_batch b on b.id = o.batch_id join subject s on s.id = o.subject_id
          where o.is_current and s.kind = 'region' and s.code = ${KQ} and o.indicator_code in ('ECO_GOOD_AIR_RATIO', 'ECO_PM25_ANNUAL')
          order by 1, 2`,
    );
    expect(found.map((f) => [f.indicator, f.period, f.value, f.synthetic])).toEqual([
      ['ECO_GOOD_AIR_RATIO', '2020', found[0]!.value, true],
      ['ECO_GOOD_AIR_RATIO', '2021', 90, true],
      ['ECO_PM25_ANNUAL', '2020', found[3]!.value + 1, true],
      ['ECO_PM25_ANNUAL', '2021', found[3]!.value, true],
    ]);
  });
});
