/** Names to codes (issue 11): towns, villages and indicators by name, suggestions, and mappings saved per source. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { systemActor } from '../src/auth/actor.js';
import { rows, type Db } from '../src/db/store.js';
import { AppError } from '../src/errors.js';
import type { ImportIssue } from '../src/imports/issues.js';
import { runImport, type ImportOptions } from '../src/imports/service.js';
import { utf8, xlsx } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { importOptions, storedCounts } from './import-helpers.js';
import { auditHead, expectAudited } from './audit-helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KEQIAO_TOWN = '330603001000'; // 柯桥街道
const KEYAN = '330603002000';
const HUASHE = '330603003000';
const HUASHE_XINGHUA = '330603003004'; // 华舍街道 兴华社区居委会
const HUTANG_XINGHUA = '330603004233'; // 湖塘街道 兴华村委会
const KEQIAO_COUNTY = '330603000000';

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let officer: Client; // 柯桥街道 town officer
const actor = systemActor('user:tester');

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(db, 'keqiao-town', ['town_officer'], KEQIAO_TOWN);
  officer = await signIn(app, 'keqiao-town');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const opts = (fileName: string, extra: Partial<ImportOptions> = {}) => importOptions(fileName, false, extra);

const stored = (indicator: string, period: string) =>
  rows<{ code: string; value: number }>(
    db,
    sql`select s.code, o.value from observation o join subject s on s.id = o.subject_id
        where o.is_current and o.indicator_code = ${indicator} and o.period = ${period} order by s.code`,
  );

async function failing(bytes: Uint8Array, fileName: string, extra: Partial<ImportOptions> = {}): Promise<ImportIssue[]> {
  const before = await storedCounts(db);
  const err = await runImport(db, actor, bytes, opts(fileName, extra)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('IMPORT_INVALID');
  expect(await storedCounts(db)).toEqual(before);
  return ((err as AppError).details as { issues: ImportIssue[] }).issues;
}

const mappingsOf = (source: string) =>
  rows<{ kind: string; name: string; code: string; confirmed_by: string }>(
    db,
    sql`select kind, name, code, confirmed_by from import_name_mapping where source = ${source} order by kind, name`,
  );

describe('names to codes', () => {
  it('imports towns, villages, counties and indicators given by name, in their usual variants', async () => {
    const file = await xlsx({
      表1: [
        ['地区名称', '指标名称', '期间', '值'],
        ['柯桥', '居民人均可支配收入', 2001, 1],
        ['柯桥街道', '居民人均可支配收入', 2002, 2],
        ['柯桥区柯桥街道', '居民人均可支配收入（元）', 2003, 3],
        ['柯桥镇', 'ＩＮＣＯＭＥ＿ＰＣ', 2004, 4], // full-width code
        ['　柯 岩 街道　', '居民人均可支配收入', 2001, 5], // U+3000 and spaces
        ['华舍镇', '居民人均可支配收入', 2001, 6], // the town 华舍街道, not the village 华舍村
        ['湖塘街道兴华村', '居民人均可支配收入', 2001, 7], // 兴华 twice: the town prefix decides
        ['柯桥区华舍街道兴华社区', '居民人均可支配收入', 2002, 8],
        ['柯桥区', '居民人均可支配收入', 2001, 9], // the county itself
      ],
    });
    const p = await runImport(db, actor, file, opts('names.xlsx'));
    expect(p).toMatchObject({ observationCount: 9, inserted: 9 });
    expect(await stored('INCOME_PC', '2001')).toEqual([
      { code: KEQIAO_COUNTY, value: 9 },
      { code: KEQIAO_TOWN, value: 1 },
      { code: KEYAN, value: 5 },
      { code: HUASHE, value: 6 },
      { code: HUTANG_XINGHUA, value: 7 },
    ]);
    expect(await stored('INCOME_PC', '2002')).toEqual([
      { code: KEQIAO_TOWN, value: 2 },
      { code: HUASHE_XINGHUA, value: 8 },
    ]);
    expect(await stored('INCOME_PC', '2003')).toEqual([{ code: KEQIAO_TOWN, value: 3 }]);
    expect(await stored('INCOME_PC', '2004')).toEqual([{ code: KEQIAO_TOWN, value: 4 }]);

    // a wide table with a 乡镇（街道） column and no code column
    const wide = await xlsx({
      表1: [
        ['乡镇（街道）', '年份', '居民人均可支配收入（元）'],
        ['柯岩', 2005, 10],
        ['华舍街道办事处', 2005, 11],
      ],
    });
    expect(await runImport(db, actor, wide, opts('wide.xlsx'))).toMatchObject({ layout: 'wide', inserted: 2 });
    expect(await stored('INCOME_PC', '2005')).toEqual([
      { code: KEYAN, value: 10 },
      { code: HUASHE, value: 11 },
    ]);
  });

  it('reports an unknown or ambiguous name with up to 3 suggestions, where it is, and writes nothing', async () => {
    const file = await xlsx({
      表1: [
        ['地区名称', '指标名称', '期间', '值'],
        ['柯桥街道', '居民人均可支配收入', 2006, 1],
        ['柯桥镇老', '居民人均可支配收入', 2006, 2],
        ['兴华', '居民人均可支配收入', 2006, 3],
        ['柯岩街道', '人均可支配收入', 2006, 4],
      ],
    });
    const issues = await failing(file, 'unknown.xlsx');
    expect(issues.map((i) => [i.sheet, i.row, i.column, i.code])).toEqual([
      ['表1', 3, 'A', 'UNKNOWN_REGION_NAME'],
      ['表1', 4, 'A', 'AMBIGUOUS_REGION_NAME'],
      ['表1', 5, 'B', 'UNKNOWN_INDICATOR'],
    ]);
    for (const i of issues) expect(i.suggestions!.length).toBeGreaterThan(0);
    for (const i of issues) expect(i.suggestions!.length).toBeLessThanOrEqual(3);
    expect(issues[0].suggestions).toContainEqual({ code: KEQIAO_TOWN, name: '柯桥街道' });
    expect(issues[0].zh).toContain('柯桥街道（330603001000）');
    expect(issues[1].suggestions!.map((s) => s.code).sort()).toEqual([HUASHE_XINGHUA, HUTANG_XINGHUA]);
    expect(issues[1].suggestions!.map((s) => s.name)).toContain('湖塘街道兴华村委会');
    expect(issues[2].suggestions![0].code).toBe('INCOME_PC');
    expect(await stored('INCOME_PC', '2006')).toEqual([]);
  });

  it('imports with a confirmed mapping, saves it for the source (audited), and the next file needs none', async () => {
    const source = '柯桥街道月报';
    const file = (value: number) =>
      xlsx({
        表1: [
          ['地区名称', '指标名称', '期间', '值'],
          ['柯桥镇老', '人均收入', 2007, value],
        ],
      });
    const mapping = { regions: { '柯桥镇老 ': KEQIAO_TOWN }, indicators: { 人均收入: 'INCOME_PC' } };
    // a dry run applies the mapping and saves nothing
    const dry = await runImport(db, actor, await file(1), importOptions('2026-11.xlsx', true, { source, mapping }));
    expect(dry.sample).toEqual([expect.objectContaining({ subjectCode: KEQIAO_TOWN, indicatorCode: 'INCOME_PC', value: 1 })]);
    expect(await mappingsOf(source)).toEqual([]);

    const since = await auditHead(db);
    const done = await runImport(db, actor, await file(1), opts('2026-11.xlsx', { source, mapping }));
    expect(done.inserted).toBe(1);
    expect(await mappingsOf(source)).toEqual([
      { kind: 'indicator', name: '人均收入', code: 'INCOME_PC', confirmed_by: 'user:tester' },
      { kind: 'region', name: '柯桥镇老', code: KEQIAO_TOWN, confirmed_by: 'user:tester' },
    ]);
    const entry = await expectAudited(db, { action: 'import.mapping', actor: 'user:tester', target: `import-source:${source}`, since });
    expect(entry.after).toEqual({ source, regions: { 柯桥镇老: KEQIAO_TOWN }, indicators: { 人均收入: 'INCOME_PC' } });

    // next month's file from the same source: no mapping, no questions, no new mapping entry
    const next = await auditHead(db);
    const again = await runImport(db, actor, await file(2), opts('2026-12.xlsx', { source }));
    expect(again).toMatchObject({ revised: 1 });
    expect(await stored('INCOME_PC', '2007')).toEqual([{ code: KEQIAO_TOWN, value: 2 }]);
    expect(await rows(db, sql`select 1 from audit_log where action = 'import.mapping' and seq > ${next}`)).toEqual([]);

    // another source has not confirmed these names
    const other = await xlsx({
      表1: [
        ['地区名称', '指标名称', '期间', '值'],
        ['柯桥镇老', '居民人均可支配收入', 2007, 3],
        ['柯桥街道', '人均收入', 2008, 3],
      ],
    });
    expect((await failing(other, '2026-12.xlsx', { source: '其他来源' })).map((i) => [i.row, i.code])).toEqual([
      [2, 'UNKNOWN_REGION_NAME'],
      [3, 'UNKNOWN_INDICATOR'],
    ]);
  });

  it('through the route: a town officer maps within their scope only, and sees no region outside it', async () => {
    const post = (name: string, query: Record<string, string>, csv: Buffer) =>
      officer.request('POST', `/api/v1/imports?${new URLSearchParams({ dryRun: 'false', ...query })}`, multipartFile(name, csv));
    const csv = (region: string, value: number) =>
      utf8([
        ['地区名称', '指标代码', '期间', '值'],
        [region, 'INCOME_PC', '2008', String(value)],
      ]);
    const before = await storedCounts(db);

    // a name outside the officer's town is not found, and nothing outside is suggested
    const outside = await post('a.csv', { source: '镇月报' }, csv('华舍街道', 1));
    expect(outside.statusCode).toBe(422);
    const [unknown] = outside.json().error.details.issues as ImportIssue[];
    expect(unknown).toMatchObject({ row: 2, column: 'A', code: 'UNKNOWN_REGION_NAME' });
    expect((unknown.suggestions ?? []).every((s) => s.code.startsWith('330603001'))).toBe(true);

    // mapping to a region outside the scope fails the import and saves nothing
    const mapped = await post('b.csv', { source: '镇月报', mapping: JSON.stringify({ regions: { 华舍: HUASHE } }) }, csv('华舍', 1));
    expect(mapped.statusCode).toBe(422);
    expect((mapped.json().error.details.issues as ImportIssue[]).map((i) => i.code)).toContain('MAPPING_OUT_OF_SCOPE');
    expect(await mappingsOf('镇月报')).toEqual([]);
    expect(await storedCounts(db)).toEqual(before);

    // a mapping saved by the county for the same source does not reach outside the officer's scope either
    await runImport(db, actor, csv('华舍老', 1), opts('county.csv', { source: '镇月报', mapping: { regions: { 华舍老: HUASHE } } }));
    const saved = await post('c.csv', { source: '镇月报' }, csv('华舍老', 2));
    expect(saved.statusCode).toBe(422);
    expect((saved.json().error.details.issues as ImportIssue[]).map((i) => i.code)).toEqual(['UNKNOWN_REGION_NAME']);

    // within the scope: the mapping is applied, saved and audited, the next file imports without it
    const since = await auditHead(db);
    const own = await post('d.csv', { source: '镇月报', mapping: JSON.stringify({ regions: { 本街道: KEQIAO_TOWN } }) }, csv('本街道', 3));
    expect(own.statusCode).toBe(200);
    await expectAudited(db, { action: 'import.mapping', actor: 'keqiao-town', since });
    const next = await post('e.csv', { source: '镇月报' }, csv('本街道', 4));
    expect(next.statusCode).toBe(200);
    expect(await stored('INCOME_PC', '2008')).toEqual([
      { code: KEQIAO_TOWN, value: 4 },
      { code: HUASHE, value: 1 },
    ]);

    const bad = await post('f.csv', { mapping: '{"regions":' }, csv('本街道', 5));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_MAPPING');
  });
});
