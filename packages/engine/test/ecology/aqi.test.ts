import { describe, expect, it } from 'vitest';
import {
  aqiLevel,
  dailyAqi,
  hourlyAqi,
  iaqiOf,
  maskOf,
  percentileHj663,
  roundHalfEven,
  setDayAqi,
  EcologyError,
  type AqiItem,
} from '@gongfu/engine/ecology';
import { mulberry32 } from '@gongfu/engine';

const low = { so2: 5, no2: 10, pm10: 20, pm25: 10, co: 0.5, o3_1h: 50, o3_8h: 40 };

describe('IAQI by HJ 633-2012 表 1 (linear interpolation, rounded up)', () => {
  const cases: [AqiItem, number, number][] = [
    // at breakpoints
    ['pm25_24h', 0, 0],
    ['pm25_24h', 35, 50],
    ['pm25_24h', 75, 100],
    ['pm25_24h', 500, 500],
    ['pm10_24h', 150, 100],
    ['so2_24h', 50, 50],
    ['so2_1h', 800, 200],
    ['no2_24h', 40, 50],
    ['no2_1h', 100, 50],
    ['co_24h', 2, 50],
    ['co_1h', 5, 50],
    ['o3_1h', 160, 50],
    ['o3_8h', 100, 50],
    ['o3_8h', 800, 300],
    // between: (IAQIhi−IAQIlo)/(BPhi−BPlo)×(C−BPlo)+IAQIlo
    ['pm25_24h', 55, 75], // 50/40×20+50
    ['pm10_24h', 100, 75], // 50/100×50+50
    ['so2_24h', 100, 75],
    ['no2_24h', 60, 75],
    ['co_24h', 3, 75],
    ['o3_1h', 180, 75],
    ['o3_8h', 130, 75],
    // rounding up (进位取整)
    ['pm25_24h', 35.1, 51], // 50.125 → 51
    ['pm25_24h', 36, 52], // 51.25 → 52
    ['co_24h', 4.1, 101], // 100.5 → 101
    ['pm25_24h', 30, 43], // 42.86 → 43
  ];
  it.each(cases)('%s = %d → %d', (item, c, iaqi) => {
    expect(iaqiOf(item, c)).toEqual({ iaqi, aboveScale: false });
  });
  it('above the last limit: 500, flagged', () => {
    expect(iaqiOf('pm25_24h', 501)).toEqual({ iaqi: 500, aboveScale: true });
    expect(iaqiOf('co_1h', 200)).toEqual({ iaqi: 500, aboveScale: true });
  });
  it('missing is no value, never 0; negative is an error', () => {
    expect(iaqiOf('pm25_24h', NaN)).toBeNull();
    expect(() => iaqiOf('pm25_24h', -1)).toThrow(EcologyError);
  });
});

describe('AQI, primary and exceeding pollutants', () => {
  it('AQI ≤ 50: no primary pollutant', () => {
    const r = dailyAqi(low);
    expect(r.aqi).toBe(20); // pm10 20 → 20, pm25 10 → 15, o3_8h 40 → 20
    expect(r.primary).toEqual([]);
  });
  it('ties give several primary pollutants', () => {
    const r = dailyAqi({ ...low, pm25: 55, pm10: 100 });
    expect(r.aqi).toBe(75);
    expect(r.primary.sort()).toEqual(['pm10', 'pm25']);
    expect(r.exceeding).toEqual([]);
    expect(aqiLevel(r.aqi!).zh).toBe('良');
  });
  it('IAQI > 100 marks 超标污染物', () => {
    const r = dailyAqi({ ...low, pm25: 115, o3_8h: 160 }); // pm25 150, o3_8h 100 (not > 100)
    expect(r.aqi).toBe(150);
    expect(r.primary).toEqual(['pm25']);
    expect(r.exceeding).toEqual(['pm25']);
  });
  it('O3 8-hour > 800: reported by the 1-hour IAQI', () => {
    const r = dailyAqi({ ...low, o3_8h: 900, o3_1h: 1000 });
    expect(r.iaqi.o3_8h).toBeUndefined();
    expect(r.iaqi.o3_1h).toBe(400);
    expect(r.aqi).toBe(400);
    expect(r.primary).toEqual(['o3']);
  });
  it('SO2 1-hour > 800: the 24-hour IAQI is used', () => {
    const base = { so2: 900, no2: 10, pm10: 20, pm25: 10, co: 0.5, o3: 50, o3_8h: 40, so2_24h: 100 };
    const r = hourlyAqi(base);
    expect(r.iaqi.so2_1h).toBeUndefined();
    expect(r.iaqi.so2_24h).toBe(75);
    expect(r.aqi).toBe(75);
    expect(r.primary).toEqual(['so2']);
    // at 800 the 1-hour table still applies
    expect(hourlyAqi({ ...base, so2: 800 }).iaqi.so2_1h).toBe(200);
  });
});

