/** `npm test` checks for Chromium before the browser tests: it never skips them silently. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../scripts/ensure-chromium.mjs', import.meta.url));
const run = (env: Record<string, string>, asNobody = false) => {
  const cmd = asNobody ? (['runuser', ['-u', 'nobody', '--', process.execPath, script]] as const) : ([process.execPath, [script]] as const);
  const r = spawnSync(cmd[0], [...cmd[1]], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
};

describe('scripts/ensure-chromium.mjs', () => {
  it('passes when the browser is there', () => {
    const r = run({ GONGFU_CHROMIUM: process.execPath });
    expect(r.status, r.stderr).toBe(0);
  });

  it('stops with one line naming what to do when a configured browser is missing', () => {
    const r = run({ GONGFU_CHROMIUM: '/nonexistent/chromium' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Browser tests need Chromium, not found at \/nonexistent\/chromium: set GONGFU_CHROMIUM/),
    ]);
  });

  it.runIf(process.getuid?.() === 0)('as a non-root user without the browser, stops with the one-line apt-get instruction', () => {
    const r = run({ GONGFU_CHROMIUM_DEFAULT: '/nonexistent/usr/bin/chromium' }, true);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'Browser tests need Chromium, not found at /nonexistent/usr/bin/chromium: run: sudo apt-get install -y chromium',
    ]);
  });
});
