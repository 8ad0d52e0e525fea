/** Terminal output: bilingual errors with import issue locations, progress bars only on a TTY. */
import cliProgress from 'cli-progress';
import { AppError } from '@gongfu/server';

interface IssueLike {
  sheet: string | null;
  row: number | null;
  column: string | null;
  code: string;
  zh: string;
  en: string;
}

export function printError(err: unknown): void {
  if (err instanceof AppError) {
    console.error(`错误 [${err.code}]: ${err.messages.zh}`);
    console.error(`Error [${err.code}]: ${err.messages.en}`);
    const details = err.details as { issues?: IssueLike[]; issueCount?: number } | undefined;
    if (details?.issues?.length) {
      for (const i of details.issues.slice(0, 50)) {
        const where = [i.sheet && `${i.sheet}`, i.row && `row ${i.row}`, i.column && `col ${i.column}`].filter(Boolean).join(' ');
        console.error(`  ${where.padEnd(24)} ${i.code.padEnd(18)} ${i.zh} | ${i.en}`);
      }
      if ((details.issueCount ?? 0) > 50) console.error(`  … ${details.issueCount! - 50} more / 另有 ${details.issueCount! - 50} 处`);
    }
    return;
  }
  const e = err as Error & { code?: string };
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
