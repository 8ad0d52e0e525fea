/**
 * The hand-written .xlsx reader (tables/xlsx-read.ts): the same sheets as the exceljs streaming path
 * it replaced (old-xlsx-reader.ts) on every kind of workbook the suites build or the server writes,
 * and the cases exceljs read wrongly or not at all, written here by hand as SpreadsheetML.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readTable, type Sheet } from '../src/tables/reader.js';
import { readXlsxSheets } from '../src/tables/xlsx-read.js';
import { crc32 } from '../src/exports/xlsx-stream.js';
import { tablesToBuffer } from '../src/exports/table-writer.js';
import { mujunDemoFiles } from '../src/mujun/demo-files.js';
import { syntheticMujun } from '../src/mujun/synthetic.js';
import { oldReadXlsx } from './old-xlsx-reader.js';
import { reorderZip } from './old-xlsx-zip-order.js';
import { xlsx } from './fixtures.js';

const buffer = async (wb: ExcelJS.Workbook, useSharedStrings = true) => Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings }));

/** Workbooks of every shape the suites use: fixtures.xlsx(), exceljs's features, the server's own writers. */
async function corpus(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const out: { name: string; bytes: Uint8Array }[] = [];
  out.push({
    name: 'fixtures: formats, dates, gaps, several sheets',
    bytes: await xlsx({
      指标: [
        ['镇街', '完成率', '比例', '日期', '金额', '备注'],
        [
          '柯桥街道',
          { value: 0.935, numFmt: '0.0%' },
          { value: -0.07, numFmt: '0.00%;[Red]-0.00%' },
          new Date(Date.UTC(2024, 2, 14)),
          1234.5,
          null,
        ],
        [
          '湖塘街道',
          { value: 12, numFmt: '"%"0' },
          { value: 0.5, numFmt: '0.0' },
          { value: 45366, numFmt: 'yyyy"年"m"月"d"日"' },
          null,
          '  有空格  ',
        ],
        [null, null, null, null, null, null],
        ['', 0, -0, 1e-10, 12345678901234, 'a&b<c>"d\''],
        [null, null, null, null, null, 'last'],
      ],
      空表: [],
      第三张: [['x'], [{ value: 0.25, numFmt: '0%' }], [{ value: 45000.5, numFmt: 'yyyy-mm-dd hh:mm' }]],
    }),
  });
  for (const useSharedStrings of [true, false]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('富文本与公式');
    ws.addRow(['名称', '数', '公式', '文字公式', '错误']);
    ws.addRow([
      { richText: [{ text: '柯桥', font: { bold: true } }, { text: '街道' }] },
      3,
      { formula: 'B2*2', result: 6 },
      { formula: '"a"&"b"', result: 'ab' },
      { error: '#N/A' },
    ]);
    ws.addRow(['合并', null, { formula: 'B2+1' }, null, { formula: 'B2-1', result: 2 }]);
    ws.mergeCells('A3:B4');
    ws.getRow(5).values = [null, null, null, 'sparse'];
    ws.getRow(9).values = ['after a gap'];
    ws.getRow(9).hidden = true;
    ws.getCell('A10').value = { text: '链接', hyperlink: 'https://example.org' };
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.addRow(['hidden sheet', 1]);
    const names = Array.from({ length: 4000 }, (_, i) => `柯桥区湖塘街道第${i}号村民委员会`);
    const long = wb.addWorksheet('各镇街村社');
    for (const n of names) long.addRow([n, 1, n.length]);
    out.push({ name: `exceljs features (${useSharedStrings ? 'shared' : 'inline'} strings)`, bytes: await buffer(wb, useSharedStrings) });
  }
  {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('1904');
    ws.addRow(['日期', new Date(Date.UTC(2024, 0, 5))]);
    ws.getCell('B1').numFmt = 'yyyy-mm-dd';
    ws.addRow(['time', { formula: 'NOW()', result: 45000.25 }]);
    out.push({ name: '1904 date system', bytes: await buffer(wb) });
  }
  const demo = syntheticMujun({
    year: 2023,
    enterprises: 120,
    towns: [
      { code: '330603001', name: '柯桥街道' },
      { code: '330603002', name: '湖塘街道' },
    ],
  });
  for (const f of await mujunDemoFiles(demo)) out.push({ name: `mujun demo ${f.name}`, bytes: f.bytes });
  out.push({
    name: 'the server’s own export (exports/xlsx-stream.ts)',
    bytes: await tablesToBuffer('xlsx', [
      {
        name: '导出',
        header: ['名称', '值', ' 空格 '],
        rows: [
          [
            ['甲', 1.5, null],
            ['乙&<', -2, ' x '],
          ],
        ],
        watermark: '张三 2026-01-01 导出（合成数据）',
      },
      { name: '第二页', header: ['a'], rows: [[['b']]] },
    ]),
  });
  return out;
}

