/**
 * SYNTHETIC hourly air-quality readings for a few Keqiao stations, 2020–2021 — not monitoring
 * data. A seasonal pattern (PM2.5 high in winter, O3 high in early summer, a daily cycle), fixed
 * seeded noise (engine `mulberry32`), then per-day multipliers tuned with the engine itself so that
 * the district figure (mean of the 国控/省控 stations, HJ 663) reproduces what the seed publishes:
 * 2021 优良天数比例 90 % (324 of 360 valid days; 5 days lost to a synthetic outage) and the 2021
 * PM2.5 annual mean 1 µg/m³ below 2020. Deterministic: the same call gives the same readings.
 */
import {
  annualStats,
  combineDaily,
  dailySeries,
  daysInYear,
  fnv1a,
  mulberry32,
  POLLUTANTS,
  type AnnualStats,
  type DailySeries,
  type HourlySeries,
} from './engine.js';
import { TZ_OFFSET_MS } from './days.js';

export interface DemoStation {
  code: string;
  name: string;
  town: string;
  type: 'national' | 'provincial' | 'micro';
  lon: number;
  lat: number;
  /** level relative to the district */
  factor: number;
}

export const DEMO_STATIONS: readonly DemoStation[] = [
  { code: 'KQ-AQ-01', name: '柯桥站（合成）', town: '330603001000', type: 'national', lon: 120.492, lat: 30.088, factor: 1.0 },
  { code: 'KQ-AQ-02', name: '柯岩站（合成）', town: '330603002000', type: 'national', lon: 120.475, lat: 30.05, factor: 0.96 },
  { code: 'KQ-AQ-03', name: '钱清站（合成）', town: '330603009000', type: 'provincial', lon: 120.38, lat: 30.12, factor: 1.04 },
  { code: 'KQ-AQ-M1', name: '华舍微站（合成）', town: '330603003000', type: 'micro', lon: 120.45, lat: 30.1, factor: 1.15 },
];

export interface YearPlan {
  year: number;
  /** bad (AQI > 100) days driven by PM2.5, by O3; days lost to an outage */
  pmBad: number;
  o3Bad: number;
  invalid: number;
}

export const DEMO_YEARS: readonly YearPlan[] = [
  { year: 2020, pmBad: 34, o3Bad: 12, invalid: 0 },
  { year: 2021, pmBad: 26, o3Bad: 10, invalid: 5 },
];

type Kind = 'good' | 'pm' | 'o3' | 'invalid';

function planDays(p: YearPlan, rnd: () => number): Kind[] {
  const n = daysInYear(p.year);
  const kinds: Kind[] = Array(n).fill('good');
  const monthOf = (d: number) => new Date(Date.UTC(p.year, 0, 1 + d)).getUTCMonth() + 1;
  const pick = (count: number, ok: (d: number) => boolean, kind: Kind) => {
    const pool = [...Array(n).keys()].filter((d) => kinds[d] === 'good' && ok(d));
    for (let i = 0; i < count && pool.length; i++) kinds[pool.splice(Math.floor(rnd() * pool.length), 1)[0]!] = kind;
  };
  // an outage: one day in each of several months, never two in one month (the annual value stays valid)
  [3, 6, 8, 10, 11].slice(0, p.invalid).forEach((m) => pick(1, (d) => monthOf(d) === m, 'invalid'));
  pick(p.pmBad, (d) => [1, 2, 3, 11, 12].includes(monthOf(d)), 'pm');
  pick(p.o3Bad, (d) => [5, 6, 7, 8, 9].includes(monthOf(d)), 'o3');
  return kinds;
}

interface YearWork {
  plan: YearPlan;
  kinds: Kind[];
  /** per-day levels: PM2.5 district daily mean, O3 daily max 8-hour */
  pm: Float64Array;
  o3: Float64Array;
  /** fixed noise per station and hour (one array per pollutant) */
  noise: Float64Array[][];
}

const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

function startYear(plan: YearPlan): YearWork {
  const rnd = mulberry32(fnv1a(`ecology-demo:${plan.year}`));
  const kinds = planDays(plan, rnd);
  const n = kinds.length;
  const pm = new Float64Array(n);
  const o3 = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    const winter = Math.cos((2 * Math.PI * (d - 15)) / 365); // 1 mid-January, −1 mid-July
    const summer = Math.cos((2 * Math.PI * (d - 165)) / 365); // 1 mid-June
    pm[d] = kinds[d] === 'pm' ? 85 + rnd() * 35 : Math.min(58, (27 + 14 * winter) * (0.65 + rnd() * 0.7));
    o3[d] = kinds[d] === 'o3' ? 172 + rnd() * 30 : Math.min(140, (85 + 45 * summer) * (0.7 + rnd() * 0.5));
  }
  const noise = DEMO_STATIONS.map((s) => {
    const r = mulberry32(fnv1a(`ecology-demo:${plan.year}:${s.code}`));
    return POLLUTANTS.map(() => Float64Array.from({ length: n * 24 }, () => r() - 0.5));
  });
  return { plan, kinds, pm, o3, noise };
}

