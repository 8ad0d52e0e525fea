/**
 * A hand-written .xlsx reader for uploads: the sheets of a workbook as plain cells (tables/reader.ts
 * `Sheet`), what exceljs's streaming reader gave before, in a fraction of the time (100,000 rows:
 * issue 19) and with the worksheet inflated and scanned 256 KiB at a time (tables/zip-read.ts).
 * Parts are found by name through the zip directory, so their order in the archive does not matter.
 * Format: ECMA-376 Part 1 (SpreadsheetML) — §18.2.27/§18.2.28 workbook, sheet and workbookPr
 * (date1904), §18.3.1.73 row and §18.3.1.4 c (r, s, t: b, d, e, inlineStr, n, s, str), §18.3.1.96 v,
 * §18.3.1.40 f (its cached value is read, never recomputed), §18.4.8/§18.4.12 si and t, §18.4.4 r
 * (rich text runs), §18.4.6 rPh (phonetic runs, ignored), §22.9.2.19 ST_Xstring (`_x000D_`),
 * §18.8.10 cellXfs, §18.8.30/§18.8.31 numFmt and the built-in formats (ids 14–22 and 45–47 dates,
 * 9–10 percent; 27–36 and 50–58 the zh-CN dates), §18.17.4.1 serial dates (1900 and 1904 systems);
 * Part 2 (OPC) §9.3 relationships (targets relative to the source part or absolute).
 * Cell values, as before: shared and inline strings are text (an empty shared string is null),
 * numbers are numbers, a percent format gives "93.5%" (reader.ts percentText), a date format a Date
 * (UTC, like exceljs's excelToDate), booleans true/false, errors their text ("#N/A"), a formula its
 * cached value (or "=FORMULA" when it has none). Rows keep Excel's numbers; a row's cells end at its
 * last non-empty cell. Merged cells, hyperlinks and hidden sheets or rows are not interpreted (the
 * value sits in the top-left cell of a merge; hidden sheets are read like the others).
 */
import { isPercentFormat, percentText, type Cell, type Sheet, type SheetRow } from './reader.js';
import { partText, partTextChunks, zipParts, ZipDamaged, type ZipPart } from './zip-read.js';

export { ZipDamaged as XlsxDamaged };

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g;

/** XML character data with its entity and character references decoded (XML 1.0 §4.1, §4.6). */
export function xmlText(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name];
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** ST_Xstring escapes: `_x000D_` is a carriage return, `_x005F_` a literal underscore. */
export function xstring(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** The value of attribute `name` in an open tag's text (any namespace prefix on the name is accepted). */
function attr(tag: string, name: string): string | undefined {
  for (let k = tag.indexOf(`${name}=`); k > 0; k = tag.indexOf(`${name}=`, k + 1)) {
    const before = tag.charCodeAt(k - 1);
    if (!isSpace(before) && before !== 0x3a /* : */) continue;
    if (before === 0x3a) {
      // a prefixed attribute (r:id) counts only when asked for by its local name with a colon before
      let p = k - 1;
      while (p > 0 && !isSpace(tag.charCodeAt(p - 1))) p--;
      if (p === 0) continue;
    }
    const q = tag[k + name.length + 1];
    if (q !== '"' && q !== "'") continue;
    const end = tag.indexOf(q, k + name.length + 2);
    if (end < 0) return undefined;
    return xmlText(tag.slice(k + name.length + 2, end));
  }
  return undefined;
}

/** The index just past the `>` of the tag opening at `lt` (quoted attribute values may hold `>`). */
function tagEnd(s: string, lt: number): number {
  let quote = 0;
  for (let k = lt + 1; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e /* > */) return k + 1;
    else if (c === 0x22 || c === 0x27) quote = c;
  }
  return -1;
}

/** The start of the next `<prefix:name` tag (not one whose name merely begins so), or -1. */
function findTag(s: string, tag: string, from: number, to = s.length): number {
  for (let k = s.indexOf(tag, from); k >= 0 && k < to; k = s.indexOf(tag, k + 1)) {
    const c = s.charCodeAt(k + tag.length);
    if (isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */) return k;
  }
  return -1;
}

const ANY_T = /<(?:[\w.-]+:)?t(?:\s[^>]*)?(?:\/>|>([^<]*)<\/(?:[\w.-]+:)?t>)/g;
const PHONETIC = /<((?:[\w.-]+:)?)rPh\b[^>]*?(?:\/>|>[\s\S]*?<\/\1rPh>)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

