/**
 * `gongfu doctor`'s checks, each in its good and its bad case, on real folders, a real database
 * (PGlite, or PostgreSQL under GONGFU_TEST_DATABASE_URL, whose test cluster runs with fsync off:
 * the durability warning is then real), a real audit chain and checkpoint file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/audit/service.js';
import { generateAuditKey, parseSinks, writeCheckpoint } from '../src/audit/checkpoint.js';
import { loadConfig } from '../src/config.js';
import { acquireDataDirLock } from '../src/db/lock.js';
import type { Db } from '../src/db/store.js';
import {
  checkAudit,
  checkChromium,
  checkDataDir,
  checkMigrations,
  checkNode,
  checkPiiKey,
  checkPostgresSettings,
  checkTimeZone,
  runDoctor,
  type Check,
} from '../src/ops/doctor.js';
import { backend, postgresUrl, testDb, type TestDb } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-doctor-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const levels = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.id, c.level]));

describe('doctor checks', () => {
  it('Node: 20.19 or later', () => {
    expect(checkNode('v20.20.2', '>=20.19').level).toBe('ok');
    expect(checkNode('v22.1.0', '>=20.19').level).toBe('ok');
    const old = checkNode('v20.11.1', '>=20.19');
    expect(old.level).toBe('fail');
    expect(old.fix!.en).toMatch(/20\.19/);
  });

  it('data folder: writable, with disk above the write reserve', () => {
    expect(levels(checkDataDir(path.join(dir, 'data')))).toEqual({ 'data-dir': 'ok', disk: 'ok' });
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    expect(levels(checkDataDir(path.join(file, 'data')))).toEqual({ 'data-dir': 'fail' });
    const s = fs.statfsSync(dir);
    const free = s.bavail * s.bsize;
    expect(levels(checkDataDir(path.join(dir, 'data'), free * 2)).disk).toBe('fail');
    expect(levels(checkDataDir(path.join(dir, 'data'), Math.floor(free / 8))).disk).toBe('warn');
  });

  it('Chromium: found, or an advisory with the command to install it', () => {
    expect(checkChromium('/bin/sh').level).toBe('ok');
    const missing = checkChromium(path.join(dir, 'no-chromium'));
    expect(missing.level).toBe('info');
    expect(missing.fix!.en).toContain('apt-get install -y chromium');
  });

  it('the personal-data key: from GONGFU_PII_KEY, invalid, or (a warning) a key file in the data folder', () => {
    const folder = path.join(dir, 'pii');
    fs.mkdirSync(folder, { recursive: true });
    expect(checkPiiKey({ GONGFU_PII_KEY: Buffer.alloc(32, 3).toString('base64') }, folder).level).toBe('ok');
    expect(checkPiiKey({ GONGFU_PII_KEY: 'ab'.repeat(32) }, folder).level).toBe('ok');
    expect(checkPiiKey({ GONGFU_PII_KEY: 'too-short' }, folder).level).toBe('fail');
    expect(checkPiiKey({}, folder).level).toBe('info');
    fs.writeFileSync(path.join(folder, 'pii.key'), Buffer.alloc(32, 1).toString('base64'));
    const warned = checkPiiKey({}, folder);
    expect(warned.level).toBe('warn');
    expect(warned.fix!.en).toContain('GONGFU_PII_KEY');
  });

  it('time zone data: Asia/Shanghai is UTC+8; an unknown zone fails', () => {
    expect(checkTimeZone().level).toBe('ok');
    expect(checkTimeZone('Asia/Shanghai', 9).level).toBe('fail');
    expect(checkTimeZone('Mars/Olympus_Mons').level).toBe('fail');
  });

  it('PostgreSQL: 15 or later, durable settings on', () => {
    const good = { version: 160004, fsync: 'on', synchronousCommit: 'on', fullPageWrites: 'on' };
    expect(levels(checkPostgresSettings(good))).toEqual({ 'pg-version': 'ok', 'pg-durable': 'ok' });
    const fast = checkPostgresSettings({ ...good, version: 140010, fsync: 'off', synchronousCommit: 'off' });
    expect(levels(fast)).toEqual({ 'pg-version': 'fail', 'pg-durable': 'warn' });
    expect(fast[1].fix!.en).toBe('set fsync = on, synchronous_commit = on in postgresql.conf and reload');
  });
});

describe('doctor on a database', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => t.dispose());

  it('migrations: current, pending on a new database, and an edited one fails', async () => {
    expect((await checkMigrations(t.store)).level).toBe('ok');
    const fresh = await testDb({ migrate: false });
    try {
      const pending = await checkMigrations(fresh.store);
      expect(pending.level).toBe('warn');
      expect(pending.fix!.en).toContain('gongfu db migrate');
      // read only: the check did not create the bookkeeping table
      expect((await fresh.store.db.execute(sql`select to_regclass('schema_migration') as t`)).rows[0]).toEqual({ t: null });
    } finally {
      await fresh.dispose();
    }
    await t.store.db.execute(sql`update schema_migration set checksum = 'edited' where version = '0001'`);
    const edited = await checkMigrations(t.store);
    expect(edited.level).toBe('fail');
    expect(edited.en).toContain('0001');
    await t.store.db.execute(
      sql`update schema_migration set checksum = ${(await import('../src/db/migrate.js')).listMigrations()[0].checksum} where version = '0001'`,
    );
  });

  it('audit: the chain and the latest checkpoint, intact, stale, and tampered', async () => {
    const db = t.store.db;
    for (let i = 1; i <= 5; i++)
      await db.transaction((tx) => appendAudit(tx as Db, { id: 'user:clerk' }, { action: 'data.import', target: `batch:${i}` }));
    const config = { auditKeyFile: undefined, auditCheckpoints: undefined, auditCheckpointIntervalMs: 300_000 };
    expect(levels(await checkAudit(t.store, config))).toEqual({ 'audit-chain': 'ok', 'audit-checkpoint': 'info' });

    const pair = generateAuditKey();
    const keyFile = path.join(dir, 'audit.pub');
    fs.writeFileSync(keyFile, pair.publicKeyPem);
    const checkpoints = path.join(dir, 'checkpoints.jsonl');
    const anchored = { ...config, auditKeyFile: keyFile, auditCheckpoints: `file:${checkpoints}` };
    expect(levels(await checkAudit(t.store, anchored))['audit-checkpoint']).toBe('warn'); // none written yet
    await writeCheckpoint(db, createPrivateKey(pair.privateKeyPem), parseSinks(`file:${checkpoints}`));
    expect(levels(await checkAudit(t.store, anchored))).toEqual({ 'audit-chain': 'ok', 'audit-checkpoint': 'ok' });
    expect(levels(await checkAudit(t.store, anchored, Date.now() + 3_600_000))['audit-checkpoint']).toBe('warn');

    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await tx.execute(sql`update audit_log set target = 'batch:99', hash = repeat('0', 64) where seq = (select max(seq) from audit_log)`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
    expect(levels(await checkAudit(t.store, anchored))).toEqual({ 'audit-chain': 'fail', 'audit-checkpoint': 'fail' });
  });
});

describe('runDoctor', () => {
  const config = (over: Record<string, string>) => loadConfig({ GONGFU_DATA: path.join(dir, 'whole'), ...over });

  it('on a fresh PGlite folder: nothing fails; in use by a server: says so and skips the database', async () => {
    const checks = await runDoctor({ config: config({}), chromium: '/bin/sh' });
    expect(checks.filter((c) => c.level === 'fail')).toEqual([]);
    expect(levels(checks)).toMatchObject({ node: 'ok', 'data-dir': 'ok', 'data-lock': 'ok', database: 'ok', migrations: 'warn' });
    const release = await acquireDataDirLock(path.join(dir, 'whole'));
    try {
      const locked = await runDoctor({ config: config({}), chromium: '/bin/sh' });
      expect(levels(locked)['data-lock']).toBe('info');
      expect(locked.some((c) => c.id === 'database')).toBe(false);
    } finally {
      release();
    }
  });

  it('fails when the database cannot be reached', async () => {
    const checks = await runDoctor({ config: config({ DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' }), chromium: '/bin/sh' });
    expect(levels(checks).database).toBe('fail');
  });

  it.runIf(backend === 'postgres')('on PostgreSQL: reads the real settings (the test cluster runs with fsync off)', async () => {
    const checks = await runDoctor({ config: config({ DATABASE_URL: postgresUrl }), chromium: '/bin/sh' });
    expect(levels(checks)).toMatchObject({ database: 'ok', 'pg-version': 'ok', 'pg-durable': 'warn' });
  });
});
