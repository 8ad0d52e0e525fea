/**
 * HJ 633-2012 §5: air quality sub-index (IAQI) and AQI.
 *
 *   IAQI_P = (IAQI_Hi − IAQI_Lo) / (BP_Hi − BP_Lo) × (C_P − BP_Lo) + IAQI_Lo        (公式 1)
 *   AQI = max{IAQI_1, IAQI_2, …, IAQI_n}                                              (公式 2)
 *
 * BP_Hi / BP_Lo: the limits of 表 1 just above / at or below C_P; IAQI_Hi / IAQI_Lo their IAQI.
 * §6: "空气质量分指数及空气质量指数的计算结果应全部进位取整数，不保留小数" — every IAQI is rounded
 * UP to an integer (ceiling; a tiny tolerance keeps 75.0000000001 from floating-point noise at 75).
 * §5.3: AQI > 50 → 首要污染物 is the pollutant with the largest IAQI (several when tied);
 * IAQI > 100 → the pollutant is 超标污染物.
 * A concentration above the last limit of its row gets IAQI 500 with `aboveScale` (表 1 ends
 * there); SO2 1-hour > 800 and O3 8-hour > 800 follow notes (2)/(3) of 表 1 (see breakpoints.ts).
 */
import { BREAKPOINTS, IAQI_STEPS, pollutantOf, type AqiItem, type Pollutant } from './breakpoints.js';
import { fail } from './errors.js';

export interface Iaqi {
  iaqi: number;
  /** the concentration lies above the last limit of the row (IAQI capped at 500) */
  aboveScale: boolean;
}

const EPS = 1e-9;

/** IAQI of one concentration against one row of 表 1, rounded up. NaN → null (no valid value). */
export function iaqiOf(item: AqiItem, c: number): Iaqi | null {
  if (Number.isNaN(c)) return null;
  if (!Number.isFinite(c) || c < 0) {
    fail('INVALID_ARGUMENT', `浓度无效：${item}=${c}`, `invalid concentration: ${item}=${c}`, { item, c });
  }
  const bp = BREAKPOINTS[item];
  if (!bp) fail('UNKNOWN_POLLUTANT', `未知污染物项目：${item}`, `unknown item: ${item}`, { item });
  if (c > bp[bp.length - 1]!) return { iaqi: 500, aboveScale: true };
  return { iaqi: iaqiByLimits(bp, c), aboveScale: false };
}

/** Formula 1 on one row of 表 1 for a valid concentration c ≥ 0, rounded up; 500 above the row. No allocation. */
export function iaqiByLimits(bp: readonly number[], c: number): number {
  const last = bp.length - 1;
  if (c > bp[last]!) return 500;
  let i = 1;
  while (i < last && c > bp[i]!) i++;
  const lo = bp[i - 1]!;
  const hi = bp[i]!;
  const v = ((IAQI_STEPS[i]! - IAQI_STEPS[i - 1]!) / (hi - lo)) * (c - lo) + IAQI_STEPS[i - 1]!;
  return Math.max(0, Math.ceil(v - EPS));
}

export interface AqiResult {
  /** null when no item has a valid value */
  aqi: number | null;
  /** IAQI per item used (null = no valid value) */
  iaqi: Partial<Record<AqiItem, number | null>>;
  /** 首要污染物 (AQI > 50; all tied) — pollutants, O3 once */
  primary: Pollutant[];
  /** 超标污染物 (IAQI > 100) */
  exceeding: Pollutant[];
}

/** AQI, primary and exceeding pollutants from the IAQI of each item (formula 2, §5.3). */
export function aqiFrom(iaqi: Partial<Record<AqiItem, number | null>>): AqiResult {
  let aqi: number | null = null;
  for (const v of Object.values(iaqi)) if (v != null && (aqi == null || v > aqi)) aqi = v;
  const primary: Pollutant[] = [];
  const exceeding: Pollutant[] = [];
  for (const [k, v] of Object.entries(iaqi) as [AqiItem, number | null][]) {
    if (v == null) continue;
    const p = pollutantOf(k);
    if (aqi != null && aqi > 50 && v === aqi && !primary.includes(p)) primary.push(p);
    if (v > 100 && !exceeding.includes(p)) exceeding.push(p);
  }
  return { aqi, iaqi, primary, exceeding };
}

/** One hour's concentrations (NaN = missing). */
export interface HourValues {
  so2: number;
  no2: number;
  pm10: number;
  pm25: number;
  co: number;
  o3: number;
  /** O3 8-hour moving average ending at this hour (NaN if not valid) */
  o3_8h: number;
  /** 24-hour means used by the real-time report: SO2 (note 2), PM10, PM2.5 (no 1-hour limits) */
  so2_24h: number;
}

/** Real-time (实时报) AQI of one hour. SO2 1-hour > 800 → the SO2 IAQI is that of `so2_24h`;
 *  O3 8-hour > 800 → the O3 8-hour item is dropped and O3 is reported by its 1-hour IAQI. */
export function hourlyAqi(h: HourValues): AqiResult {
  const so2 = h.so2 > 800 ? iaqiOf('so2_24h', h.so2_24h) : iaqiOf('so2_1h', h.so2);
  const iaqi: Partial<Record<AqiItem, number | null>> = {
    [h.so2 > 800 ? 'so2_24h' : 'so2_1h']: so2?.iaqi ?? null,
    no2_1h: iaqiOf('no2_1h', h.no2)?.iaqi ?? null,
    pm10_24h: iaqiOf('pm10_24h', h.pm10)?.iaqi ?? null,
    pm25_24h: iaqiOf('pm25_24h', h.pm25)?.iaqi ?? null,
    co_1h: iaqiOf('co_1h', h.co)?.iaqi ?? null,
    o3_1h: iaqiOf('o3_1h', h.o3)?.iaqi ?? null,
  };
  if (!(h.o3_8h > 800)) iaqi.o3_8h = iaqiOf('o3_8h', h.o3_8h)?.iaqi ?? null;
  return aqiFrom(iaqi);
}

/** One day's values (日报; NaN = not valid). */
export interface DayValues {
  so2: number;
  no2: number;
  pm10: number;
  pm25: number;
  co: number;
  /** O3 daily maximum 1-hour */
  o3_1h: number;
  /** O3 daily maximum 8-hour moving average */
  o3_8h: number;
}

/** Daily report AQI (日报): 24-hour means of SO2, NO2, PM10, PM2.5, CO, the O3 maximum 1-hour and
 *  maximum 8-hour; O3 8-hour > 800 → O3 by its 1-hour IAQI only (note 3). */
export function dailyAqi(d: DayValues): AqiResult {
  const iaqi: Partial<Record<AqiItem, number | null>> = {
    so2_24h: iaqiOf('so2_24h', d.so2)?.iaqi ?? null,
    no2_24h: iaqiOf('no2_24h', d.no2)?.iaqi ?? null,
    pm10_24h: iaqiOf('pm10_24h', d.pm10)?.iaqi ?? null,
    pm25_24h: iaqiOf('pm25_24h', d.pm25)?.iaqi ?? null,
    co_24h: iaqiOf('co_24h', d.co)?.iaqi ?? null,
    o3_1h: iaqiOf('o3_1h', d.o3_1h)?.iaqi ?? null,
  };
  if (!(d.o3_8h > 800)) iaqi.o3_8h = iaqiOf('o3_8h', d.o3_8h)?.iaqi ?? null;
  return aqiFrom(iaqi);
}
