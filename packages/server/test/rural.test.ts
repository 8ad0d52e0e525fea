/**
 * 乡村共富 through the real app: a town ledger workbook (problems located, nothing written on
 * error), 经营性收入 without subsidies, weak villages by rules with reasons and year-on-year change,
 * a pairing, low-income households stored encrypted (the raw table holds no clear value), masked in
 * every route that returns household data, revealed one at a time by a user with `rural:pii` with
 * an audit entry, indicators, and the scope of a town and of a village officer.
 */
import { idCheckDigit } from '@gongfu/engine/rural';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/app.js';
import { rows } from '../src/db/store.js';
import { expectAudited } from './audit-helpers.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

process.env.GONGFU_PII_KEY ??= Buffer.alloc(32, 7).toString('base64');

const KQ = '330603000000';
const HUASHE = '330603003000';
const XINGHUA = '330603003004'; // 华舍 · 兴华社区
const WENDU = '330603003005'; // 华舍 · 温渎社区
const GUANSHU = '330603001008'; // 柯桥街道 · 管墅社区
let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let privacy: Client;
let huashe: Client;
let xinghua: Client;
let cadre: Client;

const idWithCheck = (base17: string) => base17 + idCheckDigit(base17);
const PEOPLE = [
  { code: 'HH-1', village: XINGHUA, name: '张三明', id: idWithCheck('33060319600101123'), phone: '13812345678' },
  { code: 'HH-2', village: WENDU, name: '李四', id: idWithCheck('33060319700202456'), phone: '13987654321' },
  { code: 'HH-3', village: GUANSHU, name: '欧阳小锋', id: idWithCheck('33060319800303789'), phone: null },
];
const clearValues = PEOPLE.flatMap((p) => [p.name, p.id, ...(p.phone ? [p.phone] : [])]);
const expectNoClear = (body: string) => {
  for (const v of clearValues) expect(body, `no clear "${v}"`).not.toContain(v);
};

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await t.store.db.execute(
    sql`insert into role (code, name_zh, name_en, permissions, data_scope, builtin)
        values ('rural_privacy', '低收入农户信息专员', 'Household data officer', array['rural:read','rural:pii'], 'region_and_below', false)`,
  );
  await makeUser(t.store.db, 'rural-analyst', ['analyst'], KQ);
  await makeUser(t.store.db, 'rural-privacy', ['rural_privacy'], KQ);
  await makeUser(t.store.db, 'rural-huashe', ['town_officer'], HUASHE);
  await makeUser(t.store.db, 'rural-xinghua', ['town_officer'], XINGHUA);
  // a village cadre: the register's permissions for exactly their own village (data scope "region only")
  await t.store.db.execute(
    sql`insert into role (code, name_zh, name_en, permissions, data_scope, builtin)
        values ('rural_cadre', '村干部', 'Village cadre', array['rural:read','rural:write'], 'region', false)`,
  );
  await makeUser(t.store.db, 'rural-cadre', ['rural_cadre'], XINGHUA);
  analyst = await signIn(app, 'rural-analyst');
  privacy = await signIn(app, 'rural-privacy');
  huashe = await signIn(app, 'rural-huashe');
  xinghua = await signIn(app, 'rural-xinghua');
  cadre = await signIn(app, 'rural-cadre');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const ok = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
};
const csvFile = (name: string, text: string) => multipartFile(name, new TextEncoder().encode(text));
const upload = (c: Client, name: string, text: string, dryRun = false) => {
  const f = csvFile(name, text);
  return c.request('POST', `/api/v1/rural/ledgers?dryRun=${dryRun}`, { payload: f.payload, headers: f.headers });
};

// 兴华 2021: rent 30万 + service 10万 + subsidy 70万 → total 110万, operating 40万 (weak: operating < 50万)
// 兴华 2020: rent 20万 + subsidy 10万 → total 30万, operating 20万 (weak by both rules)
// 温渎 2021: investment 60万 + property 50万 → operating 110万; 2020: property 80万 → total 80万 (weak: total < 100万)
// 管墅 2021: subsidy 200万 only → operating 0 (weak)
const LEDGER = [
  '村社编码,村社名称,年度,租赁收入(万元),物业收入(万元),服务收入(万元),投资收益(万元),补助收入(万元),资产总额(万元)',
  `${XINGHUA},兴华社区居委会,2021,30,,10,,70,900`,
  `${XINGHUA},兴华社区居委会,2020,20,,,,10,`,
  `${WENDU},温渎社区居委会,2021,,50,,60,,`,
  `${WENDU},温渎社区居委会,2020,,80,,,,`,
  `${GUANSHU},管墅社区居委会,2021,,,,,200,`,
].join('\n');

