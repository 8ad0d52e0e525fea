/**
 * 亩均 公示 and appeal through the real app: an enterprise account bound to its credit code sees only
 * its own published record (values, benchmarks, contributions, what closes the gap to the next
 * class), files one appeal with an attachment inside the window, cannot reach any other data;
 * officers of the town see the appeal, the final publication waits for it, an officer decides, the
 * enterprise is notified, a corrected import and a new run change the class, the history stays.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { creditCodeCheckChar, organisationCodeCheckChar } from '@gongfu/engine/mujun';
import { buildApp } from '../src/app.js';
import { setPasswordHash } from '../src/auth/repository.js';
import { hashPassword } from '../src/auth/passwords.js';
import { expectAudited } from './audit-helpers.js';
import { xlsx, type Row } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, PASSWORD, signIn, type Client } from './session.js';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const YEAR = 2025;

function creditCode(serial: number): string {
  const org8 = `MB${String(serial).padStart(6, '0')}`;
  const org = org8 + organisationCodeCheckChar(org8)!;
  const first17 = `91330603${org}`;
  return first17 + creditCodeCheckChar(first17);
}

const AT_BENCHMARK = creditCode(1); // 规下 in 华舍 at both benchmarks: 100 → B
const HALF_WAY = creditCode(2); // 规下 in 华舍 at 0.6 of both: 60 → C, appeals
const KEYAN_FIRM = creditCode(3); // 规下 in 柯岩

let t: TestDb;
let app: FastifyInstance;
let admin: Client;
let analyst: Client;
let huashe: Client;
let keyan: Client;
let firm: Client;
let otherFirm: Client;
let runId: number;
let appealId: number;
let fileId: number;

const expectOk = (res: { statusCode: number; body: string }) => expect(res.statusCode, res.body).toBe(200);
const upload = (who: Client, url: string, name: string, rows: Row[]) =>
  xlsx({ 表1: rows }).then((b) => who.request('POST', url, multipartFile(name, b)));

/** 规下: tax k × 11.5932 万元 per 亩 on 20 亩 and k × 0.2352 万元 per 万千瓦时 */
const belowAt = (k: number) => ({ tax: 11.5932 * 20 * k, electricity: (11.5932 * 20 * k) / (0.2352 * k) });

async function importTaxAndPower(values: Record<string, { tax: number; electricity: number }>) {
  const tax: Row[] = [['统一社会信用代码', '年度', '实缴税金（万元）']];
  const power: Row[] = [['统一社会信用代码', '年度', '用电量（万千瓦时）']];
  for (const [code, v] of Object.entries(values)) {
    tax.push([code, YEAR, v.tax]);
    power.push([code, YEAR, v.electricity]);
  }
  expectOk(await upload(analyst, '/api/v1/imports?dryRun=false', '税务局-实缴税金.xlsx', tax));
  expectOk(await upload(analyst, '/api/v1/imports?dryRun=false', '供电公司-用电量.xlsx', power));
}

async function enterpriseAccount(username: string, code: string): Promise<Client> {
  const res = await admin.request('POST', '/api/v1/users', {
    payload: { username, displayName: `${username} 企业联络员`, roles: ['enterprise'], enterprise: code },
  });
  expectOk(res);
  await setPasswordHash(t.store.db, res.json().id, await hashPassword(PASSWORD), false);
  return signIn(app, username);
}

