/**
 * Open311 GeoReport v2 over the events module, through the real app: services and a service
 * definition, POST with an api_key (a personal API token) creating a case through intake (idempotent
 * with the same key), bad keys refused with 403 in the GeoReport error shape, GET requests with
 * filters and paging, one request, tokens, JSON and XML; reporter data never in public output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { one } from '../src/db/store.js';
import { ensureEventUnitsUnscoped } from '../src/events/demo.js';
import { expectAudited } from './audit-helpers.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const KQ = '330603000000';
const VILLAGE = '330603003004'; // 兴华社区 (华舍)
const BASE = '/api/v1/open311/v2';

let t: TestDb;
let app: FastifyInstance;
let centre: Client;
let apiKey: string;
let readerKey: string;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  await ensureEventUnitsUnscoped(t.store.db);
  await makeUser(t.store.db, 'o311-centre', ['event_dispatcher'], KQ);
  await makeUser(t.store.db, 'o311-grid', ['grid_worker'], VILLAGE);
  await makeUser(t.store.db, 'o311-viewer', ['event_handler'], KQ);
  app = await buildApp({ store: t.store, config: testConfig() });
  await app.ready();
  centre = await signIn(app, 'o311-centre');
  const grid = await signIn(app, 'o311-grid');
  apiKey = (await grid.request('POST', '/api/v1/auth/tokens', { payload: { name: 'open311' } })).json().token;
  const viewer = await signIn(app, 'o311-viewer');
  readerKey = (await viewer.request('POST', '/api/v1/auth/tokens', { payload: { name: 'open311' } })).json().token;
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (fields: Record<string, string>, format = 'json', headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: `${BASE}/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form(fields),
  });
const get = (path: string) => app.inject({ method: 'GET', url: `${BASE}${path}` });
const report = (key: string, extra: Record<string, string> = {}) =>
  post({
    api_key: apiKey,
    service_code: 'SANITATION_LITTER',
    lat: '30.05',
    long: '120.45',
    address_string: '兴华社区东门',
    description: '路边垃圾乱堆放',
    first_name: '小明',
    last_name: '王',
    phone: '13812345678',
    idempotency_key: key,
    ...extra,
  });

describe('services', () => {
  it('lists the 小类 as services, grouped by 大类, in JSON and XML', async () => {
    const res = await get('/services.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const litter = res.json().find((s: { service_code: string }) => s.service_code === 'SANITATION_LITTER');
    expect(litter).toMatchObject({ metadata: false, type: 'realtime', group: expect.any(String), service_name: expect.any(String) });
    expect(res.json().some((s: { service_code: string }) => s.service_code === 'SANITATION')).toBe(false); // a 大类 is a group, not a service
    const xml = await get('/services.xml');
    expect(xml.headers['content-type']).toMatch(/text\/xml/);
    expect(xml.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>')).toBe(true);
    expect(xml.body).toContain('<service_code>SANITATION_LITTER</service_code>');
    expect(xml.body).toContain('<metadata>false</metadata><type>realtime</type>');
  });
  it('a service definition, and 404 in the GeoReport error shape', async () => {
    expect((await get('/services/SANITATION_LITTER.json')).json()).toEqual({ service_code: 'SANITATION_LITTER', attributes: [] });
    expect((await get('/services/SANITATION_LITTER.xml')).body).toContain(
      '<service_definition><service_code>SANITATION_LITTER</service_code><attributes/></service_definition>',
    );
    const missing = await get('/services/NOPE.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    const missingXml = await get('/services/NOPE.xml');
    expect(missingXml.statusCode).toBe(404);
    expect(missingXml.body).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>$/);
  });
});

describe('POST requests', () => {
  it('creates a case through intake; the same idempotency key answers the same request', async () => {
    const first = await report('retry-me-1');
    expect(first.statusCode, first.body).toBe(201);
    const [made] = first.json();
    expect(made).toMatchObject({ service_request_id: expect.stringMatching(/^\d+$/), token: expect.any(String) });
    await expectAudited(t.store.db, { action: 'events.report', actor: 'o311-grid', target: `event_case:${made.service_request_id}` });
    const again = await report('retry-me-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()[0].service_request_id).toBe(made.service_request_id);
    const byHeader1 = await post({ api_key: apiKey, service_code: 'SANITATION_LITTER', description: '头部幂等键' }, 'json', {
      'idempotency-key': 'hdr-key-1',
    });
    const byHeader2 = await post({ api_key: apiKey, service_code: 'SANITATION_LITTER', description: '头部幂等键' }, 'json', {
      'idempotency-key': 'hdr-key-1',
    });
    expect([byHeader1.statusCode, byHeader2.statusCode]).toEqual([201, 200]);
    expect(byHeader2.json()[0].service_request_id).toBe(byHeader1.json()[0].service_request_id);
    const n = await one<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from event_case where idempotency_key like 'o311-%retry-me-1' or idempotency_key like 'o311-%hdr-key-1'`,
    );
    expect(n?.n).toBe(2);
    // the case is an ordinary one: channel api, the reporter's name kept for the dispatcher
    const detail = (await centre.get(`/api/v1/events/cases/${made.service_request_id}`)).json();
    expect(detail.case).toMatchObject({ channel: 'api', regionCode: VILLAGE, reporterName: '王小明', state: 'reported' });
  });
  it('answers in XML too, and the token resolves to the request', async () => {
    const res = await report('xml-key-1');
    const xml = await post(
      { api_key: apiKey, service_code: 'SANITATION_LITTER', description: 'XML 上报', idempotency_key: 'xml-key-2' },
      'xml',
    );
    expect(xml.statusCode).toBe(201);
    const m =
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<service_requests><request><service_request_id>(\d+)<\/service_request_id><token>([^<]+)<\/token><service_notice\/><account_id\/><\/request><\/service_requests>$/.exec(
        xml.body,
      );
    expect(m, xml.body).not.toBeNull();
    const token = res.json()[0].token as string;
    expect((await get(`/tokens/${token}.json`)).json()).toEqual([{ service_request_id: res.json()[0].service_request_id, token }]);
    expect((await get(`/tokens/${m![2]}.xml`)).body).toContain(`<service_request_id>${m![1]}</service_request_id>`);
    expect((await get('/tokens/no-such-token.json')).statusCode).toBe(404);
  });
  it('a bad or missing api_key, or one without events:report, is a 403 in the GeoReport shape', async () => {
    for (const key of ['gf_nope_nope', '', readerKey]) {
      const res = await report(`denied-${key.length}`, { api_key: key });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    }
    const xml = await post({ api_key: 'gf_bad', service_code: 'SANITATION_LITTER', description: 'x' }, 'xml');
    expect(xml.statusCode).toBe(403);
    expect(xml.body).toMatch(/<errors><error><code>403<\/code><description>.*api_key.*<\/description><\/error><\/errors>$/);
    const n = await one<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from event_case where idempotency_key like 'o311-%denied-%'`,
    );
    expect(n?.n).toBe(0);
  });
  it('an unknown service is a 400 in the GeoReport shape', async () => {
    const res = await report('unknown-svc', { service_code: 'NOPE_NOPE' });
    expect(res.statusCode).toBe(400);
    expect(res.json()[0].code).toBe(400);
  });
});

describe('GET requests', () => {
  let dispatched: string;
  beforeAll(async () => {
    dispatched = (await report('to-dispatch')).json()[0].service_request_id;
    for (const action of ['accept', 'file', 'dispatch']) {
      const cur = (await centre.get(`/api/v1/events/cases/${dispatched}`)).json();
      const res = await centre.request('POST', `/api/v1/events/cases/${dispatched}/transitions`, {
        payload: { action, version: cur.case.version },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('lists requests with no reporter data, status open, the deadline and the agency', async () => {
    const res = await get('/requests.json?page_size=500');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('王小明');
    expect(res.body).not.toContain('13812345678');
    expect(res.body).not.toContain('小明');
    const one311 = res.json().find((r: { service_request_id: string }) => r.service_request_id === dispatched);
    const detail = (await centre.get(`/api/v1/events/cases/${dispatched}`)).json().case;
    expect(one311).toMatchObject({
      status: 'open',
      service_code: 'SANITATION_LITTER',
      agency_responsible: detail.unitName,
      lat: 30.05,
      long: 120.45,
      address: '兴华社区东门',
    });
    expect(one311.expected_datetime).toMatch(/\+08:00$/);
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000; // GeoReport times are to the second
    expect(Date.parse(one311.expected_datetime)).toBe(seconds(detail.closeDueAt));
    expect(Date.parse(one311.requested_datetime)).toBe(seconds(detail.reportedAt));
    expect(Object.keys(one311)).not.toContain('reporter_name');
  });
  it('filters by id, service_code, status and dates', async () => {
    const byId = (await get(`/requests.json?service_request_id=${dispatched}`)).json();
    expect(byId.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([dispatched]);
    expect((await get('/requests.json?service_code=SAFETY_FIRE')).json()).toEqual([]);
    expect((await get('/requests.json?status=closed')).json()).toEqual([]);
    expect((await get('/requests.json?status=open,closed&page_size=500')).json().length).toBeGreaterThan(2);
    expect((await get('/requests.json?start_date=2099-01-01T00:00:00Z')).json()).toEqual([]);
    expect((await get('/requests.json?end_date=2000-01-01T00:00:00%2B08:00')).json()).toEqual([]);
    const bad = await get('/requests.json?start_date=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()[0]).toMatchObject({ code: 400 });
    expect((await get('/requests.xml?status=pending')).body).toContain('<errors><error><code>400</code>');
  });
  it('pages by page and page_size, with the total in X-Total-Count', async () => {
    const all = await get('/requests.json?page_size=500');
    const total = Number(all.headers['x-total-count']);
    expect(total).toBe(all.json().length);
    const p1 = (await get('/requests.json?page=1&page_size=2')).json();
    const p2 = (await get('/requests.json?page=2&page_size=2')).json();
    expect(p1).toHaveLength(2);
    expect(p2.length).toBe(Math.min(2, total - 2));
    const ids = all.json().map((r: { service_request_id: string }) => r.service_request_id);
    expect([...p1, ...p2].map((r: { service_request_id: string }) => r.service_request_id)).toEqual(ids.slice(0, 2 + p2.length));
    expect((await get('/requests.json?page_size=501')).statusCode).toBe(400);
  });
  it('one request in JSON and XML', async () => {
    const json = await get(`/requests/${dispatched}.json`);
    expect(json.json()).toHaveLength(1);
    expect(json.json()[0].service_request_id).toBe(dispatched);
    const xml = await get(`/requests/${dispatched}.xml`);
    expect(xml.body).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<service_requests><request><service_request_id>${dispatched}</service_request_id><status>open</status><status_notes>[^<]*</status_notes><service_name>[^<]+</service_name><service_code>SANITATION_LITTER</service_code><description>路边垃圾乱堆放</description><agency_responsible>[^<]+</agency_responsible><service_notice/><requested_datetime>[^<]+</requested_datetime><updated_datetime>[^<]+</updated_datetime><expected_datetime>[^<]+</expected_datetime><address>兴华社区东门</address><address_id/><zipcode/><lat>30.05</lat><long>120.45</long><media_url/></request></service_requests>$`,
      ),
    );
    expect(xml.body).not.toContain('王');
    expect((await get('/requests/999999999.json')).statusCode).toBe(404);
    expect((await get('/requests/abc.xml')).body).toContain('<code>404</code>');
  });
});
