import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/app.js';
import { one, rows, type Db } from '../src/db/store.js';
import { loadAssessDemo } from '../src/assess/demo.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';
import { expectAudited } from './audit-helpers.js';
import { upsertRole } from '../src/auth/repository.js';

const KEQIAO = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const TODAY = new Date('2026-11-26T00:00:00Z');

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let analyst: Client;
let huashe: Client;
let leader: Client;
let nobody: Client;

beforeAll(async () => {
  t = await testDb({ demo: TODAY });
  db = t.store.db;
  const report = await loadAssessDemo(db, { today: TODAY });
  expect(report.schemes).toHaveLength(4);
  expect(report.runs).toHaveLength(8);
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(db, 'analyst', ['analyst'], KEQIAO);
  // a town role that may also run assessments, to test the data scope of runs
  await upsertRole(db, {
    code: 'town_assessor',
    nameZh: '镇街考核员',
    nameEn: 'Town assessor',
    permissions: ['assess:read', 'assess:run'],
    dataScope: 'region_and_below',
  });
  await makeUser(db, 'huashe', ['town_officer', 'town_assessor'], HUASHE);
  await makeUser(db, 'leader', ['leader'], null);
  await makeUser(db, 'nobody', [], KEQIAO);
  [analyst, huashe, leader, nobody] = await Promise.all(['analyst', 'huashe', 'leader', 'nobody'].map((u) => signIn(app, u)));
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const post = (c: Client, url: string, payload: unknown) => c.request('POST', url, { payload: payload as object });

describe('demo schemes', () => {
  it('scores the 村社 on the nine 未来乡村 scenarios, the pioneer villages as their own group', async () => {
    const runs = (await analyst.get('/api/v1/assess/runs?scheme=keqiao-future-villages')).json().items as { id: number }[];
    expect(runs.length).toBe(2);
    const d = (await analyst.get(`/api/v1/assess/runs/${runs[0]!.id}`)).json();
    expect(d.run.scheme.illustrative).toBe(true);
    expect(d.run.synthetic).toBe(true);
    expect(d.nodes).toHaveLength(10);
    expect(Object.keys(d.labels)).toEqual(
      expect.arrayContaining(['prosperity', 'culture', 'health', 'services', 'harmony', 'transport', 'lowcarbon', 'safety', 'party']),
    );
    const ranking = d.ranking as { name: string; rank: number; grade: string; group: string | null }[];
    expect(ranking.length).toBeGreaterThan(300);
    expect(
      ranking
        .filter((r) => r.group === '先行村')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['三佳居委会', '叶家堰居委会', '棠棣村委会']);
    expect(new Set(ranking.map((r) => r.grade))).toEqual(new Set(['示范', '达标', '培育']));
  });

  it('compares the pilot villages with the candidates, scenario by scenario, in the caller’s scope', async () => {
    const runs = (await analyst.get('/api/v1/assess/runs?scheme=keqiao-future-villages')).json().items as { id: number }[];
    const d = (await analyst.get(`/api/v1/assess/runs/${runs[0]!.id}`)).json();
    const ranking = d.ranking as {
      unit: string;
      group: string;
      final: number | null;
      grade: string;
      nodes: Record<string, number | null>;
    }[];
    const res = await analyst.get(`/api/v1/assess/runs/${runs[0]!.id}/groups`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.attribute).toBe('村社类型');
    expect(c.dimensions).toEqual(['prosperity', 'culture', 'health', 'services', 'harmony', 'transport', 'lowcarbon', 'safety', 'party']);
    expect(c.groups.map((g: { group: string; units: number }) => [g.group, g.units])).toEqual([
      ['先行村', 3],
      ['其他村社', ranking.length - 3],
    ]);
    // the means and gaps, recomputed from the ranking rows
    const mean = (xs: (number | null)[]) => {
      const v = xs.filter((x): x is number => x !== null);
      return v.reduce((a, x) => a + x, 0) / v.length;
    };
    const pilots = ranking.filter((r) => r.group === '先行村');
    const others = ranking.filter((r) => r.group !== '先行村');
    const pilot = c.groups[0];
    expect(pilot.series.final.mean).toBeCloseTo(mean(pilots.map((r) => r.final)), 9);
    expect(pilot.series.final.gap).toBeCloseTo(mean(pilots.map((r) => r.final)) - mean(others.map((r) => r.final)), 9);
    expect(pilot.series.health.mean).toBeCloseTo(mean(pilots.map((r) => r.nodes.health!)), 9);
    expect(c.groups[1].series.party.gap).toBeCloseTo(mean(others.map((r) => r.nodes.party!)) - mean(pilots.map((r) => r.nodes.party!)), 9);
    const pilotGrades: Record<string, number> = {};
    for (const r of pilots) pilotGrades[r.grade] = (pilotGrades[r.grade] ?? 0) + 1;
    expect(pilot.grades).toEqual(pilotGrades);
    // a town counts only its own villages
    const town = (await huashe.get(`/api/v1/assess/runs/${runs[0]!.id}/groups`)).json();
    const own = (await huashe.get(`/api/v1/assess/runs/${runs[0]!.id}`)).json().ranking as unknown[];
    expect(town.groups.reduce((a: number, g: { units: number }) => a + g.units, 0)).toBe(own.length);
    expect(own.length).toBeLessThan(ranking.length);
  });

  it('seeds four presets as illustrative schemes, a second load changes nothing', async () => {
    const res = await analyst.get('/api/v1/assess/schemes');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; illustrative: boolean; latestVersion: number }[];
    expect(items.map((i) => i.code).sort()).toEqual([
      'keqiao-future-villages',
      'keqiao-platforms-monthly-saibi',
      'keqiao-towns-annual',
      'zj-counties-common-prosperity',
    ]);
    expect(items.every((i) => i.illustrative && i.latestVersion === 1)).toBe(true);
    const again = await loadAssessDemo(db, { today: TODAY });
    expect(again).toMatchObject({ schemes: [], runs: [], observations: { inserted: 0, revised: 0 } });
    const batch = await one<{ synthetic: boolean }>(db, sql`select synthetic from import_batch where file_name = 'assess-synthetic-demo'`);
    expect(batch?.synthetic).toBe(true);
  });
});

const TOWNS = 'keqiao-towns-annual';

async function latest(c: Client) {
  return (await c.get(`/api/v1/assess/schemes/${TOWNS}`)).json();
}

/** The towns scheme with the economy weights of GDP growth and tax per mu swapped around. */
function reweighted(definition: Record<string, unknown>, gdp: number) {
  const d = structuredClone(definition) as { nodes: { id: string; children: { id: string; weight: number }[] }[]; version: string };
  const economy = d.nodes.find((n) => n.id === 'economy')!;
  const rest = (1 - gdp) / 3;
  economy.children = economy.children.map((c) => ({ ...c, weight: c.id === 'gdp_growth' ? gdp : rest }));
  d.version = `edited-${gdp}`;
  return d;
}

describe('scheme versions', () => {
  it('creates immutable versions; bindings carry over; invalid schemes are refused with the engine code', async () => {
    const first = await latest(analyst);
    expect(first.latest.version).toBe(1);
    expect(first.latest.bindings.units).toEqual({ kind: 'region', level: 'town' });
    const v2 = await post(analyst, `/api/v1/assess/schemes/${TOWNS}/versions`, {
      definition: reweighted(first.latest.definition, 0.7),
      note: 'GDP weight 0.7',
    });
    expect(v2.statusCode).toBe(200);
    expect(v2.json()).toMatchObject({ version: 2, label: 'edited-0.7', note: 'GDP weight 0.7' });
    expect(v2.json().bindings).toEqual(first.latest.bindings);
    const v1 = (await analyst.get(`/api/v1/assess/schemes/${TOWNS}/versions/1`)).json();
    expect(v1.definition).toEqual(first.latest.definition);
    expect((await latest(analyst)).versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const bad = reweighted(first.latest.definition, 0.7) as { nodes: { id: string; children: { id: string; weight: number }[] }[] };
    bad.nodes[0].children[0].weight = 0.9;
    const refused = await post(analyst, `/api/v1/assess/schemes/${TOWNS}/versions`, { definition: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('WEIGHTS_NOT_SUMMING');
    expect(refused.json().error.message.zh).toBeTruthy();
    const check = await post(analyst, '/api/v1/assess/schemes/validate', { definition: bad });
    expect(check.json().error.code).toBe('WEIGHTS_NOT_SUMMING');
    const ok = await post(analyst, '/api/v1/assess/schemes/validate', {
      definition: first.latest.definition,
      bindings: first.latest.bindings,
    });
    expect(ok.json()).toMatchObject({ ok: true, summary: { indicators: 15 } });
    const unbound = {
      ...first.latest.definition,
      indicators: [...first.latest.definition.indicators, { id: 'new_one', column: '新指标' }],
    };
    (unbound.nodes as { id: string; children: unknown[] }[]) = unbound.nodes.map((n: { id: string; children: unknown[] }) =>
      n.id === 'services'
        ? {
            ...n,
            children: [
              { id: 'service_circle', weight: 0.5 },
              { id: 'culture_events', weight: 0.3 },
              { id: 'new_one', weight: 0.2 },
            ],
          }
        : n,
    );
    const missing = await post(analyst, `/api/v1/assess/schemes/${TOWNS}/versions`, { definition: unbound });
    expect(missing.json().error).toMatchObject({ code: 'ASSESS_BINDING_MISSING', details: { columns: ['新指标'] } });
    const wrongId = await post(analyst, `/api/v1/assess/schemes/${TOWNS}/versions`, {
      definition: { ...first.latest.definition, id: 'other' },
    });
    expect(wrongId.json().error.code).toBe('ASSESS_SCHEME_ID_MISMATCH');
    expect((await latest(analyst)).latest.version).toBe(2);

    // only assess:edit may write; stored versions cannot be changed even with SQL
    expect((await post(huashe, `/api/v1/assess/schemes/${TOWNS}/versions`, { definition: first.latest.definition })).statusCode).toBe(403);
    await expect(db.execute(sql`update assess_scheme_version set note = 'x' where version = 1`)).rejects.toThrow();
    const audit = await one<{ n: number }>(db, sql`select count(*)::int as n from audit_log where action = 'assess.scheme.version'`);
    expect(audit?.n).toBe(1);
  });
});

let runV1: number;
let runV2: number;

describe('runs', () => {
  it('runs a version over the 16 镇街 with data from observations and stores an immutable run', async () => {
    const r1 = await post(analyst, '/api/v1/assess/runs', { scheme: TOWNS, version: 1, period: '2025' });
    expect(r1.statusCode).toBe(200);
    runV1 = r1.json().id;
    expect(r1.json()).toMatchObject({
      version: 1,
      period: '2025',
      region: { code: KEQIAO },
      unitCount: 16,
      synthetic: true,
      published: false,
    });
    const r2 = await post(analyst, '/api/v1/assess/runs', { scheme: TOWNS, period: '2025' });
    runV2 = r2.json().id;
    expect(r2.json().version).toBe(2);

    const d1 = (await analyst.get(`/api/v1/assess/runs/${runV1}`)).json();
    const d2 = (await analyst.get(`/api/v1/assess/runs/${runV2}`)).json();
    expect(d1.ranking).toHaveLength(16);
    expect(d1.ranking[0].rank).toBe(1);
    expect(d1.ranking.map((r: { grade: string }) => r.grade).filter((g: string) => g === '一类')).toHaveLength(4);
    expect(d1.labels.economy).toEqual({ zh: '经济发展', en: 'economic development' });
    expect(d1.run.previousPeriod).toBe('2024');
    expect(d1.ranking.some((r: { rankDelta: number | null }) => r.rankDelta !== null)).toBe(true);
    // the reweighted version scores differently
    const score = (d: { ranking: { unit: string; nodes: Record<string, number> }[] }, u: string) =>
      d.ranking.find((r) => r.unit === u)!.nodes.economy;
    expect(score(d1, KEYAN)).not.toBeCloseTo(score(d2, KEYAN), 6);

    // the input snapshot keeps the observation ids the values came from
    const snap = await one<{
      input: { columns: Record<string, { indicator: string; values: number[]; observationIds: number[] }>; units: { code: string }[] };
    }>(db, sql`select input from assess_run where id = ${runV1}`);
    const col = snap!.input.columns['GDP增速'];
    expect(col.indicator).toBe('KQT_GDP_GROWTH');
    const i = snap!.input.units.findIndex((u) => u.code === KEYAN);
    const obs = await one<{ value: number; code: string; period: string }>(
      db,
      sql`select o.value, s.code, o.period from observation o join subject s on s.id = o.subject_id where o.id = ${col.observationIds[i]}`,
    );
    expect(obs).toEqual({ value: col.values[i], code: KEYAN, period: '2025' });
  });

  it('lists the catalogue indicators the run read, with name, unit, period and number of values', async () => {
    const d = (await analyst.get(`/api/v1/assess/runs/${runV1}`)).json();
    const read = d.read as {
      indicatorCode: string;
      nameZh: string;
      unit: string;
      columns: string[];
      period: string;
      values: number;
      units: number;
    }[];
    const codes = read.map((r) => r.indicatorCode);
    expect(new Set(codes).size).toBe(codes.length);
    // the towns scheme reads the one 15-minute-circle indicator the town template imports into
    expect(read.find((r) => r.indicatorCode === 'SERVICE_CIRCLE_COVERAGE')).toEqual({
      indicatorCode: 'SERVICE_CIRCLE_COVERAGE',
      nameZh: '15分钟公共服务圈覆盖率',
      nameEn: '15-minute service circle coverage',
      unit: '%',
      columns: ['15分钟服务圈覆盖率'],
      period: '2025',
      values: 16,
      units: 16,
      previousPeriod: '2024',
      previousValues: 16,
    });
    expect(read.find((r) => r.indicatorCode === 'KQT_GDP_GROWTH')).toMatchObject({ columns: ['GDP增速'], values: 16 });
    expect(codes.some((c) => c.startsWith('KQT_SERVICE'))).toBe(false);
    // the value the run read is the value the data browser shows for that code
    const snap = await one<{ input: { columns: Record<string, { observationIds: number[]; values: number[] }> } }>(
      db,
      sql`select input from assess_run where id = ${runV1}`,
    );
    const col = snap!.input.columns['15分钟服务圈覆盖率'];
    const shown = await one<{ value: number; code: string }>(
      db,
      sql`select value, indicator_code as code from observation where id = ${col.observationIds[0]}`,
    );
    expect(shown).toEqual({ value: col.values[0], code: 'SERVICE_CIRCLE_COVERAGE' });
  });

  it('re-running the stored snapshot reproduces the stored outputs exactly, even after the data changed', async () => {
    // revise a value the run used: the stored run keeps its own snapshot
    await db.execute(sql`update observation set value = value + 5 where id = (
      select o.id from observation o join subject s on s.id = o.subject_id where s.code = ${KEYAN} and o.indicator_code = 'KQT_GDP_GROWTH' and o.period = '2025' and o.is_current)`);
    const rep = (await analyst.get(`/api/v1/assess/runs/${runV1}/reproduce`)).json();
    expect(rep).toMatchObject({ runId: runV1, inputIntact: true, identical: true });
    expect(rep.outputsSha256).toBe(rep.recomputedSha256);
    const again = (await post(analyst, '/api/v1/assess/runs', { scheme: TOWNS, version: 1, period: '2025' })).json();
    const a = (await analyst.get(`/api/v1/assess/runs/${runV1}`)).json();
    const b = (await analyst.get(`/api/v1/assess/runs/${again.id}`)).json();
    expect(b.run.inputSha256).not.toBe(a.run.inputSha256);
  });

  it('runs are immutable; publishing happens once and is audited', async () => {
    await expect(db.execute(sql`update assess_run set outputs = '{}'::jsonb where id = ${runV1}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from assess_run_unit where run_id = ${runV1}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from assess_run where id = ${runV1}`)).rejects.toThrow();
    const pub = await post(analyst, `/api/v1/assess/runs/${runV1}/publish`, {});
    expect(pub.json()).toMatchObject({ published: true, publishedBy: 'user:analyst' });
    expect((await post(analyst, `/api/v1/assess/runs/${runV1}/publish`, {})).json().error.code).toBe('ASSESS_ALREADY_PUBLISHED');
    await expect(db.execute(sql`update assess_run set published = false where id = ${runV1}`)).rejects.toThrow();
    const audit = await rows<{ action: string }>(
      db,
      sql`select action from audit_log where target = ${'assess_run:' + runV1} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['assess.run', 'assess.publish']);
    const published = (await analyst.get(`/api/v1/assess/runs?scheme=${TOWNS}&published=true`)).json().items;
    expect(published.map((r: { id: number }) => r.id)).toEqual([runV1]);
  });

  it('lists the runs a page at a time, newest first, with the true total', async () => {
    const all = (await analyst.get(`/api/v1/assess/runs?pageSize=10000`)).json();
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(3);
    const ids = all.items.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const second = (await analyst.get(`/api/v1/assess/runs?page=2&pageSize=2`)).json();
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(second.items.map((r: { id: number }) => r.id)).toEqual(ids.slice(2, 4));
    const towns = (await analyst.get(`/api/v1/assess/runs?scheme=${TOWNS}&pageSize=1`)).json();
    expect(towns.items).toHaveLength(1);
    expect(towns.total).toBe(all.items.filter((r: { scheme: { code: string } }) => r.scheme.code === TOWNS).length);
    expect((await analyst.get(`/api/v1/assess/runs?pageSize=0`)).statusCode).toBe(400);
  });

  it('refuses a period of the wrong frequency and a region without data', async () => {
    const wrong = await post(analyst, '/api/v1/assess/runs', { scheme: TOWNS, period: '2025-06' });
    expect(wrong.json().error.code).toBe('ASSESS_PERIOD_INVALID');
    const empty = await post(analyst, '/api/v1/assess/runs', { scheme: TOWNS, period: '2010' });
    expect(empty.json().error.code).toBe('ASSESS_NO_DATA');
  });

  it('runs the platforms monthly and the 90 counties', async () => {
    const plat = (await post(analyst, '/api/v1/assess/runs', { scheme: 'keqiao-platforms-monthly-saibi', period: '2026-10' })).json();
    expect(plat).toMatchObject({ unitCount: 5 });
    const pd = (await analyst.get(`/api/v1/assess/runs/${plat.id}`)).json();
    expect(pd.ranking.map((r: { grade: string }) => r.grade).filter((g: string) => g === '红旗').length).toBeLessThanOrEqual(1);
    const counties = (await leader.get('/api/v1/assess/runs?scheme=zj-counties-common-prosperity')).json().items;
    expect(counties[0]).toMatchObject({ unitCount: 90, region: { code: '330000000000' } });
    const cd = (await leader.get(`/api/v1/assess/runs/${counties[0].id}`)).json();
    expect(cd.hasPeerGroups).toBe(true);
    expect(new Set(cd.ranking.map((r: { group: string }) => r.group))).toEqual(new Set(['山区26县', '其他']));
    // the analyst of 柯桥区 sees only 柯桥区 in the province-wide run
    const mine = (await analyst.get(`/api/v1/assess/runs/${counties[0].id}`)).json();
    expect(mine.ranking.map((r: { unit: string }) => r.unit)).toEqual([KEQIAO]);
  });
});

describe('scorecard, what-if, sensitivity', () => {
  it('explains a unit: contributions, gaps, obstacles and rank history across runs of the scheme', async () => {
    const card = (await analyst.get(`/api/v1/assess/runs/${runV1}/units/${KEYAN}`)).json();
    expect(card.unit).toMatchObject({ code: KEYAN, name: '柯岩街道' });
    expect(card.explanation.indicators).toHaveLength(15);
    expect(card.explanation.obstacles).toHaveLength(15);
    expect(card.rankHistory.map((h: { period: string }) => h.period)).toEqual(expect.arrayContaining(['2024', '2025']));
    expect(card.rankHistory.length).toBeGreaterThanOrEqual(4);
    expect(card.nodeMeans).not.toBeNull();
    const sum = card.explanation.indicators.reduce((a: number, i: { contribution: number }) => a + i.contribution, 0);
    expect(card.explanation.additive).toBe(true);
    expect(sum).toBeCloseTo(card.nodeScores.total, 6);
  });

  it('what-if recomputes without storing anything', async () => {
    const count = async () =>
      one<{ runs: number; audit: number }>(
        db,
        sql`select (select count(*)::int from assess_run) as runs, (select count(*)::int from audit_log) as audit`,
      );
    const before = await count();
    const res = await post(analyst, `/api/v1/assess/runs/${runV1}/what-if`, { unit: KEYAN, changes: { GDP增速: 15, 满意率: 100 } });
    expect(res.statusCode).toBe(200);
    const w = res.json();
    expect(w.changed['GDP增速'].to).toBe(15);
    expect(w.after.score).toBeGreaterThanOrEqual(w.before.score);
    expect(w.rankDelta).toBeGreaterThanOrEqual(0);
    expect(await count()).toEqual(before);
    const bad = await post(analyst, `/api/v1/assess/runs/${runV1}/what-if`, { unit: KEYAN, changes: { 不存在: 1 } });
    expect(bad.json().error.code).toBe('ASSESS_UNKNOWN_COLUMN');
  });

  it('sensitivity is seeded: same seed, same intervals', async () => {
    const url = `/api/v1/assess/runs/${runV1}/sensitivity?runs=80&seed=7&weightShare=0.3&normalisations=zscore,rank&aggregations=gmean`;
    const a = (await analyst.get(url)).json();
    const b = (await analyst.get(url)).json();
    expect(a.units).toHaveLength(16);
    expect(a.units).toEqual(b.units);
    expect(a.applied.weights).toEqual({ share: 0.3 });
    for (const u of a.units) expect(u.low).toBeLessThanOrEqual(u.high);
  });
});

describe('data scope: a 华舍街道 user', () => {
  it('cannot run over 柯桥区 (it includes 柯岩街道), nor publish', async () => {
    const res = await post(huashe, '/api/v1/assess/runs', { scheme: TOWNS, period: '2025', region: KEQIAO });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const keyan = await post(huashe, '/api/v1/assess/runs', { scheme: TOWNS, period: '2025', region: KEYAN });
    expect(keyan.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await post(huashe, `/api/v1/assess/runs/${runV2}/publish`, {})).json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('reads only its own row of the district ranking, and nothing of 柯岩街道', async () => {
    const d = (await huashe.get(`/api/v1/assess/runs/${runV1}`)).json();
    expect(d.ranking.map((r: { unit: string }) => r.unit)).toEqual([HUASHE]);
    expect(d.run.visibleUnits).toBe(1);
    expect((await huashe.get(`/api/v1/assess/runs/${runV1}/units/${KEYAN}`)).statusCode).toBe(404);
    const own = (await huashe.get(`/api/v1/assess/runs/${runV1}/units/${HUASHE}`)).json();
    expect(own.unit.code).toBe(HUASHE);
    expect(own.explanation.above).toBeUndefined();
    expect(own.explanation.leader).toBeUndefined();
    expect(own.nodeMeans).toBeNull();
    expect(own.rankHistory.length).toBeGreaterThan(0);
    expect((await post(huashe, `/api/v1/assess/runs/${runV1}/what-if`, { unit: KEYAN, changes: { GDP增速: 1 } })).statusCode).toBe(404);
    const sa = (await huashe.get(`/api/v1/assess/runs/${runV1}/sensitivity?runs=20`)).json();
    expect(sa.units.map((u: { unit: string }) => u.unit)).toEqual([HUASHE]);
    const csv = (await huashe.get(`/api/v1/assess/runs/${runV1}/export?format=csv&table=indicators`)).body;
    expect(csv).toContain(HUASHE);
    expect(csv).not.toContain(KEYAN);
    expect(csv).not.toContain('柯岩');
    const html = (await huashe.get(`/api/v1/assess/runs/${runV1}/report`)).body;
    expect(html).toContain('华舍街道');
    expect(html).not.toContain('柯岩街道');
    // province-wide and platform runs have no unit in 华舍's scope; of the village runs it sees its own villages
    const runs = (await huashe.get('/api/v1/assess/runs')).json().items as {
      scheme: { code: string };
      visibleUnits: number;
      unitCount: number;
    }[];
    expect(runs.length).toBeGreaterThan(0);
    // the total counts only what 华舍 may see, like the items
    expect((await huashe.get('/api/v1/assess/runs')).json().total).toBe(runs.length);
    expect(new Set(runs.map((r) => r.scheme.code))).toEqual(new Set([TOWNS, 'keqiao-future-villages']));
    expect(runs.filter((r) => r.scheme.code === TOWNS).every((r) => r.visibleUnits === 1)).toBe(true);
    for (const r of runs.filter((r) => r.scheme.code !== TOWNS)) expect(r.visibleUnits).toBeLessThan(r.unitCount);
  });

  it('a user without assess permissions is refused everywhere', async () => {
    for (const url of [
      '/api/v1/assess/schemes',
      `/api/v1/assess/runs/${runV1}`,
      '/api/v1/assess/runs',
      `/api/v1/assess/runs/${runV1}/export`,
    ]) {
      expect((await nobody.get(url)).json().error.code).toBe('FORBIDDEN');
    }
    expect((await post(nobody, '/api/v1/assess/runs', { scheme: TOWNS, period: '2025' })).statusCode).toBe(403);
  });
});

describe('exports and report', () => {
  it('writes every table to xlsx, one to csv (formula-safe), and a printable report', async () => {
    const x = await analyst.get(`/api/v1/assess/runs/${runV1}/export?format=xlsx&unit=${KEYAN}`);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.headers['content-disposition']).toContain(`run${runV1}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '排名', '各级得分', '指标', '权重', '评分卡 柯岩街道']);
    const ranking = wb.getWorksheet('排名')!;
    expect(ranking.rowCount).toBe(17);
    expect(ranking.getRow(1).getCell(1).value).toBe('排名');
    expect(ranking.getRow(2).getCell(1).value).toBe(1);
    expect(String(wb.getWorksheet('说明')!.getColumn(2).values.join(' '))).toContain('合成演示数据');
    const c = await analyst.get(`/api/v1/assess/runs/${runV1}/export?format=csv&table=ranking&lang=en`);
    expect(c.body.startsWith('\ufeffRank')).toBe(true);
    expect(c.body.trim().split('\r\n')).toHaveLength(17);
    const exported = await expectAudited(db, { action: 'assess.export', actor: 'analyst', target: `assess_run:${runV1}` });
    expect(exported.after).toMatchObject({ format: 'csv', table: 'ranking', lang: 'en', rows: 16 });
    const card = await analyst.get(`/api/v1/assess/runs/${runV1}/export?format=csv&table=scorecard&unit=${KEYAN}`);
    expect(card.body).toContain('障碍度');
    const html = await analyst.get(`/api/v1/assess/runs/${runV1}/report`);
    await expectAudited(db, { action: 'assess.report', actor: 'analyst', target: `assess_run:${runV1}` });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('示意');
    expect(html.body).toContain('柯岩街道');
    expect(html.body).not.toContain('<script');
  });
});

describe('a scheme with unit screening (COINr Screen)', () => {
  let runId: number;
  beforeAll(async () => {
    const base = (await latest(analyst)).latest.definition;
    const screened = { ...base, screening: { unitScreen: 'byNA', force: [{ unit: KEYAN, include: false }] } };
    const v = await post(analyst, `/api/v1/assess/schemes/${TOWNS}/versions`, { definition: screened, note: 'screening' });
    expect(v.statusCode, v.body).toBe(200);
    const r = await post(analyst, '/api/v1/assess/runs', { scheme: TOWNS, version: v.json().version, period: '2025' });
    expect(r.statusCode, r.body).toBe(200);
    runId = r.json().id;
  });

  it('ranks the kept units with their own scores; the dropped unit has no rank', async () => {
    const d = (await analyst.get(`/api/v1/assess/runs/${runId}`)).json();
    const ranking = d.ranking as { unit: string; name: string; rank: number | null; final: number | null }[];
    expect(ranking).toHaveLength(16);
    const keyan = ranking.find((r) => r.unit === KEYAN)!;
    expect(keyan).toMatchObject({ name: '柯岩街道', rank: null, final: null });
    expect(ranking.filter((r) => r.rank !== null).map((r) => r.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // the stored per-unit rows agree with the ranking (names and scores line up after the gap)
    const stored = await rows<{ code: string; final: number | null }>(
      db,
      sql`select unit_code as code, final from assess_run_unit where run_id = ${runId}`,
    );
    for (const r of ranking) expect(stored.find((s) => s.code === r.unit)!.final).toBe(r.final);
    expect(d.screenedOut).toEqual([{ unit: KEYAN, name: '柯岩街道', zh: '方案强制排除', en: 'excluded by the scheme (force)' }]);
  });

  it('the scorecard, what-if and sensitivity say the dropped unit was screened out', async () => {
    const card = await analyst.get(`/api/v1/assess/runs/${runId}/units/${KEYAN}`);
    expect(card.statusCode).toBe(422);
    expect(card.json().error).toMatchObject({ code: 'SCREENED_OUT' });
    expect(card.json().error.message.zh).toContain('方案强制排除');
    expect((await analyst.get(`/api/v1/assess/runs/${runId}/units/${HUASHE}`)).json().unit.code).toBe(HUASHE);
    const w = (await post(analyst, `/api/v1/assess/runs/${runId}/what-if`, { unit: KEYAN, changes: { GDP增速: 15 } })).json();
    expect(w.before).toMatchObject({ score: null, screenedOut: { reason: 'forcedOut' } });
    const s = (await analyst.get(`/api/v1/assess/runs/${runId}/sensitivity?runs=20&seed=1`)).json();
    expect(s.units).toHaveLength(15);
    expect(s.units.map((u: { unit: string }) => u.unit)).not.toContain(KEYAN);
  });
});
