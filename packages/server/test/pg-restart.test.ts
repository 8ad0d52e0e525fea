/**
 * PostgreSQL going away under load: the app stays up, answers 503 DB_UNAVAILABLE (not 500, not a
 * crash) while the database is down, and serves again once it is back. Runs in the PostgreSQL pass
 * of the suite, on a cluster of its own (restarting the shared one would disturb other test files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { migrate } from '../src/db/migrate.js';
import { openStore, type Store } from '../src/db/store.js';
import { backend, testConfig } from './helpers.js';
import { makeUser, signIn, type Client } from './session.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/test-postgres.sh', import.meta.url));
const port = String(56000 + (process.pid % 1000));
const dir = path.join(os.tmpdir(), `gongfu-pg-restart-${port}`);
const env = { ...process.env, GONGFU_TEST_PG_PORT: port, GONGFU_TEST_PG_DIR: dir };
const cluster = async (action: 'start' | 'stop') => (await run('bash', [script, action], { env })).stdout.trim();

let store: Store;
let app: FastifyInstance;
let user: Client;

describe.runIf(backend === 'postgres')('PostgreSQL restart under load', () => {
  beforeAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    const url = await cluster('start');
    store = await openStore({ databaseUrl: url, poolSize: 4 });
    await migrate(store);
    app = await buildApp({ store, config: testConfig() });
    await makeUser(store.db, 'reader', ['leader'], null);
    user = await signIn(app, 'reader');
  });
  afterAll(async () => {
    await app?.close();
    await store?.close().catch(() => undefined);
    await cluster('stop').catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while the database is down and recovers when it returns', async () => {
    const statuses: number[] = [];
    let loading = true;
    // bounded load: 8 parallel loops of requests to this process until the restart is over
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 2000 && loading; i++) {
          const res = await user.get('/api/v1/indicators');
          statuses.push(res.statusCode);
          if (res.statusCode === 503) expect(res.json().error.code).toBe('DB_UNAVAILABLE');
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    await cluster('stop');
    await new Promise((r) => setTimeout(r, 500));
    const during = await user.get('/api/v1/indicators');
    expect(during.statusCode).toBe(503);
    expect(during.headers['retry-after']).toBe('5');
    await cluster('start');
    let back = 0;
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = (await user.get('/api/v1/indicators')).statusCode;
      if (back !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    loading = false;
    await load;
    expect(back).toBe(200);
    expect(new Set(statuses.filter((s) => s !== 200 && s !== 503))).toEqual(new Set());
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});
