/**
 * Streaming reader for OpenStreetMap PBF files (.osm.pbf).
 *
 * Format: wiki.openstreetmap.org/wiki/PBF_Format, schema files fileformat.proto and
 * osmformat.proto of openstreetmap/OSM-binary. A file is a sequence of
 *   [4-byte big-endian length][BlobHeader][Blob]
 * where BlobHeader{1:type, 3:datasize} and Blob{1:raw | 3:zlib_data, 2:raw_size}. The first blob
 * is an "OSMHeader" (HeaderBlock: required_features, bbox); the rest are "OSMData"
 * PrimitiveBlocks holding a string table and PrimitiveGroups of Nodes, DenseNodes (delta-coded
 * packed columns, tags in keys_vals separated by 0), Ways (delta-coded refs) and Relations.
 * Coordinates: lat = 1e-9·(lat_offset + granularity·lat), same for lon.
 *
 * Blocks are read one at a time from the byte stream, inflated with fflate's unzlibSync (pure
 * JS, runs in browsers) and decoded straight into handler calls, so memory is bounded by one
 * block (≤ 32 MiB by the spec) regardless of file size.
 */
import { strFromU8, unzlibSync } from 'fflate';
import { ByteQueue, type ByteSource } from './byte-stream.js';
import { AccessError } from './errors.js';
import type { OsmHandler, OsmReadSummary } from './osm-handler.js';
import { ProtoReader, readPackedDeltaSvarints, readPackedVarints, WIRE_BYTES } from './protobuf.js';

const MAX_HEADER = 64 * 1024;
const MAX_BLOB = 32 * 1024 * 1024;
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);
const utf8 = { decode: (b: Uint8Array): string => strFromU8(b) };

function truncated(offset: number, what: string): AccessError {
  return new AccessError(
    'PBF_TRUNCATED',
    `PBF 文件不完整：在第 ${offset} 字节处读取${what}时文件已结束`,
    `PBF file is truncated: stream ended at byte ${offset} while reading ${what}`,
    { offset },
  );
}

function corrupt(offset: number, reason: string): AccessError {
  return new AccessError(
    'PBF_CORRUPT',
    `PBF 文件已损坏（第 ${offset} 字节附近）：${reason}`,
    `PBF file is corrupt near byte ${offset}: ${reason}`,
    { offset, reason },
  );
}

function notOsm(reason: string): AccessError {
  return new AccessError(
    'NOT_OSM',
    `不是 OpenStreetMap 文件（.osm.pbf 或 .osm）：${reason}`,
    `Not an OpenStreetMap file (.osm.pbf or .osm): ${reason}`,
    { reason },
  );
}

interface BlobHeader {
  type: string;
  datasize: number;
}

function parseBlobHeader(buf: Uint8Array): BlobHeader {
  const r = new ProtoReader(buf);
  let type: string | null = null;
  let datasize = -1;
  while (!r.eof()) {
    const key = r.varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === WIRE_BYTES) type = utf8.decode(r.bytes());
    else if (field === 3 && wire === 0) datasize = r.varint();
    else r.skip(wire);
  }
  if (r.pos !== r.end || type === null || datasize < 0) throw new RangeError('bad BlobHeader');
  return { type, datasize };
}

function inflateBlob(buf: Uint8Array, offset: number): Uint8Array {
  const r = new ProtoReader(buf);
  let raw: Uint8Array | null = null;
  let zlib: Uint8Array | null = null;
  let rawSize = -1;
  let other = '';
  try {
    while (!r.eof()) {
      const key = r.varint();
      const field = key >>> 3;
      const wire = key & 7;
      if (field === 1 && wire === WIRE_BYTES) raw = r.bytes();
      else if (field === 2 && wire === 0) rawSize = r.varint();
      else if (field === 3 && wire === WIRE_BYTES) zlib = r.bytes();
      else if (field >= 4 && field <= 7 && wire === WIRE_BYTES) {
        other = ['lzma', 'bzip2', 'lz4', 'zstd'][field - 4] ?? 'unknown';
        r.skip(wire);
      } else r.skip(wire);
    }
    if (r.pos !== r.end) throw new RangeError('overrun');
  } catch {
    throw corrupt(offset, 'Blob 消息无法解析 / Blob message does not parse');
  }
  if (raw) return raw;
  if (zlib) {
    let out: Uint8Array;
    try {
      out = rawSize >= 0 ? unzlibSync(zlib, { out: new Uint8Array(rawSize) }) : unzlibSync(zlib);
    } catch (e) {
      throw corrupt(offset, `zlib 解压失败 / zlib inflate failed (${(e as Error).message})`);
    }
    if (rawSize >= 0 && out.length !== rawSize) {
      throw corrupt(offset, `解压后长度 ${out.length} ≠ raw_size ${rawSize} / inflated size mismatch`);
    }
    return out;
  }
  if (other) {
    throw new AccessError(
      'PBF_UNSUPPORTED',
      `不支持的 PBF 压缩方式：${other}（请用 osmium cat 转为 zlib）`,
      `Unsupported PBF compression: ${other} (convert with osmium cat to zlib)`,
      { compression: other },
    );
  }
  throw corrupt(offset, 'Blob 没有数据 / Blob has no data');
}

