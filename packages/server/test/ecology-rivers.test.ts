/**
 * 河长制 through the real app: rivers and reaches (GeoJSON optional), chiefs per level (an account
 * or a named person), patrol rules as data, a patrol whose problem opens an event case with the
 * reach and chief in the same transaction (and nothing stored when the case is refused), photos
 * through the upload door, completion per chief and town on a hand-computed month, the indicator
 * through the writer, and a town officer who sees and patrols only their town's reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadRiversDemo } from '../src/ecology/rivers-demo.js';
import { one, rows } from '../src/db/store.js';
import { auditHead, expectAudited } from './audit-helpers.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const KQ_JD = '330603001000'; // 柯桥街道
const HUASHE = '330603003000';

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let huashe: Client;
let leader: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'rv-analyst', ['analyst'], KQ);
  await makeUser(t.store.db, 'rv-huashe', ['town_officer'], HUASHE);
  await makeUser(t.store.db, 'rv-leader', ['leader'], KQ);
  analyst = await signIn(app, 'rv-analyst');
  huashe = await signIn(app, 'rv-huashe');
  leader = await signIn(app, 'rv-leader');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const ok = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
};
const count = async (table: string) => (await one<{ n: number }>(t.store.db, sql`select count(*)::int as n from ${sql.raw(table)}`))!.n;
const line = {
  type: 'LineString',
  coordinates: [
    [120.47, 30.07],
    [120.49, 30.08],
  ],
};
const patrol = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: `t-${Math.random().toString(36).slice(2, 12)}`,
  reachCode: 'T-R1',
  level: 'village',
  date: '2025-03-02',
  track: [
    [120.47, 30.07],
    [120.48, 30.075],
  ],
  note: '',
  problems: [],
  ...over,
});

describe('河长制', () => {
  it('registers rivers, reaches and chiefs, audited', async () => {
    const since = await auditHead(t.store.db);
    const river = ok(
      await analyst.request('PUT', '/api/v1/ecology/rivers/T-RIVER', { payload: { name: '测试河', regionCode: KQ, geometry: line } }),
    );
    expect(river).toMatchObject({ code: 'T-RIVER', hasGeometry: true, reaches: 0 });
    await expectAudited(t.store.db, { action: 'ecology.river.save', actor: 'rv-analyst', target: 'eco_river:T-RIVER', since });
    ok(
      await analyst.request('PUT', '/api/v1/ecology/reaches/T-R1', {
        payload: { riverCode: 'T-RIVER', name: '华舍段', regionCode: HUASHE, lengthKm: 2.4, geometry: line },
      }),
    );
    const r2 = ok(
      await analyst.request('PUT', '/api/v1/ecology/reaches/T-R2', {
        payload: { riverCode: 'T-RIVER', name: '柯桥段', regionCode: KQ_JD },
      }),
    );
    expect(r2).toMatchObject({ townCode: KQ_JD, hasGeometry: false, chiefs: [] });
    await expectAudited(t.store.db, { action: 'ecology.reach.save', actor: 'rv-analyst', target: 'eco_reach:T-R2', since });
    // a bad geometry names its field
    const bad = await analyst.request('PUT', '/api/v1/ecology/reaches/T-R3', {
      payload: { riverCode: 'T-RIVER', name: 'x', regionCode: HUASHE, geometry: { type: 'LineString', coordinates: [[1, 2]] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('geometry');
    // a reach must lie in a town or village
    expect(
      (await analyst.request('PUT', '/api/v1/ecology/reaches/T-R3', { payload: { riverCode: 'T-RIVER', name: 'x', regionCode: KQ } }))
        .statusCode,
    ).toBe(400);

    ok(await analyst.request('PUT', '/api/v1/ecology/reaches/T-R1/chiefs/town', { payload: { username: 'rv-huashe' } }));
    ok(
      await analyst.request('PUT', '/api/v1/ecology/reaches/T-R1/chiefs/village', {
        payload: { personName: '王村长', phone: '13800000000' },
      }),
    );
    ok(await analyst.request('PUT', '/api/v1/ecology/reaches/T-R2/chiefs/town', { payload: { personName: '李镇长' } }));
    await expectAudited(t.store.db, { action: 'ecology.chief.save', actor: 'rv-analyst', target: 'eco_reach:T-R2:town', since });
    const reaches = ok(await analyst.get('/api/v1/ecology/reaches?river=T-RIVER&from=2025-03-01&to=2025-03-31'));
    expect(reaches.total).toBe(2);
    const r1 = reaches.items.find((r: { code: string }) => r.code === 'T-R1');
    expect(
      r1.chiefs.map((c: { level: string; personName: string; username: string | null }) => [c.level, c.personName, c.username]),
    ).toEqual([
      ['town', 'rv-huashe', 'rv-huashe'],
      ['village', '王村长', null],
    ]);
  });

  it('keeps the patrol rules as data, with their source', async () => {
    const rules = ok(await analyst.get('/api/v1/ecology/patrol-rules'));
    expect(rules.map((r: { level: string; periodDays: number }) => [r.level, r.periodDays])).toEqual([
      ['district', 30],
      ['town', 10],
      ['village', 7],
    ]);
    expect(rules[2].source).toContain('浙江省河长制规定');
    // a town officer may not change them
    expect(
      (await huashe.request('PUT', '/api/v1/ecology/patrol-rules/village', { payload: { periodDays: 5, source: 'x' } })).statusCode,
    ).toBe(403);
  });

  it('a town officer sees and patrols only their town', async () => {
    const mine = ok(await huashe.get('/api/v1/ecology/reaches?river=T-RIVER'));
    expect(mine.items.map((r: { code: string }) => r.code)).toEqual(['T-R1']);
    expect(
      (await huashe.request('POST', '/api/v1/ecology/patrols', { payload: patrol({ reachCode: 'T-R2', level: 'town' }) })).statusCode,
    ).toBe(404);
    expect(
      (await huashe.request('PUT', '/api/v1/ecology/reaches/T-R2', { payload: { riverCode: 'T-RIVER', name: 'x', regionCode: KQ_JD } }))
        .statusCode,
    ).toBe(403);
    // read-only leader may not record a patrol
    expect((await leader.request('POST', '/api/v1/ecology/patrols', { payload: patrol() })).statusCode).toBe(403);
  });

  it('a problem found on patrol becomes an event case with the reach and chief, in the same transaction', async () => {
    const since = await auditHead(t.store.db);
    const p = ok(
      await huashe.request('POST', '/api/v1/ecology/patrols', {
        payload: patrol({ date: '2025-03-03', problems: [{ description: '河面漂浮垃圾约 20 平方米', categoryCode: 'SANITATION_RIVER' }] }),
      }),
    );
    expect(p).toMatchObject({ reachCode: 'T-R1', level: 'village', chiefName: '王村长', points: 2, problems: 1 });
    const caseId = p.problemList[0].caseId;
    expect(caseId).toBeGreaterThan(0);
    const c = await one<{ region: string; town: string; description: string; state: string; reporter: string; channel: string }>(
      t.store.db,
      sql`select region_code as region, town_code as town, description, state, reporter_name as reporter, channel from event_case where id = ${caseId}`,
    );
    expect(c).toMatchObject({ region: HUASHE, town: HUASHE, state: 'reported', reporter: '王村长', channel: 'api' });
    expect(c!.description).toContain('华舍段');
    const action = await one<{ detail: { source: { reach: string; chief: number; ref: string } } }>(
      t.store.db,
      sql`select detail from event_action where case_id = ${caseId} and action = 'report'`,
    );
    expect(action!.detail.source).toMatchObject({ module: 'ecology', reach: 'T-R1', ref: `eco_patrol:${p.id}` });
    const patrolAudit = await expectAudited(t.store.db, {
      action: 'ecology.patrol',
      actor: 'rv-huashe',
      target: `eco_patrol:${p.id}`,
      since,
    });
    expect(patrolAudit.after).toMatchObject({ cases: [caseId], problems: 1 });
    await expectAudited(t.store.db, { action: 'events.report', actor: 'rv-huashe', target: `event_case:${caseId}`, since });

    // a refused case (unknown category) rolls the patrol back too
    const [patrols, cases, problems] = [await count('eco_patrol'), await count('event_case'), await count('eco_patrol_problem')];
    const res = await huashe.request('POST', '/api/v1/ecology/patrols', {
      payload: patrol({
        problems: [
          { description: 'ok', categoryCode: 'SANITATION_RIVER' },
          { description: 'bad', categoryCode: 'NO_SUCH' },
        ],
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.path).toEqual(['problems', 1, 'categoryCode']);
    expect([await count('eco_patrol'), await count('event_case'), await count('eco_patrol_problem')]).toEqual([patrols, cases, problems]);
    // the same key twice: the second is refused, nothing more stored
    const key = 'dup-key-0001';
    ok(
      await huashe.request('POST', '/api/v1/ecology/patrols', {
        payload: patrol({ idempotencyKey: key, date: '2025-03-10', problems: [{ description: 'a' }] }),
      }),
    );
    const n = await count('eco_patrol');
    expect(
      (
        await huashe.request('POST', '/api/v1/ecology/patrols', {
          payload: patrol({ idempotencyKey: key, problems: [{ description: 'a' }] }),
        })
      ).statusCode,
    ).toBe(400);
    expect(await count('eco_patrol')).toBe(n);
    // future dates are refused
    expect((await huashe.request('POST', '/api/v1/ecology/patrols', { payload: patrol({ date: '2099-01-01' }) })).statusCode).toBe(400);
  });

  it('lists the problems found on patrols with their cases, per town', async () => {
    const p = ok(
      await analyst.request('POST', '/api/v1/ecology/patrols', {
        payload: patrol({ reachCode: 'T-R2', level: 'town', date: '2025-03-11', problems: [{ description: '柯桥段排污口异常' }] }),
      }),
    );
    const all = ok(await analyst.get('/api/v1/ecology/problems?river=T-RIVER&pageSize=100'));
    const mine = all.items.find((x: { patrolId: number }) => x.patrolId === p.id);
    expect(mine).toMatchObject({
      date: '2025-03-11',
      reachCode: 'T-R2',
      reachName: '柯桥段',
      riverName: '测试河',
      chiefName: '李镇长',
      level: 'town',
      description: '柯桥段排污口异常',
      caseId: p.problemList[0].caseId,
    });
    expect(mine.caseId).toBeGreaterThan(0);
    expect(all.items.some((x: { reachCode: string }) => x.reachCode === 'T-R1')).toBe(true);
    // 华舍 sees its own problems, not 柯桥街道's
    const town = ok(await huashe.get('/api/v1/ecology/problems?pageSize=100'));
    expect(town.total).toBeGreaterThan(0);
    expect(town.items.every((x: { reachCode: string }) => x.reachCode === 'T-R1')).toBe(true);
    expect(ok(await leader.get('/api/v1/ecology/problems')).total).toBe(all.total);
    // the river's patrols: both reaches for the county, 华舍's only for the town
    const patrols = ok(await analyst.get('/api/v1/ecology/patrols?river=T-RIVER&pageSize=100'));
    expect(new Set(patrols.items.map((x: { reachCode: string }) => x.reachCode))).toEqual(new Set(['T-R1', 'T-R2']));
    expect(
      ok(await analyst.get('/api/v1/ecology/patrols?river=DEMO-RV-1&pageSize=100')).items.every((x: { reachCode: string }) =>
        x.reachCode.startsWith('DEMO-RV-1-'),
      ),
    ).toBe(true);
    const townPatrols = ok(await huashe.get('/api/v1/ecology/patrols?river=T-RIVER&pageSize=100'));
    expect(townPatrols.items.every((x: { reachCode: string }) => x.reachCode === 'T-R1')).toBe(true);
  });

  it('takes photos through the upload door, audited, in scope only', async () => {
    const list = ok(await huashe.get('/api/v1/ecology/patrols?reach=T-R1'));
    const id = list.items[0].id;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const since = await auditHead(t.store.db);
    const photo = ok(await huashe.request('POST', `/api/v1/ecology/patrols/${id}/photos`, multipartFile('河面.png', png)));
    expect(photo).toMatchObject({ contentType: 'image/png', size: 7 });
    await expectAudited(t.store.db, { action: 'ecology.patrol.photo', actor: 'rv-huashe', target: `eco_patrol:${id}`, since });
    expect((await huashe.request('POST', `/api/v1/ecology/patrols/${id}/photos`, multipartFile('x.exe', png))).statusCode).toBe(400);
    const got = await analyst.get(`/api/v1/ecology/patrols/${id}/photos/${photo.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.length).toBe(7);
    await expectAudited(t.store.db, { action: 'ecology.patrol.photo.download', actor: 'rv-analyst', since });
    const detail = ok(await analyst.get(`/api/v1/ecology/patrols/${id}`));
    expect(detail.photos).toHaveLength(1);
  });

  it('computes completion per chief and town on a hand-computed month, and writes the indicator', async () => {
    // village chief (weekly) in March 2025: periods 1–7, 8–14, 15–21, 22–28, 29–31 → expected 5;
    // patrols on 3月2日, 3日 (same period) and 10日 → done 2 → 40 %. Town chief (ten days): expected 4
    // (1–10, 11–20, 21–30, 31), one patrol on 3月25日 → 25 %. 华舍 (these two chiefs only): 3/9 = 33.3 %.
    ok(await huashe.request('POST', '/api/v1/ecology/patrols', { payload: patrol({ level: 'town', date: '2025-03-25' }) }));
    const c = ok(await analyst.get('/api/v1/ecology/patrol-completion?from=2025-03-01&to=2025-03-31'));
    const chief = (level: string) =>
      c.chiefs.find((x: { reachCode: string; level: string }) => x.reachCode === 'T-R1' && x.level === level);
    expect(chief('village')).toMatchObject({ expected: 5, done: 2, rate: 40 });
    expect(chief('town')).toMatchObject({ expected: 4, done: 1, rate: 25 });
    const town = c.towns.find((x: { townCode: string }) => x.townCode === HUASHE);
    expect(town).toMatchObject({ chiefs: 2, expected: 9, done: 3, rate: 33.3 });
    // the town officer sees their town only
    const own = ok(await huashe.get('/api/v1/ecology/patrol-completion?from=2025-03-01&to=2025-03-31'));
    expect(own.towns.map((x: { townCode: string }) => x.townCode)).toEqual([HUASHE]);

    const since = await auditHead(t.store.db);
    const w = ok(await analyst.request('POST', '/api/v1/ecology/patrol-indicators', { payload: { month: '2025-03' } }));
    expect(w.values).toEqual(expect.arrayContaining([{ regionCode: HUASHE, value: 33.3 }]));
    expect(w.values.some((v: { regionCode: string }) => v.regionCode === KQ)).toBe(true);
    await expectAudited(t.store.db, { action: 'ecology.patrol.indicators', actor: 'rv-analyst', since });
    const stored = await rows<{ value: number }>(
      t.store.db,
      sql`select o.value from observation o join subject s on s.id = o.subject_id
          where o.indicator_code = 'ECO_PATROL_RATE' and o.period = '2025-03' and s.code = ${HUASHE}`,
    );
    expect(stored.map((s) => s.value)).toEqual([33.3]);
  });

  it('the demo holds synthetic rivers, reaches, chiefs and patrols, with completion rates', async () => {
    const lines = await loadRiversDemo(t.store.db, { today: new Date('2026-11-26T00:00:00Z') });
    expect(lines[0]).toMatch(/3 rivers, 9 reaches, 19 chiefs/);
    expect(lines[1]).toMatch(/water quality \(synthetic\): 9 sections, 207 monthly samples/);
    expect(await loadRiversDemo(t.store.db)).toEqual([
      '河长制 / river chiefs: synthetic rivers already loaded',
      '水质 / water quality: synthetic sections already loaded',
    ]);
    // the demo's sections sit on its reaches, classed per month, labelled synthetic; some miss their target
    const wm = ok(await analyst.get('/api/v1/ecology/water/months?year=2026&river=DEMO-RV-1'));
    expect(wm.synthetic).toBe(true);
    expect(wm.sections).toHaveLength(3);
    for (const x of wm.sections) {
      expect(x).toMatchObject({ riverCode: 'DEMO-RV-1', synthetic: true });
      expect(x.name).toContain('合成');
      expect(x.months.slice(0, 11).every((m: unknown) => m !== null)).toBe(true); // sampled on the 10th, today is 26 November
      expect(x.months[11]).toBeNull();
    }
    const all = ok(await analyst.get('/api/v1/ecology/water/months?year=2026'));
    const classes = all.sections.flatMap((x: { months: ({ class: number } | null)[] }) => x.months.filter(Boolean).map((m) => m!.class));
    expect(Math.max(...classes)).toBe(6);
    expect(
      all.sections.some((x: { meetsTarget: { months: number; sampled: number } }) => x.meetsTarget.months < x.meetsTarget.sampled),
    ).toBe(true);
    // the demo wrote the share of sections on target for both years, labelled synthetic
    const demoInd = await rows<{ code: string; period: string; synthetic: boolean }>(
      t.store.db,
      sql`select s.code, o.period, b.synthetic from observation o join subject s on s.id = o.subject_id join import_batch b on b.id = o.batch_id
          where o.indicator_code = 'ECO_WATER_ON_TARGET' and o.is_current and s.code = ${KQ} order by o.period`,
    );
    expect(demoInd).toEqual([
      { code: KQ, period: '2025', synthetic: true },
      { code: KQ, period: '2026', synthetic: true },
    ]);
    // a town officer of 华舍 (no demo river) sees none of them
    const town = ok(await huashe.get('/api/v1/ecology/water/months?year=2026'));
    expect(town.sections.filter((x: { section: string }) => x.section.startsWith('DEMO-'))).toEqual([]);
    const demo = ok(await analyst.get('/api/v1/ecology/reaches?town=330603001000&river=DEMO-RV-1&from=2026-10-01&to=2026-11-25'));
    expect(demo.total).toBe(3);
    for (const r of demo.items) {
      expect(r.synthetic).toBe(true);
      expect(r.name).toContain('合成');
      expect(r.chiefs.length).toBeGreaterThanOrEqual(2);
      expect(r.completion.rate).toBeGreaterThan(0);
    }
    const c = ok(await analyst.get('/api/v1/ecology/patrol-completion?from=2026-10-01&to=2026-11-25'));
    const demoTowns = ['330603001000', '330603002000', '330603004000'];
    const rates = c.towns.filter((x: { townCode: string }) => demoTowns.includes(x.townCode)).map((x: { rate: number }) => x.rate);
    expect(rates).toHaveLength(3);
    // some chiefs fall behind their rule: not every town is at 100 %
    expect(rates.some((r: number) => r < 100)).toBe(true);
  });
});

describe('GB 3838-2002 water quality', () => {
  const HEAD = '断面编码,断面名称,区划代码,目标类别,采样日期,pH,溶解氧(mg/L),高锰酸盐指数(mg/L),氨氮(mg/L),总磷(mg/L),总氮(mg/L)';
  const csv = (lines: string[]) => multipartFile('水质.csv', new TextEncoder().encode([HEAD, ...lines].join('\n')));
  it('imports samples and classes them by the worst rated item', async () => {
    // W1: DO 6.2 (Ⅱ), CODMn 4.5 (Ⅲ), NH3-N 1.2 (Ⅳ), TP 0.18 (Ⅲ), TN 3.0 (劣Ⅴ but not rated for rivers) → Ⅳ by 氨氮, above its target Ⅲ
    // W2: DO 8 (Ⅰ), CODMn 1.5 (Ⅰ), NH3-N 0.1 (Ⅰ), TP 0.02 (Ⅰ) → Ⅰ; pH 9.5 on W2's second day → 劣Ⅴ
    const file = csv([
      `W1,华舍断面,${HUASHE},Ⅲ,2025-03-05,7.4,6.2,4.5,1.2,0.18,3.0`,
      `W2,柯桥断面,${KQ_JD},Ⅱ,2025-03-05,7.0,8,1.5,0.1,0.02,`,
      `W2,柯桥断面,${KQ_JD},Ⅱ,2025-03-06,9.5,8,1.5,0.1,0.02,`,
    ]);
    const since = await auditHead(t.store.db);
    const r = ok(await analyst.request('POST', '/api/v1/ecology/water?dryRun=false', file));
    expect(r.classes).toEqual([
      { section: 'W1', date: '2025-03-05', class: 4, worst: ['nh3n'], exceeding: ['nh3n'] },
      { section: 'W2', date: '2025-03-05', class: 1, worst: ['ph', 'do', 'codmn', 'nh3n', 'tp'], exceeding: [] },
      { section: 'W2', date: '2025-03-06', class: 6, worst: ['ph'], exceeding: ['ph'] },
    ]);
    await expectAudited(t.store.db, { action: 'ecology.water.import', actor: 'rv-analyst', since });
    expect(ok(await analyst.get('/api/v1/ecology/water?section=W1')).total).toBe(1);
    expect(ok(await analyst.get('/api/v1/ecology/water?section=W2')).total).toBe(2);
    const mine = ok(await huashe.get('/api/v1/ecology/water'));
    expect(mine.items.map((x: { section: string; class: number }) => [x.section, x.class])).toEqual([['W1', 4]]);
  });
  it('classes a month by the mean of its samples, on the reach named in the file, per town', async () => {
    const HEAD2 = HEAD.replace('区划代码,', '区划代码,河段编码,');
    const file = multipartFile(
      '水质-河段.csv',
      new TextEncoder().encode(
        [
          HEAD2,
          // W5 on T-R1 (华舍), target Ⅲ: March samples NH3-N 0.6 and 1.2 → mean 0.9 (Ⅲ), though the second is Ⅳ alone
          `W5,华舍段断面,${HUASHE},T-R1,Ⅲ,2025-03-05,7.2,7.6,1.8,0.6,0.05,`,
          `W5,华舍段断面,${HUASHE},T-R1,Ⅲ,2025-03-20,7.2,7.6,1.8,1.2,0.05,`,
          // April: NH3-N 1.6 → Ⅴ, misses Ⅲ
          `W5,华舍段断面,${HUASHE},T-R1,Ⅲ,2025-04-05,7.2,7.6,1.8,1.6,0.05,`,
          // W6 on T-R2 (柯桥街道)
          `W6,柯桥段断面,${KQ_JD},T-R2,Ⅱ,2025-03-05,7.0,8,1.5,0.1,0.02,`,
        ].join('\n'),
      ),
    );
    ok(await analyst.request('POST', '/api/v1/ecology/water?dryRun=false', file));
    const m = ok(await analyst.get('/api/v1/ecology/water/months?year=2025&river=T-RIVER'));
    const w5 = m.sections.find((x: { section: string }) => x.section === 'W5');
    expect(w5).toMatchObject({ reachCode: 'T-R1', reachName: '华舍段', riverCode: 'T-RIVER', targetClass: 3, synthetic: false });
    expect(w5.months[2]).toEqual({ class: 3, worst: ['nh3n'], exceeding: [], samples: 2 });
    expect(w5.months[3]).toEqual({ class: 5, worst: ['nh3n'], exceeding: ['nh3n'], samples: 1 });
    expect(w5.months[0]).toBeNull();
    // the year: NH3-N (0.6 + 1.2 + 1.6) / 3 = 1.133 → Ⅳ
    expect(w5.year).toMatchObject({ class: 4, samples: 3 });
    expect(w5.meetsTarget).toEqual({ months: 1, sampled: 2 });
    expect(m.sections.map((x: { section: string }) => x.section).sort()).toEqual(['W5', 'W6']);
    // 华舍 sees only its own section
    const mine = ok(await huashe.get('/api/v1/ecology/water/months?year=2025&river=T-RIVER'));
    expect(mine.sections.map((x: { section: string }) => x.section)).toEqual(['W5']);
    // an unknown reach is named with its cell
    const bad = await analyst.request(
      'POST',
      '/api/v1/ecology/water?dryRun=false',
      multipartFile('x.csv', new TextEncoder().encode([HEAD2, `W7,x,${HUASHE},NOPE,Ⅲ,2025-03-05,7,6,,,,`].join('\n'))),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.issues).toEqual([expect.objectContaining({ code: 'UNKNOWN_REACH', row: 2, column: 'D' })]);
  });

  it('writes the share of sections meeting their target as an indicator, audited; a town officer may not', async () => {
    const since = await auditHead(t.store.db);
    const r = ok(await analyst.request('POST', '/api/v1/ecology/water-indicators', { payload: { year: 2025 } }));
    // 华舍: W1 (Ⅳ, target Ⅲ) and W5 (year Ⅳ, target Ⅲ) → 0 of 2 → 0 %
    expect(r.values).toEqual(expect.arrayContaining([{ regionCode: HUASHE, value: 0 }]));
    const county = r.values.find((v: { regionCode: string }) => v.regionCode === KQ);
    const m = ok(await analyst.get('/api/v1/ecology/water/months?year=2025')).sections.filter(
      (x: { targetClass: number | null; year: unknown }) => x.targetClass !== null && x.year,
    );
    const met = m.filter((x: { targetClass: number; year: { class: number } }) => x.year.class <= x.targetClass).length;
    expect(county.value).toBe(Math.round((1000 * met) / m.length) / 10);
    await expectAudited(t.store.db, { action: 'ecology.water.indicators', actor: 'rv-analyst', since });
    const stored = await one<{ value: number }>(
      t.store.db,
      sql`select o.value from observation o join subject s on s.id = o.subject_id
          where o.indicator_code = 'ECO_WATER_ON_TARGET' and s.code = ${HUASHE} and o.period = '2025' and o.is_current`,
    );
    expect(Number(stored!.value)).toBe(0);
    expect((await huashe.request('POST', '/api/v1/ecology/water-indicators', { payload: { year: 2025 } })).statusCode).toBe(403);
  });

  it('locates bad cells and writes nothing; a town officer cannot import another town', async () => {
    const before = await count('eco_wq_sample');
    const res = await analyst.request('POST', '/api/v1/ecology/water?dryRun=false', csv([`W3,x,${HUASHE},Ⅶ,2025-13-01,7,abc,,,,`]));
    expect(res.statusCode).toBe(422);
    const issues = res.json().error.details.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'BAD_TARGET', row: 2, column: 'D' }),
        expect.objectContaining({ code: 'BAD_DATE', row: 2, column: 'E' }),
        expect.objectContaining({ code: 'BAD_VALUE', row: 2, column: 'G' }),
      ]),
    );
    const other = await huashe.request('POST', '/api/v1/ecology/water?dryRun=false', csv([`W4,x,${KQ_JD},Ⅲ,2025-03-05,7,6,,,,`]));
    expect(other.statusCode).toBe(403);
    expect(await count('eco_wq_sample')).toBe(before);
  });
});
