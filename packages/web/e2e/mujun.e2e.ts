/**
 * 亩均效益 in Chromium: with the synthetic demo loaded through the real importers (roster, land, the
 * four bureaus' files), an analyst sees the reconciliation before scoring, runs an evaluation from
 * the form, sees the class chart by 镇街 and the results, and downloads the grid company's list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadMujunDemo } from '../../server/src/mujun/demo.js';
import { readXlsx } from '../../server/test/fixtures';
import { downloadOf, launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Mujun-Analyst-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadMujunDemo(server.db.store.db, { enterprises: 400, today: new Date('2026-11-26T00:00:00Z') });
  await userWithPassword(server, 'jingxin', ['analyst'], '330603000000', PASSWORD);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'jingxin', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function look(name: string) {
  expect(await problemsOnScreen(page)).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/mujun-${name}.png`, fullPage: true });
}

describe('亩均效益 in Chromium', () => {
  it('shows the reconciliation of 2025 before scoring: land whose holder is not in the roster', async () => {
    await page.goto(server.url + '/mujun');
    const summary = page.locator('[data-test="mujun-reconcile-summary"]');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('400');
    expect(await page.locator('[data-test="mujun-checks"]').textContent()).toMatch(/用地|名册/);
    await look('home');
  });

  it('runs an evaluation from the form and opens its class chart and results', async () => {
    await page.locator('[data-test="mujun-run"]').click();
    await page.waitForURL(/\/mujun\/runs\/\d+$/);
    const table = page.locator('[data-test="mujun-result-table"] tbody tr');
    await table.first().waitFor();
    expect(await table.count()).toBeGreaterThan(10);
    expect(await page.locator('[data-test="mujun-run-view"]').textContent()).toMatch(/华舍街道|柯桥街道|马鞍街道/);
    await look('run');
    // the chart is drawn at the width of its panel (not 0 while the page was still laying out)
    await page.locator('[data-test="mujun-chart"] canvas').first().waitFor();
  });

  it('downloads the grid company’s list with its columns', async () => {
    await page.locator('[data-test="mujun-run-view"] .el-dropdown .el-button').first().click();
    const file = await downloadOf(page, () => page.locator('[data-test="mujun-list-grid"]').click());
    expect(file.name).toMatch(/供电公司/);
    const sheet = Object.values(await readXlsx(file.bytes))[0];
    expect(sheet[0]).toEqual([
      '统一社会信用代码',
      '企业名称',
      '所属镇街',
      '规模',
      '评价类别',
      '连续年数',
      '差别化电价加价（元/千瓦时）',
      '执行依据',
    ]);
    expect(sheet.length).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });
});
