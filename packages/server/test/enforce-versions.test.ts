/**
 * 大综合一体化执法 catalogue versions and scenario enrolment through the real app: every import that
 * creates or changes an item appends a version (unchanged rows add none), listed newest first with
 * the fields changed; objects enrolled in two scenarios sharing items get each item once, by
 * department then position; a town officer enrols only objects of their town and sees only them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { creditCodeCheckChar, organisationCodeCheckChar } from '@gongfu/engine/mujun';
import { buildApp } from '../src/app.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { rows } from '../src/db/store.js';
import { expectAudited } from './audit-helpers.js';
import { xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';

function creditCode(serial: number): string {
  const org8 = `MW${String(serial).padStart(6, '0')}`;
  const org = org8 + organisationCodeCheckChar(org8)!;
  const first17 = `91330603${org}`;
  return first17 + creditCodeCheckChar(first17);
}

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let huashe: Client;
let leader: Client;
let ids: Record<string, number> = {};
const ok = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const upload = async (who: Client, name: string, rows: Row[]) =>
  who.request('POST', '/api/v1/enforce/items/import?dryRun=false', multipartFile(name, await xlsx({ 事项: rows })));

const HEADER = ['事项编码', '事项名称', '实施部门', '事项类型', '法律依据', '适用对象', '风险等级', '是否划转'];
const SJ1 = ['SJ-001', '食品经营许可情况检查', '市场监管', '检查', '《食品安全法》第三十五条', '餐饮店', '高', '否'];
const SJ2 = ['SJ-002', '特种设备使用登记检查', '市场监管', '检查', '《特种设备安全法》第三十三条', '企业', '高', '否'];
const XF1 = ['XF-001', '安全出口、疏散通道检查', '消防', '检查', '《消防法》第十六条', '场馆', '高', '否'];
const HB1 = ['HB-001', '排污许可证执行情况检查', '生态环境', '检查', '《排污许可管理条例》第二十六条', '企业', '高', '否'];

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'ver-analyst', ['analyst'], KQ);
  await makeUser(t.store.db, 'ver-huashe', ['town_officer'], HUASHE);
  await makeUser(t.store.db, 'ver-leader', ['leader'], KQ);
  analyst = await signIn(app, 'ver-analyst');
  huashe = await signIn(app, 'ver-huashe');
  leader = await signIn(app, 'ver-leader');
  ok(
    await analyst.request(
      'POST',
      '/api/v1/subjects/import?dryRun=false&kind=enterprise',
      multipartFile(
        'roster.xlsx',
        await xlsx({
          表1: [
            ['统一社会信用代码', '企业名称', '所属地区'],
            [creditCode(1), '华舍餐饮甲店', HUASHE],
            [creditCode(2), '柯岩场馆乙公司', KEYAN],
          ],
        }),
      ),
    ),
  );
  const all = ok(await analyst.get('/api/v1/enforce/objects?pageSize=100'));
  ids = Object.fromEntries(all.items.map((o: { code: string; id: number }) => [o.code, o.id]));
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('catalogue versions', () => {
  it('an import appends a version for each new or changed item, none for an unchanged one, listed newest first', async () => {
    expect(ok(await upload(analyst, 'v1.xlsx', [HEADER, SJ1, SJ2, XF1, HB1]))).toMatchObject({ inserted: 4, updated: 0, unchanged: 0 });
    const changed = [...SJ1];
    changed[4] = '《食品安全法》第三十六条';
    changed[6] = '中';
    const since = Number((await rows<{ n: string }>(t.store.db, sql`select coalesce(max(seq), 0) as n from audit_log`))[0]!.n);
    expect(ok(await upload(analyst, 'v2.xlsx', [HEADER, changed, SJ2]))).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    await expectAudited(t.store.db, { action: 'enforce.items.import', actor: 'ver-analyst', since });

    // a leader reads the catalogue, so reads its versions
    const v = ok(await leader.get('/api/v1/enforce/items/SJ-001/versions')).items;
    expect(v.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    expect(v[0]).toMatchObject({
      legalBasis: '《食品安全法》第三十六条',
      riskLevel: 'medium',
      changed: ['legalBasis', 'riskLevel'],
      changedBy: 'user:ver-analyst',
      changedByName: 'ver-analyst',
      note: 'v2.xlsx',
    });
    expect(v[0].changedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(v[1]).toMatchObject({ legalBasis: '《食品安全法》第三十五条', riskLevel: 'high', note: 'v1.xlsx' });
    expect(v[1].changed).toHaveLength(7);
    // the unchanged item kept its one version
    expect(ok(await analyst.get('/api/v1/enforce/items/SJ-002/versions')).items).toHaveLength(1);
    expect((await analyst.get('/api/v1/enforce/items/NOPE/versions')).statusCode).toBe(404);
  });

  it('the migration gives every item already in the catalogue its version 1', async () => {
    const old = await testDb({ migrate: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enforce-versions-'));
    try {
      const all = listMigrations();
      const mine = all.findIndex((m) => m.file === '202612080000_enforce_item_versions.sql');
      expect(mine).toBeGreaterThan(0);
      for (const m of all.slice(0, mine)) fs.writeFileSync(path.join(dir, m.file), m.script);
      await migrate(old.store, dir);
      await old.store.db.execute(sql`insert into enforce_item (code, name, department, item_type, risk_level, updated_by, updated_at)
        values ('OLD-1', '旧事项', '消防', 'inspect', 'low', 'user:someone', '2026-01-02T03:04:05Z')`);
      for (const m of all.slice(mine)) fs.writeFileSync(path.join(dir, m.file), m.script);
      expect(await migrate(old.store, dir)).toContain('202612080000_enforce_item_versions.sql');
      const v = await rows<{ version: number; name: string; changed_by: string; at: string; note: string }>(
        old.store.db,
        sql`select version, name, changed_by, to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as at, note
            from enforce_item_version where code = 'OLD-1'`,
      );
      expect(v).toEqual([{ version: 1, name: '旧事项', changed_by: 'user:someone', at: '2026-01-02 03:04:05', note: 'backfill' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await old.dispose();
    }
  }, 120_000);

  it('a version is never edited', async () => {
    await expect(t.store.db.execute(sql`update enforce_item_version set note = 'x' where code = 'SJ-001'`)).rejects.toThrow();
  });
});

describe('objects enrolled in scenarios', () => {
  it('an object in two scenarios sharing items gets each item once, by department then position', async () => {
    ok(
      await analyst.request('PUT', '/api/v1/enforce/scenarios', {
        payload: {
          code: 'FOOD',
          name: '餐饮店一件事',
          objectKind: '餐饮店',
          leadDepartment: '市场监管',
          itemCodes: ['SJ-002', 'SJ-001', 'XF-001'],
        },
      }),
    );
    ok(
      await analyst.request('PUT', '/api/v1/enforce/scenarios', {
        payload: {
          code: 'VENUE',
          name: '场馆一件事',
          objectKind: '场馆',
          leadDepartment: '消防',
          itemCodes: ['XF-001', 'HB-001', 'SJ-001'],
        },
      }),
    );
    const id = ids[creditCode(1)]!;
    const enrolled = ok(await huashe.request('PUT', `/api/v1/enforce/scenarios/FOOD/objects/${id}`));
    expect(enrolled.items.map((o: { subjectId: number }) => o.subjectId)).toEqual([id]);
    await expectAudited(t.store.db, {
      action: 'enforce.scenario.enrol',
      actor: 'ver-huashe',
      target: `enforce_scenario_object:FOOD:${creditCode(1)}`,
    });
    ok(await huashe.request('PUT', `/api/v1/enforce/scenarios/VENUE/objects/${id}`));
    ok(await huashe.request('PUT', `/api/v1/enforce/scenarios/VENUE/objects/${id}`)); // twice: still one enrolment

    const list = ok(await huashe.get(`/api/v1/enforce/objects/${id}/checklist`));
    expect(list.scenarios.map((s: { code: string }) => s.code)).toEqual(['FOOD', 'VENUE']);
    expect(list.items.map((i: { code: string; scenarios: string[] }) => [i.code, i.scenarios])).toEqual([
      ['SJ-002', ['FOOD']],
      ['SJ-001', ['FOOD', 'VENUE']],
      ['XF-001', ['VENUE', 'FOOD']],
      ['HB-001', ['VENUE']],
    ]);
    expect(new Set(list.checklist.map((l: { code: string }) => l.code)).size).toBe(list.checklist.length);
    expect(list.checklist).toHaveLength(4);

    // withdrawn from one scenario: its own items leave the checklist, shared ones stay
    ok(await huashe.request('DELETE', `/api/v1/enforce/scenarios/VENUE/objects/${id}`));
    await expectAudited(t.store.db, { action: 'enforce.scenario.withdraw', actor: 'ver-huashe' });
    const after = ok(await huashe.get(`/api/v1/enforce/objects/${id}/checklist`));
    expect(after.items.map((i: { code: string }) => i.code)).toEqual(['SJ-002', 'SJ-001', 'XF-001']);
    expect(after.scenarios.map((s: { code: string }) => s.code)).toEqual(['FOOD']);
    expect((await huashe.request('DELETE', `/api/v1/enforce/scenarios/VENUE/objects/${id}`)).statusCode).toBe(404);
  });

  it('a town enrols only its own objects and sees only their enrolments', async () => {
    const other = ids[creditCode(2)]!;
    const refused = await huashe.request('PUT', `/api/v1/enforce/scenarios/FOOD/objects/${other}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await huashe.get(`/api/v1/enforce/objects/${other}/checklist`)).statusCode).toBe(403);
    ok(await analyst.request('PUT', `/api/v1/enforce/scenarios/FOOD/objects/${other}`));
    expect((await huashe.request('DELETE', `/api/v1/enforce/scenarios/FOOD/objects/${other}`)).statusCode).toBe(403);
    const county = ok(await analyst.get('/api/v1/enforce/scenarios/FOOD/objects')).items;
    expect(county.map((o: { subjectId: number }) => o.subjectId).sort()).toEqual([ids[creditCode(1)], other].sort());
    const town = ok(await huashe.get('/api/v1/enforce/scenarios/FOOD/objects')).items;
    expect(town.map((o: { subjectId: number }) => o.subjectId)).toEqual([ids[creditCode(1)]]);
    // a leader reads but may not enrol; an unknown scenario is 404
    expect((await leader.request('PUT', `/api/v1/enforce/scenarios/FOOD/objects/${other}`)).statusCode).toBe(403);
    expect((await analyst.request('PUT', `/api/v1/enforce/scenarios/NOPE/objects/${other}`)).statusCode).toBe(404);
  });
});
