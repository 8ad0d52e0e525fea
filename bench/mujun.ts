/**
 * 亩均效益 at county scale: 100,000 synthetic enterprises (roster, land, a year of the bureaus'
 * data) written straight into the tables, then the time from the database to stored classes —
 * `evaluate` (read roster, land and values through the scope door, score 规上 and 规下 on the
 * Huangyan presets, classes, write one result per firm in a transaction) on PGlite and PostgreSQL.
 * The peer is the same 规上/规下 scoring (fixed benchmarks, bands 110/80/50, vetoes to D) done as a
 * single SQL statement in PostgreSQL, writing the same number of rows; the two must agree on the
 * classes. Target (issue 12): ≤ 5 s on PostgreSQL.
 * Run: npm run bench:mujun
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { systemActor } from '../packages/server/src/auth/actor.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import { rows, type Db } from '../packages/server/src/db/store.js';
import { evaluate, EvaluateOptions } from '../packages/server/src/mujun/evaluate.js';
import { syntheticMujun, type MujunDemo } from '../packages/server/src/mujun/synthetic.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { pgliteBackend, postgresBackend, type Backend } from './lib.js';

const FIRMS = Number(process.env.BENCH_FIRMS ?? 100_000);
const YEAR = 2025;
const KEQIAO = '330603000000';
const actor = systemActor('bench');

async function load(db: Db, demo: MujunDemo) {
  const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');
  await loadCountyCsv(db, read('regions/zhejiang-counties.csv'), { code: '330000000000', name: '浙江省' }, 'bench');
  await loadRegionCsv(db, read('regions/keqiao.csv'), 'bench');
  const step = 5000;
  const r = demo.roster;
  for (let i = 0; i < r.length; i += step) {
    const part = r.slice(i, i + step);
    await db.execute(sql`insert into subject (kind, code, name, region_code, attributes, source)
      select 'enterprise', c, n, t, json_build_object('规模', s, '行业代码', ind, '经营状态', st)::jsonb, 'bench'
      from unnest(${sql.param(part.map((x) => x.creditCode))}::text[], ${sql.param(part.map((x) => x.name))}::text[],
                  ${sql.param(part.map((x) => x.townCode))}::text[], ${sql.param(part.map((x) => (x.scale === 'above' ? '规上' : '规下')))}::text[],
                  ${sql.param(part.map((x) => x.industry))}::text[], ${sql.param(part.map((x) => (x.status === 'closed' ? '关停' : '在营')))}::text[])
        as u(c, n, t, s, ind, st)`);
  }
  const p = demo.parcels;
  for (let i = 0; i < p.length; i += step) {
    const part = p.slice(i, i + step);
    await db.execute(sql`insert into mujun_parcel (year, parcel_code, region_code, area_mu, owner_code, source, loaded_by)
      select ${YEAR}, c, t, a, nullif(o, ''), 'bench', 'bench'
      from unnest(${sql.param(part.map((x) => x.parcelCode))}::text[], ${sql.param(part.map((x) => x.townCode))}::text[],
                  ${sql.param(part.map((x) => x.areaMu))}::float8[], ${sql.param(part.map((x) => x.ownerCode ?? ''))}::text[]) as u(c, t, a, o)`);
    const leases = part.flatMap((x) => x.tenants.map((l) => ({ parcel: x.parcelCode, ...l })));
    if (leases.length)
      await db.execute(sql`insert into mujun_lease (parcel_id, tenant_code, area_mu)
        select m.id, u.t, u.a from unnest(${sql.param(leases.map((l) => l.parcel))}::text[], ${sql.param(leases.map((l) => l.code))}::text[],
                                          ${sql.param(leases.map((l) => l.areaMu))}::float8[]) as u(p, t, a)
        join mujun_parcel m on m.parcel_code = u.p and m.year = ${YEAR}`);
  }
  await db.execute(sql`insert into import_batch (file_name, file_sha256, format, layout, row_count, inserted_count, revised_count, unchanged_count, source, synthetic, loaded_by)
    values ('bench', 'bench', 'api', 'api', 0, 0, 0, 0, 'bench', true, 'bench')`);
  const b = demo.bureaus;
  const values: [string, string, number | null][] = [
    ...b.tax.map((x) => [x.creditCode, 'MJ_TAX', x.tax] as [string, string, number]),
    ...b.statistics.flatMap(
      (x) =>
        [
          [x.creditCode, 'MJ_VALUE_ADDED', x.valueAdded],
          [x.creditCode, 'MJ_REVENUE', x.revenue],
          [x.creditCode, 'MJ_EMPLOYEES', x.employees],
          [x.creditCode, 'MJ_RD', x.rd],
        ] as [string, string, number | null][],
    ),
    ...b.power.map((x) => [x.creditCode, 'MJ_ELECTRICITY', x.electricity] as [string, string, number]),
    ...b.environment.flatMap(
      (x) =>
        [
          [x.creditCode, 'MJ_ENERGY', x.energy],
          [x.creditCode, 'MJ_COD', x.cod],
          [x.creditCode, 'MJ_NH3N', x.nh3n],
          [x.creditCode, 'MJ_SO2', x.so2],
          [x.creditCode, 'MJ_NOX', x.nox],
          [x.creditCode, 'MJ_SAFETY_ACCIDENT', x.safetyAccidents],
          [x.creditCode, 'MJ_ENV_VIOLATION', x.envViolations],
        ] as [string, string, number | null][],
    ),
  ].filter((v) => v[2] !== null);
  for (let i = 0; i < values.length; i += 20_000) {
    const part = values.slice(i, i + 20_000);
    await db.execute(sql`insert into observation (indicator_code, subject_id, period, period_start, value, status, source, batch_id)
      select u.i, s.id, ${String(YEAR)}, ${`${YEAR}-01-01`}::date, u.v, 'final', 'bench', (select max(id) from import_batch)
      from unnest(${sql.param(part.map((v) => v[0]))}::text[], ${sql.param(part.map((v) => v[1]))}::text[], ${sql.param(part.map((v) => v[2]))}::float8[]) as u(c, i, v)
      join subject s on s.kind = 'enterprise' and s.code = u.c`);
  }
  await db.execute(sql`analyze`);
  return values.length;
}

/** The Huangyan presets as one SQL statement: land from parcels, ratios, points, bands, vetoes. */
const PEER = sql`create temp table peer_result as
  with land as (
    select owner_code as code, sum(area_mu - coalesce((select sum(l.area_mu) from mujun_lease l where l.parcel_id = p.id), 0)) as mu
    from mujun_parcel p where p.year = ${YEAR} and owner_code is not null group by owner_code
    union all select l.tenant_code, sum(l.area_mu) from mujun_lease l join mujun_parcel p on p.id = l.parcel_id where p.year = ${YEAR} group by l.tenant_code
  ), mu as (select code, sum(mu) as mu from land group by code),
  v as (
    select s.id, s.code, s.attributes->>'规模' as scale, mu.mu,
      max(o.value) filter (where o.indicator_code = 'MJ_TAX') as tax,
      max(o.value) filter (where o.indicator_code = 'MJ_VALUE_ADDED') as va,
      max(o.value) filter (where o.indicator_code = 'MJ_REVENUE') as revenue,
      max(o.value) filter (where o.indicator_code = 'MJ_EMPLOYEES') as employees,
      max(o.value) filter (where o.indicator_code = 'MJ_RD') as rd,
      max(o.value) filter (where o.indicator_code = 'MJ_ELECTRICITY') as electricity,
      max(o.value) filter (where o.indicator_code = 'MJ_ENERGY') as energy,
      sum(o.value) filter (where o.indicator_code in ('MJ_COD', 'MJ_NH3N', 'MJ_SO2', 'MJ_NOX')) as emission,
      coalesce(max(o.value) filter (where o.indicator_code in ('MJ_SAFETY_ACCIDENT', 'MJ_ENV_VIOLATION')), 0) as veto
    from subject s join mu on mu.code = s.code left join observation o on o.subject_id = s.id and o.is_current and o.period = ${String(YEAR)}
    where s.kind = 'enterprise' and s.attributes->>'经营状态' <> '关停' group by s.id, s.code, scale, mu.mu
  ), scored as (
    select id, scale, veto, case when scale = '规上' then
        greatest(0, coalesce(tax / mu / 24.097 * 30, 0)) + greatest(0, coalesce(va / mu / 136.16 * 20, 0))
      + greatest(0, coalesce(va / nullif(energy, 0) / 2.694 * 20, 0)) + greatest(0, coalesce(va / nullif(emission, 0) / 4929.81 * 10, 0))
      + greatest(0, coalesce(va / nullif(employees, 0) / 18.14 * 10, 0)) + greatest(0, coalesce(rd / nullif(revenue, 0) / 0.0302 * 10, 0))
      else greatest(0, coalesce(tax / mu / 11.5932 * 50, 0)) + greatest(0, coalesce(tax / nullif(electricity, 0) / 0.2352 * 50, 0)) end as score
    from v where tax is not null and (scale = '规下' and electricity is not null or scale = '规上' and va is not null)
  )
  select id, score, rank() over (partition by scale order by score desc) as rank,
    case when veto > 0 then 'D' when score >= 110 then 'A' when score >= 80 then 'B' when score >= 50 then 'C' else 'D' end as class
  from scored`;

