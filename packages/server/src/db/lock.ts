/**
 * One owner process per PGlite data folder. PGlite has no postmaster to refuse a second writer,
 * so two processes on one folder would corrupt it; an exclusive lock file (O_EXCL) prevents that.
 * A lock left by a dead process on this host is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.js';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'gongfu.lock');
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      return () => {
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockInfo | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
      } catch {
        holder = undefined; // unreadable lock: treat as stale
      }
      const stale = !holder || (holder.host === os.hostname() && !isAlive(holder.pid));
      if (!stale) {
        throw new AppError('DB_LOCKED', 409, {
          zh: `数据目录 ${dataDir} 正被另一个进程使用（进程号 ${holder!.pid}，主机 ${holder!.host}，自 ${holder!.startedAt}）。请先停止该进程，或改用 DATABASE_URL 连接 PostgreSQL 以支持多进程。`,
          en: `Data folder ${dataDir} is in use by another process (pid ${holder!.pid} on ${holder!.host} since ${holder!.startedAt}). Stop it first, or use DATABASE_URL with PostgreSQL for several processes.`,
        });
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('DB_LOCKED', 409, { zh: `无法锁定数据目录 ${dataDir}`, en: `Could not lock data folder ${dataDir}` });
}
