/**
 * 12345 hotline work-order import through the real app: names not codes, idempotent on 工单编号
 * (a second import of the same file creates nothing), sheet/row/column errors with nothing written,
 * the dry run, the audit entry, refusals per role and the town-scope block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { callTime } from '../src/events/hotline.js';
import { one } from '../src/db/store.js';
import { ensureEventUnitsUnscoped } from '../src/events/demo.js';
import { expectAudited } from './audit-helpers.js';
import { csvText, xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';

let t: TestDb;
let app: FastifyInstance;
let centre: Client;
let town: Client;
let grid: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  await ensureEventUnitsUnscoped(t.store.db);
  await makeUser(t.store.db, 'hl-centre', ['event_dispatcher'], KQ);
  await makeUser(t.store.db, 'hl-huashe', ['event_dispatcher'], HUASHE);
  await makeUser(t.store.db, 'hl-grid', ['grid_worker'], '330603003004');
  app = await buildApp({ store: t.store, config: testConfig() });
  await app.ready();
  centre = await signIn(app, 'hl-centre');
  town = await signIn(app, 'hl-huashe');
  grid = await signIn(app, 'hl-grid');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const HEADER: Row = ['工单编号', '来电时间', '诉求内容', '地址', '所属镇街', '所属村社', '诉求分类', '来电人', '联系电话'];
const upload = (who: Client, name: string, bytes: Uint8Array, dryRun: boolean) => {
  const f = multipartFile(name, bytes);
  return who.request('POST', `/api/v1/events/hotline/import?dryRun=${dryRun}`, { payload: f.payload, headers: f.headers });
};
const csv = (rows: Row[]) => new TextEncoder().encode(csvText(rows));

describe('12345 work-order import', () => {
  it('reads names, previews on a dry run, creates once, and a second import of the same orders creates nothing', async () => {
    const file = await xlsx({
      工单: [
        HEADER,
        [
          'GD202611200001',
          new Date(Date.UTC(2026, 10, 20, 9, 15)),
          '小区门口垃圾堆放多日无人清理',
          '兴华社区3号楼',
          '华舍街道',
          '兴华社区',
          '投诉举报',
          '张先生',
          '13800001111',
        ],
        ['GD202611200002', '2026-11-21 14:05', '咨询居住证办理', '', '华舍街道', '', '12345热线工单/咨询求助', '李女士', ''],
      ],
    });
    const dry = await upload(centre, '12345-1120.xlsx', file, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ dryRun: true, rows: 2, created: 2, existing: 0, ids: [] });
    const before = await one<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from event_case where channel = 'hotline' and not synthetic`,
    );
    expect(before!.n).toBe(0);

    const real = await upload(centre, '12345-1120.xlsx', file, false);
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json()).toMatchObject({ dryRun: false, rows: 2, created: 2, existing: 0 });
    await expectAudited(t.store.db, { action: 'events.hotline.import', actor: 'hl-centre', target: 'file:12345-1120.xlsx' });
    const [first, second] = real.json().ids as number[];
    const c1 = (await centre.get(`/api/v1/events/cases/${first}`)).json();
    expect(c1.case).toMatchObject({
      channel: 'hotline',
      categoryCode: 'HOTLINE_COMPLAINT',
      regionCode: '330603003004',
      townCode: HUASHE,
      reportedAt: '2026-11-20T01:15:00.000Z', // 09:15 in Shanghai
      reporterName: '张先生',
      address: '兴华社区3号楼',
    });
    expect(c1.timeline[0]).toMatchObject({ action: 'report', detail: { channel: 'hotline', order: 'GD202611200001' } });
    const c2 = (await town.get(`/api/v1/events/cases/${second}`)).json();
    expect(c2.case).toMatchObject({ categoryCode: 'HOTLINE_HELP', regionCode: HUASHE, reportedAt: '2026-11-21T06:05:00.000Z' });

    // the same orders again (a later export that overlaps): nothing doubled, the new one created
    const again = await upload(
      centre,
      '12345-1121.csv',
      csv([
        HEADER,
        ['GD202611200002', '2026-11-21 14:05', '咨询居住证办理', '', '华舍街道', '', '咨询求助', '李女士', ''],
        ['GD202611220003', '2026/11/22 08:40', '路灯不亮', '', '华舍街道', '', '投诉举报', '', ''],
      ]),
      false,
    );
    expect(again.json()).toMatchObject({ rows: 2, created: 1, existing: 1 });
    const n = await one<{ n: number }>(t.store.db, sql`select count(*)::int as n from event_case where idempotency_key like '12345:%'`);
    expect(n!.n).toBe(3);
  });

  it('reports every problem by sheet, row and column and writes nothing', async () => {
    const bad = await upload(
      centre,
      'bad.csv',
      csv([
        HEADER,
        ['GD-9001', '2026-13-01 08:00', '内容', '', '华舍街道', '', '投诉举报', '', ''],
        ['GD-9002', '2026-11-20 08:00', '', '', '不存在镇', '', '不存在的分类', '', 'abc'],
        ['GD-9001', '2026-11-20 08:00', '内容', '', '华舍街道', '没有的村', '投诉举报', '', ''],
        ['工单 9004', '2026-11-20 08:00', '内容', '', '华舍街道', '', '投诉举报', '', ''],
      ]),
      false,
    );
    expect(bad.statusCode).toBe(422);
    const issues = bad.json().error.details.issues as { row: number; column: string; code: string }[];
    expect(issues.map((i) => `${i.row}${i.column}:${i.code}`)).toEqual([
      '2B:BAD_TIME',
      '3C:CONTENT_MISSING',
      '3E:UNKNOWN_TOWN',
      '3G:UNKNOWN_CATEGORY',
      '3I:BAD_PHONE',
      '4F:UNKNOWN_VILLAGE',
      '4A:DUPLICATE_ROW',
      '5A:BAD_ORDER_NO',
    ]);
    const missing = await upload(
      centre,
      'nohead.csv',
      csv([
        ['工单编号', '来电时间'],
        ['X1', '2026-11-20'],
      ]),
      true,
    );
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.issues[0]).toMatchObject({ row: 1, column: null, code: 'HEADER_MISSING_COLUMN' });
    const n = await one<{ n: number }>(t.store.db, sql`select count(*)::int as n from event_case where idempotency_key like '12345:GD-9%'`);
    expect(n!.n).toBe(0);
  });

  it('refused to a 网格员; a town imports only its own town (another town is unknown to it)', async () => {
    const file = csv([HEADER, ['GD202611230001', '2026-11-23 10:00', '噪音扰民', '', '柯岩街道', '', '投诉举报', '', '']]);
    expect((await upload(grid, 'x.csv', file, true)).statusCode).toBe(403);
    const res = await upload(town, 'x.csv', file, false);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.issues[0]).toMatchObject({ row: 2, column: 'E', code: 'UNKNOWN_TOWN' });
    expect((await upload(centre, 'x.csv', file, true)).json()).toMatchObject({ created: 1 });
  });

  it('来电时间 as Shanghai wall clock: Excel date, serial number and text', () => {
    expect(callTime(new Date(Date.UTC(2026, 0, 5, 8, 30)))).toBe(Date.parse('2026-01-05T08:30:00+08:00'));
    expect(callTime(46027.5)).toBe(Date.parse('2026-01-05T12:00:00+08:00'));
    expect(callTime('2026年1月5日 8:30')).toBe(Date.parse('2026-01-05T08:30:00+08:00'));
    expect(callTime('2026-02-30')).toBeNull();
    expect(callTime('昨天')).toBeNull();
  });
});
