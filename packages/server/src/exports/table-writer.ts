/**
 * Writes a table to .xlsx (streamed by xlsx-stream.ts) or CSV (UTF-8 with BOM, which Excel opens correctly).
 * Text cells beginning with = + - @ (or tab / carriage return) are prefixed with an apostrophe so a
 * spreadsheet never evaluates them as formulas (OWASP "CSV injection") — header cells too: they
 * carry indicator names, which users edit. Every export path writes through here.
 */
import { PassThrough, type Writable } from 'node:stream';
import { csvRecord } from '../tables/csv.js';
import { writeXlsx } from './xlsx-stream.js';

export type OutCell = string | number | null;
export type ExportFormat = 'xlsx' | 'csv';

const FORMULA_START = /^[=+\-@\t\r]/;
/** A text a spreadsheet would read as a formula, made literal with a leading apostrophe. */
export const neutraliseText = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

export function neutralise(cell: OutCell): OutCell {
  return typeof cell === 'string' ? neutraliseText(cell) : cell;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export interface SheetSpec {
  name: string;
  header: string[];
  rows: AsyncIterable<OutCell[][]> | Iterable<OutCell[][]>;
  widths?: number[];
  /**
   * A line above the header naming who exported the data and when (exports of personal data):
   * the first row of the sheet, and the printed page header and footer of a workbook.
   */
  watermark?: string;
}

/** Writes the sheets (CSV: the first one) and ends `out`; returns the number of data rows written. */
export async function writeTables(format: ExportFormat, sheets: SheetSpec[], out: Writable): Promise<number> {
  let written = 0;
  if (format === 'csv') {
    const sheet = sheets[0];
    out.write('\ufeff');
    if (sheet.watermark) out.write(csvRecord([String(neutralise(sheet.watermark))]) + '\r\n');
    out.write(csvRecord(sheet.header.map((h) => String(neutralise(h)))) + '\r\n');
    for await (const page of sheet.rows) {
      written += page.length;
      const chunk = page.map((r) => csvRecord(r.map(neutralise))).join('\r\n');
      if (chunk && !out.write(chunk + '\r\n')) await new Promise((r) => out.once('drain', r));
    }
    out.end();
    return written;
  }
  // every text cell, header and watermark goes through neutraliseText in the writer (no row copies)
  return writeXlsx(sheets, out, { text: neutraliseText });
}

/** Renders tables into one Buffer, for small files and tests. */
export async function tablesToBuffer(format: ExportFormat, sheets: SheetSpec[]): Promise<Buffer> {
  return (await renderTables(format, sheets)).bytes;
}

/** Renders tables into one Buffer and counts their data rows (for the audit row of an export). */
export async function renderTables(format: ExportFormat, sheets: SheetSpec[]): Promise<{ bytes: Buffer; rows: number }> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const rows = await writeTables(format, sheets, out);
  await done;
  return { bytes: Buffer.concat(parts), rows };
}
