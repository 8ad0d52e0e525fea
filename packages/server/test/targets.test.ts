/**
 * 挂图作战 through the real app: the demo (real targets with their source, synthetic actuals and
 * projects, idempotent), a seasonal target on a made-up history checked against hand-computed
 * expected values, lights, red streak, forecast and its leave-one-year-out errors; the breakdown
 * check; validation with field paths; the 661 board; the monthly investment import with
 * row/column errors; 要素保障 problems; the scoreboard indicator; a town officer who sees only
 * their town; a leader who cannot write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { systemActor } from '../src/auth/actor.js';
import { rows } from '../src/db/store.js';
import { withdrawObservation } from '../src/observations/service.js';
import { writeObservations } from '../src/observations/writer.js';
import { loadTargetsDemo } from '../src/targets/demo.js';
import { STATUS_ALGORITHM } from '@gongfu/engine/targets';
import { expectAudited } from './audit-helpers.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const TODAY = new Date('2026-11-26T00:00:00Z');

let t: TestDb;
let app: FastifyInstance;
let analyst: Client;
let leader: Client;
let huashe: Client;

// year A: 10 a month; year B: 5 a month to June, then 15 a month (both 120)
const A = Array.from({ length: 12 }, (_, i) => 10 * (i + 1));
const B = Array.from({ length: 12 }, (_, i) => (i < 6 ? 5 * (i + 1) : 30 + 15 * (i - 5)));

beforeAll(async () => {
  t = await testDb({ demo: TODAY });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'fgj', ['analyst'], KQ);
  await makeUser(t.store.db, 'quzhang', ['leader'], KQ);
  await makeUser(t.store.db, 'huashe-officer', ['town_officer'], HUASHE);
  analyst = await signIn(app, 'fgj');
  leader = await signIn(app, 'quzhang');
  huashe = await signIn(app, 'huashe-officer');
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const ok = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
};
const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('demo', () => {
  it('loads the real targets with their source and synthetic actuals, once', async () => {
    const lines = await loadTargetsDemo(t.store.db, { today: TODAY });
    expect(lines[0]).toMatch(/100 synthetic major projects/);
    expect(await loadTargetsDemo(t.store.db, { today: TODAY })).toEqual(['挂图作战 / targets: 2026 already loaded']);
    const top = ok(await analyst.get('/api/v1/targets?year=2026&top=true'));
    const names = top.items.map((x: { name: string }) => x.name);
    expect(names).toEqual(
      expect.arrayContaining(['地区生产总值增长7.5%以上', '低收入农户人均可支配收入增长10%以上', '2026年地区生产总值突破2500亿元']),
    );
    const gdp = top.items.find((x: { name: string }) => x.name === '地区生产总值增长7.5%以上');
    expect(gdp).toMatchObject({ kind: 'growth', targetValue: 0.075, month: 10, planMethodUsed: 'seasonal', synthetic: false });
    expect(gdp.sourceDocument).toMatch(/柯桥:全国“十强区” 竞跑大赛道/);
    expect(['green', 'yellow', 'red']).toContain(gdp.light);
    expect(gdp.forecast.growth.point).toBeGreaterThan(0);
    expect(gdp.children).toBeGreaterThan(10);
    const batches = await rows<{ synthetic: boolean }>(t.store.db, sql`select synthetic from import_batch where source like '%合成数据%'`);
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((b) => b.synthetic)).toBe(true);
  });

  it('checks the towns’ breakdown of the GDP growth target (weighted by base value)', async () => {
    const top = ok(await analyst.get('/api/v1/targets?year=2026&top=true'));
    const gdp = top.items.find((x: { name: string }) => x.name === '地区生产总值增长7.5%以上');
    const b = ok(await analyst.get(`/api/v1/targets/${gdp.id}/breakdown`));
    const w = b.children.reduce((s: number, c: { weight: number }) => s + c.weight, 0);
    const combined = b.children.reduce((s: number, c: { value: number; weight: number }) => s + c.value * c.weight, 0) / w;
    expect(b.method).toBe('weighted');
    expect(b.combined).toBeCloseTo(combined, 12);
    expect(b.ok).toBe(combined >= 0.075 - 1e-6);
    const sub = ok(await analyst.get(`/api/v1/targets?year=2026&parent=${gdp.id}&pageSize=5`));
    expect(sub.total).toBe(gdp.children);
    expect(sub.items).toHaveLength(5);
    expect(sub.items.every((x: { synthetic: boolean }) => x.synthetic)).toBe(true);
  });
});

describe('a seasonal target on a made-up history', () => {
  let id: number;
  it('is created (audited) and computed by hand', async () => {
    const history = (y: number, values: number[]) =>
      values.map((value, i) => {
        const period = `${y}-${String(i + 1).padStart(2, '0')}`;
        return {
          indicatorCode: 'TG_GDP_CUM',
          subject: { kind: 'region' as const, code: HUASHE },
          period,
          periodStart: `${period}-01`,
          value,
          status: 'final' as const,
          source: 'test',
        };
      });
    await writeObservations(t.store.db, systemActor('test'), {
      batch: {
        fileName: 'history',
        fileSha256: '',
        format: 'api',
        layout: 'api',
        encoding: null,
        rowCount: 30,
        source: 'test',
        synthetic: true,
        note: '',
      },
      rows: [...history(2028, A), ...history(2029, B), ...history(2030, [10, 20, 20, 25, 28, 30])],
      audit: { action: 'observations.write' },
    });
    const body = {
      name: '华舍街道测试目标',
      indicatorCode: 'TG_GDP_CUM',
      subjectCode: HUASHE,
      year: 2030,
      kind: 'value',
      targetValue: 200,
      planMethod: 'seasonal',
      department: '华舍街道',
    };
    const d = ok(await analyst.request('POST', '/api/v1/targets', json(body)));
    id = d.id;
    await expectAudited(t.store.db, { action: 'targets.create', actor: 'fgj', target: `target:${id}` });
    // shares Jan (10/120 + 5/120)/2 = 0.0625 → expected 12.5; June (0.5 + 0.25)/2 = 0.375 → 75
    expect(d.months[0].expected).toBeCloseTo(12.5, 9);
    expect(d.months[0].ratio).toBeCloseTo(0.8, 9);
    expect(d).toMatchObject({ month: 6, actual: 30, planMethodUsed: 'seasonal', light: 'red', redStreak: 6 });
    expect(d.expected).toBeCloseTo(75, 9);
    // forecast 30 / 0.375 = 80; 2028 from 2029's share: +100 %, 2029 from 2028's: −50 % → [40, 160]
    expect(d.forecast.point).toBeCloseTo(80, 9);
    expect(d.forecast.low).toBeCloseTo(40, 9);
    expect(d.forecast.high).toBeCloseTo(160, 9);
    expect(d.forecast.mape).toBeCloseTo(0.75, 9);
    expect(d.forecastErrors).toEqual([
      { year: 2028, error: 1 },
      { year: 2029, error: -0.5 },
    ]);
    expect(d.neededPerMonth).toBeCloseTo(170 / 6, 9);
  });

  it('turns green when the thresholds are set lower; straight plan halves the year', async () => {
    const body = {
      name: '华舍街道测试目标',
      indicatorCode: 'TG_GDP_CUM',
      subjectCode: HUASHE,
      year: 2030,
      kind: 'value',
      targetValue: 60,
      planMethod: 'straight',
      thresholds: { green: 0.95, yellow: 0.9 },
    };
    const d = ok(await analyst.request('PUT', `/api/v1/targets/${id}`, json(body)));
    // straight: June expects 60 · 6/12 = 30 = actual → green; May expects 25, actual 28 → green; Apr 20 vs 25 → 1.25 green
    expect(d).toMatchObject({ expected: 30, light: 'green', redStreak: 0 });
    expect(d.months[2]).toMatchObject({ expected: 15, light: 'green' });
    await expectAudited(t.store.db, { action: 'targets.update', actor: 'fgj', target: `target:${id}` });
  });

  it('an entered plan and a growth target on the same history', async () => {
    // entered: a quarter of the task by June → expected 50 of 200; actual 30 → 0.6, red
    const plan = [0.02, 0.04, 0.08, 0.12, 0.18, 0.25, 0.35, 0.45, 0.6, 0.75, 0.9, 1];
    const body = {
      name: '华舍录入计划',
      indicatorCode: 'TG_GDP_CUM',
      subjectCode: HUASHE,
      year: 2030,
      kind: 'value',
      targetValue: 200,
      planMethod: 'entered',
      plan,
    };
    const d = ok(await analyst.request('POST', '/api/v1/targets', json(body)));
    expect(d).toMatchObject({ planMethodUsed: 'entered', expected: 50, light: 'red' });
    // growth on 2029 (B): June 30 vs 30 → 0 %; target 7.5 % → −7.5 个百分点, red; January 10 vs 5 → +100 %, green
    const g = ok(
      await analyst.request(
        'POST',
        '/api/v1/targets',
        json({ ...body, name: '华舍增速', kind: 'growth', targetValue: 0.075, planMethod: 'straight', plan: null }),
      ),
    );
    expect(g.gapPp).toBeCloseTo(-7.5, 9);
    expect(g.light).toBe('red');
    expect(g.months[0]).toMatchObject({ light: 'green', ratio: 1 });
    expect(g.expected).toBeCloseTo(32.25, 9); // 30 · 1.075
  });

  it('refuses bad input with a field path', async () => {
    const base = { name: 'x', indicatorCode: 'TG_GDP_CUM', subjectCode: HUASHE, year: 2030, kind: 'growth', targetValue: 7.5 };
    const rate = await analyst.request('POST', '/api/v1/targets', json(base));
    expect(rate.statusCode).toBe(400);
    expect(JSON.parse(rate.body).error.details.field).toBe('targetValue');
    const plan = await analyst.request(
      'POST',
      '/api/v1/targets',
      json({ ...base, targetValue: 0.075, planMethod: 'entered', plan: [0.1, 0.05, ...Array(10).fill(1)] }),
    );
    expect(plan.statusCode).toBe(400);
    expect(JSON.parse(plan.body).error.details.field).toBe('plan.1');
    const none = await analyst.request('POST', '/api/v1/targets', json({ ...base, targetValue: 0.075, indicatorCode: 'NOPE' }));
    expect(JSON.parse(none.body).error.details.field).toBe('indicatorCode');
  });
});

describe('the list filtered by light (stored lights)', () => {
  /** a month's value of 华舍's GDP (cumulative) */
  const monthValue = (period: string, value: number) =>
    writeObservations(t.store.db, systemActor('test'), {
      batch: {
        fileName: 'jan',
        fileSha256: '',
        format: 'api',
        layout: 'api',
        encoding: null,
        rowCount: 1,
        source: 'test',
        synthetic: true,
        note: '',
      },
      rows: [
        {
          indicatorCode: 'TG_GDP_CUM',
          subject: { kind: 'region' as const, code: HUASHE },
          period,
          periodStart: `${period}-01`,
          value,
          status: 'final' as const,
          source: 'test',
        },
      ],
      audit: { action: 'observations.write' },
    });
  const january = (value: number) => monthValue('2031-01', value);
  const lit = async (light: string) =>
    (ok(await analyst.request('GET', `/api/v1/targets?year=2031&light=${light}`)).items as { id: number; light: string }[]).map((x) => [
      x.id,
      x.light,
    ]);
  const body = { name: '华舍灯色', indicatorCode: 'TG_GDP_CUM', subjectCode: HUASHE, year: 2031, kind: 'value', targetValue: 120 };

  it('follows every change of a target’s inputs: a new value, a revision, a withdrawal, an edit of the target', async () => {
    const id = ok(await analyst.request('POST', '/api/v1/targets', json(body))).id as number;
    expect(await lit('red')).toEqual([]); // no value yet: no light
    await january(1); // 1 of the 10 expected → red
    expect(await lit('red')).toEqual([[id, 'red']]);
    expect(await lit('green')).toEqual([]);
    await january(10); // revised to the plan → green
    expect(await lit('green')).toEqual([[id, 'green']]);
    expect(await lit('red')).toEqual([]);
    const [revision] = await rows<{ id: number }>(
      t.store.db,
      sql`select id from observation where period = '2031-01' and indicator_code = 'TG_GDP_CUM' and is_current`,
    );
    await withdrawObservation(t.store.db, systemActor('test'), revision.id, '误报，撤回修订');
    expect(await lit('red')).toEqual([[id, 'red']]);
    ok(await analyst.request('PUT', `/api/v1/targets/${id}`, json({ ...body, targetValue: 12 }))); // 1 of 1 expected → green
    expect(await lit('green')).toEqual([[id, 'green']]);
    expect(await lit('red')).toEqual([]);
  });

  it('computes again a light stored by another version of the rules', async () => {
    const id = ok(await analyst.request('POST', '/api/v1/targets', json({ ...body, name: '华舍灯色（规则版本）', year: 2032 })))
      .id as number;
    await monthValue('2032-01', 1);
    const lit2032 = async (light: string) =>
      (ok(await analyst.request('GET', `/api/v1/targets?year=2032&light=${light}`)).items as { id: number }[]).map((x) => x.id);
    expect(await lit2032('red')).toEqual([id]);
    // a light left by other rules, for the same inputs: read as outdated, not trusted
    await t.store.db.execute(sql`update target_status set light = 'green', algorithm = ${STATUS_ALGORITHM + 1} where target_id = ${id}`);
    expect(await lit2032('green')).toEqual([]);
    expect(await lit2032('red')).toEqual([id]);
    const [stored] = await rows<{ algorithm: number; light: string }>(
      t.store.db,
      sql`select algorithm, light from target_status where target_id = ${id}`,
    );
    expect(stored).toEqual({ algorithm: STATUS_ALGORITHM, light: 'red' });
  });

  it('agrees with the statuses computed in full', async () => {
    const found = new Map<string, number>();
    for (const light of ['green', 'yellow', 'red']) {
      const all = (ok(await analyst.request('GET', '/api/v1/targets?year=2026&pageSize=500')).items as { id: number; light: string }[])
        .filter((x) => x.light === light)
        .map((x) => x.id);
      const filtered = (
        ok(await analyst.request('GET', `/api/v1/targets?year=2026&light=${light}&pageSize=500`)).items as { id: number }[]
      ).map((x) => x.id);
      expect(filtered, light).toEqual(all);
      found.set(light, filtered.length);
    }
    // the demo's year has targets of every light
    expect(
      [...found.values()].every((n) => n > 0),
      JSON.stringify([...found]),
    ).toBe(true);
  });
});

