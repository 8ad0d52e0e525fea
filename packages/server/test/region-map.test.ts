/**
 * Town and village outlines and the schematic tile map (issue 10): uploads of GeoJSON and zipped
 * shapefiles in any datum with a dry run, unmatched codes and bad input reported with the feature
 * and field path, and cells placed by centroid or by hand, within the caller's data scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { geo } from '@gongfu/engine';
import { buildApp } from '../src/app.js';
import { one, type Db } from '../src/db/store.js';
import { upsertRole } from '../src/auth/repository.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';
import { auditHead, expectAudited } from './audit-helpers.js';
import { gbk, writeShapefileZip } from '../../engine/test/geo/shapefile-writer.js';

const KEQIAO = '330603000000';
const KEQIAO_STREET = '330603001000'; // 柯桥街道
const KEYAN = '330603002000';
const HUASHE = '330603003000';

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let admin: Client;
let huashe: Client;
let leader: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
  app = await buildApp({ store: t.store, config: testConfig() });
  await upsertRole(db, {
    code: 'town_mapper',
    nameZh: '镇街地图员',
    nameEn: 'Town mapper',
    permissions: ['region:read', 'region:write'],
    dataScope: 'region_and_below',
  });
  await makeUser(db, 'admin1', ['admin'], null);
  await makeUser(db, 'huashe', ['town_mapper'], HUASHE);
  await makeUser(db, 'leader', ['leader'], null);
  [admin, huashe, leader] = await Promise.all(['admin1', 'huashe', 'leader'].map((u) => signIn(app, u)));
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

/** A square of side d degrees at (x, y), as GCJ-02 coordinates of a WGS-84 square, counter-clockwise. */
const gcjSquare = (x: number, y: number, d = 0.05) =>
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ].map(([a, b]) => geo.wgs84ToGcj02(a, b));

const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const feature = (code: string | null, name: string, coordinates: unknown, type = 'Polygon') => ({
  type: 'Feature',
  properties: { code, name },
  geometry: { type, coordinates },
});

const uploadFile = (c: Client, name: string, bytes: Uint8Array, query: string) =>
  c.request('POST', `/api/v1/regions/boundaries/file?source=test&${query}`, multipartFile(name, bytes));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const stored = async (code: string) =>
  one<{ n: number }>(db, sql`select count(*)::int n from region_boundary where region_code = ${code}`).then((r) => r!.n);

