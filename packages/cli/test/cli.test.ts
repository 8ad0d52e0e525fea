import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { postgresUrl } from '../../server/test/helpers.js';
import { utf8 } from '../../server/test/fixtures.js';
import { commandFixture, gongfu, run, waitForOutput } from './cli.js';
import { gbk, writeShapefileZip } from '../../engine/test/geo/shapefile-writer.js';

const fx = commandFixture('gongfu-cli-');

describe('gongfu command', () => {
  it('migrates, loads the demo and reports unmatched outline codes', async () => {
    expect((await run(['db', 'migrate'], fx.env)).stdout).toContain('0001_core.sql');
    const demo = await run(['demo'], fx.env);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('330103000000');
    expect(demo.stdout).toMatch(/synthetic values: \+\d+/);
  });

  it('loads uploaded outlines and reports features whose code matches no region', async () => {
    const file = path.join(fx.tmp, 'outlines.geojson');
    const square = (x: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x, 30],
          [x + 0.01, 30],
          [x + 0.01, 30.01],
          [x, 30],
        ],
      ],
    });
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: '330603003000', name: '华舍街道' }, geometry: square(120.4) },
          { type: 'Feature', properties: { adcode: 330699, name: '不存在' }, geometry: square(120.5) },
        ],
      }),
    );
    const res = await run(['boundaries', file, '--datum', 'gcj02', '--source', '测试'], fx.env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('outlines stored: 1');
    expect(res.stdout).toMatch(/unmatched: feature 1 code 330699000000 不存在 \(unknown_code\)/);
  });

  it('previews a zipped shapefile with its .prj and GBK names, storing nothing', async () => {
    const file = path.join(fx.tmp, 'towns.zip');
    const ring = [
      [120.4, 30.0],
      [120.4, 30.1],
      [120.5, 30.1],
      [120.5, 30.0],
      [120.4, 30.0],
    ];
    fs.writeFileSync(
      file,
      writeShapefileZip(
        [
          { ring, props: { XZQDM: '330603001000', XZQMC: '柯桥街道' } },
          { ring, props: { XZQDM: '330603998000', XZQMC: '柯桥' } },
        ],
        { encode: gbk, prj: 'GEOGCS["GCS_WGS_1984"]' },
      ),
    );
    const res = await run(['boundaries', file, '--datum', 'auto', '--source', '测试', '--dry-run'], fx.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('outlines matched (dry run, nothing stored): 1 (wgs84, prj');
    expect(res.stdout).toMatch(/unmatched: feature 1 code 330603998000 柯桥 \(unknown_code\)/);
  });

  it('imports a file, refuses a bad one with row and column and a non-zero exit, and exports', async () => {
    const good = path.join(fx.tmp, 'good.csv');
    fs.writeFileSync(
      good,
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        ['330603001000', 'INCOME_PC', '2013', '39000'],
      ]),
    );
    const ok = await run(['import', good, '--source', '测试来源'], fx.env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/new 1, revised 0/);
    const bad = path.join(fx.tmp, 'bad.csv');
    fs.writeFileSync(
      bad,
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        ['330603001000', 'INCOME_PC', '2013', 'n/a?'],
      ]),
    );
    const failed = await run(['import', bad], fx.env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('IMPORT_INVALID');
    expect(failed.stderr).toMatch(/row 2 col D\s+NOT_A_NUMBER/);
    const out = path.join(fx.tmp, 'out.xlsx');
    const exported = await run(['export', '--out', out, '--indicator', 'INCOME_PC', '--region', '330603001000', '--lang', 'en'], fx.env);
    expect(exported.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0][0]).toBe('subject_code');
    expect(rows.find((r) => r[4] === '2013')).toEqual(expect.arrayContaining(['330603001000', 'INCOME_PC', 39000, '测试来源']));
  });

  it('backs up and restores through the command line', async () => {
    const file = path.join(fx.tmp, 'all.gongfu.gz');
    const b = await run(['db', 'backup', file], fx.env);
    expect(b.code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    const refused = await run(['db', 'restore', file], fx.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    const r = await run(['db', 'restore', file, '--yes'], fx.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/restored: \d+ tables/);
  });

  it('serves HTTP and shuts down cleanly on SIGTERM, releasing the data folder', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const child = gongfu(['serve', '--port', port, '--host', '127.0.0.1'], fx.env);
    await waitForOutput(child, /running: http/);
    const health = await (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).json();
    expect(health.status).toBe('ok');
    if (!postgresUrl) {
      // a second process on the same folder is refused while the server runs
      const second = await run(['db', 'migrate'], fx.env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('DB_LOCKED');
    }
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('closed cleanly');
    if (!postgresUrl) expect(fs.existsSync(path.join(fx.env.GONGFU_DATA, 'gongfu.lock'))).toBe(false);
  });
});