/** The hourly series of every demo station from the current day levels. */
function hourly(w: YearWork): HourlySeries[] {
  const n = w.kinds.length;
  return DEMO_STATIONS.map((s, si) => {
    const [nSo2, nNo2, nPm10, nPm25, nCo, nO3] = w.noise[si]!;
    const h = Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(n * 24)])) as HourlySeries;
    for (let d = 0; d < n; d++) {
      const winter = Math.cos((2 * Math.PI * (d - 15)) / 365);
      for (let k = 0; k < 24; k++) {
        const i = d * 24 + k;
        const cycle = 1 + 0.18 * Math.cos((2 * Math.PI * (k - 8)) / 24);
        const sun = Math.max(0, Math.sin((Math.PI * (k - 7)) / 13));
        const pm25 = w.pm[d]! * s.factor * cycle * (1 + 0.16 * nPm25![i]!);
        h.pm25[i] = round(pm25);
        h.pm10[i] = round(pm25 * (1.55 + 0.2 * nPm10![i]!));
        h.so2[i] = round(7 + 4 * nSo2![i]! + 2 * winter);
        h.no2[i] = round((30 + 10 * winter) * (1 + 0.25 * Math.cos((2 * Math.PI * (k - 19)) / 12)) * (1 + 0.2 * nNo2![i]!));
        h.co[i] = round((0.65 + 0.2 * winter) * (1 + 0.2 * nCo![i]!), 1);
        h.o3[i] = round(w.o3[d]! * (0.3 + 0.82 * sun) * (1 + 0.1 * nO3![i]!) * (s.type === 'micro' ? 1.05 : 1));
      }
      if (w.kinds[d] === 'invalid') for (const p of POLLUTANTS) h[p].fill(NaN, d * 24, d * 24 + 6);
    }
    return h;
  });
}

/** The district's daily series: the mean of its 国控/省控 stations (micro-stations left out). */
function districtOf(series: HourlySeries[], n: number): DailySeries {
  const area = series.filter((_, i) => DEMO_STATIONS[i]!.type !== 'micro').map((h) => dailySeries(h, n));
  return combineDaily(area, n);
}

export interface SyntheticAir {
  years: { year: number; hours: HourlySeries[]; stats: AnnualStats }[];
}

/** Tunes the day levels until every planned day has its class and 2021's PM2.5 mean is 2020's − 1. */
export function syntheticAir(): SyntheticAir {
  const works = DEMO_YEARS.map(startYear);
  const out: SyntheticAir['years'] = [];
  let previousPm25: number | null = null;
  for (const w of works) {
    const n = w.kinds.length;
    let hours = hourly(w);
    let stats: AnnualStats | null = null;
    for (let iter = 0; iter < 40; iter++) {
      const district = districtOf(hours, n);
      stats = annualStats(w.plan.year, district);
      let changed = false;
      for (let d = 0; d < n; d++) {
        const kind = w.kinds[d]!;
        if (kind === 'invalid') continue;
        const aqi = district.aqi[d]!;
        if (kind === 'good' && aqi > 95) {
          w.pm[d]! *= 0.9;
          w.o3[d]! *= 0.92;
          changed = true;
        } else if (kind === 'pm' && aqi <= 105) {
          w.pm[d]! *= 1.08;
          changed = true;
        } else if (kind === 'o3' && aqi <= 105) {
          w.o3[d]! *= 1.06;
          changed = true;
        }
      }
      const target = previousPm25 === null ? null : previousPm25 - 1;
      const mean = meanOf(district.pm25);
      if (target !== null && Math.abs(mean - target) > 0.3) {
        const f = 1 + (target - mean) / mean;
        for (let d = 0; d < n; d++) if (w.kinds[d] === 'good') w.pm[d] = Math.min(58, w.pm[d]! * f);
        changed = true;
      }
      if (!changed) break;
      hours = hourly(w);
    }
    previousPm25 = stats!.pm25.value;
    out.push({ year: w.plan.year, hours, stats: stats! });
  }
  return { years: out };
}

function meanOf(a: Float64Array): number {
  let s = 0;
  let k = 0;
  for (const v of a)
    if (!Number.isNaN(v)) {
      s += v;
      k++;
    }
  return s / k;
}

/** Epoch ms of the start of hour i of a year (local time). */
export const hourStart = (year: number, i: number) => Date.UTC(year, 0, 1) - TZ_OFFSET_MS + i * 3600_000;
