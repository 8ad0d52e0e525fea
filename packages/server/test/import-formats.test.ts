/** Files as they really arrive: UTF-16 text, HTML tables and legacy workbooks saved as .xls, units and periods as typed. */
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/auth/actor.js';
import type { Db } from '../src/db/store.js';
import { AppError } from '../src/errors.js';
import type { ImportIssue } from '../src/imports/issues.js';
import { runImport, type ImportOptions } from '../src/imports/service.js';
import { csvText, utf8, xlsx, type Row } from './fixtures.js';
import { testDb, type TestDb } from './helpers.js';
import { importOptions, storedCounts } from './import-helpers.js';

let t: TestDb;
let db: Db;
const actor = systemActor('user:tester');
const HUASHE = '330603003000';
const KEYAN = '330603002000';

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
});
afterAll(() => t.dispose());

const opts = (fileName: string, extra: Partial<ImportOptions> = {}) => importOptions(fileName, true, extra);

const values = (p: Awaited<ReturnType<typeof runImport>>) =>
  p.sample.map((s) => [s.subjectCode, s.indicatorCode, s.period, s.value]).sort((a, b) => String(a).localeCompare(String(b)));

/** The problems of a failing import, and that it wrote nothing. */
async function problems(bytes: Uint8Array, fileName: string): Promise<ImportIssue[]> {
  const before = await storedCounts(db);
  const err = await runImport(db, actor, bytes, importOptions(fileName, false)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(await storedCounts(db)).toEqual(before);
  return ((err as AppError).details as { issues: ImportIssue[] }).issues;
}

const utf16le = (text: string, bom = true) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

const wide: Row[] = [
  ['地区代码', '地区名称', '期间', '居民人均可支配收入（元）'],
  [HUASHE, '华舍街道', '2021', 60000],
  [KEYAN, '柯岩街道', '2021', 62000],
];
const wideValues = [
  [KEYAN, 'INCOME_PC', '2021', 62000],
  [HUASHE, 'INCOME_PC', '2021', 60000],
];

describe('UTF-16 text', () => {
  it('reads UTF-16LE and BE with a BOM, BOM-less LE, and tab-separated Unicode text', async () => {
    const csv = csvText(wide);
    for (const [bytes, encoding] of [
      [utf16le(csv), 'utf-16le'],
      [utf16be(csv), 'utf-16be'],
      [utf16le(csv, false), 'utf-16le'],
      [utf16le(csv.replace(/,/g, '\t')), 'utf-16le'],
    ] as const) {
      const p = await runImport(db, actor, bytes, opts('towns.csv'));
      expect(p).toMatchObject({ format: 'csv', encoding });
      expect(values(p)).toEqual(wideValues);
    }
  });
});

const KEQIAO = '330603000000';

/** An office's report page as its "导出 Excel" button writes it: a title, a grouped header, spans, entities, a total. */
const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>td { mso-number-format: "\\@"; }</style><title>表</title></head><body>
<!-- <table><tr><td>not this</td></tr></table> -->
<table border="1">
  <tr><td colspan="5" align="center"><b>2021年各镇街收入</b></td></tr>
  <tr><th rowspan="2">地区代码</th><th rowspan=2>地区名称</th><th ROWSPAN="2">期间</th><th colspan="2">居民人均可支配收入</th></tr>
  <tr><th>（元）</th><th>[INCOME_RURAL]</th></tr>
  <tr><td>${HUASHE}</td><td>华舍&amp;街道</td><td>2021</td><td>&nbsp;60,000&nbsp;</td><td><span style="x">40&#48;00</span></td></tr>
  <tr><td>${KEYAN}</td><td>柯岩<br>街道</td><td>2021</td><td x:num="62000">62,000</td><td>4100&#x30;</td></tr>
  <tr><td colspan="3">合&nbsp;计</td><td>122000</td><td>81000</td></tr>
</table>
<p>注：初步数</p>
</body></html>`;

const htmlValues = [
  [KEYAN, 'INCOME_PC', '2021', 62000],
  [KEYAN, 'INCOME_RURAL', '2021', 41000],
  [HUASHE, 'INCOME_PC', '2021', 60000],
  [HUASHE, 'INCOME_RURAL', '2021', 40000],
];

describe('HTML tables saved as Excel', () => {
  it('reads an HTML page named .xls or .xlsx: spans expanded, tags stripped, entities decoded, in UTF-8, GBK or UTF-16', async () => {
    for (const [bytes, name, encoding] of [
      [Buffer.from(page, 'utf8'), 'report.xls', 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page, 'utf8')]), 'report.xlsx', 'utf-8'],
      [iconv.encode(page.replace('utf-8', 'gbk'), 'gbk'), 'report.xls', 'gb18030'],
      [utf16le(page), 'report.xls', 'utf-16le'],
    ] as const) {
      const p = await runImport(db, actor, bytes, opts(name));
      expect(p).toMatchObject({ format: 'html', encoding, layout: 'wide', rowCount: 2, warnings: [] });
      expect(values(p)).toEqual(htmlValues);
    }
  });

  it('a bad cell of an HTML table is named by its row and column, and nothing is written', async () => {
    const bad = page.replace('4100&#x30;', '四万');
    expect(await problems(Buffer.from(bad, 'utf8'), 'bad.xls')).toEqual([
      expect.objectContaining({ sheet: null, row: 5, column: 'E', code: 'NOT_A_NUMBER' }),
    ]);
    const noTable = await runImport(db, actor, Buffer.from('<html><body>登录已过期</body></html>'), opts('expired.xls')).catch(
      (e: AppError) => e,
    );
    expect(noTable).toMatchObject({ code: 'FILE_NOT_SPREADSHEET' });
  });
});

/** A real Excel 97-2003 workbook: a merged title, a percent-formatted cell, a date-formatted period. */
function xlsWorkbook(rows: unknown[][], merges: XLSX.Range[] = []): Buffer {
  const ws = XLSX.utils.aoa_to_sheet(rows, { cellDates: false });
  ws['!merges'] = merges;
  for (const cell of Object.values(ws)) {
    const c = cell as XLSX.CellObject;
    if (c && typeof c === 'object' && c.t === 'n' && c.v === 0.935) c.z = '0.0%';
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填表说明']]), '说明');
  XLSX.utils.book_append_sheet(wb, ws, '镇街');
  return XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer;
}

describe('legacy .xls workbooks', () => {
  it('reads an Excel 97-2003 workbook', async () => {
    const bytes = xlsWorkbook(
      [
        ['2021年城镇化率', null, null],
        ['地区代码', '期间', '常住人口城镇化率（%）', '居民人均可支配收入'],
        [KEQIAO, 2021, 0.935, 70000],
      ],
      [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }],
    );
    expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    const p = await runImport(db, actor, bytes, opts('urban.xls'));
    expect(p).toMatchObject({ format: 'xls', encoding: null, layout: 'wide', sheets: ['镇街'] });
    expect(values(p)).toEqual([
      [KEQIAO, 'INCOME_PC', '2021', 70000],
      [KEQIAO, 'URBANISATION', '2021', 93.5],
    ]);
    const done = await runImport(db, actor, bytes, importOptions('urban.xls', false));
    expect(done.batchId).not.toBeNull();
  });

  it('a damaged .xls is refused with how to convert it, and nothing is written', async () => {
    const before = await storedCounts(db);
    const bytes = xlsWorkbook([
      ['地区代码', '期间', '居民人均可支配收入'],
      [KEQIAO, 2021, 1],
    ]);
    const err = await runImport(db, actor, bytes.subarray(0, 1024), importOptions('broken.xls', false)).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'FILE_NOT_SPREADSHEET' });
    expect((err as AppError).messages.zh).toContain('另存为 .xlsx');
    expect(await storedCounts(db)).toEqual(before);
  });
});

describe('units in cells, headers and 单位 lines', () => {
  it('converts 万元 and 亿元 into the indicator unit from the cell, the header and the 单位 line above the table', async () => {
    const file = await xlsx({
      表1: [
        ['2015-2017年主要指标'],
        ['填报单位：柯桥区统计局', null, '单位：万元'],
        ['地区代码', '期间', 'GDP', '居民人均可支配收入（元）'],
        [KEQIAO, 2015, 12345678, 50000],
        [KEQIAO, 2016, '1.23亿元', '5.1万元'],
        [KEQIAO, 2017, '9,800 万元', '52000元'],
      ],
    });
    const p = await runImport(db, actor, file, opts('units.xlsx'));
    expect(values(p)).toEqual([
      [KEQIAO, 'GDP', '2015', 1234.5678],
      [KEQIAO, 'GDP', '2016', 1.23],
      [KEQIAO, 'GDP', '2017', 0.98],
      [KEQIAO, 'INCOME_PC', '2015', 50000],
      [KEQIAO, 'INCOME_PC', '2016', 51000],
      [KEQIAO, 'INCOME_PC', '2017', 52000],
    ]);
    // a long table: the value column 本期（万元）, and a row's own 单位 cell before it
    const long = utf8([
      ['地区代码', '指标代码', '期间', '单位', '本期（万元）'],
      [KEQIAO, 'GDP', '2016', null, '98000'],
      [KEQIAO, 'INCOME_PC', '2016', null, '6'],
      [KEQIAO, 'INCOME_RURAL', '2016', '元', '40000'],
    ]);
    expect(values(await runImport(db, actor, long, opts('long.csv')))).toEqual([
      [KEQIAO, 'GDP', '2016', 9.8],
      [KEQIAO, 'INCOME_PC', '2016', 60000],
      [KEQIAO, 'INCOME_RURAL', '2016', 40000],
    ]);
  });

  it('a unit that does not convert is UNIT_MISMATCH, and nothing is written', async () => {
    const file = await xlsx({
      表1: [
        ['地区代码', '期间', 'GDP（万人）', '居民人均可支配收入', '常住人口城镇化率（%）'],
        [KEQIAO, 2015, 1, '12吨', 70],
      ],
    });
    const issues = await problems(file, 'mismatch.xlsx');
    expect(issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'C', 'UNIT_MISMATCH'],
      [2, 'D', 'UNIT_MISMATCH'],
    ]);
    expect(issues[0].zh).toContain('万人');
    expect(issues[0].zh).toContain('亿元');
    expect(issues[1].en).toContain('"吨"');
  });
});

describe('periods as people type them', () => {
  it('reads 2025年6月, 2025-06, 2025.6, 2025年6月份 and Excel date cells; 1-N月 is month N of a cumulative indicator', async () => {
    const file = await xlsx({
      表1: [
        ['地区代码', '期间', '规上工业总产值（累计）', '固定资产投资（当月）'],
        [KEQIAO, '2025年1月', 10, 1],
        [KEQIAO, '2025-02', 20, 2],
        [KEQIAO, '2025.3', 30, 3],
        [KEQIAO, '2025年4月份', 40, 4],
        [KEQIAO, new Date(Date.UTC(2025, 4, 1)), 50, 5],
      ],
    });
    const p = await runImport(db, actor, file, opts('months.xlsx'));
    expect(values(p).filter((v) => v[1] === 'FIXED_INVESTMENT')).toEqual(
      [1, 2, 3, 4, 5].map((m) => [KEQIAO, 'FIXED_INVESTMENT', `2025-0${m}`, m]),
    );
    const ytd = utf8([
      ['地区代码', '指标代码', '期间', '值'],
      [KEQIAO, 'INDUSTRIAL_OUTPUT', '2025年1-6月', 600],
      [KEQIAO, 'INDUSTRIAL_OUTPUT', '2025年1至7月', 700],
      [KEQIAO, 'INCOME_PC', '2024年1-12月', 80000],
    ]);
    expect(values(await runImport(db, actor, ytd, opts('ytd.csv')))).toEqual([
      [KEQIAO, 'INCOME_PC', '2024', 80000],
      [KEQIAO, 'INDUSTRIAL_OUTPUT', '2025-06', 600],
      [KEQIAO, 'INDUSTRIAL_OUTPUT', '2025-07', 700],
    ]);
    // a date-formatted period cell of a legacy .xls workbook
    const ws = XLSX.utils.aoa_to_sheet([
      ['地区代码', '期间', 'FIXED_INVESTMENT'],
      [KEQIAO, 45778, 6],
    ]);
    (ws.B2 as XLSX.CellObject).z = 'yyyy"年"m"月"';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '数据');
    const xls = XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer;
    expect(values(await runImport(db, actor, xls, opts('date.xls')))).toEqual([[KEQIAO, 'FIXED_INVESTMENT', '2025-05', 6]]);
  });

  it('1-N月 of a point indicator is PERIOD_SPAN, and nothing is written', async () => {
    const issues = await problems(
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        [KEQIAO, 'FIXED_INVESTMENT', '2025年1-6月', 6],
      ]),
      'span.csv',
    );
    expect(issues.map((i) => [i.row, i.column, i.code])).toEqual([[2, 'C', 'PERIOD_SPAN']]);
    expect(issues[0].zh).toContain('累计');
  });

  it('takes the period from a title row when the table has no period column', async () => {
    const file = await xlsx({
      表1: [
        ['2025年1-6月各镇街主要指标完成情况'],
        ['单位：亿元'],
        ['地区代码', '地区名称', '规上工业总产值（累计）'],
        [HUASHE, '华舍街道', 12.5],
        [KEYAN, '柯岩街道', '9800万元'],
      ],
    });
    expect(values(await runImport(db, actor, file, opts('title.xlsx')))).toEqual([
      [KEYAN, 'INDUSTRIAL_OUTPUT', '2025-06', 0.98],
      [HUASHE, 'INDUSTRIAL_OUTPUT', '2025-06', 12.5],
    ]);
    const year = await xlsx({ 表1: [['2021年各镇街收入'], ['地区代码', '居民人均可支配收入'], [HUASHE, 60000]] });
    expect(values(await runImport(db, actor, year, opts('year.xlsx')))).toEqual([[HUASHE, 'INCOME_PC', '2021', 60000]]);
    // the title's period does not fit a point indicator: one problem, at the title
    const point = await xlsx({
      表1: [['2025年1-6月各镇街主要指标完成情况'], ['地区代码', '固定资产投资（当月）'], [HUASHE, 1], [KEYAN, 2]],
    });
    expect((await problems(point, 'point.xlsx')).map((i) => [i.row, i.column, i.code])).toEqual([[1, 'A', 'PERIOD_SPAN']]);
  });
});
