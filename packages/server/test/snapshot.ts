/**
 * Database snapshots shared by the test files of one run: the migrated schema, and the demo as of a
 * given day. A fresh PGlite cluster costs an initdb and every migration; the demo costs ~20 s. Each
 * snapshot is built once per run, by whichever worker asks first (a directory lock), and every test
 * file then starts from a copy: PGlite loads the tarball into memory, PostgreSQL clones a template
 * database. `global-setup.ts` gives the run its folder and removes it (and the templates) at the end.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate } from '../src/db/migrate.js';
import { openStore, type Store } from '../src/db/store.js';

export const SNAPSHOT_DIR_ENV = 'GONGFU_TEST_SNAPSHOTS';
export const TEMPLATE_PREFIX = 'gongfu_tpl_';

/** The run's folder; a private one per process when the suite runs without the global setup. */
function runDir(): string {
  let dir = process.env[SNAPSHOT_DIR_ENV];
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-snapshots-'));
    process.env[SNAPSHOT_DIR_ENV] = dir;
  }
  return dir;
}

/** The PostgreSQL template database of a snapshot, unique to the run. */
export function templateName(key: string): string {
  const run = path
    .basename(runDir())
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(-12);
  return `${TEMPLATE_PREFIX}${run}_${key.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `build` once per run and key, across worker processes: the first caller takes the lock and
 * builds, the others wait for its `ready` marker (or its `failed` note, which they rethrow).
 */
async function once(key: string, build: () => Promise<void>): Promise<void> {
  const dir = runDir();
  const ready = path.join(dir, `${key}.ready`);
  const failed = path.join(dir, `${key}.failed`);
  if (fs.existsSync(ready)) return;
  try {
    fs.mkdirSync(path.join(dir, `${key}.lock`));
  } catch {
    const deadline = Date.now() + 10 * 60_000;
    while (!fs.existsSync(ready)) {
      if (fs.existsSync(failed)) throw new Error(`snapshot ${key} failed to build: ${fs.readFileSync(failed, 'utf8')}`);
      if (Date.now() > deadline) throw new Error(`snapshot ${key}: gave up waiting for another worker to build it`);
      await sleep(200);
    }
    return;
  }
  try {
    await build();
    fs.writeFileSync(ready, '');
  } catch (err) {
    fs.writeFileSync(failed, String((err as Error)?.stack ?? err));
    throw err;
  }
}

export interface Snapshot {
  /** stable name of the content, e.g. `schema` or `demo-20261126` */
  key: string;
  /** fills a freshly migrated database */
  fill?(store: Store): Promise<void>;
}

/** The snapshot as a PGlite tarball file, built on first use. */
async function pgliteTarball(snapshot: Snapshot): Promise<string> {
  const tarball = path.join(runDir(), `${snapshot.key}.tar`);
  await once(snapshot.key, async () => {
    const store = await openStore({ dataDir: 'memory://' });
    try {
      await migrate(store);
      await snapshot.fill?.(store);
      const blob = await store.dumpDataDir!();
      const partial = `${tarball}.${randomBytes(4).toString('hex')}`;
      fs.writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
      fs.renameSync(partial, tarball);
    } finally {
      await store.close();
    }
  });
  return tarball;
}

/** A fresh in-memory PGlite database holding the snapshot. */
export async function pgliteFromSnapshot(snapshot: Snapshot): Promise<Store> {
  const tarball = await pgliteTarball(snapshot);
  return openStore({ dataDir: 'memory://', loadDataDir: new Blob([fs.readFileSync(tarball)]) });
}

/** A PGlite data folder (as `gongfu` commands open it) holding the snapshot; `dir` must not exist yet. */
export async function pgliteFolderFromSnapshot(snapshot: Snapshot, dir: string): Promise<void> {
  const tarball = await pgliteTarball(snapshot);
  const client = new PGlite(dir, { loadDataDir: new Blob([fs.readFileSync(tarball)]) });
  await client.query('checkpoint');
  await client.close();
}

/** The template database of the snapshot on the server of `adminUrl`, built on first use. */
export async function postgresTemplate(adminUrl: string, snapshot: Snapshot): Promise<string> {
  const name = templateName(snapshot.key);
  await once(`${snapshot.key}-pg`, async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const store = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
    try {
      await migrate(store);
      await snapshot.fill?.(store);
    } finally {
      await store.close();
    }
  });
  return name;
}

/** Drops the run's template databases (global teardown). */
export async function dropTemplates(adminUrl: string, dir: string): Promise<void> {
  const run = path
    .basename(dir)
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(-12);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `${TEMPLATE_PREFIX}${run}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await admin.end();
  }
}
