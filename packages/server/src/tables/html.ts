/**
 * HTML tables saved as .xls/.xlsx: report systems and "导出 Excel" buttons often write an HTML page
 * (`<table><tr><td>…`) under an Excel name, and Excel opens it without a word. Each top-level
 * `<table>` becomes a sheet; `<td>`/`<th>` are cells, tags inside a cell are dropped, entities are
 * decoded, and a cell spanning columns or rows (colspan/rowspan) keeps its value in its first cell
 * with the covered cells empty, as a merged range of an .xlsx workbook reads.
 */
import type { Cell, Sheet } from './reader.js';

/** Whether decoded text is markup: `<` first after a BOM and whitespace. */
export const looksLikeHtml = (text: string) => /^\uFEFF?\s*</.test(text.slice(0, 1024));

/** Cells of an expanded table, beyond which a hostile file (colspan=16384 on every cell) is refused. */
export const MAX_HTML_CELLS = 2_000_000;
const MAX_COLUMNS = 16_384; // Excel's limit
const MAX_ROWSPAN = 65_534;

const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  yen: '¥',
  times: '×',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  percnt: '%',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

const cellValue = (raw: string): Cell => {
  const text = decodeEntities(raw.replace(/<[^>]*>/g, ''))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  return text === '' ? null : text;
};

const spanOf = (attrs: string, name: string, max: number) => {
  const m = new RegExp(`\\b${name}\\s*=\\s*["']?\\s*(\\d+)`, 'i').exec(attrs);
  return m ? Math.min(Math.max(Number(m[1]), 1), max) : 1;
};

export class HtmlTableTooLarge extends Error {}

/** The top-level tables of an HTML page as sheets (rows numbered from 1 per table, as Excel shows them). */
export function parseHtmlTables(html: string): Sheet[] {
  // scripts, styles and comments hold no cells (and may hold "<td>" in text)
  const body = html.replace(/<!--[\s\S]*?-->|<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
  const tag = /<(\/?)(table|tr|td|th)\b([^>]*)>/gi;
  const sheets: Sheet[] = [];
  let depth = 0;
  let rows: Cell[][] = [];
  let row: Cell[] | null = null;
  let cell: { start: number; colspan: number; rowspan: number } | null = null;
  /** per column: rows still covered by a rowspan from above */
  let carry: number[] = [];
  let cells = 0;
  const put = (r: Cell[], index: number, value: Cell) => {
    if (++cells > MAX_HTML_CELLS) throw new HtmlTableTooLarge();
    r[index] = value;
  };
  const skipCarried = (r: Cell[]) => {
    while ((carry[r.length] ?? 0) > 0) put(r, r.length, null);
  };
  const closeCell = (end: number) => {
    if (!cell || !row) return;
    skipCarried(row);
    const at = row.length;
    const width = Math.min(cell.colspan, MAX_COLUMNS - at);
    if (width > 0) {
      put(row, at, cellValue(body.slice(cell.start, end)));
      for (let i = 1; i < width; i++) put(row, at + i, null);
      for (let i = 0; i < width; i++) carry[at + i] = Math.max(carry[at + i] ?? 0, cell.rowspan);
    }
    cell = null;
  };
  const closeRow = (end: number) => {
    closeCell(end);
    if (!row) return;
    // columns covered from above after the row's last own cell
    for (let i = row.length; i < carry.length; i++) if ((carry[i] ?? 0) > 0) put(row, i, null);
    for (let i = 0; i < row.length; i++) {
      // every covering span (and the row's own cells) is one row shorter now; own cells of this row set carry ≥ 1
      if ((carry[i] ?? 0) > 0) carry[i]--;
    }
    while (carry.length > 0 && !carry[carry.length - 1]) carry.pop();
    rows.push(row.map((c) => c ?? null));
    row = null;
  };
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    if (name === 'table') {
      if (!closing) {
        depth++;
        if (depth === 1) {
          rows = [];
          row = null;
          cell = null;
          carry = [];
        }
      } else if (depth > 0) {
        depth--;
        if (depth === 0) {
          closeRow(m.index);
          sheets.push({ name: null, rows: rows.map((cells, i) => ({ number: i + 1, cells })) });
        }
      }
      continue;
    }
    if (depth !== 1) continue; // a table nested in a cell is text of that cell
    if (name === 'tr') {
      closeRow(m.index);
      if (!closing) row = [];
    } else if (!closing) {
      closeCell(m.index);
      if (!row) row = [];
      cell = { start: m.index + m[0].length, colspan: spanOf(m[3], 'colspan', MAX_COLUMNS), rowspan: spanOf(m[3], 'rowspan', MAX_ROWSPAN) };
    } else closeCell(m.index);
  }
  if (depth > 0) {
    // an unclosed table (a truncated page): what was read is still a table
    closeRow(body.length);
    sheets.push({ name: null, rows: rows.map((cells, i) => ({ number: i + 1, cells })) });
  }
  if (sheets.length > 1) sheets.forEach((s, i) => (s.name = `表${i + 1}`));
  return sheets;
}