/** HeaderBlock: 1 bbox{1 left,2 right,3 top,4 bottom (sint64 nanodeg)}, 4 required_features, 16 writingprogram. */
function parseHeaderBlock(buf: Uint8Array, summary: OsmReadSummary): void {
  const r = new ProtoReader(buf);
  const required: string[] = [];
  while (!r.eof()) {
    const key = r.varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === WIRE_BYTES) {
      const [s, e] = r.bytesRange();
      const b = new ProtoReader(buf, s, e);
      const v = [0, 0, 0, 0];
      while (!b.eof()) {
        const k = b.varint();
        const f = k >>> 3;
        if (f >= 1 && f <= 4 && (k & 7) === 0) v[f - 1] = b.svarint() / 1e9;
        else b.skip(k & 7);
      }
      summary.bbox = [v[0], v[3], v[1], v[2]];
    } else if (field === 4 && wire === WIRE_BYTES) required.push(utf8.decode(r.bytes()));
    else if (field === 16 && wire === WIRE_BYTES) summary.writingProgram = utf8.decode(r.bytes());
    else r.skip(wire);
  }
  if (r.pos !== r.end) throw new RangeError('HeaderBlock overrun');
  const missing = required.filter((f) => !SUPPORTED_FEATURES.has(f));
  if (missing.length > 0) {
    throw new AccessError(
      'PBF_UNSUPPORTED',
      `PBF 文件要求本程序不支持的特性：${missing.join(', ')}`,
      `PBF file requires unsupported features: ${missing.join(', ')}`,
      { features: missing },
    );
  }
}

/** Lazily decoded string table of one PrimitiveBlock. */
class StringTable {
  private readonly cache: (string | undefined)[];
  constructor(
    private readonly buf: Uint8Array,
    private readonly ranges: number[],
  ) {
    this.cache = new Array(ranges.length / 2);
  }
  get(i: number): string {
    let s = this.cache[i];
    if (s === undefined) {
      if (i * 2 >= this.ranges.length) throw new RangeError(`string index ${i} out of table`);
      s = utf8.decode(this.buf.subarray(this.ranges[i * 2], this.ranges[i * 2 + 1]));
      this.cache[i] = s;
    }
    return s;
  }
}

const NO_TAGS: string[] = [];

