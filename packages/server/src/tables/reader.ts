/**
 * The one table reader for uploads (observation imports, 15-minute-circle point lists, the CLI):
 * - `readTable` turns a file into sheets of plain cells; the file type is decided by its bytes, not
 *   its name: a zip container must be a real .xlsx workbook, an OLE2 file a legacy .xls workbook,
 *   an HTML page (often saved as .xls by report systems) is read by its tables, anything else is
 *   read as CSV or tab-separated text (UTF-8, GB18030 or UTF-16) and must look like delimited text;
 * - a table spec names the columns (aliases in Chinese or English, required or not, how a cell is
 *   parsed); `matchColumns` finds them in a header row and `readRecords` reads the rows below it;
 * - locations are what a user sees in Excel: sheet name, 1-based row number, column letter;
 * - `parseNumber` reads numbers as clerks type them.
 */
import { checkZipLimits } from './zip-limits.js';
import { readXlsxSheets } from './xlsx-read.js';
import { AppError } from '../errors.js';
import { decodeText, parseCsv, sniffEncoding } from './csv.js';
import { HtmlTableTooLarge, looksLikeHtml, MAX_HTML_CELLS, parseHtmlTables } from './html.js';
import { isOle2, readXlsSheets } from './xls.js';
import { parseBounded } from './parse-pool.js';

export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as the user sees it in Excel */
  number: number;
  /** cells[0] is column A */
  cells: Cell[];
}

export interface Sheet {
  name: string | null;
  rows: SheetRow[];
}

export interface ReadResult {
  format: 'xlsx' | 'xls' | 'html' | 'csv';
  encoding: string | null;
  sheets: Sheet[];
}

const fileError = (code: string, zh: string, en: string) => new AppError(code, 422, { zh, en });

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Excel cell values of every shape (formula, rich text, hyperlink, error) reduced to a plain value. */
export function plainCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return plainCell(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return String(o.error);
    // a formula saved without its computed value (written by a program, never opened in Excel)
    if (typeof o.formula === 'string') return `=${o.formula}`;
    if (typeof o.sharedFormula === 'string') return `=${o.sharedFormula}`;
  }
  return String(v);
}

/**
 * Reads an uploaded file into sheets, bounded (tables/parse-pool.ts): at most a few at once, each in
 * a worker with a memory cap; 429 IMPORT_BUSY when the queue is full. Size checks come first, so a
 * file over the limit takes no slot.
 */
export async function readTable(bytes: Uint8Array, fileName: string, maxBytes: number): Promise<ReadResult> {
  checkSize(bytes, fileName, maxBytes);
  return parseBounded(bytes, fileName, maxBytes, () => readTableHere(bytes, fileName, maxBytes));
}

function checkSize(bytes: Uint8Array, fileName: string, maxBytes: number): void {
  if (bytes.length > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw fileError(
      'FILE_TOO_LARGE',
      `文件 ${fileName} 大小 ${mb(bytes.length)} MB，超过上限 ${mb(maxBytes)} MB`,
      `File ${fileName} is ${mb(bytes.length)} MB, over the ${mb(maxBytes)} MB limit`,
    );
  }
  if (bytes.length === 0) throw fileError('FILE_EMPTY', `文件 ${fileName} 是空的`, `File ${fileName} is empty`);
  // a zip bomb is refused from its directory, before it takes a parser
  if (isZip(bytes)) checkZipLimits(bytes, fileName);
}

/** Reads the file in this thread, unbounded: the parser worker's body (and `readTable` with workers off). */
export async function readTableHere(bytes: Uint8Array, fileName: string, maxBytes: number): Promise<ReadResult> {
  checkSize(bytes, fileName, maxBytes);
  const lower = fileName.toLowerCase();
  if (isZip(bytes)) return readXlsx(bytes, fileName);
  if (isOle2(bytes)) return readXls(bytes, fileName);
  const utf16 = sniffEncoding(bytes).encoding?.startsWith('utf-16');
  const namedXlsx = lower.endsWith('.xlsx') || lower.endsWith('.xlsm');
  const notXlsx = () =>
    fileError(
      'FILE_NOT_SPREADSHEET',
      `文件 ${fileName} 不是有效的 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件`,
      `File ${fileName} is not a valid Excel workbook (.xlsx); it may be another file renamed`,
    );
  if (!utf16 && looksBinary(bytes)) {
    if (namedXlsx) throw notXlsx();
    throw fileError('FILE_NOT_SPREADSHEET', `文件 ${fileName} 不是 Excel 或 CSV 文件`, `File ${fileName} is neither Excel nor CSV`);
  }
  const { text, encoding } = decodeText(bytes);
  if (looksLikeHtml(text)) {
    // Excel's "XML 表格 2003", also saved as .xls
    if (/^\uFEFF?\s*<\?xml[\s\S]{0,2000}?urn:schemas-microsoft-com:office:spreadsheet/.test(text.slice(0, 4096))) {
      return readXls(bytes, fileName);
    }
    // an HTML page saved under an Excel name (report systems' "导出 Excel"), also in UTF-16 or GBK
    return readHtml(text, encoding, fileName);
  }
  if (namedXlsx) throw notXlsx();
  // anything else, also text saved as .xls (tab-separated exports), is read as delimited text
  return readCsv(text, encoding, fileName);
}

