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

async function settle(path: string): Promise<void> {
  await page.goto(server.url + path);
  await page.waitForLoadState('networkidle');
  await page.locator('[data-test="side-menu"]').waitFor();
  // views load their data after mounting; give the last responses time to render
  await page.waitForTimeout(300);
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
        for (const path of menuPaths) {
          await settle(path);
          problems.push(...(await problemsOnScreen(page, { logins: ['walker', 'demo', 'test'] })).map((p) => `${path}: ${p}`));
          if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${locale}-${size.width}${path.replace(/\//g, '_') || '_'}.png` });
        }
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
      });
    }
  }
});
