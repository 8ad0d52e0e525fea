/** `gongfu doctor` as an operator runs it: clean on the demo (exit 0), exit 1 with the fix on stderr when the database is away. */
import { describe, expect, it } from 'vitest';
import { commandFixture, run } from './cli.js';

// what `gongfu demo` loads (cli.test.ts runs the command itself)
const fx = commandFixture('gongfu-cli-doctor-', { demo: true });

describe('gongfu doctor', () => {
  it('reports the demo installation clean', async () => {
    const r = await run(['doctor'], { ...fx.env, GONGFU_CHROMIUM: '/bin/sh' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/结果 \/ result: 0 项失败 failed, \d+ 项警告 warnings/);
    expect(r.stdout).toContain('数据库结构为最新');
    expect(r.stdout).toContain('审计日志哈希链完整');
    expect(r.stdout).not.toMatch(/^\s+✗/m);
  });

  it('exits 1 and says what to fix when the database cannot be reached', async () => {
    const r = await run(['doctor'], { ...fx.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain('✗ 无法连接数据库');
    expect(r.stderr).toContain('check DATABASE_URL');
  });
});
