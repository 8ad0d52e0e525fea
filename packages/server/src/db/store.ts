/**
 * The database handle every service receives. Two backends speak the same PostgreSQL dialect:
 * PGlite (embedded, one owner process per data folder) and PostgreSQL through a pg connection pool.
 * Services use `db` (Drizzle) for queries and `db.transaction` for atomic work; `runScript` executes
 * multi-statement SQL (migrations) inside a transaction.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { acquireDataDirLock } from './lock.js';
import { DEFAULT_MIN_FREE_BYTES, diskGuard, guardClient } from './disk-guard.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, any, any>;

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, without credentials. */
  readonly location: string;
  readonly db: Db;
  runScript(script: string, after?: SQL): Promise<void>;
  close(): Promise<void>;
  /** PostgreSQL's connection pool now (for /metrics); PGlite has none */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** PGlite: the whole data folder as a tarball, to open again with `OpenOptions.loadDataDir` */
  dumpDataDir?(): Promise<Blob>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data folder; `memory://` for a throw-away in-memory database. */
  dataDir?: string;
  poolSize?: number;
  /** PGlite: refuse writes when the data folder's disk has less free space (default 64 MiB) */
  minFreeBytes?: number;
  /** PGlite in memory: start from this tarball (from `Store.dumpDataDir`) instead of an empty cluster */
  loadDataDir?: Blob;
}

/**
 * int8 as JS number (ids and counts stay far below 2^53) on both drivers. Drizzle already returns
 * date and timestamp columns as text and delegates other types to pg's global parsers.
 */
const PARSERS = { 20: (v: string) => Number(v) } as const;
pg.types.setTypeParser(20, PARSERS[20]);
const dialect = new PgDialect();

/** SQL for a timestamptz column as ISO-8601 UTC text, identical on both backends. */
export const isoTime = (column: SQL) => sql`to_char((${column}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03', // admin shutdown, crash shutdown, cannot connect now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection exceptions
]);

/**
 * Whether an error means the database cannot be reached right now (down, restarting, network),
 * as opposed to a failing query: such requests get 503 and the pool reconnects by itself.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
    if (
      typeof e.message === 'string' &&
      /Connection terminated|connection is closed|Client has encountered a connection error/i.test(e.message)
    )
      return true;
  }
  return false;
}

/** Rows of a query, typed by the caller. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function one<T>(db: Db, query: SQL): Promise<T | undefined> {
  return (await rows<T>(db, query))[0];
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export async function openStore(options: OpenOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? './data', options.minFreeBytes ?? minFreeFromEnv(), options.loadDataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection closed by the server (restart, failover, drop database) must not crash the
  // process; the pool replaces it on next use.
  pool.on('error', (err) => console.error(`PostgreSQL connection lost: ${err.message}`));
  // A connection that fails while checked out (mid-transaction, between two queries) emits
  // 'error' on its client, which would otherwise be an unhandled event that ends the process; the
  // pending query fails on its own and the pool discards the client.
  pool.on('connect', (client) => {
    client.on('error', (err) => console.error(`PostgreSQL connection lost while in use: ${err.message}`));
  });
  // Fail fast with a clear message when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    location: redactUrl(url),
    db,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async runScript(script, after) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('select pg_advisory_xact_lock(7246150)');
        await client.query(script);
        if (after) {
          const q = dialect.sqlToQuery(after);
          await client.query(q.sql, q.params as unknown[]);
        }
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

const minFreeFromEnv = () =>
  process.env.GONGFU_MIN_FREE_MB !== undefined ? Number(process.env.GONGFU_MIN_FREE_MB) * 1024 * 1024 : DEFAULT_MIN_FREE_BYTES;

async function openPglite(dataDir: string, minFreeBytes: number, loadDataDir?: Blob): Promise<Store> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => undefined : await acquireDataDirLock(dataDir);
  let client: PGlite;
  try {
    // PGlite reads its options from the first argument when there is no data folder
    client = inMemory ? new PGlite({ parsers: PARSERS, loadDataDir }) : new PGlite(dataDir, { parsers: PARSERS });
    await client.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const guard = inMemory ? undefined : diskGuard(dataDir, minFreeBytes);
  if (guard) guardClient(client as never, guard);
  const db = drizzlePglite(client) as unknown as Db;
  let closed = false;
  return {
    kind: 'pglite',
    location: inMemory ? 'memory://' : dataDir,
    db,
    async dumpDataDir() {
      await client.query('checkpoint'); // the tarball holds files: flush what is only in the WAL
      return (await client.dumpDataDir('none')) as Blob;
    },
    async runScript(script, after) {
      await client.transaction(async (tx) => {
        await tx.exec(script);
        if (after) {
          const q = dialect.sqlToQuery(after);
          await tx.query(q.sql, q.params as unknown[]);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // a store that failed on a full disk cannot checkpoint (PGlite would wait forever)
        if (guard?.failed) return;
        try {
          guard?.beforeWrite();
        } catch {
          return; // too little space to checkpoint safely: the WAL holds every committed write
        }
        if (!inMemory) await client.query('checkpoint');
        await client.close();
      } finally {
        release();
      }
    },
  };
}

export { sql };
