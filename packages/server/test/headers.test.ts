/** Security headers: a strict CSP on the app, nosniff, no framing, HSTS only behind HTTPS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { testConfig, testDb, type TestDb } from './helpers.js';

let t: TestDb;
let app: FastifyInstance;
let https: FastifyInstance;
beforeAll(async () => {
  t = await testDb();
  app = await buildApp({ store: t.store, config: testConfig() });
  https = await buildApp({ store: t.store, config: testConfig({ secureCookies: true }) });
});
afterAll(async () => {
  await app?.close();
  await https?.close();
  await t?.dispose();
});

describe('security headers', () => {
  it('a strict Content-Security-Policy (no inline or foreign script, no framing) and nosniff on every response', async () => {
    for (const url of ['/api/v1/health', '/api/v1/regions', '/nowhere']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('HSTS behind HTTPS', async () => {
    const res = await https.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });

  it('the API docs still load (their own policy allows Swagger UI)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});

describe('listening address', () => {
  it('is this machine only unless GONGFU_HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ GONGFU_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('NUL characters', () => {
  it('in a query parameter or a JSON string are a 400 naming where, not a 500', async () => {
    const q = await app.inject({ method: 'GET', url: '/api/v1/health?x=a%00b' });
    expect(q.statusCode).toBe(400);
    expect(q.json().error).toMatchObject({ code: 'NUL_CHARACTER', details: { path: 'query' } });
    const body = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'b\u0000c' } });
    expect(body.statusCode).toBe(400);
    expect(body.json().error).toMatchObject({ code: 'NUL_CHARACTER', details: { path: 'body /password' } });
  });
});
