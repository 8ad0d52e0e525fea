/** Workbooks as offices send them: titles and unit lines above the table, grouped headers, totals, footnotes, 无 / (12.3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/auth/actor.js';
import type { Db } from '../src/db/store.js';
import { AppError } from '../src/errors.js';
import type { ImportIssue } from '../src/imports/issues.js';
import { runImport, type ImportOptions } from '../src/imports/service.js';
import { xlsx, utf8, type Row } from './fixtures.js';
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

const counts = () => storedCounts(db);

const values = (p: Awaited<ReturnType<typeof runImport>>) =>
  p.sample.map((s) => [s.subjectCode, s.indicatorCode, s.period, s.value]).sort((a, b) => String(a).localeCompare(String(b)));

const title: Row = ['2025年1-6月各镇街主要指标完成情况'];
const unitLine: Row = ['填报单位：柯桥区统计局', null, null, '单位：元'];
const header: Row = ['序号', '地区代码', '地区名称', '期间', '居民人均可支配收入（元）', '农村居民人均可支配收入[INCOME_RURAL]'];

describe('office workbooks', () => {
  it('skips the title, the unit line, the 合计 row and the footnotes, and imports the table', async () => {
    const file = await xlsx({
      表1: [
        title,
        unitLine,
        [],
        header,
        [1, HUASHE, '华舍街道', 2021, 60000, 40000],
        [2, KEYAN, '柯岩街道', 2021, '62,000', 41000],
        [null, null, ' 合　计 ', 2021, 122000, 81000],
        ['注：本表数据为初步统计。'],
        ['数据来源：区统计局'],
        ['填表人：张三', null, null, '联系电话：12345'],
      ],
    });
    const p = await runImport(db, actor, file, opts('towns.xlsx'));
    expect(p).toMatchObject({ layout: 'wide', rowCount: 2, observationCount: 4, warnings: [] });
    expect(values(p)).toEqual([
      [KEYAN, 'INCOME_PC', '2021', 62000],
      [KEYAN, 'INCOME_RURAL', '2021', 41000],
      [HUASHE, 'INCOME_PC', '2021', 60000],
      [HUASHE, 'INCOME_RURAL', '2021', 40000],
    ]);
  });

  it('reads a two-row header: group cells over sub headers, cells merged down, a blank spacer column', async () => {
    const file = await xlsx({
      数据: [
        title,
        ['地区代码', '期间', null, '居民人均可支配收入', '农村居民人均可支配收入'],
        [null, null, null, '（元）', '[INCOME_RURAL]'],
        [HUASHE, '2022', 'x', 61000, 42000],
      ],
    });
    const p = await runImport(db, actor, file, opts('grouped.xlsx'));
    expect(values(p)).toEqual([
      [HUASHE, 'INCOME_PC', '2022', 61000],
      [HUASHE, 'INCOME_RURAL', '2022', 42000],
    ]);
    const period = await xlsx({
      数据: [
        ['地区代码', '期间', '1-6月', null],
        [null, null, '居民人均可支配收入', '农村居民人均可支配收入'],
        [KEYAN, '2023', 30000, 20000],
      ],
    });
    expect(values(await runImport(db, actor, period, opts('half.xlsx')))).toEqual([
      [KEYAN, 'INCOME_PC', '2023', 30000],
      [KEYAN, 'INCOME_RURAL', '2023', 20000],
    ]);
  });

  it('a total that is not the sum of the detail rows is a warning with both figures, not an error', async () => {
    const file = await xlsx({
      表1: [
        header,
        [1, HUASHE, '华舍街道', 2021, 60000, 40000],
        [2, KEYAN, '柯岩街道', 2021, 62000, null],
        ['合计', null, null, 2021, 125000, 50000],
      ],
    });
    const p = await runImport(db, actor, file, opts('total.xlsx'));
    expect(p.observationCount).toBe(3);
    // INCOME_RURAL is not checked: 柯岩街道 has no figure
    expect(p.warnings.map((w) => [w.sheet, w.row, w.column, w.code])).toEqual([['表1', 4, 'E', 'TOTAL_MISMATCH']]);
    expect(p.warnings[0].zh).toContain('125000');
    expect(p.warnings[0].zh).toContain('122000');
    expect(p.warnings[0].en).toContain('122000');
    // within 0.1 %: no warning
    const close = await xlsx({
      表1: [header, [1, HUASHE, '', 2021, 60000, null], [2, KEYAN, '', 2021, 62000, null], ['总计', '', '', 2021, 122100, null]],
    });
    expect((await runImport(db, actor, close, opts('close.xlsx'))).warnings).toEqual([]);
    // a long table: the 合计 row of an indicator and period
    const long = utf8([
      ['地区代码', '指标代码', '期间', '值'],
      [HUASHE, 'INCOME_PC', '2017', 100],
      [KEYAN, 'INCOME_PC', '2017', 200],
      ['全 区', 'INCOME_PC', '2017', 400],
    ]);
    const lp = await runImport(db, actor, long, opts('long.csv'));
    expect(lp.observationCount).toBe(2);
    expect(lp.warnings.map((w) => [w.row, w.column, w.code])).toEqual([[4, 'D', 'TOTAL_MISMATCH']]);
  });

  it('无 / — / － are no figure; (12.3) and （12.3） are −12.3', async () => {
    const file = await xlsx({
      表1: [
        ['地区代码', '期间', '居民人均可支配收入', '农村居民人均可支配收入', '城乡居民收入倍差'],
        [HUASHE, 2019, '无', '—', '(1.5)'],
        [KEYAN, 2019, '－', '（12.3）', '/'],
      ],
    });
    const p = await runImport(db, actor, file, opts('marks.xlsx'));
    expect(values(p)).toEqual([
      [KEYAN, 'INCOME_RURAL', '2019', -12.3],
      [HUASHE, 'INCOME_RATIO', '2019', -1.5],
    ]);
    const long = utf8([
      ['地区代码', '指标代码', '期间', '值'],
      [HUASHE, 'INCOME_PC', '2018', '无'],
      [HUASHE, 'INCOME_RURAL', '2018', '(5)'],
    ]);
    expect(values(await runImport(db, actor, long, opts('marks.csv')))).toEqual([[HUASHE, 'INCOME_RURAL', '2018', -5]]);
  });

  it('a failing office file writes nothing and names the bad cell under the title rows', async () => {
    const before = await counts();
    const file = await xlsx({
      表1: [
        title,
        unitLine,
        header,
        [1, HUASHE, '华舍街道', 2021, 60000, 40000],
        [2, KEYAN, '柯岩街道', 2021, '很多', 41000],
        ['合计', null, null, 2021, 1, 1],
        ['注：初步数'],
      ],
    });
    const err = await runImport(db, actor, file, opts('bad.xlsx', { dryRun: false })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details).toMatchObject({ issueCount: 1 });
    expect(((err as AppError).details as { issues: ImportIssue[] }).issues).toEqual([
      expect.objectContaining({ sheet: '表1', row: 5, column: 'E', code: 'NOT_A_NUMBER' }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('a sheet without a period column still reports the problems of its rows', async () => {
    const file = await xlsx({
      // a title without a period (one with a period gives the sheet its period: import-formats.test.ts)
      表1: [
        ['各镇街主要指标完成情况'],
        ['地区代码', '地区名称', '居民人均可支配收入'],
        [HUASHE, '华舍街道', '很多'],
        ['330603999000', '？', 1],
      ],
    });
    const err = await runImport(db, actor, file, opts('noperiod.xlsx')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(((err as AppError).details as { issues: ImportIssue[] }).issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, null, 'HEADER_MISSING_COLUMN'],
      [3, 'C', 'NOT_A_NUMBER'],
      [4, 'A', 'UNKNOWN_SUBJECT'],
    ]);
  });
});