function readHtml(text: string, encoding: string, fileName: string): ReadResult {
  let sheets: Sheet[];
  try {
    sheets = parseHtmlTables(text);
  } catch (err) {
    if (!(err instanceof HtmlTableTooLarge)) throw err;
    throw fileError(
      'FILE_TOO_LARGE',
      `文件 ${fileName} 中的表格展开合并单元格后超过 ${MAX_HTML_CELLS} 个单元格`,
      `The table in ${fileName} has more than ${MAX_HTML_CELLS} cells once merged cells are expanded`,
    );
  }
  if (sheets.length === 0) {
    throw fileError(
      'FILE_NOT_SPREADSHEET',
      `文件 ${fileName} 是网页（HTML），其中没有表格：请在 Excel 中打开并另存为 .xlsx`,
      `File ${fileName} is a web page (HTML) without a table: open it in Excel and save it as .xlsx`,
    );
  }
  return { format: 'html', encoding, sheets };
}

function readXls(bytes: Uint8Array, fileName: string): ReadResult {
  let sheets: Sheet[];
  try {
    sheets = readXlsSheets(bytes);
  } catch (err) {
    throw fileError(
      'FILE_NOT_SPREADSHEET',
      `无法读取 Excel 97-2003 文件 ${fileName}：文件已损坏或已加密。请在 Excel 中打开并另存为 .xlsx 后再导入`,
      `Cannot read Excel 97-2003 file ${fileName}: it is damaged or encrypted. Open it in Excel, save it as .xlsx and import that (${(err as Error).message})`,
    );
  }
  if (sheets.length === 0) {
    throw fileError('FILE_NOT_SPREADSHEET', `文件 ${fileName} 中没有工作表`, `File ${fileName} contains no worksheets`);
  }
  return { format: 'xls', encoding: null, sheets };
}