describe('乡村共富 · village collective economy', () => {
  it('rejects a bad workbook with sheet, row and column, writing nothing', async () => {
    const bad = ['村社编码,年度,租赁收入,补助收入', `${XINGHUA},2021,abc,10`, `999999999999,2021,1,1`, `${XINGHUA},21,1,1`].join('\n');
    const res = await upload(analyst, 'bad.csv', bad);
    expect(res.statusCode).toBe(422);
    const issues = res.json().error.details.issues as { row: number; column: string | null; code: string }[];
    expect(issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'C', 'BAD_AMOUNT'],
      [3, 'A', 'UNKNOWN_VILLAGE'],
      [4, 'B', 'BAD_YEAR'],
    ]);
    const n = await rows<{ n: number }>(t.store.db, sql`select count(*)::int as n from rural_ledger`);
    expect(n[0]!.n).toBe(0);
  });

  it('names the columns a header lacks, in Chinese and English', async () => {
    const res = await upload(analyst, 'header.csv', ['年度,备注', '2021,x'].join('\n'));
    expect(res.statusCode).toBe(422);
    const [issue] = res.json().error.details.issues as { row: number; column: string | null; code: string; zh: string; en: string }[];
    expect(issue).toMatchObject({ row: 1, column: null, code: 'HEADER_MISSING_COLUMN' });
    expect(issue!.zh).toBe('表头缺少列：村社编码/村社名称、收入科目（如 租赁收入、补助收入）');
    expect(issue!.en).toBe('The header lacks: village code / village name, income items (e.g. rental income, subsidies)');
  });

  it('a town officer cannot import another town’s village', async () => {
    const res = await upload(huashe, 'other.csv', `村社编码,年度,租赁收入\n${GUANSHU},2021,1`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.issues[0].code).toBe('UNKNOWN_VILLAGE');
  });

  it('imports the ledger (万元 headers) in one audited transaction', async () => {
    const dry = ok(await upload(analyst, 'ledger.csv', LEDGER, true));
    expect(dry).toMatchObject({ dryRun: true, rows: 5, villages: 3, years: [2020, 2021] });
    const rep = ok(await upload(analyst, 'ledger.csv', LEDGER));
    expect(rep).toMatchObject({ dryRun: false, lines: 10, villages: 3 });
    await expectAudited(t.store.db, { action: 'rural.ledgers.import', actor: 'rural-analyst', target: 'rural_ledger:ledger.csv' });
  });

  it('operating income excludes subsidies; growth and ranks', async () => {
    const e = ok(await analyst.get('/api/v1/rural/economy?year=2021&sort=code'));
    expect(e.total).toBe(3);
    const by = Object.fromEntries(e.items.map((v: { code: string }) => [v.code, v]));
    expect(by[XINGHUA]).toMatchObject({ total: 1_100_000, operating: 400_000, subsidy: 700_000, assets: 9_000_000, townName: '华舍街道' });
    expect(by[XINGHUA].operatingGrowth).toBeCloseTo(1, 12); // 20万 → 40万
    expect(by[WENDU]).toMatchObject({ operating: 1_100_000, rankInTown: 1, rankInDistrict: 1 });
    expect(by[XINGHUA]).toMatchObject({ rankInTown: 2, rankInDistrict: 2 });
    expect(by[GUANSHU]).toMatchObject({ total: 2_000_000, operating: 0, rankInTown: 1, rankInDistrict: 3 });
    expect(e.summary).toMatchObject({ total: 4_200_000, operating: 1_500_000, subsidy: 2_700_000, reported: 3 });
    expect(e.summary.totalGrowth).toBeCloseTo(4.2 / 1.1 - 1, 12);
  });

  it('the trend: every year with ledgers, totals without subsidies in 经营性收入, and growth; a village alone for its cadre', async () => {
    const tr = ok(await analyst.get('/api/v1/rural/economy/trend'));
    expect(
      tr.items.map((y: { year: number; villages: number; total: number; operating: number }) => [y.year, y.villages, y.total, y.operating]),
    ).toEqual([
      [2020, 2, 1_100_000, 1_000_000],
      [2021, 3, 4_200_000, 1_500_000],
    ]);
    expect(tr.items[0].totalGrowth).toBeNull();
    expect(tr.items[1].operatingGrowth).toBeCloseTo(0.5, 12);
    const village = ok(await analyst.get(`/api/v1/rural/economy/trend?region=${XINGHUA}`));
    expect(village.items.map((y: { total: number; subsidy: number }) => [y.total, y.subsidy])).toEqual([
      [300_000, 100_000],
      [1_100_000, 700_000],
    ]);
    expect(ok(await xinghua.get('/api/v1/rural/economy/trend')).items.map((y: { total: number }) => y.total)).toEqual([300_000, 1_100_000]);
  });
});

