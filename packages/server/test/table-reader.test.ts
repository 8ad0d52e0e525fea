import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { columnLetter, matchColumns, parseNumber, readRecords, readTable, type TableSpec } from '../src/tables/reader.js';
import { utf8 } from './fixtures.js';
import { zipDirectory } from '../src/tables/zip-limits.js';
import { reorderZip } from './old-xlsx-zip-order.js';

describe('the shared table reader', () => {
  it('names columns as Excel does, from the cell index', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('reads numbers as clerks type them, and nothing else', () => {
    expect(parseNumber('１２３．５')).toBe(123.5);
    expect(parseNumber(' 1,234,567.5 ')).toBe(1234567.5);
    expect(parseNumber('+7')).toBe(7);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('(12.3)')).toBe(-12.3);
    expect(parseNumber(' （1,234） ')).toBe(-1234);
    expect(parseNumber('(0)')).toBe(0);
    for (const bad of ['1,23', 'many', '', '0x10', 'Infinity', '(-1)', '((1))', '(1', null, true])
      expect(parseNumber(bad as string)).toBeNull();
  });

  it('matches a spec’s columns by alias and reads records with their row and column', async () => {
    const spec: TableSpec<'lon' | 'lat' | 'name'> = {
      lon: { aliases: ['lon', '经度'], required: true },
      lat: { aliases: ['lat', '纬度'], required: true, parse: parseNumber },
      name: { aliases: ['name', '名称'] },
    };
    const file = await readTable(
      utf8([
        ['备注', '名称', '经 度', 'LAT', '经度'],
        ['x', 'a', 120.5, '30.1', 1],
      ]),
      't.csv',
      1 << 20,
    );
    const [header, row] = file.sheets[0].rows;
    const match = matchColumns(header, spec);
    expect(match).toMatchObject({ columns: { name: 1, lon: 2, lat: 3 }, missing: [], unknown: [{ index: 0, header: '备注' }] });
    expect(match.duplicates).toEqual([{ field: 'lon', index: 4, header: '经度' }]);
    expect(readRecords([row], match.columns, spec)).toEqual([
      { values: { name: 'a', lon: '120.5', lat: 30.1 }, row: 2, columns: { name: 'B', lon: 'C', lat: 'D' } },
    ]);
    expect(matchColumns({ number: 1, cells: ['name'] }, spec).missing).toEqual(['lon', 'lat']);
  });
});

describe('percent formats', () => {
  it('knows a percentage format from a literal % sign', async () => {
    const { isPercentFormat, percentText, parsePercent } = await import('../src/tables/reader.js');
    expect(['0%', '0.0%', '0.00%;[Red]-0.00%', '#,##0.0%'].map(isPercentFormat)).toEqual([true, true, true, true]);
    expect(['0.00', '"%"0', '0\\%', 'General', undefined].map(isPercentFormat)).toEqual([false, false, false, false, false]);
    expect([0.935, 0.07, 1.2, 0.123456].map(percentText)).toEqual(['93.5%', '7%', '120%', '12.3456%']);
    expect(['95%', '９５．５％', ' 12.5 %', '-3%', '95', '%', 'abc%', 95].map((c) => parsePercent(c))).toEqual([
      95,
      95.5,
      12.5,
      -3,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('HTML tables', () => {
  it('expands spans like merged cells, and refuses a table whose spans would expand past the limit', async () => {
    const html =
      '<table><tr><td rowspan="2">a</td><td colspan="2">b &amp; c</td></tr><tr><td>d</td><td>e<table><tr><td>x</td></tr></table></td></tr></table>';
    const file = await readTable(Buffer.from(html), 't.xls', 1 << 20);
    expect(file).toMatchObject({ format: 'html', encoding: 'utf-8' });
    expect(file.sheets.map((s) => s.rows)).toEqual([
      [
        { number: 1, cells: ['a', 'b & c', null] },
        { number: 2, cells: [null, 'd', 'ex'] },
      ],
    ]);
    const bomb = `<table>${'<tr><td colspan="16384" rowspan="65534">x</td></tr>'.repeat(200)}</table>`;
    const started = Date.now();
    await expect(readTable(Buffer.from(bomb), 'bomb.xls', 1 << 20)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('.xlsx text across chunk boundaries', () => {
  it('reads characters whose UTF-8 bytes straddle two decompressed chunks (exceljs reads 16 KiB at a time)', async () => {
    // 4,000 distinct Chinese names: over 150 KB of shared strings, so many characters straddle a chunk
    const names = Array.from({ length: 4000 }, (_, i) => `柯桥区湖塘街道第${i}号村民委员会`);
    for (const useSharedStrings of [true, false]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('各镇街村社');
      for (const n of names) ws.addRow([n, 1]);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings }));
      const file = await readTable(bytes, 'names.xlsx', 50 * 1024 * 1024);
      expect(file.sheets[0].name).toBe('各镇街村社');
      const read = file.sheets[0].rows.map((r) => r.cells[0]);
      expect(read.filter((c) => String(c).includes('\ufffd'))).toEqual([]);
      expect(read).toEqual(names);
    }
  });
});

describe('workbooks whose parts come in any order', () => {
  it('reads a workbook whose worksheet comes after the shared strings but before xl/workbook.xml (the parts are found through the zip directory)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('事项').addRows([
      ['事项编码', '事项名称'],
      ['SJ-001', '食品经营许可情况检查'],
    ]);
    const written = new Uint8Array(await wb.xlsx.writeBuffer());
    const late = ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml'];
    const hostile = reorderZip(written, (n) => late.indexOf(n));
    expect(zipDirectory(hostile)!.entries.length).toBe(zipDirectory(written)!.entries.length);
    const file = await readTable(hostile, 'items.xlsx', 1 << 20);
    expect(file.sheets.map((s) => s.name)).toEqual(['事项']);
    expect(file.sheets[0].rows.map((r) => r.cells)).toEqual([
      ['事项编码', '事项名称'],
      ['SJ-001', '食品经营许可情况检查'],
    ]);
  });
});
