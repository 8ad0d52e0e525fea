/** Files as they really arrive: UTF-16 text, HTML tables and legacy workbooks saved as .xls, units and periods as typed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/auth/actor.js';
import type { Db } from '../src/db/store.js';
import { loadDemo } from '../src/demo/load.js';
import { AppError } from '../src/errors.js';
import type { ImportIssue } from '../src/imports/issues.js';
import { runImport, type ImportOptions } from '../src/imports/service.js';
import { csvText, type Row } from './fixtures.js';
import { testDb, type TestDb } from './helpers.js';
import { importOptions, storedCounts } from './import-helpers.js';

let t: TestDb;
let db: Db;
const actor = systemActor('user:tester');
const HUASHE = '330603003000';
const KEYAN = '330603002000';

beforeAll(async () => {
  t = await testDb();
  db = t.store.db;
  await loadDemo(db, { today: new Date('2026-11-26T00:00:00Z') });
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
