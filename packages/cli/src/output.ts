/** Terminal output: bilingual errors with import issue locations, progress bars only on a TTY. */
import cliProgress from 'cli-progress';
import { AppError } from '@gongfu/server/errors';

/** A file issue (sheet/row/column, bilingual) or a JSON issue (path + message, e.g. scheme errors). */
interface IssueLike {
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  path?: string;
  code?: string;
  zh?: string;
  en?: string;
  message?: string;
}

/** Columns a string takes in a terminal: East Asian wide and fullwidth characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x300 && c < 0x370) || c === 0x200b) continue;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/** padEnd by display width (so 柯桥街道 lines up with ASCII names). */
export function padDisplay(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function printError(err: unknown): void {
  if (err instanceof AppError) {
    console.error(`错误 [${err.code}]: ${err.messages.zh}`);
    console.error(`Error [${err.code}]: ${err.messages.en}`);
    const details = err.details as { issues?: IssueLike[]; issueCount?: number } | undefined;
    const count = details?.issueCount ?? details?.issues?.length ?? 0;
    if (details?.issues?.length) {
      for (const i of details.issues.slice(0, 50)) {
        const where = [i.sheet && `${i.sheet}`, i.row && `row ${i.row}`, i.column && `col ${i.column}`, i.path].filter(Boolean).join(' ');
        const text = i.zh !== undefined || i.en !== undefined ? [i.zh, i.en].filter(Boolean).join(' | ') : (i.message ?? '');
        console.error(`  ${padDisplay(where || '(root)', 24)} ${padDisplay(String(i.code ?? ''), 18)} ${text}`);
      }
      if (count > 50) console.error(`  … ${count - 50} more / 另有 ${count - 50} 处`);
    }
    return;
  }
  const e = err as Error & { code?: string; path?: string };
  if (e?.code === 'ENOENT' || e?.code === 'EISDIR' || e?.code === 'EACCES') {
    const what = {
      ENOENT: ['找不到文件', 'no such file'],
      EISDIR: ['是目录而不是文件', 'is a folder, not a file'],
      EACCES: ['无权读写', 'permission denied'],
    }[e.code];
    console.error(`错误: ${what[0]}：${e.path ?? e.message}\nError: ${what[1]}: ${e.path ?? e.message}`);
    return;
  }
  if (e?.code === 'ECONNREFUSED') {
    console.error(`错误: 无法连接数据库 (${e.message})\nError: cannot reach the database (${e.message})`);
    return;
  }
  console.error(`错误 / Error: ${e?.message ?? String(err)}`);
  if (process.env.GONGFU_DEBUG) console.error(e?.stack);
}

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function progress(title: string): Progress {
  if (!process.stderr.isTTY) {
    return { update: () => undefined, stop: () => undefined };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {percentage}% {value}/{total} {label}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Shown once: the password is never stored in clear and cannot be printed again. */
export function printOneTimePassword(username: string, password: string, firstStart = false): void {
  const line = '='.repeat(64);
  console.log(line);
  if (firstStart) console.log(' 首次启动，已创建管理员 / first start: administrator created');
  console.log(` 用户名 / username:           ${username}`);
  console.log(` 一次性密码 / one-time password: ${password}`);
  console.log(' 仅显示一次，首次登录后必须修改 / shown once; must be changed at first login');
  console.log(line);
}
