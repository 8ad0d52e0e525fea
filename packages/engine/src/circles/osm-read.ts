/**
 * Format sniffing for OSM input: XML starts with '<' (after an optional UTF-8 BOM and
 * whitespace), anything else is tried as PBF, whose own framing checks report NOT_OSM.
 * The first chunk is re-emitted, so the stream is still read only once.
 */
import { toChunks, type ByteSource } from './byte-stream.js';
import type { OsmHandler, OsmReadSummary } from './osm-handler.js';
import { readOsmPbf } from './pbf-reader.js';
import { readOsmXml } from './osm-xml-reader.js';

export function looksLikeXml(head: Uint8Array): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x3c; // '<'
}

export async function readOsm(src: ByteSource, handler: OsmHandler): Promise<OsmReadSummary> {
  const it = toChunks(src)[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? new Uint8Array(0) : first.value;
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (!first.done) yield first.value;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return looksLikeXml(head) ? readOsmXml(replay(), handler) : readOsmPbf(replay(), handler);
}
