/**
 * 生态 · air quality: storing hourly readings and recomputing the affected days (one transaction
 * with its audit entry), station and area daily series, a day's hourly detail, annual statistics
 * with validity and year-on-year changes, and the indicators written through the observation
 * writer. The arithmetic is the engine's (`@gongfu/engine/ecology`, HJ 633-2012 / HJ 663-2013).
 */
import { createHash } from 'node:crypto';
import {
  annualStats,
  aqiLevel,
  combineDaily,
  dailySeries,
  daysInYear,
  hourlyAqi,
  iaqiOf,
  o3EightHour,
  packDay,
  pollutantsOf,
  setDayAqi,
  unpackDay,
  unpackDayInto,
  DAY_VALUES,
  yearOnYear,
  POLLUTANTS,
  type AnnualStats,
  type DailySeries,
  type HourlySeries,
  type Pollutant,
} from '@gongfu/engine/ecology';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, notFound } from '../errors.js';
import { writeObservations } from '../observations/writer.js';
import { addDays, dateOfDay, dayOfYear, midnight, TZ_OFFSET_MS } from './days.js';
import {
  dailyColumnsOf,
  dailyOf,
  defaultCounty,
  readingDaysForUpdateUnscoped,
  readingDaysOf,
  regionOf,
  stationsOf,
  townsUnder,
  upsertDailyUnscoped,
  upsertReadingDaysUnscoped,
  type DailyRow,
  type ReadingColumns,
  type RegionRow,
  type StationRow,
} from './repository.js';

export const SYNTHETIC_SOURCE = '柯桥区空气质量演示数据（合成数据 synthetic，非监测数据）';
/** Stations whose values make an area's (town, district) figure: 国控 and 省控; micro-stations are for hot spots. */
export const AREA_TYPES = ['national', 'provincial'] as const;

// ---------------------------------------------------------------- storing readings

export interface Readings extends ReadingColumns {
  /** station id → code, for the audit entry */
  codes: Map<number, string>;
}

const DAY_MS = 86_400_000;
/** the local day number (days since 1970-01-01 in Asia/Shanghai) of an instant */
const dayNumber = (ms: number) => Math.floor((ms + TZ_OFFSET_MS) / DAY_MS);
const dateOfNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * Stores readings, replacing the same station-hours (hours of those days not in the file are kept)
 * and recomputes their days from the stored hours; one transaction and audit entry. A station-day
 * is one row (`eco_reading_day`): the stored days are locked, merged with the file's hours, packed
 * and written back, and each day's values are computed from the very bytes written.
 */