describe('the .xlsx reader against the exceljs path it replaced', () => {
  it('reads every workbook of the corpus exactly as exceljs did', async () => {
    const workbooks = await corpus();
    expect(workbooks.length).toBeGreaterThan(8);
    for (const { name, bytes } of workbooks) {
      const [mine, old] = [await readXlsxSheets(bytes), await oldReadXlsx(bytes)];
      expect({ name, sheets: mine }).toEqual({ name, sheets: old });
      // and the workbook was not empty: a reader reading nothing would pass too
      expect(mine.flatMap((s) => s.rows).length, name).toBeGreaterThan(0);
    }
  });

  it('finds the parts whatever their order in the archive (a worksheet before xl/workbook.xml)', async () => {
    const bytes = await xlsx({
      事项: [
        ['事项编码', '事项名称'],
        ['SJ-001', '食品经营许可情况检查'],
      ],
      二: [[1]],
    });
    const late = [
      'xl/worksheets/sheet2.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/worksheets/sheet1.xml',
      'xl/workbook.xml',
    ];
    const hostile = reorderZip(bytes, (n) => late.indexOf(n));
    expect(hostile).not.toBe(bytes);
    const sheets = await readXlsxSheets(hostile);
    expect(sheets.map((s) => s.name)).toEqual(['事项', '二']);
    expect(sheets).toEqual(await readXlsxSheets(bytes));
  });
});

// ---- hand-written workbooks ----------------------------------------------------------------

interface ZipFile {
  name: string;
  text: string | Uint8Array;
  /** 0 stored, 8 deflate (default), others as given */
  method?: number;
  /** sizes in a data descriptor after the data, zeros in the local header */
  descriptor?: boolean;
}

/** A zip archive (PKWARE APPNOTE §4.3) of the given files, in the given order. */
function zip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const raw = typeof f.text === 'string' ? Buffer.from(f.text, 'utf8') : Buffer.from(f.text);
    const method = f.method ?? 8;
    const data = method === 8 ? zlib.deflateRawSync(raw) : raw;
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(raw);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(f.descriptor ? 8 : 0, 6);
    head.writeUInt16LE(method, 8);
    if (!f.descriptor) {
      head.writeUInt32LE(crc, 14);
      head.writeUInt32LE(data.length, 18);
      head.writeUInt32LE(raw.length, 22);
    }
    head.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(f.descriptor ? 16 : 0);
    if (f.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(data.length, 8);
      descriptor.writeUInt32LE(raw.length, 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(f.descriptor ? 8 : 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, name, data, descriptor);
    centrals.push(central, name);
    offset += head.length + name.length + data.length + descriptor.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Book {
  sheets: { name: string; xml: string; target?: string; state?: string }[];
  strings?: string;
  styles?: string;
  workbookPr?: string;
  /** options for every part */
  part?: Partial<ZipFile>;
}

function book({ sheets, strings, styles, workbookPr = '', part = {} }: Book): Buffer {
  const files: ZipFile[] = [
    {
      name: '[Content_Types].xml',
      text: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: '_rels/.rels',
      text: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS}>${workbookPr}<sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${s.target ?? `worksheets/sheet${i + 1}.xml`}"/>`)
        .join(
          '',
        )}<Relationship Id="rS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rT" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    },
  ];
  if (strings !== undefined) files.push({ name: 'xl/sharedStrings.xml', text: `<sst ${NS}>${strings}</sst>` });
  if (styles !== undefined) files.push({ name: 'xl/styles.xml', text: `<styleSheet ${NS}>${styles}</styleSheet>` });
  sheets.forEach((s, i) => {
    const target = s.target ?? `worksheets/sheet${i + 1}.xml`;
    const name = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    files.push({ name, text: `<?xml version="1.0"?><worksheet ${NS}><sheetData>${s.xml}</sheetData></worksheet>` });
  });
  return zip(files.map((f) => ({ ...f, ...part })));
}