async function bench(b: Backend, demo: MujunDemo) {
  const t0 = performance.now();
  const values = await load(b.store.db, demo);
  const loaded = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const run = await evaluate(b.store.db, actor, EvaluateOptions.parse({ year: YEAR }), KEQIAO);
  const evaluated = (performance.now() - t1) / 1000;
  console.log(
    `${b.name.padEnd(8)} ${FIRMS.toLocaleString('en')} firms, ${values.toLocaleString('en')} values loaded in ${loaded.toFixed(1)} s; ` +
      `evaluate (database → stored classes): ${evaluated.toFixed(2)} s  [A ${run.counts.A} B ${run.counts.B} C ${run.counts.C} D ${run.counts.D} 不参评 ${run.counts.notRated ?? 0}]`,
  );
  if (b.name !== 'postgres') return;
  const t2 = performance.now();
  await b.store.db.execute(PEER);
  const peer = (performance.now() - t2) / 1000;
  const [agree] = await rows<{ same: number; total: number }>(
    b.store.db,
    sql`select count(*) filter (where p.class = x.class)::int as same, count(*)::int as total
        from peer_result p join mujun_result x on x.subject_id = p.id and x.run_id = ${run.id}`,
  );
  console.log(
    `postgres single SQL statement (same scoring and classes into a table): ${peer.toFixed(2)} s; classes agree for ${agree.same} of ${agree.total} firms`,
  );
}

const towns = fs
  .readFileSync(path.join(SEED_DIR, 'regions/keqiao.csv'), 'utf8')
  .split('\n')
  .map((l) => l.split(','))
  .filter((c) => /^330603\d{3}000$/.test(c[0]) && c[0] !== KEQIAO)
  .map((c) => ({ code: c[0], name: c[1] }));
const demo = syntheticMujun({ year: YEAR, enterprises: FIRMS, towns });
console.log(`bench:mujun — ${FIRMS.toLocaleString('en')} synthetic enterprises over ${towns.length} towns, node ${process.version}`);
// BENCH_BACKENDS=postgres (or pglite) runs one backend only
const only = process.env.BENCH_BACKENDS?.split(',');
for (const make of [pgliteBackend, postgresBackend].filter((m) => !only || only.some((o) => m.name.toLowerCase().startsWith(o)))) {
  const b = await make();
  if (!b) continue;
  try {
    await bench(b, demo);
  } finally {
    await b.dispose();
  }
}