const publish = async (id: number, status: 'published' | 'final', appealDays?: number) =>
  analyst.request('POST', `/api/v1/mujun/runs/${id}/publish`, { payload: { status, appealDays } });

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig(), logger: !!process.env.DEBUG_LOG });
  await makeUser(t.store.db, 'sysadmin', ['admin'], KQ);
  await makeUser(t.store.db, 'jingxin', ['analyst'], KQ);
  await makeUser(t.store.db, 'huashe-officer', ['town_officer'], HUASHE);
  await makeUser(t.store.db, 'keyan-officer', ['town_officer'], KEYAN);
  admin = await signIn(app, 'sysadmin');
  analyst = await signIn(app, 'jingxin');
  huashe = await signIn(app, 'huashe-officer');
  keyan = await signIn(app, 'keyan-officer');

  expectOk(
    await upload(analyst, '/api/v1/subjects/import?dryRun=false&kind=enterprise', 'roster.xlsx', [
      ['统一社会信用代码', '企业名称', '所属地区', '行业代码', '规模', '经营状态'],
      [AT_BENCHMARK, '绍兴柯桥标杆织造有限公司', HUASHE, '1751', '规下', '在营'],
      [HALF_WAY, '绍兴柯桥半程纺织有限公司', HUASHE, '1751', '规下', '在营'],
      [KEYAN_FIRM, '绍兴柯岩邻近机械有限公司', KEYAN, '3451', '规下', '在营'],
    ]),
  );
  expectOk(
    await upload(analyst, `/api/v1/mujun/parcels?year=${YEAR}&dryRun=false`, 'land.xlsx', [
      ['地块编号', '所属镇街', '面积（亩）', '权属企业信用代码'],
      ['HS-101', HUASHE, 20, AT_BENCHMARK],
      ['HS-102', HUASHE, 20, HALF_WAY],
      ['KY-101', KEYAN, 20, KEYAN_FIRM],
    ]),
  );
  await importTaxAndPower({ [AT_BENCHMARK]: belowAt(1), [HALF_WAY]: belowAt(0.6), [KEYAN_FIRM]: belowAt(1) });
  const run = await analyst.request('POST', '/api/v1/mujun/runs', { payload: { year: YEAR } });
  expectOk(run);
  runId = run.json().id;
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('亩均 enterprise accounts', () => {
  it('are opened by credit code with the enterprise role only, in the enterprise’s town', async () => {
    const unknown = await admin.request('POST', '/api/v1/users', {
      payload: { username: 'nobody-firm', displayName: 'x', roles: ['enterprise'], enterprise: creditCode(99) },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ENTERPRISE_NOT_FOUND');
    const mixed = await admin.request('POST', '/api/v1/users', {
      payload: { username: 'mixed-firm', displayName: 'x', roles: ['enterprise', 'analyst'], enterprise: HALF_WAY },
    });
    expect(mixed.json().error.code).toBe('ENTERPRISE_ROLES');
    const unbound = await admin.request('POST', '/api/v1/users', {
      payload: { username: 'unbound-firm', displayName: 'x', roles: ['enterprise'] },
    });
    expect(unbound.json().error.code).toBe('ENTERPRISE_REQUIRED');

    firm = await enterpriseAccount('banchen', HALF_WAY);
    await expectAudited(t.store.db, { action: 'user.create', actor: 'sysadmin', target: 'user:banchen' });
    otherFirm = await enterpriseAccount('biaogan', AT_BENCHMARK);
    const me = (await firm.get('/api/v1/auth/me')).json();
    expect(me).toMatchObject({
      regionCode: HUASHE,
      roles: ['enterprise'],
      enterprise: { code: HALF_WAY, name: '绍兴柯桥半程纺织有限公司' },
    });
    expect(me.permissions).toEqual(['mujun:own']);
    const users = (await admin.get('/api/v1/users?q=banchen')).json().items;
    const promote = await admin.request('PATCH', `/api/v1/users/${users[0].id}`, { payload: { roles: ['town_officer'] } });
    expect(promote.json().error.code).toBe('ENTERPRISE_ROLES');
  });

  it('see nothing before publication and nothing but their own record after', async () => {
    const draft = await firm.get('/api/v1/mujun/mine');
    expectOk(draft);
    expect(draft.json().runs).toEqual([]);
    for (const url of [
      '/api/v1/mujun/runs',
      `/api/v1/mujun/runs/${runId}/results`,
      `/api/v1/mujun/enterprises/${AT_BENCHMARK}/record`,
      `/api/v1/mujun/runs/${runId}/appeals`,
      '/api/v1/subjects?kind=enterprise',
      '/api/v1/observations?indicator=MJ_TAX',
      '/api/v1/users',
    ])
      expect((await firm.get(url)).statusCode, url).toBe(403);
    // an officer has no enterprise of their own
    expect((await analyst.get('/api/v1/mujun/mine')).statusCode).toBe(403);
  });

  it('explain the published result item by item and what closes the gap to the next class', async () => {
    expectOk(await publish(runId, 'published', 5));
    const record = (await firm.get('/api/v1/mujun/mine')).json();
    expect(record.enterprise).toEqual({ code: HALF_WAY, name: '绍兴柯桥半程纺织有限公司', regionName: '华舍街道' });
    const [run] = record.runs;
    expect(run).toMatchObject({
      runId,
      year: YEAR,
      status: 'published',
      appealOpen: true,
      scale: 'below',
      class: 'C',
      landMu: 20,
      rank: 3,
      groupSize: 3,
    });
    expect(run.score).toBeCloseTo(60, 6);
    expect(Date.parse(run.appealUntil) - Date.parse(run.publishedAt)).toBe(5 * 86_400_000);
    // B from 80: 20 points short; by 亩均税收 alone (30 → 50 of 50 points) the tax must reach the benchmark
    expect(run.next).toEqual({ class: 'B', minScore: 80, gap: expect.closeTo(20, 6), basis: 'bands' });
    const perMu = run.items.find((i: { id: string }) => i.id === 'tax_per_mu');
    expect(perMu.value).toBeCloseTo(0.6 * 11.5932, 9);
    expect(perMu.score).toBeCloseTo(30, 6);
    expect(perMu.toNext.value).toBeCloseTo(11.5932, 6);
    expect(perMu.toNext.numeratorIncrease).toBeCloseTo(0.4 * 11.5932 * 20, 6);
    // nothing of the neighbour: its record is only the officers'
    expect(JSON.stringify(record)).not.toContain(AT_BENCHMARK);
    const officerView = (await huashe.get(`/api/v1/mujun/enterprises/${HALF_WAY}/record`)).json();
    expect(officerView.runs[0].score).toBeCloseTo(60, 6);
    expect((await keyan.get(`/api/v1/mujun/enterprises/${HALF_WAY}/record`)).statusCode).toBe(404);
  });

  it('file one appeal with attachments inside the window; the county’s officers are told', async () => {
    const short = await firm.request('POST', '/api/v1/mujun/mine/appeals', { payload: { runId, reason: '不对' } });
    expect(short.statusCode).toBe(400);
    const filed = await firm.request('POST', '/api/v1/mujun/mine/appeals', {
      payload: { runId, reason: '税务数据漏计了 2025 年第四季度补缴的增值税，附完税证明' },
    });
    expectOk(filed);
    appealId = filed.json().id;
    await expectAudited(t.store.db, { action: 'mujun.appeal.file', actor: 'banchen', target: `mujun_run:${runId}` });
    const again = await firm.request('POST', '/api/v1/mujun/mine/appeals', { payload: { runId, reason: '再次申诉，请尽快处理' } });
    expect(again.json().error.code).toBe('APPEAL_PENDING');

    const pdf = Buffer.from('%PDF-1.4\n% 完税证明\n');
    const attached = await firm.request('POST', `/api/v1/mujun/mine/appeals/${appealId}/files`, multipartFile('完税证明.pdf', pdf));
    expectOk(attached);
    fileId = attached.json().id;
    const exe = await firm.request('POST', `/api/v1/mujun/mine/appeals/${appealId}/files`, multipartFile('setup.exe', pdf));
    expect(exe.statusCode).toBe(415);
    const own = await firm.get(`/api/v1/mujun/mine/appeals/${appealId}/files/${fileId}`);
    expectOk(own);
    expect(Buffer.from(own.rawPayload).equals(pdf)).toBe(true);
    expect((await otherFirm.get(`/api/v1/mujun/mine/appeals/${appealId}/files/${fileId}`)).statusCode).toBe(404);
    expect((await otherFirm.request('POST', `/api/v1/mujun/mine/appeals/${appealId}/files`, multipartFile('x.pdf', pdf))).statusCode).toBe(
      404,
    );

    const told = (await analyst.get('/api/v1/notifications')).json().items;
    expect(told[0]).toMatchObject({ kind: 'mujun.appeal', titleZh: '亩均评价申诉：绍兴柯桥半程纺织有限公司' });
    const huasheList = (await huashe.get(`/api/v1/mujun/runs/${runId}/appeals`)).json().items;
    expect(huasheList).toEqual([
      expect.objectContaining({ id: appealId, code: HALF_WAY, status: 'pending', files: [{ id: fileId, fileName: '完税证明.pdf' }] }),
    ]);
    expect((await keyan.get(`/api/v1/mujun/runs/${runId}/appeals`)).json().items).toEqual([]);
  });

  it('hold the final publication until every appeal is answered; rejection needs a reason', async () => {
    const early = await publish(runId, 'final');
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'APPEALS_PENDING', details: { pending: 1 } });
    expect((await huashe.request('POST', `/api/v1/mujun/appeals/${appealId}/decision`, { payload: { accept: true } })).statusCode).toBe(
      403,
    );
    const bare = await analyst.request('POST', `/api/v1/mujun/appeals/${appealId}/decision`, { payload: { accept: false } });
    expect(bare.json().error.code).toBe('REASON_REQUIRED');
    const download = await analyst.get(`/api/v1/mujun/appeals/${appealId}/files/${fileId}`);
    expectOk(download);
    await expectAudited(t.store.db, { action: 'mujun.appeal.download', actor: 'jingxin', target: `mujun_appeal:${appealId}` });
    expectOk(
      await analyst.request('POST', `/api/v1/mujun/appeals/${appealId}/decision`, {
        payload: { accept: true, note: '经核实补缴税款属实，已请税务局重新报送' },
      }),
    );
    await expectAudited(t.store.db, { action: 'mujun.appeal.accept', actor: 'jingxin', target: `mujun_appeal:${appealId}` });
    const told = (await firm.get('/api/v1/notifications')).json().items;
    expect(told[0]).toMatchObject({ kind: 'mujun.appeal.decision', bodyZh: '经核实补缴税款属实，已请税务局重新报送' });
    expect((await otherFirm.get('/api/v1/notifications')).json().items).toEqual([]);
    expectOk(await publish(runId, 'final'));
    // the final publication writes the county's and the towns' figures: all three are 规下 (no 亩均税收 of 规上),
    // none is A, none D; 华舍's C firm holds 20 亩
    await expectAudited(t.store.db, { action: 'mujun.indicators', actor: 'jingxin' });
    const figures = (await analyst.get('/api/v1/observations?indicator=MJ_SHARE_A,MJ_COUNT_D,MJ_LAND_CD,MJ_TAX_PER_MU_ABOVE&pageSize=100'))
      .json()
      .items.map((o: { indicatorCode: string; subjectCode: string; value: number; period: string }) => [
        o.indicatorCode,
        o.subjectCode,
        o.value,
        o.period,
      ])
      .sort();
    expect(figures).toEqual(
      [
        ['MJ_COUNT_D', HUASHE, 0, '2025'],
        ['MJ_COUNT_D', KEYAN, 0, '2025'],
        ['MJ_COUNT_D', KQ, 0, '2025'],
        ['MJ_LAND_CD', HUASHE, 20, '2025'],
        ['MJ_LAND_CD', KEYAN, 0, '2025'],
        ['MJ_LAND_CD', KQ, 20, '2025'],
        ['MJ_SHARE_A', HUASHE, 0, '2025'],
        ['MJ_SHARE_A', KEYAN, 0, '2025'],
        ['MJ_SHARE_A', KQ, 0, '2025'],
      ].sort(),
    );
  });

  it('see the corrected class after a new import and run, with the appeal kept on the record', async () => {
    await importTaxAndPower({ [HALF_WAY]: { tax: 11.5932 * 20 * 0.9, electricity: (11.5932 * 20 * 0.9) / (0.2352 * 0.9) } });
    const rerun = await analyst.request('POST', '/api/v1/mujun/runs', { payload: { year: YEAR } });
    expectOk(rerun);
    expectOk(await publish(rerun.json().id, 'published'));
    const record = (await firm.get('/api/v1/mujun/mine')).json();
    expect(record.runs.map((r: { runId: number; class: string; status: string }) => [r.runId, r.class, r.status])).toEqual([
      [rerun.json().id, 'B', 'published'],
      [runId, 'C', 'final'],
    ]);
    expect(record.appeals).toEqual([
      expect.objectContaining({
        id: appealId,
        runId,
        status: 'accepted',
        decidedBy: 'jingxin',
        decisionNote: '经核实补缴税款属实，已请税务局重新报送',
      }),
    ]);
  });

  it('are refused once the window has closed', async () => {
    const latest = (await firm.get('/api/v1/mujun/mine')).json().runs[0].runId;
    await t.store.db.execute(sql`update mujun_run set published_at = now() - interval '8 days' where id = ${latest}`);
    const late = await firm.request('POST', '/api/v1/mujun/mine/appeals', { payload: { runId: latest, reason: '公示期已过仍想申诉' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APPEAL_CLOSED');
    expect((await firm.get('/api/v1/mujun/mine')).json().runs[0].appealOpen).toBe(false);
  });
});
