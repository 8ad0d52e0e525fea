import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { backup, restore } from '../src/db/backup.js';
import { listMigrations, migrate, migrationVersion } from '../src/db/migrate.js';
import { acquireDataDirLock } from '../src/db/lock.js';
import { one, openStore, rows, type Store } from '../src/db/store.js';
import { loadDemo } from '../src/demo/load.js';
import { runImport } from '../src/imports/service.js';
import { systemActor } from '../src/auth/actor.js';
import { utf8 } from './fixtures.js';
import { testDb } from './helpers.js';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-db-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function tableNames(store: Store) {
  return (
    await rows<{ t: string }>(
      store.db,
      sql`select table_name as t from information_schema.tables where table_schema = current_schema() order by 1`,
    )
  ).map((r) => r.t);
}

describe('migrations', () => {
  it('create the schema from empty, record each file, and are a no-op the second time', async () => {
    const t = await testDb({ migrate: false });
    try {
      expect(await tableNames(t.store)).toEqual([]);
      const applied = await migrate(t.store);
      expect(applied).toEqual(listMigrations().map((m) => m.file));
      expect(await tableNames(t.store)).toEqual(
        expect.arrayContaining(['region', 'subject', 'indicator', 'observation', 'import_batch', 'schema_migration']),
      );
      expect(await migrate(t.store)).toEqual([]);
    } finally {
      await t.dispose();
    }
  });

  it('refuse to run when an applied migration file was edited', async () => {
    const t = await testDb();
    const dir = fs.mkdtempSync(path.join(tmp, 'mig-'));
    try {
      for (const m of listMigrations()) fs.writeFileSync(path.join(dir, m.file), m.script + '\n-- edited\n');
      await expect(migrate(t.store, dir)).rejects.toMatchObject({ code: 'MIGRATION_CHANGED' });
    } finally {
      await t.dispose();
    }
  });

  it('roll back a failing migration completely', async () => {
    const t = await testDb();
    const dir = fs.mkdtempSync(path.join(tmp, 'mig-'));
    try {
      for (const m of listMigrations()) fs.writeFileSync(path.join(dir, m.file), m.script);
      fs.writeFileSync(path.join(dir, '209912312359_broken.sql'), 'create table half_done (id int);\nselect * from no_such_table;');
      await expect(migrate(t.store, dir)).rejects.toThrow();
      expect(await tableNames(t.store)).not.toContain('half_done');
    } finally {
      await t.dispose();
    }
  });
});

describe('migration names', () => {
  it('are legacy NNNN_ (the first four only) or YYYYMMDDHHMM_topic, so parallel branches cannot collide', () => {
    const files = listMigrations().map((m) => m.file);
    const legacy = files.filter((f) => /^\d{4}_/.test(f));
    expect(legacy).toEqual(['0001_core.sql', '0002_access_control.sql', '0003_access.sql', '0004_assess.sql']);
    const isUtcMinute = (stamp: string) => {
      const [y, mo, d, h, mi] = [0, 4, 6, 8, 10].map((i, k) => +stamp.slice(i, k === 0 ? 4 : i + 2));
      return new Date(Date.UTC(y, mo - 1, d, h, mi)).toISOString().slice(0, 16).replace(/\D/g, '') === stamp;
    };
    for (const f of files.filter((f) => !legacy.includes(f))) expect(isUtcMinute(f.slice(0, 12)), `${f}: not a UTC minute`).toBe(true);
    expect(isUtcMinute('202613011200')).toBe(false);
    expect(migrationVersion('202612031530_subjects.sql')).toBe('202612031530_subjects');
    expect(migrationVersion('0005_subjects.sql')).toBe('0005');
    expect(migrationVersion('5_subjects.sql')).toBeUndefined();
  });

  it('apply a file merged later with an older timestamp, and refuse a misnamed file', async () => {
    const t = await testDb();
    const dir = fs.mkdtempSync(path.join(tmp, 'mig-'));
    try {
      for (const m of listMigrations()) fs.writeFileSync(path.join(dir, m.file), m.script);
      fs.writeFileSync(path.join(dir, '202612031600_branch_b.sql'), 'create table branch_b (id int);');
      expect(await migrate(t.store, dir)).toEqual(['202612031600_branch_b.sql']);
      fs.writeFileSync(path.join(dir, '202612031500_branch_a.sql'), 'create table branch_a (id int);');
      expect(await migrate(t.store, dir)).toEqual(['202612031500_branch_a.sql']);
      expect(await tableNames(t.store)).toEqual(expect.arrayContaining(['branch_a', 'branch_b']));
      fs.writeFileSync(path.join(dir, '6_bad name.sql'), 'select 1;');
      expect(() => listMigrations(dir)).toThrow(/YYYYMMDDHHMM_topic/);
    } finally {
      await t.dispose();
    }
  });
});

