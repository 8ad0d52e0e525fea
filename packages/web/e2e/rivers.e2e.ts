/**
 * 河长制 and water quality in Chromium, on the synthetic demo: a county analyst sees every demo
 * river with its chiefs by level, the patrol completion, a patrol record, the sections' GB 3838
 * class by month in colour, and one river's page; a 柯桥街道 town officer sees only their town's
 * river, records a patrol with a problem through the dialog, and finds the problem with the event
 * case it opened, whose page opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadRiversDemo } from '../../server/src/ecology/rivers-demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Rivers-Chief-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
const LOGINS = ['rv-county', 'rv-town'];

let server: RunningServer;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadRiversDemo(server.db.store.db);
  await userWithPassword(server, 'rv-county', ['analyst'], '330603000000', PASSWORD, '区河长办分析员');
  await userWithPassword(server, 'rv-town', ['town_officer'], '330603001000', PASSWORD, '柯桥街道河长办');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pageAs(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, username, PASSWORD);
  return page;
}

async function look(page: Page, name: string) {
  expect(await problemsOnScreen(page, { logins: LOGINS })).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/rivers-${name}.png`, fullPage: true });
}

const tab = (page: Page, name: string) => page.locator('.el-tabs__item', { hasText: name }).click();

describe('河长制 in Chromium', () => {
  let page: Page;

  it('a county user sees every demo river with chiefs by level and the completion, labelled synthetic', async () => {
    page = await pageAs('rv-county');
    await page.goto(server.url + '/ecology/rivers');
    const rivers = page.locator('[data-test="river-table"] tbody tr');
    await rivers.nth(2).waitFor();
    expect(await rivers.count()).toBe(3);
    expect(await page.locator('[data-test="river-table"]').textContent()).toContain('示例河一（合成）');
    expect(await page.locator('[data-test="rivers-synthetic"]').textContent()).toContain('合成');
    expect(await page.locator('[data-test="rivers-rate"]').textContent()).toMatch(/\d+(\.\d)?%/);
    const reaches = page.locator('[data-test="reach-table"] tbody tr');
    await reaches.nth(8).waitFor();
    expect(await reaches.count()).toBe(9);
    const head = await page.locator('[data-test="reach-table"] thead').textContent();
    expect(head).toContain('区级河长');
    expect(head).toContain('镇级河长');
    expect(head).toContain('村级河长');
    // the first reach of 示例河一 has a district chief; the others say none
    expect(await reaches.first().textContent()).toContain('示例河长11区（合成）');
    expect(await page.locator('[data-test="towns"]').count()).toBe(0);
    expect(await page.locator('[data-test="rivers-towns"]').textContent()).toContain('柯桥街道');
    await look(page, 'county');
  });

  it('opens a patrol record from the list', async () => {
    await tab(page, '巡河记录');
    const rows = page.locator('[data-test="patrol-table"] tbody tr');
    await rows.first().waitFor();
    await rows.first().click();
    const detail = page.locator('[data-test="patrol-detail"]');
    await detail.locator('.el-descriptions').waitFor();
    expect(await detail.textContent()).toMatch(/\d+ 个点，起点 120\.\d{4}, 30\.\d{4}/);
    expect(await detail.textContent()).toContain('合成巡河记录');
    await look(page, 'patrol');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
  });

  it('shows the sections’ water class by month in the bulletin colours', async () => {
    await tab(page, '断面水质');
    const grid = page.locator('[data-test="water-table"]');
    await grid.locator('tbody tr').nth(8).waitFor();
    expect(await grid.locator('tbody tr').count()).toBe(9);
    expect(await page.locator('[data-test="water-legend"]').textContent()).toBe('Ⅰ类Ⅱ类Ⅲ类Ⅳ类Ⅴ类劣Ⅴ类');
    const cells = grid.locator('[data-test="water-cell"]');
    expect(await cells.count()).toBeGreaterThan(9 * 9);
    const texts = await cells.allTextContents();
    expect(texts.every((x) => ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', '劣Ⅴ'].includes(x))).toBe(true);
    // 劣Ⅴ is red with white text
    const worst = cells.filter({ hasText: '劣Ⅴ' }).first();
    expect(await worst.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 0, 0)');
    expect(await page.locator('[data-test="water-on-target"]').textContent()).toMatch(/\d+ \/ 9 个断面全年达到目标/);
    await look(page, 'water');
  });

  it('opens a river: its reaches, sections, patrols', async () => {
    await tab(page, '河道与河长');
    await page.locator('[data-test="river-table"] tbody tr', { hasText: '示例河二（合成）' }).click();
    await page.waitForURL(/\/ecology\/rivers\/DEMO-RV-2$/);
    await page.locator('[data-test="river-title"]', { hasText: '示例河二（合成）' }).waitFor();
    const reaches = page.locator('[data-test="reach-table"] tbody tr');
    await reaches.nth(2).waitFor();
    expect(await reaches.count()).toBe(3);
    await page.locator('[data-test="water-table"] tbody tr').nth(2).waitFor();
    expect(await page.locator('[data-test="water-table"] tbody tr').count()).toBe(3);
    await page.locator('[data-test="patrol-table"] tbody tr').first().waitFor();
    const patrolReaches = await page.locator('[data-test="patrol-table"] tbody tr td:nth-child(2)').allTextContents();
    expect(patrolReaches.every((x) => x.includes('柯岩街道'))).toBe(true);
    await look(page, 'river');
  });

  it('the cockpit shows the water sections on target as a card', async () => {
    await page.goto(server.url + '/');
    const card = page.locator('[data-indicator="ECO_WATER_ON_TARGET"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('水质断面达标率');
    expect(await card.locator('[data-test="value"]').textContent()).toMatch(/^\d+(\.\d)?$/);
    await look(page, 'cockpit');
  });
});

describe('河长制 for a town officer', () => {
  let page: Page;

  it('sees only their town’s river, reaches and sections', async () => {
    page = await pageAs('rv-town');
    await page.goto(server.url + '/ecology/rivers');
    const rivers = page.locator('[data-test="river-table"] tbody tr');
    await rivers.first().waitFor();
    expect(await rivers.count()).toBe(1);
    expect(await rivers.first().textContent()).toContain('示例河一（合成）');
    const reaches = page.locator('[data-test="reach-table"] tbody tr');
    await reaches.nth(2).waitFor();
    expect(await reaches.count()).toBe(3);
    for (const town of await page.locator('[data-test="reach-table"] tbody tr td:nth-child(2)').allTextContents())
      expect(town).toBe('柯桥街道');
    await tab(page, '断面水质');
    await page.locator('[data-test="water-table"] tbody tr').nth(2).waitFor();
    expect(await page.locator('[data-test="water-table"] tbody tr').count()).toBe(3);
    await look(page, 'town');
  });

  it('records a patrol with a problem, which becomes an event case', async () => {
    await page.locator('[data-test="rivers-record"]').click();
    const dialog = page.locator('[data-test="record-patrol"]');
    await dialog.locator('[data-test="record-reach"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '柯桥街道第2段（合成）' }).click();
    await dialog.locator('[data-test="record-level"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '村级' }).click();
    await dialog.locator('[data-test="record-note"]').fill('例行巡河');
    await dialog.locator('[data-test="record-problems"]').fill('河面漂浮垃圾约 20 平方米');
    await look(page, 'record');
    await dialog.locator('[data-test="record-save"]').click();
    await page.locator('.el-message--success', { hasText: '1 个问题已转为事件' }).waitFor();
    await tab(page, '问题与事件');
    const row = page.locator('[data-test="problem-table"] tbody tr', { hasText: '河面漂浮垃圾约 20 平方米' });
    await row.waitFor();
    expect(await row.textContent()).toContain('柯桥街道第2段（合成）');
    expect(await row.textContent()).toContain('（村级）');
    const link = row.locator('[data-test="problem-case"]');
    expect(await link.textContent()).toMatch(/^事件 #\d+$/);
    await look(page, 'problems');
    await link.click();
    await page.waitForURL(/\/events\/cases\/\d+$/);
    await page.getByText('河面漂浮垃圾约 20 平方米').first().waitFor();
    expect(errors).toEqual([]);
  });
});
