/**
 * The ranking table of an assessment run on a 1366×768 laptop (issue 10): 单位 stays fixed on the
 * left when the scores scroll, 最终得分 / 否决项 / 较上期 are on screen without scrolling, and the
 * column settings hide a dimension column and remember it after a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadAssessDemo } from '../../server/src/assess/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';

const PASSWORD = 'Admin-Ranks-2025';
const PERIOD = String(new Date().getUTCFullYear() - 1);
const WIDTH = 1366;

let server: RunningServer;
let browser: Browser;
let page: Page;
let runId = 0;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadAssessDemo(server.db.store.db);
  await userWithPassword(server, 'ranker', ['admin'], null, PASSWORD);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'ranker', PASSWORD, '/assess');
  const runs = await page.evaluate(
    async () => (await (await fetch('/api/v1/assess/runs?scheme=keqiao-towns-annual', { credentials: 'include' })).json()).items,
  );
  runId = runs.find((r: { period: string; version: number }) => r.period === PERIOD && r.version === 1).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const table = () => page.locator('[data-test="ranking-table"]');
/** A header cell by its text (the old table had no classes to find them by). */
const header = (text: string) => table().locator('thead th', { hasText: text }).first();

async function openRun() {
  await page.goto(`${server.url}/assess/runs/${runId}`);
  await table().locator('[data-unit]').first().waitFor();
  await page.waitForTimeout(200); // el-table lays out its fixed columns after the first render
}

async function box(text: string) {
  const b = await header(text).boundingBox();
  expect(b, text).not.toBeNull();
  return b!;
}

describe('ranking table at 1366×768', () => {
  it('shows 单位, 最终得分, 等级, 否决项 and 较上期 without scrolling the page', async () => {
    await openRun();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    const seen: string[] = [];
    for (const text of ['单位', '最终得分', '等级', '否决项', '较上期']) {
      const b = await box(text);
      seen.push(`${text} ${Math.round(b.x)}–${Math.round(b.x + b.width)}`);
      expect(b.x, text).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, `${text}: ${seen.join(', ')}`).toBeLessThanOrEqual(WIDTH);
    }
    console.log(`header cells at ${WIDTH} px: ${seen.join(', ')}`);
  });

  it('keeps 单位 fixed on the left and 最终得分 on the right when the scores scroll', async () => {
    await page.setViewportSize({ width: 1024, height: 768 }); // narrower still, so the scores must scroll
    await openRun();
    const wrap = table().locator('.el-table__body-wrapper .el-scrollbar__wrap').first();
    const { scrollWidth, clientWidth } = await wrap.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    const tableBox = (await table().boundingBox())!;
    const unitBefore = await box('单位');
    const finalBefore = await box('最终得分');
    await wrap.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      el.dispatchEvent(new Event('scroll'));
    });
    await page.waitForTimeout(200);
    expect(await wrap.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const unitAfter = await box('单位');
    expect(unitAfter.x).toBeCloseTo(unitBefore.x, 0);
    expect(unitAfter.x).toBeGreaterThanOrEqual(tableBox.x);
    expect((await box('最终得分')).x).toBeCloseTo(finalBefore.x, 0);
    // the first row's unit name is still on screen, inside the table
    const link = (await table().locator('tbody .unit-link').first().boundingBox())!;
    expect(link.x).toBeGreaterThanOrEqual(tableBox.x);
    expect(link.x + 10).toBeLessThanOrEqual(tableBox.x + tableBox.width);
    await page.setViewportSize({ width: WIDTH, height: 768 });
  });

  it('hides a dimension column with the column settings and remembers it', async () => {
    await openRun();
    const dims = await table().locator('th.col-dim').count();
    expect(dims).toBeGreaterThan(1);
    await page.locator('[data-test="column-settings"]').click();
    const list = page.locator('[data-test="column-settings-list"]');
    await list.waitFor();
    const first = list.locator('.el-checkbox').first();
    await first.click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="ranking-table"] th.col-dim').length === n, dims - 1);
    await openRun();
    expect(await table().locator('th.col-dim').count()).toBe(dims - 1);
    expect(await page.locator('[data-test="column-settings"]').textContent()).toContain('已隐藏 1 列');
    await page.locator('[data-test="column-settings"]').click();
    await page.locator('[data-test="column-settings-reset"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="ranking-table"] th.col-dim').length === n, dims);
    expect(errors).toEqual([]);
  });
});
