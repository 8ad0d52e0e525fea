/**
 * The route × role × town scope matrix (issue 20), generated from the route table: every declared
 * GET route under /api/v1 that takes a region in its path or query (`region`, `town`, `parent`,
 * `under`, `codes`, `:regionCode`) is called by 华舍 accounts of several roles — every permission
 * with the data scopes "region and below", "region only" and "own rows", and the built-in town
 * officer — once for their own town and once for 柯岩. For 柯岩 the answer must be a refusal
 * (403/404) or carry nothing of 柯岩 (no 柯岩 code or name in the body; files asked for as CSV);
 * for 华舍 the route must really answer (not 5xx, and 200 for the all-permission account), so the
 * matrix cannot pass by refusing everything. A new route with a region parameter is covered as
 * soon as it is declared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { ALL_PERMISSIONS } from '../../src/auth/actor.js';
import { upsertRole } from '../../src/auth/repository.js';
import { one } from '../../src/db/store.js';
import { testConfig, testDb, type TestDb } from '../helpers.js';
import { makeUser, signIn, type Client } from '../session.js';

const HUASHE = '330603003000';
const KEYAN = '330603002000';
/** 柯岩 and everything below it (12-digit codes 330603002xxx), and its name */
const KEYAN_TRACE = /330603002\d{3}|柯岩/;
const REGION_KEYS = ['region', 'town', 'parent', 'under', 'codes', 'regionCode'];
const YEAR = String(new Date('2026-11-26').getUTCFullYear() - 1);

let t: TestDb;
let app: FastifyInstance;
const clients: Record<string, Client> = {};
const ROLES: Record<string, string[]> = {};

/** values for the other required parameters, so a route is reached past its validation */
const fill: Record<string, string> = {
  year: YEAR,
  indicator: 'INCOME_PC',
  format: 'csv',
  lang: 'zh',
  datum: 'wgs84',
  reason: encodeURIComponent('安全抽查'),
};

interface Case {
  route: string;
  key: string;
  /** the route also names a row (a run, a set) that the demo may not hold */
  namesRow: boolean;
  url: (region: string) => string;
}

const keysOf = (s: unknown) => Object.keys((s as { shape?: object })?.shape ?? {});

async function cases(): Promise<Case[]> {
  const out: Case[] = [];
  const pathValues: Record<string, string> = {};
  const anyRun = await one<{ id: number }>(t.store.db, sql`select id from mujun_run order by id limit 1`);
  const anySet = await one<{ code: string }>(t.store.db, sql`select code from indicator_set order by code limit 1`);
  // the demo may hold no 亩均 run: an id that names none still shows the route refuses nothing wrongly
  pathValues['/api/v1/mujun/runs/:id/results'] = String(anyRun?.id ?? 1);
  if (anySet) pathValues['/api/v1/indicator-sets/:code/template'] = anySet.code;
  for (const r of app.registeredRoutes) {
    if (r.method !== 'GET' || !r.url.startsWith('/api/v1')) continue;
    const access = r.config?.access as { public?: true } | undefined;
    if (!access || access.public) continue;
    const params = keysOf(r.schema?.params);
    const query = keysOf(r.schema?.querystring);
    const regionParam = params.find((p) => REGION_KEYS.includes(p));
    const regionQuery = query.filter((q) => REGION_KEYS.includes(q));
    if (!regionParam && regionQuery.length === 0) continue;
    const otherParams = params.filter((p) => p !== regionParam);
    let base = r.url;
    if (otherParams.length) {
      // a route that also names a row: a known row where the demo holds one, else id 1 (its own-town
      // answer may then be 404; the other town's must still be a refusal or empty of 柯岩)
      for (const p of otherParams) base = base.replace(`:${p}`, encodeURIComponent(pathValues[r.url] ?? '1'));
    }
    const extra = query.filter((q) => fill[q] !== undefined && !REGION_KEYS.includes(q)).map((q) => `${q}=${fill[q]}`);
    for (const key of regionParam ? [regionParam] : regionQuery) {
      out.push({
        route: r.url,
        key,
        namesRow: otherParams.length > 0,
        url: (region) => {
          const path = regionParam ? base.replace(`:${regionParam}`, region) : base;
          const qs = [...extra, ...(regionParam ? [] : [`${key}=${region}`])].join('&');
          return qs ? `${path}?${qs}` : path;
        },
      });
    }
  }
  return out;
}

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  app = await buildApp({ store: t.store, config: testConfig() });
  const db = t.store.db;
  for (const [code, dataScope] of [
    ['m_below', 'region_and_below'],
    ['m_exact', 'region'],
    ['m_own', 'self'],
  ] as const) {
    await upsertRole(db, { code, nameZh: code, nameEn: code, permissions: [...ALL_PERMISSIONS], dataScope });
    ROLES[code] = [code];
  }
  ROLES.town_officer = ['town_officer'];
  for (const [name, roles] of Object.entries(ROLES)) {
    await makeUser(db, `hs_${name}`, roles, HUASHE);
    clients[name] = await signIn(app, `hs_${name}`);
  }
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('route × role × town scope matrix', () => {
  it('a 华舍 account gets only 华舍 data or a refusal from every GET route that takes a region', async () => {
    const all = await cases();
    expect(all.length).toBeGreaterThanOrEqual(20);
    const leaks: string[] = [];
    const broken: string[] = [];
    const tally = { refused: 0, emptyOfKeyan: 0, ownServed: 0 };
    for (const c of all) {
      for (const [role, client] of Object.entries(clients)) {
        const other = await client.get(c.url(KEYAN));
        if (other.statusCode >= 500) broken.push(`${role} ${c.url(KEYAN)} → ${other.statusCode}`);
        else if (other.statusCode === 403 || other.statusCode === 404) tally.refused++;
        else if (other.statusCode === 200 && KEYAN_TRACE.test(other.body)) {
          leaks.push(`${role} ${c.url(KEYAN)} → 200 with ${KEYAN_TRACE.exec(other.body)![0]}`);
        } else tally.emptyOfKeyan++;
        const own = await client.get(c.url(HUASHE));
        if (own.statusCode >= 500) broken.push(`${role} ${c.url(HUASHE)} → ${own.statusCode}`);
        if (role === 'm_below' && !(c.namesRow && own.statusCode === 404)) {
          if (own.statusCode !== 200) broken.push(`${role} ${c.url(HUASHE)} → ${own.statusCode} ${own.body.slice(0, 160)}`);
          else tally.ownServed++;
        }
      }
    }
    console.log(
      `${all.length} route×parameter cases × ${Object.keys(clients).length} roles: 柯岩 refused ${tally.refused}, ` +
        `answered without 柯岩 data ${tally.emptyOfKeyan}; 华舍 served to the all-permission account ${tally.ownServed}/${all.length}`,
    );
    expect(leaks).toEqual([]);
    expect(broken).toEqual([]);
  });

  it('the detector sees 柯岩 data where it may be seen: the county gets it from many of the same calls', async () => {
    await makeUser(t.store.db, 'matrix_county', ['admin'], '330603000000');
    const county = await signIn(app, 'matrix_county');
    let seen = 0;
    for (const c of await cases()) if (KEYAN_TRACE.test((await county.get(c.url(KEYAN))).body)) seen++;
    console.log(`the county sees 柯岩 data in ${seen} of the same calls`);
    expect(seen).toBeGreaterThanOrEqual(8);
  });
});
