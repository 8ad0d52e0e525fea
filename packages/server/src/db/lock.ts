/**
 * One owner process per PGlite data folder. PGlite has no postmaster to refuse a second writer,
 * so two processes on one folder would corrupt it.
 *
 * On Linux the lock is a listening socket in the abstract namespace, named after the folder's real
 * path: binding it is atomic, the kernel releases it when the process ends in any way (kill -9
 * included), and no file stands for it, so deleting or editing a file cannot defeat it. The
 * `gongfu.lock` file beside it only tells a refused second process who holds the folder. The
 * abstract namespace belongs to a network namespace: two containers sharing one data folder through
 * a volume do not see each other's lock (run one server per folder, or use PostgreSQL).
 *
 * Elsewhere (macOS, Windows) the lock is the exclusive `gongfu.lock` file (O_EXCL), with a lock left
 * by a dead process on this host taken over — racy between two processes starting at once.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export type ReleaseLock = () => void;

const LOCK_FILE = 'gongfu.lock';

export async function acquireDataDirLock(dataDir: string): Promise<ReleaseLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  return process.platform === 'linux' ? acquireSocketLock(dataDir) : acquireFileLock(dataDir);
}

/** The abstract socket name of a folder: the same for every spelling of its path. */
export function lockSocketName(dataDir: string): string {
  const real = fs.realpathSync(dataDir);
  return '\0gongfu-pglite-' + createHash('sha256').update(real).digest('hex').slice(0, 40);
}

async function acquireSocketLock(dataDir: string): Promise<ReleaseLock> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(lockedError(dataDir, readHolder(dataDir)));
      else reject(err);
    });
    server.listen({ path: lockSocketName(dataDir), exclusive: true }, () => resolve());
  });
  server.unref(); // the lock must not keep the process alive
  const file = path.join(dataDir, LOCK_FILE);
  fs.writeFileSync(file, JSON.stringify(ownInfo()));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    removeIfOurs(file);
    server.close();
  };
}

function acquireFileLock(dataDir: string): ReleaseLock {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(ownInfo()), { flag: 'wx' });
      return () => removeIfOurs(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(dataDir);
      const stale = !holder || (holder.host === os.hostname() && !isAlive(holder.pid));
      if (!stale) throw lockedError(dataDir, holder);
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('DB_LOCKED', 409, { zh: `无法锁定数据目录 ${dataDir}`, en: `Could not lock data folder ${dataDir}` });
}

const ownInfo = (): LockInfo => ({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() });

function readHolder(dataDir: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
  } catch {
    return undefined; // missing or unreadable: the holder is unknown
  }
}

function removeIfOurs(file: string): void {
  try {
    const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    if (current.pid === process.pid) fs.unlinkSync(file);
  } catch {
    /* already gone */
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(dataDir: string, holder: LockInfo | undefined): AppError {
  const who = holder
    ? {
        zh: `进程号 ${holder.pid}，主机 ${holder.host}，自 ${holder.startedAt}`,
        en: `pid ${holder.pid} on ${holder.host} since ${holder.startedAt}`,
      }
    : { zh: '持有者信息不可读', en: 'holder unknown' };
  return new AppError('DB_LOCKED', 409, {
    zh: `数据目录 ${dataDir} 正被另一个进程使用（${who.zh}）。请先停止该进程，或改用 DATABASE_URL 连接 PostgreSQL 以支持多进程。`,
    en: `Data folder ${dataDir} is in use by another process (${who.en}). Stop it first, or use DATABASE_URL with PostgreSQL for several processes.`,
  });
}