export async function saveReadings(
  db: Db,
  actor: Actor,
  r: Readings,
  o: { fileName: string; source: string; synthetic: boolean; audit?: string },
): Promise<{ rows: number; stations: number; days: number; from: string | null; to: string | null }> {
  // station-day key → index of its merged hours; station and day number of each key
  const keyOf = new Map<number, number>();
  const kStation: number[] = [];
  const kDay: number[] = [];
  const slot = new Int32Array(r.station.length);
  for (let i = 0; i < r.station.length; i++) {
    const s = r.station[i]!;
    const d = dayNumber(r.hour[i]!);
    const key = s * 1_000_000 + d;
    let k = keyOf.get(key);
    if (k === undefined) {
      keyOf.set(key, (k = kStation.length));
      kStation.push(s);
      kDay.push(d);
    }
    slot[i] = k;
  }
  const dates = kDay.map(dateOfNumber);
  let from: string | null = null;
  let to: string | null = null;
  for (const d of dates) {
    if (from === null || d < from) from = d;
    if (to === null || d > to) to = d;
  }
  const stations = new Set(kStation).size;
  return db.transaction(async (t) => {
    const tx = t as Db;
    const values: Float64Array[] = kStation.map(() => new Float64Array(DAY_VALUES).fill(NaN));
    const byKey = new Map(kStation.map((s, k) => [`${s}:${dates[k]}`, k]));
    for (const old of await readingDaysForUpdateUnscoped(tx, kStation, dates)) {
      const k = byKey.get(`${old.stationId}:${old.day}`)!;
      values[k] = unpackDay(old.hours);
    }
    for (let i = 0; i < r.station.length; i++) {
      const v = values[slot[i]!]!;
      const h = Math.floor(((r.hour[i]! + TZ_OFFSET_MS) % DAY_MS) / 3600_000);
      for (let p = 0; p < POLLUTANTS.length; p++) v[p * 24 + h] = r[POLLUTANTS[p]!][i] ?? NaN;
    }
    const packed = values.map(packDay);
    await upsertReadingDaysUnscoped(
      tx,
      packed.map((hours, k) => ({ stationId: kStation[k]!, day: dates[k]!, hours })),
      o.source,
      o.synthetic,
      actor.id,
    );
    const n = await recomputeDays(tx, kStation, dates, packed, o.synthetic);
    const report = { rows: r.station.length, stations, days: n, from, to };
    await appendAudit(tx, actor, {
      action: o.audit ?? 'ecology.readings.import',
      target: `eco_readings:${o.fileName}`,
      after: { file: o.fileName, source: o.source, synthetic: o.synthetic, ...report, stationCodes: [...r.codes.values()].slice(0, 200) },
    });
    return report;
  });
}

/** Daily values of the given station-days from their packed hours, stored in eco_daily. */
async function recomputeDays(tx: Db, station: number[], dates: string[], packed: Uint8Array[], synthetic: boolean): Promise<number> {
  const per = new Map<number, number[]>();
  station.forEach((s, k) => {
    const list = per.get(s);
    if (list) list.push(k);
    else per.set(s, [k]);
  });
  const out: DailyRow[] = [];
  for (const [stationId, ks] of per) {
    const h = emptyHours(ks.length);
    ks.forEach((k, j) => unpackDayInto(packed[k]!, h, j * 24));
    const d = dailySeries(h, ks.length);
    ks.forEach((k, j) => out.push(dailyRowOf(stationId, dates[k]!, d, j, validHoursOf(h, j), synthetic)));
  }
  await upsertDailyUnscoped(tx, out);
  return out.length;
}

/** hours of day j of a series with all six pollutants present */
function validHoursOf(h: HourlySeries, j: number): number {
  let n = 0;
  for (let i = j * 24; i < j * 24 + 24; i++) if (POLLUTANTS.every((p) => h[p][i] === h[p][i])) n++;
  return n;
}

const num = (v: number) => (Number.isNaN(v) ? null : v);

function dailyRowOf(stationId: number, day: string, d: DailySeries, k: number, validHours: number, synthetic: boolean): DailyRow {
  return {
    stationId,
    day,
    so2: num(d.so2[k]!),
    no2: num(d.no2[k]!),
    pm10: num(d.pm10[k]!),
    pm25: num(d.pm25[k]!),
    co: num(d.co[k]!),
    o3_1h: num(d.o3_1h[k]!),
    o3_8h: num(d.o3_8h[k]!),
    aqi: d.aqi[k]! < 0 ? null : d.aqi[k]!,
    primary: pollutantsOf(d.primary[k]!),
    exceeding: pollutantsOf(d.exceeding[k]!),
    validHours,
    synthetic,
  };
}

function emptyHours(days: number): HourlySeries {
  return Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(days * 24).fill(NaN)])) as HourlySeries;
}

/**
 * The stored hours of stations in scope for `days` local days from `from` (a date), one station at
 * a time: `visit` gets each station that has any stored day with its series of days × 24 hours per
 * pollutant (NaN = missing), unpacked from the station-day rows into one buffer reused for every
 * station (copy what you keep). A year of 1,000 stations is 365,000 rows; callers read it in chunks
 * of stations side by side over the pool.
 */
