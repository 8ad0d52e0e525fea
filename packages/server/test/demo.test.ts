import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/store.js';
import { loadDemo, type DemoReport } from '../src/demo/load.js';
import { geo } from '@gongfu/engine';
import { testDb, type TestDb } from './helpers.js';

let t: TestDb;
let report: DemoReport;
beforeAll(async () => {
  t = await testDb();
  report = await loadDemo(t.store.db, { today: new Date('2026-11-26T00:00:00Z') });
});
afterAll(() => t.dispose());

describe('Keqiao demo', () => {
  it('loads the region hierarchy: province, 11 cities, 90 counties, 16 towns, 341 villages', async () => {
    const counts = await rows<{ level: string; n: number }>(
      t.store.db,
      sql`select level, count(*)::int as n from region group by level order by level`,
    );
    expect(Object.fromEntries(counts.map((c) => [c.level, c.n]))).toEqual({ province: 1, city: 11, county: 90, town: 16, village: 341 });
    const [village] = await rows<{ path: string }>(t.store.db, sql`select path from region where code = '330603001008'`);
    expect(village.path).toBe('/330000000000/330600000000/330603000000/330603001000/330603001008/');
  });

  it('reports outline codes that match no region instead of dropping them', () => {
    expect(report.boundaries.keqiao.matched).toEqual(['330603000000']);
    const unmatched = report.boundaries.counties.unmatched.filter((u) => u.reason === 'unknown_code').map((u) => u.code);
    expect(unmatched.sort()).toEqual(['330103000000', '330104000000']);
    expect(report.boundaries.counties.matched.length).toBe(88);
  });

  it('stores outlines in WGS-84, converted from GCJ-02', async () => {
    const fs = await import('node:fs');
    const source = JSON.parse(fs.readFileSync(new URL('../seed/geo/keqiao-330603.gcj02.geojson', import.meta.url), 'utf8'));
    const gcj = source.features[0].geometry.coordinates[0][0][0] as [number, number];
    const [stored] = await rows<{ geometry: { coordinates: number[][][][] } }>(
      t.store.db,
      sql`select geometry from region_boundary where region_code = '330603000000'`,
    );
    const wgs = stored.geometry.coordinates[0][0][0];
    const expected = geo.gcj02ToWgs84(gcj[0], gcj[1]);
    expect(wgs[0]).toBeCloseTo(expected[0], 9);
    expect(wgs[1]).toBeCloseTo(expected[1], 9);
    expect(geo.haversineMeters(gcj[0], gcj[1], wgs[0], wgs[1])).toBeGreaterThan(100);
  });

  it('loads published figures with their sources and synthetic series flagged', async () => {
    const [gdp] = await rows<{ value: number; source: string; synthetic: boolean }>(
      t.store.db,
      sql`
      select o.value, o.source, b.synthetic from observation o join subject s on s.id = o.subject_id
      join import_batch b on b.id = o.batch_id
      where o.indicator_code = 'GDP' and s.code = '330603000000' and o.period = '2024' and o.is_current`,
    );
    expect(gdp.value).toBe(2252.28);
    expect(gdp.source).toContain('柯桥区融媒体中心');
    expect(gdp.synthetic).toBe(false);
    const [syn] = await rows<{ n: number; flagged: number }>(
      t.store.db,
      sql`
      select count(*)::int as n, count(*) filter (where b.synthetic and o.source like '%synthetic%')::int as flagged
      from observation o join import_batch b on b.id = o.batch_id where o.indicator_code = 'INDUSTRIAL_OUTPUT'`,
    );
    expect(syn.n).toBe(16 * (12 + 12 + 10));
    expect(syn.flagged).toBe(syn.n);
  });

  it('is idempotent: loading again inserts nothing', async () => {
    const again = await loadDemo(t.store.db, { today: new Date('2026-11-26T00:00:00Z') });
    expect(again.sourced.inserted).toBe(0);
    expect(again.synthetic.inserted).toBe(0);
    expect(again.sourced.unchanged).toBe(report.sourced.inserted);
  });
});
