/**
 * Writes a table to .xlsx (streamed by exceljs) or CSV (UTF-8 with BOM, which Excel opens correctly).
 * Text cells beginning with = + - @ (or tab / carriage return) are prefixed with an apostrophe so a
 * spreadsheet never evaluates them as formulas (OWASP "CSV injection") — header cells too: they
 * carry indicator names, which users edit. Every export path writes through here.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRecord } from '../tables/csv.js';

export type OutCell = string | number | null;
export type ExportFormat = 'xlsx' | 'csv';

export function neutralise(cell: OutCell): OutCell {
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell)) return `'${cell}`;
  return cell;
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
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    const lead = sheet.watermark ? 1 : 0;
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 + lead }] });
    const widths = sheet.header.map((h, i) => sheet.widths?.[i] ?? Math.max(10, h.length * 2 + 2));
    if (sheet.watermark) {
      ws.columns = widths.map((width) => ({ width }));
      const text = String(neutralise(sheet.watermark));
      ws.headerFooter.oddHeader = `&C${text.replace(/&/g, '&&')}`;
      ws.headerFooter.oddFooter = `&C${text.replace(/&/g, '&&')}`;
      const mark = ws.addRow([text]);
      mark.font = { italic: true, color: { argb: 'FFC0392B' } };
      mark.commit();
      const head = ws.addRow(sheet.header.map((h) => String(neutralise(h))));
      head.font = { bold: true };
      head.commit();
    } else {
      ws.columns = sheet.header.map((h, i) => ({ header: String(neutralise(h)), width: widths[i] }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
    }
    for await (const page of sheet.rows) {
      written += page.length;
      for (const r of page) ws.addRow(r.map(neutralise)).commit();
    }
    ws.commit();
  }
  await workbook.commit();
  return written;
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
