/**
 * 生态 · air quality at volume (issue 16): a year of hourly data for BENCH_STATIONS (default 1,000)
 * stations — 8.76 M station-hours × six pollutants, synthetic with a seasonal pattern and 2 % gaps.
 *  1. engine alone: every station's daily values and AQI (HJ 633 / HJ 663 dailySeries), its annual
 *     statistics (annualStats: 优良天数比例, means, O3 P90, CO P95), and the district's (combineDaily).
 *     Target ≤ 1 s.
 *  2. the NumPy peer on the same numbers (the `python3` on PATH): daily means with ≥ 20 valid
 *     hours, the O3 8-hour windows, the daily AQI by the breakpoint tables and the good-day ratio,
 *     vectorised; timed in the same run, and its good-day counts must equal the engine's.
 *  3. PostgreSQL: the hourly rows stored in eco_reading (generated in SQL, not timed), then timed:
 *     (a) daily values of every station from the 8.76 M rows read out of the database, written to
 *     eco_daily; (b) the district's annual statistics and every town's from the database through
 *     the service (`annual`, `townsAnnual`). Target ≤ 5 s for (a) + (b).
 * Run: npm run bench:aqi   (BENCH_STATIONS=100 for a quick look; BENCH_PG=0 skips PostgreSQL)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  annualStats,
  BREAKPOINTS,
  combineDaily,
  dailySeries,
  IAQI_STEPS,
  POLLUTANTS,
  pollutantsOf,
  roundConcentration,
  setDayAqi,
  type DailySeries,
  type HourlySeries,
} from '../packages/engine/src/ecology/index.js';
import { mulberry32 } from '../packages/engine/src/random.js';
import { sql } from 'drizzle-orm';
import { systemActor } from '../packages/server/src/auth/actor.js';
import { one, rows } from '../packages/server/src/db/store.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import { readingsOf, upsertDailyUnscoped } from '../packages/server/src/ecology/repository.js';
import { annual, townsAnnual } from '../packages/server/src/ecology/service.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { saveSubjects } from '../packages/server/src/subjects/service.js';
import { postgresBackend } from './lib.js';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 1000);
/** timed runs of the PostgreSQL queries after a warm-up (BENCH_PG_RUNS, default 1: each reads 8.76 M rows) */
const PG_RUNS = Number(process.env.BENCH_PG_RUNS ?? 1);
/** BENCH_PARTS=pg measures PostgreSQL alone */
const PARTS = (process.env.BENCH_PARTS ?? 'engine,numpy,pg').split(',');
const YEAR = 2021;
const DAYS = 365;
const HOURS = DAYS * 24;

/** synthetic hours of station s: seasonal PM (winter high), diurnal O3 (afternoon high), 2 % missing */
function stationHours(s: number): HourlySeries {
  const rnd = mulberry32(1000 + s);
  const h = Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(HOURS)])) as HourlySeries;
  const level = 0.7 + 0.6 * rnd();
  for (let i = 0; i < HOURS; i++) {
    const day = Math.floor(i / 24);
    const hour = i % 24;
    const winter = 1 + 0.6 * Math.cos((2 * Math.PI * (day - 15)) / 365);
    const sun = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 14));
    const noise = () => 0.6 + 0.8 * rnd();
    h.pm25[i] = Math.round(28 * level * winter * noise());
    h.pm10[i] = Math.round(h.pm25[i]! * (1.5 + 0.3 * rnd()));
    h.so2[i] = Math.round(7 * noise());
    h.no2[i] = Math.round(30 * level * noise());
    h.co[i] = Math.round(8 * level * winter * noise()) / 10;
    h.o3[i] = Math.round((40 + 130 * sun * (2 - winter)) * noise());
    if (rnd() < 0.02) for (const p of POLLUTANTS) h[p][i] = NaN;
  }
  return h;
}

const figures: string[] = [];
const say = (line: string) => {
  figures.push(line);
  console.log(line);
};
const ms = (t0: number) => performance.now() - t0;

