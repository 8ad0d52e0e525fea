/**
 * Hostile uploads: a workbook that unpacks to a huge shared string is refused from its zip
 * directory before anything is inflated (8 at once, the server answers on), a problem never
 * repeats a whole cell, and a formula saved without its value is named as such.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { buildApp } from '../src/app.js';
import { zipEntries } from '../src/tables/zip-limits.js';
import { utf8, xlsx } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

let t: TestDb;
let app: FastifyInstance;
let clerk: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'clerk', ['analyst'], '330603000000');
  clerk = await signIn(app, 'clerk');
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const upload = (name: string, bytes: Uint8Array) => clerk.request('POST', '/api/v1/imports?dryRun=true', multipartFile(name, bytes));

/** A real workbook whose shared-string table is replaced by one of `megabytes` MB. */
async function sharedStringBomb(megabytes: number): Promise<Uint8Array> {
  const parts = unzipSync(
    await xlsx({
      数据: [
        ['地区代码', '指标代码', '期间', '值'],
        ['330603003000', 'INCOME_PC', '2015', 'x'],
      ],
    }),
  );
  const huge = 'A'.repeat(megabytes * 1024 * 1024);
  parts['xl/sharedStrings.xml'] = new TextEncoder().encode(
    `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>${huge}</t></si></sst>`,
  );
  return zipSync(parts, { level: 9 });
}

describe('hostile uploads', () => {
  it('refuse a small file that unpacks to a huge shared string, 8 at once, and the server answers on', async () => {
    const bomb = await sharedStringBomb(64);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(zipEntries(bomb)!.find((e) => e.name === 'xl/sharedStrings.xml')!.uncompressedBytes).toBeGreaterThan(64 * 1024 * 1024);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(`bomb${i}.xlsx`, bomb)));
    for (const r of results) {
      expect(r.statusCode).toBe(413);
      expect(r.json().error).toMatchObject({
        code: 'FILE_TOO_LARGE',
        message: { en: expect.stringContaining('xl/sharedStrings.xml is 64.0 MB') },
      });
      expect(r.body.length).toBeLessThan(2000);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await clerk.get('/api/v1/health')).statusCode).toBe(200);
  });

  it('quote at most a little of a long cell in a problem (a 5 MB cell gives a small response)', async () => {
    const long = '9'.repeat(5 * 1024 * 1024) + 'x';
    const res = await upload(
      'long.csv',
      utf8([
        ['地区代码', '指标代码', '期间', '值'],
        ['330603003000', 'INCOME_PC', '2015', long],
      ]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body.length).toBeLessThan(4000);
    expect(res.json().error.details.issues[0]).toMatchObject({ code: 'NOT_A_NUMBER', row: 2, column: 'D' });
  });

  it('name a formula saved without its computed value', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['地区代码', '指标代码', '期间', '值']);
    ws.addRow(['330603003000', 'INCOME_PC', '2015', null]);
    ws.getCell('D2').value = { formula: 'B7*2' } as ExcelJS.CellFormulaValue;
    const res = await upload('formula.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(res.json().error.details.issues[0]).toMatchObject({
      code: 'FORMULA_WITHOUT_RESULT',
      row: 2,
      column: 'D',
      zh: expect.stringContaining('=B7*2'),
    });
  });
});
