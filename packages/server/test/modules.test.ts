import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { ALL_PERMISSIONS, systemActor } from '../src/auth/actor.js';
import { one } from '../src/db/store.js';
import { MODULES } from '../src/modules.js';
import { testConfig, testDb, type TestDb } from './helpers.js';

let t: TestDb;
let app: FastifyInstance;
beforeAll(async () => {
  t = await testDb();
  app = await buildApp({ store: t.store, config: testConfig() });
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('module manifest', () => {
  it('the built-in admin role holds every permission a module declares', async () => {
    const admin = await one<{ permissions: string[] }>(t.store.db, sql`select permissions from role where code = 'admin' and builtin`);
    const missing = ALL_PERMISSIONS.filter((p) => !admin!.permissions.includes(p));
    expect(missing, 'add a migration granting these to the admin role').toEqual([]);
  });

  it('each permission, id and tag is declared by exactly one module', () => {
    const twice = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
    expect(twice(MODULES.flatMap((m) => [...m.permissions]))).toEqual([]);
    expect(twice(MODULES.map((m) => m.id))).toEqual([]);
    expect(twice(MODULES.map((m) => m.tag.name))).toEqual([]);
    expect(new Set(systemActor().permissions)).toEqual(new Set(ALL_PERMISSIONS));
  });

  it('every documented route carries the tag of the module that registered it, and every module tag is used', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      tags: { name: string }[];
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const declared = new Set(doc.tags.map((x) => x.name));
    const used = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.tags?.length, `${method} ${path} has a tag`).toBe(1);
        expect(declared.has(op.tags![0]), `${method} ${path}: tag ${op.tags![0]} is declared`).toBe(true);
        used.add(op.tags![0]);
      }
    }
    expect(MODULES.map((m) => m.tag.name).filter((n) => !used.has(n))).toEqual([]);
    expect(doc.paths['/api/v1/access/networks'] && Object.values(doc.paths['/api/v1/access/networks'])[0].tags).toEqual(['circles']);
  });
});
