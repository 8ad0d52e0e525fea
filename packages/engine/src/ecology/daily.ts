/**
 * Daily values of one station from its hourly concentrations, with the data-validity rules of
 * GB 3095-2012 表 4 / HJ 663-2013 §4:
 *  - 24-hour mean (SO2, NO2, PM10, PM2.5, CO): at least 20 valid hourly values in the natural day;
 *  - O3 8-hour moving average: at least 6 valid hourly values in the 8 hours;
 *  - O3 daily maximum 8-hour: the largest of the 8-hour averages ending at 8:00 … 24:00 of the day
 *    (HJ 663-2013: 当日 8 时至 24 时), at least 14 valid 8-hour values of those 17;
 *  - O3 daily maximum 1-hour: taken, like the 24-hour means, only from a day with ≥ 20 valid hours
 *    (our reading; 表 4 states no separate count for it).
 * A day's AQI (日报, HJ 633-2012) is valid only when all seven daily items are valid; otherwise it
 * is reported as invalid (aqi −1), never as zero. Daily values are rounded by HJ 663 (rounding.ts).
 *
 * Layout (typed arrays for speed): hour index = day × 24 + h, h = 0…23 the hour starting at h:00
 * local time (Asia/Shanghai); NaN = missing. Output arrays are per day; NaN / −1 = invalid.
 */
import { BREAKPOINTS, POLLUTANTS, type Pollutant } from './breakpoints.js';
import { fail } from './errors.js';
import { iaqiByLimits, iaqiOf } from './iaqi.js';
import { roundConcentration } from './rounding.js';

export const MIN_HOURS_PER_DAY = 20;
export const MIN_HOURS_PER_8H = 6;
export const MIN_8H_PER_DAY = 14;

export type HourlySeries = Record<Pollutant, Float64Array>;

export interface DailySeries {
  days: number;
  so2: Float64Array;
  no2: Float64Array;
  pm10: Float64Array;
  pm25: Float64Array;
  co: Float64Array;
  o3_1h: Float64Array;
  o3_8h: Float64Array;
  /** −1 = invalid day */
  aqi: Int16Array;
  /** bit i set = POLLUTANTS[i] is 首要污染物 */
  primary: Uint8Array;
  /** bit i set = POLLUTANTS[i] is 超标污染物 */
  exceeding: Uint8Array;
}

/** Mean of the valid values in [from, to), or NaN when fewer than `min` are valid. */
export function meanIfEnough(a: Float64Array, from: number, to: number, min: number): number {
  let s = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const v = a[i]!;
    if (v === v) {
      s += v;
      n++;
    }
  }
  return n >= min ? s / n : NaN;
}

/** O3 8-hour moving average for the window of hours [start, start+8) (≥ 6 valid), unrounded. */
export function o3EightHour(o3: Float64Array, start: number): number {
  return meanIfEnough(o3, start, start + 8, MIN_HOURS_PER_8H);
}

/** Daily maximum 8-hour O3 of day d (windows ending 8:00…24:00, ≥ 14 valid), rounded. Rounding is
 *  monotone, so the maximum of the rounded windows is the rounded maximum window: one rounding. */
export function o3DailyMax8h(o3: Float64Array, d: number): number {
  let max = NaN;
  let valid = 0;
  const a = d * 24;
  for (let s = 0; s <= 16; s++) {
    let sum = 0;
    let n = 0;
    for (let i = a + s; i < a + s + 8; i++) {
      const x = o3[i]!;
      if (x === x) {
        sum += x;
        n++;
      }
    }
    if (n < MIN_HOURS_PER_8H) continue;
    const v = sum / n;
    valid++;
    if (!(v <= max)) max = v;
  }
  return valid >= MIN_8H_PER_DAY ? roundConcentration('o3', max) : NaN;
}

/** All daily values and the daily AQI of a station from `days` × 24 hourly values. */
export function dailySeries(h: HourlySeries, days: number): DailySeries {
  for (const p of POLLUTANTS) {
    if (h[p].length !== days * 24) {
      fail('LENGTH_MISMATCH', `${p} 小时值个数应为 ${days * 24}`, `${p} needs ${days * 24} hourly values`, {
        pollutant: p,
        length: h[p].length,
      });
    }
  }
  const out: DailySeries = {
    days,
    so2: new Float64Array(days),
    no2: new Float64Array(days),
    pm10: new Float64Array(days),
    pm25: new Float64Array(days),
    co: new Float64Array(days),
    o3_1h: new Float64Array(days),
    o3_8h: new Float64Array(days),
    aqi: new Int16Array(days),
    primary: new Uint8Array(days),
    exceeding: new Uint8Array(days),
  };
  const means = MEAN_ITEMS.map((p) => [h[p], out[p], p] as const);
  for (let d = 0; d < days; d++) {
    const a = d * 24;
    for (const [src, dst, p] of means) dst[d] = roundConcentration(p, meanIfEnough(src, a, a + 24, MIN_HOURS_PER_DAY));
    let max1 = NaN;
    let n = 0;
    for (let i = a; i < a + 24; i++) {
      const v = h.o3[i]!;
      if (v === v) {
        n++;
        if (!(v <= max1)) max1 = v;
      }
    }
    out.o3_1h[d] = n >= MIN_HOURS_PER_DAY ? roundConcentration('o3', max1) : NaN;
    out.o3_8h[d] = o3DailyMax8h(h.o3, d);
    setDayAqi(out, d);
  }
  return out;
}

