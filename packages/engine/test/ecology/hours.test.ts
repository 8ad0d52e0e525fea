import { describe, expect, it } from 'vitest';
import { DAY_VALUES, packDay, unpackDay, unpackDayInto, POLLUTANTS, type HourlySeries } from '@gongfu/engine/ecology';
import { mulberry32 } from '@gongfu/engine';

/** the same doubles, NaN for NaN and the sign of zero included */
const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

function day(f: (p: number, h: number) => number): Float64Array {
  return Float64Array.from({ length: DAY_VALUES }, (_, i) => f(Math.floor(i / 24), i % 24));
}

describe('packed station-day hours (eco_reading_day.hours)', () => {
  it('round-trips readings as exported in 1 byte an hour up to 254: whole µg/m³, CO to 0.1 mg/m³, missing hours', () => {
    const v = day((p, h) => (h === 5 ? NaN : p === 4 ? [0.4, 0.8, 1.3, 2.1][h % 4]! : 10 * p + h));
    const b = packDay(v);
    expect(b.length).toBe(1 + 6 * (1 + 24));
    expect(b[0]).toBe(1);
    expect([...POLLUTANTS.keys()].map((p) => b[1 + p * 25])).toEqual([16, 16, 16, 16, 17, 16]); // uint8 scale 0, CO scale 1
    expect(same(unpackDay(b), v)).toBe(true);
    // up to 65,534 in 2 bytes
    const w = day((p, h) => (h === 5 ? NaN : p === 4 ? Number((25.5 + h / 10).toFixed(1)) : 300 + 10 * p + h));
    const c = packDay(w);
    expect(c.length).toBe(1 + 6 * (1 + 48));
    expect([...POLLUTANTS.keys()].map((p) => c[1 + p * 49])).toEqual([1, 1, 1, 1, 2, 1]); // uint16 scale 0, CO scale 1
    expect(same(unpackDay(c), w)).toBe(true);
  });

  it('a pollutant with no hour at all takes one byte; a day with nothing is 7 bytes', () => {
    const v = day((p, h) => (p === 2 ? NaN : h));
    expect(packDay(v).length).toBe(1 + 5 * 25 + 1);
    expect(same(unpackDay(packDay(v)), v)).toBe(true);
    const none = new Float64Array(DAY_VALUES).fill(NaN);
    expect(packDay(none)).toEqual(new Uint8Array([1, 0, 0, 0, 0, 0, 0]));
    expect(same(unpackDay(packDay(none)), none)).toBe(true);
  });

  it('keeps every value exactly: more decimals, large values, −0 and arbitrary doubles fall back to wider forms', () => {
    const tag = (v: Float64Array, p: number) => {
      const b = packDay(v);
      let o = 1;
      for (let q = 0; q < p; q++) {
        const t = b[o]!;
        o += 1 + 24 * (t === 0 ? 0 : t < 8 ? 2 : t < 15 ? 4 : t === 15 ? 8 : 1);
      }
      return b[o];
    };
    const base = (x: (h: number) => number) => day((p, h) => (p === 0 ? x(h) : 1));
    expect(
      tag(
        base((h) => h + 0.25),
        0,
      ),
    ).toBe(1 + 2); // two decimals, uint16
    expect(
      tag(
        base((h) => 70_000 + h),
        0,
      ),
    ).toBe(8); // above 65,534: uint32
    expect(
      tag(
        base((h) => Number(`0.0${String(h).padStart(4, '0')}`)),
        0,
      ),
    ).toBe(16 + 5); // five decimals as parsed from text, below 255 as an integer: uint8
    expect(
      tag(
        base((h) => 254 - h),
        0,
      ),
    ).toBe(16); // up to 254: uint8
    expect(
      tag(
        base((h) => (h === 3 ? 255 : h)),
        0,
      ),
    ).toBe(1); // 0xFF is uint8's missing mark: uint16
    expect(
      tag(
        base((h) => Number(`0.${String(h).padStart(2, '0')}001`)),
        0,
      ),
    ).toBe(1 + 5); // five decimals up to 65,534 as an integer: uint16
    expect(
      tag(
        base((h) => Number(`${h}.000001`)),
        0,
      ),
    ).toBe(8 + 6); // six decimals above 65,534 as an integer: uint32
    expect(
      tag(
        base((h) => Math.PI * h),
        0,
      ),
    ).toBe(15); // not a short decimal: float8
    expect(
      tag(
        base((h) => (h === 3 ? -0 : h)),
        0,
      ),
    ).toBe(15); // −0 is not 0/1: float8, sign kept
    expect(
      tag(
        base((h) => (h === 3 ? 65_535 : h)),
        0,
      ),
    ).toBe(8); // 0xFFFF is the missing mark: uint32
    const rnd = mulberry32(7);
    for (let k = 0; k < 2000; k++) {
      const kind = k % 5;
      const v = day(() => {
        if (rnd() < 0.1) return NaN;
        const x = rnd() * [500, 5, 1e6, 1e12, 1][kind]!;
        return kind === 0 ? Math.round(x) : kind === 1 ? Math.round(x * 10) / 10 : kind === 2 ? Math.round(x) / 1000 : kind === 3 ? x : -x;
      });
      const back = unpackDay(packDay(v));
      if (!same(back, v)) expect([...back]).toEqual([...v]);
    }
  });

  it('unpacks into an hourly series at a day offset, overwriting what was there', () => {
    const h = Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(72).fill(-1)])) as HourlySeries;
    const v = day((p, hr) => (p === 5 ? NaN : hr * 2 + p));
    unpackDayInto(packDay(v), h, 24);
    expect(h.so2[23]).toBe(-1);
    expect(h.so2[24]).toBe(0);
    expect(h.o3[24 + 23]).toBeNaN();
    expect(h.co[24 + 3]).toBe(10);
    expect(h.pm25[48]).toBe(-1);
  });

  it('refuses malformed bytes', () => {
    const good = packDay(day((p, h) => h));
    expect(() => unpackDay(new Uint8Array([2, 0, 0, 0, 0, 0, 0]))).toThrow(/format/);
    expect(() => unpackDay(good.slice(0, good.length - 1))).toThrow(/truncated/);
    expect(() => unpackDay(new Uint8Array([...good, 0]))).toThrow(/trailing/);
    expect(() => unpackDay(new Uint8Array([1, 23, 0, 0, 0, 0, 0]))).toThrow(/tag 23/);
    expect(() => packDay(new Float64Array(24))).toThrow(/144/);
  });
});
