import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { systemActor } from '../src/auth/actor.js';
import { one, type Db } from '../src/db/store.js';
import { AppError } from '../src/errors.js';
import type { ImportIssue } from '../src/imports/issues.js';
import { runImport, type ImportOptions } from '../src/imports/service.js';
import { provenance } from '../src/observations/service.js';
import { gbk, utf8, xlsx, type Row } from './fixtures.js';
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

const opts = (fileName: string, extra: Partial<ImportOptions> = {}) => importOptions(fileName, false, extra);

const counts = () => storedCounts(db);

/** Runs an import that must fail, checks nothing was written, and returns its error. */
async function failing(bytes: Uint8Array, fileName: string, extra: Partial<ImportOptions> = {}): Promise<AppError> {
  const before = await counts();
  const err = await runImport(db, actor, bytes, opts(fileName, extra)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(await counts()).toEqual(before);
  return err as AppError;
}

const issuesOf = (err: AppError) => (err.details as { issues: ImportIssue[] }).issues;

const currentValue = (indicator: string, subject: string, period: string) =>
  one<{ id: number; value: number; batch_id: number }>(
    db,
    sql`select o.id, o.value, o.batch_id from observation o join subject s on s.id = o.subject_id
        where o.is_current and o.indicator_code = ${indicator} and s.code = ${subject} and o.period = ${period}`,
  );

describe('import happy paths', () => {
  it('imports a wide .xlsx with an instructions sheet, header by bracketed code', async () => {
    const file = await xlsx({
      数据: [
        ['地区代码', '地区名称', '期间', '居民人均可支配收入（元）[INCOME_PC]', '15分钟公共服务圈覆盖率（%）[SERVICE_CIRCLE_COVERAGE]'],
        [HUASHE, '华舍街道', 2020, 61000, 81.5],
        [KEYAN, '柯岩街道', '2020年', '62,500', null],
      ],
      说明: [
        ['指标代码', '说明'],
        ['INCOME_PC', '元'],
      ],
    });
    const preview = await runImport(db, actor, file, opts('towns.xlsx', { dryRun: true }));
    expect(preview).toMatchObject({
      format: 'xlsx',
      layout: 'wide',
      rowCount: 2,
      observationCount: 3,
      inserted: 3,
      revised: 0,
      batchId: null,
    });
    expect(await currentValue('INCOME_PC', HUASHE, '2020')).toBeUndefined(); // dry run wrote nothing
    const done = await runImport(db, actor, file, opts('towns.xlsx', { source: '镇街统计报表' }));
    expect(done.batchId).toBeGreaterThan(0);
    expect((await currentValue('INCOME_PC', KEYAN, '2020'))!.value).toBe(62500);
    expect((await currentValue('SERVICE_CIRCLE_COVERAGE', HUASHE, '2020'))!.value).toBe(81.5);
    expect(await currentValue('SERVICE_CIRCLE_COVERAGE', KEYAN, '2020')).toBeUndefined();
  });

  it('imports a long UTF-8 CSV with BOM, status and source columns', async () => {
    const rows: Row[] = [
      ['地区代码', '指标代码', '期间', '值', '状态', '来源'],
      [HUASHE, 'INDUSTRIAL_OUTPUT', '2023年3月', '12.5', '初步', '经信局快报'],
      [HUASHE, 'FIXED_INVESTMENT', '2023-03', '3.25', '正式', ''],
    ];
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(rows)]);
    const r = await runImport(db, actor, bytes, opts('long.csv'));
    expect(r).toMatchObject({ format: 'csv', encoding: 'utf-8', layout: 'long', inserted: 2 });
    const row = await one<{ status: string; source: string }>(
      db,
      sql`select status, source from observation where id = ${(await currentValue('INDUSTRIAL_OUTPUT', HUASHE, '2023-03'))!.id}`,
    );
    expect(row).toEqual({ status: 'preliminary', source: '经信局快报' });
  });

  it('reads GBK CSV as Chinese Excel writes it', async () => {
    const bytes = gbk([
      ['区划代码', '名称', '年份', '居民人均可支配收入'],
      [KEYAN, '柯岩街道', '2019', '58800'],
    ]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = await runImport(db, actor, bytes, opts('gbk.csv'));
    expect(r).toMatchObject({ encoding: 'gb18030', layout: 'wide', inserted: 1 });
    expect((await currentValue('INCOME_PC', KEYAN, '2019'))!.value).toBe(58800);
  });
});

