/**
 * Test databases: a fresh in-memory PGlite per test file by default; with GONGFU_TEST_DATABASE_URL
 * (or DATABASE_URL) set, a fresh PostgreSQL database per test file, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../src/db/migrate.js';
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

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gongfu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
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

export async function testDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (postgresUrl) {
    const created = await createTestDatabase();
    const store = await openStore({ databaseUrl: created.url, poolSize: 4 });
    if (options.migrate !== false) await migrate(store);
    return {
      store,
      url: created.url,
      async dispose() {
        await store.close();
        await created.drop();
      },
    };
  }
  const store = await openStore({ dataDir: 'memory://' });
  if (options.migrate !== false) await migrate(store);
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
