import { describe, expect, it } from 'vitest';
import {
  annualStats,
  annualValidity,
  combineDaily,
  dailySeries,
  daysInYear,
  o3DailyMax8h,
  pollutantsOf,
  setDayAqi,
  yearOnYear,
  POLLUTANTS,
  type DailySeries,
  type HourlySeries,
} from '@gongfu/engine/ecology';

function hours(days: number, v: Partial<Record<(typeof POLLUTANTS)[number], number>> = {}): HourlySeries {
  const base = { so2: 5, no2: 10, pm10: 20, pm25: 10, co: 0.5, o3: 50, ...v };
  return Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(days * 24).fill(base[p])])) as HourlySeries;
}

/** A year of daily values: low everywhere, PM2.5 per day from `pm25(d)` (NaN → invalid day). */
function year(y: number, pm25: (d: number) => number): DailySeries {
  const n = daysInYear(y);
  const f = (v: number) => new Float64Array(n).fill(v);
  const s: DailySeries = {
    days: n,
    so2: f(5),
    no2: f(10),
    pm10: f(20),
    pm25: Float64Array.from({ length: n }, (_, d) => pm25(d)),
    co: f(0.5),
    o3_1h: f(50),
    o3_8h: f(40),
    aqi: new Int16Array(n),
    primary: new Uint8Array(n),
    exceeding: new Uint8Array(n),
  };
  for (let d = 0; d < n; d++) setDayAqi(s, d);
  return s;
}

describe('daily validity (≥ 20 hours; O3 8-hour ≥ 6 of 8; daily max 8-hour ≥ 14 windows)', () => {
  it('20 valid hours give a daily mean, 19 do not', () => {
    const h = hours(2, { pm25: 30 });
    h.pm25.fill(NaN, 0, 4); // day 0: 20 valid
    h.pm25.fill(NaN, 24, 29); // day 1: 19 valid
    const d = dailySeries(h, 2);
    expect(d.pm25[0]).toBe(30);
    expect(d.pm25[1]).toBeNaN();
    expect(d.aqi[0]).toBe(43);
    expect(d.aqi[1]).toBe(-1); // invalid, never 0
    expect(pollutantsOf(d.primary[1]!)).toEqual([]);
  });
  it('daily max 8-hour: 14 valid windows suffice, 13 do not', () => {
    const o3 = new Float64Array(24).fill(100);
    o3.fill(NaN, 0, 5); // windows starting 0,1,2 have ≥ 3 missing → 14 valid
    expect(o3DailyMax8h(o3, 0)).toBe(100);
    o3.fill(NaN, 0, 6); // windows 0…3 invalid → 13 valid
    expect(o3DailyMax8h(o3, 0)).toBeNaN();
  });
  it('the max 8-hour window is the largest valid mean', () => {
    const o3 = new Float64Array(24).fill(60);
    o3.fill(180, 10, 18); // window 10–17 averages 180
    expect(o3DailyMax8h(o3, 0)).toBe(180);
    o3[12] = NaN;
    o3[13] = NaN; // 6 of 8 valid: still a valid window, the mean of its valid hours
    expect(o3DailyMax8h(o3, 0)).toBe(180);
    o3[14] = NaN; // 5 of 8: that window is invalid, and so are 5 others → 11 valid windows < 14
    expect(o3DailyMax8h(o3, 0)).toBeNaN();
  });
  it('a station set is averaged per day, then evaluated', () => {
    const a = dailySeries(hours(1, { pm25: 30 }), 1);
    const b = dailySeries(hours(1, { pm25: 41 }), 1);
    const c = combineDaily([a, b], 1);
    expect(c.pm25[0]).toBe(36); // 35.5 → 36 (half to even)
    expect(c.aqi[0]).toBe(52); // 50 + 50/40 × 1 = 51.25 → 52
    expect(pollutantsOf(c.primary[0]!)).toEqual(['pm25']);
  });
});

describe('annual statistics and validity (324 days, 27 per month, 25 in February)', () => {
  // 2021: 5 invalid days in different months, 36 polluted days (PM2.5 80 → AQI 107)
  const invalid = new Set([3, 40, 100, 200, 300]);
  const bad = (d: number) => d >= 320 && d < 356;
  const y2021 = year(2021, (d) => (invalid.has(d) ? NaN : bad(d) ? 80 : 30));

  it('优良天数比例 over valid days, PM2.5 mean, percentiles', () => {
    const s = annualStats(2021, y2021);
    expect(s.validDays).toBe(360);
    expect(s.goodDays).toBe(324);
    expect(s.goodRatio.value).toBe(90); // 324 / 360
    expect(s.levelDays).toEqual([324, 0, 36, 0, 0, 0]);
    expect(s.pm25.value).toBe(35); // (324×30 + 36×80) / 360
    expect(s.co_p95.value).toBe(0.5);
    expect(s.o3_8h_p90.value).toBe(40);
    expect(s.primaryDays.pm25).toBe(36);
  });
  it('a year whose February has too few valid days is invalid, not zero', () => {
    // 4 February days missing → 24 valid (< 25) while the year still has 361
    const s = annualStats(
      2021,
      year(2021, (d) => (d >= 31 && d < 35 ? NaN : 30)),
    );
    expect(s.validDays).toBe(361);
    expect(s.goodRatio.value).toBeNull();
    expect(s.goodRatio.validity.shortMonths).toEqual([2]);
    expect(s.pm25.value).toBeNull();
    expect(s.pm25.validity.perMonth[1]).toBe(24);
    // 3 missing → 25 valid: enough in February
    expect(
      annualStats(
        2021,
        year(2021, (d) => (d >= 31 && d < 34 ? NaN : 30)),
      ).pm25.value,
    ).toBe(30);
  });
  it('27 per other month and 324 per year', () => {
    const march26 = year(2021, (d) => (d >= 59 && d < 64 ? NaN : 30)); // March: 26 valid
    expect(annualValidity(2021, march26.pm25)).toMatchObject({ valid: false, shortMonths: [3], shortYear: false });
    // 4 missing every 30 days: 13 × 4 = 52 missing → 313 valid < 324
    const few = year(2021, (d) => (d % 30 < 4 ? NaN : 30));
    expect(annualValidity(2021, few.pm25)).toMatchObject({ valid: false, days: 313, shortYear: true });
  });
  it('year-on-year in µg/m³, % and 个百分点', () => {
    expect(yearOnYear(34, 35, 0)).toEqual({ delta: -1, pct: -2.9 });
    expect(yearOnYear(90, 87.4)).toEqual({ delta: 2.6, pct: 3 });
    expect(yearOnYear(null, 35)).toEqual({ delta: null, pct: null });
  });
  it('a leap year has 366 days', () => {
    expect(daysInYear(2020)).toBe(366);
    expect(() => annualValidity(2020, new Float64Array(365))).toThrow(/366/);
  });
});
