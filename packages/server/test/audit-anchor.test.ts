/**
 * The audit chain anchored outside the database: each way the database owner could wipe or rewrite
 * the log without breaking the hash chain is detected against a signed checkpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { appendAudit, verifyAudit } from '../src/audit/service.js';
import { chainHash, GENESIS } from '../src/audit/chain.js';
import {
  checkAgainstCheckpoint,
  generateAuditKey,
  parseSinks,
  readCheckpointFile,
  signCheckpoint,
  startCheckpointSweep,
  writeCheckpoint,
  type Checkpoint,
} from '../src/audit/checkpoint.js';
import { backup, restore } from '../src/db/backup.js';
import { rows, type Db } from '../src/db/store.js';
import { testDb, type TestDb } from './helpers.js';

let t: TestDb;
let db: Db;
let dir: string;
let privateKey: KeyObject;
let publicKey: KeyObject;
let checkpointFile: string;

beforeEach(async () => {
  t = await testDb();
  db = t.store.db;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-anchor-'));
  const pair = generateAuditKey();
  privateKey = createPrivateKey(pair.privateKeyPem);
  publicKey = createPublicKey(pair.publicKeyPem);
  checkpointFile = path.join(dir, 'checkpoints.jsonl');
  for (let i = 1; i <= 30; i++) {
    await db.transaction(async (tx) => {
      await appendAudit(
        tx as Db,
        { id: 'user:clerk', ip: '10.0.0.1' },
        { action: 'data.import', target: `batch:${i}`, after: { rows: i } },
      );
    });
  }
  await writeCheckpoint(db, privateKey, parseSinks(`file:${checkpointFile}`));
});
afterEach(async () => {
  await t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const latest = () => readCheckpointFile(checkpointFile).at(-1)!;
const problems = async () => (await checkAgainstCheckpoint(db, latest(), publicKey)).map((p) => p.problem);

/** As the database owner would: with the protecting triggers switched off for the statement. */
async function asOwner(statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger user`);
  });
}

/** Rewrites row `seq` and recomputes every later hash with the public algorithm. */
async function rewriteAndRechain(seq: number) {
  await asOwner(sql`update audit_log set after = '{"rows": 999}'::jsonb where seq = ${seq}`);
  const all = await rows<{
    seq: number;
    at: string;
    actor: string;
    action: string;
    target: string | null;
    ip: string | null;
    before: unknown;
    after: unknown;
  }>(
    db,
    sql`select seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, actor, action, target, ip, before, after from audit_log order by seq`,
  );
  let prev = GENESIS;
  for (const r of all) {
    const hash = chainHash(prev, r);
    await asOwner(sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where seq = ${r.seq}`);
    prev = hash;
  }
}

describe('audit checkpoints', () => {
  it('hold for an untouched log, and for entries appended after the checkpoint', async () => {
    expect(latest()).toMatchObject({ v: 1, seq: 30 });
    await db.transaction(async (tx) => {
      await appendAudit(tx as Db, { id: 'user:clerk' }, { action: 'data.export' });
    });
    expect(await problems()).toEqual([]);
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('the application cannot truncate the log (trigger)', async () => {
    const err = await db.execute(sql`truncate audit_log`).then(
      () => undefined,
      (e: Error & { cause?: Error }) => e,
    );
    expect(String(err?.cause?.message ?? err?.message)).toMatch(/cannot be truncated/);
  });

  it('detect truncation by the owner, which the chain alone calls intact', async () => {
    await asOwner(sql`truncate audit_log`);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 0 });
    expect(await problems()).toEqual(['truncated']);
  });

  it('detect deletion of the last rows', async () => {
    await asOwner(sql`delete from audit_log where seq > 27`);
    expect((await verifyAudit(db)).ok).toBe(true);
    expect(await problems()).toEqual(['truncated']);
  });

  it('detect dropping the trigger and deleting all but row 1', async () => {
    await db.execute(sql`drop trigger audit_log_no_update on audit_log`);
    await db.execute(sql`delete from audit_log where seq > 1`);
    expect((await verifyAudit(db)).ok).toBe(true);
    expect(await problems()).toEqual(['truncated']);
  });

  it('detect one row rewritten and the rest re-chained with the public algorithm', async () => {
    await rewriteAndRechain(12);
    expect((await verifyAudit(db)).ok).toBe(true);
    expect(await problems()).toEqual(['rewritten']);
  });

  it('detect a forged checkpoint and one signed with another key', async () => {
    await rewriteAndRechain(12);
    const head = (await rows<{ seq: number; hash: string }>(db, sql`select seq, hash from audit_log order by seq desc limit 1`))[0];
    const forged: Checkpoint = { ...latest(), hash: head.hash };
    expect((await checkAgainstCheckpoint(db, forged, publicKey)).map((p) => p.problem)).toEqual(['checkpoint_signature']);
    const other = createPrivateKey(generateAuditKey().privateKeyPem);
    expect((await checkAgainstCheckpoint(db, signCheckpoint(other, head), publicKey)).map((p) => p.problem)).toEqual(['checkpoint_key']);
  });

  it('a restore of an older backup is refused unless asked for, then audited and consistent with a new checkpoint', async () => {
    const file = path.join(dir, 'old.gongfu.gz');
    await asOwner(sql`delete from audit_log where seq > 20`); // the backup holds 20 entries
    await backup(t.store, file);
    await rewriteAndRechain(1); // a different history than today's, for the sake of the test
    await asOwner(sql`truncate audit_log`);
    for (let i = 1; i <= 30; i++) {
      await db.transaction(async (tx) => {
        await appendAudit(tx as Db, { id: 'user:clerk' }, { action: 'data.import', target: `batch:${i}` });
      });
    }
    const before = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
    await expect(restore(t.store, file)).rejects.toMatchObject({ code: 'AUDIT_ROLLBACK' });
    expect(await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`)).toEqual(before);
    await restore(t.store, file, { allowAuditRollback: true, actor: { id: 'cli:operator' } });
    const last = (
      await rows<{ seq: number; action: string; after: { auditRolledBack: boolean } }>(
        db,
        sql`select seq, action, after from audit_log order by seq desc limit 1`,
      )
    )[0];
    expect(last).toMatchObject({ seq: 21, action: 'db.restore', after: { auditRolledBack: true } });
    await writeCheckpoint(db, privateKey, parseSinks(`file:${checkpointFile}`));
    expect(await problems()).toEqual([]);
    expect(readCheckpointFile(checkpointFile).map((c) => c.seq)).toEqual([30, 21]);
  });

  it('the sweep writes a checkpoint when the head moves, and a last one on stop', async () => {
    const file = path.join(dir, 'sweep.jsonl');
    const sweep = startCheckpointSweep(db, { privateKey, sinks: parseSinks(`file:${file}`), intervalMs: 60_000 });
    await sweep.flush();
    await sweep.flush(); // the head did not move: no second line
    await db.transaction(async (tx) => {
      await appendAudit(tx as Db, { id: 'user:clerk' }, { action: 'data.export' });
    });
    await sweep.stop();
    expect(readCheckpointFile(file).map((c) => c.seq)).toEqual([30, 31]);
  });

  it('refuse an unknown checkpoint destination', () => {
    expect(() => parseSinks('ftp://example')).toThrow(/file:\/path, syslog or https/);
  });
});
