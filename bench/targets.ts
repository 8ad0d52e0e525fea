/**
 * 挂图作战 at scale: (1) the engine alone — progress, lights, red streak and the seasonal-share
 * forecast for 10,000 targets with 36 months of history each; (2) through the service on PGlite and
 * PostgreSQL — the targets list (every target's status computed from its observations, first page
 * returned) for 10,000 targets × (36 + 10) monthly values, and the 661 project board for 5,000
 * projects (12 planned months, 10 reported). Data are synthetic and written straight into the tables.
 * Targets (issue 13): ≤ 200 ms for the targets list (also filtered by light: the lights are stored and
 * only those whose inputs changed are computed again, timed after a revision of 1 % of the actuals) and ≤ 100 ms for the board on PostgreSQL.
 * Run: npm run bench:targets   (BENCH_TARGETS, BENCH_PROJECTS to change the sizes; BENCH_PG_ONLY=1 skips PGlite)
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { mulberry32 } from '../packages/engine/src/random.js';
import { targetStatus } from '../packages/engine/src/targets/index.js';
import { systemActor } from '../packages/server/src/auth/actor.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import { rows, type Db } from '../packages/server/src/db/store.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { projectBoard } from '../packages/server/src/targets/projects.js';
import { listTargets } from '../packages/server/src/targets/service.js';
import { projectTotals } from '../packages/server/src/targets/repository.js';
import { pgliteBackend, postgresBackend, type Backend } from './lib.js';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 10_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 5_000);
const YEAR = 2026;
const MONTH = 10;
const actor = systemActor('bench');
const rand = mulberry32(13);

function cumulativeYear(annual: number, months = 12): number[] {
  let c = 0;
  return Array.from({ length: months }, () => (c += (annual / 12) * (0.8 + 0.4 * rand())));
}

function engineBench() {
  const data = Array.from({ length: TARGETS }, () => ({
    history: [cumulativeYear(100), cumulativeYear(106), cumulativeYear(112)],
    actual: [...cumulativeYear(120, MONTH), null, null],
  }));
  const t0 = performance.now();
  let red = 0;
  for (const d of data) {
    const s = targetStatus(
      { kind: 'value', target: 120, accumulation: 'cumulative', direction: 'higher', planMethod: 'seasonal' },
      d.actual,
      d.history,
    );
    if (s.light === 'red') red++;
  }
  const ms = performance.now() - t0;
  console.log(`engine   ${TARGETS.toLocaleString('en')} targets × 36 months of history: ${ms.toFixed(0)} ms (${red} red)`);
}

async function load(db: Db) {
  const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');
  await loadCountyCsv(db, read('regions/zhejiang-counties.csv'), { code: '330000000000', name: '浙江省' }, 'bench');
  await loadRegionCsv(db, read('regions/keqiao.csv'), 'bench');
  const towns = (
    await rows<{ code: string }>(db, sql`select code from region where parent_code = '330603000000' and level = 'town' order by code`)
  ).map((r) => r.code);
  const town = (i: number) => towns[i % towns.length];
  await db.execute(sql`insert into import_batch (file_name, file_sha256, format, layout, row_count, inserted_count, revised_count, unchanged_count, source, synthetic, loaded_by)
    values ('bench', 'bench', 'api', 'api', 0, 0, 0, 0, 'bench', true, 'bench')`);
  // targets on platform subjects (one per target), three past years and ten months of this year
  const ids = Array.from({ length: TARGETS }, (_, i) => i);
  await db.execute(sql`insert into subject (kind, code, name, region_code, source)
    select 'platform', 'B' || i, '单位' || i, t, 'bench' from unnest(${sql.param(ids)}::int[], ${sql.param(ids.map(town))}::text[]) as u(i, t)`);
  await db.execute(sql`insert into target (name, indicator_code, subject_id, region_code, year, kind, target_value, accumulation, plan_method, created_by, synthetic)
    select '目标' || s.code, 'TG_GDP_CUM', s.id, s.region_code, ${YEAR}, 'value', 120, 'cumulative', 'seasonal', 'bench', true
    from subject s where s.kind = 'platform' and s.source = 'bench'`);
  for (let y = YEAR - 3; y <= YEAR; y++) {
    const months = y === YEAR ? MONTH : 12;
    await db.execute(sql`insert into observation (indicator_code, subject_id, period, period_start, value, status, source, batch_id)
      select 'TG_GDP_CUM', s.id, to_char(make_date(${y}, m, 1), 'YYYY-MM'), make_date(${y}, m, 1), m * (9 + random() * 2), 'final', 'bench', (select max(id) from import_batch)
      from subject s cross join generate_series(1, ${months}) m where s.kind = 'platform' and s.source = 'bench'`);
  }
  // projects: 12 planned months, 10 reported, 开工 milestone
  const pids = Array.from({ length: PROJECTS }, (_, i) => i);
  const actions = ['招引谋划', '先进制造业投资', '重大交通项目', '城市更新和住房保障', '优质公共服务投资', '重大项目要素保障'];
  await db.execute(sql`insert into subject (kind, code, name, region_code, attributes, source)
    select 'project', 'P' || i, '项目' || i, t, json_build_object('action', a, 'department', '发改局', 'status', '在建', 'totalInvestment', 10)::jsonb, 'bench'
    from unnest(${sql.param(pids)}::int[], ${sql.param(pids.map(town))}::text[], ${sql.param(pids.map((i) => actions[i % 6]))}::text[]) as u(i, t, a)`);
  await db.execute(sql`insert into project_plan_month (subject_id, year, month, amount)
    select s.id, ${YEAR}, m, 0.5 from subject s cross join generate_series(1, 12) m where s.kind = 'project'`);
  await db.execute(sql`insert into project_milestone (subject_id, kind, planned, actual)
    select s.id, '开工', make_date(${YEAR}, 3, 1), case when random() < 0.9 then make_date(${YEAR}, 3, 5) end from subject s where s.kind = 'project'`);
  await db.execute(sql`insert into observation (indicator_code, subject_id, period, period_start, value, status, source, batch_id)
    select 'PRJ_INVEST', s.id, to_char(make_date(${YEAR}, m, 1), 'YYYY-MM'), make_date(${YEAR}, m, 1), 0.3 + random() * 0.4, 'final', 'bench', (select max(id) from import_batch)
    from subject s cross join generate_series(1, ${MONTH}) m where s.kind = 'project'`);
  await db.execute(sql`vacuum analyze`);
}

async function time<T>(f: () => Promise<T>, runs = 7): Promise<{ ms: number; min: number; result: T }> {
  let result = await f(); // warm
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await f();
    all.push(performance.now() - t0);
  }
  all.sort((a, b) => a - b);
  return { ms: all[Math.floor(all.length / 2)], min: all[0], result };
}

async function bench(b: Backend) {
  const t0 = performance.now();
  await load(b.store.db);
  console.log(`${b.name.padEnd(8)} loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const list = await time(() => listTargets(b.store.db, actor, { year: YEAR }, { page: 1, pageSize: 50 }));
  console.log(
    `${b.name.padEnd(8)} targets list, first page of ${list.result.total.toLocaleString('en')}: median ${list.ms.toFixed(0)} ms (best ${list.min.toFixed(0)})`,
  );
  const byLight = () => listTargets(b.store.db, actor, { year: YEAR, light: 'red' }, { page: 1, pageSize: 50 });
  const t1 = performance.now();
  const cold = await byLight();
  console.log(
    `${b.name.padEnd(8)} targets list filtered by light, first call (every status computed and stored, ${cold.total} red): ${(performance.now() - t1).toFixed(0)} ms`,
  );
  const red = await time(byLight);
  console.log(
    `${b.name.padEnd(8)} targets list filtered by light, stored lights: median ${red.ms.toFixed(0)} ms (best ${red.min.toFixed(0)})`,
  );
  // a month's import revises 1 % of the targets' actuals: only those statuses are computed again
  const afterRevision: number[] = [];
  for (let i = 0; i < 5; i++) {
    await b.store.db.execute(sql`update observation set value = value * 1.01
      where period = ${`${YEAR}-${String(MONTH).padStart(2, '0')}`} and indicator_code = 'TG_GDP_CUM'
        and subject_id in (select id from subject where kind = 'platform' order by random() limit ${TARGETS / 100})`);
    const t0 = performance.now();
    await byLight();
    afterRevision.push(performance.now() - t0);
  }
  afterRevision.sort((x, y) => x - y);
  console.log(
    `${b.name.padEnd(8)} targets list filtered by light after a revision of ${TARGETS / 100} targets' actuals: median ${afterRevision[2].toFixed(0)} ms (best ${afterRevision[0].toFixed(0)})`,
  );
  const projects = await time(() => projectTotals(b.store.db, actor, YEAR, 'PRJ_INVEST', null), 3);
  console.log(
    `${b.name.padEnd(8)}   of which: the per-project totals query (plans, milestones, monthly investment aggregated in SQL) ${projects.ms.toFixed(0)} ms`,
  );
  const board = await time(() => projectBoard(b.store.db, actor, YEAR));
  console.log(
    `${b.name.padEnd(8)} project board (${board.result.projects.toLocaleString('en')} projects, ${board.result.laggards.length} laggards): median ${board.ms.toFixed(0)} ms (best ${board.min.toFixed(0)})`,
  );
}

console.log(`bench:targets — ${TARGETS.toLocaleString('en')} targets, ${PROJECTS.toLocaleString('en')} projects, node ${process.version}`);
engineBench();
for (const make of process.env.BENCH_PG_ONLY ? [postgresBackend] : [pgliteBackend, postgresBackend]) {
  const b = await make();
  if (!b) continue;
  try {
    await bench(b);
  } finally {
    await b.dispose();
  }
}
