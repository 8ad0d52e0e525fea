/**
 * 亩均效益评价 through the real app: roster, land (owned and leased), four bureaus' files through the
 * platform importer, reconciliation, a run on the Huangyan presets (firms exactly at every benchmark
 * score 100), classes and vetoes, 不参评 reasons, the lists for the grid company and the tax bureau,
 * 调档 needing a second officer, and a town officer who sees only their town.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { creditCodeCheckChar, organisationCodeCheckChar } from '@gongfu/engine/mujun';
import { buildApp } from '../src/app.js';
import { expectAudited } from './audit-helpers.js';
import { readXlsx, xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const YEAR = 2025;

/** A valid 统一社会信用代码 of a Keqiao company from a serial number. */
function creditCode(serial: number): string {
  const org8 = `MA${String(serial).padStart(6, '0')}`;
  const org = org8 + organisationCodeCheckChar(org8)!;
  const first17 = `91330603${org}`;
  return first17 + creditCodeCheckChar(first17);
}

const ABOVE = creditCode(1); // 规上 at every benchmark, owns 100 亩 and leases 30 of them to BELOW
const BELOW = creditCode(2); // 规下 at every benchmark, leases 30 亩
const VETOED = creditCode(3); // 规上, twice the benchmarks but an environmental violation
const NO_TAX = creditCode(4); // 规下 without tax data
const KEYAN_FIRM = creditCode(5); // 规上 in 柯岩, at 0.6 of every benchmark
const STRANGER = creditCode(6); // holds land but is not in the roster

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let second: Client;
let huashe: Client;
let runId: number;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'jingxin', ['analyst'], KQ);
  await makeUser(t.store.db, 'jingxin-2', ['analyst'], KQ);
  await makeUser(t.store.db, 'huashe-officer', ['town_officer'], HUASHE);
  analyst = await signIn(app, 'jingxin');
  second = await signIn(app, 'jingxin-2');
  huashe = await signIn(app, 'huashe-officer');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const upload = async (who: Client, url: string, name: string, rows: Row[], title?: string) => {
  const res = await who.request('POST', url, multipartFile(name, await xlsx({ 表1: title ? [[title], ...rows] : rows })));
  return res;
};

const expectOk = (res: { statusCode: number; body: string }) => expect(res.statusCode, res.body).toBe(200);