describe('revisions and provenance', () => {
  it('keeps the previous value in history when a correction arrives', async () => {
    const first = await runImport(
      db,
      actor,
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        [HUASHE, 'INCOME_PC', '2018', '50000'],
      ]),
      opts('v1.csv', { status: 'preliminary' }),
    );
    const again = await runImport(
      db,
      actor,
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        [HUASHE, 'INCOME_PC', '2018', '50000'],
      ]),
      opts('v1.csv', { status: 'preliminary' }),
    );
    expect(again).toMatchObject({ inserted: 0, revised: 0, unchanged: 1 });
    const second = await runImport(
      db,
      actor,
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        [HUASHE, 'INCOME_PC', '2018', '50210'],
      ]),
      opts('v2.csv', { status: 'final', source: '统计年鉴' }),
    );
    expect(second).toMatchObject({ inserted: 0, revised: 1, unchanged: 0 });
    const current = (await currentValue('INCOME_PC', HUASHE, '2018'))!;
    expect(current.value).toBe(50210);
    expect(current.batch_id).toBe(second.batchId);
    const p = await provenance(db, actor, current.id);
    expect(p.batch).toMatchObject({ id: second.batchId, fileName: 'v2.csv', loadedBy: 'user:tester', revisedCount: 1 });
    expect(p.history.map((h) => [h.value, h.isCurrent, h.batchId, h.status])).toEqual([
      [50000, false, first.batchId, 'preliminary'],
      [50210, true, second.batchId, 'final'],
    ]);
    expect(p.history[0].batch.fileName).toBe('v1.csv');
  });
});

