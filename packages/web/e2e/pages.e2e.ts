/**
 * Every menu page, walked as an administrator with the demo loaded, at the two screen sizes offices
 * use (1366×768 laptops, 1920×1080 wall screens), in Chinese and in English: no component left
 * unresolved (an `<el-…>` tag in the DOM means a component was never registered), no script error,
 * no raw UTC timestamp, no untranslated i18n key and no internal code (scheme, method, circle level,
 * login name) on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadAssessDemo } from '../../server/src/assess/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Admin-Walks-2025';
/** a folder to keep a screenshot of every page in (GONGFU_SCREENSHOTS=/tmp/shots), for a person to look at */
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

let server: RunningServer;
let browser: Browser;
let page: Page;
let menuPaths: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadAssessDemo(server.db.store.db);
  await userWithPassword(server, 'walker', ['admin'], null, PASSWORD, '巡检管理员');
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: SIZES[0] });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('request', onRequest(+1));
  page.on('requestfinished', onRequest(-1));
  page.on('requestfailed', onRequest(-1));
  await uiLogin(page, server.url, 'walker', PASSWORD);
  await page.locator('[data-test="side-menu"]').waitFor();
  menuPaths = await page
    .locator('[data-test^="menu-/"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-test')!.slice('menu-'.length)));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// requests in flight and the time of the last request event: a page has settled when none is in
// flight and none started or ended for QUIET_MS (networkidle waits a fixed 500 ms after the last)
const QUIET_MS = 150;
let inFlight = 0;
let lastActivity = 0;
const onRequest = (delta: number) => () => {
  inFlight += delta;
  lastActivity = Date.now();
};

async function quiet(): Promise<void> {
  const giveUp = Date.now() + 10_000; // a poll that never ends must not hang the walk
  while (Date.now() < giveUp && (inFlight > 0 || Date.now() - lastActivity < QUIET_MS)) await page.waitForTimeout(25);
  // the last responses rendered: two animation frames
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Opens a menu page. The first one of a walk loads the app; the others navigate inside it as a click
 * in the menu does (vue-router follows a history entry it is told of through popstate), which
 * spares a reload of the bundle per page.
 */
async function settle(path: string, reload: boolean): Promise<void> {
  if (reload) await page.goto(server.url + path);
  else
    await page.evaluate((to) => {
      const from = history.state as { current: string; position: number };
      history.pushState(
        { ...from, back: from.current, current: to, forward: null, position: from.position + 1, replaced: false, scroll: null },
        '',
        to,
      );
      window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
    }, path);
  await page.waitForFunction((to) => location.pathname === to, path);
  // a page in the layout shows the side menu; the 大屏 is shown without it
  await page.locator('[data-test="side-menu"], [data-test="screen"]').first().waitFor();
  await quiet();
}

describe('every menu page in Chromium', () => {
  it('finds the menu of an administrator', () => {
    expect(menuPaths).toEqual(expect.arrayContaining(['/', '/data', '/data/import', '/assess', '/access', '/admin/users', '/audit']));
  });

  for (const locale of ['zh', 'en'] as const) {
    for (const size of SIZES) {
      it(`renders each page in ${locale} at ${size.width}×${size.height} with no unresolved component, raw key or UTC time`, async () => {
        await page.setViewportSize(size);
        await page.evaluate((l) => localStorage.setItem('gongfu.locale', l), locale);
        const problems: string[] = [];
        for (const [i, path] of menuPaths.entries()) {
          await settle(path, i === 0);
          problems.push(...(await problemsOnScreen(page, { logins: ['walker', 'demo', 'test'] })).map((p) => `${path}: ${p}`));
          if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${locale}-${size.width}${path.replace(/\//g, '_') || '_'}.png` });
        }
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
      });
    }
  }
});
