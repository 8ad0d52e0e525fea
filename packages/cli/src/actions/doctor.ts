/**
 * `gongfu doctor`: checks this installation (Node, data folder and disk, database, migrations,
 * PostgreSQL durability, time zone data, audit chain and checkpoint, Chromium for the tests) and
 * says what to fix. Exit code 1 when a check fails (with --strict also on a warning), for scripts.
 */
import { loadConfig, runDoctor, type Check, type CheckLevel } from '@gongfu/server';

const MARK: Record<CheckLevel, string> = { ok: '✓', info: 'i', warn: '!', fail: '✗' };

export function formatChecks(checks: readonly Check[]): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`  ${MARK[c.level]} ${c.zh}`, `    ${c.en}`);
    if (c.fix && c.level !== 'ok') lines.push(`    → ${c.fix.zh} / ${c.fix.en}`);
  }
  const n = (level: CheckLevel) => checks.filter((c) => c.level === level).length;
  lines.push(`结果 / result: ${n('fail')} 项失败 failed, ${n('warn')} 项警告 warnings, ${n('ok')} 项正常 ok`);
  return lines;
}

export async function doctor(options: { strict?: boolean }): Promise<void> {
  const checks = await runDoctor({ config: loadConfig(), chromium: process.env.GONGFU_CHROMIUM || '/usr/bin/chromium' });
  const lines = formatChecks(checks);
  const bad = checks.some((c) => c.level === 'fail' || (options.strict && c.level === 'warn'));
  for (const line of lines) (bad ? console.error : console.log)(line);
  if (bad) process.exitCode = 1;
}