describe('bad input: clear errors with sheet, row and column; nothing written', () => {
  const header: Row = ['地区代码', '指标代码', '期间', '值'];

  it('unknown region code', async () => {
    const err = await failing(await xlsx({ 数据: [header, [HUASHE, 'GDP', '2020', 1], ['330603999000', 'GDP', '2020', 2]] }), 'a.xlsx');
    expect(err.code).toBe('IMPORT_INVALID');
    expect(issuesOf(err)).toEqual([expect.objectContaining({ sheet: '数据', row: 3, column: 'A', code: 'UNKNOWN_SUBJECT' })]);
    expect(issuesOf(err)[0].zh).toContain('330603999000');
  });

  it('unknown indicator, in a cell and in a wide header', async () => {
    const long = await failing(utf8([header, [HUASHE, 'NOPE', '2020', 1]]), 'b.csv');
    expect(issuesOf(long)).toEqual([expect.objectContaining({ sheet: null, row: 2, column: 'B', code: 'UNKNOWN_INDICATOR' })]);
    const wide = await failing(
      await xlsx({
        表1: [
          ['地区代码', '期间', '地区生产总值', '神秘指标'],
          [HUASHE, 2020, 1, 2],
        ],
      }),
      'c.xlsx',
    );
    expect(issuesOf(wide)).toEqual([expect.objectContaining({ sheet: '表1', row: 1, column: 'D', code: 'UNKNOWN_INDICATOR' })]);
  });

  it('wrong type', async () => {
    const err = await failing(await xlsx({ 数据: [header, [HUASHE, 'GDP', '2020', '十二']] }), 'd.xlsx');
    expect(issuesOf(err)).toEqual([expect.objectContaining({ row: 2, column: 'D', code: 'NOT_A_NUMBER' })]);
  });

  it('duplicate row names the first occurrence', async () => {
    const err = await failing(utf8([header, [HUASHE, 'GDP', '2020', 1], [KEYAN, 'GDP', '2020', 1], [HUASHE, 'GDP', '2020年', 2]]), 'e.csv');
    const [issue] = issuesOf(err);
    expect(issue).toMatchObject({ row: 4, code: 'DUPLICATE_ROW' });
    expect(issue.en).toContain('row 2');
  });

  it('period out of range, malformed, or of the wrong frequency', async () => {
    const err = await failing(
      utf8([
        header,
        [HUASHE, 'GDP', '1900', 1],
        [HUASHE, 'GDP', '2099', 1],
        [HUASHE, 'INDUSTRIAL_OUTPUT', '2024-13', 1],
        [HUASHE, 'GDP', '2024-03', 1],
      ]),
      'f.csv',
    );
    expect(issuesOf(err).map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'C', 'PERIOD_RANGE'],
      [3, 'C', 'PERIOD_RANGE'],
      [4, 'C', 'PERIOD_FORMAT'],
      [5, 'C', 'PERIOD_FREQUENCY'],
    ]);
  });

  it('one bad row among many good ones writes nothing at all', async () => {
    const good: Row[] = Array.from({ length: 200 }, (_, i) => [
      HUASHE,
      'FIXED_INVESTMENT',
      `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      i,
    ]);
    const err = await failing(
      utf8([header, ...good.slice(0, 100), [KEYAN, 'FIXED_INVESTMENT', '2015-06', 'x'], ...good.slice(100)]),
      'g.csv',
    );
    expect(issuesOf(err)).toEqual([expect.objectContaining({ row: 102, column: 'D', code: 'NOT_A_NUMBER' })]);
  });

  it('empty file and header-only file', async () => {
    expect((await failing(new Uint8Array(), 'empty.xlsx')).code).toBe('FILE_EMPTY');
    expect((await failing(utf8([header]), 'header.csv')).code).toBe('FILE_EMPTY');
    expect((await failing(await xlsx({ 数据: [] }), 'blank.xlsx')).code).toBe('FILE_EMPTY');
  });

  it('a non-spreadsheet renamed to .xlsx', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const err = await failing(png, 'photo.xlsx');
    expect(err.code).toBe('FILE_NOT_SPREADSHEET');
    expect(err.messages.zh).toContain('photo.xlsx');
    const zip = Buffer.from('504b0304' + '00'.repeat(60), 'hex');
    expect((await failing(zip, 'broken.xlsx')).code).toBe('FILE_NOT_SPREADSHEET');
  });

  it('a file over the size limit', async () => {
    const err = await failing(Buffer.alloc(2048, 0x41), 'big.csv', { maxBytes: 1024 });
    expect(err.code).toBe('FILE_TOO_LARGE');
  });

  it('missing required columns', async () => {
    const err = await failing(
      utf8([
        ['地区代码', '值'],
        [HUASHE, 1],
      ]),
      'h.csv',
    );
    expect(issuesOf(err)).toEqual([expect.objectContaining({ row: 1, code: 'HEADER_MISSING_COLUMN' })]);
  });
});

describe('percentages as clerks enter them', () => {
  const KEQIAO = '330603000000';
  const header: Row = ['地区代码', '指标代码', '期间', '值'];
  const valueOf = (preview: Awaited<ReturnType<typeof runImport>>, code: string) =>
    preview.sample.find((s) => s.indicatorCode === code)?.value;

  it('reads a cell shown as 93.5 % (0.935 with a % format) and the text "95%" as 93.5 and 95 of a % indicator', async () => {
    const bytes = await xlsx({
      数据: [header, [KEQIAO, 'URBANISATION', '2023', { value: 0.935, numFmt: '0.0%' }], [KEQIAO, 'GOOD_AIR_RATIO', '2023', '95%']],
    });
    const r = await runImport(db, actor, bytes, opts('pct.xlsx', { dryRun: true }));
    expect(valueOf(r, 'URBANISATION')).toBe(93.5);
    expect(valueOf(r, 'GOOD_AIR_RATIO')).toBe(95);
    expect(r.warnings).toEqual([]);
    const csv = await runImport(
      db,
      actor,
      utf8([header, [KEQIAO, 'GOOD_AIR_RATIO', '2023', '９５．５％']]),
      opts('pct.csv', { dryRun: true }),
    );
    expect(valueOf(csv, 'GOOD_AIR_RATIO')).toBe(95.5);
  });

  it('refuses a percentage for an indicator measured in another unit, naming the cell', async () => {
    const err = await failing(await xlsx({ 数据: [header, [KEQIAO, 'GDP', '2023', { value: 0.12, numFmt: '0%' }]] }), 'gdp.xlsx');
    expect(issuesOf(err)).toEqual([expect.objectContaining({ sheet: '数据', row: 2, column: 'D', code: 'PERCENT_NOT_THE_UNIT' })]);
    expect(issuesOf(err)[0].zh).toContain('亿元');
  });

  it('warns in the preview about a share over 100 % and a fraction that looks like a share, and still imports', async () => {
    const bytes = utf8([header, [KEQIAO, 'GOOD_AIR_RATIO', '2022', '120'], [KEQIAO, 'URBANISATION', '2022', '0.72']]);
    const r = await runImport(db, actor, bytes, opts('odd.csv', { dryRun: true }));
    expect(r.warnings.map((w) => [w.row, w.column, w.code])).toEqual([
      [2, 'D', 'VALUE_OUT_OF_RANGE'],
      [3, 'D', 'PERCENT_AS_FRACTION'],
    ]);
    expect(r.warnings[0].zh).toContain('100');
    expect(r.observationCount).toBe(2);
  });
});
