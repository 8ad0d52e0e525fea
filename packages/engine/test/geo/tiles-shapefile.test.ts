import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datumOfPrj, fitDatum, readShapefileZip, tileLayout, wgs84ToGcj02, type ShapefileError } from '@gongfu/engine/geo';
import { gbk, writeShapefileZip } from './shapefile-writer';

describe('tileLayout', () => {
  it('fills a default grid ⌈√n⌉ wide in code order', () => {
    const cells = tileLayout(['c', 'a', 'e', 'b', 'd'].map((code) => ({ code })));
    expect(cells.map((c) => [c.code, c.col, c.row, c.placed])).toEqual([
      ['c', 2, 0, 'default'],
      ['a', 0, 0, 'default'],
      ['e', 1, 1, 'default'],
      ['b', 1, 0, 'default'],
      ['d', 0, 1, 'default'],
    ]);
  });

  it('keeps the relative position of centroids: west stays left, north stays up', () => {
    const cells = tileLayout([
      { code: 'w', point: [120.3, 30.0] },
      { code: 'e', point: [120.7, 30.0] },
      { code: 'n', point: [120.5, 30.2] },
      { code: 's', point: [120.5, 29.8] },
    ]);
    const at = Object.fromEntries(cells.map((c) => [c.code, c]));
    expect(at.w.col).toBeLessThan(at.e.col);
    expect(at.n.row).toBeLessThan(at.s.row);
    expect(cells.every((c) => c.placed === 'centroid')).toBe(true);
    expect(new Set(cells.map((c) => `${c.col},${c.row}`)).size).toBe(4);
  });

  it('puts cells the user placed where they were put and the others on free cells', () => {
    const cells = tileLayout([{ code: 'a', fixed: { col: 0, row: 0 } }, { code: 'b' }, { code: 'c', fixed: { col: 1, row: 0 } }]);
    expect(cells).toEqual([
      { code: 'a', col: 0, row: 0, placed: 'user' },
      { code: 'b', col: 0, row: 1, placed: 'default' },
      { code: 'c', col: 1, row: 0, placed: 'user' },
    ]);
  });

  it('keeps the grid small when the centroids lie on one parallel or meridian', () => {
    for (const points of [
      [
        [120.45, 30.05],
        [120.55, 30.05],
      ],
      [
        [120.5, 30.0],
        [120.5, 30.3],
      ],
    ] as const) {
      const cells = tileLayout([
        { code: 'a', point: points[0] },
        { code: 'b', point: points[1] },
        ...['c', 'd', 'e'].map((code) => ({ code })),
      ]);
      expect(Math.max(...cells.map((c) => c.col))).toBeLessThan(5);
      expect(Math.max(...cells.map((c) => c.row))).toBeLessThan(5);
    }
  });

  it('never puts two cells on one square, even with equal centroids', () => {
    const cells = tileLayout(Array.from({ length: 20 }, (_, i) => ({ code: String(i).padStart(2, '0'), point: [120.5, 30] as const })));
    expect(new Set(cells.map((c) => `${c.col},${c.row}`)).size).toBe(20);
  });
});

const square = (x: number, y: number, d = 0.1) => [
  [x, y],
  [x, y + d],
  [x + d, y + d],
  [x + d, y],
  [x, y],
]; // clockwise

