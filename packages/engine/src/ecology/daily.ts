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
import { POLLUTANTS, type Pollutant } from './breakpoints.js';
import { fail } from './errors.js';
import { dailyAqi } from './iaqi.js';
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

/** Daily maximum 8-hour O3 of day d (windows ending 8:00…24:00, ≥ 14 valid), rounded. */
export function o3DailyMax8h(o3: Float64Array, d: number): number {
  let max = NaN;
  let valid = 0;
  for (let s = 0; s <= 16; s++) {
    const v = roundConcentration('o3', o3EightHour(o3, d * 24 + s));
    if (v === v) {
      valid++;
      if (!(v <= max)) max = v;
    }
  }
  return valid >= MIN_8H_PER_DAY ? max : NaN;
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
  for (let d = 0; d < days; d++) {
    const a = d * 24;
    for (const p of ['so2', 'no2', 'pm10', 'pm25', 'co'] as const) {
      out[p][d] = roundConcentration(p, meanIfEnough(h[p], a, a + 24, MIN_HOURS_PER_DAY));
    }
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

/** Compute aqi/primary/exceeding of day d from the daily values already in `out`. */
export function setDayAqi(out: DailySeries, d: number): void {
  const v = {
    so2: out.so2[d]!,
    no2: out.no2[d]!,
    pm10: out.pm10[d]!,
    pm25: out.pm25[d]!,
    co: out.co[d]!,
    o3_1h: out.o3_1h[d]!,
    o3_8h: out.o3_8h[d]!,
  };
  if (Object.values(v).some((x) => Number.isNaN(x))) {
    out.aqi[d] = -1;
    out.primary[d] = 0;
    out.exceeding[d] = 0;
    return;
  }
  const r = dailyAqi(v);
  out.aqi[d] = r.aqi ?? -1;
  out.primary[d] = maskOf(r.primary);
  out.exceeding[d] = maskOf(r.exceeding);
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
  for (let d = 0; d < days; d++) {
    for (const [k, p] of items) {
      let s = 0;
      let n = 0;
      for (const st of stations) {
        if (st.days !== days) fail('LENGTH_MISMATCH', '站点日序列长度不一致', 'station daily series differ in length');
        const v = st[k][d]!;
        if (v === v) {
          s += v;
          n++;
        }
      }
      out[k][d] = n > 0 ? roundConcentration(p, s / n) : NaN;
    }
    setDayAqi(out, d);
  }
  return out;
}
