/**
 * 生态 · air quality at volume (issue 16): a year of hourly data for BENCH_STATIONS (default 1,000)
 * stations — 8.76 M station-hours × six pollutants, synthetic with a seasonal pattern and 2 % gaps.
 *  1. engine alone: every station's daily values and AQI (HJ 633 / HJ 663 dailySeries), its annual
 *     statistics (annualStats: 优良天数比例, means, O3 P90, CO P95), and the district's (combineDaily).
 *     Target ≤ 1 s.
 *  2. the NumPy peer on the same numbers (the `python3` on PATH): daily means with ≥ 20 valid
 *     hours, the O3 8-hour windows, the daily AQI by the breakpoint tables and the good-day ratio,
 *     vectorised; timed in the same run, and its good-day counts must equal the engine's.
 *  3. PostgreSQL: the same hours imported through the app's writer (`saveReadings`: one row per
 *     station-day in eco_reading_day, 24 hours × six pollutants packed losslessly; the days into
 *     eco_daily; not timed), then timed: (a) every station's 8,760 hours read back out of the
 *     database (365,000 station-day rows, chunks of stations side by side over the pool) and the
 *     engine's daily values, AQI (dailySeries, every HJ 663 rule), annual statistics and the
 *     district's, checked equal to the engine's on the generated hours for every station; (b) the
 *     district's annual statistics and every town's from eco_daily through the service (`annual`,
 *     `townsAnnual`, what the page asks). Target ≤ 5 s for (a) + (b).
 * Run: npm run bench:aqi   (BENCH_STATIONS=100 for a quick look; BENCH_PG=0 skips PostgreSQL;
 *      BENCH_PG_RUNS timed runs of (a), default 3; BENCH_PG_CHUNKS chunks of stations, default 4)
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
  type DailySeries,
  type HourlySeries,
  type Pollutant,
} from '../packages/engine/src/ecology/index.js';
import { mulberry32 } from '../packages/engine/src/random.js';
import { sql } from 'drizzle-orm';
import { systemActor } from '../packages/server/src/auth/actor.js';
import { one, rows } from '../packages/server/src/db/store.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import { annual, eachStationHours, saveReadings, townsAnnual } from '../packages/server/src/ecology/service.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { saveSubjects } from '../packages/server/src/subjects/service.js';
import { postgresBackend } from './lib.js';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 1000);
/** timed runs of (a) after a warm-up (BENCH_PG_RUNS, default 3; the median is reported) */
const PG_RUNS = Number(process.env.BENCH_PG_RUNS ?? 3);
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
hours.length = 0; // no longer needed: the PostgreSQL part generates each station's hours again as it stores them
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
    // ids[s] is station s (BENCH-000s): its hours are stationHours(s), every tenth a micro-station
    const ids = (
      await rows<{ id: number }>(db, sql`select id::int as id from subject where kind = 'station' and code like 'BENCH-%' order by code`)
    ).map((r) => r.id);
    // the engine's own hours, stored through the import path (saveReadings: packed station-days, their
    // days computed into eco_daily, audited), 25 stations per transaction; not timed
    t0 = performance.now();
    const base = Date.parse('2020-12-31T16:00:00Z'); // 1 January 2021 00:00 in Asia/Shanghai
    for (let i = 0; i < ids.length; i += 25) {
      const part = ids.slice(i, i + 25);
      const n = part.length * HOURS;
      const r = {
        station: new Array<number>(n),
        hour: new Array<number>(n),
        ...(Object.fromEntries(POLLUTANTS.map((q) => [q, new Array<number | null>(n)])) as Record<Pollutant, (number | null)[]>),
        codes: new Map<number, string>(),
      };
      part.forEach((id, j) => {
        const h = stationHours(i + j);
        r.codes.set(id, `BENCH-${String(i + j).padStart(4, '0')}`);
        for (let k = 0; k < HOURS; k++) {
          r.station[j * HOURS + k] = id;
          r.hour[j * HOURS + k] = base + k * 3600_000;
          for (const q of POLLUTANTS) r[q][j * HOURS + k] = Number.isNaN(h[q][k]!) ? null : h[q][k]!;
        }
      });
      await saveReadings(db, actor, r, { fileName: `bench-${i}`, source: 'bench (synthetic)', synthetic: true });
    }
    await db.execute(sql`analyze eco_reading_day`);
    await db.execute(sql`analyze eco_daily`);
    const stored = (await one<{ n: number; mb: number }>(
      db,
      sql`select count(*)::int as n, (pg_total_relation_size('eco_reading_day') / 1048576.0)::float8 as mb from eco_reading_day`,
    ))!;
    console.log(
      `PostgreSQL: imported ${(ids.length * HOURS).toLocaleString('en')} station-hours of ${ids.length} stations through saveReadings ` +
        `(${stored.n.toLocaleString('en')} station-day rows, ${stored.mb.toFixed(0)} MB with its index; their days into eco_daily) in ${ms(t0).toFixed(0)} ms (not timed)`,
    );

    // (a) every station's hours read back from eco_reading_day, then the engine: daily values and AQI
    // (dailySeries, all the HJ 663 rules), annual statistics, the district
    const local = /^(127\.0\.0\.1|localhost|\[::1\])$/.test(new URL(backend.url ?? 'postgres://x').hostname);
    /** CPU time (ms) of a local PostgreSQL backend, from /proc; null when it is not on this machine */
    const backendCpu = (pid: number): number | null => {
      try {
        if (!local || fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') return null;
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime in clock ticks (100 Hz)
      } catch {
        return null;
      }
    };
    const CHUNKS = Number(process.env.BENCH_PG_CHUNKS ?? 4);
    const chunkOf = (chunk: number[]) =>
      db.transaction(async (t) => {
        const tx = t as typeof db;
        const pid = (await one<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))!.pid;
        const c0 = backendCpu(pid);
        const out: [number, DailySeries][] = [];
        await eachStationHours(tx, actor, chunk, '2021-01-01', DAYS, (id, h) => out.push([id, dailySeries(h, DAYS)]));
        const c1 = backendCpu(pid);
        // a station without any stored hour has only invalid days
        const seen = new Set(out.map(([id]) => id));
        for (const id of chunk) if (!seen.has(id)) out.push([id, dailySeries(emptyHours(), DAYS)]);
        return { out, cpu: c0 === null || c1 === null ? null : c1 - c0 };
      });
    const pgRun = async () => {
      const t = performance.now();
      const u0 = process.cpuUsage();
      // chunks of stations read side by side over the pool; each decoded and computed as it arrives
      const chunks = Array.from({ length: CHUNKS }, (_, k) => ids.filter((_, i) => i % CHUNKS === k));
      const parts = await Promise.all(chunks.map(chunkOf));
      const series = parts.flatMap((x) => x.out).sort((a, b) => a[0] - b[0]);
      const stats = series.map(([, ds]) => annualStats(YEAR, ds));
      const area = series.filter(([id]) => ids.indexOf(id) % 10 !== 9).map(([, ds]) => ds);
      const district = annualStats(YEAR, combineDaily(area, DAYS));
      const u = process.cpuUsage(u0);
      const cpus = parts.map((x) => x.cpu);
      return {
        ms: ms(t),
        nodeMs: (u.user + u.system) / 1000,
        backendMs: cpus.every((c) => c !== null) ? cpus.reduce((a, b) => a! + b!, 0) : null,
        series,
        stats,
        district,
      };
    };
    await pgRun(); // warm the cache
    const pgRuns: Awaited<ReturnType<typeof pgRun>>[] = [];
    for (let k = 0; k < PG_RUNS; k++) pgRuns.push(await pgRun());
    pgRuns.sort((a, b) => a.ms - b.ms);
    const p = pgRuns[Math.floor((pgRuns.length - 1) / 2)]!;
    say(
      `PostgreSQL (a): ${ids.length} stations' hours from ${stored.n.toLocaleString('en')} station-day rows (${CHUNKS} chunks over the pool) ` +
        `+ engine daily values, AQI, annual statistics and district: ${p.ms.toFixed(0)} ms (median of ${PG_RUNS} after a warm-up; min ${pgRuns[0]!.ms.toFixed(0)}); ` +
        `CPU: this process ${p.nodeMs.toFixed(0)} ms, PostgreSQL backends ${p.backendMs === null ? 'n/a (not local)' : `${p.backendMs.toFixed(0)} ms`}; ` +
        `district 优良天数比例 ${p.district.goodRatio.value} %`,
    );
    // the days from the database must equal the engine's own dailySeries on the generated hours, every station
    let same = 0;
    const area: DailySeries[] = [];
    for (const [id, ds] of p.series) {
      const s = ids.indexOf(id);
      const e = dailySeries(stationHours(s), DAYS);
      if (s % 10 !== 9) area.push(e);
      const items = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3_1h', 'o3_8h'] as const;
      if (
        e.aqi.every((a, d) => a === ds.aqi[d] && e.primary[d] === ds.primary[d] && e.exceeding[d] === ds.exceeding[d]) &&
        items.every((k) => e[k].every((v, d) => Object.is(v, ds[k][d])))
      )
        same++;
    }
    const ed = annualStats(YEAR, combineDaily(area, DAYS));
    const districtSame = JSON.stringify(ed) === JSON.stringify(p.district);
    say(
      `PostgreSQL (a) check: daily values, AQI, primary and exceeding pollutants equal the engine's dailySeries on the generated hours ` +
        `for ${same}/${p.series.length} stations; district statistics ${districtSame ? 'equal' : 'DIFFER'}`,
    );
    if (same !== ids.length || !districtSame) say('!! PostgreSQL (a) disagrees with the engine');

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

function emptyHours(): HourlySeries {
  return Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(HOURS).fill(NaN)])) as HourlySeries;
}
