/**
 * Writes are audited by construction: every write route declares its audit action (or why it needs
 * none), and a successful request that did not append its declared action is refused in tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { appendAudit } from '../src/audit/service.js';
import { unauditedWrites, type DeclaredRoute } from '../src/http/guard.js';
import { testConfig, testDb, type TestDb } from './helpers.js';
import { auditHead, expectAudited } from './audit-helpers.js';

let t: TestDb;
let app: FastifyInstance;

beforeAll(async () => {
  t = await testDb();
  app = await buildApp({ store: t.store, config: testConfig() });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

const declared = (method: string, url: string) =>
  (app.registeredRoutes as DeclaredRoute[]).find((r) => r.url === url && (Array.isArray(r.method) ? r.method : [r.method]).includes(method))
    ?.config?.audit;

describe('every write route declares its audit', () => {
  it('has no /api/v1 write route without an audit declaration', () => {
    const writes = app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'GET' && r.method !== 'HEAD');
    expect(writes.length).toBeGreaterThan(20);
    expect(unauditedWrites(app.registeredRoutes)).toEqual([]);
  });

  it('declares an action on every route that hands data out as a file', () => {
    for (const url of [
      '/api/v1/exports/observations',
      '/api/v1/indicator-sets/:code/template',
      '/api/v1/assess/runs/:id/export',
      '/api/v1/assess/runs/:id/report',
    ]) {
      expect(declared('GET', url), url).toHaveProperty('action');
    }
  });

  it('catches a new write route that forgets it, or gives no reason', async () => {
    const other = await buildApp({ store: t.store, config: testConfig() });
    other.post('/api/v1/forgotten', { config: { access: { public: true } } }, async () => ({ ok: true }));
    other.delete('/api/v1/no-reason', { config: { access: { public: true }, audit: { none: ' ' } } }, async () => ({ ok: true }));
    other.get('/api/v1/plain-read', { config: { access: { public: true } } }, async () => ({ ok: true }));
    await other.ready();
    const found = unauditedWrites(other.registeredRoutes);
    expect(found).toEqual(expect.arrayContaining(['POST /api/v1/forgotten', 'DELETE /api/v1/no-reason']));
    expect(found.filter((r) => r.includes('plain-read'))).toEqual([]);
    await other.close();
  });
});

describe('a declared action must really be appended', () => {
  async function appWith(strictAudit: boolean) {
    const other = await buildApp({ store: t.store, config: testConfig({ strictAudit }) });
    const access = { public: true } as const;
    other.post('/api/v1/test/forgets', { config: { access, audit: { action: 'test.write' } } }, async () => ({ ok: true }));
    other.post('/api/v1/test/appends', { config: { access, audit: { action: 'test.write' } } }, async () => {
      await appendAudit(t.store.db, { id: 'cli:test' }, { action: 'test.write', target: 'thing:1' });
      return { ok: true };
    });
    other.post(
      '/api/v1/test/dry',
      {
        config: {
          access,
          audit: {
            action: 'test.write',
            unless: { reason: 'a dry run stores nothing', when: (req) => (req.query as { dry?: string }).dry === '1' },
          },
        },
      },
      async () => ({ ok: true }),
    );
    await other.ready();
    return other;
  }

  it('refuses a successful write without its audit row with 500 AUDIT_MISSING when strict (as in every test)', async () => {
    const other = await appWith(true);
    const res = await other.inject({ method: 'POST', url: '/api/v1/test/forgets' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('AUDIT_MISSING');
    const since = await auditHead(t.store.db);
    const ok = await other.inject({ method: 'POST', url: '/api/v1/test/appends' });
    expect(ok.statusCode).toBe(200);
    await expectAudited(t.store.db, { action: 'test.write', actor: 'cli:test', target: 'thing:1', since });
    expect((await other.inject({ method: 'POST', url: '/api/v1/test/dry?dry=1' })).statusCode).toBe(200);
    expect((await other.inject({ method: 'POST', url: '/api/v1/test/dry' })).statusCode).toBe(500);
    await other.close();
  });

  it('lets the response through when not strict (the miss is logged as an error)', async () => {
    const other = await appWith(false);
    const res = await other.inject({ method: 'POST', url: '/api/v1/test/forgets' });
    expect(res.statusCode).toBe(200);
    await other.close();
  });
});
