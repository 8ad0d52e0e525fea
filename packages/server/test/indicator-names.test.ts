/**
 * Indicator names are unique within the catalogue (issue 10, defect 5): the demo defines each concept
 * once and its schemes bind that code, saving a taken name is refused with 409 naming the holder,
 * and the migration renames duplicates an existing database already holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { rows, type Db } from '../src/db/store.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { loadAssessDemo } from '../src/assess/demo.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';
import { expectAudited } from './audit-helpers.js';

const TODAY = new Date('2026-11-26T00:00:00Z');
const KEQIAO = '330603000000';

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let admin: Client;

beforeAll(async () => {
  t = await testDb({ demo: TODAY });
  db = t.store.db;
  await loadAssessDemo(db, { today: TODAY });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(db, 'admin', ['admin'], null);
  admin = await signIn(app, 'admin');
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const income = {
  nameZh: '居民人均可支配收入',
  nameEn: 'Per-capita disposable income',
  unit: '元',
  direction: 'higher',
  frequency: 'year',
  accumulation: 'point',
  decimals: 0,
};

describe('the demo catalogue', () => {
  it('has one indicator per name, and the schemes bind the catalogue codes', async () => {
    const all = await rows<{ code: string; zh: string; en: string }>(db, sql`select code, name_zh as zh, name_en as en from indicator`);
    const dupes = (key: (r: (typeof all)[number]) => string) => {
      const by = new Map<string, string[]>();
      for (const r of all) by.set(key(r), [...(by.get(key(r)) ?? []), r.code]);
      return [...by].filter(([, v]) => v.length > 1).map(([k, v]) => `${k}: ${v.join(', ')}`);
    };
    expect(dupes((r) => r.zh)).toEqual([]);
    expect(dupes((r) => r.en.toLowerCase())).toEqual([]);
    const bindings = await rows<{ code: string; columns: Record<string, string> }>(
      db,
      sql`select s.code, v.bindings -> 'columns' as columns from assess_scheme_version v join assess_scheme s on s.id = v.scheme_id`,
    );
    const county = bindings.find((b) => b.code === 'zj-counties-common-prosperity')!.columns;
    expect(county).toMatchObject({
      居民人均可支配收入: 'INCOME_PC',
      城乡居民收入倍差: 'INCOME_RATIO',
      优良天数比例: 'GOOD_AIR_RATIO',
      '15分钟服务圈覆盖率': 'SERVICE_CIRCLE_COVERAGE',
    });
    expect(bindings.find((b) => b.code === 'keqiao-towns-annual')!.columns['15分钟服务圈覆盖率']).toBe('SERVICE_CIRCLE_COVERAGE');
  });

  it('keeps the published and template values where the assessment demo would have written its own', async () => {
    const [kq] = await rows<{ value: number; source: string }>(
      db,
      sql`select o.value, o.source from observation o join subject s on s.id = o.subject_id
          where o.is_current and o.indicator_code = 'INCOME_PC' and s.kind = 'region' and s.code = ${KEQIAO} and o.period = '2021'`,
    );
    expect(kq.value).toBe(70000);
    // the counties' synthetic values moved to the kept code
    const [n] = await rows<{ n: number }>(
      db,
      sql`select count(distinct o.subject_id)::int as n from observation o join subject s on s.id = o.subject_id join region r on r.code = s.code
          where o.is_current and o.indicator_code = 'INCOME_PC' and r.level = 'county' and o.period = '2025'`,
    );
    expect(n.n).toBeGreaterThan(80);
  });
});

describe('saving an indicator', () => {
  it('refuses a Chinese name another indicator holds with 409 naming it, field nameZh', async () => {
    const res = await admin.request('PUT', '/api/v1/indicators/INCOME_PC_COPY', { payload: { ...income, nameEn: 'Income copy' } });
    expect(res.statusCode).toBe(409);
    const body = res.json().error;
    expect(body.code).toBe('INDICATOR_NAME_TAKEN');
    expect(body.message.zh).toContain('INCOME_PC');
    expect(body.message.en).toContain('INCOME_PC');
    expect(body.details[0]).toMatchObject({ path: 'nameZh', existing: 'INCOME_PC' });
    expect((await admin.get('/api/v1/indicators/INCOME_PC_COPY')).statusCode).toBe(404);
  });

  it('refuses an English name held by another indicator, ignoring case, field nameEn', async () => {
    const res = await admin.request('PUT', '/api/v1/indicators/INCOME_PC_COPY', {
      payload: { ...income, nameZh: '收入副本', nameEn: ' per-capita DISPOSABLE income' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details[0]).toMatchObject({ path: 'nameEn', existing: 'INCOME_PC' });
  });

  it('lets an indicator keep its own name and take a free one', async () => {
    const same = await admin.request('PUT', '/api/v1/indicators/INCOME_PC', { payload: income });
    expect(same.statusCode).toBe(200);
    const fresh = await admin.request('PUT', '/api/v1/indicators/INCOME_NEW', {
      payload: { ...income, nameZh: '居民人均可支配收入（新口径）', nameEn: 'Per-capita disposable income (new)' },
    });
    expect(fresh.statusCode).toBe(200);
    await expectAudited(db, { action: 'indicator.save', actor: 'admin' });
  });
});

describe('the unique-name migration', () => {
  it('renames the later duplicates of an existing database by appending their code, then enforces uniqueness', async () => {
    const old = await testDb({ migrate: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-names-'));
    try {
      const all = listMigrations();
      const before = all.filter((m) => m.file < '202612041000_indicator_unique_name.sql');
      for (const m of before) fs.writeFileSync(path.join(dir, m.file), m.script);
      await migrate(old.store, dir);
      const odb = old.store.db;
      const add = (code: string, zh: string, en: string, at: string) =>
        odb.execute(sql`insert into indicator (code, name_zh, name_en, direction, frequency, accumulation, created_at)
                        values (${code}, ${zh}, ${en}, 'higher', 'year', 'point', ${at}::timestamptz)`);
      await add('SERVICE_CIRCLE_COVERAGE', '15分钟公共服务圈覆盖率', '15-minute service circle coverage', '2026-01-01');
      await add('ZJC_CIRCLE_COVERAGE', '15分钟公共服务圈覆盖率', '15-minute public-service circle coverage', '2026-02-01');
      await add('KQT_SERVICE_CIRCLE', '15分钟公共服务圈覆盖率', '15-Minute service circle coverage', '2026-02-01');
      await add('GDP', '地区生产总值', 'Gross domestic product', '2026-01-01');
      // up to the unique-name migration: later ones add catalogue entries of their own
      for (const m of all.filter((x) => x.file <= '202612041000_indicator_unique_name.sql'))
        fs.writeFileSync(path.join(dir, m.file), m.script);
      expect(await migrate(old.store, dir)).toEqual(['202612041000_indicator_unique_name.sql']);
      const names = await rows<{ code: string; zh: string; en: string }>(
        odb,
        sql`select code, name_zh as zh, name_en as en from indicator order by code`,
      );
      expect(names).toEqual([
        { code: 'GDP', zh: '地区生产总值', en: 'Gross domestic product' },
        {
          code: 'KQT_SERVICE_CIRCLE',
          zh: '15分钟公共服务圈覆盖率 [KQT_SERVICE_CIRCLE]',
          en: '15-Minute service circle coverage [KQT_SERVICE_CIRCLE]',
        },
        { code: 'SERVICE_CIRCLE_COVERAGE', zh: '15分钟公共服务圈覆盖率', en: '15-minute service circle coverage' },
        { code: 'ZJC_CIRCLE_COVERAGE', zh: '15分钟公共服务圈覆盖率 [ZJC_CIRCLE_COVERAGE]', en: '15-minute public-service circle coverage' },
      ]);
      await expect(add('GDP2', '地区生产总值', 'GDP again', '2026-03-01')).rejects.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await old.dispose();
    }
  });
});