const MEAN_ITEMS = ['so2', 'no2', 'pm10', 'pm25', 'co'] as const;
/** the daily items of the 日报 in POLLUTANTS bit order (O3 twice: maximum 1-hour and 8-hour) */
const DAY_ITEMS = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3_1h', 'o3_8h'] as const;
const DAY_LIMITS = (['so2_24h', 'no2_24h', 'pm10_24h', 'pm25_24h', 'co_24h', 'o3_1h', 'o3_8h'] as const).map((i) => BREAKPOINTS[i]);
const DAY_BITS = [0, 1, 2, 3, 4, 5, 5];
const iaqiScratch = new Float64Array(DAY_ITEMS.length);

/**
 * Compute aqi/primary/exceeding of day d from the daily values already in `out`: the same rules as
 * `dailyAqi` (O3 8-hour > 800 → O3 by its 1-hour IAQI), without allocating (365 days × 1,000 stations).
 */
export function setDayAqi(out: DailySeries, d: number): void {
  let aqi = -1;
  for (let k = 0; k < DAY_ITEMS.length; k++) {
    const c = out[DAY_ITEMS[k]!][d]!;
    if (c !== c) {
      out.aqi[d] = -1;
      out.primary[d] = 0;
      out.exceeding[d] = 0;
      return;
    }
    if (!Number.isFinite(c) || c < 0) iaqiOf('so2_24h', c); // throws the invalid-concentration error
    const v = k === 6 && c > 800 ? -1 : iaqiByLimits(DAY_LIMITS[k]!, c);
    iaqiScratch[k] = v;
    if (v > aqi) aqi = v;
  }
  let primary = 0;
  let exceeding = 0;
  for (let k = 0; k < DAY_ITEMS.length; k++) {
    const v = iaqiScratch[k]!;
    if (v < 0) continue;
    if (aqi > 50 && v === aqi) primary |= 1 << DAY_BITS[k]!;
    if (v > 100) exceeding |= 1 << DAY_BITS[k]!;
  }
  out.aqi[d] = aqi;
  out.primary[d] = primary;
  out.exceeding[d] = exceeding;
}

export function maskOf(ps: readonly Pollutant[]): number {
  let m = 0;
  for (const p of ps) m |= 1 << POLLUTANTS.indexOf(p);
  return m;
}

export function pollutantsOf(mask: number): Pollutant[] {
  return POLLUTANTS.filter((_, i) => (mask >> i) & 1);
}

/**
 * Daily values of an area (town, district) from its stations (HJ 663-2013 §5.2: 城市（区域）
 * 浓度 = 所有有效点位浓度的算术平均): per day and item the mean of the stations' valid values,
 * rounded, then the area's daily AQI from those means.
 */
export function combineDaily(stations: readonly DailySeries[], days: number): DailySeries {
  const out: DailySeries = {
    days,
    so2: new Float64Array(days),
    no2: new Float64Array(days),
    pm10: new Float64Array(days),
    pm25: new Float64Array(days),
    co: new Float64Array(days),
    o3_1h: new Float64Array(days),
    o3_8h: new Float64Array(days),
    aqi: new Int16Array(days),
    primary: new Uint8Array(days),
    exceeding: new Uint8Array(days),
  };
  const items = [
    ['so2', 'so2'],
    ['no2', 'no2'],
    ['pm10', 'pm10'],
    ['pm25', 'pm25'],
    ['co', 'co'],
    ['o3_1h', 'o3'],
    ['o3_8h', 'o3'],
  ] as const;
  for (const st of stations) {
    if (st.days !== days) fail('LENGTH_MISMATCH', '站点日序列长度不一致', 'station daily series differ in length');
  }
  // per item: Σ and n over the stations, added in station order for each day (as a per-day loop would)
  const sum = new Float64Array(days);
  const n = new Int32Array(days);
  for (const [k, p] of items) {
    sum.fill(0);
    n.fill(0);
    for (const st of stations) {
      const col = st[k];
      for (let d = 0; d < days; d++) {
        const v = col[d]!;
        if (v === v) {
          sum[d] += v;
          n[d]!++;
        }
      }
    }
    const dst = out[k];
    for (let d = 0; d < days; d++) dst[d] = n[d]! > 0 ? roundConcentration(p, sum[d]! / n[d]!) : NaN;
  }
  for (let d = 0; d < days; d++) setDayAqi(out, d);
  return out;
}
