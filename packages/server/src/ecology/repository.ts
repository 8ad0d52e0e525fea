/**
 * SQL of 生态 · air quality: stations (subjects of kind 'station'), hourly readings, stored daily
 * values. Every read of a region-bound table goes through the scope door; the writers carry
 * `Unscoped` because their callers resolved the stations in the actor's scope first.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { one, rows, type Db } from '../db/store.js';

export interface StationRow {
  id: number;
  code: string;
  name: string;
  type: string;
  regionCode: string;
  regionName: string;
  regionPath: string;
  lon: number | null;
  lat: number | null;
  synthetic: boolean;
}

export interface StationFilter {
  /** stations in this region and below */
  regionPath?: string;
  q?: string;
  /** only these types (national, provincial, micro) */
  types?: readonly string[];
}

const stationWhere = (actor: Actor, f: StationFilter) => {
  const where = [sql`s.kind = 'station'`, inScope(actor, 'subject', 's')];
  if (f.regionPath) where.push(sql`r.path like ${f.regionPath + '%'}`);
  if (f.q) where.push(sql`(s.code ilike ${'%' + f.q + '%'} or s.name ilike ${'%' + f.q + '%'})`);
  if (f.types?.length) where.push(sql`coalesce(s.attributes->>'type', 'national') = any(${sql.param([...f.types])}::text[])`);
  return sql.join(where, sql` and `);
};

export async function stationsOf(db: Db, actor: Actor, f: StationFilter, w = { limit: 100_000, offset: 0 }): Promise<StationRow[]> {
  return rows<StationRow>(
    db,
    sql`select s.id, s.code, s.name, coalesce(s.attributes->>'type', 'national') as type, s.region_code as "regionCode",
          r.name as "regionName", r.path as "regionPath",
          (s.attributes->>'lon')::float8 as lon, (s.attributes->>'lat')::float8 as lat,
          coalesce((s.attributes->>'synthetic')::boolean, false) as synthetic
        from subject s join region r on r.code = s.region_code
        where ${stationWhere(actor, f)} order by s.code limit ${w.limit} offset ${w.offset}`,
  );
}