export async function eachStationHours(
  db: Db,
  actor: Actor,
  stationIds: readonly number[],
  from: string,
  days: number,
  visit: (stationId: number, hours: HourlySeries) => void,
): Promise<void> {
  const h = emptyHours(days);
  for (const r of await readingDaysOf(db, actor, stationIds, from, addDays(from, days - 1))) {
    for (const p of POLLUTANTS) h[p].fill(NaN);
    const b = r.days;
    for (let o = 0; o < b.length;) {
      const i = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
      const len = (b[o + 4]! << 8) | b[o + 5]!;
      unpackDayInto(b.subarray(o + 6, o + 6 + len), h, i * 24);
      o += 6 + len;
    }
    visit(r.stationId, h);
  }
}

/** The stored hours of stations in scope (see eachStationHours), a series of its own per station. */
export async function hourlySeries(
  db: Db,
  actor: Actor,
  stationIds: readonly number[],
  from: string,
  days: number,
): Promise<Map<number, HourlySeries>> {
  const out = new Map<number, HourlySeries>();
  await eachStationHours(db, actor, stationIds, from, days, (id, h) =>
    out.set(id, Object.fromEntries(POLLUTANTS.map((p) => [p, Float64Array.from(h[p])])) as HourlySeries),
  );
  return out;
}

// ---------------------------------------------------------------- series

/** A station in scope by code. */
export async function stationByCode(db: Db, actor: Actor, code: string): Promise<StationRow> {
  const [s] = (await stationsOf(db, actor, { q: code })).filter((x) => x.code === code);
  if (!s) throw notFound({ zh: '监测站点', en: 'Station' }, code);
  return s;
}

export interface Target {
  kind: 'station' | 'region';
  code: string;
  name: string;
  station?: StationRow;
  region?: RegionRow;
  stations: StationRow[];
}

/** What a query names: a station, a region (town, district), or by default the caller's county. */
export async function targetOf(db: Db, actor: Actor, q: { station?: string; region?: string }): Promise<Target> {
  if (q.station) {
    const s = await stationByCode(db, actor, q.station);
    return { kind: 'station', code: s.code, name: s.name, station: s, stations: [s] };
  }
  const region = q.region ? await regionOf(db, actor, q.region) : await defaultCounty(db, actor);
  if (!region) {
    if (q.region)
      throw new AppError('OUT_OF_SCOPE', 403, {
        zh: `地区「${q.region}」不在你的数据范围内`,
        en: `Region "${q.region}" is outside your data scope`,
      });
    throw new AppError('OUT_OF_SCOPE', 403, { zh: '你的数据范围内没有区县', en: 'No county in your scope' });
  }
  const all = await stationsOf(db, actor, { regionPath: region.path });
  const area = all.filter((s) => (AREA_TYPES as readonly string[]).includes(s.type));
  return { kind: 'region', code: region.code, name: region.name, region, stations: area.length ? area : all };
}

/** A year of days with every value missing (NaN, AQI −1), to be filled from the stored days. */
function emptyYear(n: number): DailySeries {
  const f = () => new Float64Array(n).fill(NaN);
  return {
    days: n,
    so2: f(),
    no2: f(),
    pm10: f(),
    pm25: f(),
    co: f(),
    o3_1h: f(),
    o3_8h: f(),
    aqi: new Int16Array(n).fill(-1),
    primary: new Uint8Array(n),
    exceeding: new Uint8Array(n),
  };
}