/** The text of a string item (si or is): its t, or its runs' t joined; phonetic runs left out. */
function itemText(xml: string): string {
  let s = xml;
  if (s.indexOf('rPh') >= 0) s = s.replace(PHONETIC, '');
  if (s.indexOf('<![CDATA[') >= 0) s = s.replace(CDATA, (_, t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  let text = '';
  ANY_T.lastIndex = 0;
  for (let m = ANY_T.exec(s); m; m = ANY_T.exec(s)) if (m[1]) text += m[1];
  return xstring(xmlText(text));
}

/** The namespace prefix (with its colon) of the element `local`, from its first open tag; '' without one. */
function prefixOf(xml: string, local: string): string {
  const m = new RegExp(`<([\\w.-]+:)?${local}[\\s>/]`).exec(xml);
  return m?.[1] ?? '';
}

/** A part's path resolved against the part it is named from (OPC relative references, RFC 3986 §5.2). */
function resolvePart(from: string, target: string): string {
  const t = target.replace(/\\/g, '/').replace(/[?#].*$/, '');
  const segments = t.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(decodeURIComponent(seg));
  }
  return segments.join('/');
}

const relsOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

interface Relationship {
  id: string;
  type: string;
  target: string;
}

function parseRels(xml: string, source: string): Relationship[] {
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\s[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id === undefined || target === undefined || attr(m[0], 'TargetMode') === 'External') continue;
    out.push({ id, type: attr(m[0], 'Type') ?? '', target: resolvePart(source, target) });
  }
  return out;
}

/** How a style shows a number: 0 as a number, 1 as a date, 2 as a percentage. */
type Shown = 0 | 1 | 2;

/** Built-in formats (§18.8.30): the ones that show a date or time, and 9, 10 (percent). */
const BUILTIN_FORMATS: Record<number, string> = {
  9: '0%',
  10: '0.00%',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** Whether a number format shows a date or time: y, m, d, h, s (or b, Buddhist years) outside quotes, escapes and [..]. */
export function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(code.replace(/\[[^\]]*\]|"[^"]*"|\\.|_.|\*./g, '').replace(/general/gi, ''));
}

function shownOf(code: string | undefined): Shown {
  if (!code) return 0;
  if (isDateFormat(code)) return 1;
  return isPercentFormat(code) ? 2 : 0;
}

/** How each cell style (index into cellXfs) shows numbers. */
function parseStyles(xml: string): Shown[] {
  const formats = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?numFmt\s[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId'));
    const code = attr(m[0], 'formatCode');
    if (Number.isInteger(id) && code !== undefined) formats.set(id, code);
  }
  const p = prefixOf(xml, 'cellXfs');
  const start = findTag(xml, `<${p}cellXfs`, 0);
  if (start < 0) return [];
  const end = xml.indexOf(`</${p}cellXfs>`, start);
  const section = xml.slice(start, end < 0 ? xml.length : end);
  const shown: Shown[] = [];
  for (let k = findTag(section, `<${p}xf`, 0); k >= 0; k = findTag(section, `<${p}xf`, k + 1)) {
    const gt = tagEnd(section, k);
    const id = Number(attr(section.slice(k, gt < 0 ? section.length : gt), 'numFmtId') ?? 0);
    shown.push(shownOf(formats.get(id) ?? BUILTIN_FORMATS[id]));
  }
  return shown;
}

/** Excel's serial date as a Date (UTC), the 1900 or 1904 system, rounded to the millisecond (as exceljs did). */
export function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

/** Column index (0 = A) of a cell reference such as "AB12"; -1 without letters. */
function columnOf(ref: string): number {
  let col = 0;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref.charCodeAt(k) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return k === 0 ? -1 : col - 1;
}

const MAX_COLUMNS = 16384; // XFD, §18.3.1.4
const MAX_ROWS = 1048576;

interface SheetContext {
  strings: (string | null)[];
  shown: Shown[];
  date1904: boolean;
}

/** The text of the first child element `tag` (e.g. "<v") of a cell's content, undefined without one. */
function childText(content: string, tag: string, close: string): string | undefined {
  const k = findTag(content, tag, 0);
  if (k < 0) return undefined;
  const gt = tagEnd(content, k);
  if (gt < 0) return undefined;
  if (content.charCodeAt(gt - 2) === 0x2f) return '';
  const end = content.indexOf(close, gt);
  let text = content.slice(gt, end < 0 ? content.length : end);
  if (text.indexOf('<![CDATA[') >= 0) text = text.replace(CDATA, (_, t: string) => t.replace(/&/g, '&amp;'));
  return xmlText(text);
}

function numberCell(text: string, style: number, ctx: SheetContext): Cell {
  if (text.trim() === '') return null;
  const n = parseFloat(text);
  if (Number.isNaN(n)) return text;
  const shown = ctx.shown[style] ?? 0;
  if (shown === 1) return serialDate(n, ctx.date1904);
  if (shown === 2) return percentText(n);
  return n;
}

/** A cell's value from its type, style and content (the XML between <c ..> and </c>). */
function cellValue(t: string | undefined, style: number, content: string, p: string, ctx: SheetContext): Cell {
  const v = childText(content, `<${p}v`, `</${p}v>`);
  const hasFormula = findTag(content, `<${p}f`, 0) >= 0;
  if (t === 'inlineStr' || (t === undefined && v === undefined && findTag(content, `<${p}is`, 0) >= 0)) {
    const is = findTag(content, `<${p}is`, 0);
    if (is >= 0) return itemText(content.slice(is));
    return v === undefined ? null : xstring(v);
  }
  if (v === undefined) {
    if (!hasFormula) return null;
    const f = childText(content, `<${p}f`, `</${p}f>`) ?? '';
    return f === '' ? null : `=${f}`;
  }
  switch (t) {
    case 's': {
      const i = Number(v);
      return Number.isInteger(i) ? (ctx.strings[i] ?? null) : null;
    }
    case 'str':
      return xstring(v);
    case 'e':
      return v;
    case 'b':
      return v.trim() === 'true' || (v.trim() !== 'false' && parseInt(v, 10) !== 0);
    case 'd': {
      const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : `${v}Z`);
      return Number.isNaN(d.getTime()) ? v : d;
    }
    default:
      return numberCell(v, style, ctx);
  }
}

/** Reads the rows in `xml` (complete <row> elements) into `rows`; returns the last row number. */
function scanRows(xml: string, p: string, ctx: SheetContext, rows: SheetRow[], lastRow: number): number {
  const rowTag = `<${p}row`;
  const rowClose = `</${p}row>`;
  const cellTag = `<${p}c`;
  const cellClose = `</${p}c>`;
  for (let at = findTag(xml, rowTag, 0); at >= 0;) {
    const gt = tagEnd(xml, at);
    if (gt < 0) throw new ZipDamaged('a worksheet row tag is not closed');
    const r = attr(xml.slice(at, gt), 'r');
    const number = r === undefined ? lastRow + 1 : Number(r);
    if (!Number.isInteger(number) || number < 1 || number > MAX_ROWS) throw new ZipDamaged(`bad row number ${r}`);
    lastRow = number;
    const cells: Cell[] = [];
    let next: number;
    if (xml.charCodeAt(gt - 2) === 0x2f) {
      next = gt;
    } else {
      const end = xml.indexOf(rowClose, gt);
      if (end < 0) throw new ZipDamaged(`row ${number} is not closed`);
      next = end + rowClose.length;
      let col = -1;
      let last = -1;
      for (let c = findTag(xml, cellTag, gt, end); c >= 0; c = findTag(xml, cellTag, c + 1, end)) {
        const cgt = tagEnd(xml, c);
        if (cgt < 0 || cgt > end) throw new ZipDamaged(`row ${number}: a cell tag is not closed`);
        const tag = xml.slice(c, cgt);
        const ref = attr(tag, 'r');
        const refCol = ref === undefined ? -1 : columnOf(ref);
        col = refCol >= 0 ? refCol : col + 1;
        if (col >= MAX_COLUMNS) throw new ZipDamaged(`row ${number}: column ${ref ?? col + 1} is beyond XFD`);
        if (xml.charCodeAt(cgt - 2) === 0x2f) continue; // <c r="B2" s="1"/>: styled, empty
        const cend = xml.indexOf(cellClose, cgt);
        if (cend < 0 || cend > end) throw new ZipDamaged(`row ${number}: a cell is not closed`);
        const value = cellValue(attr(tag, 't'), Number(attr(tag, 's') ?? 0) || 0, xml.slice(cgt, cend), p, ctx);
        c = cend;
        if (value === null) {
          if (col < cells.length) cells[col] = null;
          continue;
        }
        while (cells.length < col) cells.push(null);
        cells[col] = value;
        if (col > last) last = col;
      }
      cells.length = last + 1; // a row ends at its last non-empty cell
    }
    rows.push({ number, cells });
    at = findTag(xml, rowTag, next);
  }
  return lastRow;
}

/** Splits streamed XML into pieces that end with `close` (whole elements), the tail last. */
async function* wholeElements(chunks: AsyncIterable<string>, close: (text: string) => string): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    const tag = close(pending);
    const cut = pending.lastIndexOf(tag);
    if (cut < 0) continue;
    yield pending.slice(0, cut + tag.length);
    pending = pending.slice(cut + tag.length);
  }
  if (pending) yield pending;
}

