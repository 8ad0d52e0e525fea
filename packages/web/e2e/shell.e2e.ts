/**
 * The shell's conveniences in Chromium, as a town officer uses them: breadcrumbs name the group and
 * the page; the side menu folds and stays folded after a reload; pages opened become tabs that
 * close to their neighbour; the global search finds a region typed by name, an indicator and a
 * page; the table density applies to tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Shell-Walker-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await userWithPassword(server, 'shell-analyst', ['analyst'], '330603000000', PASSWORD, '区分析员');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'shell-analyst', PASSWORD, '/data/import');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const crumbs = async () => ((await page.locator('[data-test="breadcrumbs"]').innerText()) ?? '').replace(/\s+/g, '');
const tabs = async () => page.locator('[data-test="open-tabs"] .tab .name').allInnerTexts();
const searchFor = async (text: string) => {
  await page.locator('[data-test="global-search"] input').fill(text);
  await page.locator('.el-select-dropdown__item:visible').first().waitFor();
};

describe('the shell in Chromium', () => {
  it('shows where the page sits', async () => {
    await expect.poll(crumbs).toBe('数据/数据导入');
    expect(await problemsOnScreen(page)).toEqual([]);
  });

  it('folds the side menu and keeps it folded after a reload', async () => {
    const width = async () => (await page.locator('aside.aside').boundingBox())!.width;
    expect(await width()).toBeGreaterThan(150);
    await page.locator('[data-test="menu-fold"]').click();
    await expect.poll(width).toBeLessThan(80);
    await page.reload();
    await page.locator('[data-test="breadcrumbs"]').waitFor();
    await expect.poll(width).toBeLessThan(80);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/shell-folded.png` });
    await page.locator('[data-test="menu-fold"]').click();
    await expect.poll(width).toBeGreaterThan(150);
  });

  it('keeps opened pages as tabs; closing the current one goes to its neighbour', async () => {
    await page.locator('[data-test="menu-/data/indicators"]').click();
    await expect.poll(crumbs).toBe('数据/指标管理');
    await expect.poll(tabs).toEqual(expect.arrayContaining(['数据导入', '指标管理']));
    const before = await tabs();
    // back to 数据导入 through its tab, then close it: its right neighbour (指标管理) opens
    await page.locator('[data-test="tab-/data/import"]').click();
    await expect.poll(crumbs).toBe('数据/数据导入');
    await page.locator('[data-test="tab-/data/import"] [data-test="tab-close"]').click();
    await expect.poll(crumbs).toBe('数据/指标管理');
    expect(await tabs()).toEqual(before.filter((t) => t !== '数据导入'));
  });

  it('finds a region by its name and opens the data browser on it', async () => {
    await searchFor('柯桥街道');
    const option = page.locator('[data-test="search-region:330603001000"]');
    expect(await option.innerText()).toContain('镇街');
    await option.click();
    await expect.poll(() => new URL(page.url()).search).toContain('region=330603001000');
    await expect.poll(crumbs).toBe('数据/数据浏览');
  });

  it('finds an indicator by code and a page by its title', async () => {
    await searchFor('gdp');
    await page.locator('[data-test="search-indicator:GDP"]').click();
    await expect.poll(() => new URL(page.url()).search).toContain('indicator=GDP');
    await searchFor('指标管');
    expect(await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).toEqual([expect.stringContaining('指标管理')]);
    await page.locator('[data-test="search-page:/data/indicators"]').click();
    await expect.poll(crumbs).toBe('数据/指标管理');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/shell-tabs.png` });
  });

  it('applies the compact density to tables and remembers it', async () => {
    await page.locator('[data-test="user-menu"]').click();
    await page.locator('[data-test="density-small"]').click();
    await page.locator('.el-table--small').first().waitFor();
    await page.reload();
    await page.locator('.el-table--small').first().waitFor();
    await page.locator('[data-test="user-menu"]').click();
    await page.locator('[data-test="density-default"]').click();
    await expect.poll(() => page.locator('.el-table--small').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
