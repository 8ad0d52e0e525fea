/**
 * The compact binary form of a road network stored in access_network.graph (bytea, both backends).
 *
 * Layout (before gzip): byte 0 = format version (1); bytes 1..4 = header length H (uint32 LE);
 * H bytes of UTF-8 JSON header {mode, offNetworkSpeedKmh, columns: [[name, type, length], …]};
 * then each column's raw little-endian bytes in header order, each padded to 8 bytes.
 * Only the edge-list columns are stored (networkToEdges); the incoming-arc CSR is rebuilt on load
 * with networkFromEdges, which is deterministic, so a decoded network searches exactly like the
 * imported one. Infinity (closed direction) survives as an IEEE-754 float64.
 */
import zlib from 'node:zlib';
import { networkFromEdges, networkToEdges, type RoadNetwork, type TravelMode } from '@gongfu/engine/circles';

const VERSION = 1;
type ColType = 'f64' | 'i32';
const COLUMNS: [string, ColType][] = [
  ['nodeLon', 'f64'],
  ['nodeLat', 'f64'],
  ['nodeOsmId', 'f64'],
  ['edgeFrom', 'i32'],
  ['edgeTo', 'i32'],
  ['edgeLengthM', 'f64'],
  ['edgeTimeFwd', 'f64'],
  ['edgeTimeBwd', 'f64'],
  ['edgeWayId', 'f64'],
  ['geomOffset', 'i32'],
  ['geomLon', 'f64'],
  ['geomLat', 'f64'],
];

export function encodeNetwork(net: RoadNetwork): Buffer {
  const edges = networkToEdges(net) as unknown as Record<string, Float64Array | Int32Array> & {
    mode: TravelMode;
    offNetworkSpeedKmh: number;
  };
  const cols = COLUMNS.map(([name, type]) => {
    const src = edges[name];
    const arr = type === 'f64' ? Float64Array.from(src) : Int32Array.from(src);
    return { name, type, arr };
  });
  const header = Buffer.from(
    JSON.stringify({
      mode: edges.mode,
      offNetworkSpeedKmh: edges.offNetworkSpeedKmh,
      columns: cols.map((c) => [c.name, c.type, c.arr.length]),
    }),
    'utf8',
  );
  const parts: Buffer[] = [];
  const head = Buffer.alloc(5);
  head.writeUInt8(VERSION, 0);
  head.writeUInt32LE(header.length, 1);
  parts.push(head, header);
  for (const c of cols) {
    const bytes = Buffer.from(c.arr.buffer, c.arr.byteOffset, c.arr.byteLength);
    parts.push(bytes);
    const pad = (8 - (bytes.length % 8)) % 8;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  return zlib.gzipSync(Buffer.concat(parts), { level: 6 });
}

export function decodeNetwork(stored: Uint8Array): RoadNetwork {
  const raw = zlib.gunzipSync(stored);
  if (raw.readUInt8(0) !== VERSION) throw new Error(`unsupported network format ${raw.readUInt8(0)}`);
  const hlen = raw.readUInt32LE(1);
  const header = JSON.parse(raw.subarray(5, 5 + hlen).toString('utf8')) as {
    mode: TravelMode;
    offNetworkSpeedKmh: number;
    columns: [string, ColType, number][];
  };
  let off = 5 + hlen;
  const out: Record<string, Float64Array | Int32Array> = {};
  for (const [name, type, length] of header.columns) {
    const size = type === 'f64' ? 8 : 4;
    const bytes = raw.subarray(off, off + length * size);
    // copy into an aligned buffer
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    out[name] = type === 'f64' ? new Float64Array(copy.buffer) : new Int32Array(copy.buffer);
    off += bytes.length + ((8 - (bytes.length % 8)) % 8);
  }
  return networkFromEdges({
    mode: header.mode,
    offNetworkSpeedKmh: header.offNetworkSpeedKmh,
    nodeLon: out.nodeLon,
    nodeLat: out.nodeLat,
    nodeOsmId: out.nodeOsmId,
    edgeFrom: out.edgeFrom,
    edgeTo: out.edgeTo,
    edgeLengthM: out.edgeLengthM,
    edgeTimeFwd: out.edgeTimeFwd,
    edgeTimeBwd: out.edgeTimeBwd,
    edgeWayId: out.edgeWayId,
    geomOffset: out.geomOffset,
    geomLon: out.geomLon,
    geomLat: out.geomLat,
  });
}
