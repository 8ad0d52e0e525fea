/**
 * 乡村共富 personal data (issue 17, "masking in every list and export path"): the walk is generated
 * from the route table, so a route added later is walked as soon as it is declared. A user with every
 * permission except `rural:pii`, and the whole district in scope, calls **every** declared GET route
 * under /api/v1, in every module. Path parameters are filled with a household's id, and the query
 * with the values a route needs past its validation. Files come as CSV and, where a route offers it,
 * as xlsx (read cell by cell). No answer may hold a household's clear name, ID number or phone
 * number.
 *
 * So that the walk cannot pass by being refused, every rural GET route must answer 200 to this user,
 * except a route that requires `rural:pii`, which must answer 403. The household list, the record and
 * the masked export must show the masked ID. Every rural route of another method that requires
 * `rural:pii` (the reveal) is refused too.
 */
import { idCheckDigit } from '@gongfu/engine/rural';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/app.js';
import { ALL_PERMISSIONS } from '../src/auth/actor.js';
import { upsertRole } from '../src/auth/repository.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

process.env.GONGFU_PII_KEY ??= Buffer.alloc(32, 7).toString('base64');

const KQ = '330603000000';
const XINGHUA = '330603003004'; // 华舍 · 兴华社区
const GUANSHU = '330603001008'; // 柯桥街道 · 管墅社区

const idWithCheck = (base17: string) => base17 + idCheckDigit(base17);
const PEOPLE = [
  { code: 'PW-1', village: XINGHUA, name: '司马青云', id: idWithCheck('33060319580707135'), phone: '13998761234' },
  { code: 'PW-2', village: GUANSHU, name: '欧阳小锋', id: idWithCheck('33060319810909246'), phone: '15867452301' },
];
const CLEAR = PEOPLE.flatMap((p) => [p.name, p.id, p.phone]);
const YEAR = '2021';

/** values for a route's query parameters, so it is reached past its validation */
const FILL: Record<string, string> = {
  year: YEAR,
  format: 'csv',
  lang: 'zh',
  reason: encodeURIComponent('个人信息巡检'),
  indicator: 'INCOME_PC',
  datum: 'wgs84',
};

let t: TestDb;
let app: FastifyInstance;
let reader: Client;
let householdId = 0;

interface Access {
  permission?: string;
  public?: true;
}
const keysOf = (s: unknown) => Object.keys((s as { shape?: object })?.shape ?? {});
const offersXlsx = (s: unknown) => {
  const f = (s as { shape?: Record<string, unknown> })?.shape?.format as { _def?: unknown } | undefined;
  return !!f && JSON.stringify(f._def ?? {}).includes('xlsx');
};

/** every declared GET route under /api/v1 that needs a signed-in user, as a URL to call */
function walk(): { route: string; url: string; xlsx: boolean; access: Access }[] {
  const out: { route: string; url: string; xlsx: boolean; access: Access }[] = [];
  for (const r of app.registeredRoutes) {
    if (r.method !== 'GET' || !r.url.startsWith('/api/v1')) continue;
    const access = r.config?.access as Access | undefined;
    if (!access || access.public) continue;
    let path = r.url;
    for (const p of keysOf(r.schema?.params)) path = path.replace(`:${p}`, p === 'id' ? String(householdId) : '1');
    const qs = keysOf(r.schema?.querystring)
      .filter((q) => FILL[q] !== undefined)
      .map((q) => `${q}=${FILL[q]}`)
      .join('&');
    out.push({ route: r.url, url: qs ? `${path}?${qs}` : path, xlsx: offersXlsx(r.schema?.querystring), access });
  }
  return out;
}

async function cellsOf(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  return JSON.stringify(wb.worksheets.map((ws) => [ws.getSheetValues(), ws.headerFooter]));
}

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  const db = t.store.db;
  const all = ALL_PERMISSIONS.filter((p) => p !== 'rural:pii');
  await upsertRole(db, { code: 'pw_no_pii', nameZh: '无个人信息权限', nameEn: 'no personal data', permissions: all, dataScope: 'all' });
  await makeUser(db, 'pw-reader', ['pw_no_pii'], KQ);
  await makeUser(db, 'pw-writer', ['analyst'], KQ);
  reader = await signIn(app, 'pw-reader');
  const writer = await signIn(app, 'pw-writer');
  for (const p of PEOPLE) {
    const res = await writer.request('POST', '/api/v1/rural/households', {
      payload: {
        code: p.code,
        villageCode: p.village,
        members: 2,
        name: p.name,
        idNumber: p.id,
        phone: p.phone,
        flags: ['illness'],
        measures: '技能培训',
        incomes: [
          { year: 2020, wage: 20000, business: 0, property: 0, transfer: 4000 },
          { year: 2021, wage: 21000, business: 0, property: 0, transfer: 4400 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    householdId ||= res.json().id;
  }
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('乡村共富 · every route, as a user without rural:pii', () => {
  it('no GET route of any module answers with a clear name, ID or phone; the rural ones answer, masked', async () => {
    const routes = walk();
    expect(routes.length).toBeGreaterThan(100);
    const rural = routes.filter((r) => r.route.startsWith('/api/v1/rural/'));
    expect(rural.map((r) => r.route)).toEqual(expect.arrayContaining(['/api/v1/rural/households', '/api/v1/rural/households/:id']));
    const leaks: string[] = [];
    const unreached: string[] = [];
    const masked: string[] = [];
    const maskedId = `330603********${PEOPLE[0]!.id.slice(-4)}`;
    for (const r of routes) {
      const calls = [r.url, ...(r.xlsx ? [r.url.replace('format=csv', 'format=xlsx')] : [])];
      for (const url of calls) {
        const res = await reader.get(url);
        const body = res.rawPayload[0] === 0x50 && res.rawPayload[1] === 0x4b ? await cellsOf(res.rawPayload) : res.body;
        for (const v of CLEAR) if (body.includes(v)) leaks.push(`${url} → ${res.statusCode} holds "${v}"`);
        if (r.route.startsWith('/api/v1/rural/')) {
          const expected = r.access.permission === 'rural:pii' ? 403 : 200;
          if (res.statusCode !== expected) unreached.push(`${url} → ${res.statusCode}, expected ${expected}: ${res.body.slice(0, 160)}`);
          if (body.includes(maskedId)) masked.push(url.split('?')[0]!);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(unreached).toEqual([]);
    expect(new Set(masked)).toEqual(
      new Set([
        '/api/v1/rural/households',
        `/api/v1/rural/households/${householdId}`,
        // the masked export, as CSV and as xlsx
        '/api/v1/rural/households/export/masked',
      ]),
    );
  });

  it('every rural route of another method that needs rural:pii is refused', async () => {
    const pii = app.registeredRoutes.filter(
      (r) => r.url.startsWith('/api/v1/rural/') && r.method !== 'GET' && (r.config?.access as Access)?.permission === 'rural:pii',
    );
    expect(pii.map((r) => r.url)).toContain('/api/v1/rural/households/:id/reveal');
    for (const r of pii) {
      const url = r.url.replace(':id', String(householdId));
      const res = await reader.request(r.method as 'POST', url, { payload: { reason: '个人信息巡检' } });
      expect(res.statusCode, url).toBe(403);
      for (const v of CLEAR) expect(res.body).not.toContain(v);
    }
  });
});