describe('backup and restore', () => {
  it('round-trip all data, including revision history and sequences', async () => {
    const source = await testDb();
    const target = await testDb();
    const file = path.join(tmp, `backup-${source.store.kind}.gongfu.gz`);
    try {
      await loadDemo(source.store.db, { today: new Date('2026-11-26T00:00:00Z') });
      const actor = systemActor('user:tester');
      const csv = (v: string) =>
        utf8([
          ['地区代码', '指标代码', '期间', '值'],
          ['330603003000', 'INCOME_PC', '2014', v],
        ]);
      await runImport(source.store.db, actor, csv('1'), { fileName: 'a.csv', maxBytes: 1e6, dryRun: false });
      await runImport(source.store.db, actor, csv('2'), { fileName: 'b.csv', maxBytes: 1e6, dryRun: false });
      const snapshot = async (s: Store) => {
        const out: Record<string, unknown[]> = {};
        for (const table of ['region', 'region_boundary', 'subject', 'indicator', 'indicator_set_member', 'import_batch', 'observation']) {
          out[table] = (await rows<{ j: string }>(s.db, sql`select row_to_json(t)::text as j from ${sql.raw(table)} t order by 1`)).map(
            (r) => r.j,
          );
        }
        return out;
      };
      const before = await snapshot(source.store);
      const report = await backup(source.store, file);
      expect(report.tables.find((x) => x.name === 'observation')!.rows).toBe(before.observation.length);
      // restore replaces whatever the target had
      await loadDemo(target.store.db, { today: new Date('2020-01-01T00:00:00Z') });
      // the target's own audit entries are not in the backup: restoring rolls its chain back,
      // which is refused unless asked for, and then recorded
      await expect(restore(target.store, file)).rejects.toMatchObject({ code: 'AUDIT_ROLLBACK' });
      await restore(target.store, file, { allowAuditRollback: true, actor: { id: 'user:operator' } });
      expect(await snapshot(target.store)).toEqual(before);
      const entry = await one<{ actor: string; after: { auditRolledBack: boolean } }>(
        target.store.db,
        sql`select actor, after from audit_log order by seq desc limit 1`,
      );
      expect(entry).toMatchObject({ actor: 'user:operator', after: { auditRolledBack: true } });
      // sequences continue after the restored ids
      const r = await runImport(target.store.db, actor, csv('3'), { fileName: 'c.csv', maxBytes: 1e6, dryRun: false });
      const maxBatch = Math.max(...before.import_batch.map((j) => JSON.parse(j as string).id));
      expect(r.batchId).toBe(maxBatch + 1);
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });

  it('rejects a damaged file and leaves the data untouched', async () => {
    const t = await testDb();
    try {
      await loadDemo(t.store.db, { today: new Date('2026-11-26T00:00:00Z') });
      const [before] = await rows<{ n: number }>(t.store.db, sql`select count(*)::int as n from observation`);
      const bad = path.join(tmp, 'bad.gz');
      fs.writeFileSync(bad, 'not a backup');
      await expect(restore(t.store, bad)).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
      const good = path.join(tmp, `good-${t.store.kind}.gz`);
      await backup(t.store, good);
      const bytes = fs.readFileSync(good);
      const truncated = path.join(tmp, 'truncated.gz');
      fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await expect(restore(t.store, truncated)).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
      const [after] = await rows<{ n: number }>(t.store.db, sql`select count(*)::int as n from observation`);
      expect(after.n).toBe(before.n);
    } finally {
      await t.dispose();
    }
  });
});

describe('embedded database folder', () => {
  it('refuses a second process with a clear error, and opens again after a clean close', async () => {
    const dir = path.join(tmp, 'pglite-lock');
    const store = await openStore({ dataDir: dir });
    await migrate(store);
    const child = path.join(import.meta.dirname, 'open-store-child.ts');
    const tsx = path.resolve(import.meta.dirname, '../../../node_modules/tsx/dist/cli.mjs');
    const second = JSON.parse((await run(process.execPath, [tsx, child, dir])).stdout.trim());
    expect(second).toMatchObject({ opened: false, code: 'DB_LOCKED' });
    expect(second.message).toContain(String(process.pid));
    await store.close();
    const third = JSON.parse((await run(process.execPath, [tsx, child, dir])).stdout.trim());
    expect(third).toEqual({ opened: true });
    // data survived the close
    const reopened = await openStore({ dataDir: dir });
    expect(await tableNames(reopened)).toContain('observation');
    await reopened.close();
  });

  it.runIf(process.platform === 'linux')(
    'is held by the process, not by a file: deleting gongfu.lock lets no second owner in',
    async () => {
      const dir = path.join(tmp, 'pglite-deleted-lock');
      const store = await openStore({ dataDir: dir });
      try {
        fs.rmSync(path.join(dir, 'gongfu.lock'));
        const child = path.join(import.meta.dirname, 'open-store-child.ts');
        const tsx = path.resolve(import.meta.dirname, '../../../node_modules/tsx/dist/cli.mjs');
        const second = JSON.parse((await run(process.execPath, [tsx, child, dir])).stdout.trim());
        expect(second).toMatchObject({ opened: false, code: 'DB_LOCKED' });
      } finally {
        await store.close();
      }
    },
  );

  it.runIf(process.platform === 'linux')(
    'has exactly one owner in 1,000 races of two acquirers, and several processes racing',
    async () => {
      const dir = path.join(tmp, 'pglite-race');
      fs.mkdirSync(dir, { recursive: true });
      for (let trial = 0; trial < 1000; trial++) {
        const outcomes = await Promise.allSettled([acquireDataDirLock(dir), acquireDataDirLock(dir)]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won, `trial ${trial}`).toHaveLength(1);
        expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'DB_LOCKED' } });
        (won[0] as PromiseFulfilledResult<() => void>).value();
      }
      // processes: four children start at once on one folder; one opens it, the others are refused
      const child = path.join(import.meta.dirname, 'open-store-child.ts');
      const tsx = path.resolve(import.meta.dirname, '../../../node_modules/tsx/dist/cli.mjs');
      const results = await Promise.all([0, 1, 2, 3].map(() => run(process.execPath, [tsx, child, dir, '--hold-ms', '1500'])));
      const parsed = results.map((r) => JSON.parse(r.stdout.trim()) as { opened: boolean; code?: string });
      expect(parsed.filter((p) => p.opened)).toHaveLength(1);
      expect(parsed.filter((p) => !p.opened).every((p) => p.code === 'DB_LOCKED')).toBe(true);
    },
  );

  it('takes over a lock left by a process that died', async () => {
    const dir = path.join(tmp, 'pglite-stale');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'gongfu.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), startedAt: '2020-01-01' }));
    const store = await openStore({ dataDir: dir });
    await store.close();
    expect(fs.existsSync(path.join(dir, 'gongfu.lock'))).toBe(false);
  });
});
