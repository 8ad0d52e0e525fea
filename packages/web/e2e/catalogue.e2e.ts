/**
 * 指标管理 in Chromium: an analyst finds GDP, edits its definition, reads its history, retires it
 * with a reason (it leaves the list unless retired ones are shown), and imports a catalogue file —
 * first with a bad row (named by row and column, nothing saved), then a good one (previewed, saved).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { xlsx } from '../../server/test/fixtures';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Catalogue-Keeper-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await userWithPassword(server, 'zhibiao', ['analyst'], '330603000000', PASSWORD, '指标管理员');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'zhibiao', PASSWORD, '/data/indicators');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = () => page.locator('[data-test="catalogue-table"] .el-table__body-wrapper tbody tr');
const HEADER = ['指标代码', '指标名称', '英文名称', '计量单位', '方向', '频度', '累计/时点', '小数位', '指标定义', '责任部门'];

describe('指标管理 in Chromium', () => {
  it('finds an entry, edits it and shows its history', async () => {
    await rows().first().waitFor();
    await page.locator('input[data-test="catalogue-search"]').fill('GDP');
    await expect.poll(async () => (await rows().first().textContent()) ?? '').toContain('地区生产总值');
    await page.locator('[data-test="catalogue-edit"]:visible').first().click();
    await page.locator('textarea[data-test="indicator-definition"]').fill('按现价计算的地区生产总值（亿元）');
    await page.locator('[data-test="indicator-save"]').click();
    await expect.poll(async () => (await rows().first().textContent()) ?? '').toContain('按现价计算的地区生产总值（亿元）');
    await page.locator('[data-test="catalogue-history"]:visible').first().click();
    const drawer = page.locator('[data-test="indicator-history"]');
    await expect.poll(async () => (await drawer.textContent()) ?? '').toContain('保存 · 指标管理员');
    expect(await problemsOnScreen(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/catalogue-history.png` });
    await page.keyboard.press('Escape');
  });

  it('retires an entry with a reason: it leaves the list unless retired ones are shown', async () => {
    const before = await rows().count();
    await page.locator('[data-test="catalogue-retire"]:visible').first().click();
    await page.locator('.el-message-box input').fill('统计口径调整');
    await page.locator('.el-message-box .el-button--primary').click();
    await expect.poll(async () => rows().count()).toBe(before - 1);
    expect(await page.locator('[data-test="catalogue-table"] [data-status="retired"]').count()).toBe(0);
    await page.locator('[data-test="catalogue-show-retired"]').click();
    await page.locator('[data-test="catalogue-table"] [data-status="retired"]').first().waitFor();
    await page.locator('[data-test="catalogue-restore"]:visible').first().click();
    await expect.poll(async () => page.locator('[data-test="catalogue-table"] [data-status="retired"]').count()).toBe(0);
  });

  it('imports the catalogue: a bad row is named and nothing saved; a good file is previewed and saved', async () => {
    await page.locator('input[data-test="catalogue-search"]').fill('');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/catalogue-before-import.png` });
    await page.locator('[data-test="catalogue-import"]').click();
    await page.locator('[data-test="catalogue-import-dialog"]').waitFor();
    const input = page.locator('[data-test="catalogue-upload"] input[type=file]');
    const bad = await xlsx({
      目录: [HEADER, ['TOWN_TAX', '镇街税收收入', 'Town tax revenue', '万元', '正向', '每周', '累计', 2, '', '财政局']],
    });
    await input.setInputFiles({ name: 'bad.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    const issues = page.locator('[data-test="catalogue-import-dialog"] .el-table tbody tr');
    await issues.first().waitFor();
    expect(await issues.first().textContent()).toContain('每周');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/catalogue-import-bad.png` });
    // a fresh dialog for the corrected file
    await page.locator('[data-test="catalogue-import-dialog"] .el-dialog__headerbtn').click();
    await page.locator('[data-test="catalogue-import"]').click();
    const good = await xlsx({
      目录: [HEADER, ['TOWN_TAX', '镇街税收收入', 'Town tax revenue', '万元', '正向', '年度', '累计', 2, '镇街税收收入', '财政局']],
    });
    await input.setInputFiles({ name: 'good.xlsx', mimeType: 'application/octet-stream', buffer: good });
    await expect.poll(async () => (await page.locator('[data-test="catalogue-preview"]').textContent()) ?? '').toContain('新建 1 个');
    await page.locator('[data-test="catalogue-import-save"]').click();
    await page.locator('input[data-test="catalogue-search"]').fill('TOWN_TAX');
    await expect.poll(async () => (await rows().first().textContent()) ?? '').toContain('镇街税收收入');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/catalogue.png` });
    expect(errors).toEqual([]);
  });
});
