/**
 * A full disk under the embedded database: writes are refused with DISK_FULL before PGlite runs
 * out of space (reads go on), a disk error that gets through anyway fails the store fast instead of
 * hanging, and the store closes cleanly in both cases. Needs a small file system: a tmpfs mounted
 * here (root on Linux; the CI machine is both).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openStore, rows, type Store } from '../src/db/store.js';
import { migrate } from '../src/db/migrate.js';
import { backend } from './helpers.js';

// PGlite only (PostgreSQL handles a full disk itself); the test mounts its own small file system
const canMount = backend === 'pglite' && process.platform === 'linux' && process.getuid?.() === 0;
let mountPoint: string | undefined;

function smallDisk(megabytes: number): string {
  mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', mountPoint]);
  return path.join(mountPoint, 'data');
}
afterEach(() => {
  if (!mountPoint) return;
  execFileSync('umount', ['-l', mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
  mountPoint = undefined;
});

/** Adds about 2 MB of incompressible text per call. */
const fill = (store: Store) =>
  store.db.execute(sql`insert into filler (t) select string_agg(md5(random()::text), '') from generate_series(1, 65536)`);

async function fillUntilRefused(store: Store): Promise<{ error: unknown; inserted: number }> {
  for (let i = 0; i < 400; i++) {
    try {
      await fill(store);
    } catch (error) {
      return { error, inserted: i };
    }
  }
  throw new Error('the disk never filled');
}

const codeOf = (err: unknown) => (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;

describe.runIf(canMount)('embedded database on a full disk', () => {
  it('refuses writes below the free-space reserve, keeps reading, closes and reopens intact', async () => {
    const dir = smallDisk(100); // a fresh store takes about 40 MB (WAL segments included)
    const store = await openStore({ dataDir: dir, minFreeBytes: 16 * 1024 * 1024 });
    await migrate(store);
    await store.db.execute(sql`create table filler (id serial primary key, t text)`);
    const { error, inserted } = await fillUntilRefused(store);
    expect(codeOf(error)).toBe('DISK_FULL');
    expect(inserted).toBeGreaterThan(5);
    const [{ n }] = await rows<{ n: number }>(store.db, sql`select count(*)::int as n from filler`);
    expect(n).toBe(inserted);
    const started = Date.now();
    await store.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    const again = await openStore({ dataDir: dir, minFreeBytes: 0 });
    expect((await rows<{ n: number }>(again.db, sql`select count(*)::int as n from filler`))[0].n).toBe(inserted);
    await again.close();
  });

  it('fails fast after a disk error that got through, instead of hanging, and still closes', async () => {
    const dir = smallDisk(52);
    const store = await openStore({ dataDir: dir, minFreeBytes: 0 });
    await migrate(store);
    await store.db.execute(sql`create table filler (id serial primary key, t text)`);
    const { error } = await fillUntilRefused(store);
    expect(String((error as { cause?: Error }).cause?.message ?? error)).toMatch(/No space left on device|could not (write|extend)/);
    const started = Date.now();
    const next = await store.db.execute(sql`select 1`).then(
      () => 'answered',
      (e) => codeOf(e),
    );
    expect(next).toBe('DISK_FULL');
    await store.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
