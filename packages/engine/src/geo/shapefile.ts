/**
 * Reads an ESRI shapefile (.shp geometry, .dbf attributes, optional .prj and .cpg) from a .zip into
 * a GeoJSON FeatureCollection. Format: ESRI Shapefile Technical Description (July 1998): a 100-byte
 * header (file code 9994 big-endian, version 1000 little-endian), then records of an 8-byte
 * big-endian header and little-endian content; polygon rings are clockwise for outer rings and
 * counter-clockwise for holes. dBASE III (.dbf): 32-byte header, 32-byte field descriptors ended by
 * 0x0D, fixed-width records led by a deletion flag.
 * Shapes read: Null (0), Point (1/11/21), PolyLine is refused, Polygon (5/15/25; Z and M values are
 * dropped). Text encoding of the .dbf: the .cpg when present (UTF-8, GBK/936/GB2312/GB18030),
 * otherwise UTF-8 if the bytes are valid UTF-8, else GBK (how Chinese GIS software writes them).
 * Problems are EngineErrors naming the file and the record (1-based, as GIS software counts).
 */
import { unzipSync } from 'fflate';
import { EngineError } from '../errors.js';
import type { Feature, FeatureCollection, Geometry } from './geojson.js';

/** The WHATWG decoder of Node and browsers (the engine compiles without DOM or Node types). */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

export class ShapefileError extends EngineError<'SHAPEFILE_INVALID' | 'SHAPEFILE_MISSING' | 'SHAPEFILE_TOO_LARGE'> {}

export interface ShapefileLayer {
  name: string;
  collection: FeatureCollection;
  /** the .prj text, when present */
  prj: string | null;
  encoding: string;
}

const MAX_UNPACKED = 256 * 1024 * 1024;

/** Every shapefile (a .shp with its .dbf) in a zip, in name order. */
export function readShapefileZip(bytes: Uint8Array): ShapefileLayer[] {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!/\.(shp|dbf|prj|cpg)$/i.test(f.name) || f.name.split('/').pop()!.startsWith('.')) return false;
        total += f.originalSize;
        if (total > MAX_UNPACKED) {
          throw new ShapefileError('SHAPEFILE_TOO_LARGE', '压缩包解压后超过 256 MB', 'The zip unpacks to more than 256 MB');
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ShapefileError) throw e;
    throw new ShapefileError('SHAPEFILE_INVALID', '文件不是有效的 zip 压缩包', 'The file is not a valid zip archive');
  }
  const byStem = new Map<string, Record<string, Uint8Array>>();
  for (const [name, data] of Object.entries(files)) {
    const m = /^(.*)\.(shp|dbf|prj|cpg)$/i.exec(name)!;
    const parts = byStem.get(m[1]) ?? {};
    parts[m[2].toLowerCase()] = data;
    byStem.set(m[1], parts);
  }
  const layers: ShapefileLayer[] = [];
  for (const stem of [...byStem.keys()].sort()) {
    const p = byStem.get(stem)!;
    if (!p.shp) continue;
    if (!p.dbf) {
      throw new ShapefileError('SHAPEFILE_MISSING', `${stem}.shp 缺少同名 .dbf 属性文件`, `${stem}.shp has no ${stem}.dbf (attributes)`, {
        file: `${stem}.dbf`,
      });
    }
    const cpg = p.cpg ? new TextDecoder().decode(p.cpg).trim() : null;
    const { rows, encoding } = readDbf(p.dbf, cpg, `${stem}.dbf`);
    const geometries = readShp(p.shp, `${stem}.shp`);
    if (geometries.length !== rows.length) {
      throw new ShapefileError(
        'SHAPEFILE_INVALID',
        `${stem}.shp 有 ${geometries.length} 个图形，${stem}.dbf 有 ${rows.length} 条记录，数量不一致`,
        `${stem}.shp has ${geometries.length} shapes but ${stem}.dbf has ${rows.length} records`,
        { file: `${stem}.shp` },
      );
    }
    const features: Feature[] = geometries.map((geometry, i) => ({ type: 'Feature', properties: rows[i], geometry }));
    layers.push({
      name: stem.split('/').pop()!,
      collection: { type: 'FeatureCollection', features },
      prj: p.prj ? new TextDecoder().decode(p.prj) : null,
      encoding,
    });
  }
  if (layers.length === 0) {
    throw new ShapefileError('SHAPEFILE_MISSING', '压缩包中没有 .shp 文件', 'The zip holds no .shp file');
  }
  return layers;
}

function bad(file: string, record: number | null, zh: string, en: string): ShapefileError {
  const where = record === null ? '' : `第 ${record} 条记录：`;
  const whereEn = record === null ? '' : `record ${record}: `;
  return new ShapefileError('SHAPEFILE_INVALID', `${file} ${where}${zh}`, `${file} ${whereEn}${en}`, { file, record });
}

