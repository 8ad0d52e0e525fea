/**
 * Streaming reader for OSM XML (.osm, API 0.6 schema: wiki.openstreetmap.org/wiki/OSM_XML).
 *
 * A small hand-written tag scanner, not a general XML parser: it decodes the byte stream
 * incrementally (fflate's streaming DecodeUTF8, browser-safe), finds each markup item "<…>" (respecting
 * quoted attribute values, skipping <?…?>, <!--…-->, <!DOCTYPE…>), reads attributes with one
 * regular expression and decodes the five predefined entities plus numeric references.
 * It understands <osm>, <node id lat lon>, <way id>, <nd ref>, <tag k v> and ignores the rest
 * (relations, bounds, changesets). Only the unparsed tail of the text is kept between chunks.
 */
import { DecodeUTF8 } from 'fflate';
import { toChunks, type ByteSource } from './byte-stream.js';
import { AccessError } from './errors.js';
import type { OsmHandler, OsmReadSummary } from './osm-handler.js';

const ATTR = /([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g;

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_m, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

function attrs(s: string): Map<string, string> {
  const m = new Map<string, string>();
  ATTR.lastIndex = 0;
  let a: RegExpExecArray | null;
  while ((a = ATTR.exec(s)) !== null) m.set(a[1], decodeEntities(a[2] ?? a[3] ?? ''));
  return m;
}

function malformed(reasonZh: string, reasonEn: string, offset: number): AccessError {
  return new AccessError('XML_MALFORMED', `OSM XML 格式错误：${reasonZh}`, `Malformed OSM XML: ${reasonEn}`, {
    offset,
  });
}

/** Index of the '>' closing the markup item that starts at `lt`, skipping quoted values; -1 if not yet buffered. */
function findClose(text: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

export async function readOsmXml(src: ByteSource, handler: OsmHandler): Promise<OsmReadSummary> {
  const summary: OsmReadSummary = {
    format: 'xml',
    nodes: 0,
    ways: 0,
    relations: 0,
    blocks: 0,
    bbox: null,
    writingProgram: null,
  };
  let text = '';
  let decoded = '';
  const decoder = new DecodeUTF8((s) => {
    decoded += s;
  });
  let base = 0; // character offset of text[0] in the whole document
  let sawRoot = false;
  let closedRoot = false;
  // current element state
  let cur: 'node' | 'way' | 'relation' | null = null;
  let curId = 0;
  let curLon = 0;
  let curLat = 0;
  const tags: string[] = [];
  const refs: number[] = [];

  const num = (m: Map<string, string>, k: string, el: string, off: number): number => {
    const v = m.get(k);
    const n = v === undefined ? NaN : Number(v);
    if (!Number.isFinite(n)) throw malformed(`<${el}> 缺少或无效的 ${k} 属性`, `<${el}> has a missing or invalid ${k} attribute`, off);
    return n;
  };

  const item = (s: string, off: number): void => {
    // s is the text between '<' and '>'
    const c0 = s.charCodeAt(0);
    if (c0 === 63 /* ? */ || c0 === 33 /* ! */) return;
    const closing = c0 === 47; /* / */
    const selfClosing = s.charCodeAt(s.length - 1) === 47;
    let nameEnd = closing ? 1 : 0;
    while (nameEnd < s.length) {
      const c = s.charCodeAt(nameEnd);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
      nameEnd++;
    }
    const name = s.slice(closing ? 1 : 0, nameEnd);
    if (!sawRoot) {
      if (closing || name !== 'osm') throw notOsmXml(`根元素为 <${name.slice(0, 30)}> / root element is <${name.slice(0, 30)}>`);
      sawRoot = true;
      const a = attrs(s);
      summary.writingProgram = a.get('generator') ?? null;
      return;
    }
    if (closing) {
      if (name === 'osm') closedRoot = true;
      else if (name === 'node' && cur === 'node') {
        handler.node?.(curId, curLon, curLat, tags);
        cur = null;
      } else if (name === 'way' && cur === 'way') {
        handler.way?.(curId, refs, tags);
        cur = null;
      } else if (name === 'relation' && cur === 'relation') cur = null;
      return;
    }
    switch (name) {
      case 'node': {
        const a = attrs(s);
        summary.nodes++;
        const id = num(a, 'id', 'node', off);
        const lat = num(a, 'lat', 'node', off);
        const lon = num(a, 'lon', 'node', off);
        tags.length = 0;
        if (selfClosing) handler.node?.(id, lon, lat, tags);
        else {
          cur = 'node';
          curId = id;
          curLat = lat;
          curLon = lon;
        }
        break;
      }
      case 'way': {
        const a = attrs(s);
        summary.ways++;
        const id = num(a, 'id', 'way', off);
        tags.length = 0;
        refs.length = 0;
        if (selfClosing) handler.way?.(id, refs, tags);
        else {
          cur = 'way';
          curId = id;
        }
        break;
      }
      case 'relation':
        summary.relations++;
        if (!selfClosing) cur = 'relation';
        break;
      case 'nd':
        if (cur === 'way') refs.push(num(attrs(s), 'ref', 'nd', off));
        break;
      case 'tag':
        if (cur === 'node' || cur === 'way') {
          const a = attrs(s);
          const k = a.get('k');
          const v = a.get('v');
          if (k === undefined || v === undefined) throw malformed('<tag> 缺少 k 或 v', '<tag> lacks k or v', off);
          tags.push(k, v);
        }
        break;
      case 'bounds': {
        const a = attrs(s);
        const b = ['minlon', 'minlat', 'maxlon', 'maxlat'].map((k) => Number(a.get(k)));
        if (b.every(Number.isFinite)) summary.bbox = b as [number, number, number, number];
        break;
      }
      default:
        break;
    }
  };

  let firstChunk = true;
  for await (const chunk of toChunks(src)) {
    if (firstChunk) {
      firstChunk = false;
      // a NUL or other control byte in the first bytes means binary, not XML
      const head = chunk.subarray(0, 64);
      for (const b of head) if (b === 0) throw notOsmXml('文件含二进制数据 / binary data');
    }
    decoder.push(chunk);
    text += decoded;
    decoded = '';
    let pos = 0;
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) {
        pos = text.length;
        break;
      }
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) {
          pos = lt;
          break;
        }
        pos = end + 3;
        continue;
      }
      const gt = findClose(text, lt);
      if (gt < 0) {
        pos = lt;
        break;
      }
      item(text.slice(lt + 1, gt), base + lt);
      pos = gt + 1;
    }
    if (!sawRoot && text.length > 4096) throw notOsmXml('未找到 <osm> 根元素 / no <osm> root element');
    base += pos;
    text = text.slice(pos);
  }
  decoder.push(new Uint8Array(0), true);
  text += decoded;
  if (!sawRoot) throw notOsmXml('未找到 <osm> 根元素 / no <osm> root element');
  if (text.indexOf('<') >= 0 || cur !== null || !closedRoot) {
    throw malformed('文件在元素中途结束（被截断）', 'the document ends inside an element (truncated)', base);
  }
  return summary;
}

function notOsmXml(reason: string): AccessError {
  return new AccessError(
    'NOT_OSM',
    `不是 OpenStreetMap 文件（.osm.pbf 或 .osm）：${reason}`,
    `Not an OpenStreetMap file (.osm.pbf or .osm): ${reason}`,
    { reason },
  );
}
