/** Every cell an export writes, header cells included, is neutralised against formula injection. */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { tablesToBuffer } from '../src/exports/table-writer.js';

const evil = '=HYPERLINK("http://x","y")';
const sheet = { name: 's', header: ['地区', evil, '@SUM(A1)'], rows: [[['330603', evil, '-1+2']]] };

describe('export cells', () => {
  it('neutralise formulas in headers and data, in .csv', async () => {
    const csv = (await tablesToBuffer('csv', [sheet])).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe(`\ufeff地区,"'=HYPERLINK(""http://x"",""y"")",'@SUM(A1)`);
    expect(csv.split('\r\n')[1]).toBe(`330603,"'=HYPERLINK(""http://x"",""y"")",'-1+2`);
  });

  it('neutralise formulas in headers and data, in .xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await tablesToBuffer('xlsx', [sheet]));
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '地区', `'${evil}`, `'@SUM(A1)`]);
    expect(ws.getRow(2).values).toEqual([undefined, '330603', `'${evil}`, `'-1+2`]);
    ws.eachRow((row) => row.eachCell((c) => expect(c.formula, String(c.value)).toBeUndefined()));
  });
});
