/**
 * Least privilege on PostgreSQL (PGlite has a single role, so this file runs on PostgreSQL only;
 * docs/security.md says what protects the audit log there): the application role reads and writes data, appends to the audit log, and cannot
 * update, delete, truncate or un-trigger it.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { migrate } from '../src/db/migrate.js';
import { openStore, type Db } from '../src/db/store.js';
import { grantAppRole, migrateAsOwner } from '../src/db/privileges.js';
import { appendAudit } from '../src/audit/service.js';
import { loadDemo } from '../src/demo/load.js';
import { backend, createTestDatabase, postgresUrl } from './helpers.js';

async function asSuperuser(statement: string) {
  const c = new pg.Client({ connectionString: postgresUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

const refused = async (db: Db, statement: ReturnType<typeof sql>) => {
  const err = await db.execute(statement).then(
    () => undefined,
    (e: Error & { cause?: Error }) => e,
  );
  return String(err?.cause?.message ?? err?.message ?? 'not refused');
};

describe.runIf(backend === 'postgres')('the application role on PostgreSQL', () => {
  it('writes data and appends audit entries, but cannot rewrite, delete, truncate or un-trigger the audit log', async () => {
    const role = `gongfu_app_${randomBytes(4).toString('hex')}`;
    const created = await createTestDatabase();
    await asSuperuser(`create role ${role} login`);
    const owner = await openStore({ databaseUrl: created.url, poolSize: 2 });
    try {
      await migrate(owner);
      expect(await grantAppRole(owner.db, role)).toMatchObject({ tables: expect.any(Number) });
      const appUrl = new URL(created.url);
      appUrl.username = role;
      const app = await openStore({ databaseUrl: appUrl.toString(), poolSize: 2 });
      try {
        await loadDemo(app.db, { today: new Date('2026-11-26T00:00:00Z') });
        await app.db.transaction(async (tx) => {
          await appendAudit(tx as Db, { id: 'user:clerk' }, { action: 'data.export' });
        });
        expect(await refused(app.db, sql`update audit_log set actor = 'someone else'`)).toMatch(/permission denied/);
        expect(await refused(app.db, sql`delete from audit_log`)).toMatch(/permission denied/);
        expect(await refused(app.db, sql`truncate audit_log`)).toMatch(/permission denied/);
        expect(await refused(app.db, sql`drop trigger audit_log_no_update on audit_log`)).toMatch(/must be owner/);
        expect(await refused(app.db, sql`alter table audit_log disable trigger user`)).toMatch(/must be owner/);
        expect(await refused(app.db, sql`create table intruder (id int)`)).toMatch(/permission denied/);
      } finally {
        await app.close();
      }
    } finally {
      await owner.close();
      await created.drop();
      await asSuperuser(`drop role if exists ${role}`);
    }
  });

  it('migrateAsOwner migrates through the owner and grants the application role (GONGFU_MIGRATE_URL, GONGFU_APP_ROLE)', async () => {
    const role = `gongfu_app_${randomBytes(4).toString('hex')}`;
    const created = await createTestDatabase();
    await asSuperuser(`create role ${role} login`);
    try {
      const done = await migrateAsOwner({
        migrateUrl: created.url,
        databaseUrl: 'postgres://unused@127.0.0.1:9/x',
        dataDir: '/nonexistent',
        appRole: role,
      });
      expect(done.applied.length).toBeGreaterThan(10);
      expect(done.grantedTables).toBeGreaterThan(10);
      const appUrl = new URL(created.url);
      appUrl.username = role;
      const app = await openStore({ databaseUrl: appUrl.toString(), poolSize: 2 });
      try {
        await app.db.execute(sql`insert into indicator_set (code, name_zh, name_en) values ('ops-check', '运维检查', 'ops check')`);
        expect(await refused(app.db, sql`create table intruder (id int)`)).toMatch(/permission denied/);
        // the application role's commands (backup, demo …) read the migration state without DDL
        expect(await migrate(app)).toEqual([]);
      } finally {
        await app.close();
      }
      expect((await migrateAsOwner({ migrateUrl: created.url, dataDir: '/nonexistent', appRole: role })).applied).toEqual([]);
    } finally {
      await created.drop();
      await asSuperuser(`drop role if exists ${role}`);
    }
  });
});
