/** A minimal shapefile writer for tests: polygons (one ring each) or points, text and number fields, zipped. */
import { zipSync } from 'fflate';

export interface ShapeFixture {
  /** one outer ring (clockwise, as shapefiles store them) or a point */
  ring?: number[][];
  /** several rings of one shape (outer rings clockwise, holes counter-clockwise) */
  rings?: number[][][];
  point?: number[];
  props: Record<string, string | number>;
}

export function writeShapefileZip(
  features: ShapeFixture[],
  opts: { name?: string; encoding?: 'utf-8' | 'gbk'; cpg?: string | null; prj?: string | null; encode?: (s: string) => Uint8Array } = {},
): Uint8Array {
  const name = opts.name ?? 'towns';
  const records = features.map((f) => {
    if (f.point) {
      const b = new DataView(new ArrayBuffer(20));
      b.setInt32(0, 1, true);
      b.setFloat64(4, f.point[0], true);
      b.setFloat64(12, f.point[1], true);
      return new Uint8Array(b.buffer);
    }
    const rings = f.rings ?? [f.ring!];
    const ring = rings.flat();
    const b = new DataView(new ArrayBuffer(44 + 4 * rings.length + 16 * ring.length));
    b.setInt32(0, 5, true);
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.setFloat64(4 + 8 * i, v, true));
    b.setInt32(36, rings.length, true);
    b.setInt32(40, ring.length, true);
    let start = 0;
    rings.forEach((r, i) => {
      b.setInt32(44 + 4 * i, start, true);
      start += r.length;
    });
    const pointsAt = 44 + 4 * rings.length;
    ring.forEach((p, i) => {
      b.setFloat64(pointsAt + 16 * i, p[0], true);
      b.setFloat64(pointsAt + 8 + 16 * i, p[1], true);
    });
    return new Uint8Array(b.buffer);
  });
  const total = 100 + records.reduce((s, r) => s + 8 + r.length, 0);
  const shp = new Uint8Array(total);
  const v = new DataView(shp.buffer);
  v.setInt32(0, 9994, false);
  v.setInt32(24, total / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, features[0]?.point ? 1 : 5, true);
  let at = 100;
  records.forEach((r, i) => {
    v.setInt32(at, i + 1, false);
    v.setInt32(at + 4, r.length / 2, false);
    shp.set(r, at + 8);
    at += 8 + r.length;
  });

  const encode = opts.encode ?? ((s: string) => new TextEncoder().encode(s));
  const keys = Object.keys(features[0]?.props ?? {});
  const widths = keys.map((k) => Math.max(1, ...features.map((f) => encode(String(f.props[k])).length)));
  const types = keys.map((k) => (typeof features[0].props[k] === 'number' ? 'N' : 'C'));
  const headerLength = 32 + 32 * keys.length + 1;
  const recordLength = 1 + widths.reduce((s, w) => s + w, 0);
  const dbf = new Uint8Array(headerLength + recordLength * features.length + 1);
  const dv = new DataView(dbf.buffer);
  dbf[0] = 3;
  dv.setUint32(4, features.length, true);
  dv.setUint16(8, headerLength, true);
  dv.setUint16(10, recordLength, true);
  keys.forEach((k, i) => {
    dbf.set(new TextEncoder().encode(k).subarray(0, 10), 32 + 32 * i);
    dbf[32 + 32 * i + 11] = types[i].charCodeAt(0);
    dbf[32 + 32 * i + 16] = widths[i];
  });
  dbf[headerLength - 1] = 0x0d;
  features.forEach((f, r) => {
    let o = headerLength + r * recordLength;
    dbf[o++] = 0x20;
    keys.forEach((k, i) => {
      const bytes = encode(String(f.props[k]));
      const cell = new Uint8Array(widths[i]).fill(0x20);
      cell.set(bytes, types[i] === 'N' ? widths[i] - bytes.length : 0);
      dbf.set(cell, o);
      o += widths[i];
    });
  });
  dbf[dbf.length - 1] = 0x1a;
  const files: Record<string, Uint8Array> = { [`${name}.shp`]: shp, [`${name}.dbf`]: dbf };
  if (opts.cpg) files[`${name}.cpg`] = new TextEncoder().encode(opts.cpg);
  if (opts.prj) files[`${name}.prj`] = new TextEncoder().encode(opts.prj);
  return zipSync(files);
}

/** GBK bytes of a few Chinese characters, for tests (Node has a GBK decoder but no encoder). */
export const GBK_BYTES: Record<string, number[]> = { 柯: [0xbf, 0xc2], 桥: [0xc7, 0xc5], 街: [0xbd, 0xd6], 道: [0xb5, 0xc0] };
export const gbk = (s: string) =>
  new Uint8Array([...s].flatMap((ch) => GBK_BYTES[ch] ?? (ch.charCodeAt(0) < 128 ? [ch.charCodeAt(0)] : [0x3f])));
