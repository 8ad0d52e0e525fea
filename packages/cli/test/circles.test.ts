import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { analyzeAccess, DEFAULT_PRESET, importOsmNetwork } from '@gongfu/engine/circles';
import { syntheticResidents } from '../../server/src/circles/synthetic.js';
import { utf8 } from '../../server/test/fixtures.js';
import { commandFixture, run as runMain, type Result } from './cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SEED = path.join(ROOT, 'packages/server/seed/osm');

const gongfu = (args: string[], env: Record<string, string> = {}): Promise<Result> => runMain(args, env);

const fx = commandFixture('gongfu-access-');

async function sheets(file: string): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    out[ws.name] = rows;
  });
  return out;
}

describe('gongfu access (offline)', () => {
  it('writes an xlsx report from Monaco, a facility CSV and synthetic residents, matching the engine', async () => {
    const facilities = path.join(fx.tmp, 'facilities.csv');
    const rows = [
      ['名称', '类别', '经度', '纬度', '容量'],
      ['École test A', 'education', 7.4206, 43.7325, 300],
      ['Clinic test', 'health', 7.418, 43.731, null],
      ['Library test', '文化设施', 7.425, 43.737, null],
    ];
    fs.writeFileSync(facilities, utf8(rows));
    const out = path.join(fx.tmp, 'report.xlsx');
    const r = await gongfu(['access', '--network', path.join(SEED, 'monaco.osm.pbf'), '--facilities', facilities, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/4168 nodes, 5446 edges/);
    expect(r.stdout).toContain('SYNTHETIC');
    const wb = await sheets(out);
    expect(Object.keys(wb)).toEqual(['说明 about', 'coverage', 'blind_spots', 'facilities']);
    expect(String(wb['说明 about'][1][1])).toContain('synthetic');
    expect(wb.facilities.slice(1).map((x) => [x[1], x[2], x[5] ?? null])).toEqual([
      ['École test A', 'education', 300],
      ['Clinic test', 'health', null],
      ['Library test', 'culture', null],
    ]);
    // the same analysis through the engine
    const { network } = await importOsmNetwork(new Uint8Array(fs.readFileSync(path.join(SEED, 'monaco.osm.pbf'))));
    const report = analyzeAccess(
      network,
      [
        { id: 'R2', name: 'École test A', category: 'education', lon: 7.4206, lat: 43.7325 },
        { id: 'R3', name: 'Clinic test', category: 'health', lon: 7.418, lat: 43.731 },
        { id: 'R4', name: 'Library test', category: 'culture', lon: 7.425, lat: 43.737 },
      ],
      syntheticResidents(network),
      DEFAULT_PRESET,
      { regionPrefixLengths: [6, 9] },
    );
    const l15 = report.levels.find((l) => l.id === 'gb50180-15min')!;
    const cov = wb.coverage;
    expect(cov[0][0]).toBe('圈层 level');
    const edu = cov.find((x) => x[0] === 'gb50180-15min' && x[3] === '*' && x[6] === 'education')!;
    expect(edu[9]).toBe(l15.total.categories.find((c) => c.category === 'education')!.share);
    expect(edu[5]).toBe(l15.total.population);
    const full = cov.find((x) => x[0] === 'gb50180-15min' && x[3] === '*' && x[6] === '*')!;
    expect(full[9]).toBe(l15.total.fullCircleShare);
    const spots = report.levels.reduce((s, l) => s + l.blindSpots.length, 0);
    expect(wb.blind_spots.length - 1).toBe(spots);
    expect(spots).toBeGreaterThan(0);
  });

  it('writes GeoJSON (blind spots + facilities from OSM tags) for Helsinki', async () => {
    const out = path.join(fx.tmp, 'helsinki.geojson');
    const r = await gongfu([
      'access',
      '--network',
      path.join(SEED, 'helsinki.osm.pbf'),
      '--facilities',
      'osm',
      '--levels',
      'gb50180-15min',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const fc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    const kinds = fc.features.map((f: { properties: { kind: string } }) => f.properties.kind);
    expect(kinds.filter((k: string) => k === 'facility')).toHaveLength(371);
    expect(kinds.filter((k: string) => k === 'blind_spot').length).toBeGreaterThan(0);
    const spot = fc.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'blind_spot');
    expect(spot.geometry.type).toBe('Point');
    expect(spot.geometry.coordinates[0]).toBeCloseTo(24.94, 1);
    expect(spot.properties.level).toBe('gb50180-15min');
    expect(fc.gongfu).toMatchObject({ synthetic: true, residents: { synthetic: true }, facilities: { synthetic: false } });
    expect(fc.gongfu.attribution).toContain('OpenStreetMap');
    const json = path.join(fx.tmp, 'helsinki.json');
    const j = await gongfu(['access', '--network', path.join(SEED, 'helsinki.osm.pbf'), '--levels', 'gb50180-15min', '--out', json]);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(json, 'utf8')).report.levels[0].id).toBe('gb50180-15min');
  });

  it('refuses bad inputs with the code, and row and column for files', async () => {
    const cut = path.join(fx.tmp, 'cut.osm.pbf');
    const pbf = fs.readFileSync(path.join(SEED, 'monaco.osm.pbf'));
    fs.writeFileSync(cut, pbf.subarray(0, pbf.length >> 1));
    const t = await gongfu(['access', '--network', cut, '--out', path.join(fx.tmp, 'x.xlsx')]);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('PBF_TRUNCATED');
    expect(t.stderr).toMatch(/[\u4e00-\u9fff]/);
    const bad = path.join(fx.tmp, 'bad.csv');
    fs.writeFileSync(
      bad,
      utf8([
        ['名称', '类别', '经度', '纬度'],
        ['a', 'health', 7.42, 43.73],
        ['b', 'health', null, 43.73],
      ]),
    );
    const b = await gongfu([
      'access',
      '--network',
      path.join(SEED, 'monaco.osm.pbf'),
      '--facilities',
      bad,
      '--out',
      path.join(fx.tmp, 'x.xlsx'),
    ]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('INVALID_COORDINATES');
    expect(b.stderr).toMatch(/row 3 col C/);
    const fmt = await gongfu(['access', '--network', path.join(SEED, 'monaco.osm.pbf'), '--out', path.join(fx.tmp, 'x.pdf')]);
    expect(fmt.code).toBe(1);
    expect(fmt.stderr).toContain('OUT_FORMAT');
    expect(fs.existsSync(path.join(fx.tmp, 'x.xlsx'))).toBe(false);
  });
});

describe('gongfu access-demo', () => {
  it('loads the Monaco and Helsinki demos into the database, labelled synthetic', async () => {
    const r = await gongfu(['access-demo'], fx.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Monaco (OSM demo)');
    expect(r.stdout).toContain('Helsinki centre (OSM demo)');
    expect(r.stdout).toContain('SYNTHETIC');
    expect(r.stdout).toContain('OpenStreetMap');
    const again = await gongfu(['access-demo'], fx.env);
    expect(again.stdout).toContain('already loaded');
    // without the Keqiao demo the indicator catalogue is empty: the write is refused with a clear code
    const ind = await gongfu(['access-indicators', '1', '--period', '2020'], fx.env);
    expect(ind.code).toBe(1);
    expect(ind.stderr).toContain('INDICATOR_MISSING');
  });
});

describe('gongfu circles run|demo|indicators, with the old spellings as hidden aliases', () => {
  it('both spellings work; help lists only the nested one', async () => {
    const nested = path.join(fx.tmp, 'nested.json');
    const old = path.join(fx.tmp, 'old.json');
    const network = path.join(SEED, 'monaco.osm.pbf');
    const a = await gongfu(['circles', 'run', '--network', network, '--levels', 'gb50180-15min', '--out', nested]);
    expect(a.code, a.stderr).toBe(0);
    const b = await gongfu(['access', '--network', network, '--levels', 'gb50180-15min', '--out', old]);
    expect(b.code, b.stderr).toBe(0);
    const report = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { report: unknown }).report;
    expect(report(nested)).toEqual(report(old));

    const demo = await gongfu(['circles', 'demo'], fx.env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('already loaded');
    const ind = await gongfu(['circles', 'indicators', '1', '--period', '2020'], fx.env);
    expect(ind.stderr).toContain('INDICATOR_MISSING');

    const help = await gongfu(['--help']);
    expect(help.stdout).toMatch(/^\s+circles\b/m);
    expect(help.stdout).not.toMatch(/^\s+access/m);
    expect((await gongfu(['circles', '--help'])).stdout).toMatch(/run[\s\S]*demo[\s\S]*indicators/);
    expect((await gongfu(['access-demo', '--help'])).stdout).toContain('deprecated: use `gongfu circles demo`');
  });
});
