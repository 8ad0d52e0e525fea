/**
 * The stored form of one station-day of hourly readings (table eco_reading_day): 24 hours × the six
 * pollutants in POLLUTANTS order, packed losslessly into a few hundred bytes so that a year of
 * 1,000 stations is 365,000 small rows instead of 8.76 M, and is read in one pass.
 *
 * Layout: byte 0 = format version (1); then one block per pollutant (so2, no2, pm10, pm25, co, o3),
 * each a tag byte and its hours 0…23 (the hour starting at h:00 local time):
 *  - tag 0: all 24 hours missing, no payload;
 *  - tag 16 + k (k = 0…6): 24 uint8 n, value = n / 10^k, 0xFF = missing;
 *  - tag 1 + k (k = 0…6): 24 big-endian uint16 n, value = n / 10^k, 0xFFFF = missing;
 *  - tag 8 + k (k = 0…6): 24 big-endian uint32 n, value = n / 10^k, 0xFFFFFFFF = missing;
 *  - tag 15: 24 big-endian float8 (PostgreSQL's float8send), NaN = missing.
 * The writer picks the smallest form whose decoding gives back every value exactly (the same double,
 * sign of zero included, checked value by value), so nothing is ever rounded: readings as exported
 * (whole µg/m³, CO to 0.1 mg/m³) take 1 byte an hour up to 254 and 2 bytes up to 65,534, anything
 * else falls back to float8. The SQL
 * migration that converted the hourly rows wrote tag 15 blocks (`float8send`).
 */
import { POLLUTANTS } from './breakpoints.js';
import { fail } from './errors.js';
import type { HourlySeries } from './daily.js';

export const HOURS_FORMAT = 1;
/** values of one station-day: pollutant-major, index = POLLUTANTS.indexOf(p) × 24 + hour */
export const DAY_VALUES = POLLUTANTS.length * 24;

const TAG_EMPTY = 0;
const TAG_U16 = 1;
const TAG_U32 = 8;
const TAG_F64 = 15;
const TAG_U8 = 16;
const MAX_SCALE = 6;
const POW10 = Array.from({ length: MAX_SCALE + 1 }, (_, k) => 10 ** k);

/** The smallest exact form of 24 hours (tag), `a[from…from+24)`, NaN = missing. */
function tagOf(a: Float64Array, from: number): number {
  let present = false;
  for (let i = from; i < from + 24; i++) if (a[i] === a[i]) present = true;
  if (!present) return TAG_EMPTY;
  for (let k = 0; k <= MAX_SCALE; k++) {
    const f = POW10[k]!;
    let max = 0;
    let exact = true;
    for (let i = from; i < from + 24 && exact; i++) {
      const v = a[i]!;
      if (v !== v) continue;
      const n = Math.round(v * f) + 0; // + 0: −0 becomes 0, so −0 is not taken for 0
      if (!(n >= 0 && n <= 0xfffffffe && Object.is(n / f, v))) exact = false;
      else if (n > max) max = n;
    }
    if (exact) return max <= 0xfe ? TAG_U8 + k : max <= 0xfffe ? TAG_U16 + k : TAG_U32 + k;
  }
  return TAG_F64;
}