describe('亩均效益评价', () => {
  it('imports the roster, the land file and four bureaus’ files', async () => {
    expectOk(
      await upload(analyst, '/api/v1/subjects/import?dryRun=false&kind=enterprise', 'roster.xlsx', [
        ['统一社会信用代码', '企业名称', '所属地区', '行业代码', '规模', '所属平台', '经营状态'],
        [ABOVE, '绍兴柯桥标杆印染有限公司', HUASHE, '1713', '规上', '柯桥经济技术开发区', '在营'],
        [BELOW, '绍兴柯桥标杆纺织有限公司', HUASHE, '1751', '规下', '柯桥经济技术开发区', '在营'],
        [VETOED, '绍兴柯桥违法化工有限公司', HUASHE, '2614', '规上', '柯桥经济技术开发区', '在营'],
        [NO_TAX, '绍兴柯桥无税服装有限公司', HUASHE, '1811', '规下', '中国轻纺城', '在营'],
        [KEYAN_FIRM, '绍兴柯岩半标杆机械有限公司', KEYAN, '3451', '规上', '柯桥经济技术开发区', '在营'],
      ]),
    );
    const land = await upload(analyst, `/api/v1/mujun/parcels?year=${YEAR}&dryRun=false`, 'land.xlsx', [
      ['地块编号', '所属镇街', '面积（亩）', '权属企业信用代码', '承租企业信用代码', '承租面积（亩）'],
      ['HS-001', HUASHE, 100, ABOVE, BELOW, 30],
      ['HS-002', HUASHE, 50, VETOED, null, null],
      ['HS-003', HUASHE, 10, NO_TAX, null, null],
      ['KY-001', KEYAN, 80, KEYAN_FIRM, null, null],
      ['KY-002', KEYAN, 12, STRANGER, null, null],
    ]);
    expectOk(land);
    expect(land.json()).toMatchObject({ parcels: 5, leases: 1, areaMu: 252 });
    await expectAudited(t.store.db, { action: 'mujun.parcels.import', actor: 'jingxin' });

    // 规上 at the benchmarks on its 70 attributed 亩; VETOED at twice; KEYAN_FIRM at half
    const at = (land: number, k: number) => {
      const va = 136.16 * land * k;
      return {
        tax: 24.097 * land * k,
        va,
        // each ratio at k × its benchmark: value added per tce, per tonne, per person; R&D per revenue
        energy: va / (2.694 * k),
        emission: va / (4929.81 * k),
        employees: va / (18.14 * k),
        revenue: 1000,
        rd: 30.2 * k,
      };
    };
    const a = at(70, 1);
    const v = at(50, 2);
    const h = at(80, 0.6);
    const b = { tax: 11.5932 * 30, electricity: (11.5932 * 30) / 0.2352 };
    const imports: [string, Row[]][] = [
      [
        '税务局-实缴税金.xlsx',
        [
          ['统一社会信用代码', '企业名称', '年度', '实缴税金（万元）'],
          [ABOVE, '绍兴柯桥标杆印染有限公司', YEAR, a.tax],
          [BELOW, '绍兴柯桥标杆纺织有限公司', YEAR, b.tax],
          [VETOED, '绍兴柯桥违法化工有限公司', YEAR, v.tax],
          [KEYAN_FIRM, '绍兴柯岩半标杆机械有限公司', YEAR, h.tax],
        ],
      ],
      [
        '统计局-工业企业.xlsx',
        [
          ['统一社会信用代码', '企业名称', '年度', '工业增加值（万元）', '营业收入（万元）', '年平均职工人数（人）', 'R&D经费支出（万元）'],
          [ABOVE, '绍兴柯桥标杆印染有限公司', YEAR, a.va, a.revenue, a.employees, a.rd],
          [VETOED, '绍兴柯桥违法化工有限公司', YEAR, v.va, v.revenue, v.employees, v.rd],
          [KEYAN_FIRM, '绍兴柯岩半标杆机械有限公司', YEAR, h.va, h.revenue, h.employees, h.rd],
        ],
      ],
      [
        '供电公司-用电量.xlsx',
        [
          ['统一社会信用代码', '企业名称', '年度', '用电量（万千瓦时）'],
          [BELOW, '绍兴柯桥标杆纺织有限公司', YEAR, b.electricity],
          [NO_TAX, '绍兴柯桥无税服装有限公司', YEAR, 50],
        ],
      ],
      [
        '生态环境-能耗排放.xlsx',
        [
          [
            '统一社会信用代码',
            '企业名称',
            '年度',
            '综合能耗（吨标准煤）',
            '化学需氧量排放量（吨）',
            '氨氮排放量（吨）',
            '二氧化硫排放量（吨）',
            '氮氧化物排放量（吨）',
            '重大环境违法（起）',
          ],
          [ABOVE, '绍兴柯桥标杆印染有限公司', YEAR, a.energy, a.emission / 2, a.emission / 4, a.emission / 8, a.emission / 8, 0],
          [VETOED, '绍兴柯桥违法化工有限公司', YEAR, v.energy, v.emission, 0, 0, 0, 1],
          [KEYAN_FIRM, '绍兴柯岩半标杆机械有限公司', YEAR, h.energy, h.emission, 0, 0, 0, 0],
        ],
      ],
    ];
    for (const [name, rows] of imports) expectOk(await upload(analyst, '/api/v1/imports?dryRun=false', name, rows));
  });

  it('refuses a land file with a wrong credit code, naming the row, column and character', async () => {
    const wrong = ABOVE.slice(0, 17) + (ABOVE[17] === '0' ? '1' : '0');
    const res = await upload(analyst, `/api/v1/mujun/parcels?year=${YEAR}&dryRun=false`, 'bad-land.xlsx', [
      ['地块编号', '所属镇街', '面积（亩）', '权属企业信用代码'],
      ['HS-009', HUASHE, 10, wrong],
    ]);
    expect(res.statusCode).toBe(422);
    const issue = res.json().error.details.issues[0];
    expect(issue).toMatchObject({ row: 2, column: 'D', code: 'BAD_CREDIT_CODE' });
    expect(issue.zh).toContain('第 18 位');
  });

  it('reconciles before scoring: missing sources, land held by a firm not in the roster', async () => {
    const res = await analyst.get(`/api/v1/mujun/reconcile?year=${YEAR}`);
    expectOk(res);
    const r = res.json();
    expect(r.enterprises).toBe(5);
    expect(r.missing.find((m: { source: string }) => m.source === 'tax').firms.map((f: { code: string }) => f.code)).toEqual([NO_TAX]);
    expect(r.landWithoutEnterprise).toEqual([expect.objectContaining({ parcel: 'KY-002', code: STRANGER, role: 'owner' })]);
    expect(r.landWithoutEnterprise[0].closest[0]).toContain('（');
  });

  it('scores firms at every Huangyan benchmark 100.000, classes them, lists 不参评 with the reason and vetoes as D', async () => {
    expect((await huashe.request('POST', '/api/v1/mujun/runs', { payload: { year: YEAR } })).statusCode).toBe(403);
    const res = await analyst.request('POST', '/api/v1/mujun/runs', { payload: { year: YEAR } });
    expectOk(res);
    runId = res.json().id;
    await expectAudited(t.store.db, { action: 'mujun.run', actor: 'jingxin', target: `mujun_run:${runId}` });
    const results = (await analyst.get(`/api/v1/mujun/runs/${runId}/results`)).json().items as {
      code: string;
      score: number | null;
      class: string | null;
      landMu: number | null;
      notRated: string | null;
      vetoes: string[];
    }[];
    const of = (code: string) => results.find((r) => r.code === code)!;
    expect(of(ABOVE).landMu).toBe(70);
    expect(of(BELOW).landMu).toBe(30);
    expect(of(ABOVE).score).toBeCloseTo(100, 3);
    expect(of(BELOW).score).toBeCloseTo(100, 3);
    expect(of(ABOVE).class).toBe('B'); // bands 110 / 80 / 50
    expect(of(VETOED)).toMatchObject({ class: 'D', vetoes: ['env_violation'] });
    expect(of(VETOED).score).toBeGreaterThan(150);
    expect(of(KEYAN_FIRM)).toMatchObject({ class: 'C' });
    expect(of(KEYAN_FIRM).score).toBeCloseTo(60, 3);
    expect(of(VETOED).score).toBeCloseTo(200, 3);
    expect(of(NO_TAX)).toMatchObject({ class: null, score: null, notRated: '缺少税务数据，不参评' });
  });

  it('a town officer sees only the results of their own town', async () => {
    const res = await huashe.get(`/api/v1/mujun/runs/${runId}/results`);
    expectOk(res);
    const codes = res.json().items.map((r: { code: string }) => r.code);
    expect(codes).toContain(ABOVE);
    expect(codes).not.toContain(KEYAN_FIRM);
    const dist = (await huashe.get(`/api/v1/mujun/runs/${runId}/distribution`)).json().rows as { code: string }[];
    expect(new Set(dist.map((d) => d.code))).toEqual(new Set([HUASHE]));
  });

  it('调档 needs a reason and a second officer; the approved class is the one counted', async () => {
    const asked = await analyst.request('POST', `/api/v1/mujun/runs/${runId}/adjustments`, {
      payload: { enterprise: ABOVE, toClass: 'A', reason: '年度内新增国家级专精特新认定，经区亩均办研究上调' },
    });
    expectOk(asked);
    const id = asked.json().id;
    const own = await analyst.request('POST', `/api/v1/mujun/runs/${runId}/adjustments/${id}/decision`, { payload: { approve: true } });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('SECOND_OFFICER_REQUIRED');
    const before = (await analyst.get(`/api/v1/mujun/runs/${runId}/results?q=${ABOVE}`)).json().items[0];
    expect(before).toMatchObject({ class: 'B', adjusted: false });
    expectOk(
      await second.request('POST', `/api/v1/mujun/runs/${runId}/adjustments/${id}/decision`, { payload: { approve: true, note: '同意' } }),
    );
    const after = (await analyst.get(`/api/v1/mujun/runs/${runId}/results?q=${ABOVE}`)).json().items[0];
    expect(after).toMatchObject({ class: 'A', computedClass: 'B', adjusted: true });
    await expectAudited(t.store.db, { action: 'mujun.adjust.approve', actor: 'jingxin-2' });
  });

  it('exports the grid company’s and the tax bureau’s lists with their columns, audited', async () => {
    const grid = await analyst.get(`/api/v1/mujun/runs/${runId}/lists/grid`);
    expectOk(grid);
    const gridRows = Object.values(await readXlsx(grid.rawPayload))[0];
    expect(gridRows[0]).toEqual([
      '统一社会信用代码',
      '企业名称',
      '所属镇街',
      '规模',
      '评价类别',
      '连续年数',
      '差别化电价加价（元/千瓦时）',
      '执行依据',
    ]);
    expect(gridRows.slice(1).map((r) => [r[0], r[4], r[6]])).toEqual([[VETOED, 'D', 0.1]]);
    const tax = Object.values(await readXlsx((await analyst.get(`/api/v1/mujun/runs/${runId}/lists/tax`)).rawPayload))[0];
    expect(tax.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      [ABOVE, 'A', 100],
      [BELOW, 'B', 80],
    ]);
    await expectAudited(t.store.db, { action: 'mujun.list', actor: 'jingxin' });
  });
});
