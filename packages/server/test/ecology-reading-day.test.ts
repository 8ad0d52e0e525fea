/**
 * 生态 · the hourly readings as one row per station-day (migration 202612080200): a database with
 * hourly rows in the old `eco_reading` table is migrated; every stored double comes back exactly
 * (more decimals than an export has, an hour with no row, an hour with six nulls, a pollutant with
 * no hour, the local day starting at 16:00 UTC), the day keeps its last loader; the old table is gone;
 * a later import merges its hours into a converted day and the day's values are those the engine
 * computes from all the hours.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { dailySeries, POLLUTANTS, type HourlySeries } from '@gongfu/engine/ecology';
import { systemActor } from '../src/auth/actor.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { one, rows } from '../src/db/store.js';
import { dailyOf } from '../src/ecology/repository.js';
import { hourlySeries, saveReadings } from '../src/ecology/service.js';
import { testDb, type TestDb } from './helpers.js';

const MINE = '202612080200_ecology_reading_day.sql';
const TOWN = '330603001000';
let t: TestDb;
let dir: string;
let station: number;
const actor = systemActor('test');
/** local 2021-03-01 00:00 (Asia/Shanghai) = 2021-02-28 16:00 UTC */
const hourAt = (h: number) => new Date(Date.UTC(2021, 1, 28, 16 + h)).toISOString();
/** the old rows' values of hour h (null: no row at all) */
function oldValues(h: number): (number | null)[] | null {
  if (h === 7) return null; // no row
  if (h === 8) return [null, null, null, null, null, null]; // a row of nulls
  // so2 with more decimals than an export, no2 a long double, co in 0.1 mg/m³, o3 never measured this day
  return [h + 0.125, 20 + Math.PI * h, 40 + h, 30 + 2 * h, Number((0.8 + h / 10).toFixed(1)), null];
}

