/**
 * The parts of a zip archive by name, read through its central directory (so the order of the
 * entries in the file does not matter), and their bytes inflated in chunks: a worksheet of 100,000
 * rows is never held whole, uncompressed. Used by the .xlsx reader (tables/xlsx-read.ts).
 * Format: PKWARE APPNOTE 6.3 — §4.3.7 local file header (30 bytes + name + extra), §4.3.9 data
 * descriptor (sizes after the data when bit 3 is set: the central directory has them too, so they
 * are read from there), §4.3.12 central directory record, §4.4.5 compression methods (0 stored,
 * 8 deflated; any other method and encryption, bit 0, are refused). Deflate: RFC 1951 (node:zlib).
 */
import zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { zipDirectory } from './zip-limits.js';

/** A damaged or unsupported archive or part; the reader turns it into FILE_NOT_SPREADSHEET. */
export class ZipDamaged extends Error {}

export interface ZipPart {
  name: string;
  method: number;
  /** where the part's data starts and how many bytes it takes in the archive */
  dataStart: number;
  compressedBytes: number;
  /** as the central directory states it; inflating more than this is refused */
  uncompressedBytes: number;
}

/** How much text is inflated and decoded at a time. */
const CHUNK = 256 * 1024;

/** The archive's parts by name, lower-cased (OPC part names are case-insensitive, ECMA-376 Part 2 §9.1.1.1). */
export function zipParts(bytes: Uint8Array): Map<string, ZipPart> {
  const directory = zipDirectory(bytes);
  if (!directory) throw new ZipDamaged('no zip central directory (the file is truncated or not a zip)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = new Map<string, ZipPart>();
  for (const e of directory.entries) {
    const flags = view.getUint16(e.record + 8, true);
    const method = view.getUint16(e.record + 10, true);
    const compressedBytes = view.getUint32(e.record + 20, true);
    const at = e.offset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw new ZipDamaged(`${e.name}: no local header`);
    const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (dataStart + compressedBytes > bytes.length) throw new ZipDamaged(`${e.name}: truncated`);
    const name = e.name.replace(/\\/g, '/').replace(/^\//, '');
    const part = { name, method, dataStart, compressedBytes, uncompressedBytes: e.uncompressedBytes };
    if (flags & 1) (part as ZipPart).method = -1; // encrypted
    parts.set(name.toLowerCase(), part);
  }
  return parts;
}

function unsupported(part: ZipPart): ZipDamaged {
  return new ZipDamaged(
    part.method === -1
      ? `${part.name} is encrypted`
      : `${part.name} uses compression method ${part.method} (only stored and deflate are read)`,
  );
}

/** A part's bytes in chunks of about 256 KiB, inflated as they are asked for. */
async function* partBytes(bytes: Uint8Array, part: ZipPart): AsyncGenerator<Buffer> {
  const data = bytes.subarray(part.dataStart, part.dataStart + part.compressedBytes);
  if (part.method === 0) {
    for (let at = 0; at < data.length; at += CHUNK) yield Buffer.from(data.buffer, data.byteOffset + at, Math.min(CHUNK, data.length - at));
    return;
  }
  if (part.method !== 8) throw unsupported(part);
  const inflate = zlib.createInflateRaw({ chunkSize: CHUNK });
  inflate.end(data);
  let total = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      total += chunk.length;
      // a directory that understates a part would pass the zip-bomb limits (tables/zip-limits.ts)
      if (total > part.uncompressedBytes)
        throw new ZipDamaged(`${part.name} inflates to more than the ${part.uncompressedBytes} bytes its directory states`);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof ZipDamaged) throw err;
    throw new ZipDamaged(`${part.name}: ${(err as Error).message}`);
  } finally {
    inflate.destroy();
  }
}

/** A part's text (UTF-8) in chunks; a character whose bytes straddle two chunks is decoded whole. */
export async function* partTextChunks(bytes: Uint8Array, part: ZipPart): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of partBytes(bytes, part)) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** A small part's whole text (workbook, relationships, styles). */
export async function partText(bytes: Uint8Array, part: ZipPart): Promise<string> {
  let text = '';
  for await (const chunk of partTextChunks(bytes, part)) text += chunk;
  return text;
}