describe('661 projects', () => {
  it('board: 100 projects, six actions, share of 600亿, laggards with reasons', async () => {
    const b = ok(await analyst.get('/api/v1/targets/projects/board?year=2026'));
    expect(b).toMatchObject({ projects: 100, goal: 600, month: 10, synthetic: true });
    expect(b.byAction.length).toBeLessThanOrEqual(6);
    expect(b.goalShare).toBeCloseTo(b.actual / 600, 12);
    expect(b.laggards.length).toBeGreaterThan(0);
    const kinds = new Set(b.laggards.flatMap((l: { warnings: { kind: string }[] }) => l.warnings.map((w) => w.kind)));
    expect(kinds.has('investment_low')).toBe(true);
    expect(kinds.has('no_report')).toBe(true);
    expect(b.monthly[0].actual).toBeGreaterThan(0);
    // the chart's months add up to the board's totals
    type Month = { month: number; plan: number; actual: number };
    expect(b.monthly.map((x: Month) => x.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const upTo = (months: Month[], f: (x: Month) => number, last = 12) =>
      months.filter((x) => x.month <= last).reduce((s, x) => s + f(x), 0);
    expect(upTo(b.monthly, (x) => x.plan)).toBeCloseTo(b.plan, 1);
    expect(upTo(b.monthly, (x) => x.plan, b.month)).toBeCloseTo(b.planToDate, 1);
    expect(upTo(b.monthly, (x) => x.actual, b.month)).toBeCloseTo(b.actual, 1);
    // a town's board: its own projects' months only
    const town = ok(await huashe.get('/api/v1/targets/projects/board?year=2026'));
    expect(town.projects).toBeLessThan(b.projects);
    expect(upTo(town.monthly, (x) => x.plan)).toBeCloseTo(town.plan, 1);
    expect(upTo(town.monthly, (x) => x.actual, town.month)).toBeCloseTo(town.actual, 1);
  });

  it('imports monthly investment: errors by row and column, nothing written; then written and audited', async () => {
    const b = ok(await analyst.get('/api/v1/targets/projects/board?year=2026'));
    const silent = b.laggards.find((l: { warnings: { kind: string }[] }) => l.warnings.some((w) => w.kind === 'no_report'));
    // the detail reports at the district's month too: the silent project has no October report
    const before = ok(await analyst.get(`/api/v1/targets/projects/${silent.id}?year=2026`));
    expect(before.warnings).toContainEqual({ kind: 'no_report', month: 10 });
    const bad = `项目编号,月份,当月完成投资（亿元）\n${silent.code},2026-10,abc\nNOPE,2026-10,1\n${silent.code},2025-10,1\n`;
    const res = await analyst.request(
      'POST',
      '/api/v1/targets/projects/investment?year=2026&dryRun=false',
      multipartFile('inv.csv', new TextEncoder().encode(bad)),
    );
    expect(res.statusCode).toBe(422);
    const issues = JSON.parse(res.body).error.details.issues;
    expect(issues.map((i: { row: number; column: string; code: string }) => [i.row, i.column, i.code])).toEqual([
      [2, 'C', 'BAD_AMOUNT'],
      [3, 'A', 'UNKNOWN_PROJECT'],
      [4, 'B', 'BAD_MONTH'],
    ]);
    const good = `项目编号,月份,当月完成投资（亿元）\n${silent.code},10月,5\n`;
    const r = ok(
      await analyst.request(
        'POST',
        '/api/v1/targets/projects/investment?year=2026&dryRun=false',
        multipartFile('inv.csv', new TextEncoder().encode(good)),
      ),
    );
    expect(r).toMatchObject({ rows: 1, inserted: 1 });
    await expectAudited(t.store.db, { action: 'targets.investment.import', actor: 'fgj' });
    const p = ok(await analyst.get(`/api/v1/targets/projects/${silent.id}?year=2026`));
    expect(p.months[9].actual).toBe(5);
    expect(p.warnings.some((w: { kind: string }) => w.kind === 'no_report')).toBe(false);
  });

  it('a town officer records a problem on their own project, not on another town’s', async () => {
    const mine = ok(await huashe.get('/api/v1/targets/projects/board?year=2026'));
    expect(mine.projects).toBeGreaterThan(0);
    expect(mine.byTown.map((g: { key: string }) => g.key)).toEqual([HUASHE]);
    const all = ok(await analyst.get('/api/v1/targets/projects/board?year=2026'));
    const other = all.laggards.find((l: { regionCode: string }) => l.regionCode !== HUASHE);
    const project =
      mine.laggards[0] ??
      (await ok(await analyst.get('/api/v1/targets/projects/board?year=2026'))).laggards.find(
        (l: { regionCode: string }) => l.regionCode === HUASHE,
      );
    const body = { kind: 'land', description: '用地指标未落实', ownerDepartment: '自然资源和规划分局', dueDate: '2026-01-31' };
    const created = ok(await huashe.request('POST', `/api/v1/targets/projects/${project.id}/problems`, json(body)));
    expect(created).toMatchObject({ status: 'open', overdue: true, projectId: project.id });
    await expectAudited(t.store.db, { action: 'targets.problem.create', actor: 'huashe-officer' });
    expect((await huashe.request('POST', `/api/v1/targets/projects/${other.id}/problems`, json(body))).statusCode).toBe(404);
    const done = ok(await huashe.request('PUT', `/api/v1/targets/problems/${created.id}`, json({ ...body, status: 'resolved' })));
    expect(done.overdue).toBe(false);
    expect(ok(await huashe.get('/api/v1/targets/problems')).items).toHaveLength(1);
    expect(ok(await huashe.request('DELETE', `/api/v1/targets/problems/${created.id}`)).deleted).toBe(true);
    await expectAudited(t.store.db, { action: 'targets.problem.delete', actor: 'huashe-officer' });
  });
});

describe('scope and roles', () => {
  it('a town officer sees only their town’s targets and projects', async () => {
    const list = ok(await huashe.get('/api/v1/targets?year=2026&pageSize=500'));
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((x: { regionCode: string }) => x.regionCode === HUASHE)).toBe(true);
    const district = ok(await analyst.get('/api/v1/targets?year=2026&top=true')).items[0];
    expect((await huashe.get(`/api/v1/targets/${district.id}`)).statusCode).toBe(404);
    const board = ok(await huashe.get('/api/v1/targets/projects/board?year=2026'));
    expect(board.laggards.every((l: { regionCode: string }) => l.regionCode === HUASHE)).toBe(true);
    expect(board.goal).toBeNull();
  });

  it('a leader reads but cannot write', async () => {
    ok(await leader.get('/api/v1/targets?year=2026'));
    const res = await leader.request('POST', '/api/v1/targets/scoreboard', json({ year: 2026, month: 10 }));
    expect(res.statusCode).toBe(403);
  });

  it('writes 目标按序时进度完成率 per responsible region as observations', async () => {
    const r = ok(await analyst.request('POST', '/api/v1/targets/scoreboard', json({ year: 2026, month: 10 })));
    expect(r.regions).toBeGreaterThan(10);
    await expectAudited(t.store.db, { action: 'targets.scoreboard', actor: 'fgj' });
    const v = await rows<{ value: number }>(
      t.store.db,
      sql`select o.value from observation o join subject s on s.id = o.subject_id
          where o.indicator_code = 'TG_ONTRACK_RATE' and o.period = '2026-10' and s.code = ${HUASHE} and o.is_current`,
    );
    expect(v).toHaveLength(1);
    expect([0, 100]).toContain(v[0].value); // one town target: green or not
  });
});
