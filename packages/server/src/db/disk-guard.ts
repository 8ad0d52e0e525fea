/**
 * Disk full on the embedded database. PGlite runs PostgreSQL in this process: when a WAL write
 * fails for lack of space, real PostgreSQL would PANIC and restart, but PGlite cannot, and every
 * later call on it waits forever (the process then also ignores SIGTERM while closing). So:
 * - before each write (a transaction, or a statement that is not a plain read) the free space of
 *   the data folder is checked; below the reserve (GONGFU_MIN_FREE_MB, default 64) the write is
 *   refused with DISK_FULL and nothing is attempted — reads go on;
 * - should a disk error get through anyway, the store is marked failed: every later call is
 *   refused at once, and closing skips the checkpoint so the process ends cleanly.
 */
import fs from 'node:fs';
import { AppError } from '../errors.js';

export const DEFAULT_MIN_FREE_BYTES = 64 * 1024 * 1024;
const WAL_SEGMENT_BYTES = 16 * 1024 * 1024;

const READ_ONLY = /^\s*(select|show|begin|commit|rollback|set\s|reset\s|explain\s+select)\b/i;

export const diskFull = (dataDir: string, freeBytes?: number) =>
  new AppError('DISK_FULL', 507, {
    zh: `数据目录 ${dataDir} 所在磁盘空间不足${freeBytes === undefined ? '' : `（剩余 ${Math.floor(freeBytes / 1048576)} MB）`}，已拒绝写入以保护数据。请清理磁盘后重试；查询不受影响。`,
    en: `The disk of data folder ${dataDir} is full${freeBytes === undefined ? '' : ` (${Math.floor(freeBytes / 1048576)} MB free)`}; writes are refused to protect the data. Free some space and try again; reading still works.`,
  });

export const isDiskError = (err: unknown): boolean => {
  for (let e = err as { code?: string; message?: string; cause?: unknown } | undefined, d = 0; e && d < 5; e = e.cause as typeof e, d++) {
    if (e.code === '53100' || e.code === 'ENOSPC') return true;
    if (typeof e.message === 'string' && /No space left on device|could not extend file|could not write to file/i.test(e.message))
      return true;
  }
  return false;
};

export interface DiskGuard {
  /** throws DISK_FULL when the store failed or the free space is below the reserve */
  beforeWrite(): void;
  beforeStatement(sqlText: string): void;
  /** looks at a failure: a disk error marks the store failed */
  observe(err: unknown): void;
  readonly failed: boolean;
}

export function diskGuard(dataDir: string, minFreeBytes: number): DiskGuard {
  let failed = false;
  let checkedAt = 0;
  let free = Infinity;
  // statfs is cached for 500 ms only while the disk is far from the reserve: near it, a fast writer
  // (2 MB per 80 ms, plus a 16 MB WAL segment at once) ran the disk full between two checks
  const nearReserve = () => free < 2 * minFreeBytes + WAL_SEGMENT_BYTES;
  const freeBytes = () => {
    const now = Date.now();
    if (now - checkedAt > 500 || nearReserve()) {
      const s = fs.statfsSync(dataDir);
      free = s.bavail * s.bsize;
      checkedAt = now;
    }
    return free;
  };
  const guard: DiskGuard = {
    get failed() {
      return failed;
    },
    beforeWrite() {
      if (failed) throw diskFull(dataDir);
      const f = freeBytes();
      if (f < minFreeBytes) throw diskFull(dataDir, f);
    },
    beforeStatement(sqlText) {
      if (failed) throw diskFull(dataDir);
      if (!READ_ONLY.test(sqlText)) guard.beforeWrite();
    },
    observe(err) {
      if (isDiskError(err)) failed = true;
    },
  };
  return guard;
}

type Queryable = {
  query: (...args: never[]) => Promise<unknown>;
  exec: (...args: never[]) => Promise<unknown>;
  transaction: (cb: (tx: never) => Promise<unknown>) => Promise<unknown>;
};

/** Puts the guard in front of a PGlite instance's query, exec and transaction. */
export function guardClient(client: Queryable, guard: DiskGuard): void {
  const wrap = <K extends 'query' | 'exec'>(target: Queryable, name: K, check: (args: unknown[]) => void) => {
    const original = target[name].bind(target) as (...a: unknown[]) => Promise<unknown>;
    (target as Record<K, unknown>)[name] = async (...args: unknown[]) => {
      check(args);
      try {
        return await original(...args);
      } catch (err) {
        guard.observe(err);
        throw err;
      }
    };
  };
  wrap(client, 'query', (args) => guard.beforeStatement(String(args[0])));
  wrap(client, 'exec', () => guard.beforeWrite());
  const transaction = client.transaction.bind(client) as (cb: (tx: unknown) => Promise<unknown>) => Promise<unknown>;
  (client as { transaction: unknown }).transaction = async (cb: (tx: unknown) => Promise<unknown>) => {
    guard.beforeWrite();
    try {
      return await transaction(async (tx) => {
        const inner = tx as Queryable;
        // statements inside a transaction that was allowed to start only stop once the store failed
        wrap(inner, 'query', () => {
          if (guard.failed) throw diskFull('');
        });
        wrap(inner, 'exec', () => {
          if (guard.failed) throw diskFull('');
        });
        return cb(inner);
      });
    } catch (err) {
      guard.observe(err);
      throw err;
    }
  };
}