/** Packs one station-day (DAY_VALUES values, pollutant-major, NaN = missing). */
export function packDay(values: Float64Array): Uint8Array {
  if (values.length !== DAY_VALUES)
    fail('LENGTH_MISMATCH', `一天的小时值个数应为 ${DAY_VALUES}`, `a day needs ${DAY_VALUES} hourly values`, {
      length: values.length,
    });
  const tags = POLLUTANTS.map((_, p) => tagOf(values, p * 24));
  const size = tags.reduce((s, t) => s + 1 + 24 * widthOf(t), 1);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out[0] = HOURS_FORMAT;
  let o = 1;
  for (let p = 0; p < POLLUTANTS.length; p++) {
    const t = tags[p]!;
    out[o++] = t;
    if (t === TAG_EMPTY) continue;
    for (let i = p * 24; i < p * 24 + 24; i++) {
      const v = values[i]!;
      if (t === TAG_F64) {
        dv.setFloat64(o, v);
        o += 8;
      } else if (t >= TAG_U8) {
        out[o++] = v === v ? Math.round(v * POW10[t - TAG_U8]!) : 0xff;
      } else if (t < TAG_U32) {
        dv.setUint16(o, v === v ? Math.round(v * POW10[t - TAG_U16]!) : 0xffff);
        o += 2;
      } else {
        dv.setUint32(o, v === v ? Math.round(v * POW10[t - TAG_U32]!) : 0xffffffff);
        o += 4;
      }
    }
  }
  return out;
}

/** bytes an hour of a tag; 0 for no payload or an unknown tag */
function widthOf(t: number): number {
  if (t === TAG_F64) return 8;
  if (t >= TAG_U8 && t <= TAG_U8 + MAX_SCALE) return 1;
  if (t >= TAG_U16 && t <= TAG_U16 + MAX_SCALE) return 2;
  if (t >= TAG_U32 && t <= TAG_U32 + MAX_SCALE) return 4;
  return 0;
}

function bad(detail: string): never {
  return fail('BAD_HOURS', `小时数据格式错误：${detail}`, `malformed packed hours: ${detail}`);
}

/**
 * Unpacks one station-day into `into` at hour index `at` (day × 24) of each pollutant's series; the
 * caller's arrays start as NaN or are overwritten here hour by hour (missing → NaN).
 */
export function unpackDayInto(b: Uint8Array, into: HourlySeries, at: number): void {
  if (b.length < 1 + POLLUTANTS.length || b[0] !== HOURS_FORMAT) bad(`format ${b[0]}`);
  let dv: DataView | undefined; // only for the wide forms
  let o = 1;
  for (let p = 0; p < POLLUTANTS.length; p++) {
    const dst = into[POLLUTANTS[p]!];
    const t = b[o++]!;
    if (t === TAG_EMPTY) {
      dst.fill(NaN, at, at + 24);
      continue;
    }
    const width = widthOf(t);
    if (width === 0) bad(`tag ${t}`);
    if (o + 24 * width > b.length) bad('truncated');
    if (width === 1) {
      const f = POW10[t - TAG_U8]!;
      for (let h = 0; h < 24; h++) {
        const n = b[o++]!;
        dst[at + h] = n === 0xff ? NaN : f === 1 ? n : n / f;
      }
    } else if (width === 2) {
      const f = POW10[t - TAG_U16]!;
      for (let h = 0; h < 24; h++, o += 2) {
        const n = (b[o]! << 8) | b[o + 1]!;
        dst[at + h] = n === 0xffff ? NaN : f === 1 ? n : n / f;
      }
    } else if (width === 4) {
      const f = POW10[t - TAG_U32]!;
      dv ??= new DataView(b.buffer, b.byteOffset, b.byteLength);
      for (let h = 0; h < 24; h++, o += 4) {
        const n = dv.getUint32(o);
        dst[at + h] = n === 0xffffffff ? NaN : f === 1 ? n : n / f;
      }
    } else {
      dv ??= new DataView(b.buffer, b.byteOffset, b.byteLength);
      for (let h = 0; h < 24; h++, o += 8) dst[at + h] = dv.getFloat64(o);
    }
  }
  if (o !== b.length) bad('trailing bytes');
}

/** One station-day's values (DAY_VALUES, pollutant-major, NaN = missing). */
export function unpackDay(b: Uint8Array): Float64Array {
  const h = Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(24)])) as HourlySeries;
  unpackDayInto(b, h, 0);
  const out = new Float64Array(DAY_VALUES);
  POLLUTANTS.forEach((p, i) => out.set(h[p], i * 24));
  return out;
}