export async function countStations(db: Db, actor: Actor, f: StationFilter): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from subject s join region r on r.code = s.region_code where ${stationWhere(actor, f)}`,
  );
  return r?.n ?? 0;
}

export interface RegionRow {
  code: string;
  name: string;
  level: string;
  path: string;
}

export async function regionOf(db: Db, actor: Actor, code: string): Promise<RegionRow | undefined> {
  return one<RegionRow>(
    db,
    sql`select r.code, r.name, r.level, r.path from region r where r.code = ${code} and ${inScope(actor, 'region', 'r')}`,
  );
}

/** The caller's own region when it is in scope (a town officer's town), else the first county in scope. */
export async function defaultCounty(db: Db, actor: Actor): Promise<RegionRow | undefined> {
  const own = sql`(select u.region_code from app_user u where u.id = ${actor.userId ?? -1})`;
  return one<RegionRow>(
    db,
    sql`select r.code, r.name, r.level, r.path from region r
        where (r.level = 'county' or (r.code = ${own} and r.level in ('county', 'town'))) and ${inScope(actor, 'region', 'r')}
        order by (r.code = ${own}) desc, r.code limit 1`,
  );
}

/** Towns (镇街) in scope under a path. */
export async function townsUnder(db: Db, actor: Actor, path: string): Promise<RegionRow[]> {
  return rows<RegionRow>(
    db,
    sql`select r.code, r.name, r.level, r.path from region r
        where r.level = 'town' and r.path like ${path + '%'} and ${inScope(actor, 'region', 'r')} order by r.code`,
  );
}

/** Column arrays of readings to store (NaN / null = missing). */
export interface ReadingColumns {
  station: number[];
  /** epoch milliseconds of the hour's start */
  hour: number[];
  so2: (number | null)[];
  no2: (number | null)[];
  pm10: (number | null)[];
  pm25: (number | null)[];
  co: (number | null)[];
  o3: (number | null)[];
}

/** One stored station-day of hourly readings: 24 hours × six pollutants packed (engine `packDay`). */
export interface ReadingDayRow {
  stationId: number;
  /** the local date, YYYY-MM-DD */
  day: string;
  hours: Uint8Array;
}

/**
 * The stored station-days among the given (station, day) pairs, locked for update: the import
 * merges its hours into them (the caller resolved the stations in the actor's scope).
 */
export async function readingDaysForUpdateUnscoped(tx: Db, stations: number[], days: string[]): Promise<ReadingDayRow[]> {
  const out: ReadingDayRow[] = [];
  const step = 20_000;
  for (let i = 0; i < stations.length; i += step) {
    out.push(
      ...(await rows<ReadingDayRow>(
        tx,
        sql`select r.station_id::int as "stationId", to_char(r.day, 'YYYY-MM-DD') as day, r.hours
            from eco_reading_day r
            join unnest(${sql.param(stations.slice(i, i + step))}::bigint[], ${sql.param(days.slice(i, i + step))}::date[]) as k(s, d)
              on r.station_id = k.s and r.day = k.d
            for update of r`,
      )),
    );
  }
  return out;
}

/** Inserts or replaces station-days of packed hours, 5,000 per statement (sent as hex text: the same on both drivers). */
export async function upsertReadingDaysUnscoped(tx: Db, d: ReadingDayRow[], source: string, synthetic: boolean, by: string): Promise<void> {
  const step = 5_000;
  for (let i = 0; i < d.length; i += step) {
    const p = d.slice(i, i + step);
    await tx.execute(
      sql`insert into eco_reading_day (station_id, day, hours, source, synthetic, loaded_by)
          select x.s, x.d, decode(x.h, 'hex'), ${source}, ${synthetic}, ${by}
          from unnest(${sql.param(p.map((r) => r.stationId))}::bigint[], ${sql.param(p.map((r) => r.day))}::date[],
                      ${sql.param(p.map((r) => Buffer.from(r.hours.buffer, r.hours.byteOffset, r.hours.byteLength).toString('hex')))}::text[])
               as x(s, d, h)
          on conflict (station_id, day) do update set hours = excluded.hours, source = excluded.source,
            synthetic = excluded.synthetic, loaded_by = excluded.loaded_by, loaded_at = now()`,
    );
  }
}

/** The stored station-days of one station in scope, concatenated in day order. */
export interface StationReadingDays {
  stationId: number;
  /**
   * per stored day: its index from `from` (big-endian int4), the length of its packed hours
   * (big-endian int2) and the packed hours (engine `packDay`)
   */
  days: Uint8Array;
}

/**
 * Stored station-days of stations in scope for local days in [from, to] (dates), one row per
 * station: a year of 1,000 stations is 1,000 rows to parse rather than 365,000 (the concatenation
 * runs in the server's backends, side by side when callers send chunks over the pool).
 */
export async function readingDaysOf(
  db: Db,
  actor: Actor,
  stationIds: readonly number[],
  from: string,
  to: string,
): Promise<StationReadingDays[]> {
  return rows<StationReadingDays>(
    db,
    sql`select r.station_id::int as "stationId",
          string_agg(int4send(r.day - ${from}::date) || int2send(length(r.hours)::int2) || r.hours, ''::bytea order by r.day) as days
        from eco_reading_day r
        where r.station_id = any(${sql.param([...stationIds])}::bigint[]) and r.day between ${from}::date and ${to}::date
          and ${inScope(actor, 'eco_reading_day', 'r')}
        group by r.station_id`,
  );
}

export interface DailyRow {
  stationId: number;
  day: string;
  so2: number | null;
  no2: number | null;
  pm10: number | null;
  pm25: number | null;
  co: number | null;
  o3_1h: number | null;
  o3_8h: number | null;
  aqi: number | null;
  primary: string[];
  exceeding: string[];
  validHours: number;
  synthetic: boolean;
}

export async function upsertDailyUnscoped(tx: Db, d: DailyRow[]): Promise<void> {
  const step = 10_000;
  for (let i = 0; i < d.length; i += step) {
    const p = d.slice(i, i + step);
    const col = <K extends keyof DailyRow>(k: K) => sql.param(p.map((r) => r[k]));
    await tx.execute(
      sql`insert into eco_daily (station_id, day, so2, no2, pm10, pm25, co, o3_1h, o3_8h, aqi, primary_pollutants, exceeding, valid_hours, synthetic)
          select x.s, x.d, x.so2, x.no2, x.pm10, x.pm25, x.co, x.o1, x.o8, x.aqi,
                 case when x.pr = '' then '{}'::text[] else string_to_array(x.pr, ',') end,
                 case when x.ex = '' then '{}'::text[] else string_to_array(x.ex, ',') end, x.vh, x.syn
          from unnest(${col('stationId')}::bigint[], ${col('day')}::date[], ${col('so2')}::float8[], ${col('no2')}::float8[],
                      ${col('pm10')}::float8[], ${col('pm25')}::float8[], ${col('co')}::float8[], ${col('o3_1h')}::float8[],
                      ${col('o3_8h')}::float8[], ${col('aqi')}::int[], ${sql.param(p.map((r) => r.primary.join(',')))}::text[],
                      ${sql.param(p.map((r) => r.exceeding.join(',')))}::text[], ${col('validHours')}::int[], ${col('synthetic')}::boolean[])
               as x(s, d, so2, no2, pm10, pm25, co, o1, o8, aqi, pr, ex, vh, syn)
          on conflict (station_id, day) do update set so2 = excluded.so2, no2 = excluded.no2, pm10 = excluded.pm10,
            pm25 = excluded.pm25, co = excluded.co, o3_1h = excluded.o3_1h, o3_8h = excluded.o3_8h, aqi = excluded.aqi,
            primary_pollutants = excluded.primary_pollutants, exceeding = excluded.exceeding, valid_hours = excluded.valid_hours,
            synthetic = excluded.synthetic, computed_at = now()`,
    );
  }
}

/** Stored daily values of stations in scope for days in [from, to] (dates). */
export async function dailyOf(db: Db, actor: Actor, stationIds: readonly number[], from: string, to: string): Promise<DailyRow[]> {
  return rows<DailyRow>(
    db,
    sql`select d.station_id::int as "stationId", to_char(d.day, 'YYYY-MM-DD') as day, d.so2, d.no2, d.pm10, d.pm25, d.co,
          d.o3_1h, d.o3_8h, d.aqi, d.primary_pollutants as primary, d.exceeding, d.valid_hours as "validHours", d.synthetic
        from eco_daily d
        where d.station_id = any(${sql.param([...stationIds])}::bigint[]) and d.day between ${from}::date and ${to}::date
          and ${inScope(actor, 'eco_daily', 'd')}
        order by d.station_id, d.day`,
  );
}

export interface DailyColumns {
  stationId: number;
  synthetic: boolean;
  /** day index in the year (0 = 1 January) of each stored day: big-endian int2, in day order */
  idx: Uint8Array;
  /** each item's value of those days: big-endian float8 (PostgreSQL's float8send), NaN = null */
  so2: Uint8Array;
  no2: Uint8Array;
  pm10: Uint8Array;
  pm25: Uint8Array;
  co: Uint8Array;
  o3_1h: Uint8Array;
  o3_8h: Uint8Array;
}

/**
 * A year of the stations' seven daily items as packed binary columns, one row per station: few
 * rows, and nothing to parse number by number (1,000 stations' year is 2.5 M values).
 */
export async function dailyColumnsOf(db: Db, actor: Actor, stationIds: readonly number[], year: number): Promise<DailyColumns[]> {
  const col = (c: string) => sql.raw(`string_agg(float8send(coalesce(d.${c}, 'NaN'::float8)), ''::bytea order by d.day) as "${c}"`);
  return rows<DailyColumns>(
    db,
    sql`select d.station_id::int as "stationId", bool_or(d.synthetic) as synthetic,
          string_agg(int2send((d.day - make_date(${year}::int, 1, 1))::int2), ''::bytea order by d.day) as idx,
          ${col('so2')}, ${col('no2')}, ${col('pm10')}, ${col('pm25')}, ${col('co')}, ${col('o3_1h')}, ${col('o3_8h')}
        from eco_daily d
        where d.station_id = any(${sql.param([...stationIds])}::bigint[])
          and d.day between make_date(${year}::int, 1, 1) and make_date(${year}::int, 12, 31)
          and ${inScope(actor, 'eco_daily', 'd')}
        group by d.station_id`,
  );
}
