/**
 * Test databases: a fresh in-memory PGlite per test file by default; with GONGFU_TEST_DATABASE_URL
 * (or DATABASE_URL) set, a fresh PostgreSQL database per test file, dropped afterwards. Both start
 * from a snapshot of the run (the migrated schema, or the demo), built once: see snapshot.ts.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pgliteFromSnapshot, postgresTemplate, type Snapshot } from './snapshot.js';
import { openStore, type Store } from '../src/db/store.js';
import { loadConfig, type Config } from '../src/config.js';

export const postgresUrl = process.env.GONGFU_TEST_DATABASE_URL || process.env.DATABASE_URL || '';
export const backend = postgresUrl ? 'postgres' : 'pglite';

export interface TestDb {
  store: Store;
  /** connection string of the test database (PostgreSQL only) */
  url?: string;
  dispose(): Promise<void>;
}

export async function createTestDatabase(options: { template?: string } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gongfu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}${options.template ? ` template ${options.template}` : ''}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestDbOptions {
  /** false: an empty database, for tests of the migrations themselves */
  migrate?: boolean;
  /** start from the demo as `loadDemo` builds it on this day ('now': today) */
  demo?: Date | 'now';
  /** with `demo`: every module's demo (`loadDemos`: 亩均, events, ecology, …), not only the regions and figures */
  modules?: boolean;
}

/** The snapshot a test database starts from: the migrated schema, or the demo of a given day. */
export function snapshotOf(demo: Date | 'now' | undefined, modules = false): Snapshot {
  if (!demo) return { key: 'schema' };
  const day = demo === 'now' ? 'now' : demo.toISOString().replace(/\D/g, '').slice(0, 14);
  const options = demo === 'now' ? {} : { today: demo };
  if (modules) {
    return {
      key: `demos-${day}`,
      async fill(store) {
        const { loadDemos } = await import('../src/demo/demos.js');
        await loadDemos(store.db, options);
      },
    };
  }
  return {
    key: `demo-${day}`,
    async fill(store) {
      const { loadDemo } = await import('../src/demo/load.js');
      await loadDemo(store.db, options);
    },
  };
}

/** A fresh database for one test file, migrated (from the run's snapshot) unless told otherwise. */
export async function testDb(options: TestDbOptions = {}): Promise<TestDb> {
  const migrated = options.migrate !== false;
  if (postgresUrl) {
    const template = migrated ? await postgresTemplate(postgresUrl, snapshotOf(options.demo, options.modules)) : undefined;
    const created = await createTestDatabase({ template });
    const store = await openStore({ databaseUrl: created.url, poolSize: 4 });
    return {
      store,
      url: created.url,
      async dispose() {
        await store.close();
        await created.drop();
      },
    };
  }
  const store = migrated ? await pgliteFromSnapshot(snapshotOf(options.demo, options.modules)) : await openStore({ dataDir: 'memory://' });
  return { store, dispose: () => store.close() };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), webDist: '/nonexistent', strictAudit: true, ...overrides };
}

/** A multipart/form-data body with one file field, for app.inject. */
export function multipartFile(fileName: string, bytes: Uint8Array, field = 'file') {
  const boundary = '----gongfu' + randomBytes(8).toString('hex');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(bytes), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