// ---------------------------------------------------------------- data
let t0 = performance.now();
const hours: HourlySeries[] = [];
if (PARTS.includes('engine')) for (let s = 0; s < STATIONS; s++) hours.push(stationHours(s));
console.log(
  `generated ${STATIONS} stations × ${HOURS} hours (${((STATIONS * HOURS) / 1e6).toFixed(2)} M station-hours) in ${ms(t0).toFixed(0)} ms`,
);

// ---------------------------------------------------------------- 1. engine
function engineRun() {
  const t = performance.now();
  const daily: DailySeries[] = hours.map((h) => dailySeries(h, DAYS));
  const stats = daily.map((d) => annualStats(YEAR, d));
  const district = annualStats(YEAR, combineDaily(daily, DAYS));
  return { ms: ms(t), daily, stats, district };
}
if (PARTS.includes('engine')) engineRun(); // warm-up (JIT)
const runs = PARTS.includes('engine') ? [engineRun(), engineRun(), engineRun(), engineRun(), engineRun()] : [];
const engine = runs.sort((a, b) => a.ms - b.ms)[2]!;
if (engine)
  say(
    `engine: ${STATIONS} stations, daily AQI + annual statistics + district: ${engine.ms.toFixed(0)} ms (median of 5; min ${runs[0]!.ms.toFixed(0)}; target ≤ 1000 ms); ` +
      `district 优良天数比例 ${engine.district.goodRatio.value} % (${engine.district.goodDays}/${engine.district.validDays}), PM2.5 ${engine.district.pm25.value} µg/m³`,
  );