describe('乡村共富 · weak villages and pairing', () => {
  it('identifies weak villages by the default rules, with reasons and change', async () => {
    ok(await analyst.request('POST', '/api/v1/rural/weak', { payload: { year: 2020 } }));
    const rep = ok(await analyst.request('POST', '/api/v1/rural/weak', { payload: { year: 2021 } }));
    expect(rep).toMatchObject({ year: 2021, weak: 2, exited: 1 });
    await expectAudited(t.store.db, { action: 'rural.weak.compute', actor: 'rural-analyst', target: `rural_weak:2021:${KQ}` });
    const list = ok(await analyst.get('/api/v1/rural/weak?year=2021'));
    expect(list.items.map((w: { code: string; change: string }) => [w.code, w.change])).toEqual([
      [GUANSHU, 'new'],
      [XINGHUA, 'continued'],
    ]);
    expect(list.items[1].reasons).toEqual([{ rule: 'operating_below_50w', metric: 'operating', value: 400_000, below: 500_000 }]);
    expect(list.exited.map((x: { code: string }) => x.code)).toEqual([WENDU]);
  });

  it('rules are data: another line gives another list; bad rules are refused', async () => {
    const rep = ok(
      await analyst.request('POST', '/api/v1/rural/weak', {
        payload: { year: 2021, rules: [{ id: 'total_below_150w', metric: 'total', below: 1_500_000 }] },
      }),
    );
    expect(rep.weak).toBe(2); // 兴华 110万, 温渎 110万
    const list = ok(await analyst.get('/api/v1/rural/weak?year=2021'));
    expect(list.items.map((w: { code: string }) => w.code)).toEqual([XINGHUA, WENDU]);
    const bad = await analyst.request('POST', '/api/v1/rural/weak', {
      payload: { year: 2021, rules: [{ id: 'x', metric: 'assets', below: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
    ok(await analyst.request('POST', '/api/v1/rural/weak', { payload: { year: 2021 } }));
  });

  it('pairs a department with a village and shows its effect', async () => {
    const p = ok(
      await analyst.request('POST', '/api/v1/rural/pairings', {
        payload: {
          villageCode: XINGHUA,
          partnerKind: 'department',
          partnerName: '区农业农村局',
          startYear: 2021,
          amount: 500000,
          projects: '标准厂房出租；强村公司入股',
          milestones: [
            { date: '2021-06-30', text: '厂房竣工', done: true },
            { date: '2022-03-31', text: '首年租金到账' },
          ],
        },
      }),
    );
    await expectAudited(t.store.db, { action: 'rural.pairing.create', actor: 'rural-analyst', target: `rural_pairing:${p.id}` });
    const list = ok(await analyst.get('/api/v1/rural/pairings'));
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      partnerKind: 'department',
      amount: 500_000,
      projects: '标准厂房出租；强村公司入股',
      milestones: [
        { date: '2021-06-30', text: '厂房竣工', done: true },
        { date: '2022-03-31', text: '首年租金到账', done: false },
      ],
    });
    // its effect on the village's operating income in the years after it started (base: the year before)
    expect(list.items[0].effect).toMatchObject({ baseYear: 2020, base: 200_000, years: [{ year: 2021, value: 400_000, uplift: 1 }] });
    expect(list.items[0].effect.annualGrowth).toBeCloseTo(1, 12);
    const weak = ok(await analyst.get('/api/v1/rural/weak?year=2021'));
    expect(weak.items.find((w: { code: string }) => w.code === XINGHUA).partners).toEqual(['区农业农村局']);
    const town = await huashe.request('POST', '/api/v1/rural/pairings', {
      payload: { villageCode: GUANSHU, partnerKind: 'enterprise', partnerName: 'X', startYear: 2021 },
    });
    expect(town.statusCode).toBe(403);
  });
});

describe('乡村共富 · low-income households and personal data', () => {
  it('registers households with PII encrypted at rest', async () => {
    for (const p of PEOPLE) {
      ok(
        await analyst.request('POST', '/api/v1/rural/households', {
          payload: {
            code: p.code,
            villageCode: p.village,
            members: 3,
            name: p.name,
            idNumber: p.id,
            phone: p.phone,
            flags: p.code === 'HH-3' ? ['illness'] : [],
            incomes: [
              { year: 2020, wage: 30000, business: 6000, property: 0, transfer: 9000 },
              { year: 2021, wage: p.code === 'HH-3' ? 20000 : 33000, business: 6600, property: 300, transfer: 9600 },
            ],
          },
        }),
      );
    }
    const audit = await expectAudited(t.store.db, {
      action: 'rural.household.create',
      actor: 'rural-analyst',
      target: 'rural_household:HH-3',
    });
    expectNoClear(JSON.stringify(audit));
    const raw = await rows(t.store.db, sql`select * from rural_household`);
    expect(raw).toHaveLength(3);
    expectNoClear(JSON.stringify(raw));
    expect(String((raw[0] as { id_enc: string }).id_enc)).toMatch(/^v1:/);
    const dup = await analyst.request('POST', '/api/v1/rural/households', {
      payload: { code: 'HH-9', villageCode: XINGHUA, members: 1, name: '王五', idNumber: PEOPLE[0]!.id },
    });
    expect(dup.statusCode).toBe(409);
    const badId = await analyst.request('POST', '/api/v1/rural/households', {
      payload: { code: 'HH-9', villageCode: XINGHUA, members: 1, name: '王五', idNumber: '330603196001011230' },
    });
    expect(badId.statusCode).toBe(400);
  });

  it('the household routes are masked for a user without rural:pii (every route: rural-pii-walk.test.ts)', async () => {
    const list = await analyst.get('/api/v1/rural/households?year=2021');
    expectNoClear(list.body);
    const items = ok(list).items as { id: number; code: string; nameMasked: string; idMasked: string; phoneMasked: string | null }[];
    const hh1 = items.find((h) => h.code === 'HH-1')!;
    expect(hh1).toMatchObject({ nameMasked: '张*明', idMasked: `330603********${PEOPLE[0]!.id.slice(-4)}`, phoneMasked: '138****5678' });
    expect(items.find((h) => h.code === 'HH-3')!.nameMasked).toBe('欧**锋');
    for (const url of [
      `/api/v1/rural/households/${hh1.id}`,
      '/api/v1/rural/households/summary?year=2021',
      '/api/v1/rural/households?year=2021&q=HH',
      '/api/v1/rural/weak?year=2021',
      '/api/v1/rural/economy?year=2021',
    ]) {
      const res = await analyst.get(url);
      expect(res.statusCode, url).toBe(200);
      expectNoClear(res.body);
    }
    const reveal = await analyst.request('POST', `/api/v1/rural/households/${hh1.id}/reveal`, { payload: { reason: '核对帮扶对象身份' } });
    expect(reveal.statusCode).toBe(403);
    expectNoClear(reveal.body);
  });

  it('income growth against +10 % and risk flags', async () => {
    const items = ok(await analyst.get('/api/v1/rural/households?year=2021')).items as {
      code: string;
      perCapita: number;
      growth: number;
      meetsTarget: boolean;
      risks: string[];
    }[];
    const hh1 = items.find((h) => h.code === 'HH-1')!;
    expect(hh1.perCapita).toBe(16_500); // 49,500 / 3
    expect(hh1.growth).toBeCloseTo(0.1, 12); // from 15,000
    expect(hh1.meetsTarget).toBe(true);
    const hh3 = items.find((h) => h.code === 'HH-3')!;
    expect(hh3.perCapita).toBe(12_166.666666666666); // 36,500 / 3
    expect(hh3.risks).toEqual(['income_drop', 'illness']);
    const s = ok(await analyst.get('/api/v1/rural/households/summary?year=2021'));
    expect(s.total).toMatchObject({ households: 3, tracked: 3 });
    expect(s.total.perCapita).toBeCloseTo((49_500 * 2 + 36_500) / 9, 9);
    expect(s.total.previous).toBe(15_000);
    // per town: 华舍 holds HH-1 and HH-2 (49,500 each over 3), 柯桥街道 HH-3; no household code or id in the aggregate
    expect(s.towns.map((x: { name: string; households: number }) => [x.name, x.households])).toEqual([
      ['柯桥街道', 1],
      ['华舍街道', 2],
    ]);
    const hs = s.towns.find((x: { code: string }) => x.code === HUASHE);
    expect(hs).toMatchObject({ tracked: 2, perCapita: 16_500, previous: 15_000, meetsTarget: 2, atRisk: 0 });
    expect(hs.growth).toBeCloseTo(0.1, 12);
    expect(s.towns.find((x: { code: string }) => x.code !== HUASHE)).toMatchObject({ atRisk: 1, meetsTarget: 0 });
    expect(JSON.stringify(s)).not.toMatch(/HH-\d/);
    const town = ok(await huashe.get('/api/v1/rural/households/summary?year=2021'));
    expect(town.towns.map((x: { code: string }) => x.code)).toEqual([HUASHE]);
  });

  it('a user with rural:pii reveals one household with a reason; the reveal is audited', async () => {
    const items = ok(await privacy.get('/api/v1/rural/households?year=2021')).items as { id: number; code: string }[];
    expectNoClear(JSON.stringify(items));
    const hh1 = items.find((h) => h.code === 'HH-1')!;
    const noReason = await privacy.request('POST', `/api/v1/rural/households/${hh1.id}/reveal`, { payload: { reason: '' } });
    expect(noReason.statusCode).toBe(400);
    const res = await privacy.request('POST', `/api/v1/rural/households/${hh1.id}/reveal`, { payload: { reason: '核对帮扶对象身份' } });
    const r = ok(res);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(r).toEqual({ id: hh1.id, code: 'HH-1', name: '张三明', idNumber: PEOPLE[0]!.id, phone: '13812345678' });
    const audit = await expectAudited(t.store.db, {
      action: 'rural.household.reveal',
      actor: 'rural-privacy',
      target: 'rural_household:HH-1',
    });
    expect(audit.after).toMatchObject({ household: 'HH-1', reason: '核对帮扶对象身份' });
    expectNoClear(JSON.stringify(audit));
  });
});

describe('乡村共富 · scope', () => {
  it('a town officer sees only their town’s villages', async () => {
    const e = ok(await huashe.get('/api/v1/rural/economy?year=2021'));
    expect(e.items.map((v: { code: string }) => v.code).sort()).toEqual([XINGHUA, WENDU]);
    expect(e.region.code).toBe(HUASHE);
    const hh = ok(await huashe.get('/api/v1/rural/households?year=2021'));
    expect(hh.items.map((h: { code: string }) => h.code)).toEqual(['HH-1', 'HH-2']);
    expect((await huashe.get(`/api/v1/rural/economy?year=2021&region=${KQ}`)).statusCode).toBe(403);
  });

  it('a village officer sees only their village', async () => {
    const e = ok(await xinghua.get('/api/v1/rural/economy?year=2021'));
    expect(e.items.map((v: { code: string }) => v.code)).toEqual([XINGHUA]);
    expect(e.summary.total).toBe(1_100_000);
    const hh = ok(await xinghua.get('/api/v1/rural/households?year=2021'));
    expect(hh.items.map((h: { code: string }) => h.code)).toEqual(['HH-1']);
    const weak = ok(await xinghua.get('/api/v1/rural/weak?year=2021'));
    expect(weak.items.map((w: { code: string }) => w.code)).toEqual([XINGHUA]);
    const other = ok(await analyst.get('/api/v1/rural/households?year=2021')).items.find((h: { code: string }) => h.code === 'HH-2');
    expect((await xinghua.get(`/api/v1/rural/households/${other.id}`)).statusCode).toBe(404);
    expect((await xinghua.get(`/api/v1/rural/economy?year=2021&region=${WENDU}`)).statusCode).toBe(403);
  });

  it('a village cadre with the "region only" scope sees their village on every rural route, and writes only there', async () => {
    const codesOf = (b: { items: { code?: string; villageCode?: string }[] }) => b.items.map((x) => x.villageCode ?? x.code);
    const e = ok(await cadre.get('/api/v1/rural/economy?year=2021'));
    expect(e.region.code).toBe(XINGHUA);
    expect(codesOf(e)).toEqual([XINGHUA]);
    expect(e.towns.map((x: { code: string }) => x.code)).toEqual([HUASHE]);
    expect(e.summary).toMatchObject({ villages: 1, total: 1_100_000 });
    // ranks are the village's places among all villages of its town and the district, not within the caller's scope
    expect(e.items[0]).toMatchObject({ rankInTown: 2, rankInDistrict: 2 });
    expect(JSON.stringify(e)).not.toMatch(new RegExp(`${WENDU}|${GUANSHU}|温渎|管墅`));
    expect(codesOf(ok(await cadre.get('/api/v1/rural/weak?year=2021')))).toEqual([XINGHUA]);
    expect(codesOf(ok(await cadre.get('/api/v1/rural/pairings')))).toEqual([XINGHUA]);
    const hh = ok(await cadre.get('/api/v1/rural/households?year=2021'));
    expect(hh.items.map((h: { code: string }) => h.code)).toEqual(['HH-1']);
    const s = ok(await cadre.get('/api/v1/rural/households/summary?year=2021'));
    expect(s.total.households).toBe(1);
    expect(s.items.map((x: { code: string }) => x.code)).toEqual([XINGHUA]);
    const exp = await cadre.get('/api/v1/rural/households/export/masked?year=2021&format=csv');
    expect(
      exp.body
        .split('\r\n')
        .filter((l) => /^HH-/.test(l))
        .map((l) => l.split(',')[0]),
    ).toEqual(['HH-1']);
    const all = ok(await analyst.get('/api/v1/rural/households?year=2021')).items as { id: number; code: string }[];
    expect((await cadre.get(`/api/v1/rural/households/${all.find((h) => h.code === 'HH-2')!.id}`)).statusCode).toBe(404);
    expect((await cadre.get(`/api/v1/rural/households/${all.find((h) => h.code === 'HH-1')!.id}`)).statusCode).toBe(200);
    for (const region of [WENDU, HUASHE, KQ])
      expect((await cadre.get(`/api/v1/rural/economy?year=2021&region=${region}`)).statusCode).toBe(403);
    // writes: a neighbour village's ledger is unknown to them, a pairing for it is refused
    const other = await upload(cadre, 'other.csv', `村社编码,年度,租赁收入\n${WENDU},2021,1`);
    expect(other.json().error.details.issues[0].code).toBe('UNKNOWN_VILLAGE');
    const pair = await cadre.request('POST', '/api/v1/rural/pairings', {
      payload: { villageCode: WENDU, partnerKind: 'enterprise', partnerName: 'X', startYear: 2021 },
    });
    expect(pair.statusCode).toBe(403);
  });
});

describe('乡村共富 · indicators', () => {
  it('writes collective income and low-income household indicators through the observation writer', async () => {
    const rep = ok(await analyst.request('POST', '/api/v1/rural/indicators', { payload: { year: 2021 } }));
    expect(rep.batchId).not.toBeNull();
    await expectAudited(t.store.db, { action: 'rural.indicators', actor: 'rural-analyst' });
    const v = await rows<{ code: string; value: number }>(
      t.store.db,
      sql`select o.indicator_code as code, o.value from observation o join subject s on s.id = o.subject_id
          where s.code = ${KQ} and o.indicator_code like 'RURAL_%' and o.period = '2021' and o.is_current order by 1`,
    );
    expect(Object.fromEntries(v.map((x) => [x.code, x.value]))).toMatchObject({
      RURAL_COLLECTIVE_INCOME: 420,
      RURAL_COLLECTIVE_OPERATING_INCOME: 150,
    });
  });
});

describe('乡村共富 · the household register from a workbook, and its watermarked export', () => {
  const NEW = [
    { code: 'HH-11', name: '陈一', id: idWithCheck('33060319650505111') },
    { code: 'HH-12', name: '周二', id: idWithCheck('33060319750606222') },
  ];
  const header = '户编号,村社名称,户主姓名,身份证号,联系电话,家庭人口,年度,工资性收入,经营净收入,财产净收入,转移净收入,风险标识,帮扶措施';
  const good = [
    header,
    `HH-11,兴华社区居委会,陈一,${NEW[0]!.id},13700001111,2,2020,20000,2000,0,4000,,技能培训`,
    `HH-11,兴华社区居委会,陈一,${NEW[0]!.id},13700001111,2,2021,23000,2000,0,4400,,技能培训`,
    `HH-12,温渎社区居委会,周二,${NEW[1]!.id},,4,2021,30000,0,0,8000,大病,医疗救助`,
  ].join('\n');
  const importFile = (c: Client, text: string, dryRun: boolean) => {
    const f = csvFile('households.csv', text);
    return c.request('POST', `/api/v1/rural/households/import?dryRun=${dryRun}`, { payload: f.payload, headers: f.headers });
  };

  it('reports every problem with row and column, never quoting an ID or phone, and writes nothing', async () => {
    const before = await rows(t.store.db, sql`select id from rural_household`);
    const bad = [
      header,
      `HH-21,不存在村,王五,${NEW[0]!.id.slice(0, 17)}0,1370000,2,2021,1,0,0,0,,`,
      `HH-22,兴华社区居委会,赵六,${PEOPLE[0]!.id},,2,2021,abc,0,0,0,中风,`,
      `HH-23,兴华社区居委会,钱七,${NEW[1]!.id},,0,2021,1,0,0,0,,`,
    ].join('\n');
    const res = await importFile(analyst, bad, false);
    expect(res.statusCode).toBe(422);
    const issues = res.json().error.details.issues as { row: number; column: string | null; code: string }[];
    expect(issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'B', 'UNKNOWN_VILLAGE'],
      [2, 'D', 'BAD_ID_NUMBER'],
      [2, 'E', 'BAD_PHONE'],
      [3, 'L', 'BAD_FLAG'],
      [3, 'H', 'BAD_AMOUNT'],
      [3, 'D', 'DUPLICATE_PERSON'],
      [4, 'F', 'BAD_MEMBERS'],
    ]);
    for (const v of [NEW[0]!.id, NEW[1]!.id, PEOPLE[0]!.id, '1370000']) expect(res.body).not.toContain(v);
    expect(await rows(t.store.db, sql`select id from rural_household`)).toEqual(before);
  });

  it('previews masked on a dry run, then imports households with their incomes in one audited transaction', async () => {
    const dry = ok(await importFile(analyst, good, true));
    expect(dry).toMatchObject({ dryRun: true, rows: 3, households: 2, incomeYears: [2020, 2021] });
    expect(dry.preview[0]).toEqual({
      code: 'HH-11',
      villageCode: XINGHUA,
      members: 2,
      name: '陈*',
      idNumber: `330603********${NEW[0]!.id.slice(-4)}`,
    });
    expect(JSON.stringify(dry)).not.toContain(NEW[0]!.id);
    expect(ok(await importFile(analyst, good, false)).dryRun).toBe(false);
    const audit = await expectAudited(t.store.db, {
      action: 'rural.households.import',
      actor: 'rural-analyst',
      target: 'rural_household:2',
    });
    expect(JSON.stringify(audit)).not.toContain(NEW[0]!.id);
    const items = ok(await analyst.get('/api/v1/rural/households?year=2021&q=HH-1')).items as {
      code: string;
      perCapita: number;
      growth: number;
      risks: string[];
    }[];
    const hh11 = items.find((h) => h.code === 'HH-11')!;
    expect(hh11.perCapita).toBe(14_700); // 29,400 / 2
    expect(hh11.growth).toBeCloseTo(29_400 / 26_000 - 1, 12);
    expect(items.find((h) => h.code === 'HH-12')!.risks).toContain('illness');
    // the same file again: every household exists already
    const again = await importFile(analyst, good, false);
    expect(again.json().error.details.issues.map((i: { code: string }) => i.code)).toContain('DUPLICATE_HOUSEHOLD');
  });

  it('exports clear personal data only with rural:pii and a reason, watermarked with the exporter and time, and audited', async () => {
    expect((await analyst.get('/api/v1/rural/households/export?year=2021&reason=核对')).statusCode).toBe(403);
    expect((await privacy.get('/api/v1/rural/households/export?year=2021')).statusCode).toBe(400);
    const res = await privacy.get(`/api/v1/rural/households/export?year=2021&format=csv&reason=${encodeURIComponent('年度帮扶台账核对')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(
      /^个人信息 · 导出人：rural-privacy · 导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）· 仅限帮扶工作使用，不得外传$/,
    );
    expect(lines[1]!.split(',').slice(0, 5)).toEqual(['户编号', '镇街', '村社', '户主姓名', '身份证号']);
    expect(res.body).toContain(PEOPLE[0]!.id);
    expect(res.body).toContain('张三明');
    const audit = await expectAudited(t.store.db, { action: 'rural.households.export', actor: 'rural-privacy', target: `region:${KQ}` });
    expect(audit.after).toMatchObject({ year: 2021, reason: '年度帮扶台账核对', rows: 5, format: 'csv' });

    const xlsx = await privacy.get(`/api/v1/rural/households/export?year=2021&reason=${encodeURIComponent('年度帮扶台账核对')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('导出人：rural-privacy');
    expect(ws.headerFooter.oddFooter).toContain('导出人：rural-privacy');
    expect(ws.getCell('A2').value).toBe('户编号');
  });

  it('exports the register masked for a reader without rural:pii, watermarked and audited', async () => {
    const res = await analyst.get('/api/v1/rural/households/export/masked?year=2021&format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('已脱敏'));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^已脱敏 · 导出人：rural-analyst · 导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    const hh1 = lines.find((l) => l.startsWith('HH-1,'))!;
    expect(hh1.split(',').slice(3, 6)).toEqual(['张*明', `330603********${PEOPLE[0]!.id.slice(-4)}`, '138****5678']);
    expectNoClear(res.body);
    for (const n of NEW) expect(res.body).not.toContain(n.id);
    const audit = await expectAudited(t.store.db, {
      action: 'rural.households.export_masked',
      actor: 'rural-analyst',
      target: `region:${KQ}`,
    });
    expect(audit.after).toMatchObject({ year: 2021, rows: 5, format: 'csv' });
    expect(audit.after).not.toHaveProperty('reason');
    // a village officer's masked export holds their village only
    const village = await xinghua.get('/api/v1/rural/households/export/masked?year=2021&format=csv');
    expect(
      village.body
        .split('\r\n')
        .filter((l) => /^HH-/.test(l))
        .map((l) => l.split(',')[0]),
    ).toEqual(['HH-1', 'HH-11']);
  });
});

describe('乡村共富 · 未来乡村 evidence per indicator', () => {
  it('attaches evidence to a village’s indicator (audited), lists it in scope, refuses bad links and other towns', async () => {
    const add = (c: Client, payload: object) => c.request('POST', '/api/v1/rural/future/evidence', { payload });
    const e = ok(
      await add(huashe, {
        villageCode: XINGHUA,
        indicator: 'family_doctor',
        period: '2021',
        title: '2021年家庭医生签约台账',
        link: 'https://example.org/xinghua/family-doctor-2021.pdf',
        note: '签约 1,203 人',
      }),
    );
    await expectAudited(t.store.db, { action: 'rural.future.evidence', actor: 'rural-huashe', target: `rural_future_evidence:${e.id}` });
    ok(await add(analyst, { villageCode: GUANSHU, indicator: 'digital_scenes', period: '2021', title: '数字化场景清单' }));
    expect(
      (await add(analyst, { villageCode: XINGHUA, indicator: 'x', period: '2021', title: 't', link: 'javascript:alert(1)' })).statusCode,
    ).toBe(400);
    expect((await add(analyst, { villageCode: HUASHE, indicator: 'x', period: '2021', title: 't' })).statusCode).toBe(400); // a town, not a village
    expect((await add(huashe, { villageCode: GUANSHU, indicator: 'x', period: '2021', title: 't' })).statusCode).toBe(403);

    const all = ok(await analyst.get('/api/v1/rural/future/evidence?period=2021')).items as { villageCode: string; indicator: string }[];
    expect(all.map((x) => [x.villageCode, x.indicator])).toEqual([
      [GUANSHU, 'digital_scenes'],
      [XINGHUA, 'family_doctor'],
    ]);
    const mine = ok(await cadre.get(`/api/v1/rural/future/evidence?village=${XINGHUA}`)).items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      title: '2021年家庭医生签约台账',
      link: 'https://example.org/xinghua/family-doctor-2021.pdf',
      villageName: '兴华社区居委会',
    });
    expect(ok(await cadre.get(`/api/v1/rural/future/evidence?village=${GUANSHU}`)).items).toEqual([]);
  });
});
