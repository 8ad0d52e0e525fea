/**
 * The 15-minute-circle module through the real app (buildApp: access control, audit check) with
 * real users per role: a planner (admin, every region) runs the pipeline; town officers of 柯岩街道
 * and 华舍街道 show the data scope; a read-only leader and a user without roles show the permissions.
 * Every write is checked for its audit row.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { analyzeAccess, DEFAULT_PRESET, importOsmNetwork, type Facility, type Resident } from '@gongfu/engine/circles';
import { gcj02ToWgs84 } from '@gongfu/engine/geo';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadDemo } from '../src/demo/load.js';
import { decodeNetwork, encodeNetwork } from '../src/circles/codec.js';
import { loadCirclesDemo } from '../src/circles/demo.js';
import { summarizeReport } from '../src/circles/service.js';
import { utf8, xlsx } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';
import { auditHead, expectAudited } from './audit-helpers.js';

const MONACO = new Uint8Array(fs.readFileSync(new URL('../seed/osm/monaco.osm.pbf', import.meta.url)));
const KEYAN = '330603002000';
const HUASHE = '330603003000';

let t: TestDb;
let app: FastifyInstance;
let planner: Client;
let keyan: Client;
let huashe: Client;
let leader: Client;
let nobody: Client;
let networkId: number;
let osmSetId: number;
let facilitySetId: number;
let residentSetId: number;
let regionResidentSetId: number;
let firstRunId: number;

const post = (url: string, body: unknown, as = planner) => as.request('POST', url, { payload: body as object });
const upload = (url: string, name: string, bytes: Uint8Array, as = planner) => as.request('POST', url, multipartFile(name, bytes));
const get = (url: string, as = planner) => as.get(url);

// Facilities placed in Monaco (WGS-84, from OSM coordinates of known places; illustrative test data).
const MONACO_FACILITIES = [
  ['编号', '名称', '类别', '经度', '纬度', '容量'],
  ['S1', 'École test A', 'education', 7.4206, 43.7325, 300],
  ['S2', 'École test B', '教育（幼儿园、中小学）', 7.4275, 43.74, 200],
  ['H1', 'Clinic test', 'health', 7.418, 43.731, null],
  ['C1', 'Library test', 'culture', 7.425, 43.737, null],
  ['P1', 'Sports test', 'sports', 7.416, 43.729, null],
];

beforeAll(async () => {
  t = await testDb();
  const db = t.store.db;
  await loadDemo(db, { today: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig({ importMaxBytes: 2 * 1024 * 1024 }) });
  await makeUser(db, 'planner', ['admin']);
  await makeUser(db, 'keyan', ['town_officer'], KEYAN);
  await makeUser(db, 'huashe', ['town_officer'], HUASHE);
  await makeUser(db, 'leader', ['leader']);
  await makeUser(db, 'nobody', [], HUASHE);
  [planner, keyan, huashe, leader, nobody] = await Promise.all(
    ['planner', 'keyan', 'huashe', 'leader', 'nobody'].map((u) => signIn(app, u)),
  );
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('access: networks', () => {
  it('uploads the Monaco extract and returns the network summary', async () => {
    const res = await upload('/api/v1/access/networks?mode=walking', 'monaco.osm.pbf', MONACO);
    expect(res.statusCode, res.body).toBe(201);
    const n = res.json();
    networkId = n.id;
    const audit = await expectAudited(t.store.db, {
      action: 'circles.network.import',
      actor: 'planner',
      target: `access_network:${networkId}`,
    });
    expect(audit.after).toMatchObject({
      fileName: 'monaco.osm.pbf',
      fileBytes: MONACO.length,
      mode: 'walking',
      nodes: 4168,
      edges: 5446,
      osmFacilities: 111,
    });
    expect(n).toMatchObject({ name: 'monaco', mode: 'walking', fileBytes: MONACO.length, synthetic: false, osmFacilityCount: 111 });
    expect(n.source).toContain('OpenStreetMap');
    expect(n.summary).toMatchObject({ nodes: 4168, edges: 5446, components: 26, read: { nodes: 14286, ways: 3346, relations: 46 } });
    expect(n.graphBytes).toBeGreaterThan(1000);
    const list = (await get('/api/v1/access/networks')).json().items;
    expect(list.map((x: { id: number }) => x.id)).toContain(networkId);
    const geo = (await get(`/api/v1/access/networks/${networkId}/geojson`)).json();
    expect(geo.features).toHaveLength(5446);
  });

  it('applies the data scope: a town officer sees no network outside the town', async () => {
    expect((await get('/api/v1/access/networks', huashe)).json().items).toEqual([]);
    expect((await get(`/api/v1/access/networks/${networkId}`, huashe)).statusCode).toBe(404);
    const run = await post('/api/v1/access/runs', { networkId, facilitySetId: 1, residentSetId: 1 }, huashe);
    expect(run.statusCode).toBe(404);
  });

  it('needs data:import to store and data:read to read', async () => {
    const denied = await upload('/api/v1/access/networks', 'monaco.osm.pbf', MONACO, leader);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    expect((await get('/api/v1/access/networks', leader)).json().items.map((x: { id: number }) => x.id)).toContain(networkId);
    expect((await get('/api/v1/access/networks', nobody)).statusCode).toBe(403);
    expect((await post('/api/v1/access/what-if', { networkId, facilitySetId: 1, residentSetId: 1 }, nobody)).statusCode).toBe(403);
  });

  it('stores the network compactly and decodes it exactly', async () => {
    const { network } = await importOsmNetwork(MONACO);
    const back = decodeNetwork(encodeNetwork(network));
    for (const k of [
      'nodeLon',
      'nodeLat',
      'edgeFrom',
      'edgeTo',
      'edgeTimeFwd',
      'edgeTimeBwd',
      'geomLon',
      'inOffset',
      'inFrom',
      'inCost',
    ] as const) {
      expect(Buffer.from(back[k].buffer).equals(Buffer.from(network[k].buffer)), k).toBe(true);
    }
    expect(back.mode).toBe(network.mode);
    expect(back.offNetworkSpeedMps).toBeCloseTo(network.offNetworkSpeedMps, 12);
  });

  it('rejects truncated PBF, non-OSM files and road-less extracts with the engine’s codes', async () => {
    const truncated = await upload('/api/v1/access/networks', 'cut.osm.pbf', MONACO.slice(0, Math.floor(MONACO.length / 2)));
    expect(truncated.statusCode).toBe(422);
    expect(truncated.json().error).toMatchObject({
      code: 'PBF_TRUNCATED',
      message: { zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) },
    });
    const png = await upload(
      '/api/v1/access/networks',
      'map.osm.pbf',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
    );
    expect(png.json().error.code).toBe('NOT_OSM');
    const html = await upload('/api/v1/access/networks', 'x.osm', new TextEncoder().encode('<html><body>hi</body></html>'));
    expect(html.json().error.code).toBe('NOT_OSM');
    const empty = await upload(
      '/api/v1/access/networks',
      'empty.osm',
      new TextEncoder().encode('<osm version="0.6"><node id="1" lat="30" lon="120"/></osm>'),
    );
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.code).toBe('EMPTY_NETWORK');
    const none = await upload('/api/v1/access/networks', 'zero.osm.pbf', new Uint8Array(0));
    expect(none.json().error.code).toBe('FILE_EMPTY');
  });
});

describe('access: facilities and residents', () => {
  it('takes facilities from the OSM tags of the extract', async () => {
    const res = await post(`/api/v1/access/networks/${networkId}/facility-sets`, {});
    expect(res.statusCode, res.body).toBe(201);
    osmSetId = res.json().id;
    expect(res.json()).toMatchObject({ kind: 'facility', itemCount: 111, networkId, sourceDatum: 'wgs84', synthetic: false });
    const audit = await expectAudited(t.store.db, {
      action: 'circles.facility_set.from_osm',
      actor: 'planner',
      target: `access_facility_set:${osmSetId}`,
    });
    expect(audit.after).toMatchObject({ networkId, count: 111 });
    const items = (await get(`/api/v1/access/facility-sets/${osmSetId}`)).json().items;
    expect(items.every((f: { category: string }) => f.category === 'public_transport')).toBe(true);
    expect(items.find((f: { id: string }) => f.id === 'n2185515264')).toMatchObject({
      name: 'Stade Nautique',
      tag: 'highway=bus_stop',
      lon: 7.4216692,
      lat: 43.7338517,
    });
    const since = await auditHead(t.store.db);
    const none = await post(`/api/v1/access/networks/${networkId}/facility-sets`, { categories: ['health'] });
    expect(none.json().error.code).toBe('NO_FACILITIES');
    expect(await auditHead(t.store.db)).toBe(since); // a refused write leaves no audit row
  });

  it('imports facilities from a GCJ-02 CSV and converts them to WGS-84', async () => {
    // Keqiao (inside China, where GCJ-02 differs from WGS-84 by a few hundred metres)
    const rows = [
      ['name', 'category', 'lon', 'lat', 'capacity', 'region_code'],
      ['柯桥街道文化中心', 'culture', 120.4921, 30.0876, 1000, '330603001000'],
      ['华舍卫生院', 'health', 120.4312, 30.0951, null, '330603003000'],
    ];
    const res = await upload('/api/v1/access/facility-sets?datum=gcj02&name=keqiao-test', 'keqiao.csv', utf8(rows));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ sourceDatum: 'gcj02', itemCount: 2, name: 'keqiao-test' });
    const audit = await expectAudited(t.store.db, {
      action: 'circles.facility_set.import',
      actor: 'planner',
      target: `access_facility_set:${res.json().id}`,
    });
    expect(audit.after).toMatchObject({ name: 'keqiao-test', source: 'keqiao.csv', sourceDatum: 'gcj02', count: 2 });
    const items = (await get(`/api/v1/access/facility-sets/${res.json().id}`)).json().items;
    const a = items.find((f: { id: string }) => f.id === 'R2');
    const [lon, lat] = gcj02ToWgs84(120.4921, 30.0876);
    expect(a.lon).toBeCloseTo(lon, 9);
    expect(a.lat).toBeCloseTo(lat, 9);
    expect(120.4921 - a.lon).toBeGreaterThan(0.003); // really shifted
    expect(a).toMatchObject({ name: '柯桥街道文化中心', capacity: 1000, region: '330603001000' });
  });

  it('imports Monaco facilities from xlsx (category by id or Chinese name) and residents', async () => {
    const res = await upload('/api/v1/access/facility-sets?name=monaco-test', 'monaco.xlsx', await xlsx({ 设施: MONACO_FACILITIES }));
    expect(res.statusCode, res.body).toBe(201);
    facilitySetId = res.json().id;
    const items = (await get(`/api/v1/access/facility-sets/${facilitySetId}`)).json().items;
    expect(items.find((f: { id: string }) => f.id === 'S2').category).toBe('education');
    const syn = await post(`/api/v1/access/networks/${networkId}/resident-sets/synthetic`, {});
    expect(syn.statusCode, syn.body).toBe(201);
    residentSetId = syn.json().id;
    expect(syn.json()).toMatchObject({ kind: 'resident', synthetic: true, itemCount: 4168 });
    expect(syn.json().totalPopulation).toBeGreaterThan(30000);
    await expectAudited(t.store.db, {
      action: 'circles.resident_set.synthetic',
      actor: 'planner',
      target: `access_resident_set:${residentSetId}`,
    });
    // residents with Keqiao village codes on Monaco coordinates: synthetic test data for the indicator write
    const villages = ['330603001001', '330603001002', '330603003001'];
    const rows: (string | number)[][] = [['id', 'lon', 'lat', 'population', 'region']];
    for (let i = 0; i < 60; i++)
      rows.push([`P${i}`, 7.41 + (i % 10) * 0.003, 43.726 + Math.floor(i / 10) * 0.004, 100 + i, villages[i % 3]]);
    const rr = await upload('/api/v1/access/resident-sets?synthetic=true&name=regions-test', 'residents.csv', utf8(rows));
    expect(rr.statusCode, rr.body).toBe(201);
    regionResidentSetId = rr.json().id;
    expect(rr.json()).toMatchObject({ itemCount: 60, synthetic: true });
    const audit = await expectAudited(t.store.db, {
      action: 'circles.resident_set.import',
      actor: 'planner',
      target: `access_resident_set:${regionResidentSetId}`,
    });
    expect(audit.after).toMatchObject({ name: 'regions-test', synthetic: true, count: 60 });
  });

  it('keeps a town’s sets from officers of another town', async () => {
    const rows = [
      ['name', 'category', 'lon', 'lat'],
      ['柯岩卫生院', 'health', 120.47, 30.07],
    ];
    const mine = await upload(`/api/v1/access/facility-sets?regionCode=${KEYAN}&name=keyan-clinics`, 'keyan.csv', utf8(rows), keyan);
    expect(mine.statusCode, mine.body).toBe(201);
    await expectAudited(t.store.db, {
      action: 'circles.facility_set.import',
      actor: 'keyan',
      target: `access_facility_set:${mine.json().id}`,
    });
    expect((await get('/api/v1/access/facility-sets', keyan)).json().items.map((x: { id: number }) => x.id)).toEqual([mine.json().id]);
    expect((await get('/api/v1/access/facility-sets', huashe)).json().items).toEqual([]);
    expect((await get(`/api/v1/access/facility-sets/${mine.json().id}`, huashe)).statusCode).toBe(404);
    expect((await get('/api/v1/access/facility-sets', planner)).json().items.map((x: { id: number }) => x.id)).toContain(mine.json().id);
    // nor may an officer store data in another town's name
    const foreign = await upload(`/api/v1/access/facility-sets?regionCode=${KEYAN}`, 'x.csv', utf8(rows), huashe);
    expect(foreign.statusCode).toBe(404);
  });

  it('reports bad facility rows with row, column and the engine’s codes', async () => {
    const header = ['名称', '类别', '经度', '纬度'];
    const missing = await upload(
      '/api/v1/access/facility-sets',
      'f.csv',
      utf8([header, ['a', 'health', 7.42, 43.73], ['b', 'health', null, 43.73]]),
    );
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('INVALID_COORDINATES');
    expect(missing.json().error.details.issues).toEqual([expect.objectContaining({ row: 3, column: 'C', code: 'INVALID_COORDINATES' })]);
    expect(missing.json().error.message.zh).toContain('第 3 行');
    const range = await upload('/api/v1/access/facility-sets', 'f.csv', utf8([header, ['a', 'health', 7.42, 95.5]]));
    expect(range.json().error.code).toBe('INVALID_COORDINATES');
    expect(range.json().error.details.issues[0]).toMatchObject({ row: 2, column: 'D' });
    const unknown = await upload(
      '/api/v1/access/facility-sets',
      'f.csv',
      utf8([header, ['a', 'health', 7.42, 43.73], ['b', 'spaceport', 7.42, 43.73]]),
    );
    expect(unknown.json().error.code).toBe('UNKNOWN_CATEGORY');
    expect(unknown.json().error.details.issues[0]).toMatchObject({ row: 3, column: 'B' });
    const noLat = await upload(
      '/api/v1/access/facility-sets',
      'f.csv',
      utf8([
        ['名称', '类别', '经度'],
        ['a', 'health', 7.42],
      ]),
    );
    expect(noLat.json().error.code).toBe('COLUMN_MISSING');
    const geo = await upload(
      '/api/v1/access/facility-sets',
      'f.geojson',
      Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { name: 'x', category: 'health' }, geometry: { type: 'Point', coordinates: [200, 43] } },
          ],
        }),
      ),
    );
    expect(geo.json().error.code).toBe('INVALID_COORDINATES');
    expect(geo.json().error.details.issues[0]).toMatchObject({ row: 1, column: 'geometry' });
    const pop = await upload(
      '/api/v1/access/resident-sets',
      'r.csv',
      utf8([
        ['lon', 'lat', 'population'],
        [7.42, 43.73, 'many'],
      ]),
    );
    expect(pop.json().error.code).toBe('INVALID_INPUT');
    expect(pop.json().error.details.issues[0]).toMatchObject({ row: 2, column: 'C' });
  });
});

describe('access: analysis', () => {
  let engineInputs: { facilities: Facility[]; residents: Resident[] };

  beforeAll(async () => {
    const f = (await get(`/api/v1/access/facility-sets/${facilitySetId}`)).json().items;
    const r = (await get(`/api/v1/access/resident-sets/${residentSetId}`)).json().items;
    engineInputs = {
      facilities: f.map((x: Facility) => ({ id: x.id, category: x.category, lon: x.lon, lat: x.lat, name: x.name })),
      residents: r,
    };
  });

  it('coverage numbers equal the engine’s analyzeAccess on the same inputs', async () => {
    const res = await post('/api/v1/access/runs', { networkId, facilitySetId, residentSetId });
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    firstRunId = run.id;
    const audit = await expectAudited(t.store.db, { action: 'circles.run', actor: 'planner', target: `access_run:${run.id}` });
    expect(audit.after).toMatchObject({ networkId, facilitySetId, residentSetId, residents: 4168, synthetic: true });
    expect(run.synthetic).toBe(true); // synthetic residents
    const { network } = await importOsmNetwork(MONACO);
    const expected = analyzeAccess(network, engineInputs.facilities, engineInputs.residents, DEFAULT_PRESET, {
      regionPrefixLengths: [6, 9],
    });
    expect(run.report).toEqual(JSON.parse(JSON.stringify(summarizeReport(expected))));
    const level = run.report.levels.find((l: { id: string }) => l.id === 'gb50180-15min');
    expect(level.total.fullCircleShare).toBeGreaterThanOrEqual(0);
    expect(level.total.categories.find((c: { category: string }) => c.category === 'education').share).toBeGreaterThan(0.2);
    const residents = (await get(`/api/v1/access/runs/${run.id}/residents`)).json();
    expect(residents.items).toHaveLength(4168);
    expect(residents).toEqual(JSON.parse(JSON.stringify({ categories: expected.categories, items: expected.residents })));
    const spots = (await get(`/api/v1/access/runs/${run.id}/blind-spots?level=gb50180-15min&category=health`)).json();
    expect(spots.features.length).toBeGreaterThan(0);
    expect(
      spots.features.every(
        (f: { properties: { category: string; synthetic: boolean } }) => f.properties.category === 'health' && f.properties.synthetic,
      ),
    ).toBe(true);
    // runs are immutable
    await expect(t.store.db.execute(sql`update access_run set note = 'x' where id = ${run.id}`)).rejects.toThrow();
    expect((await get('/api/v1/access/runs')).json().items.map((x: { id: number }) => x.id)).toContain(run.id);
    // a page of the runs of these sets, newest first, with their total; other sets' runs are not counted
    const mine = (
      await get(`/api/v1/access/runs?network=${networkId}&facilitySet=${facilitySetId}&residentSet=${residentSetId}&pageSize=1`)
    ).json();
    expect(mine.items.map((x: { id: number }) => x.id)).toEqual([run.id]);
    const all = (await get('/api/v1/access/runs?pageSize=10000')).json();
    expect(all.total).toBe(all.items.length);
    expect(mine.total).toBe(
      all.items.filter(
        (x: { networkId: number; facilitySetId: number; residentSetId: number }) =>
          x.networkId === networkId && x.facilitySetId === facilitySetId && x.residentSetId === residentSetId,
      ).length,
    );
    const ids = all.items.map((x: { id: number }) => x.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('an edited preset changes the thresholds; a bad preset is refused', async () => {
    const preset = structuredClone(DEFAULT_PRESET);
    preset.levels = [{ ...preset.levels.find((l) => l.id === 'gb50180-15min')!, thresholds: [{ category: 'health', meters: 3000 }] }];
    const res = await post('/api/v1/access/runs', { networkId, facilitySetId, residentSetId, preset });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().report.levels).toHaveLength(1);
    expect(res.json().report.levels[0].total.categories[0]).toMatchObject({ category: 'health' });
    expect(res.json().report.levels[0].total.categories[0].share).toBeGreaterThan(0.9);
    const bad = await post('/api/v1/access/runs', { networkId, facilitySetId, residentSetId, preset: { version: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_PRESET');
    const level = await post('/api/v1/access/runs', { networkId, facilitySetId, residentSetId, levels: ['nope'] });
    expect(level.json().error.code).toBe('UNKNOWN_LEVEL');
  });

  it('what-if: adding a clinic raises health coverage; nothing is stored', async () => {
    const runsBefore = (await get('/api/v1/access/runs')).json().items.length;
    const auditBefore = await auditHead(t.store.db);
    const res = await post('/api/v1/access/what-if', {
      networkId,
      facilitySetId,
      residentSetId,
      levels: ['gb50180-15min'],
      add: [{ id: 'NEW1', category: 'health', lon: 7.4275, lat: 43.74 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json();
    const share = (side: 'before' | 'after') => w[side][0].categories.find((c: { category: string }) => c.category === 'health').share;
    expect(share('after')).toBeGreaterThan(share('before'));
    expect(w.deltas.find((d: { region: string; category: string }) => d.region === '*' && d.category === 'health').change).toBeGreaterThan(
      0,
    );
    const closed = await post('/api/v1/access/what-if', {
      networkId,
      facilitySetId,
      residentSetId,
      close: ['H1'],
      levels: ['gb50180-15min'],
    });
    expect(closed.json().after[0].categories.find((c: { category: string }) => c.category === 'health').share).toBe(0);
    const bad = await post('/api/v1/access/what-if', { networkId, facilitySetId, residentSetId, close: ['NOPE'] });
    expect(bad.json().error.code).toBe('INVALID_INPUT');
    expect((await get('/api/v1/access/runs')).json().items.length).toBe(runsBefore);
    expect(await auditHead(t.store.db)).toBe(auditBefore);
  });

  it('suggests sites and draws isochrones', async () => {
    const s = await post('/api/v1/access/site-suggestions', {
      networkId,
      facilitySetId,
      residentSetId,
      category: 'health',
      k: 2,
      maxCandidates: 300,
    });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().picks.length).toBeGreaterThan(0);
    expect(s.json().picks[0].gain).toBeGreaterThan(0);
    expect(s.json().thresholdFrom).toBe('gb50180-15min: 1000 m');
    const iso = await post('/api/v1/access/isochrones', { networkId, facilitySetId, facilityId: 'H1', minutes: [5, 10] });
    expect(iso.statusCode, iso.body).toBe(200);
    expect(iso.json().features).toHaveLength(2);
    expect(iso.json().features[1].geometry.type).toBe('MultiPolygon');
    const missing = await post('/api/v1/access/isochrones', { networkId });
    expect(missing.json().error.code).toBe('POINT_MISSING');
  });

  it('writes 15分钟公共服务圈覆盖率 per region as observations with provenance and the synthetic flag', async () => {
    // the 15-minute level limited to education and health, which the test facilities provide
    const preset = structuredClone(DEFAULT_PRESET);
    const l15 = preset.levels.find((l) => l.id === 'gb50180-15min')!;
    l15.thresholds = l15.thresholds.filter((x) => x.category === 'education' || x.category === 'health');
    const run = (await post('/api/v1/access/runs', { networkId, facilitySetId, residentSetId: regionResidentSetId, preset })).json();
    const res = await post(`/api/v1/access/runs/${run.id}/indicators`, { period: '2020' });
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json();
    expect(w).toMatchObject({ indicator: 'SERVICE_CIRCLE_COVERAGE', period: '2020', level: 'gb50180-15min', synthetic: true, inserted: 3 });
    await expectAudited(t.store.db, { action: 'circles.indicators', actor: 'planner', target: `batch:${w.batchId}` });
    // district (prefix 330603 → 330603000000) and two towns (prefix 9); the demo has no village subjects
    expect(w.values.map((v: { regionCode: string }) => v.regionCode)).toEqual(['330603000000', '330603001000', '330603003000']);
    expect(w.unmatched).toEqual(['330603001001', '330603001002', '330603003001']);
    expect(w.values.some((v: { value: number }) => v.value > 0)).toBe(true);
    const level = run.report.levels.find((l: { id: string }) => l.id === 'gb50180-15min');
    const town = level.regions.find((r: { region: string }) => r.region === '330603001');
    const [mine] = (
      (await t.store.db.execute(sql`
      select o.value, o.source, o.batch_id as "batchId", b.synthetic, b.file_name as "fileName"
      from observation o join subject s on s.id = o.subject_id join import_batch b on b.id = o.batch_id
      where o.is_current and o.indicator_code = 'SERVICE_CIRCLE_COVERAGE' and o.period = '2020' and s.code = '330603001000'`)) as unknown as {
        rows: { value: number; source: string; batchId: number; synthetic: boolean; fileName: string }[];
      }
    ).rows;
    expect(mine.value).toBeCloseTo(town.fullCircleShare * 100, 6);
    expect(mine.synthetic).toBe(true);
    expect(Number(mine.batchId)).toBe(w.batchId);
    expect(mine.fileName).toBe(`access-run-${run.id}`);
    expect(mine.source).toContain(`#${run.id}`);
    const again = (await post(`/api/v1/access/runs/${run.id}/indicators`, { period: '2020' })).json();
    expect(again).toMatchObject({ inserted: 0, unchanged: w.inserted, batchId: null });
    const none = await post(`/api/v1/access/runs/${firstRunId}/indicators`, { period: '2020' });
    expect(none.json().error.code).toBe('NO_MATCHING_REGIONS');
  });

  it('OpenAPI document stays valid with the access routes', async () => {
    const doc = (await get('/api/openapi.json')).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/access/networks', '/api/v1/access/runs', '/api/v1/access/what-if']),
    );
  });
});

describe('access: demo', () => {
  it('loads Monaco and Helsinki with OSM facilities and labelled synthetic residents; twice changes nothing', async () => {
    const items = await loadCirclesDemo(t.store.db);
    expect(items.map((i) => i.name)).toEqual(['Monaco (OSM demo)', 'Helsinki centre (OSM demo)']);
    expect(items[1].facilities).toBe(371);
    expect(items.every((i) => i.synthetic && !i.reused)).toBe(true);
    const again = await loadCirclesDemo(t.store.db);
    expect(again.every((i) => i.reused)).toBe(true);
    expect(again.map((i) => i.runId)).toEqual(items.map((i) => i.runId));
  });
});