// ---------------------------------------------------------------- 2. NumPy peer
if (engine && PARTS.includes('numpy')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-aqi-'));
  try {
    for (const p of POLLUTANTS) {
      const all = new Float64Array(STATIONS * HOURS);
      hours.forEach((h, s) => all.set(h[p], s * HOURS));
      fs.writeFileSync(path.join(dir, `${p}.f64`), Buffer.from(all.buffer));
    }
    const meta = JSON.stringify({ steps: IAQI_STEPS, bp: BREAKPOINTS });
    const out = JSON.parse(
      execFileSync('python3', [path.join(import.meta.dirname, 'aqi_peer.py'), dir, String(STATIONS), meta], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      }),
    ) as { seconds: number; load: number; good: number[]; districtGood: number; districtValid: number };
    const same = out.good.filter((g, s) => g === engine.stats[s]!.goodDays).length;
    say(
      `NumPy ${execFileSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' }).trim()} peer: ` +
        `daily values + daily AQI + good days + district: ${(out.seconds * 1000).toFixed(0)} ms (load ${(out.load * 1000).toFixed(0)} ms not counted); ` +
        `good days equal to the engine's for ${same}/${STATIONS} stations; district ${out.districtGood}/${out.districtValid} ` +
        `(engine ${engine.district.goodDays}/${engine.district.validDays})`,
    );
    if (same !== STATIONS || out.districtGood !== engine.district.goodDays) say('!! the NumPy peer disagrees with the engine');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 3. PostgreSQL
hours.length = 0; // the engine's hours are no longer needed; PostgreSQL holds its own
const backend = process.env.BENCH_PG === '0' || !PARTS.includes('pg') ? null : await postgresBackend();
if (!backend) console.log('PostgreSQL part skipped');
else {
  const db = backend.store.db;
  const actor = systemActor('bench');
  try {
    const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');
    await loadCountyCsv(db, read('regions/zhejiang-counties.csv'), { code: '330000000000', name: '浙江省' }, 'bench');
    await loadRegionCsv(db, read('regions/keqiao.csv'), 'bench');
    const towns = (
      await rows<{ code: string }>(db, sql`select code from region where code like '330603%' and level = 'town' order by code`)
    ).map((r) => r.code);
    await saveSubjects(
      db,
      actor,
      Array.from({ length: STATIONS }, (_, s) => ({
        kind: 'station' as const,
        code: `BENCH-${String(s).padStart(4, '0')}`,
        name: `基准站 ${s}（合成）`,
        regionCode: towns[s % towns.length]!,
        attributes: { type: s % 10 === 9 ? 'micro' : 'national', synthetic: true },
        source: 'bench (synthetic)',
      })),
    );
    t0 = performance.now();
    // the same kind of year in SQL: seasonal PM, diurnal O3, 2 % missing hours (hashint8 as the random source)
    const ids = (await rows<{ id: number }>(db, sql`select id::int as id from subject where kind = 'station' order by id`)).map(
      (r) => r.id,
    );
    for (let i = 0; i < ids.length; i += 50) {
      await db.execute(sql`
        insert into eco_reading (station_id, hour, so2, no2, pm10, pm25, co, o3, source, synthetic, loaded_by)
        select s.id, timestamptz '2020-12-31 16:00:00+00' + g.i * interval '1 hour',
          case when x.gap then null else round(7 * x.n1) end, case when x.gap then null else round(30 * x.lv * x.n2) end,
          case when x.gap then null else round(28 * x.lv * x.w * x.n3 * 1.6) end, case when x.gap then null else round(28 * x.lv * x.w * x.n3) end,
          case when x.gap then null else round((8 * x.lv * x.w * x.n4)::numeric) / 10 end,
          case when x.gap then null else round((40 + 130 * x.sun * (2 - x.w)) * x.n5) end, 'bench (synthetic)', true, 'bench'
        from unnest(${sql.param(ids.slice(i, i + 50))}::bigint[]) as s(id) cross join generate_series(0, 8759) as g(i)
        cross join lateral (select
          (hashint8(s.id * 100003 + g.i) & 1023) < 20 as gap,
          0.7 + 0.6 * ((hashint8(s.id) & 1023) / 1024.0) as lv,
          1 + 0.6 * cos(2 * pi() * ((g.i / 24) - 15) / 365) as w,
          greatest(0, sin(pi() * ((g.i % 24) - 6) / 14)) as sun,
          0.6 + 0.8 * ((hashint8(s.id * 7 + g.i * 11 + 1) & 1023) / 1024.0) as n1,
          0.6 + 0.8 * ((hashint8(s.id * 7 + g.i * 11 + 2) & 1023) / 1024.0) as n2,
          0.6 + 0.8 * ((hashint8(s.id * 7 + g.i * 11 + 3) & 1023) / 1024.0) as n3,
          0.6 + 0.8 * ((hashint8(s.id * 7 + g.i * 11 + 4) & 1023) / 1024.0) as n4,
          0.6 + 0.8 * ((hashint8(s.id * 7 + g.i * 11 + 5) & 1023) / 1024.0) as n5) x`);
    }
    await db.execute(sql`analyze eco_reading`);
    const n = (await one<{ n: number }>(db, sql`select count(*)::int as n from eco_reading`))!.n;
    console.log(
      `PostgreSQL: stored ${n.toLocaleString('en')} hourly rows of ${ids.length} stations in ${ms(t0).toFixed(0)} ms (not timed)`,
    );

    // (a) daily values in SQL (HJ 663 counts), then the engine's AQI and statistics
    const DAY0 = Date.parse('2021-01-01T00:00:00Z') / 1000 / 86400; // local day number of 1 January (epoch + 8 h)
    /**
     * One chunk of stations: HJ 663 daily values in SQL. Sums and counts, not avg(): float8 avg keeps
     * a three-element transition array per row, sum() one float8, and avg is Σ/n of the same sum
     * in the same order, so dividing here gives the same double. The O3 8-hour window is ordered by
     * the epoch as bigint (a range on an integer, not timestamptz + interval). The local day and hour
     * come from epoch arithmetic (Asia/Shanghai is UTC+8 all year). A larger work_mem keeps the
     * grouping in memory.
     */
    const dailyOf = (chunk: number[]) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local work_mem = '64MB'`);
        return rows<{ s: number; d: number; v: (number | null)[]; vh: number }>(
          tx as typeof db,
          sql`with h as (
              select station_id, e, so2, no2, pm10, pm25, co, o3, sum(o3) over w as s8, count(o3) over w as n8
              from (select station_id, extract(epoch from hour)::bigint + 28800 as e, so2, no2, pm10, pm25, co, o3 from eco_reading
                    where station_id = any(${sql.param(chunk)}::bigint[])
                      and hour >= timestamptz '2020-12-31 16:00:00+00' and hour < timestamptz '2021-12-31 16:00:00+00') r
              window w as (partition by station_id order by e range between current row and 25200 following))
            select station_id::int as s, (e / 86400 - ${DAY0})::int as d,
              array[case when count(so2) >= 20 then sum(so2) / count(so2) end, case when count(no2) >= 20 then sum(no2) / count(no2) end,
                case when count(pm10) >= 20 then sum(pm10) / count(pm10) end, case when count(pm25) >= 20 then sum(pm25) / count(pm25) end,
                case when count(co) >= 20 then sum(co) / count(co) end, case when count(o3) >= 20 then max(o3) end,
                case when count(*) filter (where e % 86400 <= 57600 and n8 >= 6) >= 14
                  then max(s8 / n8) filter (where e % 86400 <= 57600 and n8 >= 6) end]::float8[] as v,
              count(*) filter (where so2 is not null and no2 is not null and pm10 is not null and pm25 is not null and co is not null and o3 is not null)::int as vh
            from h group by 1, 2`,
        );
      });
    const pgRun = async () => {
      const t = performance.now();
      // as many chunks as the pool has connections; PostgreSQL runs them side by side
      const chunks = Array.from({ length: 8 }, (_, k) => ids.filter((_, i) => i % 8 === k));
      const daily = (await Promise.all(chunks.map(dailyOf))).flat();
      const sql_ms = ms(t);
      const byStation = new Map<number, DailySeries>();
      const KEYS = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3_1h', 'o3_8h'] as const;
      const P = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3', 'o3'] as const;
      for (const r of daily) {
        let ds = byStation.get(r.s);
        if (!ds) byStation.set(r.s, (ds = emptyDaily(DAYS)));
        for (let k = 0; k < 7; k++) ds[KEYS[k]][r.d] = r.v[k] === null ? NaN : roundConcentration(P[k], r.v[k]!);
      }
      for (const ds of byStation.values()) for (let d = 0; d < DAYS; d++) setDayAqi(ds, d);
      const series = [...byStation.entries()].sort((a, b) => a[0] - b[0]);
      const stats = series.map(([, ds]) => annualStats(YEAR, ds));
      const area = series.filter(([id]) => ids.indexOf(id) % 10 !== 9).map(([, ds]) => ds);
      const district = annualStats(YEAR, combineDaily(area, DAYS));
      return { ms: ms(t), sqlMs: sql_ms, rows: daily.length, series, stats, district, daily };
    };
    await pgRun(); // warm the cache
    const pgRuns: Awaited<ReturnType<typeof pgRun>>[] = [];
    for (let k = 0; k < PG_RUNS; k++) pgRuns.push(await pgRun());
    pgRuns.sort((a, b) => a.ms - b.ms);
    const p = pgRuns[Math.floor((pgRuns.length - 1) / 2)]!;
    say(
      `PostgreSQL (a): daily values of ${ids.length} stations from ${n.toLocaleString('en')} hourly rows in SQL (${p.sqlMs.toFixed(0)} ms, ` +
        `${p.rows.toLocaleString('en')} station-days) + engine AQI and annual statistics: ${p.ms.toFixed(0)} ms (median of ${PG_RUNS} after a warm-up; min ${pgRuns[0]!.ms.toFixed(0)}; target ≤ 5000 ms); ` +
        `district 优良天数比例 ${p.district.goodRatio.value} %`,
    );
    // the SQL daily values must equal the engine's own daily computation from the same hourly rows
    let same = 0;
    const check = p.series.slice(0, 20);
    for (const [id, ds] of check) {
      const rs = await readingsOf(db, actor, [id], '2020-12-31T16:00:00Z', '2021-12-31T16:00:00Z');
      const h = Object.fromEntries(POLLUTANTS.map((q) => [q, new Float64Array(HOURS).fill(NaN)])) as HourlySeries;
      const base = Date.parse('2020-12-31T16:00:00Z');
      for (const r of rs) for (const q of POLLUTANTS) if (r[q] != null) h[q][Math.round((r.t - base) / 3600_000)] = r[q]!;
      const e = dailySeries(h, DAYS);
      if (e.aqi.every((a, d) => a === ds.aqi[d]) && e.o3_8h.every((v, d) => Object.is(v, ds.o3_8h[d]))) same++;
    }
    say(
      `PostgreSQL (a) check: SQL daily values + engine AQI equal the engine's dailySeries from the hourly rows for ${same}/${check.length} stations`,
    );

    // (b) the stored days → the district's and every town's statistics through the service (what the page asks)
    t0 = performance.now();
    const rowsOut = p.series.flatMap(([id, ds]) =>
      Array.from({ length: DAYS }, (_, d) => ({
        stationId: id,
        day: new Date(Date.UTC(YEAR, 0, 1 + d)).toISOString().slice(0, 10),
        so2: nn(ds.so2[d]!),
        no2: nn(ds.no2[d]!),
        pm10: nn(ds.pm10[d]!),
        pm25: nn(ds.pm25[d]!),
        co: nn(ds.co[d]!),
        o3_1h: nn(ds.o3_1h[d]!),
        o3_8h: nn(ds.o3_8h[d]!),
        aqi: ds.aqi[d]! < 0 ? null : ds.aqi[d]!,
        primary: pollutantsOf(ds.primary[d]!),
        exceeding: pollutantsOf(ds.exceeding[d]!),
        validHours: 24,
        synthetic: true,
      })),
    );
    await db.transaction(async (tx) => upsertDailyUnscoped(tx as typeof db, rowsOut));
    console.log(
      `PostgreSQL: stored ${rowsOut.length.toLocaleString('en')} station-days in eco_daily in ${ms(t0).toFixed(0)} ms (not timed)`,
    );
    const serviceRun = async () => {
      const t = performance.now();
      const a = await annual(db, actor, { year: YEAR, region: '330603000000' });
      const tw = await townsAnnual(db, actor, { year: YEAR, region: '330603000000' });
      return { ms: ms(t), a, tw };
    };
    await serviceRun();
    const sr = [await serviceRun(), await serviceRun(), await serviceRun()].sort((x, y) => x.ms - y.ms);
    say(
      `PostgreSQL (b): the district's annual statistics (this year and last) and its ${sr[1]!.tw.length} towns' from eco_daily through the service: ` +
        `${sr[1]!.ms.toFixed(0)} ms (median of 3); (a) + (b) = ${(p.ms + sr[1]!.ms).toFixed(0)} ms (target ≤ 5000 ms); district 优良天数比例 ${sr[1]!.a.current.goodRatio.value} %`,
    );
  } finally {
    await backend.dispose();
  }
}
console.log(
  `\nload average while measuring: ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (${os.cpus().length} cores)`,
);

function emptyDaily(days: number): DailySeries {
  const f = () => new Float64Array(days).fill(NaN);
  return {
    days,
    so2: f(),
    no2: f(),
    pm10: f(),
    pm25: f(),
    co: f(),
    o3_1h: f(),
    o3_8h: f(),
    aqi: new Int16Array(days),
    primary: new Uint8Array(days),
    exceeding: new Uint8Array(days),
  };
}
function nn(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
