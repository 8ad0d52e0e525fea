/**
 * The .xlsx path readTable had before its own reader (tables/xlsx-read.ts): exceljs's streaming
 * reader, the workbook's parts reordered first (old-xlsx-zip-order.ts, exceljs#962) and its UTF-8
 * patch (old-xlsx-exceljs-utf8.ts). Kept only so that xlsx-read.test.ts can require both to read
 * every workbook the same.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { isPercentFormat, percentText, plainCell, type Cell, type Sheet } from '../src/tables/reader.js';
import { workbookPartsInReadingOrder } from './old-xlsx-zip-order.js';
import './old-xlsx-exceljs-utf8.js';

export async function oldReadXlsx(bytes: Uint8Array): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  const ordered = workbookPartsInReadingOrder(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    Readable.from(Buffer.from(ordered.buffer, ordered.byteOffset, ordered.byteLength)),
    {
      sharedStrings: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'emit',
    },
  );
  for await (const worksheet of reader) {
    const ws = worksheet as unknown as AsyncIterable<{ number: number; values: unknown[]; getCell(i: number): { numFmt?: string } }> & {
      name?: string;
    };
    const sheet: Sheet = { name: ws.name ?? null, rows: [] };
    for await (const row of ws) {
      const values = row.values;
      const cells: Cell[] = new Array(Math.max(0, values.length - 1));
      for (let i = 1; i < values.length; i++) {
        const cell = plainCell(values[i]);
        cells[i - 1] = typeof cell === 'number' && isPercentFormat(row.getCell(i).numFmt) ? percentText(cell) : cell;
      }
      sheet.rows.push({ number: row.number, cells });
    }
    sheet.name = ws.name ?? sheet.name;
    sheets.push(sheet);
  }
  return sheets;
}
