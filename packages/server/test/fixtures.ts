/** Builders for real import files: .xlsx through exceljs, CSV text in UTF-8 or GBK. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** A number with an Excel number format, as a clerk's workbook holds it (0.935 shown as 93.5 %). */
export interface Formatted {
  value: number;
  numFmt: string;
}
export type Row = (string | number | Date | null | Formatted)[];

const isFormatted = (c: Row[number]): c is Formatted => typeof c === 'object' && c !== null && !(c instanceof Date);

export async function xlsx(sheets: Record<string, Row[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) {
      const row = ws.addRow(r.map((c) => (isFormatted(c) ? c.value : c)));
      r.forEach((c, i) => {
        if (isFormatted(c)) row.getCell(i + 1).numFmt = c.numFmt;
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvText(rows: Row[]): string {
  return (
    rows
      .map((r) => r.map((c) => (c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(','))
      .join('\r\n') + '\r\n'
  );
}

export const utf8 = (rows: Row[]) => Buffer.from(csvText(rows), 'utf8');
export const gbk = (rows: Row[]) => iconv.encode(csvText(rows), 'gbk');

/** Reads back an .xlsx produced by the server into rows of plain values. */
export async function readXlsx(bytes: Buffer | Uint8Array): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[ws.name] = rows;
  });
  return out;
}