/** Decodes one PrimitiveBlock into handler calls. */
export function decodePrimitiveBlock(buf: Uint8Array, handler: OsmHandler, summary: OsmReadSummary): void {
  const r = new ProtoReader(buf);
  const strRanges: number[] = [];
  const groups: number[] = [];
  let granularity = 100;
  let latOffset = 0;
  let lonOffset = 0;
  while (!r.eof()) {
    const key = r.varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === WIRE_BYTES) {
      const [s, e] = r.bytesRange();
      const st = new ProtoReader(buf, s, e);
      while (!st.eof()) {
        const k = st.varint();
        if (k >>> 3 === 1 && (k & 7) === WIRE_BYTES) {
          const [a, b] = st.bytesRange();
          strRanges.push(a, b);
        } else st.skip(k & 7);
      }
    } else if (field === 2 && wire === WIRE_BYTES) {
      const [s, e] = r.bytesRange();
      groups.push(s, e);
    } else if (field === 17 && wire === 0) granularity = r.varint();
    else if (field === 19 && wire === 0) latOffset = r.int();
    else if (field === 20 && wire === 0) lonOffset = r.int();
    else r.skip(wire);
  }
  if (r.pos !== r.end) throw new RangeError('PrimitiveBlock overrun');
  const strings = new StringTable(buf, strRanges);
  const wantNodes = handler.node !== undefined;
  const wantWays = handler.way !== undefined;

  for (let g = 0; g < groups.length; g += 2) {
    const gr = new ProtoReader(buf, groups[g], groups[g + 1]);
    while (!gr.eof()) {
      const key = gr.varint();
      const field = key >>> 3;
      const wire = key & 7;
      if (wire !== WIRE_BYTES) {
        gr.skip(wire);
        continue;
      }
      const [s, e] = gr.bytesRange();
      if (field === 2) summary.nodes += decodeDense(buf, s, e, strings, granularity, latOffset, lonOffset, wantNodes ? handler : null);
      else if (field === 1) {
        summary.nodes++;
        if (wantNodes) decodeNode(buf, s, e, strings, granularity, latOffset, lonOffset, handler);
      } else if (field === 3) {
        summary.ways++;
        if (wantWays) decodeWay(buf, s, e, strings, handler);
      } else if (field === 4) summary.relations++;
    }
    if (gr.pos !== gr.end) throw new RangeError('PrimitiveGroup overrun');
  }
}

function decodeDense(
  buf: Uint8Array,
  s: number,
  e: number,
  strings: StringTable,
  gran: number,
  latOff: number,
  lonOff: number,
  handler: OsmHandler | null,
): number {
  const r = new ProtoReader(buf, s, e);
  const ids: number[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const kv: number[] = [];
  while (!r.eof()) {
    const key = r.varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === WIRE_BYTES) readPackedDeltaSvarints(r, ids);
    else if (field === 8 && wire === WIRE_BYTES) readPackedDeltaSvarints(r, lats);
    else if (field === 9 && wire === WIRE_BYTES) readPackedDeltaSvarints(r, lons);
    else if (field === 10 && wire === WIRE_BYTES) readPackedVarints(r, kv);
    else r.skip(wire);
  }
  if (r.pos !== r.end) throw new RangeError('DenseNodes overrun');
  const n = ids.length;
  if (lats.length !== n || lons.length !== n) throw new RangeError('DenseNodes columns differ in length');
  if (!handler) return n;
  const node = handler.node!.bind(handler);
  const tags: string[] = [];
  let k = 0;
  const hasKv = kv.length > 0;
  for (let i = 0; i < n; i++) {
    let t: string[] = NO_TAGS;
    if (hasKv) {
      tags.length = 0;
      while (k < kv.length && kv[k] !== 0) {
        tags.push(strings.get(kv[k]), strings.get(kv[k + 1]));
        k += 2;
      }
      k++; // the 0 delimiter
      if (tags.length > 0) t = tags;
    }
    node(ids[i], (lonOff + gran * lons[i]) / 1e9, (latOff + gran * lats[i]) / 1e9, t);
  }
  return n;
}

function decodeNode(
  buf: Uint8Array,
  s: number,
  e: number,
  strings: StringTable,
  gran: number,
  latOff: number,
  lonOff: number,
  handler: OsmHandler,
): void {
  const r = new ProtoReader(buf, s, e);
  let id = 0;
  let lat = 0;
  let lon = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  while (!r.eof()) {
    const key = r.varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === 0) id = r.svarint();
    else if (field === 2 && wire === WIRE_BYTES) readPackedVarints(r, keys);
    else if (field === 3 && wire === WIRE_BYTES) readPackedVarints(r, vals);
    else if (field === 8 && wire === 0) lat = r.svarint();
    else if (field === 9 && wire === 0) lon = r.svarint();
    else r.skip(wire);
  }
  if (r.pos !== r.end || keys.length !== vals.length) throw new RangeError('Node does not parse');
  handler.node!(id, (lonOff + gran * lon) / 1e9, (latOff + gran * lat) / 1e9, tagPairs(strings, keys, vals));
}