beforeAll(async () => {
  t = await testDb({ migrate: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-eco-day-'));
  const all = listMigrations();
  const mine = all.findIndex((m) => m.file === MINE);
  expect(mine).toBeGreaterThan(0);
  for (const m of all.slice(0, mine)) fs.writeFileSync(path.join(dir, m.file), m.script);
  await migrate(t.store, dir);
  const db = t.store.db;
  await db.execute(sql`insert into region (code, name, level, path, source) values
    ('330603000000', '柯桥区', 'county', '/330603000000/', 'test'),
    (${TOWN}, '柯桥街道', 'town', ${'/330603000000/' + TOWN + '/'}, 'test')`);
  station = (await one<{ id: number }>(
    db,
    sql`insert into subject (kind, code, name, region_code) values ('station', 'OLD-ST', '旧站', ${TOWN}) returning id::int as id`,
  ))!.id;
  for (let h = 0; h < 24; h++) {
    const v = oldValues(h);
    if (!v) continue;
    // the first half loaded by one account, the second later by another
    const by = h < 12 ? 'user:first' : 'user:second';
    const at = h < 12 ? '2021-03-02T00:00:00Z' : '2021-03-03T00:00:00Z';
    await db.execute(sql`insert into eco_reading (station_id, hour, so2, no2, pm10, pm25, co, o3, source, synthetic, loaded_by, loaded_at)
      values (${station}, ${hourAt(h)}, ${v[0]}, ${v[1]}, ${v[2]}, ${v[3]}, ${v[4]}, ${v[5]}, ${'file-' + by}, false, ${by}, ${at})`);
  }
  // an hour of the next local day (16:00 UTC on 1 March)
  await db.execute(sql`insert into eco_reading (station_id, hour, so2, no2, pm10, pm25, co, o3, source, loaded_by)
    values (${station}, ${hourAt(24)}, 1, 2, 3, 4, 0.5, 6, 'next', 'user:first')`);
  for (const m of all.slice(mine)) fs.writeFileSync(path.join(dir, m.file), m.script);
  expect(await migrate(t.store, dir)).toContain(MINE);
}, 120_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t.dispose();
});

describe('hourly readings as station-day rows (migration)', () => {
  it('converts every hourly row into its local day, exactly, and drops the old table', async () => {
    const db = t.store.db;
    expect((await one<{ t: string | null }>(db, sql`select to_regclass('eco_reading')::text as t`))!.t).toBeNull();
    const days = await rows<{ day: string; source: string; by: string; bytes: number }>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as day, source, loaded_by as by, length(hours)::int as bytes
          from eco_reading_day where station_id = ${station} order by day`,
    );
    // 2021-03-01: five float8 blocks and O3's empty one; 2021-03-02: one hour
    expect(days).toEqual([
      { day: '2021-03-01', source: 'file-user:second', by: 'user:second', bytes: 1 + 5 * 193 + 1 },
      { day: '2021-03-02', source: 'next', by: 'user:first', bytes: 1 + 6 * 193 },
    ]);
    const h = (await hourlySeries(db, actor, [station], '2021-03-01', 2)).get(station)!;
    for (let hr = 0; hr < 24; hr++) {
      const v = oldValues(hr) ?? [null, null, null, null, null, null];
      POLLUTANTS.forEach((p, i) => expect(Object.is(h[p][hr], v[i] ?? NaN), `${p} ${hr}: ${h[p][hr]} vs ${v[i]}`).toBe(true));
    }
    expect(POLLUTANTS.map((p) => h[p][24])).toEqual([1, 2, 3, 4, 0.5, 6]);
    expect(POLLUTANTS.every((p) => h[p].subarray(25).every(Number.isNaN))).toBe(true);
  });

  it('an import merges its hours into a converted day; the day is computed from all its hours', async () => {
    const db = t.store.db;
    // hours 7 and 8 (missing before), now measured, O3 for the whole day
    const hours = Array.from({ length: 24 }, (_, h) => h);
    const ms = (h: number) => Date.parse(hourAt(h));
    const o3 = hours.map((h) => 50 + h);
    await saveReadings(
      db,
      actor,
      {
        station: hours.map(() => station),
        hour: hours.map(ms),
        so2: hours.map((h) => (h === 7 || h === 8 ? 5 : (oldValues(h)![0] as number))),
        no2: hours.map((h) => (h === 7 || h === 8 ? 25 : (oldValues(h)![1] as number))),
        pm10: hours.map((h) => (h === 7 || h === 8 ? 45 : (oldValues(h)![2] as number))),
        pm25: hours.map((h) => (h === 7 || h === 8 ? 35 : (oldValues(h)![3] as number))),
        co: hours.map((h) => (h === 7 || h === 8 ? 0.7 : (oldValues(h)![4] as number))),
        o3,
        codes: new Map([[station, 'OLD-ST']]),
      },
      { fileName: 'o3.csv', source: 'o3.csv', synthetic: false },
    );
    const h = (await hourlySeries(db, actor, [station], '2021-03-01', 1)).get(station)!;
    expect([...h.o3]).toEqual(o3);
    expect([h.so2[7], h.so2[8], h.so2[9]]).toEqual([5, 5, 9.125]);
    // the engine on the same hours
    const expected = dailySeries(Object.fromEntries(POLLUTANTS.map((p) => [p, Float64Array.from(h[p])])) as HourlySeries, 1);
    const [d] = await dailyOf(db, actor, [station], '2021-03-01', '2021-03-01');
    expect(d).toMatchObject({
      so2: expected.so2[0],
      no2: expected.no2[0],
      pm10: expected.pm10[0],
      pm25: expected.pm25[0],
      co: expected.co[0],
      o3_1h: expected.o3_1h[0],
      o3_8h: expected.o3_8h[0],
      aqi: expected.aqi[0],
      validHours: 24,
    });
    expect(d!.aqi).toBeGreaterThan(0);
    // the day became the import's: its loader, and a compact form where the values allow
    const row = await one<{ by: string; bytes: number }>(
      db,
      sql`select loaded_by as by, length(hours)::int as bytes from eco_reading_day where station_id = ${station} and day = '2021-03-01'`,
    );
    // so2 (x.125: three decimals, up to 23,125) 2 bytes an hour; pm10, pm25, co, o3 one byte; no2 stays float8
    expect(row).toEqual({ by: actor.id, bytes: 1 + 49 + 4 * 25 + 193 });
  });
});