const cells = (sheets: Sheet[]) => sheets.map((s) => s.rows.map((r) => [r.number, ...r.cells]));

describe('the .xlsx reader on SpreadsheetML written by hand', () => {
  it('reads shared strings: rich text runs, phonetic runs left out, xml:space, entities, _x000D_ escapes', async () => {
    const strings = [
      '<si><t>柯桥街道</t></si>',
      '<si><r><rPr><b/><sz val="11"/></rPr><t>湖塘</t></r><r><t xml:space="preserve"> 街道 </t></r></si>',
      '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>',
      '<si><t>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#27700;&#x6C34;&#x1F600;</t></si>',
      '<si><t>line_x000D__x000A_two _x005F_x0041_</t></si>',
      '<si><t/></si>',
      '<si/>',
    ].join('');
    const xml = '<row r="1">' + Array.from({ length: 7 }, (_, i) => `<c r="${'ABCDEFG'[i]}1" t="s"><v>${i}</v></c>`).join('') + '</row>';
    const sheets = await readXlsxSheets(book({ sheets: [{ name: 'S', xml }], strings }));
    expect(cells(sheets)).toEqual([[[1, '柯桥街道', '湖塘 街道 ', '漢字', 'a&b <c> "d" \'e\' 水水😀', 'line\r\ntwo _x0041_']]]);
  });

  it('reads every cell type, formulas by their cached value, rows and cells without r, gaps, and prefixed elements', async () => {
    const styles =
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="14"><alignment wrapText="1"/></xf><xf numFmtId="9"/><xf numFmtId="31"/></cellXfs>';
    const xml =
      '<row r="2" spans="1:9"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#DIV/0!</v></c>' +
      '<c r="D2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="E2"><f>1+1</f><v>2</v></c><c r="F2"><f>SUM(A1:A3)</f></c>' +
      '<c r="G2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r><rPh><t>ふ</t></rPh></is></c><c r="H2" t="d"><v>2024-03-15T00:00:00Z</v></c>' +
      '<c r="I2" s="0"/></row>' +
      '<row><c t="n" s="1"><v>0.935</v></c><c s="2"><v>45366</v></c><c s="3"><v>45366.5</v></c><c s="4"><v>0.07</v></c><c s="5"><v>45366</v></c><c><v>1.5E-3</v></c></row>' +
      '<row r="7"/>' +
      '<row r="8"><c r="C8"><v>3</v></c><c><v>4</v></c><c r="F8" t="s"><v>0</v></c></row>' +
      '<row r="9"><c r="A9" t="b"><f>TRUE()</f><v>1</v></c><c r="B9" t="e"><f>NA()</f><v>#N/A</v></c><c r="C9" s="3"><f>TODAY()</f><v>45366</v></c></row>';
    const sheets = await readXlsxSheets(book({ sheets: [{ name: '类型', xml }], strings: '<si><t>s</t></si>', styles }));
    const day = new Date(Date.UTC(2024, 2, 15)); // serial 45366
    expect(cells(sheets)).toEqual([
      [
        [2, true, false, '#DIV/0!', 'ab', 2, '=SUM(A1:A3)', '富文本', day],
        [3, '93.5%', day, new Date(Date.UTC(2024, 2, 15, 12)), '7%', day, 0.0015],
        [7],
        [8, null, null, 3, 4, null, 's'],
        [9, true, '#N/A', day],
      ],
    ]);
    // the same sheet with every element prefixed (x:, as the Open XML SDK writes it)
    const prefixed = xml.replace(/<(\/?)(row|c|v|f|is|r|t|rPh)([ >/])/g, '<$1x:$2$3');
    const files = book({ sheets: [{ name: '类型', xml: '' }], strings: '<si><t>s</t></si>', styles });
    const again = await readXlsxSheets(
      Buffer.from(
        zip([
          {
            name: '_rels/.rels',
            text: `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
          },
          {
            name: 'xl/workbook.xml',
            text: `<x:workbook xmlns:x="s" xmlns:r="r"><x:sheets><x:sheet name="类型" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
          },
          {
            name: 'xl/_rels/workbook.xml.rels',
            text: `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/x.xml"/><Relationship Id="rS" Type="${REL}/sharedStrings" Target="../xl/./sharedStrings.xml"/><Relationship Id="rT" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
          },
          { name: 'xl/worksheets/x.xml', text: `<x:worksheet xmlns:x="s"><x:sheetData>${prefixed}</x:sheetData></x:worksheet>` },
          { name: 'xl/sharedStrings.xml', text: '<x:sst xmlns:x="s"><x:si><x:t>s</x:t></x:si></x:sst>' },
          { name: 'xl/styles.xml', text: `<styleSheet>${styles}</styleSheet>` },
        ]),
      ),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(cells(again)).toEqual(cells(sheets));
  });

  it('takes an escaped \\% for a literal sign, not a percentage (exceljs dropped the backslash and showed 0.5 as "50%")', async () => {
    const styles =
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="0\\%"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>';
    const xml = '<row r="1"><c r="A1" s="1"><v>0.5</v></c></row>';
    expect(cells(await readXlsxSheets(book({ sheets: [{ name: 'p', xml }], styles })))).toEqual([[[1, 0.5]]]);
  });

  it('uses the 1904 date system when the workbook says so', async () => {
    const styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>';
    const xml = '<row r="1"><c r="A1" s="1"><v>43833</v></c></row>';
    for (const [pr, date] of [
      ['<workbookPr date1904="1"/>', Date.UTC(2024, 0, 4)],
      ['<workbookPr date1904="true"/>', Date.UTC(2024, 0, 4)],
      ['<workbookPr defaultThemeVersion="1"/>', Date.UTC(2020, 0, 3)],
    ] as const) {
      const sheets = await readXlsxSheets(book({ sheets: [{ name: 'd', xml }], styles, workbookPr: pr }));
      expect(sheets[0].rows[0].cells[0], pr).toEqual(new Date(date));
    }
  });

  it('reads stored parts, data descriptors, sheets in the workbook’s order with absolute targets, hidden sheets', async () => {
    const sheets = [
      { name: '乙', xml: '<row r="1"><c r="A1" t="inlineStr"><is><t>b</t></is></c></row>', target: '/xl/worksheets/sheet9.xml' },
      { name: '甲', xml: '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>', state: 'hidden' },
    ];
    for (const part of [{ method: 0 }, { descriptor: true }, { method: 0, descriptor: true }]) {
      const read = await readXlsxSheets(book({ sheets, part }));
      expect(read.map((s) => [s.name, s.rows[0].cells[0]])).toEqual([
        ['乙', 'b'],
        ['甲', 'a'],
      ]);
    }
  });

  it('reads a long sheet whose characters and rows straddle the 256 KiB chunks, in stored and deflated parts', async () => {
    const names = Array.from({ length: 30000 }, (_, i) => `柯桥区湖塘街道第${i}号村民委员会`);
    const xml = names
      .map((n, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${n}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`)
      .join('');
    for (const part of [{ method: 0 }, {}]) {
      const [sheet] = await readXlsxSheets(book({ sheets: [{ name: '长', xml }], part }));
      expect(sheet.rows.length).toBe(names.length);
      expect(sheet.rows.map((r) => r.cells[0])).toEqual(names);
      expect(sheet.rows[29999]).toEqual({ number: 30000, cells: [names[29999], 29999] });
    }
  });
});

describe('damaged workbooks', () => {
  const failing = async (bytes: Uint8Array, name: string) => {
    const err = await readTable(bytes, name, 50 << 20).then(
      () => null,
      (e: unknown) => e as { code: string; status: number; messages: { zh: string; en: string } },
    );
    expect(err, name).not.toBeNull();
    return err!;
  };
  const good = () => book({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });

  it('refuses them with FILE_NOT_SPREADSHEET and the file name, never a crash', async () => {
    const whole = good();
    const cases: [string, Uint8Array][] = [
      ['truncated.xlsx', whole.subarray(0, whole.length - 40)],
      ['half.xlsx', whole.subarray(0, whole.length >> 1)],
      ['no-workbook.xlsx', zip([{ name: 'xl/worksheets/sheet1.xml', text: '<worksheet><sheetData/></worksheet>' }])],
      ['bad-workbook.xlsx', zip([{ name: 'xl/workbook.xml', text: '\u0000\u0001garbage' }])],
      ['bad-sheet.xlsx', book({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v>' }] })],
      ['bad-row.xlsx', book({ sheets: [{ name: 'S', xml: '<row r="-3"></row>' }] })],
      ['wide.xlsx', book({ sheets: [{ name: 'S', xml: '<row r="1"><c r="XFE1"><v>1</v></c></row>' }] })],
      [
        'missing-sheet.xlsx',
        zip([
          { name: 'xl/workbook.xml', text: `<workbook ${NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>` },
          {
            name: 'xl/_rels/workbook.xml.rels',
            text: `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
          },
        ]),
      ],
      ['no-sheets.xlsx', zip([{ name: 'xl/workbook.xml', text: `<workbook ${NS}><sheets/></workbook>` }])],
      ['bzip2.xlsx', book({ sheets: [{ name: 'S', xml: '' }], part: { method: 12 } })],
      ['bad-deflate.xlsx', zip([{ name: 'xl/workbook.xml', text: Buffer.from('not deflate at all'), method: 8 }].map((f) => ({ ...f })))],
    ];
    // a deflated part whose bytes are not deflate: store raw bytes under method 8
    const raw = zip([{ name: 'xl/workbook.xml', text: 'x'.repeat(100), method: 0 }]);
    raw.writeUInt16LE(8, 8);
    raw.writeUInt16LE(8, raw.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    cases.push(['not-deflate.xlsx', raw]);
    for (const [name, bytes] of cases) {
      const err = await failing(bytes, name);
      expect({ name, code: err.code }).toEqual({ name, code: 'FILE_NOT_SPREADSHEET' });
      expect(err.messages.zh).toContain(name);
      expect(err.messages.en).toContain(name);
    }
    expect((await readTable(whole, 'good.xlsx', 50 << 20)).sheets[0].rows).toEqual([{ number: 1, cells: [1] }]);
  });

  it('refuses a part that inflates to more than its directory states', async () => {
    const bytes = good();
    const dir = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    // understate every part's size: the workbook then inflates past it
    for (let at = dir; at >= 0; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) bytes.writeUInt32LE(4, at + 24);
    const err = await failing(bytes, 'lying.xlsx');
    expect(err.code).toBe('FILE_NOT_SPREADSHEET');
    expect(err.messages.en).toMatch(/inflates to more than/);
  });
});
