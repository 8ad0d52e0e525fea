/**
 * No acknowledged report lost under kill -9 (issue 14, reliability): on real PostgreSQL, a real
 * `gongfu serve` child process takes a bounded intake load (8 concurrent clients over HTTP), is killed
 * with SIGKILL mid-load and started again; every report that was answered 201/200 is found under its
 * idempotency key with the same case id, and re-sending every key (acknowledged or not) creates no
 * second case. Needs PostgreSQL: GONGFU_TEST_DATABASE_URL (bash scripts/test-postgres.sh start).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrate } from '../../server/src/db/migrate.js';
import { one, openStore, type Store } from '../../server/src/db/store.js';
import { createTestDatabase, postgresUrl } from '../../server/test/helpers.js';
import { killNineExperiment, seedIntake } from './events-load.js';

describe.skipIf(!postgresUrl)('kill -9 under intake load (PostgreSQL; skipped without GONGFU_TEST_DATABASE_URL)', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let tokens: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    store = await openStore({ databaseUrl: db.url, poolSize: 2 });
    await migrate(store);
    tokens = await seedIntake(store.db);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('loses no acknowledged report and makes no duplicate on retry', async () => {
    const result = await killNineExperiment(
      db.url,
      tokens,
      async (keys) => {
        const r = await one<{ rows: number; distinct: number }>(
          store.db,
          sql`select count(*)::int as rows, count(distinct description)::int as "distinct" from event_case
              where idempotency_key = any(${sql.param(keys)}::text[]) or description like '负载测试上报 kill-%'`,
        );
        return r!;
      },
      { port: 21000 + (process.pid % 20000), clients: 8, killAfterMs: 1500 },
    );
    console.log(`kill -9: ${JSON.stringify({ ...result, lost: result.lost.length })}`);
    expect(result.acknowledged).toBeGreaterThanOrEqual(8); // a bounded load: at least one report per client
    expect(result.lost).toEqual([]);
    expect(result.found).toBe(result.acknowledged);
    expect(result.duplicates).toBe(0);
    // after re-sending everything, each key sent is exactly one case
    const held = await one<{ n: number }>(
      store.db,
      sql`select count(*)::int as n from event_case where description like '负载测试上报 kill-%'`,
    );
    expect(held!.n).toBe(result.sent);
  });
});