/** The geometries of a .shp, one per record (null for a Null shape). */
export function readShp(bytes: Uint8Array, file = 'layer.shp'): (Geometry | null)[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 100 || view.getInt32(0, false) !== 9994)
    throw bad(file, null, '不是 shapefile（文件头错误）', 'not a shapefile (bad header)');
  const out: (Geometry | null)[] = [];
  let at = 100;
  let record = 0;
  while (at + 8 <= bytes.byteLength) {
    record++;
    const length = view.getInt32(at + 4, false) * 2;
    const start = at + 8;
    const end = start + length;
    if (length < 4 || end > bytes.byteLength) throw bad(file, record, '记录长度超出文件', 'record runs past the end of the file');
    const type = view.getInt32(start, true);
    const need = (n: number) => {
      if (start + n > end) throw bad(file, record, '记录内容不完整', 'record content is truncated');
    };
    if (type === 0) out.push(null);
    else if (type === 1 || type === 11 || type === 21) {
      need(20);
      out.push({ type: 'Point', coordinates: [view.getFloat64(start + 4, true), view.getFloat64(start + 12, true)] });
    } else if (type === 5 || type === 15 || type === 25) {
      need(44);
      const numParts = view.getInt32(start + 36, true);
      const numPoints = view.getInt32(start + 40, true);
      const pointsAt = start + 44 + 4 * numParts;
      if (numParts < 1 || numPoints < 0) throw bad(file, record, '多边形没有环', 'polygon has no rings');
      need(44 + 4 * numParts + 16 * numPoints);
      const parts = Array.from({ length: numParts }, (_, i) => view.getInt32(start + 44 + 4 * i, true));
      const rings: number[][][] = parts.map((from, i) => {
        const to = i + 1 < numParts ? parts[i + 1] : numPoints;
        if (from < 0 || to > numPoints || from >= to) throw bad(file, record, '环的起点无效', 'bad ring offsets');
        const ring: number[][] = [];
        for (let k = from; k < to; k++) ring.push([view.getFloat64(pointsAt + 16 * k, true), view.getFloat64(pointsAt + 16 * k + 8, true)]);
        return ring;
      });
      out.push(ringsToGeometry(rings));
    } else {
      throw bad(file, record, `不支持的图形类型 ${type}（需要面或点）`, `unsupported shape type ${type} (polygons or points only)`);
    }
    at = end;
  }
  return out;
}

/** Twice the signed area (shoelace); negative for clockwise rings in x-right, y-up coordinates. */
function signedArea2(ring: number[][]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s;
}

function contains(ring: number[][], [x, y]: number[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Clockwise rings are outer rings; each counter-clockwise ring is a hole of the outer ring holding it. */
function ringsToGeometry(rings: number[][][]): Geometry {
  const polygons: number[][][][] = [];
  const holes: number[][][] = [];
  for (const ring of rings) {
    if (signedArea2(ring) <= 0) polygons.push([ring]);
    else holes.push(ring);
  }
  if (polygons.length === 0) return { type: 'Polygon', coordinates: rings.map((r) => [...r].reverse()) };
  for (const hole of holes) (polygons.find((p) => contains(p[0], hole[0])) ?? polygons[polygons.length - 1]).push(hole);
  // GeoJSON (RFC 7946) winds outer rings counter-clockwise, holes clockwise
  const wound = polygons.map((p) => p.map((r) => [...r].reverse()));
  return wound.length === 1 ? { type: 'Polygon', coordinates: wound[0] } : { type: 'MultiPolygon', coordinates: wound };
}

const GBK = /^(gbk|gb2312|gb18030|936|cp936|ansi_936|x-gbk)$/i;

/** The attribute rows of a .dbf; deleted records are kept as empty rows so indices match the .shp. */
export function readDbf(bytes: Uint8Array, cpg: string | null, file = 'layer.dbf'): { rows: Record<string, unknown>[]; encoding: string } {
  if (bytes.byteLength < 32) throw bad(file, null, '不是 dBASE 文件', 'not a dBASE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: { name: Uint8Array; type: string; length: number; decimals: number }[] = [];
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const raw = bytes.subarray(at, at + 11);
    const nul = raw.indexOf(0);
    fields.push({
      name: nul >= 0 ? raw.subarray(0, nul) : raw,
      type: String.fromCharCode(bytes[at + 11]),
      length: bytes[at + 16],
      decimals: bytes[at + 17],
    });
  }
  if (headerLength + count * recordLength > bytes.byteLength)
    throw bad(file, null, '记录数超出文件长度', 'more records than the file holds');
  const encoding = cpg
    ? /^utf-?8$/i.test(cpg) || cpg === '65001'
      ? 'utf-8'
      : GBK.test(cpg)
        ? 'gbk'
        : cpg.toLowerCase()
    : guessEncoding(bytes, headerLength);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    throw bad(file, null, `不支持的文字编码「${cpg}」（.cpg）`, `unsupported text encoding "${cpg}" (.cpg)`);
  }
  const names = fields.map((f) => decoder.decode(f.name).trim());
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) {
    const at = headerLength + r * recordLength;
    const row: Record<string, unknown> = {};
    if (bytes[at] !== 0x2a) {
      let offset = at + 1;
      fields.forEach((f, i) => {
        const text = decoder
          .decode(bytes.subarray(offset, offset + f.length))
          .replace(/\0/g, '')
          .trim();
        offset += f.length;
        if (f.type === 'N' || f.type === 'F') {
          // keep codes with leading zeros or more digits than a double holds exactly as text
          row[names[i]] = text === '' ? null : f.decimals === 0 && text.length > 15 ? text : Number(text);
        } else if (f.type === 'L') row[names[i]] = /^[YyTt]$/.test(text) ? true : /^[NnFf]$/.test(text) ? false : null;
        else row[names[i]] = text === '' ? null : text;
      });
    }
    rows.push(row);
  }
  return { rows, encoding };
}

function guessEncoding(bytes: Uint8Array, from: number): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(from));
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}
