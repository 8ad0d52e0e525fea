import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { undeclaredRoutes } from '../src/http/guard.js';
import { one, type Db } from '../src/db/store.js';
import { upsertRole } from '../src/auth/repository.js';
import { createUser, DEFAULT_AUTH } from '../src/auth/service.js';
import { ALL_PERMISSIONS, systemActor } from '../src/auth/actor.js';
import { utf8 } from './fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from './helpers.js';
import { cookieFrom, makeUser, PASSWORD, signIn, type Client } from './session.js';
import { hashPassword } from '../src/auth/passwords.js';

const KEQIAO = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';

let t: TestDb;
let db: Db;
let app: FastifyInstance;
let huashe: Client;
let keyan: Client;
let district: Client;
let nobody: Client;
let keyanObservation: number;
let huasheObservation: number;
let keyanBatch: number;

const csv = (region: string, value: string, period = '2012') =>
  utf8([
    ['地区代码', '指标代码', '期间', '值'],
    [region, 'INCOME_PC', period, value],
  ]);

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
  app = await buildApp({ store: t.store, config: testConfig() });
  // town officers may also withdraw values of their own town, to test delete by scope
  await upsertRole(db, {
    code: 'town_editor',
    nameZh: '镇街数据员',
    nameEn: 'Town data editor',
    permissions: ['data:read', 'data:delete'],
    dataScope: 'region_and_below',
  });
  await makeUser(db, 'huashe', ['town_officer', 'town_editor'], HUASHE);
  await makeUser(db, 'keyan', ['town_officer', 'town_editor'], KEYAN);
  await makeUser(db, 'district', ['analyst'], KEQIAO);
  await makeUser(db, 'nobody', [], HUASHE);
  [huashe, keyan, district, nobody] = await Promise.all(['huashe', 'keyan', 'district', 'nobody'].map((u) => signIn(app, u)));
  const imported = await keyan.request('POST', '/api/v1/imports?dryRun=false', multipartFile('keyan.csv', csv(KEYAN, '41000')));
  expect(imported.statusCode).toBe(200);
  keyanBatch = imported.json().batchId;
  const idOf = async (region: string) =>
    (await one<{ id: number }>(
      db,
      sql`select o.id from observation o join subject s on s.id = o.subject_id
      where o.is_current and s.code = ${region} and o.indicator_code = 'INDUSTRIAL_OUTPUT' order by o.period desc limit 1`,
    ))!.id;
  keyanObservation = await idOf(KEYAN);
  huasheObservation = await idOf(HUASHE);
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('every route declares its access rule', () => {
  it('has no /api/v1 route without a declaration', () => {
    expect(app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1')).length).toBeGreaterThan(20);
    expect(undeclaredRoutes(app.registeredRoutes)).toEqual([]);
  });

  it('catches and refuses a new route that forgets it', async () => {
    const other = await buildApp({ store: t.store, config: testConfig() });
    other.get('/api/v1/forgotten', async () => ({ secret: 42 }));
    await other.ready();
    expect(undeclaredRoutes(other.registeredRoutes)).toContain('GET /api/v1/forgotten');
    const res = await other.inject({ method: 'GET', url: '/api/v1/forgotten', headers: { cookie: district.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ROUTE_NOT_DECLARED');
    await other.close();
  });
});

describe('master data belongs to the county', () => {
  it('every global write refuses a town account holding every permission, generated from the route table', async () => {
    await upsertRole(db, {
      code: 'town_everything',
      nameZh: '镇街全部权限',
      nameEn: 'Town, every permission',
      permissions: [...ALL_PERMISSIONS],
      dataScope: 'region_and_below',
    });
    await makeUser(db, 'huashe_all', ['town_everything'], HUASHE);
    const town = await signIn(app, 'huashe_all');
    const writes = app.registeredRoutes.filter((r) => {
      const access = r.config?.access;
      const methods = [r.method].flat();
      return (
        access &&
        !('public' in access) &&
        access.scope === 'global' &&
        !access.anyLevel &&
        !methods.some((m) => m === 'GET' || m === 'HEAD')
      );
    });
    expect(writes.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/v1/indicators/:code', '/api/v1/assess/schemes']));
    for (const route of writes) {
      const url = route.url.replace(/:(\w+)/g, 'x');
      const res = await town.request([route.method].flat()[0] as 'POST', url, { payload: {} });
      expect({ url: route.url, status: res.statusCode, body: res.body.slice(0, 120) }).toMatchObject({
        url: route.url,
        status: 403,
        body: expect.stringContaining('MASTER_DATA_LEVEL'),
      });
    }
  });

  it('a 华舍 analyst cannot flip an indicator or version the county scheme; the district analyst can', async () => {
    await makeUser(db, 'huashe_analyst', ['analyst'], HUASHE);
    const town = await signIn(app, 'huashe_analyst');
    const current = (await district.get('/api/v1/indicators/INDUSTRIAL_OUTPUT')).json();
    const { code: _code, ...body } = current;
    const refused = await town.request('PUT', '/api/v1/indicators/INDUSTRIAL_OUTPUT', {
      payload: { ...body, direction: -current.direction },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('MASTER_DATA_LEVEL');
    expect((await district.get('/api/v1/indicators/INDUSTRIAL_OUTPUT')).json().direction).toBe(current.direction);
    const validate = await town.request('POST', '/api/v1/assess/schemes/validate', { payload: {} });
    expect(validate.json().error?.code).not.toBe('MASTER_DATA_LEVEL');
  });
});

describe('a 华舍街道 user cannot read, change or export anything of 柯岩街道', () => {
  it('list', async () => {
    const own = (await huashe.get(`/api/v1/observations?region=${HUASHE}&indicator=INDUSTRIAL_OUTPUT`)).json().items;
    expect(own.length).toBeGreaterThan(0);
    expect((await huashe.get(`/api/v1/observations?region=${KEYAN}`)).json().items).toEqual([]);
    const all = (await huashe.get('/api/v1/observations?indicator=INDUSTRIAL_OUTPUT&pageSize=10000')).json().items as {
      regionCode: string;
    }[];
    expect(all.every((o) => o.regionCode === HUASHE)).toBe(true);
    const regions = (await huashe.get(`/api/v1/regions?under=${KEQIAO}`)).json().items as { code: string }[];
    expect(regions.length).toBeGreaterThan(1);
    expect(regions.every((r) => r.code.startsWith('330603003'))).toBe(true);
    expect((await huashe.get('/api/v1/batches')).json().items.map((b: { id: number }) => b.id)).not.toContain(keyanBatch);
    expect((await huashe.get(`/api/v1/regions/boundaries?codes=${KEQIAO}`)).json().features).toEqual([]);
  });

  it('detail', async () => {
    expect((await huashe.get(`/api/v1/regions/${KEYAN}`)).statusCode).toBe(404);
    expect((await huashe.get(`/api/v1/observations/${keyanObservation}/provenance`)).statusCode).toBe(404);
    expect((await huashe.get(`/api/v1/batches/${keyanBatch}`)).statusCode).toBe(404);
    expect((await huashe.get(`/api/v1/observations/${huasheObservation}/provenance`)).statusCode).toBe(200);
  });

  it('create', async () => {
    const res = await huashe.request('POST', '/api/v1/imports?dryRun=false', multipartFile('x.csv', csv(KEYAN, '1', '2011')));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.issues[0]).toMatchObject({ code: 'OUT_OF_SCOPE', row: 2, column: 'A' });
    const own = await huashe.request('POST', '/api/v1/imports?dryRun=false', multipartFile('y.csv', csv(HUASHE, '1', '2011')));
    expect(own.statusCode).toBe(200);
    const outline = await huashe.request('POST', '/api/v1/regions/boundaries', {
      payload: {
        datum: 'wgs84',
        source: 't',
        geojson: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code: KEYAN },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [120, 30],
                    [120.1, 30],
                    [120.1, 30.1],
                    [120, 30],
                  ],
                ],
              },
            },
          ],
        },
      },
    });
    expect(outline.statusCode).toBe(403);
  });

  it('update', async () => {
    const res = await huashe.request('POST', '/api/v1/imports?dryRun=false', multipartFile('z.csv', csv(KEYAN, '99999')));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.issues[0].code).toBe('OUT_OF_SCOPE');
    const value = await one<{ value: number }>(
      db,
      sql`select value from observation o join subject s on s.id = o.subject_id
      where o.is_current and s.code = ${KEYAN} and o.indicator_code = 'INCOME_PC' and o.period = '2012'`,
    );
    expect(value!.value).toBe(41000);
    expect((await huashe.request('PUT', '/api/v1/indicators/GDP', { payload: {} })).statusCode).toBe(403);
  });

  it('withdraw', async () => {
    const withdraw = (id: number) => huashe.request('POST', `/api/v1/observations/${id}/withdraw`, { payload: { reason: '测试撤回' } });
    expect((await withdraw(keyanObservation)).statusCode).toBe(404);
    expect((await district.get(`/api/v1/observations/${keyanObservation}/provenance`)).json().observation.isCurrent).toBe(true);
    const own = await withdraw(huasheObservation);
    expect(own.statusCode).toBe(200);
    const history = (await huashe.get(`/api/v1/observations/${huasheObservation}/provenance`)).json();
    expect(history.observation.isCurrent).toBe(false); // withdrawn, still in history
  });

  it('import into another town is refused even as a dry run', async () => {
    const res = await huashe.request('POST', '/api/v1/imports?dryRun=true', multipartFile('d.csv', csv(KEYAN, '5', '2010')));
    expect(res.json().error.details.issues[0].code).toBe('OUT_OF_SCOPE');
  });

  it('export', async () => {
    const all = await huashe.get('/api/v1/exports/observations?format=csv');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain(HUASHE);
    expect(all.body).not.toContain(KEYAN);
    expect(all.body).not.toContain('柯岩街道');
    const asked = await huashe.get(`/api/v1/exports/observations?format=csv&region=${KEYAN}`);
    expect(asked.body.trim().split('\n')).toHaveLength(1); // header only
  });

  it('report', async () => {
    expect((await huashe.get(`/api/v1/reports/indicator-summary?region=${KEYAN}`)).statusCode).toBe(404);
    const own = await huashe.get(`/api/v1/reports/indicator-summary?region=${HUASHE}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().items.length).toBeGreaterThan(0);
  });
});

describe('a district user sees every town; a user with no role can do nothing', () => {
  it('district: list, detail, export and report include 柯岩街道', async () => {
    expect((await district.get(`/api/v1/observations?region=${KEYAN}&indicator=INDUSTRIAL_OUTPUT`)).json().items.length).toBeGreaterThan(0);
    expect((await district.get(`/api/v1/observations/${keyanObservation}/provenance`)).statusCode).toBe(200);
    expect((await district.get(`/api/v1/batches/${keyanBatch}`)).statusCode).toBe(200);
    expect((await district.get('/api/v1/exports/observations?format=csv')).body).toContain(KEYAN);
    expect((await district.get(`/api/v1/reports/indicator-summary?region=${KEYAN}`)).statusCode).toBe(200);
    const res = await district.request('POST', '/api/v1/imports?dryRun=true', multipartFile('k.csv', csv(KEYAN, '42000')));
    expect(res.json()).toMatchObject({ revised: 1 });
  });

  it('no role: every data route is forbidden', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/v1/observations'],
      ['GET', `/api/v1/observations/${huasheObservation}/provenance`],
      ['GET', `/api/v1/regions/${HUASHE}`],
      ['GET', '/api/v1/regions'],
      ['GET', '/api/v1/batches'],
      ['GET', '/api/v1/indicators'],
      ['GET', '/api/v1/exports/observations'],
      ['GET', `/api/v1/reports/indicator-summary?region=${HUASHE}`],
      ['POST', `/api/v1/observations/${huasheObservation}/withdraw`],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/audit'],
    ];
    for (const [method, url] of routes) {
      const res = await nobody.request(method as 'GET', url);
      expect([url, res.statusCode, res.json().error?.code]).toEqual([url, 403, 'FORBIDDEN']);
    }
    const imp = await nobody.request('POST', '/api/v1/imports', multipartFile('n.csv', csv(HUASHE, '1')));
    expect(imp.statusCode).toBe(403);
  });

  it('without a session nothing but login and health answers', async () => {
    expect((await app.inject('/api/v1/observations')).json().error.code).toBe('AUTH_REQUIRED');
    expect((await app.inject('/api/v1/health')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('rejects a write without the CSRF token, and with a wrong one', async () => {
    const body = multipartFile('c.csv', csv(HUASHE, '2', '2009'));
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/imports?dryRun=true',
      ...body,
      headers: { ...body.headers, cookie: huashe.cookie },
    });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('CSRF_FAILED');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/imports?dryRun=true',
      ...body,
      // Change the first character to a different one: 'x' + slice(1) left a token that started with 'x' intact.
      headers: { ...body.headers, cookie: huashe.cookie, 'x-csrf-token': (huashe.csrf[0] === 'x' ? 'y' : 'x') + huashe.csrf.slice(1) },
    });
    expect(wrong.json().error.code).toBe('CSRF_FAILED');
    const right = await huashe.request('POST', '/api/v1/imports?dryRun=true', body);
    expect(right.statusCode).toBe(200);
  });

  it('throttles logins after repeated failures, even with the right password', async () => {
    await makeUser(db, 'victim', ['leader'], null);
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: 'wrong-' + i } });
      expect(res.json().error.code).toBe('LOGIN_FAILED');
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'victim', password: 'Correct-Horse-9' },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('LOGIN_THROTTLED');
    // an unknown user fails exactly like a wrong password
    const ghost = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost', password: 'x' } });
    expect(ghost.json().error).toMatchObject({ code: 'LOGIN_FAILED' });
  });

  it('throttles spraying from one address across many accounts (80 guesses, 20 accounts)', async () => {
    const spray = { remoteAddress: '10.0.0.66' };
    const codes: string[] = [];
    const started = Date.now();
    for (let i = 0; i < 80; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `staff${i % 20}`, password: `Spring2026-${i}` },
        ...spray,
      });
      codes.push(res.json().error.code);
      if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const free = DEFAULT_AUTH.throttleFree.ip;
    // The guess right after the free ones waits; later ones are evaluated again only once the
    // doubling delays (1 s, 2 s, 4 s …) have passed, so a slow machine may see a few more.
    expect(codes.slice(0, free + 1)).toEqual([...Array(free).fill('LOGIN_FAILED'), 'LOGIN_THROTTLED']);
    const elapsedSeconds = (Date.now() - started) / 1000;
    const evaluatedAfterDelays = codes.filter((c) => c === 'LOGIN_FAILED').length - free;
    expect(evaluatedAfterDelays).toBeLessThanOrEqual(Math.floor(Math.log2(elapsedSeconds + 1)));
    expect(codes.filter((c) => c !== 'LOGIN_FAILED' && c !== 'LOGIN_THROTTLED')).toEqual([]);
  });

  it('evaluates no more than the allowance of 40 parallel guesses', async () => {
    await makeUser(db, 'parallel', ['leader'], null);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'parallel', password: `guess-${i}` },
          remoteAddress: '10.0.0.77',
        }),
      ),
    );
    const codes = guesses.map((g) => g.json().error.code);
    expect(codes.filter((c) => c === 'LOGIN_FAILED')).toHaveLength(DEFAULT_AUTH.throttleFree.pair);
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(40 - DEFAULT_AUTH.throttleFree.pair);
  });

  it('never holds up parallel correct logins from one address', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => makeUser(db, `office${i}`, ['leader'], null)));
    const logins = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `office${i % 12}`, password: PASSWORD },
          remoteAddress: '10.0.0.99',
        }),
      ),
    );
    expect(logins.map((r) => r.statusCode)).toEqual(Array(24).fill(200));
  });

  it('slows a guesser progressively without locking the owner out', async () => {
    await makeUser(db, 'owner2', ['leader'], null);
    const guess = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'owner2', password: 'nope' },
        remoteAddress: '10.0.0.88',
      });
    for (let i = 0; i < DEFAULT_AUTH.throttleFree.pair; i++) expect((await guess()).json().error.code).toBe('LOGIN_FAILED');
    const refused = await guess();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    // once the wait has passed, one more guess is evaluated and the wait doubles
    const key = 'pair:owner2|10.0.0.88';
    await db.execute(sql`update login_throttle set next_allowed_at = now() - interval '1 second' where key = ${key}`);
    expect((await guess()).json().error.code).toBe('LOGIN_FAILED');
    expect((await guess()).headers['retry-after']).toBe('2');
    // the owner, from their own address, is not held up by the stranger's guesses
    const own = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'owner2', password: PASSWORD },
      remoteAddress: '10.0.0.5',
    });
    expect(own.statusCode).toBe(200);
  });

  it('ends a session after the idle timeout', async () => {
    const c = await signIn(app, 'district');
    expect((await c.get('/api/v1/regions?level=town')).statusCode).toBe(200);
    await db.execute(sql`update session set last_seen_at = now() - interval '31 minutes'`);
    const res = await c.get('/api/v1/regions?level=town');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
    district = await signIn(app, 'district');
    huashe = await signIn(app, 'huashe');
  });

  it('forces a change of the one-time password before anything else', async () => {
    const { password } = await createUser(db, systemActor('test'), { username: 'newbie', displayName: 'New', roles: ['leader'] });
    const c = await signIn(app, 'newbie', password);
    const me = (await c.get('/api/v1/auth/me')).json();
    expect(me.mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/indicators')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await c.request('POST', '/api/v1/auth/password', { payload: { current: password, next: 'short' } });
    expect(weak.json().error.code).toBe('PASSWORD_WEAK');
    const ok = await c.request('POST', '/api/v1/auth/password', { payload: { current: password, next: 'Brand-New-Pass-7' } });
    expect(ok.statusCode).toBe(200);
    expect((await c.get('/api/v1/indicators')).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'newbie', password } })).statusCode).toBe(
      401,
    );
  });

  it('refuses common passwords, the last five passwords, and forces a change of one older than 90 days', async () => {
    await makeUser(db, 'ageing', ['leader'], null);
    let current = PASSWORD;
    const c = await signIn(app, 'ageing');
    const change = (next: string) => c.request('POST', '/api/v1/auth/password', { payload: { current, next } });
    for (const common of ['Password123!', 'P@ssw0rd2024', 'Keqiao@2024']) {
      const res = await change(common);
      expect(res.json().error, common).toMatchObject({ code: 'PASSWORD_WEAK', message: { zh: expect.stringContaining('过于常见') } });
    }
    for (const next of ['Tea-Garden-Lamp-41', 'River-Bridge-Kite-52']) {
      expect((await change(next)).statusCode).toBe(200);
      current = next;
    }
    expect((await change(PASSWORD)).json().error.code).toBe('PASSWORD_REUSED');
    expect((await change('Tea-Garden-Lamp-41')).json().error.code).toBe('PASSWORD_REUSED');
    await db.execute(sql`update app_user set password_changed_at = now() - interval '91 days' where username = 'ageing'`);
    const old = await signIn(app, 'ageing', current);
    expect((await old.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    expect((await old.get('/api/v1/indicators')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('logs out everywhere', async () => {
    const a = await signIn(app, 'keyan');
    const b = await signIn(app, 'keyan');
    expect((await a.request('POST', '/api/v1/auth/logout', { payload: { everywhere: true } })).json().sessionsEnded).toBeGreaterThanOrEqual(
      2,
    );
    expect((await b.get('/api/v1/indicators')).statusCode).toBe(401);
  });

  it('sets an HttpOnly SameSite cookie', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'district', password: 'Correct-Horse-9' },
    });
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(cookieFrom(res)).toMatch(/^gongfu_session=.{40,}/);
    // the database stores only a hash of the cookie value
    const raw = cookieFrom(res).split('=')[1];
    expect(await one(db, sql`select 1 as x from session where id = ${raw}`)).toBeUndefined();
  });
});

describe('API tokens', () => {
  it('authenticate without cookies or CSRF, with the owner’s scope, until revoked', async () => {
    const created = await huashe.request('POST', '/api/v1/auth/tokens', { payload: { name: 'cli' } });
    const token = created.json().token as string;
    expect(token).toMatch(/^gf_/);
    const bearer = { authorization: `Bearer ${token}` };
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/observations?indicator=INDUSTRIAL_OUTPUT&pageSize=5000',
      headers: bearer,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((o: { regionCode: string }) => o.regionCode === HUASHE)).toBe(true);
    const body = multipartFile('t.csv', csv(HUASHE, '3', '2008'));
    const imp = await app.inject({ method: 'POST', url: '/api/v1/imports?dryRun=true', ...body, headers: { ...body.headers, ...bearer } });
    expect(imp.statusCode).toBe(200);
    const id = (await huashe.get('/api/v1/auth/tokens')).json().items[0].id;
    expect((await huashe.request('DELETE', `/api/v1/auth/tokens/${id}`)).statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/api/v1/observations', headers: bearer });
    expect(after.json().error.code).toBe('TOKEN_INVALID');
  });
});

describe('API tokens end with the credentials that made them', () => {
  const bearerGet = (token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
  const newToken = async (c: Client) =>
    (await c.request('POST', '/api/v1/auth/tokens', { payload: { name: 'nightly' } })).json().token as string;

  it('expire after 90 days by default, and warn when used within 14 days of expiry', async () => {
    const c = await signIn(app, 'district');
    const token = await newToken(c);
    const item = (await c.get('/api/v1/auth/tokens')).json().items.at(-1) as { expiresAt: string };
    const days = (Date.parse(item.expiresAt) - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    expect((await bearerGet(token)).headers.warning).toBeUndefined();
    await db.execute(
      sql`update api_token set expires_at = now() + interval '3 days' where token_hash = encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`,
    );
    const soon = await bearerGet(token);
    expect(soon.statusCode).toBe(200);
    expect(soon.headers.warning).toMatch(/^299 gongfu "API token expires at .*gongfu user token/);
  });

  it('are revoked by a password change, an administrator reset, disabling, and log out everywhere', async () => {
    await makeUser(db, 'tokenowner', ['town_officer'], HUASHE);
    await makeUser(db, 'useradmin', ['admin'], KEQIAO);
    const ua = await signIn(app, 'useradmin');
    const owner = () => signIn(app, 'tokenowner');
    const ownerId = (await one<{ id: number }>(db, sql`select id from app_user where username = 'tokenowner'`))!.id;
    const cases: [string, (token: string, c: Client) => Promise<unknown>][] = [
      [
        'password change',
        (_t, c) => c.request('POST', '/api/v1/auth/password', { payload: { current: PASSWORD, next: 'Another-Horse-77x' } }),
      ],
      ['log out everywhere', (_t, c) => c.request('POST', '/api/v1/auth/logout', { payload: { everywhere: true } })],
      ['administrator reset', () => ua.request('POST', '/api/v1/users/tokenowner/password-reset', { payload: {} })],
      ['disable', () => ua.request('PATCH', `/api/v1/users/${ownerId}`, { payload: { disabled: true } })],
    ];
    for (const [what, end] of cases) {
      await db.execute(
        sql`update app_user set disabled = false, must_change_password = false, password_hash = ${await hashPassword(PASSWORD)} where id = ${ownerId}`,
      );
      const c = await owner();
      const token = await newToken(c);
      expect((await bearerGet(token)).statusCode, what).toBe(200);
      const ended = (await end(token, c)) as { statusCode: number; body: string };
      expect(ended.statusCode, `${what}: ${ended.body}`).toBe(200);
      const after = await bearerGet(token);
      expect(after.json().error?.code, what).toBe('TOKEN_INVALID');
    }
    const audit = await one<{ after: { tokensRevoked: number } }>(
      db,
      sql`select after from audit_log where action = 'user.disable' order by seq desc limit 1`,
    );
    expect(audit?.after.tokensRevoked).toBe(1);
  });
});

describe('a town administrator acts only inside the town', () => {
  let townAdmin: Client;
  beforeAll(async () => {
    await upsertRole(db, {
      code: 'town_admin2',
      nameZh: '镇街管理员',
      nameEn: 'Town admin',
      permissions: ['user:manage', 'data:read', 'region:read', 'audit:read'],
      dataScope: 'region_and_below',
    });
    await makeUser(db, 'hsadmin', ['town_admin2'], HUASHE);
    await makeUser(db, 'kyadmin', ['town_admin2'], KEYAN);
    await makeUser(db, 'countyauditor', ['auditor'], null);
    await makeUser(db, 'loose', [], null);
    await makeUser(db, 'hsclerk', [], HUASHE);
    townAdmin = await signIn(app, 'hsadmin');
  });
  const idOf = async (u: string) => (await one<{ id: number }>(db, sql`select id from app_user where username = ${u}`))!.id;

  it('cannot reset, change or disable a region-less (county) account or another town’s', async () => {
    for (const target of ['loose', 'countyauditor', 'kyadmin']) {
      const reset = await townAdmin.request('POST', `/api/v1/users/${target}/password-reset`, { payload: {} });
      expect(reset.json().error?.code, target).toBe('OUT_OF_SCOPE');
      const patch = await townAdmin.request('PATCH', `/api/v1/users/${await idOf(target)}`, { payload: { displayName: 'mine now' } });
      expect(patch.json().error?.code, target).toBe('OUT_OF_SCOPE');
      const disable = await townAdmin.request('PATCH', `/api/v1/users/${await idOf(target)}`, { payload: { disabled: true } });
      expect(disable.json().error?.code, target).toBe('OUT_OF_SCOPE');
    }
    // nor move an own user out to the county level, nor create a region-less one
    const own = await idOf('hsclerk');
    expect((await townAdmin.request('PATCH', `/api/v1/users/${own}`, { payload: { regionCode: null } })).json().error?.code).toBe(
      'OUT_OF_SCOPE',
    );
    expect(
      (await townAdmin.request('POST', '/api/v1/users', { payload: { username: 'nowhere1', displayName: 'x', roles: [] } })).json().error
        ?.code,
    ).toBe('OUT_OF_SCOPE');
    // inside the town it works
    expect((await townAdmin.request('PATCH', `/api/v1/users/${own}`, { payload: { displayName: '华舍数据员' } })).statusCode).toBe(200);
  });

  it('cannot create or change roles, which the whole county shares', async () => {
    const res = await townAdmin.request('PUT', '/api/v1/roles/town_admin2', {
      payload: { nameZh: 'x', nameEn: 'x', permissions: ['data:read'], dataScope: 'region_and_below' },
    });
    // the guard's master-data door refuses first; the role service's own check stays behind it
    expect(res.json().error?.code).toBe('MASTER_DATA_LEVEL');
    const fresh = await townAdmin.request('PUT', '/api/v1/roles/hs_role', {
      payload: { nameZh: 'x', nameEn: 'x', permissions: ['data:read'], dataScope: 'region' },
    });
    expect(fresh.json().error?.code).toBe('MASTER_DATA_LEVEL');
  });

  it('lists and creates departments of the town only', async () => {
    const county = await signIn(app, 'useradmin').catch(async () => {
      await makeUser(db, 'useradmin', ['admin'], KEQIAO);
      return signIn(app, 'useradmin');
    });
    for (const [name, regionCode] of [
      ['柯岩街道办', KEYAN],
      ['区发改局', null],
    ] as const) {
      expect((await county.request('POST', '/api/v1/departments', { payload: { name, regionCode } })).statusCode).toBe(200);
    }
    expect(
      (await townAdmin.request('POST', '/api/v1/departments', { payload: { name: '华舍统计站', regionCode: HUASHE } })).statusCode,
    ).toBe(200);
    const listed = (await townAdmin.get('/api/v1/departments')).json().items as { name: string }[];
    expect(listed.map((d) => d.name)).toEqual(['华舍统计站']);
    for (const regionCode of [KEYAN, null]) {
      const res = await townAdmin.request('POST', '/api/v1/departments', { payload: { name: '越权', regionCode } });
      expect(res.json().error?.code).toBe('OUT_OF_SCOPE');
    }
    expect((await county.get('/api/v1/departments')).json().items.length).toBeGreaterThanOrEqual(3);
  });
});

describe('administration stays within the administrator’s own rights', () => {
  it('a district analyst cannot create users; an admin cannot be out-granted by a scoped admin', async () => {
    expect((await district.request('POST', '/api/v1/users', { payload: { username: 'x1', displayName: 'x', roles: [] } })).statusCode).toBe(
      403,
    );
    await upsertRole(db, {
      code: 'town_admin',
      nameZh: '镇街管理员',
      nameEn: 'Town admin',
      permissions: ['user:manage', 'data:read', 'region:read'],
      dataScope: 'region_and_below',
    });
    await makeUser(db, 'townadmin', ['town_admin'], HUASHE);
    const ta = await signIn(app, 'townadmin');
    const tooMuch = await ta.request('POST', '/api/v1/users', {
      payload: { username: 'x2', displayName: 'x', roles: ['admin'], regionCode: HUASHE },
    });
    expect(tooMuch.json().error.code).toBe('GRANT_EXCEEDS_OWN');
    const elsewhere = await ta.request('POST', '/api/v1/users', {
      payload: { username: 'x3', displayName: 'x', roles: [], regionCode: KEYAN },
    });
    expect(elsewhere.json().error.code).toBe('OUT_OF_SCOPE');
    const fine = await ta.request('POST', '/api/v1/users', {
      payload: { username: 'x4', displayName: 'x', roles: [], regionCode: '330603003004' },
    });
    expect(fine.statusCode).toBe(200);
    expect(fine.json().oneTimePassword).toHaveLength(16);
    const users = (await ta.get('/api/v1/users')).json().items.map((u: { username: string }) => u.username);
    expect(users).toContain('huashe');
    expect(users).not.toContain('keyan');
  });
});
