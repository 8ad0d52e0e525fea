import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('home page in Chromium', () => {
  it('shows the Keqiao GDP from the database with its source, and the trend chart', async () => {
    await page.goto(server.url + '/');
    const gdp = page.locator('[data-indicator="GDP"]');
    await gdp.waitFor();
    expect(await gdp.locator('[data-test="value"]').textContent()).toBe('2,252.28');
    expect(await gdp.textContent()).toContain('柯桥区融媒体中心');
    expect(await gdp.textContent()).toContain('10.9%'); // 2252.28 / 2030.29 − 1
    await page.locator('[data-test="trend-chart"] canvas').waitFor();
    await page.locator('[data-test="map-chart"] canvas').waitFor();
    expect(errors).toEqual([]);
  });

  it('labels the synthetic town series as synthetic', async () => {
    const table = page.locator('[data-test="town-table"]');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(16);
    expect(await page.locator('[data-test="synthetic-tag"]').textContent()).toContain('合成数据');
  });

  it('opens the provenance of a value: its batch, source and history', async () => {
    await page.locator('[data-indicator="GDP"]').click();
    const drawer = page.locator('.el-drawer');
    await drawer.waitFor();
    const text = await drawer.textContent();
    expect(text).toContain('keqiao-published-figures');
    expect(text).toContain('柯桥区融媒体中心');
    expect(text).toContain('demo');
    await page.keyboard.press('Escape');
  });

  it('switches the interface to English and back', async () => {
    await page.locator('[data-test="lang-switch"]').click();
    await page.getByText('Key indicators').waitFor();
    expect(await page.locator('[data-indicator="GDP"]').textContent()).toContain('Gross domestic product');
    expect(await page.locator('[data-test="synthetic-tag"]').textContent()).toContain('synthetic');
    await page.reload();
    await page.getByText('Key indicators').waitFor(); // the choice survives a reload
    await page.locator('[data-test="lang-switch"]').click();
    await page.getByText('关键指标').waitFor();
  });
});