async function readSharedStrings(bytes: Uint8Array, part: ZipPart): Promise<(string | null)[]> {
  const strings: (string | null)[] = [];
  let p: string | undefined;
  for await (const piece of wholeElements(partTextChunks(bytes, part), (t) => `</${(p ??= prefixOf(t, 'sst'))}si>`)) {
    p ??= prefixOf(piece, 'sst');
    const siTag = `<${p}si`;
    const siClose = `</${p}si>`;
    for (let k = findTag(piece, siTag, 0); k >= 0;) {
      const gt = tagEnd(piece, k);
      if (gt < 0) throw new ZipDamaged('sharedStrings.xml: an item is not closed');
      if (piece.charCodeAt(gt - 2) === 0x2f) {
        strings.push(null);
        k = findTag(piece, siTag, gt);
        continue;
      }
      const end = piece.indexOf(siClose, gt);
      if (end < 0) throw new ZipDamaged('sharedStrings.xml: an item is not closed');
      const text = itemText(piece.slice(gt, end));
      strings.push(text === '' ? null : text);
      k = findTag(piece, siTag, end);
    }
  }
  return strings;
}

async function readWorksheet(bytes: Uint8Array, part: ZipPart, ctx: SheetContext): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  let p: string | undefined;
  let lastRow = 0;
  let first = true;
  for await (const piece of wholeElements(partTextChunks(bytes, part), (t) => `</${(p ??= prefixOf(t, 'worksheet'))}row>`)) {
    p ??= prefixOf(piece, 'worksheet');
    if (first && !piece.includes(`<${p}worksheet`)) throw new ZipDamaged(`${part.name} is not a worksheet`);
    first = false;
    lastRow = scanRows(piece, p, ctx, rows, lastRow);
  }
  if (first) throw new ZipDamaged(`${part.name} is empty`);
  return rows;
}