describe('levels (HJ 633-2012 表 2)', () => {
  it.each([
    [0, 1, '优', '#00e400'],
    [50, 1, '优', '#00e400'],
    [51, 2, '良', '#ffff00'],
    [100, 2, '良', '#ffff00'],
    [101, 3, '轻度污染', '#ff7e00'],
    [150, 3, '轻度污染', '#ff7e00'],
    [151, 4, '中度污染', '#ff0000'],
    [201, 5, '重度污染', '#99004c'],
    [300, 5, '重度污染', '#99004c'],
    [301, 6, '严重污染', '#7e0023'],
    [500, 6, '严重污染', '#7e0023'],
  ])('AQI %d → 级别 %d %s', (aqi, level, zh, color) => {
    expect(aqiLevel(aqi)).toMatchObject({ level, zh, color });
  });
});

describe('HJ 663 percentile and GB/T 8170 rounding', () => {
  it('k = 1 + (n−1)·p%, m = X(s) + (X(s+1) − X(s))·(k − s)', () => {
    expect(percentileHj663([5, 3, 1, 4, 2], 90)).toBeCloseTo(4.6, 12); // k = 4.6
    expect(percentileHj663([10, 20], 95)).toBeCloseTo(19.5, 12); // k = 1.95
    expect(percentileHj663([3, NaN, 1, 2], 50)).toBe(2);
    expect(percentileHj663([7], 90)).toBe(7);
    expect(percentileHj663([NaN], 90)).toBeNaN();
  });
  it('round half to even', () => {
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(3.5)).toBe(4);
    expect(roundHalfEven(35.5)).toBe(36);
    expect(roundHalfEven(34.5)).toBe(34);
    expect(roundHalfEven(2.51)).toBe(3);
    expect(roundHalfEven(0.45, 1)).toBe(0.4);
    expect(roundHalfEven(-2.5)).toBe(-2);
  });
});

describe('the daily AQI of a series equals dailyAqi day by day', () => {
  it('on 2,000 random days, with ties, O3 8-hour above 800 and invalid items', () => {
    const rnd = mulberry32(633);
    const days = 2000;
    const col = () => new Float64Array(days);
    const out = {
      days,
      so2: col(),
      no2: col(),
      pm10: col(),
      pm25: col(),
      co: col(),
      o3_1h: col(),
      o3_8h: col(),
      aqi: new Int16Array(days),
      primary: new Uint8Array(days),
      exceeding: new Uint8Array(days),
    };
    for (let d = 0; d < days; d++) {
      out.so2[d] = Math.round(rnd() * 900);
      out.no2[d] = Math.round(rnd() * 300);
      // PM10 75 and PM2.5 35 both give IAQI 50; PM10 150 and PM2.5 75 both 100: ties on purpose
      out.pm10[d] = d % 7 === 0 ? 150 : Math.round(rnd() * 500);
      out.pm25[d] = d % 7 === 0 ? 75 : Math.round(rnd() * 300);
      out.co[d] = Math.round(rnd() * 400) / 10;
      out.o3_1h[d] = Math.round(rnd() * 1000);
      out.o3_8h[d] = d % 11 === 0 ? 801 + Math.round(rnd() * 100) : Math.round(rnd() * 600);
      if (d % 13 === 0) out.no2[d] = NaN;
      setDayAqi(out, d);
      const v = {
        so2: out.so2[d]!,
        no2: out.no2[d]!,
        pm10: out.pm10[d]!,
        pm25: out.pm25[d]!,
        co: out.co[d]!,
        o3_1h: out.o3_1h[d]!,
        o3_8h: out.o3_8h[d]!,
      };
      if (Number.isNaN(v.no2)) {
        expect(out.aqi[d]).toBe(-1);
        continue;
      }
      const r = dailyAqi(v);
      expect([out.aqi[d], out.primary[d], out.exceeding[d]]).toEqual([r.aqi, maskOf(r.primary), maskOf(r.exceeding)]);
    }
  });
});
