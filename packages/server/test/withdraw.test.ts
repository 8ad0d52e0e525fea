/**
 * Withdrawing (撤回) a value: the revision before it becomes current again, a reason is required
 * and audited, a withdrawn revision is never restored, and two clerks withdrawing at once cannot
 * both succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { expectAudited } from './audit-helpers.js';
import { utf8 } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const HUASHE = '330603003000';
const KEYAN = '330603002000';

let t: TestDb;
let app: FastifyInstance;
let clerk: Client;
let other: Client;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  await makeUser(t.store.db, 'huashe-clerk', ['analyst'], HUASHE);
  await makeUser(t.store.db, 'keyan-clerk', ['analyst'], KEYAN);
  clerk = await signIn(app, 'huashe-clerk');
  other = await signIn(app, 'keyan-clerk');
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

/** Imports one value of 华舍's INCOME_PC for `period` and returns the id of the current value. */
async function load(period: string, value: number): Promise<number> {
  const file = utf8([
    ['地区代码', '指标代码', '期间', '值'],
    [HUASHE, 'INCOME_PC', period, value],
  ]);
  const res = await clerk.request('POST', '/api/v1/imports?dryRun=false', multipartFile(`${period}-${value}.csv`, file));
  expect(res.statusCode, res.body).toBe(200);
  return current(period).then((c) => c!.id);
}

async function current(period: string): Promise<{ id: number; value: number } | undefined> {
  const res = await clerk.get(`/api/v1/observations?indicator=INCOME_PC&region=${HUASHE}&from=${period}&to=${period}`);
  return (res.json().items as { id: number; value: number; subjectCode: string }[]).find((o) => o.subjectCode === HUASHE);
}

const withdraw = (who: Client, id: number, reason?: string) =>
  who.request('POST', `/api/v1/observations/${id}/withdraw`, { payload: reason === undefined ? {} : { reason } });

describe('withdrawing a value', () => {
  it('restores the revision before it, with the reason in the audit log and the history', async () => {
    await load('2001', 50000);
    const corrected = await load('2001', 51000);
    const res = await withdraw(clerk, corrected, '镇统计站误报，恢复原值');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ withdrawn: { id: corrected, value: 51000 }, restored: { value: 50000, isCurrent: true } });
    expect(await current('2001')).toMatchObject({ value: 50000 });
    const audit = await expectAudited(t.store.db, { action: 'data.withdraw', actor: 'huashe-clerk', target: `observation:${corrected}` });
    expect(audit.after).toMatchObject({ reason: '镇统计站误报，恢复原值', restored: { value: 50000 } });
    const history = (await clerk.get(`/api/v1/observations/${corrected}/provenance`)).json().history as {
      id: number;
      withdrawnReason: string | null;
      withdrawnBy: string | null;
    }[];
    expect(history.find((h) => h.id === corrected)).toMatchObject({
      withdrawnReason: '镇统计站误报，恢复原值',
      withdrawnBy: 'user:huashe-clerk',
    });
  });

  it('leaves no value when the only revision is withdrawn', async () => {
    const only = await load('2002', 52000);
    const res = await withdraw(clerk, only, '期间填错');
    expect(res.json()).toMatchObject({ withdrawn: { id: only }, restored: null });
    expect(await current('2002')).toBeUndefined();
  });

  it('never brings back a withdrawn revision', async () => {
    const first = await load('2003', 53000);
    await load('2003', 53100);
    const third = await load('2003', 53200);
    expect((await withdraw(clerk, third, '重复更正')).json().restored.value).toBe(53100);
    const second = (await current('2003'))!.id;
    expect((await withdraw(clerk, second, '重复更正')).json().restored.id).toBe(first);
    const fourth = await load('2003', 53400);
    expect((await withdraw(clerk, fourth, '再次误报')).json().restored).toMatchObject({ id: first, value: 53000 });
  });

  it('requires a reason, names the field, and changes nothing', async () => {
    const id = await load('2004', 54000);
    const missing = await withdraw(clerk, id);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('reason');
    expect((await withdraw(clerk, id, ' ')).statusCode).toBe(400);
    expect(await current('2004')).toMatchObject({ id, value: 54000 });
  });

  it('refuses a revision that is not current (409) and one outside the data scope (404)', async () => {
    const old = await load('2005', 55000);
    await load('2005', 55500);
    const res = await withdraw(clerk, old, '撤回旧值');
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'NOT_CURRENT']);
    const latest = (await current('2005'))!.id;
    expect((await withdraw(other, latest, '不是我的镇')).statusCode).toBe(404);
    expect(await current('2005')).toMatchObject({ id: latest, value: 55500 });
  });

  it('lets only one of two simultaneous withdrawals succeed', async () => {
    await load('2006', 56000);
    const id = await load('2006', 56600);
    const results = await Promise.all([withdraw(clerk, id, '甲撤回'), withdraw(clerk, id, '乙撤回')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await current('2006')).toMatchObject({ value: 56000 });
  });
});
