/**
 * Puts a workbook's parts in the order exceljs's streaming reader needs. That reader walks the zip's
 * local entries front to back and names each worksheet from xl/workbook.xml; a worksheet met after
 * the relationships and shared strings but before xl/workbook.xml makes it throw ("Cannot read
 * properties of undefined (reading 'sheets')", exceljs#962), and a worksheet that ends the archive
 * can be dropped. Zip writers do not promise an order (exceljs's own writer varies), so the reader
 * reorders: workbook, relationships, shared strings and styles first, then the worksheets, then the
 * rest. The entries' bytes are copied as they are (the streaming reader reads local headers and
 * stops at the central directory, which is kept), so nothing is inflated here.
 */
import { zipDirectory } from '../src/tables/zip-limits.js';

const FIRST = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const WORKSHEET = /^xl\/worksheets\/(_rels\/)?sheet\d+\.xml(\.rels)?$/;

const rank = (name: string) => {
  const first = FIRST.indexOf(name);
  if (first >= 0) return first;
  return WORKSHEET.test(name) ? FIRST.length : FIRST.length + 1;
};

/** The same archive with its parts in reading order; the bytes unchanged if they are in order already or not a readable zip. */
export function workbookPartsInReadingOrder(bytes: Uint8Array): Uint8Array {
  return reorderZip(bytes, rank);
}

/**
 * The archive with its entries ordered by `rank` (ties keep the archive's order) and the central
 * directory's offsets rewritten, so the result is a valid zip; `bytes` itself when nothing moves or
 * the directory cannot be read.
 */
export function reorderZip(bytes: Uint8Array, rankOf: (name: string) => number): Uint8Array {
  const directory = zipDirectory(bytes);
  if (!directory || directory.entries.length === 0 || directory.start > bytes.length) return bytes;
  const byOffset = [...directory.entries].sort((a, b) => a.offset - b.offset);
  if (byOffset.some((e, i) => e.offset >= (byOffset[i + 1]?.offset ?? directory.start))) return bytes;
  const parts = byOffset.map((e, i) => ({
    entry: e,
    from: e.offset,
    to: byOffset[i + 1]?.offset ?? directory.start,
    i,
    rank: rankOf(e.name),
  }));
  parts.sort((a, b) => a.rank - b.rank || a.i - b.i);
  if (parts.every((p, k) => p.i === k)) return bytes;
  const out = new Uint8Array(bytes.length);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) {
    out.set(bytes.subarray(p.from, p.to), at);
    p.entry = { ...p.entry, offset: at };
    at += p.to - p.from;
  }
  const shift = at - directory.start; // 0: the entries take the same room
  out.set(bytes.subarray(directory.start), at);
  for (const p of parts) view.setUint32(p.entry.record + shift + 42, p.entry.offset, true);
  return out;
}
