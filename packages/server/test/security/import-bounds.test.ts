/**
 * Imports are read within bounds (issue 20, memory denial of service): a few at once with a short
 * queue — beyond it 429 IMPORT_BUSY with Retry-After — and each in a worker whose heap is capped,
 * so a file that needs more memory is refused (413 FILE_TOO_COMPLEX) while the server answers on
 * and the next import is read by a fresh worker. Through the real app, as a district analyst.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { bounded, configureParsing, DEFAULT_PARSING, parseLoad } from '../../src/tables/parse-pool.js';
import { utf8, xlsx } from '../fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from '../helpers.js';
import { makeUser, signIn, type Client } from '../session.js';

const HUASHE = '330603003000';
const LIMITS = { concurrency: 1, queue: 1, memoryMb: 48, worker: true, retryAfterSeconds: 7 };

let t: TestDb;
let app: FastifyInstance;
let clerk: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig({ importParsing: LIMITS }) });
  await makeUser(t.store.db, 'clerk', ['analyst'], '330603000000');
  clerk = await signIn(app, 'clerk');
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
  configureParsing(DEFAULT_PARSING);
});

const upload = (name: string, bytes: Uint8Array) => clerk.request('POST', '/api/v1/imports?dryRun=true', multipartFile(name, bytes));
const small = () =>
  utf8([
    ['地区代码', '指标代码', '期间', '值'],
    [HUASHE, 'INCOME_PC', '2019', '60001'],
  ]);

describe('bounded import parsing', () => {
  it('queues one upload behind the one being read and refuses the next at once (unit, deterministic)', async () => {
    configureParsing({ ...LIMITS });
    let finishA!: () => void;
    const a = bounded(() => new Promise<string>((resolve) => (finishA = () => resolve('a'))));
    const b = bounded(async () => 'b');
    expect(parseLoad()).toMatchObject({ active: 1, waiting: 1 });
    await expect(bounded(async () => 'c')).rejects.toMatchObject({
      code: 'IMPORT_BUSY',
      status: 429,
      details: { retryAfterSeconds: 7, concurrency: 1, queue: 1 },
    });
    finishA();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(parseLoad()).toMatchObject({ active: 0, waiting: 0 });
  });

  it('answers 429 IMPORT_BUSY with Retry-After when every parser and the queue are taken', async () => {
    const rows: (string | number)[][] = [['地区代码', '指标代码', '期间', '值']];
    for (let i = 0; i < 15_000; i++) rows.push([HUASHE, 'INCOME_PC', String(1000 + (i % 900)), 60000 + i]);
    const heavy = await xlsx({ 数据: rows });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(`heavy${i}.xlsx`, heavy)));
    const busy = results.filter((r) => r.statusCode === 429);
    const served = results.filter((r) => r.statusCode !== 429);
    console.log(`6 parallel uploads, 1 parser + 1 queued: ${served.length} read, ${busy.length} refused with 429`);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(served.length).toBeGreaterThanOrEqual(2);
    for (const r of served) expect(r.statusCode, r.body.slice(0, 300)).not.toBe(500);
    for (const r of busy) {
      expect(r.headers['retry-after']).toBe('7');
      expect(r.json().error).toMatchObject({ code: 'IMPORT_BUSY', message: { zh: expect.stringContaining('7 秒后重试') } });
    }
    // once the queue has drained, an upload is read again
    expect((await upload('after.csv', small())).statusCode).toBe(200);
  });

  it('refuses a file that needs more than the parser’s memory cap, and the server and the next import go on', async () => {
    // 300,000 rows of distinct cells: 11 MB on disk, far more than 48 MB once parsed into rows
    const lines = ['地区代码,指标代码,期间,值'];
    for (let i = 0; i < 300_000; i++) lines.push(`${HUASHE},INCOME_PC,${1000 + (i % 900)},${60000 + i}.${i % 97}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    expect(bytes.length).toBeLessThan(testConfig().importMaxBytes);
    const rssBefore = process.memoryUsage().rss;
    const res = await upload('huge.csv', bytes);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'FILE_TOO_COMPLEX',
      details: { memoryMb: 48 },
      message: { en: expect.stringContaining('huge.csv') },
    });
    console.log(`over-cap file refused; server rss ${Math.round(rssBefore / 1e6)} → ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
    expect((await clerk.get('/api/v1/health')).statusCode).toBe(200);
    const next = await upload('next.csv', small());
    expect(next.statusCode, next.body).toBe(200);
  });
});