const REL = {
  officeDocument: /\/officeDocument$/,
  worksheet: /\/worksheet$/,
  sharedStrings: /\/sharedStrings$/,
  styles: /\/styles$/,
};

/** The worksheets of an .xlsx workbook in the workbook's order; ZipDamaged when it cannot be read. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<Sheet[]> {
  const parts = zipParts(bytes);
  const part = (name: string) => parts.get(name.toLowerCase());
  const text = async (name: string) => {
    const found = part(name);
    return found ? partText(bytes, found) : undefined;
  };
  const root = await text('_rels/.rels');
  const workbookName = (root && parseRels(root, '').find((r) => REL.officeDocument.test(r.type))?.target) || 'xl/workbook.xml';
  const workbookXml = await text(workbookName);
  if (workbookXml === undefined) throw new ZipDamaged(`no workbook part (${workbookName})`);
  const wp = prefixOf(workbookXml, 'workbook');
  if (!workbookXml.includes(`<${wp}workbook`)) throw new ZipDamaged(`${workbookName} is not a workbook`);
  const rels = parseRels((await text(relsOf(workbookName))) ?? '', workbookName);
  const target = (type: RegExp, fallback: string) => rels.find((r) => type.test(r.type))?.target ?? fallback;

  const prPos = findTag(workbookXml, `<${wp}workbookPr`, 0);
  const date1904Attr = prPos < 0 ? undefined : attr(workbookXml.slice(prPos, tagEnd(workbookXml, prPos)), 'date1904');
  const date1904 = date1904Attr === '1' || date1904Attr === 'true';

  const stylesPart = part(target(REL.styles, 'xl/styles.xml'));
  const shown = stylesPart ? parseStyles(await partText(bytes, stylesPart)) : [];
  const stringsPart = part(target(REL.sharedStrings, 'xl/sharedStrings.xml'));
  const strings = stringsPart ? await readSharedStrings(bytes, stringsPart) : [];
  const ctx: SheetContext = { strings, shown, date1904 };

  const sheets: Sheet[] = [];
  for (const m of workbookXml.matchAll(new RegExp(`<${wp}sheet\\s[^>]*>`, 'g'))) {
    const name = attr(m[0], 'name') ?? null;
    const id = attr(m[0], 'id'); // r:id
    const rel = rels.find((r) => r.id === id);
    if (!rel) throw new ZipDamaged(`sheet ${name}: no relationship ${id}`);
    if (!REL.worksheet.test(rel.type)) continue; // a chart sheet, dialog or macro sheet: no cells
    const sheetPart = part(rel.target);
    if (!sheetPart) throw new ZipDamaged(`sheet ${name}: part ${rel.target} is missing`);
    sheets.push({ name, rows: await readWorksheet(bytes, sheetPart, ctx) });
  }
  return sheets;
}
