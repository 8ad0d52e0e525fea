/** Every cell an export writes, header cells included, is neutralised against formula injection. */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import XLSX from '@e965/xlsx';
import { tablesToBuffer, writeTables } from '../src/exports/table-writer.js';
import { columnName, crc32 } from '../src/exports/xlsx-stream.js';
import { readTable } from '../src/tables/reader.js';

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

describe('the streaming xlsx writer (exports/xlsx-stream.ts)', () => {
  it('computes ZIP’s CRC-32 (check value of "123456789")', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('56789'), crc32(Buffer.from('1234')))).toBe(0xcbf43926);
    expect(columnName(0) + columnName(25) + columnName(26) + columnName(701) + columnName(702)).toBe('AZAAZZAAA');
  });

  const wide = Array.from({ length: 30 }, (_, j) => `列${j}`);
  const body: (string | number | null)[][] = [
    ['柯桥街道', 1.5, null, 'a & b < c > "d"', ' padded ', -0, 1e-7, 123456789012, 'bell\u0007gone'],
    Array.from({ length: 30 }, (_, j) => (j % 2 ? j * 1.25 : `v${j}`)),
    [null, NaN, Infinity, 'end'],
  ];
  // a fresh generator each time: a sheet's rows may be a one-shot iterable
  const sheets = () => [
    { name: '排名', header: ['地区', '值', '空', '符号', '空格', '零', '小', '大', '控制'], rows: [body.slice(0, 1)] },
    {
      name: 'a/b:c*d?[e]',
      header: wide,
      rows: (function* () {
        yield [body[1]];
        yield [body[2]];
      })(),
    },
  ];

  it('is read back cell for cell by exceljs, with a bold frozen header', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await tablesToBuffer('xlsx', sheets()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['排名', 'a_b_c_d__e_']);
    const [a, b] = wb.worksheets;
    expect(a.getRow(1).values).toEqual([undefined, '地区', '值', '空', '符号', '空格', '零', '小', '大', '控制']);
    expect(a.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(a.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(a.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(a.getRow(2).values).toEqual([
      undefined,
      '柯桥街道',
      1.5,
      undefined,
      'a & b < c > "d"',
      ' padded ',
      0,
      1e-7,
      123456789012,
      'bellgone',
    ]);
    expect(b.getRow(1).values).toEqual([undefined, ...wide]);
    expect(b.getRow(2).values).toEqual([undefined, ...body[1]]);
    expect(b.getRow(3).values).toEqual([undefined, undefined, undefined, undefined, 'end']);
    expect(b.rowCount).toBe(3);
  });

  it('is read back by the import reader (exceljs streaming) and by SheetJS', async () => {
    const bytes = await tablesToBuffer('xlsx', sheets());
    const read = await readTable(bytes, 'x.xlsx', 1 << 20);
    expect(read.sheets[1].rows.map((r) => r.cells.slice(0, 4))).toEqual([wide.slice(0, 4), body[1].slice(0, 4), [null, null, null, 'end']]);
    const book = XLSX.read(bytes);
    expect(book.SheetNames).toEqual(['排名', 'a_b_c_d__e_']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['排名'], { header: 1 });
    expect(rows[1][0]).toBe('柯桥街道');
    expect(rows[1][3]).toBe('a & b < c > "d"');
    expect(book.Sheets['a_b_c_d__e_']['AD2'].v).toBe(29 * 1.25);
  });

  it('streams: a large table never sits in memory as one string', async () => {
    const n = 20_000;
    async function* pages() {
      for (let p = 0; p < n / 1000; p++) yield Array.from({ length: 1000 }, (_, i) => [`u${p * 1000 + i}`, p * 1000 + i, 'x'.repeat(20)]);
    }
    const rows = await writeTables('xlsx', [{ name: 's', header: ['a', 'b', 'c'], rows: pages() }], new PassThrough().resume());
    expect(rows).toBe(n);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await tablesToBuffer('xlsx', [{ name: 's', header: ['a', 'b', 'c'], rows: pages() }]));
    expect(wb.worksheets[0].rowCount).toBe(n + 1);
    expect(wb.worksheets[0].getRow(n + 1).values).toEqual([undefined, `u${n - 1}`, n - 1, 'x'.repeat(20)]);
  });
});