function decodeWay(buf: Uint8Array, s: number, e: number, strings: StringTable, handler: OsmHandler): void {
  const r = new ProtoReader(buf, s, e);
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  const refs: number[] = [];
  while (!r.eof()) {
    const key = r.varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === 0) id = r.int();
    else if (field === 2 && wire === WIRE_BYTES) readPackedVarints(r, keys);
    else if (field === 3 && wire === WIRE_BYTES) readPackedVarints(r, vals);
    else if (field === 8 && wire === WIRE_BYTES) readPackedDeltaSvarints(r, refs);
    else r.skip(wire);
  }
  if (r.pos !== r.end || keys.length !== vals.length) throw new RangeError('Way does not parse');
  handler.way!(id, refs, tagPairs(strings, keys, vals));
}

/** [key, value, key, value, …] from a message's parallel string-table indices. */
function tagPairs(strings: StringTable, keys: readonly number[], vals: readonly number[]): string[] {
  const tags: string[] = [];
  for (let i = 0; i < keys.length; i++) tags.push(strings.get(keys[i]), strings.get(vals[i]));
  return tags;
}

/**
 * Reads an .osm.pbf byte stream block by block, calling `handler` for every node and way.
 * Throws AccessError NOT_OSM / PBF_TRUNCATED / PBF_CORRUPT / PBF_UNSUPPORTED.
 */
export async function readOsmPbf(src: ByteSource | ByteQueue, handler: OsmHandler): Promise<OsmReadSummary> {
  const q = src instanceof ByteQueue ? src : new ByteQueue(src);
  const summary: OsmReadSummary = {
    format: 'pbf',
    nodes: 0,
    ways: 0,
    relations: 0,
    blocks: 0,
    bbox: null,
    writingProgram: null,
  };
  let index = 0;
  for (;;) {
    const start = q.consumed;
    const has4 = await q.fill(4);
    if (!has4) {
      if (q.available() === 0) {
        if (index === 0) throw notOsm('文件为空 / the file is empty');
        break;
      }
      if (index === 0) throw notOsm('文件过短 / the file is too short');
      throw truncated(start + q.available(), 'BlobHeader 长度 / the BlobHeader length');
    }
    const lenBytes = q.read(4);
    const headerLen = ((lenBytes[0] << 24) | (lenBytes[1] << 16) | (lenBytes[2] << 8) | lenBytes[3]) >>> 0;
    if (headerLen === 0 || headerLen > MAX_HEADER) {
      if (index === 0) throw notOsm(`首个块头长度 ${headerLen} 不合理 / implausible first header length ${headerLen}`);
      throw corrupt(start, `块头长度 ${headerLen} 不合理 / implausible BlobHeader length ${headerLen}`);
    }
    if (!(await q.fill(headerLen))) throw truncated(q.consumed + q.available(), 'BlobHeader');
    let header: BlobHeader;
    try {
      header = parseBlobHeader(q.read(headerLen));
    } catch {
      if (index === 0) throw notOsm('首个块头无法解析 / the first BlobHeader does not parse');
      throw corrupt(start + 4, 'BlobHeader 无法解析 / BlobHeader does not parse');
    }
    if (index === 0 && header.type !== 'OSMHeader') {
      throw notOsm(`首个块类型为 "${header.type.slice(0, 40)}" 而非 OSMHeader / first block is not OSMHeader`);
    }
    if (header.datasize > MAX_BLOB) throw corrupt(start, `块大小 ${header.datasize} 超过 32 MiB / blob larger than 32 MiB`);
    if (!(await q.fill(header.datasize))) throw truncated(q.consumed + q.available(), `${header.type} 数据块 / ${header.type} blob`);
    const blobOffset = q.consumed;
    const blob = q.read(header.datasize);
    if (header.type === 'OSMHeader') {
      const data = inflateBlob(blob, blobOffset);
      try {
        parseHeaderBlock(data, summary);
      } catch (e) {
        if (e instanceof AccessError) throw e;
        throw corrupt(blobOffset, 'HeaderBlock 无法解析 / HeaderBlock does not parse');
      }
    } else if (header.type === 'OSMData') {
      const data = inflateBlob(blob, blobOffset);
      try {
        decodePrimitiveBlock(data, handler, summary);
      } catch (e) {
        if (e instanceof AccessError) throw e;
        if (e instanceof RangeError || e instanceof TypeError) {
          throw corrupt(blobOffset, `PrimitiveBlock 无法解析 / PrimitiveBlock does not parse (${e.message})`);
        }
        throw e; // errors thrown by the handler itself propagate unchanged
      }
      summary.blocks++;
    }
    index++;
  }
  return summary;
}
