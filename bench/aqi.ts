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
import { annualStats, combineDaily, dailySeries, POLLUTANTS, type DailySeries, type HourlySeries } from '../packages/engine/src/ecology/index.js';
import { mulberry32 } from '../packages/engine/src/random.js';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 1000);
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
for (let s = 0; s < STATIONS; s++) hours.push(stationHours(s));
console.log(`generated ${STATIONS} stations × ${HOURS} hours (${((STATIONS * HOURS) / 1e6).toFixed(2)} M station-hours) in ${ms(t0).toFixed(0)} ms`);

// ---------------------------------------------------------------- 1. engine
function engineRun() {
  const t = performance.now();
  const daily: DailySeries[] = hours.map((h) => dailySeries(h, DAYS));
  const stats = daily.map((d) => annualStats(YEAR, d));
  const district = annualStats(YEAR, combineDaily(daily, DAYS));
  return { ms: ms(t), daily, stats, district };
}
engineRun(); // warm-up (JIT)
const runs = [engineRun(), engineRun(), engineRun()];
const engine = runs.sort((a, b) => a.ms - b.ms)[1]!;
say(
  `engine: ${STATIONS} stations, daily AQI + annual statistics + district: ${engine.ms.toFixed(0)} ms (median of 3; target ≤ 1000 ms); ` +
    `district 优良天数比例 ${engine.district.goodRatio.value} % (${engine.district.goodDays}/${engine.district.validDays}), PM2.5 ${engine.district.pm25.value} µg/m³`,
);