describe('readShapefileZip', () => {
  it('reads polygons and UTF-8 attributes, winding rings as GeoJSON does', () => {
    const zip = writeShapefileZip(
      [
        { ring: square(120.4, 30.0), props: { code: '330603001000', name: '柯桥街道' } },
        { ring: square(120.6, 30.0), props: { code: '330603999000', name: '不存在镇' } },
      ],
      { cpg: 'UTF-8', prj: 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]' },
    );
    const [layer] = readShapefileZip(zip);
    expect(layer.encoding).toBe('utf-8');
    expect(layer.collection.features.map((f) => f.properties)).toEqual([
      { code: '330603001000', name: '柯桥街道' },
      { code: '330603999000', name: '不存在镇' },
    ]);
    const ring = (layer.collection.features[0].geometry!.coordinates as number[][][])[0];
    expect(ring[1]).toEqual([120.5, 30.0]); // counter-clockwise now
    expect(datumOfPrj(layer.prj)).toEqual({ datum: 'wgs84' });
  });

  it('decodes GBK names with a .cpg saying 936, and guesses GBK without one', () => {
    const feature = { ring: square(120.4, 30.0), props: { NAME: '柯桥街道', CODE: '330603001000' } };
    for (const cpg of ['936', null]) {
      const [layer] = readShapefileZip(writeShapefileZip([feature], { cpg, encode: gbk }));
      expect(layer.collection.features[0].properties).toEqual({ NAME: '柯桥街道', CODE: '330603001000' });
      expect(layer.encoding).toBe('gbk');
    }
  });

  it('makes a counter-clockwise ring a hole of the outer ring holding it, and two outer rings a MultiPolygon', () => {
    const hole = [...square(120.42, 30.02, 0.02)].reverse();
    const [layer] = readShapefileZip(
      writeShapefileZip([
        { rings: [square(120.4, 30.0), hole], props: { code: 'a' } },
        { rings: [square(120.4, 30.0), square(120.8, 30.0)], props: { code: 'b' } },
      ]),
    );
    const [a, b] = layer.collection.features.map((f) => f.geometry!);
    expect(a.type).toBe('Polygon');
    expect((a.coordinates as unknown[]).length).toBe(2);
    expect(b.type).toBe('MultiPolygon');
    expect((b.coordinates as unknown[]).length).toBe(2);
  });

  it('reads points (centroids)', () => {
    const [layer] = readShapefileZip(writeShapefileZip([{ point: [120.5, 30.1], props: { code: '330603001000' } }]));
    expect(layer.collection.features[0].geometry).toEqual({ type: 'Point', coordinates: [120.5, 30.1] });
  });

  it('names the file and record of a broken shape', () => {
    const zip = writeShapefileZip([{ ring: square(120.4, 30.0), props: { code: '1' } }]);
    expect(() => readShapefileZip(new Uint8Array([1, 2, 3]))).toThrow(/not a valid zip/);
    const files = unzipSync(zip);
    const shp = files['towns.shp'];
    new DataView(shp.buffer, shp.byteOffset).setInt32(100 + 4, 9999, false); // record 1 claims to be huge
    try {
      readShapefileZip(zipSync(files));
      expect.unreachable();
    } catch (e) {
      expect((e as ShapefileError).code).toBe('SHAPEFILE_INVALID');
      expect((e as ShapefileError).zh).toContain('towns.shp 第 1 条记录');
    }
    delete files['towns.dbf'];
    expect(() => readShapefileZip(zipSync(files))).toThrow(/towns\.shp has no towns\.dbf/);
  });

  it('tells projected .prj files from geographic ones', () => {
    expect(datumOfPrj('PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]]')).toEqual({
      projected: 'CGCS2000_3_Degree_GK_CM_120E',
    });
    expect(datumOfPrj('GEOGCS["China Geodetic Coordinate System 2000"]')).toEqual({ datum: 'wgs84' });
    expect(datumOfPrj('GEOGCS["Beijing 1954"]')).toBeNull();
  });
});

describe('fitDatum', () => {
  const wgs = [120.4, 29.9, 120.7, 30.2];
  it('recognises GCJ-02 coordinates against a stored WGS-84 outline', () => {
    const [a, b] = wgs84ToGcj02(wgs[0], wgs[1]);
    const [c, d] = wgs84ToGcj02(wgs[2], wgs[3]);
    const fit = fitDatum([a, b, c, d], wgs);
    expect(fit.datum).toBe('gcj02');
    expect(fit.metres.gcj02).toBeLessThan(1);
    expect(fit.metres.wgs84).toBeGreaterThan(300);
    expect(fitDatum(wgs, wgs).datum).toBe('wgs84');
  });
  it('is undecided when nothing fits', () => {
    expect(fitDatum([121, 30.5, 121.3, 30.8], wgs).datum).toBeNull();
  });
});