describe('uploading outlines', () => {
  it('a dry run lists matched regions by name and the unmatched codes, and stores nothing', async () => {
    const since = await auditHead(db);
    const file = collection([
      feature(KEQIAO_STREET, '柯桥街道', [gcjSquare(120.45, 30.05)]),
      feature('330603999000', '不存在镇', [gcjSquare(120.55, 30.05)]),
      feature(null, '无代码', [gcjSquare(120.6, 30.05)]),
    ]);
    const res = await uploadFile(admin, 'towns.geojson', json(file), 'datum=gcj02&dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.dryRun).toBe(true);
    expect(report.regions).toEqual([{ feature: 0, code: KEQIAO_STREET, name: '柯桥街道', level: 'town', kind: 'outline' }]);
    expect(report.unmatched).toEqual([
      { feature: 1, code: '330603999000', name: '不存在镇', reason: 'unknown_code' },
      { feature: 2, code: null, name: '无代码', reason: 'no_code' },
    ]);
    expect(await stored(KEQIAO_STREET)).toBe(0);
    const audited = await one<{ n: number }>(db, sql`select count(*)::int n from audit_log where seq > ${since}`);
    expect(audited!.n).toBe(0);
  });

  it('imports GCJ-02 outlines as WGS-84, audited, and serves them under their parent', async () => {
    const since = await auditHead(db);
    const file = collection([
      feature(KEQIAO_STREET, '柯桥街道', [gcjSquare(120.45, 30.05)]),
      feature(KEYAN, '柯岩街道', [gcjSquare(120.5, 30.05)]),
    ]);
    const res = await uploadFile(admin, 'towns.geojson', json(file), 'datum=gcj02');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().matched).toEqual([KEQIAO_STREET, KEYAN]);
    await expectAudited(db, { action: 'region.boundaries', actor: 'admin1', target: 'regions:2', since });
    const fc = (await admin.get(`/api/v1/regions/boundaries?parent=${KEQIAO}`)).json();
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual([KEQIAO_STREET, KEYAN]);
    const [x, y] = fc.features[0].geometry.coordinates[0][0];
    expect(geo.haversineMeters(x, y, 120.45, 30.05)).toBeLessThan(1);
  });

  it('detects GCJ-02 by fitting the towns to the county’s stored outline', async () => {
    // the county's own box, cut into two halves, in GCJ-02
    const box = (await one<{ bbox: number[] }>(db, sql`select bbox from region_boundary where region_code = ${KEQIAO}`))!.bbox;
    const mid = (box[0] + box[2]) / 2;
    const rect = (x0: number, x1: number) =>
      [
        [x0, box[1]],
        [x1, box[1]],
        [x1, box[3]],
        [x0, box[3]],
        [x0, box[1]],
      ].map(([a, b]) => geo.wgs84ToGcj02(a, b));
    const file = collection([feature(KEQIAO_STREET, '柯桥街道', [rect(box[0], mid)]), feature(KEYAN, '柯岩街道', [rect(mid, box[2])])]);
    const report = (await uploadFile(admin, 'towns.json', json(file), 'datum=auto&dryRun=true')).json();
    expect(report.datum.used).toBe('gcj02');
    expect(report.datum.by).toBe('fit');
    expect(report.datum.fit.metres.gcj02).toBeLessThan(50);
    expect(report.datum.fit.metres.wgs84).toBeGreaterThan(300);
    // two small squares fit nothing: the user must choose
    const small = collection([feature(KEQIAO_STREET, '柯桥街道', [gcjSquare(120.45, 30.05)])]);
    const res = await uploadFile(admin, 'towns.json', json(small), 'datum=auto&dryRun=true');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DATUM_UNKNOWN');
  });

  it('reads a zipped shapefile with GBK names and its .prj, and reports its unmatched codes', async () => {
    const ring = (x: number, y: number) => [
      [x, y],
      [x, y + 0.05],
      [x + 0.05, y + 0.05],
      [x + 0.05, y],
      [x, y],
    ];
    const zip = writeShapefileZip(
      [
        { ring: ring(120.45, 30.05), props: { XZQDM: HUASHE, XZQMC: '柯桥街道' } },
        { ring: ring(120.5, 30.05), props: { XZQDM: '330603998', XZQMC: '柯桥' } },
      ],
      { encode: gbk, cpg: 'GBK', prj: 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]' },
    );
    const res = await uploadFile(admin, 'towns.zip', zip, 'datum=auto&dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.datum).toEqual({ used: 'wgs84', by: 'prj' });
    expect(report.layers).toEqual(['towns']);
    expect(report.regions.map((r: { code: string }) => r.code)).toEqual([HUASHE]);
    expect(report.unmatched).toEqual([{ feature: 1, code: '330603998000', name: '柯桥', reason: 'unknown_code' }]);
  });

  it('refuses a projected shapefile and a broken one with the file and record', async () => {
    const zip = writeShapefileZip(
      [
        {
          ring: [
            [500000, 3300000],
            [500000, 3301000],
            [501000, 3301000],
            [500000, 3300000],
          ],
          props: { code: HUASHE },
        },
      ],
      {
        prj: 'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]]',
      },
    );
    const projected = await uploadFile(admin, 'towns.zip', zip, 'datum=auto&dryRun=true');
    expect(projected.statusCode).toBe(400);
    expect(projected.json().error).toMatchObject({
      code: 'SHAPEFILE_PROJECTED',
      message: { zh: expect.stringContaining('CGCS2000_3_Degree_GK_CM_120E') },
    });
    const broken = await uploadFile(admin, 'towns.zip', new Uint8Array([0x50, 0x4b, 1, 2]), 'datum=wgs84&dryRun=true');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('SHAPEFILE_INVALID');
  });

  it('names the feature and the field path of bad input', async () => {
    const cases: [unknown, string, RegExp][] = [
      [collection([feature(KEQIAO_STREET, 'a', [gcjSquare(120.45, 30.05)]), 'oops']), 'features[1]', /feature 2 \(features\[1\]\)/],
      [
        collection([
          feature(KEQIAO_STREET, 'a', [
            [
              [120.4, 30],
              [120.5, 'x'],
              [120.5, 30.1],
              [120.4, 30],
            ],
          ]),
        ]),
        'features[0].geometry.coordinates[0][1]',
        /longitude, latitude/,
      ],
      [
        collection([
          feature(KEQIAO_STREET, 'a', [
            [
              [120.4, 30],
              [120.5, 30],
              [120.4, 30],
            ],
          ]),
        ]),
        'features[0].geometry.coordinates[0]',
        /at least 4/,
      ],
      [
        collection([
          feature(KEQIAO_STREET, 'a', [
            [
              [512000, 3310000],
              [513000, 3310000],
              [513000, 3311000],
              [512000, 3310000],
            ],
          ]),
        ]),
        'features[0].geometry.coordinates[0][0]',
        /projected metres/,
      ],
      [{ type: 'Feature' }, '', /FeatureCollection/],
    ];
    for (const [body, path, message] of cases) {
      const res = await uploadFile(admin, 'bad.geojson', json(body), 'datum=wgs84');
      expect(res.statusCode, path).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('GEOJSON_INVALID');
      expect(error.message.en).toMatch(message);
      if (path) expect(error.details.path).toBe(path);
    }
    const notJson = await uploadFile(admin, 'bad.geojson', new TextEncoder().encode('{"type":'), 'datum=wgs84');
    expect(notJson.json().error.message.zh).toContain('bad.geojson 不是有效的 JSON');
    expect(await stored(HUASHE)).toBe(0);
  });

  it('a town account uploads its own outline, not a neighbour’s; a leader may not upload at all', async () => {
    const own = collection([feature(HUASHE, '华舍街道', [gcjSquare(120.4, 30.1)])]);
    const mine = await uploadFile(huashe, 'huashe.geojson', json(own), 'datum=gcj02');
    expect(mine.statusCode, mine.body).toBe(200);
    const other = collection([feature(KEYAN, '柯岩街道', [gcjSquare(120.4, 30.1)])]);
    const before = JSON.stringify((await admin.get(`/api/v1/regions/boundaries?codes=${KEYAN}`)).json());
    const theirs = await uploadFile(huashe, 'keyan.geojson', json(other), 'datum=gcj02');
    expect(theirs.statusCode).toBe(404);
    expect(JSON.stringify((await admin.get(`/api/v1/regions/boundaries?codes=${KEYAN}`)).json())).toBe(before);
    expect((await uploadFile(leader, 'huashe.geojson', json(own), 'datum=gcj02')).statusCode).toBe(403);
    // reads are scoped too: 华舍 sees its own outline only
    const seen = (await huashe.get(`/api/v1/regions/boundaries?parent=${KEQIAO}`)).json();
    expect(seen.features.map((f: { id: string }) => f.id)).toEqual([HUASHE]);
  });

  it('serves the 90 counties of Zhejiang that have outlines under the province, by level', async () => {
    const fc = (await leader.get('/api/v1/regions/boundaries?under=330000000000&level=county')).json();
    expect(fc.features.length).toBeGreaterThanOrEqual(88);
    expect(fc.features.every((f: { properties: { level: string } }) => f.properties.level === 'county')).toBe(true);
  });
});

describe('the schematic tile map', () => {
  it('gives every 镇街 of Keqiao one cell, placed by default, by outline centre or by uploaded centroid', async () => {
    const res = await leader.get(`/api/v1/regions/tiles?layout=${KEQIAO}`);
    expect(res.statusCode).toBe(200);
    const map = res.json();
    expect(map.cells).toHaveLength(16);
    expect(new Set(map.cells.map((c: { col: number; row: number }) => `${c.col},${c.row}`)).size).toBe(16);
    // 柯桥街道 and 柯岩 have outlines from the tests above: their cells follow them (west to east)
    const at = Object.fromEntries(map.cells.map((c: { code: string }) => [c.code, c]));
    expect(at[KEQIAO_STREET].placed).toBe('centroid');
    expect(at[KEQIAO_STREET].col).toBeLessThan(at[KEYAN].col);
    expect(at['330603004000'].placed).toBe('default');
  });

  it('stores uploaded centroids (Point features) and places cells by them', async () => {
    const points = collection([
      feature('330603009000', '钱清街道', geo.wgs84ToGcj02(120.35, 30.1), 'Point'),
      feature('330603010000', '杨汛桥街道', geo.wgs84ToGcj02(120.3, 30.1), 'Point'),
    ]);
    const res = await uploadFile(admin, 'centroids.geojson', json(points), 'datum=gcj02');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().regions.map((r: { kind: string }) => r.kind)).toEqual(['centroid', 'centroid']);
    const map = (await leader.get(`/api/v1/regions/tiles?layout=${KEQIAO}`)).json();
    const at = Object.fromEntries(map.cells.map((c: { code: string }) => [c.code, c]));
    expect(at['330603010000'].placed).toBe('centroid');
    expect(at['330603010000'].col).toBeLessThan(at['330603009000'].col); // 杨汛桥 is west of 钱清
  });

  it('saves a layout placed by hand, audited, and refuses overlaps, foreign regions and other towns’ maps', async () => {
    const map = (await admin.get(`/api/v1/regions/tiles?layout=${KEQIAO}`)).json();
    const cells = map.cells.map((c: { code: string }, i: number) => ({ code: c.code, col: i % 4, row: Math.floor(i / 4) }));
    const since = await auditHead(db);
    const saved = await admin.request('PUT', `/api/v1/regions/tiles/${KEQIAO}`, { payload: { cells } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().cells.every((c: { placed: string }) => c.placed === 'user')).toBe(true);
    expect(saved.json().cells[5]).toMatchObject({ col: 1, row: 1 });
    await expectAudited(db, { action: 'region.tiles', actor: 'admin1', target: `region:${KEQIAO}`, since });

    const overlap = await admin.request('PUT', `/api/v1/regions/tiles/${KEQIAO}`, {
      payload: { cells: [cells[0], { ...cells[1], col: cells[0].col, row: cells[0].row }] },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error).toMatchObject({ code: 'TILE_OVERLAP', details: { path: 'cells[1]' } });
    const foreign = await admin.request('PUT', `/api/v1/regions/tiles/${KEQIAO}`, {
      payload: { cells: [{ code: '330602000000', col: 0, row: 0 }] },
    });
    expect(foreign.json().error).toMatchObject({ code: 'TILE_REGION', details: { path: 'cells[0].code' } });
    const villages = (await huashe.get(`/api/v1/regions/tiles?layout=${HUASHE}`)).json();
    expect(villages.cells.length).toBeGreaterThan(5);
    expect((await huashe.get(`/api/v1/regions/tiles?layout=${KEYAN}`)).statusCode).toBe(404);
    expect((await huashe.request('PUT', `/api/v1/regions/tiles/${KEYAN}`, { payload: { cells: [] } })).statusCode).toBe(404);
    expect((await leader.request('PUT', `/api/v1/regions/tiles/${KEQIAO}`, { payload: { cells: [] } })).statusCode).toBe(403);
    // an empty list returns the map to its automatic layout
    const reset = await admin.request('PUT', `/api/v1/regions/tiles/${KEQIAO}`, { payload: { cells: [] } });
    expect(reset.json().cells.some((c: { placed: string }) => c.placed === 'user')).toBe(false);
  });

  it('lays out the counties of Zhejiang from their outlines', async () => {
    const map = (await leader.get('/api/v1/regions/tiles?layout=330000000000&level=county')).json();
    expect(map.cells).toHaveLength(90);
    expect(map.cells.filter((c: { placed: string }) => c.placed === 'centroid').length).toBeGreaterThanOrEqual(88);
  });
});