/** Tab-separated text (Excel's "Unicode text", report systems' exports) when the first line has more tabs than commas. */
function delimiterOf(text: string): ',' | '\t' {
  const first = text.slice(0, 4096).split(/\r?\n/, 1)[0];
  const count = (c: string) => first.split(c).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

function readCsv(text: string, encoding: string, fileName: string): ReadResult {
  const { rows, error } = parseCsv(text, delimiterOf(text));
  if (error) {
    throw fileError(
      'CSV_INVALID',
      `CSV 文件 ${fileName} 第 ${error.row} 行：引号未闭合`,
      `CSV file ${fileName}, row ${error.row}: unterminated quoted field`,
    );
  }
  return {
    format: 'csv',
    encoding,
    sheets: [{ name: null, rows: rows.map((cells, i) => ({ number: i + 1, cells: cells.map((c) => (c === '' ? null : c)) })) }],
  };
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  let sheets: Sheet[];
  try {
    sheets = await readXlsxSheets(bytes);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fileError(
      'FILE_NOT_SPREADSHEET',
      `无法读取 Excel 文件 ${fileName}：文件已损坏或不是 .xlsx 工作簿`,
      `Cannot read Excel file ${fileName}: it is damaged or not an .xlsx workbook (${(err as Error).message})`,
    );
  }
  if (sheets.length === 0) {
    throw fileError('FILE_NOT_SPREADSHEET', `文件 ${fileName} 中没有工作表`, `File ${fileName} contains no worksheets`);
  }
  return { format: 'xlsx', encoding: null, sheets };
}

/** Spreadsheet column letter of a cell index: cells[0] → A, cells[26] → AA. */
export function columnLetter(cellIndex: number): string {
  let s = '';
  for (let n = cellIndex + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const isBlank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

/** The rows with at least one non-blank cell; the first of them is the header. */
export function nonEmptyRows(sheet: Sheet): SheetRow[] {
  return sheet.rows.filter((r) => r.cells.some((c) => !isBlank(c)));
}

/** A header as compared with aliases: case, spaces (also full-width), hyphens and brackets do not count. */
export const headerKey = (s: string) => s.toLowerCase().replace(/[\s\u3000\-（）()]/g, '');

export const cellText = (c: Cell): string => (c === null || c === undefined ? '' : String(c).trim());

/**
 * Whether an Excel number format shows its value as a percentage (`0.0%`, `0.00%;[Red]-0.00%`):
 * a `%` outside quoted text and escapes. Excel stores such a cell as the fraction (0.935 for 93.5 %).
 */
export function isPercentFormat(numFmt: string | undefined): boolean {
  if (!numFmt || !numFmt.includes('%')) return false;
  return numFmt.replace(/"[^"]*"|\\./g, '').includes('%');
}

/** A percent-formatted cell as the clerk sees it: 0.935 → "93.5%" (without the float noise of ×100). */
export function percentText(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(15))}%`;
}

/** A percentage as typed or shown ("95%", "９５．５％", " 12.5 %") → 95, 95.5, 12.5; anything else null. */
export function parsePercent(cell: Cell): number | null {
  if (typeof cell !== 'string' || cell.length > 64) return null;
  const m = /^(.*?)\s*[%％]$/.exec(cell.trim());
  return m ? parseNumber(m[1]) : null;
}

/** Numbers as clerks type them: full-width digits, thousands separators, a leading +, (12.3) / （12.3） for −12.3. */
export function parseNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  // no number is longer; a long cell is not even scanned (a 5 MB cell must not cost seconds)
  if (cell.length > 64) return null;
  const negative = /^\s*[(（]\s*([^()（）+\-－＋]+?)\s*[)）]\s*$/.exec(cell);
  if (negative) {
    const n = parseNumber(negative[1]);
    return n === null ? null : n === 0 ? 0 : -n;
  }
  let s = cell.trim().replace(/[０-９．－＋，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null; // unambiguous: no quadratic backtracking
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export interface ColumnSpec<V = unknown> {
  /** header names this column is recognised by, the first one shown in messages */
  aliases: readonly string[];
  required?: boolean;
  /** cell → value (default: the cell as it is) */
  parse?: (cell: Cell) => V;
}

/** The columns of a table by field name (a spec may leave some fields of a shared field list out). */
export type TableSpec<F extends string> = Partial<Record<F, ColumnSpec>>;

export interface ColumnMatch<F extends string> {
  /** cell index of each recognised column (the first one, when a header appears twice) */
  columns: Partial<Record<F, number>>;
  /** required columns the header lacks */
  missing: F[];
  /** a recognised column seen again */
  duplicates: { field: F; index: number; header: string }[];
  /** non-blank headers matching no column */
  unknown: { index: number; header: string }[];
}

/** The spec's column a header names, or null. */
export function columnOf<F extends string>(spec: TableSpec<F>, header: string): F | null {
  const key = headerKey(header);
  for (const field of Object.keys(spec) as F[]) if (spec[field]!.aliases.some((a) => headerKey(a) === key)) return field;
  return null;
}

/** Finds the spec's columns in a header row by their aliases. */
export function matchColumns<F extends string>(header: SheetRow, spec: TableSpec<F>): ColumnMatch<F> {
  const match: ColumnMatch<F> = { columns: {}, missing: [], duplicates: [], unknown: [] };
  header.cells.forEach((cell, index) => {
    const text = cellText(cell);
    if (text === '') return;
    const field = columnOf(spec, text) ?? undefined;
    if (field === undefined) match.unknown.push({ index, header: text });
    else if (match.columns[field] !== undefined) match.duplicates.push({ field, index, header: text });
    else match.columns[field] = index;
  });
  match.missing = (Object.keys(spec) as F[]).filter((f) => spec[f]!.required && match.columns[f] === undefined);
  return match;
}

/** A data row read by a spec: parsed values by field, its row number and each field's column letter. */
export interface TableRecord<F extends string> {
  values: Partial<Record<F, unknown>>;
  row: number;
  columns: Partial<Record<F, string>>;
}

/** Reads `rows` through the matched columns, parsing each cell with its column's `parse`. */
export function readRecords<F extends string>(rows: SheetRow[], columns: Partial<Record<F, number>>, spec: TableSpec<F>): TableRecord<F>[] {
  const fields = (Object.keys(columns) as F[]).filter((f) => columns[f] !== undefined);
  const letters: Partial<Record<F, string>> = {};
  for (const f of fields) letters[f] = columnLetter(columns[f]!);
  return rows.map((r) => {
    const values: Partial<Record<F, unknown>> = {};
    for (const f of fields) {
      const cell = r.cells[columns[f]!] ?? null;
      const parse = spec[f]?.parse;
      values[f] = parse ? parse(cell) : cell;
    }
    return { values, row: r.number, columns: letters };
  });
}
