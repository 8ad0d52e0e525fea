/** Shared bench setup: a fresh PGlite folder and, when available, a durable PostgreSQL started here. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openStore, type Store } from '../packages/server/src/db/store.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  store: Store;
  /** connection string of the bench database (PostgreSQL only), e.g. for a server child process */
  url?: string;
  dispose(): Promise<void>;
}

export async function pgliteBackend(): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-bench-'));
  const store = await openStore({ dataDir: dir });
  await migrate(store);
  return {
    name: 'pglite',
    store,
    async dispose() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const SCRIPT = path.resolve(import.meta.dirname, '../scripts/test-postgres.sh');
const ENV = { ...process.env, GONGFU_TEST_PG_PORT: '55499', GONGFU_TEST_PG_DIR: '/tmp/gongfu-bench-pg', GONGFU_PG_DURABLE: '1' };

/** PostgreSQL with default durability: DATABASE_URL if given, else a local cluster this bench starts and stops. */
export async function postgresBackend(): Promise<Backend | null> {
  let admin = process.env.DATABASE_URL;
  let started = false;
  if (!admin) {
    try {
      admin = execFileSync('bash', [SCRIPT, 'start'], { env: ENV, encoding: 'utf8' }).trim();
      started = true;
    } catch (err) {
      console.log(`(PostgreSQL not available: ${(err as Error).message.split('\n')[0]})`);
      return null;
    }
  }
  const name = `gongfu_bench_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${name}`);
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 8 });
  await migrate(store);
  return {
    name: 'postgres',
    store,
    url: url.toString(),
    async dispose() {
      await store.close();
      if (process.env.GONGFU_BENCH_KEEP === '1') return console.log(`(kept: ${url})`);
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
      if (started) execFileSync('bash', [SCRIPT, 'stop'], { env: ENV });
    },
  };
}

export const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
