/**
 * Turns an uploaded file into sheets of plain cells. The file type is decided by its bytes,
 * not its name: a zip container must be a real .xlsx workbook, anything else is read as CSV text
 * (UTF-8 or GB18030) and must look like delimited text.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.js';
import { decodeText, parseCsv } from './csv.js';

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
  format: 'xlsx' | 'csv';
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
  }
  return String(v);
}

export async function readUpload(bytes: Uint8Array, fileName: string, maxBytes: number): Promise<ReadResult> {
  if (bytes.length > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw fileError(
      'FILE_TOO_LARGE',
      `文件 ${fileName} 大小 ${mb(bytes.length)} MB，超过上限 ${mb(maxBytes)} MB`,
      `File ${fileName} is ${mb(bytes.length)} MB, over the ${mb(maxBytes)} MB limit`,
    );
  }
  if (bytes.length === 0) throw fileError('FILE_EMPTY', `文件 ${fileName} 是空的`, `File ${fileName} is empty`);
  const lower = fileName.toLowerCase();
  if (isZip(bytes)) return readXlsx(bytes, fileName);
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) {
    throw fileError(
      'FILE_NOT_SPREADSHEET',
      `文件 ${fileName} 不是有效的 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件`,
      `File ${fileName} is not a valid Excel workbook (.xlsx); it may be another file renamed`,
    );
  }
  if (lower.endsWith('.xls') || (bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
    throw fileError(
      'FILE_XLS_UNSUPPORTED',
      `不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV`,
      `Legacy .xls files are not supported; save as .xlsx or CSV in Excel`,
    );
  }
  if (looksBinary(bytes)) {
    throw fileError('FILE_NOT_SPREADSHEET', `文件 ${fileName} 不是 Excel 或 CSV 文件`, `File ${fileName} is neither Excel nor CSV`);
  }
  return readCsv(bytes, fileName);
}

function readCsv(bytes: Uint8Array, fileName: string): ReadResult {
  const { text, encoding } = decodeText(bytes);
  const { rows, error } = parseCsv(text);
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
  const sheets: Sheet[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
      sharedStrings: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'emit',
    });
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as AsyncIterable<{ number: number; values: unknown[] }> & { name?: string };
      const sheet: Sheet = { name: ws.name ?? null, rows: [] };
      for await (const row of ws) {
        const values = row.values;
        const cells: Cell[] = new Array(Math.max(0, values.length - 1));
        for (let i = 1; i < values.length; i++) cells[i - 1] = plainCell(values[i]);
        sheet.rows.push({ number: row.number, cells });
      }
      sheet.name = ws.name ?? sheet.name;
      sheets.push(sheet);
    }
  } catch (err) {
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
