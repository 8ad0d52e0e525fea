/**
 * Operating the server: /metrics (off without a token, then only with it; request counts by route
 * pattern, latency histogram, the modules' gauges, the pool on PostgreSQL) and /health (the
 * database's state, 503 once it does not answer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { escapeLabel, gaugeLines } from '../src/ops/metrics.js';
import { backend, testConfig, testDb, type TestDb } from './helpers.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
let t: TestDb;
let app: FastifyInstance;

beforeAll(async () => {
  t = await testDb();
  app = await buildApp({ store: t.store, config: testConfig({ metricsToken: TOKEN }) });
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('/metrics', () => {
  it('is off unless a token is configured', async () => {
    const off = await buildApp({ store: t.store, config: testConfig() });
    expect((await off.inject({ url: '/metrics' })).statusCode).toBe(404);
    await off.close();
  });

  it('answers only the bearer token', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
  });

  it('counts requests by route pattern with a latency histogram, and lists the modules’ gauges', async () => {
    for (let i = 0; i < 3; i++) await app.inject({ url: '/api/v1/health' });
    await app.inject({ url: '/api/v1/indicators/NO_SUCH_CODE' });
    await app.inject({ url: '/api/v1/indicators/ANOTHER' });
    const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('gongfu_http_requests_total{method="GET",route="/api/v1/health",status="200"} 3');
    expect(text).toContain('gongfu_http_request_duration_seconds_count{method="GET",route="/api/v1/health"} 3');
    expect(text).toContain('gongfu_http_request_duration_seconds_bucket{method="GET",route="/api/v1/health",le="+Inf"} 3');
    // two URLs of one route are one series, not one per id
    expect(text.match(/route="\/api\/v1\/indicators\/:code"/g)?.length ?? 0).toBeGreaterThan(0);
    expect(text).not.toContain('NO_SUCH_CODE');
    for (const gauge of ['gongfu_events_overdue_cases', 'gongfu_collect_assignments_overdue', 'gongfu_targets_overdue_problems'])
      expect(text).toMatch(new RegExp(`^# TYPE ${gauge} gauge\\n${gauge} \\d+$`, 'm'));
    if (backend === 'postgres') expect(text).toMatch(/^gongfu_db_pool_connections\{state="total"\} \d+$/m);
    expect(text).not.toContain('gongfu_module_metrics_failed');
  });

  it('escapes label values and writes HELP and TYPE once per name', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const lines = gaugeLines([
      { name: 'x_total', help: 'X.', labels: { k: 'a' }, value: 1 },
      { name: 'x_total', help: 'X.', labels: { k: 'b' }, value: 2 },
    ]);
    expect(lines).toEqual(['# HELP x_total X.', '# TYPE x_total gauge', 'x_total{k="a"} 1', 'x_total{k="b"} 2']);
    expect(() => gaugeLines([{ name: 'bad name', help: '', value: 0 }])).toThrow(/metric name/);
  });
});

describe('/health', () => {
  it('says the database is up, and answers 503 once it does not answer', async () => {
    const ok = await app.inject({ url: '/api/v1/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok', database: backend, databaseState: 'up' });
    const gone = await testDb();
    const orphan = await buildApp({ store: gone.store, config: testConfig() });
    await orphan.ready();
    await gone.store.close();
    const down = await orphan.inject({ url: '/api/v1/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable', databaseState: 'down' });
    await orphan.close();
    await gone.dispose().catch(() => undefined);
  });
});

describe('behind a reverse proxy', () => {
  it('believes X-Forwarded-For only from the configured proxy (GONGFU_TRUST_PROXY)', async () => {
    const ipSeen = async (trustProxy?: string) => {
      const a = await buildApp({ store: t.store, config: testConfig({ trustProxy }) });
      a.get('/ip-probe', async (req) => ({ ip: req.ip }));
      const res = await a.inject({ url: '/ip-probe', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.2.3' } });
      await a.close();
      return res.json().ip;
    };
    expect(await ipSeen()).toBe('127.0.0.1');
    expect(await ipSeen('127.0.0.1')).toBe('10.1.2.3');
    expect(await ipSeen('192.0.2.1')).toBe('127.0.0.1');
  });
});

describe('Open311 at its conventional path', () => {
  it('answers /open311/v2/services.json as /api/v1/open311/v2/services.json', async () => {
    const bare = await app.inject({ url: '/open311/v2/services.json' });
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json()).toEqual((await app.inject({ url: '/api/v1/open311/v2/services.json' })).json());
  });
});