function stationYear(rows: DailyRow[], year: number): DailySeries {
  const n = daysInYear(year);
  const s = emptyYear(n);
  for (const r of rows) {
    const i = dayOfYear(r.day);
    for (const k of ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3_1h', 'o3_8h'] as const) s[k][i] = r[k] ?? NaN;
  }
  for (let i = 0; i < n; i++) setDayAqi(s, i);
  return s;
}

/**
 * Each station's daily series of a year from the stored days, read as packed columns, in chunks
 * of stations side by side (on PostgreSQL the pool spreads them over the server's cores).
 */
export async function stationSeries(
  db: Db,
  actor: Actor,
  stationIds: readonly number[],
  year: number,
): Promise<Map<number, { series: DailySeries; synthetic: boolean }>> {
  const n = daysInYear(year);
  const out = new Map<number, { series: DailySeries; synthetic: boolean }>();
  const step = 250;
  const chunks: number[][] = [];
  for (let i = 0; i < stationIds.length; i += step) chunks.push(stationIds.slice(i, i + step));
  for (const part of await Promise.all(chunks.map((c) => dailyColumnsOf(db, actor, c, year))))
    for (const c of part) {
      const s = emptyYear(n);
      const idx = new DataView(c.idx.buffer, c.idx.byteOffset, c.idx.byteLength);
      const count = c.idx.byteLength / 2;
      for (const k of DAILY_ITEMS) {
        const col = new DataView(c[k].buffer, c[k].byteOffset, c[k].byteLength);
        const dst = s[k];
        for (let j = 0; j < count; j++) dst[idx.getInt16(j * 2)] = col.getFloat64(j * 8);
      }
      for (let i = 0; i < n; i++) setDayAqi(s, i);
      out.set(c.stationId, { series: s, synthetic: c.synthetic });
    }
  return out;
}
const DAILY_ITEMS = ['so2', 'no2', 'pm10', 'pm25', 'co', 'o3_1h', 'o3_8h'] as const;

/** A target's series from its stations' (a station's own, or the area mean of its stations, HJ 663). */
function seriesOfTarget(t: Target, per: Map<number, { series: DailySeries; synthetic: boolean }>, year: number) {
  const list = t.stations.map((s) => per.get(s.id)?.series ?? stationYear([], year));
  const series = list.length === 1 ? list[0]! : combineDaily(list, daysInYear(year));
  return { series, synthetic: t.stations.some((s) => per.get(s.id)?.synthetic) };
}

/** The daily series of a target for a year: a station's own, or the area mean of its stations (HJ 663). */
export async function yearSeries(db: Db, actor: Actor, t: Target, year: number): Promise<{ series: DailySeries; synthetic: boolean }> {
  const per = await stationSeries(
    db,
    actor,
    t.stations.map((s) => s.id),
    year,
  );
  return seriesOfTarget(t, per, year);
}

export async function calendar(db: Db, actor: Actor, q: { year: number; station?: string; region?: string }) {
  const t = await targetOf(db, actor, q);
  const { series, synthetic } = await yearSeries(db, actor, t, q.year);
  const days = [];
  for (let i = 0; i < series.days; i++) {
    const aqi = series.aqi[i]! < 0 ? null : series.aqi[i]!;
    days.push({
      date: dateOfDay(q.year, i),
      aqi,
      level: aqi === null ? null : aqiLevel(aqi).level,
      primary: pollutantsOf(series.primary[i]!),
      pm25: num(series.pm25[i]!),
    });
  }
  return { year: q.year, target: targetRef(t), synthetic, days };
}

const targetRef = (t: Target) => ({ kind: t.kind, code: t.code, name: t.name, stations: t.stations.length });

/** One station's day: each hour's concentrations, IAQI and primary pollutant, and the daily result. */
export async function dayDetail(db: Db, actor: Actor, stationCode: string, date: string) {
  const s = await stationByCode(db, actor, stationCode);
  // the day before too: the 24-hour SO2 mean for the real-time rule and the O3 8-hour windows
  const from = midnight(addDays(date, -1));
  const h = (await hourlySeries(db, actor, [s.id], addDays(date, -1), 2)).get(s.id) ?? emptyHours(2);
  const hours = [];
  for (let k = 24; k < 48; k++) {
    const so2Window = mean(h.so2, k - 23, k + 1, 20);
    const o3_8h = o3EightHour(h.o3, k - 7);
    const v = Object.fromEntries(POLLUTANTS.map((p) => [p, h[p][k]!])) as Record<Pollutant, number>;
    const r = hourlyAqi({ ...v, o3_8h: Math.round(o3_8h), so2_24h: Math.round(so2Window) });
    hours.push({
      hour: k - 24,
      time: new Date(from + k * 3600_000).toISOString(),
      values: Object.fromEntries(POLLUTANTS.map((p) => [p, num(v[p])])),
      o3_8h: num(o3_8h),
      iaqi: r.iaqi,
      aqi: r.aqi,
      level: r.aqi === null ? null : aqiLevel(r.aqi).level,
      primary: r.primary,
    });
  }
  const [daily] = await dailyOf(db, actor, [s.id], date, date);
  return {
    station: { code: s.code, name: s.name, type: s.type, regionName: s.regionName },
    date,
    daily: daily
      ? {
          ...daily,
          level: daily.aqi === null ? null : aqiLevel(daily.aqi).level,
          iaqi: daily.aqi === null ? {} : dailyIaqi(daily),
        }
      : null,
    hours,
    synthetic: daily?.synthetic ?? false,
  };
}

function dailyIaqi(d: DailyRow): Record<string, number | null> {
  const v = (item: Parameters<typeof iaqiOf>[0], c: number | null) => (c === null ? null : (iaqiOf(item, c)?.iaqi ?? null));
  return {
    so2_24h: v('so2_24h', d.so2),
    no2_24h: v('no2_24h', d.no2),
    pm10_24h: v('pm10_24h', d.pm10),
    pm25_24h: v('pm25_24h', d.pm25),
    co_24h: v('co_24h', d.co),
    o3_1h: v('o3_1h', d.o3_1h),
    o3_8h: d.o3_8h !== null && d.o3_8h > 800 ? null : v('o3_8h', d.o3_8h),
  };
}

function mean(a: Float64Array, from: number, to: number, min: number): number {
  let s = 0;
  let n = 0;
  for (let i = Math.max(0, from); i < to; i++)
    if (!Number.isNaN(a[i]!)) {
      s += a[i]!;
      n++;
    }
  return n >= min ? s / n : NaN;
}

// ---------------------------------------------------------------- annual statistics

const STAT_KEYS = ['pm25', 'pm10', 'so2', 'no2', 'o3_8h_p90', 'co_p95'] as const;

function statsOut(s: AnnualStats) {
  return {
    year: s.year,
    validDays: s.validDays,
    goodDays: s.goodDays,
    levelDays: s.levelDays,
    primaryDays: s.primaryDays,
    goodRatio: s.goodRatio,
    ...Object.fromEntries(STAT_KEYS.map((k) => [k, s[k]])),
  } as Omit<AnnualStats, never>;
}

export async function annual(db: Db, actor: Actor, q: { year: number; station?: string; region?: string }) {
  const t = await targetOf(db, actor, q);
  const [cur, prev] = await Promise.all([yearSeries(db, actor, t, q.year), yearSeries(db, actor, t, q.year - 1)]);
  const current = annualStats(q.year, cur.series);
  const previous = annualStats(q.year - 1, prev.series);
  const change = {
    goodRatio: yearOnYear(current.goodRatio.value, previous.goodRatio.value),
    ...Object.fromEntries(STAT_KEYS.map((k) => [k, yearOnYear(current[k].value, previous[k].value, k === 'co_p95' ? 1 : 0)])),
  } as Record<'goodRatio' | (typeof STAT_KEYS)[number], ReturnType<typeof yearOnYear>>;
  return {
    target: targetRef(t),
    synthetic: cur.synthetic || prev.synthetic,
    current: statsOut(current),
    previous: statsOut(previous),
    change,
  };
}

/** Per town of the target region: the good-day ratio and PM2.5 of the year (for the table under the calendar). */
export async function townsAnnual(db: Db, actor: Actor, q: { year: number; region?: string }) {
  const t = await targetOf(db, actor, q);
  if (t.kind !== 'region') return [];
  const towns = t.region!.level === 'town' ? [t.region!] : await townsUnder(db, actor, t.region!.path);
  const targets = [];
  for (const town of towns) targets.push({ town, tt: await targetOf(db, actor, { region: town.code }) });
  // every town's stations read once (a town may count micro-stations the district leaves out)
  const ids = [...new Set(targets.flatMap((x) => x.tt.stations.map((s) => s.id)))];
  const per = await stationSeries(db, actor, ids, q.year);
  const out = [];
  for (const { town, tt } of targets) {
    if (tt.stations.length === 0) continue;
    const s = annualStats(q.year, seriesOfTarget(tt, per, q.year).series);
    out.push({
      code: town.code,
      name: town.name,
      stations: tt.stations.length,
      goodRatio: s.goodRatio.value,
      validDays: s.validDays,
      pm25: s.pm25.value,
    });
  }
  return out;
}

// ---------------------------------------------------------------- indicators

export const GOOD_RATIO_INDICATOR = 'ECO_GOOD_AIR_RATIO';
export const PM25_INDICATOR = 'ECO_PM25_ANNUAL';

/** Writes 优良天数比例 and the PM2.5 annual mean of the region and each of its towns with stations; invalid years are skipped and listed. */
export async function writeIndicators(db: Db, actor: Actor, q: { year: number; region?: string }) {
  const t = await targetOf(db, actor, { region: q.region });
  const regions = [t.region!, ...(t.region!.level === 'town' ? [] : await townsUnder(db, actor, t.region!.path))];
  const rows = [];
  const skipped: { region: string; indicator: string; reason: string }[] = [];
  let synthetic = false;
  for (const r of regions) {
    const tt = r.code === t.code ? t : await targetOf(db, actor, { region: r.code });
    if (tt.stations.length === 0) continue;
    const ys = await yearSeries(db, actor, tt, q.year);
    synthetic ||= ys.synthetic;
    const s = annualStats(q.year, ys.series);
    for (const [indicator, v] of [
      [GOOD_RATIO_INDICATOR, s.goodRatio],
      [PM25_INDICATOR, s.pm25],
    ] as const) {
      if (v.value === null) {
        skipped.push({ region: r.code, indicator, reason: v.validity.shortYear ? 'year' : `months:${v.validity.shortMonths.join(',')}` });
        continue;
      }
      rows.push({ r, indicator, value: v.value });
    }
  }
  const source = `空气质量站点数据按 HJ 633-2012、HJ 663-2013 计算（${q.year}）` + (synthetic ? '【合成数据 synthetic】' : '');
  const observations = rows.map((x) => ({
    indicatorCode: x.indicator,
    subject: { kind: 'region' as const, code: x.r.code },
    period: String(q.year),
    periodStart: `${q.year}-01-01`,
    value: x.value,
    status: 'final' as const,
    source,
  }));
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: `ecology-air-${t.code}-${q.year}`,
      fileSha256: createHash('sha256')
        .update(JSON.stringify(observations.map((o) => [o.indicatorCode, o.subject.code, o.value])))
        .digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: observations.length,
      source,
      synthetic,
      note: `air quality ${q.year} computed from station data` + (synthetic ? '; synthetic readings, not official figures' : ''),
    },
    rows: observations,
    whenUnchanged: 'skip',
    audit: { action: 'ecology.indicators', after: { year: q.year, region: t.code, skipped } },
  });
  return {
    year: q.year,
    synthetic,
    batchId: written.batchId,
    inserted: written.inserted,
    revised: written.revised,
    unchanged: written.unchanged,
    values: observations.map((o) => ({ indicator: o.indicatorCode, regionCode: o.subject.code, value: o.value })),
    skipped,
  };
}
